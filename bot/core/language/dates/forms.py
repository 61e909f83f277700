"""The date forms: each one way to write a date, as one object (name, pattern, kind, resolver); and the pattern
that finds them all in a line.

Decisions on what a phrase means (each one tested in tests/core/language/test_dates.py; periods, weekdays and
numeric dates in general are in ``periods``):

* "before <date>" is the date itself, not the day before, exactly like "by <date>" and like
  "before the next meeting" (the meeting's day) and "before FOSDEM" (its first day).  The confirmation
  shows the weekday, and reminders go out days ahead anyway.
* Weeks: "EOW" / "end of the week" = this Friday (next Friday when said on a weekend), "next week" = Friday of
  next week, "end of next week" = the same Friday, "first half of next week" = Wednesday of next week,
  "early next week" and "by next week" = Monday of next week.
* "EOD", "COB", "end of day", "today", "tonight" = today.  Times of day ("5pm", "17:00") are read past.
* ``//dd-mm-yyyy`` (the wiki template) is always day-first.
* "in 2 weeks" = today + 14 days, "within 10 days" = today + 10 days, "in 3 working days" skips weekends.
  "in the next 4 weeks" / "over the next 4 weeks" describe scope and are *not* deadlines.
* Meeting-relative phrases ("before the next meeting", "by next meeting", "for the next call") give
  ``Due(on=anchors.next_meeting, anchor="next meeting")`` (``on=None`` while no meeting is scheduled).
* "The weekend": "by/before the weekend" = its eve, the Friday (the working week's end, like EOW); "over the
  weekend", "this weekend" = its Sunday; "next weekend" the one after.
* A weekday with a date ("Friday 23rd", "by Thu 3/7"): the date counts.  With a numeric date the weekday picks
  the order that falls on it (3/7 said as a Thursday is 7 March even for a day-first committee); with a bare
  ordinal it picks the month ("Friday the 29th" = the next 29th that is a Friday).
* "within 48h", "in 2d", "w/in 2 days", "in 1w": short units read like the long ones.
* "the 1st of next month", "the 15th of this month"; "a week from Friday" (from the coming Friday);
  "in a week or two" = the later of the two (two weeks); "in a week or so" = a week.
* "end of business Thursday", "close of play Friday", "first thing tomorrow" are that day.
* "mid-March" is the month's midpoint (16 March); "mid next week" the Wednesday.  "later this month" is this
  month's last day; "at month end", "before year-end" the current period's last day.
* A range given as a deadline ("by 1-5 March", "due between 1 and 5 March") means its **last day** (5 March):
  the thing must be done within it.  (When a range is a deadline at all is ``ranking``'s business.)
* Dotted day-month dates without a year ("by 01.03.") are day-first.  ``//2024-03-01`` is the wiki marker with
  an ISO date.
* Chat spellings: "tmr", "2moro", "nxt week", "by end of wk", "by nxt mtg", "b4 Friday", "weds", "@ next sync",
  "by midday Friday", "Monday AM", "Monday first thing".
* A time of day is read past ("by Friday 5pm" = Friday, "by 17:00 Friday" = Friday); "by 5pm" alone is today.
* A week named by its start ("w/c 4 March", "w/b 4/3", "week commencing 4 March", "the week of March 4") is
  that date's Monday-to-Sunday week, read like "next week": its **Friday** as a deadline, its Monday after "by"
  (its Friday when that Monday is past); a date that is not a Monday names the week it falls in, and a week that
  started earlier this week is this week.
* Spelled-out days read like "the 5th": "by the fifth", "by the twenty-first" / "twenty first", "on the first of
  April", "March fifth", "the first of next month".
* Dashed month-name dates read like the spaced ones: "Mar-01", "01-Mar", "1-Mar-2024", "1-Mar-24", "Mar-01-2025"
  (a two-digit year after a dash is 20yy); "Mar-2024" alone is not a day.
* "the first week of March" is 1–7 March ("by" it: the 1st; "in" it: the 7th); "the last week of" ends the month.
* "within the next day or so" is tomorrow ("or two": the day after); "within next two days" reads like "within two
  days".  A span after "for" ("punt for two weeks") is that long from today, when the rank rules make it a
  deadline (after a deferral verb).  "1 Aug 04" at the end of a line is 2004 (a two-digit year after a spaced
  month only there: "by 1 March 15 people" is not 2015).  A bare number ("by 29") is that day of the month when the
  rank rules make it a deadline.
* An ISO date reads any four-digit year ("by 9999-12-31"): a year the record does not keep is still a date, so the
  caller can refuse it with a clear answer instead of leaving it in the task (ranking asks for a keyword).

A form's pattern names its groups locally (``(?P<d>…)``); the master pattern prefixes them with the form's name
(``wiki_d``) so that all forms can be one alternation, and ``Fields`` reads them back by their local names.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from bot.core.kernel.model import NEXT_MEETING, Anchors
from bot.core.language.dates.periods import (
    after,
    count,
    day_number,
    in_period,
    month_period,
    numeric,
    ordinal_date,
    quarter_period,
    relative_period,
    weekday_date,
    year4,
)
from bot.core.language.dates.values import DateError, Resolved
from bot.core.language.dates.vocabulary import (
    COUNT,
    EXCLUDE_KW,
    MEETING_NOUN,
    MONTH,
    MONTHS,
    ORDINAL_SUFFIX,
    ORDINAL_WORD,
    START_KWS,
    STRONG_KW,
    UNIT,
    WEAK_KW,
    WEEKDAY,
    WEEKDAYS,
    YEAR,
    add_months,
    last_day,
    make_date,
    monday,
    next_day_month,
    norm,
)

Kind = Literal["self", "weak", "scope"]


class Fields:
    """One form's named groups in a match of the master pattern, read by the names the form's pattern gives them."""

    __slots__ = ("match", "name", "_prefix")

    def __init__(self, match: re.Match[str], name: str) -> None:
        self.match = match
        self.name = name
        self._prefix = name + "_"

    def __call__(self, key: str) -> str | None:
        return self.match.group(self._prefix + key)

    @property
    def text(self) -> str:
        """The words the form matched (without keyword, time of day or "latest")."""
        return self.match.group(self.name)


@dataclass(slots=True)  # not frozen, like Resolved
class Setting:
    """What a resolver reads besides its words: today, the committee's order, the keyword before, the anchors."""

    today: date
    day_first: bool
    kw: str | None
    anchors: Anchors


