"""A committee's meeting schedule: reading "next 2024-02-13 15:00" and "every second Tuesday at 15:00
Europe/London", recurrences as iCalendar RRULEs (read by python-dateutil), cancelled dates, and the
next and previous meeting around a moment."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from bot.core.kernel.record import Rule
from bot.core.kernel.zones import out_of_reach, show_date, zone
from bot.core.language import DateError, parse_when

HOW_TO_SCHEDULE = (
    "Schedule one with `/meeting next 2024-02-13 15:00` or `/meeting every second Tuesday at 15:00 Europe/London`."
)
_SCAN_LIMIT = 2000  # occurrences looked at when skipping cancelled ones; a rule is never that sparse


@dataclass(frozen=True)
class Schedule:
    """Every meeting a committee has planned: its rules minus the cancelled meetings (UTC start times)."""

    rules: tuple[Rule, ...] = ()
    cancelled: frozenset[datetime] = frozenset()

    def next_after(self, moment: datetime) -> datetime | None:
        """The first meeting strictly after `moment`."""
        found = [at for rule in self.rules for at in _take(_after(rule, moment), self.cancelled, 1)]
        return min(found, default=None)

    def previous_before(self, moment: datetime) -> datetime | None:
        """The last meeting strictly before `moment`."""
        found = [at for rule in self.rules if (at := _before(rule, moment, self.cancelled)) is not None]
        return max(found, default=None)

    def upcoming(self, moment: datetime, count: int) -> list[datetime]:
        found = {at for rule in self.rules for at in _take(_after(rule, moment), self.cancelled, count)}
        return sorted(found)[:count]

    def on_day(self, day: date, tz: ZoneInfo) -> list[datetime]:
        """The meetings on that day in that zone (for "/meeting cancel 2024-03-12")."""
        start = datetime.combine(day, time(), tz).astimezone(UTC)
        end = datetime.combine(day + timedelta(days=1), time(), tz).astimezone(UTC)
        return [at for at in self.upcoming(start - timedelta(seconds=1), 24) if at < end]


def _recurrence(rule: Rule) -> rrule:
    """The rule over local wall-clock times: occurrences keep their local hour whatever the offset."""
    tz = ZoneInfo(rule.timezone)
    start = rule.start.astimezone(tz).replace(tzinfo=None)
    assert rule.rrule is not None
    parsed = rrulestr(rule.rrule, dtstart=start)
    assert isinstance(parsed, rrule)
    return parsed


def _local(moment: datetime, tz: ZoneInfo) -> datetime:
    return moment.astimezone(tz).replace(tzinfo=None)


def _utc(local: datetime, tz: ZoneInfo) -> datetime:
    return local.replace(tzinfo=tz).astimezone(UTC)


def _after(rule: Rule, moment: datetime) -> Iterator[datetime]:
    if rule.rrule is None:
        if rule.start > moment:
            yield rule.start
        return
    tz = ZoneInfo(rule.timezone)
    for local in _recurrence(rule).xafter(_local(moment, tz) - timedelta(hours=3), count=_SCAN_LIMIT):
        at = _utc(local, tz)
        if at > moment:  # the 3 hours of slack cover a moment inside a daylight-saving fold
            yield at


def _before(rule: Rule, moment: datetime, cancelled: frozenset[datetime]) -> datetime | None:
    if rule.rrule is None:
        return rule.start if rule.start < moment and rule.start not in cancelled else None
    tz = ZoneInfo(rule.timezone)
    recurrence = _recurrence(rule)
    local = _local(moment, tz) + timedelta(hours=3)
    for _ in range(_SCAN_LIMIT):
        found = recurrence.before(local)
        if found is None:
            return None
        at = _utc(found, tz)
        if at < moment and at not in cancelled:
            return at
        local = found
    return None


def _take(found: Iterator[datetime], cancelled: frozenset[datetime], count: int) -> list[datetime]:
    taken: list[datetime] = []
    for at in found:
        if at not in cancelled:
            taken.append(at)
            if len(taken) == count:
                break
    return taken


# -- reading what people type ------------------------------------------------------------------------------

_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2, "thursday": 3,
    "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "other": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "last": -1,
}  # fmt: skip
_TIME = re.compile(
    r"(?:\bat\s+(?=\d{1,2}\.\d\d)(?P<h2>[01]?\d|2[0-3])\.(?P<m2>[0-5]\d)|(?:\bat\s+)?\b(?P<h>[01]?\d|2[0-3])"
    r"(?:[:h](?P<m>[0-5]\d))?)\s*(?P<ap>[ap]\.?m\.?)?(?=\s|$|,)",
    re.I,
)  # 15:00, 15h00, 3pm, 3:30 pm, "at 9.30" (a dot only after "at": 13.03 is a date)
_ISO_T = re.compile(r"(\d{4}-\d\d-\d\d)T(?=\d)")
_ZONE = re.compile(r"(?:\b(?:in|tz)\s+)?(?P<z>\b(?:[A-Za-z_]+(?:/[A-Za-z0-9_+-]+)+|UTC|GMT)\b)\s*$")
_FROM = re.compile(r"\b(?:from|starting(?:\s+on|\s+from)?)\s+(?P<d>.+)$", re.I)
_RAW = re.compile(r"^(?:RRULE:)?(?P<r>FREQ=[A-Z]+(?:;[A-Z]+=[A-Z0-9,+-]+)*)$", re.I)
_WEEKDAY_LIST = r"(?P<days>[a-z]+(?:\s*(?:,|and|&)\s*[a-z]+)*)"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("daily", re.compile(r"^(?:day|working day|weekday|work day)s?$")),
    ("monthly", re.compile(r"^(?:month\s+on\s+)?(?:the\s+)?(?P<n>first|1st|second|2nd|third|3rd|fourth|4th|last)\s+"
                           r"(?P<day>[a-z]+?)s?(?:\s+of\s+(?:the|every)\s+month)?$")),
    ("weekly", re.compile(r"^(?:(?P<n>other|second|2nd|third|3rd|fourth|4th|\d{1,2})\s+)?"
                          r"(?:(?:weeks?)\s+(?:on\s+)?)?" + _WEEKDAY_LIST + r"$")),
)  # fmt: skip


class ScheduleError(ValueError):
    """A schedule that cannot be read or is in the past; `str()` is a kind sentence for the user."""


@dataclass(frozen=True)
class Planned:
    """What a /meeting line asks for: a rule to store and how to say it back."""

    rule: Rule
    description: str


def _when_and_zone(text: str, default_zone: str) -> tuple[str, time | None, str]:
    """Takes the zone (last word, when it is one) and the time of day out of the text."""
    text = _ISO_T.sub(r"\1 ", text.strip().rstrip("."))
    tz_name = default_zone
    if (match := _ZONE.search(text)) and zone(match.group("z")) is not None:
        tz_name = match.group("z")
        text = text[: match.start()].strip().rstrip(",")
    # the last time of day in the text; "13" alone is a day, not an hour
    found = [m for m in _TIME.finditer(text) if m.group("h2") or m.group("m") or m.group("ap")]
    if not found:
        return " ".join(text.split()), None, tz_name
    match = found[-1]
    if match.group("h2"):
        hour, minute = int(match.group("h2")), int(match.group("m2"))
    else:
        hour, minute = int(match.group("h")), int(match.group("m") or 0)
    ap = (match.group("ap") or "").lower().replace(".", "")
    if ap and not 1 <= hour <= 12:
        raise ScheduleError(f"“{match.group(0).strip()}” is not a time of day. Write 15:00 or 3pm.")
    hour = hour % 12 + (12 if ap == "pm" else 0) if ap else hour
    rest = text[: match.start()] + " " + text[match.end() :]
    return " ".join(rest.split()), time(hour, minute), tz_name


def read_once(text: str, *, now: datetime, default_zone: str, day_first: bool) -> Planned:
    """`2024-02-13 15:00 [Europe/London]`: one meeting, in the committee's zone unless one is given."""
    rest, at, tz_name = _when_and_zone(text, default_zone)
    if not rest:
        raise ScheduleError("On which day? For example `/meeting next 2024-02-13 15:00`.")
    if at is None:
        raise ScheduleError(f"At what time? For example `/meeting next {rest} 15:00`.")
    tz = ZoneInfo(tz_name)
    today = now.astimezone(tz).date()
    day = read_day(rest, today, day_first)
    start = datetime.combine(day, at, tz).astimezone(UTC)
    if start <= now:
        raise ScheduleError(f"{_show(start, tz)} is in the past. Give a date and time still to come.")
    return Planned(Rule(start=start, timezone=tz_name), f"a meeting on {_show(start, tz)}")


