"""The reminder policy: when an owner is reminded of an item, in their own zone, and what a pass sends.

A committee's settings give the days before the due date (0 is the due day), the local time of day,
and how many overdue nudges follow (the day after, then weekly). Each planned reminder is a Moment.
A plan remembers up to when its moments were handled; a pass sends only the latest moment that came
since then (the catch-up rule: after downtime, what is still useful goes out once, older ones are
skipped), so there is never a burst of stale messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

NUDGE_EVERY = timedelta(days=7)  # overdue nudges: the day after the due date, then weekly
MAX_DAYS_BEFORE = 60
MAX_NUDGES = 10


@dataclass(frozen=True)
class ReminderSettings:
    """A committee's reminder policy; the default is 3 days before, the due day, 4 nudges, at 09:00."""

    days_before: tuple[int, ...] = (3, 0)
    at: time = time(9, 0)
    nudges: int = 4

    def describe(self) -> str:
        if not self.days_before and not self.nudges:
            return "off"
        days = [("on the due day" if d == 0 else f"{d} day{'s' if d != 1 else ''} before") for d in self.days_before]
        nudges = f"{self.nudges} overdue nudge{'s' if self.nudges != 1 else ''} (the day after, then weekly)"
        return f"{', '.join(days) or 'none before the due date'}; {nudges}; at {self.at:%H:%M} in each owner's zone"


DEFAULT = ReminderSettings()


@dataclass
class Plan:
    """One person's reminders about one item: up to when they were handled, and when a pass is next needed."""

    item_id: int
    user_id: str  # who gets the DM: an owner, or the creator standing in for owners outside Slack
    due: date
    handled_until: datetime
    next_at: datetime | None
    about: str = ""  # the owners the creator is reminded for ("Ana (not in Slack)"); empty for an owner
    snoozed_until: datetime | None = None
    problem: str | None = None  # why this person cannot be reminded (user_not_found ...); no more reminders
    team_id: str = ""
    channel_id: str = ""  # the committee's channel


@dataclass(frozen=True)
class Moment:
    """One planned reminder: what it is ("before-3", "due", "overdue-2", "snoozed") and when (UTC)."""

    kind: str
    at: datetime


def local_moment(day: date, at: time, tz: ZoneInfo) -> datetime:
    """That wall-clock time on that day in the zone, as UTC (daylight saving applied for that day)."""
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def schedule(due: date, tz: ZoneInfo, settings: ReminderSettings) -> list[Moment]:
    """Every reminder for an item due that day, in time order."""
    moments = [
        Moment("due" if days == 0 else f"before-{days}", local_moment(due - timedelta(days=days), settings.at, tz))
        for days in sorted(set(settings.days_before), reverse=True)
    ]
    for n in range(settings.nudges):
        day = due + timedelta(days=1) + n * NUDGE_EVERY
        moments.append(Moment(f"overdue-{n + 1}", local_moment(day, settings.at, tz)))
    return moments


def handled_from(moments: list[Moment], planned_at: datetime) -> datetime:
    """Where a new plan starts: what was due before planning is past, except that an item already
    overdue still gets one nudge (the latest) on the next pass."""
    past_nudges = [m for m in moments if m.kind.startswith("overdue") and m.at <= planned_at]
    return past_nudges[-1].at - timedelta(microseconds=1) if past_nudges else planned_at


def pick(
    moments: list[Moment], handled_until: datetime, now: datetime, snoozed_until: datetime | None = None
) -> Moment | None:
    """The one reminder a pass at `now` sends: the latest that came since `handled_until`.

    While snoozed nothing goes out; when the snooze ends, the snoozed reminder comes back, unless a
    planned one came after the snooze's end (that one is newer, and goes out instead)."""
    if snoozed_until is not None:
        if snoozed_until > now:
            return None
        later = [m for m in moments if max(handled_until, snoozed_until) < m.at <= now]
        return later[-1] if later else Moment("snoozed", snoozed_until)
    came = [m for m in moments if handled_until < m.at <= now]
    return came[-1] if came else None