Resolver = Callable[[Fields, Setting], Resolved]


@dataclass(frozen=True)
class Form:
    """One way to write a date.

    ``kind``: "self" is a deadline anywhere in a line ("tomorrow"), "weak" only after a keyword or at the end of
    the line ("March 1"), "scope" never on its own ("1-5 March"); the rank rules in ``ranking`` refine this.
    """

    name: str
    pattern: str  # its groups named locally: "d", "m", "y4", …
    kind: Kind
    resolve: Resolver

    def grouped(self) -> str:
        """The pattern as one named alternative of the master pattern, its groups prefixed with the form's name."""
        local = re.sub(r"\(\?P<(\w+)>", rf"(?P<{self.name}_\1>", self.pattern)
        local = re.sub(r"\(\?P=(\w+)\)", rf"(?P={self.name}_\1)", local)
        return f"(?P<{self.name}>{local})"


def _month(word: str | None) -> int:
    return MONTHS[(word or "").lower().rstrip(".")]


def _weekday(word: str | None) -> int:
    return WEEKDAYS[(word or "").lower().rstrip(".")]


def _int(text: str | None) -> int:
    return int(text or 0)


def _h_exists(kind: str, n: int) -> None:
    if kind == "h" and n > 2:
        raise DateError(f"There is no H{n}: a year has two halves, H1 and H2.")


# ---------------------------------------------------------------------------------------------------------
# Numeric and written-out calendar dates

_NO_DIGIT_AFTER = r"(?![\w/-]|\.\d)"


def _wiki(f: Fields, s: Setting) -> Resolved:
    y = _int(f("y"))
    return Resolved(make_date(y + 2000 if y < 100 else y, _int(f("m")), _int(f("d"))))


def _ymd(f: Fields, s: Setting) -> Resolved:
    return Resolved(make_date(_int(f("y")), _int(f("m")), _int(f("d"))))


def _isomonth(f: Fields, s: Setting) -> Resolved:
    return Resolved(month_period(_int(f("m")), _int(f("y")), s.today, s.kw, None))


def _numy(f: Fields, s: Setting) -> Resolved:
    y = _int(f("y"))
    return numeric(_int(f("a")), _int(f("b")), y + 2000 if y < 100 else y, s.today, s.day_first)


def _numd(f: Fields, s: Setting) -> Resolved:
    return numeric(_int(f("a")), _int(f("b")), None, s.today, s.day_first)


def _numdot(f: Fields, s: Setting) -> Resolved:
    return numeric(_int(f("a")), _int(f("b")), None, s.today, True)  # "01.03.": the dotted form is day first


def _day_month(f: Fields, s: Setting, year: int | None) -> Resolved:
    month, d = _month(f("m")), day_number(f("d"), f("w"))
    return Resolved(make_date(year, month, d) if year is not None else next_day_month(s.today, month, d))


