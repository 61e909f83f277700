"""A time zone as iCalendar defines one for calendar apps (VTIMEZONE), written as yearly rules (RRULE), which every
client reads alike, for any year.

The rules are the zone's current ones: the POSIX TZ string that ends its TZif file (RFC 8536 §3.3), such as
"GMT0BST,M3.5.0/1,M10.5.0" for Europe/London (summer time from 01:00 on the last Sunday of March, winter time
from 02:00 on the last Sunday of October). A transition that falls on another day than its rule's weekday
("M3.4.4/26": Thursday's 26th hour, a Friday) becomes a weekday within a span of days of the month, and "/24" (the
end of a day) its last second; a rule that cannot be written so (none today: it would leave its month) is
described by its dates instead.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path
from zoneinfo import TZPATH, ZoneInfo

from dateutil.rrule import rrulestr
from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

_NAME = r"(?:<[^>]+>|[A-Za-z]{3,})"
_OFFSET = r"[+-]?\d{1,3}(?::\d{2}){0,2}"
_POSIX = re.compile(
    rf"(?P<std>{_NAME})(?P<std_off>{_OFFSET})(?:(?P<dst>{_NAME})(?P<dst_off>{_OFFSET})?,(?P<on>.+),(?P<off>.+))?"
)
_RULE = re.compile(rf"M(?P<month>\d{{1,2}})\.(?P<week>[1-5])\.(?P<day>[0-6])(?:/(?P<at>{_OFFSET}))?")
_DAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")  # POSIX counts weekdays from Sunday
_FIRST_YEAR = 1970
_DATES = (date(_FIRST_YEAR, 1, 1), date(2200, 12, 31))  # a zone described by its dates: those of the years that matter


@lru_cache(maxsize=64)
def vtimezone(key: str) -> Timezone:
    """The zone of that name (a key of the tz database, such as Europe/London) as a VTIMEZONE."""
    return from_rules(key, _posix(key))


def from_rules(key: str, posix: str) -> Timezone:
    """The zone `key` whose current rules are the POSIX TZ string `posix`."""
    found = _POSIX.fullmatch(posix)
    if found is None:
        return Timezone.from_tzinfo(ZoneInfo(key), key, *_DATES)
    std, std_name = -_seconds(found["std_off"]), found["std"].strip("<>")
    tz = Timezone()
    tz.add("tzid", key)
    if not found["dst"]:
        tz.add_component(_part(TimezoneStandard(), std_name, std, std, datetime(_FIRST_YEAR, 1, 1), None))
        return tz
    dst = -_seconds(found["dst_off"]) if found["dst_off"] else std + 3600
    on, off = _yearly(found["on"]), _yearly(found["off"])
    if on is None or off is None:
        return Timezone.from_tzinfo(ZoneInfo(key), key, *_DATES)
    tz.add_component(_part(TimezoneDaylight(), found["dst"].strip("<>"), std, dst, *on))
    tz.add_component(_part(TimezoneStandard(), std_name, dst, std, *off))
    return tz


def _posix(key: str) -> str:
    """The POSIX TZ string at the end of the zone's TZif file, where Python's zoneinfo finds the file."""
    for folder in TZPATH:
        path = Path(folder, key)
        if path.is_file():
            return _footer(path.read_bytes())
    return _footer(resources.files("tzdata").joinpath("zoneinfo", *key.split("/")).read_bytes())


def _footer(tzif: bytes) -> str:
    return tzif.rstrip(b"\n").rsplit(b"\n", 1)[-1].decode("ascii")


def _seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")] + [0, 0]
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


def _yearly(rule: str) -> tuple[datetime, dict[str, list[object]]] | None:
    """A transition rule "Mm.w.d[/time]" as its first local time in _FIRST_YEAR and a yearly RRULE; None when
    the time moves the transition out of its month."""
    found = _RULE.fullmatch(rule)
    if found is None:
        return None
    month, week, day = int(found["month"]), int(found["week"]), int(found["day"])
    shift, at = divmod(_seconds(found["at"] or "2"), 86400)  # the time may run past midnight, or before it
    if (shift, at) == (1, 0):  # "/24", the very end of the rule's day: its last second is as good, in its month
        shift, at = 0, 86399
    recur: dict[str, list[object]] = {"FREQ": ["YEARLY"], "BYMONTH": [month]}
    if shift == 0:
        recur["BYDAY"] = [f"{-1 if week == 5 else week}{_DAYS[day]}"]
    else:
        length = 28 if month == 2 else calendar.monthrange(2001, month)[1]
        last = length if week == 5 else 7 * week
        days: list[object] = [d + shift for d in range(last - 6, last + 1)]
        if last - 6 + shift < 1 or last + shift > length:
            return None
        recur["BYDAY"], recur["BYMONTHDAY"] = [_DAYS[(day + shift) % 7]], days
    first = rrulestr(vRecur(recur).to_ical().decode(), dtstart=datetime(_FIRST_YEAR, 1, 1))[0]
    return datetime.combine(first.date(), datetime.min.time()) + timedelta(seconds=at), recur


def _part(
    part: TimezoneStandard | TimezoneDaylight,
    name: str,
    offset_from: int,
    offset_to: int,
    start: datetime,
    recur: dict[str, list[object]] | None,
) -> TimezoneStandard | TimezoneDaylight:
    part.add("tzname", name)
    part.add("tzoffsetfrom", timedelta(seconds=offset_from))
    part.add("tzoffsetto", timedelta(seconds=offset_to))
    part.add("dtstart", start)
    if recur is not None:
        part.add("rrule", recur)
    return part
