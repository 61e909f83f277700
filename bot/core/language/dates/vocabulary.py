"""The words of dates (months, weekdays, counts, ordinals, deadline keywords), their regex pieces, and calendar helpers.

Public names: other packages read dates too (an event's "Feb 3-4 2024", a digest's "Mondays at 9:00").
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from bot.core.language.dates.values import DateError

# ---------------------------------------------------------------------------------------------------------
# Words

MONTHS: dict[str, int] = {}  # "march", "mar", "sept" -> 3, 3, 9
for _i, _name in enumerate(calendar.month_name):
    if _i:
        MONTHS[_name.lower()] = _i
        MONTHS[_name[:3].lower()] = _i
MONTHS["sept"] = 9
MONTH_NAMES = ["", *calendar.month_name[1:]]  # 3 -> "March"

WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2, "weds": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
FULL_WEEKDAYS = frozenset(calendar.day_name[i].lower() for i in range(7))

NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "a couple of": 2, "couple of": 2, "a couple": 2, "a few": 3, "few": 3,
}  # fmt: skip

_UNITS_ORD = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS_ORD = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth"]
ORDINAL_WORDS: dict[str, int] = {w: i + 1 for i, w in enumerate([*_UNITS_ORD, *_TEENS_ORD])}  # "fifth" -> 5
ORDINAL_WORDS.update({"eighteenth": 18, "nineteenth": 19, "twentieth": 20})
for _i, _w in enumerate(_UNITS_ORD):
    ORDINAL_WORDS[f"twenty-{_w}"] = 21 + _i
ORDINAL_WORDS["thirtieth"] = 30
ORDINAL_WORDS["thirty-first"] = 31

# ---------------------------------------------------------------------------------------------------------
# Regex pieces (case-insensitive patterns; named groups are added by the forms that use them)

MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?)"
)
WEEKDAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|(?:mon|tues|tue|weds|wed|thurs|thur|thu|fri|sat|sun)\.?)"
)
ORDINAL_SUFFIX = r"(?:st|nd|rd|th)"
# Spelled-out days of the month: "the fifth", "the twenty-first" (also "twenty first").
ORDINAL_WORD = (
    r"(?:twenty[-\s]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirty[-\s]?first"
    r"|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth"
    r"|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)"
)
COUNT = (
    r"(?:\d{1,3}|a\s+couple\s+of|couple\s+of|a\s+couple|a\s+few|few|an?|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)"
)
UNIT = r"(?:(?P<biz>business|working|work)\s+)?(?P<unit>days?|weeks?|months?|fortnights?|wks?|hours?)"
YEAR = r"(?:(?P<y4>\d{4})|'(?P<y2>\d{2}))"
MEETING_NOUN = (
    r"(?:meeting|meetings|mtg|mtgs|call|calls|telecon|teleconference|sync|session|standup|stand-up|check-in|checkin|"
    r"catch-up|catchup|f2f|face-to-face|sc|tsc|tac|board|committee|review|get-together|gathering|one)"
)

# ---------------------------------------------------------------------------------------------------------
# Deadline keywords

# Keywords that make a following date a deadline ("strong").
STRONG_KW = (
    r"no\s+later\s+than|not\s+later\s+than|latest\s+by|at\s+the\s+latest\s+by|in\s+time\s+for|ahead\s+of|"
    r"prior\s+to|due\s+date\s*:?|due\s+(?:on|by|before|in)|due\s*:|due|deadline\s*(?:is|of|:)?|"
    r"target(?:\s+date)?\s*:?|eta\s*:?|complete\s+by|(?:needed|required|expected|wanted)\s+(?:by|before)|"
    r"ideally\s+(?:by|before)|b4|by|before|until|till|til|'til|until\s+the|by\s+the|"
    r"(?:pushed|moved|postponed|deferred|punted|rescheduled|delayed|bumped|slipped)(?:\s+(?:out|back))?\s+"
    r"(?:to|until|till)|"
    r"on\s+or\s+before|latest|📅|🗓️?|⏳|:calendar:|:date:|:spiral_calendar_pad:"
)
# Keywords that leave the date as it is ("on Friday", "in March").
WEAK_KW = r"(?:sometime|some\s+time|at\s+some\s+point)(?:\s+(?:in|during|on))?|on|in|within|for|at|@(?=\s)|during|over"
# Keywords after which a date is never a deadline ("since March", "every Friday").
EXCLUDE_KW = (
    r"since|from|after|starting|as\s+of|last|every|each|per|between|past|previous|except|other\s+than|to|"
    r"ending|ends|closes|closing|opens|opening|starts|started|held|dated|of"
)
_STRONG = re.compile(rf"^(?:{STRONG_KW})$", re.IGNORECASE)
_EXCLUDE = re.compile(rf"^(?:{EXCLUDE_KW})$", re.IGNORECASE)

# Keywords that want a period's first day: the thing must be done when the period arrives ("by March").
START_KWS = frozenset(
    {"by", "before", "until", "till", "til", "'til", "no later than", "not later than", "latest by", "ahead of"}
    | {"prior to", "in time for", "complete by", "at the latest by", "until the", "by the"}
)
BEFORE_KWS = frozenset({"before", "prior to", "ahead of"})
# "2 days before the meeting", "the week before KubeCon": an offset from what follows, not a deadline
OFFSET_BEFORE = re.compile(
    rf"(?:\b{COUNT}\s+(?:(?:business|working)\s+)?(?:days?|weeks?|months?|hours?|wks?)|\bthe\s+(?:day|week|month|night))\s*$",
    re.IGNORECASE,
)

_SPACE = re.compile(r"\s+")


def norm(s: str) -> str:
    """Lowercase with single spaces, for comparing a keyword or a word as typed."""
    return _SPACE.sub(" ", s.strip().lower())


def is_strong(kw: str | None) -> bool:
    """A keyword that makes the date after it a deadline ("by", "due", "no later than", "📅")."""
    return kw is not None and _STRONG.match(kw) is not None


def is_excluding(kw: str) -> bool:
    """A keyword after which a date is never a deadline ("since", "from", "every")."""
    return _EXCLUDE.match(kw) is not None


# ---------------------------------------------------------------------------------------------------------
# Calendar helpers


def last_day(y: int, m: int) -> date:
    """The last day of month ``m`` of year ``y``."""
    return date(y, m, calendar.monthrange(y, m)[1])


def add_months(d: date, n: int) -> date:
    """``d`` moved ``n`` months, its day clipped to the month's length (31 January + 1 month = 29 February)."""
    m0 = d.month - 1 + n
    y, m = d.year + m0 // 12, m0 % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def monday(d: date) -> date:
    """The Monday of the Monday-to-Sunday week ``d`` is in."""
    return d - timedelta(days=d.weekday())