def _dmy(f: Fields, s: Setting) -> Resolved:
    yd = f("yd") or f("ys")  # "1-Mar-24", "1 Mar 24" at the end of a line
    return _day_month(f, s, 2000 + int(yd) if yd else year4(f("y4"), f("y2")))


def _mdy(f: Fields, s: Setting) -> Resolved:
    return _day_month(f, s, year4(f("y4"), f("y2")))


def _weekday_and_date(f: Fields, s: Setting) -> Resolved:
    """A weekday with a date ("Friday 23rd", "Thu 3/7"): the date is what counts; the weekday picks the order
    of a numeric date (3/7 on a Thursday is 7 March, whatever the committee's order) and, for a bare ordinal,
    the month."""
    wd = _weekday(f("wd"))
    if f("o"):
        d = _int(f("o"))
        first = ordinal_date(d, s.today)
        cur = first.replace(day=1)
        for _ in range(12):  # the next month whose day d falls on that weekday
            if d <= calendar.monthrange(cur.year, cur.month)[1]:
                day = cur.replace(day=d)
                if day >= s.today and day.weekday() == wd:
                    return Resolved(day)
            cur = add_months(cur, 1)
        return Resolved(first)
    res = numeric(_int(f("a")), _int(f("b")), None, s.today, s.day_first)
    for cand in (res.on, *res.alternatives):
        if cand is not None and cand.weekday() == wd:
            return Resolved(cand)
    return res


def _ordinal_of_month(f: Fields, s: Setting) -> Resolved:
    """A day of this or next month: "the 1st of next month", "the 15th of this month", "the 5th of the month"
    (the next one not past)."""
    rel = norm(f("rel") or "")
    first = s.today.replace(day=1)
    if rel not in ("this", "the"):
        first = add_months(first, 1)
    dnum = day_number(f("d"), f("w"))
    day = make_date(first.year, first.month, dnum)
    if rel == "the" and day < s.today:
        nxt = add_months(first, 1)
        day = make_date(nxt.year, nxt.month, dnum)
    return Resolved(day)


def _ordinal(f: Fields, s: Setting) -> Resolved:
    return Resolved(ordinal_date(_int(f("d")), s.today))


def _ordinal_word(f: Fields, s: Setting) -> Resolved:
    return Resolved(ordinal_date(day_number(None, f("w")), s.today))


_NUM_PAIR = re.compile(r"(\d{1,2})/(\d{1,2})")
_MONTH_WORD = re.compile(MONTH, re.IGNORECASE)
_DAY_NUM = re.compile(r"\d{1,2}")


def _range_last_day(f: Fields, s: Setting) -> Resolved:
    """A range given as a deadline: its last day."""
    pairs = _NUM_PAIR.findall(f.text)
    if pairs:
        return numeric(int(pairs[-1][0]), int(pairs[-1][1]), None, s.today, s.day_first)
    month = _month(_MONTH_WORD.findall(f.text)[-1])
    return Resolved(next_day_month(s.today, month, int(_DAY_NUM.findall(f.text)[-1])))


def _week_of(f: Fields, s: Setting) -> Resolved:
    """The working week a day starts or falls in ("w/c 4 March"): its Friday; "by" it, its Monday."""
    wy = _int(f("y")) if f("y") else None
    ref = s.today - timedelta(days=6)  # a week that started this week is still this week
    if f("a"):
        day = numeric(_int(f("a")), _int(f("b")), wy, ref, s.day_first).on or s.today
    else:
        month, d = _month(f("m") or f("m2")), _int(f("d") or f("d2"))
        day = make_date(wy, month, d) if wy is not None else next_day_month(ref, month, d)
    mon = monday(day)
    return Resolved(in_period(mon, mon + timedelta(days=4), s.today, s.kw))


