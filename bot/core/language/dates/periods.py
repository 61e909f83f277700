"""Date arithmetic the forms share: a period as a deadline, day-month pairs in either order, weekdays, counts.

* A named period used as a deadline means its **last day** ("in March", "March", "Q2", "H1", "2024-03",
  "next week", "end of July", "EOM"), except after "by", "before", "until", "no later than", ... where
  it means the period's **first day** ("by January" = 1 January, "by next week" = Monday of next week,
  "by Q2" = 1 April): the thing must be done when the period arrives.  If that first day is already past
  because we are inside the period, the period's last day is used instead.
* Weeks run Monday to Sunday; a week used as a deadline ends on its **Friday** (the working week).
* A bare weekday ("Friday", "by Friday") is the next such day after today (said on a Friday it means a
  week later).  "this Friday" is the one in the current week (today when said on a Friday; the coming
  one when this week's is past).  "next Friday" is the Friday of next week; when the coming Friday is
  still in this week it is offered as an alternative.
* Month names and numeric dates without a year are the next such date on or after today.
* Numeric dates follow the committee's order (day-first by default); when the other order gives a
  different valid date that is also upcoming and within six months, it is offered as an alternative.
  When only the other order gives a valid date ("5/29" day-first) that one is used.
* "Q1".."Q4" are calendar quarters, "H1"/"H2" calendar halves, of the next such period not yet over.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from bot.core.language.dates.values import DateError, Resolved
from bot.core.language.dates.vocabulary import (
    NUMBERS,
    ORDINAL_WORDS,
    START_KWS,
    add_business_days,
    add_months,
    describe_impossible,
    last_day,
    make_date,
    monday,
    next_day_month,
    norm,
)

_SIX_MONTHS = timedelta(days=183)


def in_period(first: date, last: date, today: date, kw: str | None, pos: str | None = None) -> date:
    """The deadline a period gives: its first day after "by"/"before"/… (its last once the first is past), its
    last day otherwise; "start"/"mid"/"end" of it pick that part whatever the keyword."""
    if pos in ("start", "beginning", "early"):
        return first
    if pos in ("middle", "mid"):
        return first + (last - first) // 2
    if pos in ("end", "late"):
        return last
    if kw in START_KWS:
        return first if first >= today else last
    return last


def numeric(a: int, b: int, y: int | None, today: date, day_first: bool) -> Resolved:
    """Day and month in the committee's order; the other order as a fallback or an alternative."""
    first, second = ((a, b), (b, a)) if day_first else ((b, a), (a, b))  # (day, month) pairs

    def build(dm: tuple[int, int]) -> date | None:
        d, m = dm
        try:
            return make_date(y, m, d) if y is not None else next_day_month(today, m, d)
        except DateError:
            return None

    primary, other = build(first), build(second)
    if primary is None:
        if other is None:
            day, month = first if first[1] <= 12 else second
            raise DateError(describe_impossible(day, month, y))
        return Resolved(other)
    soon = today + _SIX_MONTHS
    alts: tuple[date, ...] = ()
    if other is not None and other != primary and today <= other <= soon and today <= primary <= soon:
        alts = (other,)
    return Resolved(primary, alts)


def relative_period(rel: str, unit: str, today: date, kw: str | None) -> date:
    """A week, month, quarter or year relative to today: "next week", "this month", "early next quarter", "mid next
    week", "later this month" (see the module docstring)."""
    rel = norm(rel).replace("nxt", "next")
    unit = unit.lower().replace("wk", "week")
    if rel == "later this":
        rel = "this"  # "later this month" is this month's end, as "later this week" is this week's
    if unit == "week":
        this_mon = monday(today)
        if rel in ("this", "later this"):
            return max(this_mon + timedelta(days=4), today)
        mon = this_mon + timedelta(days=7)
        if rel == "early next":
            return mon + timedelta(days=1)
        if rel in ("mid-next", "mid next", "midnext"):
            return mon + timedelta(days=2)
        return in_period(mon, mon + timedelta(days=4), today, kw)
    if unit == "month":
        if rel == "this":
            return last_day(today.year, today.month)
        first = add_months(today.replace(day=1), 1)
        if rel == "early next":
            return first
        if rel.startswith("mid"):
            return first.replace(day=15)
        return in_period(first, last_day(first.year, first.month), today, kw)
    start = "start" if rel == "early next" else None
    if unit == "quarter":
        q0 = (today.month - 1) // 3
        if rel != "this":
            q0 += 1
        y, q = today.year + q0 // 4, q0 % 4
        return in_period(date(y, q * 3 + 1, 1), last_day(y, q * 3 + 3), today, kw, start)
    y = today.year + (0 if rel == "this" else 1)
    return in_period(date(y, 1, 1), date(y, 12, 31), today, kw, start)


