"""Time zones and how dates and times are shown: the one place that picks a zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = ZoneInfo("UTC")
EARLIEST, LATEST = date(1970, 1, 1), date(2200, 12, 31)  # the dates the record keeps: any other is a slip


def zone(name: str | None) -> ZoneInfo | None:
    """The zone of that name, or None when it is missing or not a real zone."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def pick_zone(*names: str | None) -> ZoneInfo:
    """The first valid zone in order of precedence: explicit, the person's profile, the committee's,
    the configured default. UTC when none is valid."""
    for name in names:
        found = zone(name)
        if found is not None:
            return found
    return UTC


def local_today(now: datetime, tz: ZoneInfo) -> date:
    return now.astimezone(tz).date()


def show_date(d: date) -> str:
    """`Fri 1 Mar 2024`: the weekday makes a wrong guess visible at once."""
    return f"{d:%a} {d.day} {d:%b %Y}"


def show_time(moment: datetime, tz: ZoneInfo) -> str:
    local = moment.astimezone(tz)
    return f"{show_date(local.date())} {local:%H:%M} {local.tzname()}"


def out_of_reach(d: date) -> str | None:
    """Why the record keeps no such date (a year like 9999 or 0001 is a slip of the keyboard), or None."""
    if EARLIEST <= d <= LATEST:
        return None
    return f"{show_date(d)} is too far away: the record keeps dates from {EARLIEST.year} to {LATEST.year}."