_D = r"\d{1,2}" + ORDINAL_SUFFIX + "?"  # a day number, "5" or "5th"
WIKI = Form(
    "wiki", r"//\s?(?P<d>\d{1,2})[-./](?P<m>\d{1,2})[-./](?P<y>\d{4}|\d{2})(?![\d])", "self", _wiki
)  # fmt: skip
WIKI_ISO = Form("wikiiso", r"//\s?(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d])", "self", _ymd)
WEEK_OF = Form(
    "weekof",
    r"(?:the\s+)?(?:w/[cb]|w\.[cb]\.?|wk\s+of|week\s+(?:commencing|beginning|starting|of))\s*:?\s+"
    rf"(?:(?:the\s+)?(?P<d>\d{{1,2}}){ORDINAL_SUFFIX}?(?:\s+of)?[\s-]+(?P<m>{MONTH})"
    rf"|(?P<m2>{MONTH})\s+(?:the\s+)?(?P<d2>\d{{1,2}}){ORDINAL_SUFFIX}?"
    r"|(?P<a>\d{1,2})/(?P<b>\d{1,2}))(?:,?\s+(?P<y>(?:19|20)\d{2}))?(?![\w'’/-]|\.\d)",
    "self",
    _week_of,
)
ISO = Form(
    "iso",
    r"(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?" + _NO_DIGIT_AFTER,
    "weak",
    _ymd,
)
ISO_MONTH = Form("isomonth", r"(?P<y>(?:19|20|21)\d{2})-(?P<m>0[1-9]|1[0-2])" + _NO_DIGIT_AFTER, "weak", _isomonth)
NUMERIC_WITH_YEAR = Form(
    "numy", r"(?P<a>\d{1,2})(?P<s>[-/.])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})(?![\w/]|[.-]\d)", "weak", _numy
)
RANGE = Form(
    "range",
    rf"(?:{_D}\s*[-–]\s*{_D}\s+{MONTH}"
    rf"|{MONTH}\s+{_D}\s*[-–]\s*\d{{1,2}}"
    r"|\d{1,2}/\d{1,2}\s*[-–]\s*\d{1,2}/\d{1,2}"
    rf"|{_D}\s+{MONTH}\s*[-–]\s*{_D}\s+{MONTH}"
    rf"|{MONTH}\s+{_D}\s*[-–]\s*{MONTH}\s+{_D})(?!\w)",
    "scope",
    _range_last_day,
)
BETWEEN = Form(
    "between",
    rf"between\s+(?:the\s+)?(?:{_D}(?:\s+(?:of\s+)?{MONTH})?\s+(?:and|&)\s+(?:the\s+)?"
    rf"{_D}(?:\s+of)?\s+{MONTH}|{MONTH}\s+(?:the\s+)?{_D}\s+(?:and|&)\s+(?:{MONTH}\s+)?"
    rf"(?:the\s+)?{_D})(?![\w'’])",
    "scope",
    _range_last_day,
)
ORDINAL_OF_MONTH = Form(
    "ordmonth",
    rf"(?:the\s+)?(?:(?P<d>\d{{1,2}}){ORDINAL_SUFFIX}?|(?P<w>{ORDINAL_WORD}))\s+of\s+"
    r"(?P<rel>next|this|the\s+next|the\s+following|the\s+coming|the)\s+month(?![\w'’-])",
    "weak",
    _ordinal_of_month,
)
DAY_MONTH = Form(
    "dmy",
    rf"(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?(?:(?P<d>\d{{1,2}}){ORDINAL_SUFFIX}?(?:\s+of)?[\s-]+"
    rf"|(?P<w>{ORDINAL_WORD})\s+of\s+)(?P<m>{MONTH})"
    rf"(?:(?:,?\s+|-){YEAR}|-(?P<yd>\d{{2}})(?!\d)|\s(?P<ys>\d{{2}})(?=\s*(?:$|[.;,)\]|])))?(?![\w'’])",
    "weak",
    _dmy,
)
MONTH_DAY = Form(
    "mdy",
    rf"(?:(?P<wd>{WEEKDAY}),?\s+)?(?P<m>{MONTH})"
    rf"(?:\s+(?:the\s+)?(?P<w>{ORDINAL_WORD})|(?:\s+(?:the\s+)?|-)(?P<d>\d{{1,2}}){ORDINAL_SUFFIX}?)"
    rf"(?:(?:,?\s+|-){YEAR})?(?![\w:'’]|[.,/-]\d)",
    "weak",
    _mdy,
)
WEEKDAY_AND_DATE = Form(
    "wddate",
    rf"(?P<wd>{WEEKDAY}),?\s+(?:the\s+)?"
    rf"(?:(?P<o>\d{{1,2}}){ORDINAL_SUFFIX}|(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}}))"
    r"(?![\w/]|\.\d|\s*[-–]\s*\d)",
    "weak",
    _weekday_and_date,
)
NUMERIC = Form("numd", r"(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\w/]|\s*of\b|\.\d|\s*[-–]\s*\d)", "weak", _numd)
NUMERIC_DOTTED = Form("numdot", r"(?P<a>\d{1,2})\.(?P<b>\d{1,2})\.(?![\w.]|\d)", "weak", _numdot)
ORDINAL = Form("ordinal", rf"(?:the\s+)?(?P<d>\d{{1,2}}){ORDINAL_SUFFIX}(?![\w'’])", "weak", _ordinal)
ORDINAL_WORDS = Form("ordword", rf"(?P<the>the\s+)?(?P<w>{ORDINAL_WORD})(?![\w'’-])", "weak", _ordinal_word)


# ---------------------------------------------------------------------------------------------------------
# Weeks, weekends and weekdays