def add_business_days(d: date, n: int) -> date:
    """``n`` working days (Monday to Friday) after ``d``."""
    while n > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


def describe_impossible(d: int, m: int, y: int | None) -> str:
    """A kind sentence for an impossible day ``d`` of month ``m``."""
    if not 1 <= m <= 12:
        return f"There is no month {m}: months run from 1 to 12."
    name = MONTH_NAMES[m]
    if m == 2 and d == 29 and y is not None:
        return f"There is no 29 February {y}: {y} is not a leap year."
    if y is None:
        return f"There is no {d} {name}: {name} has at most {max(calendar.monthrange(2024, m)[1], 1)} days."
    return f"There is no {d} {name} {y}: {name} {y} has {calendar.monthrange(y, m)[1]} days."


def make_date(y: int, m: int, d: int) -> date:
    """The date, or DateError with a kind sentence when it cannot exist (30 February)."""
    if not 1 <= m <= 12 or d < 1 or d > calendar.monthrange(max(1, min(y, 9999)), m)[1]:
        raise DateError(describe_impossible(d, m, y))
    return date(y, m, d)


def next_day_month(today: date, m: int, d: int) -> date:
    """The next date on or after today that is day ``d`` of month ``m`` (29 February: the next leap year)."""
    if not 1 <= m <= 12 or d < 1 or d > calendar.monthrange(2024, m)[1]:
        raise DateError(describe_impossible(d, m, None))
    for y in range(today.year, today.year + 9):
        if d <= calendar.monthrange(y, m)[1]:
            cand = date(y, m, d)
            if cand >= today:
                return cand
    raise DateError(describe_impossible(d, m, None))  # pragma: no cover - every 8 years has a leap year
