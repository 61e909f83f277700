"""Reading what people type: due-date phrases (``dates``) and action lines (``reading``), built from small named parts.

Other packages import from here: the line reader (read_action: a line as one item; read_items: one Reading per item
a line holds, for imports and live capture; read_owners, OwnerRef, Reading), the date grammar
(parse_when, find_due, Due, Found, DateError, warm_up), and the shared date vocabulary (month and weekday words,
making a date, "the next such day and month").
"""

from bot.core.language.dates import DateError, Due, Found, find_due, parse_when, warm_up
from bot.core.language.dates.vocabulary import (
    MONTH_NAMES,
    MONTHS,
    WEEKDAYS,
    add_months,
    last_day,
    make_date,
    monday,
    next_day_month,
)
from bot.core.language.reading import OwnerKind, OwnerRef, Reading, read_action, read_items, read_owners

__all__ = [
    "MONTHS",
    "MONTH_NAMES",
    "WEEKDAYS",
    "DateError",
    "Due",
    "Found",
    "OwnerKind",
    "OwnerRef",
    "Reading",
    "add_months",
    "find_due",
    "last_day",
    "make_date",
    "monday",
    "next_day_month",
    "parse_when",
    "read_action",
    "read_items",
    "read_owners",
    "warm_up",
]