def next_at(moments: list[Moment], after: datetime, snoozed_until: datetime | None = None) -> datetime | None:
    """When the plan needs a pass next: the snooze's end while snoozed, else the next moment."""
    if snoozed_until is not None and snoozed_until > after:
        return snoozed_until
    return next((m.at for m in moments if m.at > after), None)


def snooze_end(now: datetime, days: int, tz: ZoneInfo, settings: ReminderSettings) -> datetime:
    """`days` later at the committee's reminder time in the owner's zone: a snooze keeps working hours."""
    return local_moment(now.astimezone(tz).date() + timedelta(days=days), settings.at, tz)


def due_words(due: date, today: date) -> str:
    """How far the due date is from the owner's today: "today", "in 3 days", "2 days ago"."""
    days = (due - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday — overdue"
    return f"in {days} days" if days > 0 else f"{-days} days ago — overdue"


class SettingsError(ValueError):
    """A reminder setting that makes no sense; the message says what would."""


SETTINGS_USAGE = (
    "Reminders: `/committee set reminders 3,0 at 09:00 nudges 4` (days before the due date, 0 being the "
    "due day; the local time; overdue nudges, the day after then weekly), any part alone, "
    "`/committee set reminders default` or `/committee set reminders off`."
)


def parse_settings(text: str, current: ReminderSettings) -> ReminderSettings:
    """`3,1,0 at 9:30 nudges 2`, or any part of it, or `off`, or `default`; raises SettingsError."""
    words = text.lower().replace(", ", ",").split()
    if words in (["off"], ["none"]):
        return ReminderSettings(days_before=(), at=current.at, nudges=0)
    if words in (["default"], ["defaults"], ["reset"]):
        return DEFAULT
    if not words:
        raise SettingsError(SETTINGS_USAGE)
    settings, i = current, 0
    while i < len(words):
        word = words[i]
        value = words[i + 1] if i + 1 < len(words) else ""
        if word == "at":
            settings, i = replace(settings, at=_time_of_day(value)), i + 2
        elif word in ("nudges", "nudge"):
            settings, i = replace(settings, nudges=_nudges(value)), i + 2
        elif word in ("before", "days"):
            settings, i = replace(settings, days_before=_days(value)), i + 2
        elif re.fullmatch(r"[-+\w]+(,[-+\w]+)*", word) and word[0] in "-+0123456789":
            settings, i = replace(settings, days_before=_days(word)), i + 1
        else:
            raise SettingsError(f"I don't understand “{word}” in a reminder setting. {SETTINGS_USAGE}")
    return settings


def _days(text: str) -> tuple[int, ...]:
    parts = [p for p in text.split(",") if p]
    if not parts or not all(p.isdigit() for p in parts):
        raise SettingsError(
            f"“{text}” is not a list of days before the due date: use whole numbers such as `3,0` "
            f"(0 is the due day; no negative days: overdue reminders are the nudges)."
        )
    days = tuple(sorted({int(p) for p in parts}, reverse=True))
    if days[0] > MAX_DAYS_BEFORE:
        raise SettingsError(f"{days[0]} days before is too early; at most {MAX_DAYS_BEFORE}.")
    if len(days) > 5:
        raise SettingsError("At most 5 reminders before the due date.")
    return days


def _time_of_day(text: str) -> time:
    match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?(am|pm)?", text)
    hour, minute = (int(match.group(1)), int(match.group(2) or 0)) if match else (-1, -1)
    if match and match.group(3):
        hour = -1 if not 1 <= hour <= 12 else hour % 12 + (12 if match.group(3) == "pm" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise SettingsError(f"“{text}” is not a time of day; use 24-hour time such as `09:00` or `14:30`.")
    return time(hour, minute)


def _nudges(text: str) -> int:
    if not text.isdigit() or int(text) > MAX_NUDGES:
        raise SettingsError(f"Overdue nudges must be a whole number from 0 to {MAX_NUDGES}, not “{text}”.")
    return int(text)