def _period_part(f: Fields, s: Setting) -> Resolved:
    """That part of this or the next period: "end of next month", "start of the week", "mid-quarter"."""
    pos = (f("pos") or "").lower()
    rel = norm(f("rel") or "this").replace("nxt", "next")
    rel = "this" if rel == "the" else rel
    unit = (f("unit") or "").lower().replace("wk", "week")
    today, kw, this = s.today, s.kw, rel == "this"
    if unit == "week":
        mon = monday(today) + timedelta(days=0 if this else 7)
        fri = mon + timedelta(days=4)
        if this and fri < today:
            fri, mon = fri + timedelta(days=7), mon + timedelta(days=7)
        return Resolved(in_period(mon, fri, today, kw, pos))
    if unit == "month":
        first = today.replace(day=1) if this else add_months(today.replace(day=1), 1)
        return Resolved(in_period(first, last_day(first.year, first.month), today, kw, pos))
    if unit == "quarter":
        q0 = (today.month - 1) // 3 + (0 if this else 1)
        y, q = today.year + q0 // 4, q0 % 4
        return Resolved(in_period(date(y, 3 * q + 1, 1), last_day(y, 3 * q + 3), today, kw, pos))
    y = today.year + (0 if this else 1)
    return Resolved(in_period(date(y, 1, 1), date(y, 12, 31), today, kw, pos))


def _half_week(f: Fields, s: Setting) -> Resolved:
    rel = (f("rel") or "").lower()
    mon = monday(s.today) + timedelta(days=0 if rel in ("this", "the") else 7)
    day = mon + timedelta(days=2 if (f("pos") or "").lower() == "first" else 4)
    return Resolved(max(day, s.today))


def _weekend(f: Fields, s: Setting) -> Resolved:
    rel = norm(f("rel") or "")
    sat = monday(s.today) + timedelta(days=12 if rel in ("next", "the next") else 5)
    if s.kw in START_KWS:
        return Resolved(max(sat - timedelta(days=1), s.today))  # "by the weekend": its eve, Friday
    return Resolved(max(sat + timedelta(days=1), s.today))  # "over the weekend": its last day


def _week_after_next(f: Fields, s: Setting) -> Resolved:
    return Resolved(monday(s.today) + timedelta(days=18))


def _relative_period(f: Fields, s: Setting) -> Resolved:
    return Resolved(relative_period(f("rel") or "", f("unit") or "", s.today, s.kw))