def count(word: str) -> int:
    """A count written "3", "three", "a couple of", "a few"."""
    w = norm(word)
    return int(w) if w.isdigit() else NUMBERS.get(w, 1)


def after(today: date, n: int, unit: str, biz: str | None) -> date:
    """``n`` days (working days with ``biz``), weeks, fortnights, months or hours after today."""
    unit = unit.lower().rstrip("s")
    if unit in ("day",) and biz:
        return add_business_days(today, n)
    if unit == "day":
        return today + timedelta(days=n)
    if unit in ("week", "wk"):
        return today + timedelta(days=7 * n)
    if unit == "fortnight":
        return today + timedelta(days=14 * n)
    if unit == "month":
        return add_months(today, n)
    return today + timedelta(days=(n + 23) // 24) if unit == "hour" else today


def weekday_date(wd: int, rel: str | None, today: date) -> Resolved:
    """Weekday ``wd`` (0 = Monday) after "this", "next" or nothing: see the module docstring."""
    coming = today + timedelta(days=(wd - today.weekday() - 1) % 7 + 1)  # strictly after today
    rel = norm(rel).replace("nxt", "next") if rel else ""
    if rel == "this":
        this_week = monday(today) + timedelta(days=wd)
        return Resolved(this_week if this_week >= today else coming)
    if rel in ("next", "the following", "following"):
        nxt = monday(today) + timedelta(days=7 + wd)
        return Resolved(nxt, (coming,) if coming != nxt else ())
    return Resolved(coming)


def month_period(m: int, y: int | None, today: date, kw: str | None, pos: str | None) -> date:
    """Month ``m`` as a deadline; without a year, the next such month that is not over."""
    if y is not None:
        return in_period(date(y, m, 1), last_day(y, m), today, kw, pos)
    for yy in (today.year, today.year + 1):
        chosen = in_period(date(yy, m, 1), last_day(yy, m), today, kw, pos)
        if chosen >= today:
            return chosen
    return in_period(date(today.year + 1, m, 1), last_day(today.year + 1, m), today, kw, pos)


def quarter_period(kind: str, n: int, y: int | None, today: date, kw: str | None, pos: str | None) -> date:
    """Quarter ``n`` (``kind`` "q") or half ``n`` ("h") as a deadline; without a year, the next not over."""
    span = (3 * (n - 1) + 1, 3 * n) if kind == "q" else (1, 6) if n == 1 else (7, 12)
    years = [y] if y is not None else [today.year, today.year + 1]
    chosen = today
    for yy in years:
        chosen = in_period(date(yy, span[0], 1), last_day(yy, span[1]), today, kw, pos)
        if chosen >= today or y is not None:
            return chosen
    return chosen


def day_number(digits: str | None, word: str | None) -> int:
    """A day of the month written in digits ("5") or spelled out ("fifth", "twenty first")."""
    if digits:
        return int(digits)
    return ORDINAL_WORDS[re.sub(r"[-\s]+", "-", (word or "").lower())]


def ordinal_date(d: int, today: date) -> date:
    """The next day ``d`` of a month, on or after today ("by the 29th")."""
    if not 1 <= d <= 31:
        raise DateError(f"There is no day {d} in any month.")
    cur = today.replace(day=1)
    for _ in range(13):
        if d <= calendar.monthrange(cur.year, cur.month)[1] and cur.replace(day=d) >= today:
            return cur.replace(day=d)
        cur = add_months(cur, 1)
    raise DateError(f"There is no day {d} in any month.")  # pragma: no cover


def year4(y4: str | None, y2: str | None) -> int | None:
    """A year written "2024" or "'24"."""
    if y4:
        return int(y4)
    if y2:
        return 2000 + int(y2)
    return None