def read_recurring(text: str, *, now: datetime, default_zone: str, day_first: bool) -> Planned:
    """`every second Tuesday at 15:00 Europe/London [from 2024-03-01]`, or a raw RRULE."""
    body = re.sub(r"^every\s+", "", text.strip(), flags=re.I)
    since = None
    if match := _FROM.search(body):
        since, body = match.group("d"), body[: match.start()]
    rest, at, tz_name = _when_and_zone(body, default_zone)
    tz = ZoneInfo(tz_name)
    first_day = now.astimezone(tz).date()
    if since is not None:
        first_day = max(first_day, read_day(_when_and_zone(since, tz_name)[0], first_day, day_first))
    raw = _RAW.match(rest.replace(" ", ""))
    rule_text = _at_most_daily(raw.group("r").upper()) if raw else _rule(rest.lower())
    if at is None and not (raw and "BYHOUR" in rule_text):
        raise ScheduleError(f"At what time? For example `/meeting every {rest} at 15:00`.")
    dtstart = datetime.combine(first_day, at or time())
    try:
        # the first meeting is the rule's first day after now, ignoring INTERVAL: "every second Tuesday"
        # said on a Friday starts next Tuesday, and the fortnights count from there
        every = rrulestr(re.sub(r"INTERVAL=\d+;?", "", rule_text).rstrip(";"), dtstart=dtstart)
        rrulestr(rule_text, dtstart=dtstart)
    except (ValueError, TypeError) as error:
        raise ScheduleError(f"I couldn't read the rule “{rest}”: {error}.") from None
    assert isinstance(every, rrule)
    first = next((_utc(local, tz) for local in every.xafter(dtstart, count=50, inc=True)
                  if _utc(local, tz) > now), None)  # fmt: skip
    if first is None:
        raise ScheduleError(f"“{text.strip()}” gives no meeting still to come.")
    return Planned(
        Rule(start=first, timezone=tz_name, rrule=rule_text),
        f"{describe_rule(Rule(start=first, timezone=tz_name, rrule=rule_text))}, from {_show(first, tz)}",
    )