def _end_of(f: Fields, s: Setting) -> Resolved:
    """EOW is this Friday (next Friday on a weekend); EOM, EOQ, EOH, EOY the period's last day; EOD, COB… today."""
    w, today = norm(f("w") or ""), s.today
    if w == "eow":
        fri = monday(today) + timedelta(days=4)
        return Resolved(fri if fri >= today else fri + timedelta(days=7))
    if w == "eom":
        return Resolved(last_day(today.year, today.month))
    if w == "eoq":
        return Resolved(last_day(today.year, 3 * ((today.month - 1) // 3) + 3))
    if w == "eoh":
        return Resolved(last_day(today.year, 6 if today.month <= 6 else 12))
    if w == "eoy":
        return Resolved(date(today.year, 12, 31))
    return Resolved(today)


def _weekday_of_week(f: Fields, s: Setting) -> Resolved:
    """A weekday of this or next week: "Friday next week", "Tuesday this week"."""
    extra = 7 if (f("rel") or "").lower() == "next" else 0
    return Resolved(max(monday(s.today) + timedelta(days=extra + _weekday(f("wd"))), s.today))


def _weekday_form(f: Fields, s: Setting) -> Resolved:
    return weekday_date(_weekday(f("wd")), f("rel"), s.today)


def _day_word(f: Fields, s: Setting) -> Resolved:
    w = norm(f("w") or "")
    if w in ("today", "tonight") or w.startswith("this"):
        return Resolved(s.today)
    return Resolved(s.today + timedelta(days=2 if w.startswith("the day after") else 1))


def _next_meeting(f: Fields, s: Setting) -> Resolved:
    return Resolved(s.anchors.next_meeting, anchor=NEXT_MEETING)


PERIOD_PART = Form(
    "periodrel",
    r"(?P<pos>end|start|beginning|middle|mid|early|late)(?:\s+of(?:\s+the)?|-|\s+)\s*"
    r"(?P<rel>this|next|nxt|the\s+next|the\s+coming|the)?\s*(?P<unit>week|wk|month|quarter|year)(?![\w'’])",
    "self",
    _period_part,
)
HALF_WEEK = Form(
    "halfnextweek", r"(?P<pos>first|second)\s+half\s+of\s+(?P<rel>this|next|the)\s+week(?![\w'’])", "self", _half_week
)
WEEKEND = Form("weekend", r"(?P<rel>this|next|the|the\s+coming|the\s+next)\s+weekend(?![\w'’-])", "weak", _weekend)
WEEK_AFTER_NEXT = Form("weekafternext", r"the\s+week\s+after\s+next(?![\w'’])", "self", _week_after_next)
MEETING = Form(
    "meeting",
    r"(?:(?:the|our)\s+)?(?:next|nxt|upcoming|coming|following)\s+(?:week'?s\s+)?"
    rf"(?:[\w-]+\s+){{0,2}}{MEETING_NOUN}(?![\w'’-])",
    "weak",
    _next_meeting,
)
MEET_AGAIN = Form("meetagain", r"we\s+(?:next\s+meet|meet\s+again|meet\s+next)(?![\w'’])", "weak", _next_meeting)
RELATIVE_PERIOD = Form(
    "nextweek",
    r"(?P<rel>next|nxt|this|coming|the\s+coming|the\s+next|later\s+this|early\s+next"
    r"|mid[-\s]?next)\s+(?P<unit>week|wk|month|quarter|year)(?![\w'’-])",
    "self",
    _relative_period,
)
END_OF = Form(
    "eox",
    r"(?P<w>eod|cob|eob|eop|eow|eom|eoq|eoy|eoh|end\s+of\s+(?:the\s+)?(?:business\s+)?day"
    r"|(?:end|close)\s+of\s+play|close\s+of\s+business)(?![\w'’])",
    "self",
    _end_of,
)
WEEKDAY_OF_WEEK = Form(
    "weekdayweek", rf"(?P<wd>{WEEKDAY})\s+(?P<rel>next|this)\s+week(?![\w'’])", "self", _weekday_of_week
)
WEEKDAY_FORM = Form(
    "weekday",
    r"(?:(?P<rel>this|next|nxt|coming|the\s+coming|the\s+following|following)\s+)?"
    rf"(?P<wd>{WEEKDAY})(?![\w'’-])",
    "weak",
    _weekday_form,
)
DAY_WORD = Form(
    "dayword",
    r"(?P<w>today|tonight|this\s+(?:morning|afternoon|evening)|the\s+day\s+after\s+tomorrow"
    r"|tomorrow|tmrw|tmw|tmrrw|tmr|2moro|2morrow|tomoz)(?![\w'’-])",
    "self",
    _day_word,
)


# ---------------------------------------------------------------------------------------------------------
# Durations


def _scope_only(f: Fields, s: Setting) -> Resolved:  # pragma: no cover - a scope form is never ranked a deadline
    raise AssertionError(f.name)


def _duration(f: Fields, s: Setting) -> Resolved:
    on = after(s.today, count(f("n") or ""), f("unit") or "", f("biz"))
    other = f("or")
    if other and other.lower() != "so":  # "in a week or two": the later one
        unit = f("or_unit") or f("unit") or ""
        on = max(on, after(s.today, count(other), unit, f("or_biz") or f("biz")))
    return Resolved(on)


def _within_next(f: Fields, s: Setting) -> Resolved:
    """ "within the next day or so": a day from today ("or two": two)."""
    n = 2 if f.text.lower().rstrip().endswith("two") else 1
    return Resolved(after(s.today, n, f("unit") or "day", None))


def _span(f: Fields, s: Setting) -> Resolved:
    """A span of time from today ("punt for two weeks": two weeks from today), when the rank rules make it one."""
    return Resolved(after(s.today, count(f("n") or ""), f("unit") or "", f("biz")))


def _short_duration(f: Fields, s: Setting) -> Resolved:
    unit = {"h": "hour", "d": "day", "w": "week"}[(f("u") or "")[0].lower()]
    return Resolved(after(s.today, _int(f("n")), unit, None))


def _from_now(f: Fields, s: Setting) -> Resolved:
    """A duration from now, tomorrow or a weekday: "2 weeks from now", "a week from Friday" (the coming one)."""
    base_word = norm(f("base") or "")
    base = s.today
    if base_word == "tomorrow":
        base = s.today + timedelta(days=1)
    elif base_word:
        wd = WEEKDAYS[base_word.split()[-1].rstrip(".")]
        wd_on = weekday_date(wd, "next" if base_word.startswith("next") else None, s.today).on
        base = wd_on if wd_on is not None else s.today
    return Resolved(after(base, count(f("n") or ""), f("unit") or "", f("biz")))


SCOPE_NEXT = Form(
    "scopenext",
    rf"(?:in|over|during|for)\s+the\s+(?:next|coming|following|last|past)\s+{COUNT}\s+{UNIT}(?!\w)",
    "scope",
    _scope_only,
)
SHORT_DURATION = Form(
    "durshort",
    r"(?P<pre>in|within|w/in)\s+(?P<n>\d{1,3})\s?(?P<u>h|hrs?|d|w|wks?)(?![\w'’])",
    "self",
    _short_duration,
)
DURATION = Form(
    "duration",
    rf"(?P<pre>in|within|w/in)\s+(?:the\s+next\s+|(?<=within\s)next\s+)?(?P<n>{COUNT})\s+{UNIT}"
    rf"(?:\s+or\s+(?P<or>so|{COUNT})(?:\s+{UNIT.replace('?P<', '?P<or_')})?)?"
    r"(?:'?s?\s+time)?(?!\w)",
    "self",
    _duration,
)
WITHIN_NEXT = Form(
    "withinnext",
    r"within\s+the\s+next\s+(?P<unit>day|week|month|fortnight)(?:\s+or\s+so|\s+or\s+two)?(?![\w'’])",
    "self",
    _within_next,
)
SPAN = Form("span", rf"(?<=for\s)(?P<n>{COUNT})\s+{UNIT}(?![\w'’])", "scope", _span)  # "punt for two weeks"
FROM_NOW = Form(
    "fromnow",
    rf"(?P<n>{COUNT})\s+{UNIT}\s+from\s+(?:now|today|(?P<base>tomorrow|(?:next\s+)?{WEEKDAY}))(?!\w)",
    "self",
    _from_now,
)


# ---------------------------------------------------------------------------------------------------------
# Quarters, halves, months, years


def _quarter(f: Fields, s: Setting) -> Resolved:
    pos = (f("pos") or "").lower() or None
    yy = f("y")
    qyear = 2000 + int(yy) if yy else None
    q = f("q")
    if q:
        kind, n = q[0].lower(), int(q[1])
        _h_exists(kind, n)
    elif f("n"):
        kind, n = "h", _int(f("n"))
    else:
        kind, n = "h", 1 if (f("half") or "").lower() == "first" else 2
    return Resolved(quarter_period(kind, n, qyear, s.today, s.kw, pos))


def _year_quarter(f: Fields, s: Setting) -> Resolved:
    q = f("q") or ""
    kind, n = q[0].lower(), int(q[1])
    _h_exists(kind, n)
    return Resolved(quarter_period(kind, n, _int(f("y")), s.today, s.kw, None))


def _month_form(f: Fields, s: Setting) -> Resolved:
    pos = (f("pos") or "").lower() or None
    return Resolved(month_period(_month(f("m")), year4(f("y4"), f("y2")), s.today, s.kw, pos))


def _period_end(f: Fields, s: Setting) -> Resolved:
    """This period's last day: "at month end", "before year-end"."""
    return Resolved(relative_period("this", f("unit") or "", s.today, None))


def _nth_week(f: Fields, s: Setting) -> Resolved:
    """The first week of March is 1–7 March; the last week of a month its last seven days."""
    which, month = (f("n") or "").lower(), _month(f("m"))
    last_of_month = month_period(month, _int(f("y")) if f("y") else None, s.today, None, "end")
    if which in ("last", "final"):
        first_day, last = last_of_month - timedelta(days=6), last_of_month
    else:
        n = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}.get(which, 4)
        first_day = date(last_of_month.year, month, 7 * (n - 1) + 1)
        last = first_day + timedelta(days=6)
    return Resolved(in_period(first_day, last, s.today, s.kw))


def _time_only(f: Fields, s: Setting) -> Resolved:
    return Resolved(s.today + timedelta(days=1 if (f("day") or "").lower() == "tomorrow" else 0))


def _year_end(f: Fields, s: Setting) -> Resolved:
    return Resolved(date(_int(f("y")), 12, 31))


def _year(f: Fields, s: Setting) -> Resolved:
    y = _int(f("y"))
    return Resolved(in_period(date(y, 1, 1), date(y, 12, 31), s.today, s.kw))


_POSITION = r"(?P<pos>end|start|beginning|middle|mid|early|late)"
QUARTER = Form(
    "quarter",
    rf"(?:{_POSITION}(?:\s+of(?:\s+the)?|-|\s+)\s*)?"
    r"(?:(?P<q>[qh][1-4])|(?P<n>[12])h|(?P<half>first|second)\s+half(?:\s+of)?)"
    r"(?:\s*(?:of\s+)?(?:'|20|fy)?(?P<y>\d{2}))?(?![\w'’-])",
    "weak",
    _quarter,
)
YEAR_QUARTER = Form("yearq", r"(?P<y>(?:19|20)\d{2})[-\s]?(?P<q>[qh][1-4])(?![\w'’-])", "weak", _year_quarter)
MONTH_FORM = Form(
    "month", rf"(?:{_POSITION}(?:\s+of|-|\s+)\s*)?(?P<m>{MONTH})(?:,?\s+{YEAR})?(?![\w'’-])", "weak", _month_form
)
PERIOD_END = Form("periodend", r"(?:the\s+)?(?P<unit>month|quarter|year)[-\s]end(?![\w'’-])", "weak", _period_end)
NTH_WEEK = Form(
    "nthweek",
    r"(?:the\s+)?(?P<n>first|1st|second|2nd|third|3rd|fourth|4th|last|final)\s+week\s+of\s+"
    rf"(?P<m>{MONTH})(?:,?\s+(?P<y>\d{{4}}))?(?![\w'’-])",
    "weak",
    _nth_week,
)
TIME_ONLY = Form(
    "timeonly",
    r"(?:(?:\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}:\d{2}|noon|midday|midnight)"
    r"(?:\s+(?:utc|gmt|[a-z]{1,4}t))?)(?:\s+(?P<day>today|tonight|tomorrow))?(?![\w'’])",
    "scope",
    _time_only,
)
YEAR_END = Form("yearend", r"(?:the\s+)?(?:end\s+of\s+)(?P<y>(?:19|20)\d{2})(?![\w'’-])", "self", _year_end)
YEAR_FORM = Form("year", r"(?P<y>(?:19|20)\d{2})(?![\w'’/.-])", "weak", _year)
BARE_DAY = Form(
    "bareday", r"(?P<d>[1-9]|[12]\d|3[01])(?=\s*(?:$|[,;)\]]|\.(?!\d)|\s(?:eod|cob|latest)\b))", "scope", _ordinal
)  # "by 29"

# In this order: where two forms match at the same place, the first one listed wins.
FORMS: tuple[Form, ...] = (
    WIKI, WIKI_ISO, WEEK_OF, ISO, ISO_MONTH, NUMERIC_WITH_YEAR, RANGE, BETWEEN, ORDINAL_OF_MONTH, DAY_MONTH,
    MONTH_DAY, WEEKDAY_AND_DATE, NUMERIC, NUMERIC_DOTTED, PERIOD_PART, HALF_WEEK, WEEKEND, WEEK_AFTER_NEXT,
    MEETING, MEET_AGAIN, RELATIVE_PERIOD, END_OF, WEEKDAY_OF_WEEK, WEEKDAY_FORM, DAY_WORD, SCOPE_NEXT,
    SHORT_DURATION, DURATION, WITHIN_NEXT, FROM_NOW, QUARTER, YEAR_QUARTER, MONTH_FORM, ORDINAL, PERIOD_END, NTH_WEEK,
    TIME_ONLY, YEAR_END, YEAR_FORM, ORDINAL_WORDS, SPAN, BARE_DAY,
)  # fmt: skip

# ---------------------------------------------------------------------------------------------------------
# The master pattern: [keyword [the]] [time or EOD before] <one form> [time of day] [latest]

_TIME = (
    r"(?:\s*,?\s*(?:at\s+|@\s*)?(?:\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}[:h]\d{2}|noon|midday|midnight|"
    r"eod|cob|close\s+of\s+business|end\s+of\s+(?:the\s+)?(?:business\s+)?day|"
    r"(?:first\s+thing\s+(?:in\s+the\s+)?)?(?:morning|afternoon|evening|night|lunch(?:time)?|noon)|"
    r"first\s+thing|(?:am|pm)(?![\w'’]))"
    r"(?:\s+(?:utc|gmt|[a-z]{1,4}t|[a-z]+/[a-z_]+))?)"
)
_POST = rf"(?P<post>{_TIME}?(?:\s*,?\s*(?:at\s+(?:the\s+)?(?:very\s+)?)?latest(?![\w'’-]))?)"
_PREFIX_EOD = (
    r"(?:(?:eod|cob|end\s+of\s+(?:the\s+)?day|close\s+of\s+business|end\s+of\s+(?:the\s+)?business(?:\s+day)?|"
    r"(?:end|close)\s+of\s+play|eop|first\s+thing(?:\s+in\s+the\s+morning)?|"
    r"(?:\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}:\d{2}|noon|midday|midnight)(?:\s+(?:utc|gmt|[a-z]{1,4}t))?)"
    r"\s*,?\s+"
    r"(?:on\s+)?)?"
)
MASTER = re.compile(
    rf"(?<![\w#@/.:'’-])(?:(?P<kw>{STRONG_KW}|{WEAK_KW}|{EXCLUDE_KW})\s*(?:the\s+)?)?(?P<eodpre>{_PREFIX_EOD})(?:"
    + "|".join(form.grouped() for form in FORMS)
    + rf"){_POST}",
    re.IGNORECASE,
)


def form_of(match: re.Match[str]) -> Form:
    """The form a match of MASTER is."""
    return next(form for form in FORMS if match.group(form.name) is not None)
