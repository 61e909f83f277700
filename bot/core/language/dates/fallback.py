"""The fallback for whole phrases no form reads: dateparser (English, fixed settings), only on date-like words.

dateparser is lenient: it reads "the of" or "may be" as dates.  So it is asked only about a phrase made of date
words (numbers, months, weekdays, "next", "week", "from", …), and always relative to ``today``, never the clock.
"""

from __future__ import annotations

import re
import threading
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from bot.core.language.dates.vocabulary import MONTH, MONTHS, NUMBERS, WEEKDAY, WEEKDAYS

_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _parser(day_first: bool) -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "DATE_ORDER": "DMY" if day_first else "MDY",
            "PREFER_DATES_FROM": "future",
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_AS_TIMEZONE_AWARE": False,
            "STRICT_PARSING": False,
            "NORMALIZE": True,
        },
    )


def dateparser_date(text: str, today: date, day_first: bool) -> date | None:
    """dateparser, English only, with fixed settings, relative to ``today`` (not the clock)."""
    parser = _parser(day_first)
    base = datetime(today.year, today.month, today.day, 12, 0)
    with _LOCK:  # the parser is shared; its "now" is set per call, so one call at a time
        parser._settings.RELATIVE_BASE = base  # dateparser reads "now" from this setting, never the clock
        try:
            data = parser.get_date_data(text)
        except Exception:  # dateparser raises on some odd inputs; a non-date is simply None
            return None
    return data.date_obj.date() if data and data.date_obj else None


_HAS_DATE_WORD = re.compile(
    rf"\d|\b(?:{MONTH}|{WEEKDAY}|today|tomorrow|yesterday|week|month|year|day|fortnight|noon|midnight)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z]+|\d+(?:st|nd|rd|th)?")
_VOCABULARY = frozenset(
    re.findall(
        r"\S+",
        """a an the of on at in from after next this coming following week weeks day days month months year years
        fortnight noon midday midnight am pm tomorrow today tonight by before due until till end start beginning
        mid morning afternoon evening night and now hour hours minute minutes t z utc gmt""",
    )
)
_DANGLING = ("of", "and", "at", "on", "the", "from", "in", "by")


def _date_word(word: str) -> bool:
    return word[:1].isdigit() or word in _VOCABULARY or word in MONTHS or word in WEEKDAYS or (word in NUMBERS)


def fallback_date(phrase: str, today: date, day_first: bool) -> date | None:
    """The date dateparser reads in ``phrase``, when the phrase is made of date words only."""
    words = _WORD.findall(phrase.lower())
    if not _HAS_DATE_WORD.search(phrase) or not all(_date_word(w) for w in words) or words[-1] in _DANGLING:
        return None
    return dateparser_date(phrase, today, day_first)


def warm_up_fallback() -> None:
    """Load dateparser's English data for both orders."""
    today = date(2024, 2, 20)
    for day_first in (True, False):
        dateparser_date("a week from Friday", today, day_first)
        dateparser_date("1 March 2024 5pm", today, day_first)