_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")


def _at_most_daily(rule_text: str) -> str:
    """A raw RRULE a committee can mean: meetings at most once a day (not every second, minute or hour)."""
    parts = dict(p.split("=", 1) for p in rule_text.split(";") if "=" in p)
    too_often = parts.get("FREQ") not in _FREQUENCIES or "BYSECOND" in parts
    too_often |= any("," in parts.get(key, "") for key in ("BYHOUR", "BYMINUTE"))
    if too_often:
        raise ScheduleError(
            f"“{rule_text}” would meet more than once a day. A schedule can repeat daily, weekly, monthly or yearly, "
            "at one time of day: `/meeting every FREQ=WEEKLY;BYDAY=TU at 15:00`."
        )
    return rule_text


def _rule(words: str) -> str:
    """An English recurrence -> an RRULE."""
    for kind, pattern in _PATTERNS:
        match = pattern.match(words)
        if not match:
            continue
        if kind == "daily":
            return "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
        if kind == "monthly":
            if "month" not in words and match.group("n") != "last":
                continue  # "every second Tuesday" is fortnightly; monthly says "of the month"
            n, day = _ORDINALS[match.group("n")], _weekday(match.group("day"))
            return f"FREQ=MONTHLY;BYDAY={n:+d}{_CODES[day]}"
        days = sorted({_weekday(d) for d in re.split(r"\s*(?:,|and|&)\s*", match.group("days"))})
        n_text = match.group("n")
        if n_text and n_text == "last":
            break
        interval = int(n_text) if n_text and n_text.isdigit() else _ORDINALS.get(n_text or "", 1)
        if interval < 1:
            break
        return f"FREQ=WEEKLY;INTERVAL={interval};BYDAY={','.join(_CODES[d] for d in days)}"
    raise ScheduleError(
        f"I couldn't read “every {words}” as a schedule. Try `/meeting every Tuesday at 15:00`, "
        "`/meeting every second Tuesday at 15:00 Europe/London` (fortnightly), "
        "`/meeting every first Monday of the month at 10:00`, or an iCalendar rule such as "
        "`/meeting every FREQ=WEEKLY;BYDAY=TU at 15:00`."
    )


def _weekday(word: str) -> int:
    key = word.lower().rstrip(".")
    found = _WEEKDAYS.get(key, _WEEKDAYS.get(key[:-1]) if key.endswith("s") else None)
    if found is None:
        raise ScheduleError(f"“{word}” is not a day of the week.")
    return found


def read_day(text: str, today: date, day_first: bool) -> date:
    """A day as typed (\"2024-02-13\", \"13 Feb\", \"Tuesday\"), read like due dates."""
    try:
        due = parse_when(re.sub(r"^(?:on|the)\s+", "", text, flags=re.I), today=today, day_first=day_first)
    except DateError as error:
        raise ScheduleError(str(error)) from None
    if due is None or due.on is None:
        raise ScheduleError(f"I couldn't read “{text}” as a day. Try `2024-02-13`, `13 Feb` or `Tuesday`.")
    if far := out_of_reach(due.on):
        raise ScheduleError(far)
    if due.alternatives:
        options = " or ".join(show_date(d) for d in (due.on, *due.alternatives))
        raise ScheduleError(f"“{text}” could mean {options}. Please write the date as 2024-02-13.")
    return due.on


def _show(moment: datetime, tz: ZoneInfo) -> str:
    local = moment.astimezone(tz)
    return f"{show_date(local.date())} at {local:%H:%M} {local.tzname()}"


def describe_rule(rule: Rule) -> str:
    """How a stored rule reads: "every 2 weeks on Tuesday at 15:00 Europe/London"."""
    at = rule.start.astimezone(ZoneInfo(rule.timezone))
    if rule.rrule is None:
        return f"once, {show_date(at.date())} at {at:%H:%M} {rule.timezone}"
    return f"every {_words(rule.rrule)} at {at:%H:%M} {rule.timezone}"


def _words(rule_text: str) -> str:
    parts = dict(p.split("=", 1) for p in rule_text.upper().split(";") if "=" in p)
    days = parts.get("BYDAY", "").split(",")
    if parts.get("FREQ") == "WEEKLY" and all(d in _CODES for d in days) and days != [""]:
        if days == ["MO", "TU", "WE", "TH", "FR"]:
            return "working day (Monday to Friday)"
        names = " and ".join(_NAMES[_CODES.index(d)] for d in days)
        interval = int(parts.get("INTERVAL", "1"))
        return names if interval == 1 else f"{interval} weeks on {names}"
    nth = re.fullmatch(r"([+-]?\d)(MO|TU|WE|TH|FR|SA|SU)", parts.get("BYDAY", ""))
    if parts.get("FREQ") == "MONTHLY" and nth and int(nth.group(1)) in (1, 2, 3, 4, -1):
        n = int(nth.group(1))
        which = "last" if n == -1 else ("first", "second", "third", "fourth")[n - 1]
        return f"month on the {which} {_NAMES[_CODES.index(nth.group(2))]}"
    return rule_text
