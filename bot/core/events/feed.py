"""The committee calendar: the iCalendar feed (events, meetings, action items' due dates), its secret URL,
and the calendar settings admins change with `/committee set digest …`, `/committee set event-reminder …`.

The feed is built with the `icalendar` library. Events are all-day VEVENTs whose DTEND is the day
after the last day (RFC 5545: the end date is exclusive); meetings carry their time zone and RRULE;
each item with a due date is an all-day VEVENT on that day, its status in the summary.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

from icalendar import Calendar, vDuration, vRecur
from icalendar import Event as VEvent

from bot.core.kernel.context import Context
from bot.core.kernel.documents import Doc, Section, line, message
from bot.core.kernel.model import CalendarSettings, Caller, Committee, Event, Item, Status
from bot.core.kernel.ports import UnitOfWork
from bot.core.kernel.zones import pick_zone
from bot.core.language import WEEKDAYS as _WEEKDAYS

MEETING_LENGTH = timedelta(hours=1)
REFRESH = timedelta(hours=1)  # the schedule keeps start times only
TOKEN_BYTES = 24  # 192 random bits, URL-safe: at least the 128 the feed's secrecy needs
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{22,86}")
SETTING_KEYS = ("digest", "event-reminder", "event-reminders")
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_STATUS = {Status.OPEN: "open", Status.DONE: "done", Status.CANCELLED: "cancelled"}


@dataclass(frozen=True)
class Meeting:
    """A scheduled meeting as the feed shows it: its first start in its own zone, and how it repeats."""

    uid: str
    title: str
    starts: datetime  # aware, in the meeting's zone (ZoneInfo), so the feed carries its TZID
    duration: timedelta
    rrule: str | None = None  # RFC 5545 RRULE value, e.g. "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    exdates: tuple[datetime, ...] = ()  # cancelled occurrences, in the meeting's zone


def feed(
    committee: Committee, events: Sequence[Event], items: Sequence[Item], meetings: Sequence[Meeting], now: datetime
) -> bytes:
    """The committee's calendar as an iCalendar file."""
    cal = Calendar()
    cal.add("prodid", "-//Steerbot//Committee calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"#{committee.name}")
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})  # RFC 7986: how often to poll
    cal.add("x-published-ttl", vDuration(REFRESH))  # the same, for clients that predate RFC 7986
    where = f"{committee.team_id}-{committee.channel_id}".lower()
    for event in events:
        vevent = _vevent(f"event-{event.id}-{where}@steerbot", event.name, now)
        vevent.add("dtstart", event.starts)
        vevent.add("dtend", event.ends + timedelta(days=1))
        if event.place:
            vevent.add("location", event.place)
        if event.notes:
            vevent.add("description", event.notes)
        if event.link:
            vevent.add("url", event.link)
        vevent.add("categories", ["event"])
        cal.add_component(vevent)
    for meeting in meetings:
        vevent = _vevent(meeting.uid, meeting.title, now)
        vevent.add("dtstart", meeting.starts)
        vevent.add("duration", meeting.duration)
        if meeting.rrule:
            vevent.add("rrule", vRecur.from_ical(meeting.rrule))
        if meeting.exdates:
            vevent.add("exdate", list(meeting.exdates))
        vevent.add("categories", ["meeting"])
        cal.add_component(vevent)
    for item in items:
        if item.due is None:
            continue
        status = _STATUS[item.status]
        vevent = _vevent(f"item-{item.id}-{where}@steerbot", f"#{item.number} {item.task} ({status})", now)
        vevent.add("dtstart", item.due)
        vevent.add("dtend", item.due + timedelta(days=1))
        owners = ", ".join(o.name for o in item.owners) or "unassigned"
        vevent.add("description", f"Action item #{item.number}, {status}. Owners: {owners}.")
        vevent.add("status", "CANCELLED" if item.status is Status.CANCELLED else "CONFIRMED")
        vevent.add("categories", ["action item", status])
        cal.add_component(vevent)
    if meetings:
        cal.add_missing_timezones()
    return cal.to_ical()


def _vevent(uid: str, summary: str, now: datetime) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", uid)
    vevent.add("dtstamp", now)
    vevent.add("summary", summary)
    vevent.add("transp", "TRANSPARENT")  # a reminder of a date, not a busy slot
    return vevent


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


class CalendarService:
    """`/committee calendar [rotate|off]`, the digest and event-reminder settings, and the feed by token."""

    def __init__(self, uow: Callable[[], UnitOfWork], context: Context, public_url: str | None = None) -> None:
        self._uow = uow
        self._ctx = context
        self._public_url = public_url.rstrip("/") if public_url else None
        self._built: dict[int, tuple[str, bytes]] = {}  # committee id -> (fingerprint of its record, its feed)

    def calendar(self, caller: Caller, what: str) -> Doc:
        """Shows the feed's URL to admins (making one the first time), rotates it, or turns the feed off."""
        what = what.strip().lower() or "show"
        if what not in ("show", "rotate", "off"):
            return _say("`/committee calendar` shows the feed's address; `rotate` gives a new one; `off` stops it.")
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            if not self._ctx.is_admin(caller, committee):
                return _say("Only a committee admin can see or change the calendar feed's address.")
            settings = uow.events.settings(committee)
            token = None if what == "off" else settings.token if what == "show" and settings.token else new_token()
            if token != settings.token:
                uow.events.save_settings(committee, replace(settings, token=token))
            uow.commit()
        if token is None:
            return _say("✓ The calendar feed is off; its old address no longer works.")
        said = "A new address for" if what == "rotate" else "The address of"
        return Doc(
            summary=f"{said} #{committee.name}'s calendar feed",
            sections=(
                Section(
                    lines=(
                        line(f"{said} this committee's calendar (events, meetings, action items' due dates):"),
                        line(self.url(token)),
                        line(
                            "Anyone with it can read the calendar, so share it with care. "
                            "`/committee calendar rotate` replaces it (the old one stops working at once); "
                            "`/committee calendar off` stops the feed."
                        ),
                        *((line("The previous address no longer works."),) if what == "rotate" else ()),
                    )
                ),
            ),
        )

    def url(self, token: str) -> str:
        path = f"/calendar/{token}.ics"
        if self._public_url:
            return f"{self._public_url}{path}"
        return f"https://YOUR-BOT-HOST{path} (served in HTTP mode; set STEERBOT_PUBLIC_URL to show the address here)"

    def set(self, caller: Caller, key: str, value: str) -> Doc:
        """`/committee set digest monday 09:00|off`, `/committee set event-reminder 7d|off`."""
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            if not self._ctx.is_admin(caller, committee):
                return _say("Only a committee admin can change its settings. `/committee` shows who they are.")
            settings = uow.events.settings(committee)
            changed = _digest(settings, value) if key == "digest" else _event_reminder(settings, value)
            if isinstance(changed, str):
                return _say(changed)
            uow.events.save_settings(committee, changed)
            uow.commit()
        return _say("✓ " + describe(changed)[0 if key == "digest" else 1])

    def feed(self, token: str) -> bytes | None:
        """The feed of the committee with this token; None for any token that is not a live one."""
        if not _TOKEN_SHAPE.fullmatch(token):
            return None
        with self._uow() as uow:
            scope = uow.events.by_token(token)
            committee = uow.committees.find(scope) if scope else None
            return None if committee is None else self._feed(uow, committee)

    def export(self, channel: str | None) -> bytes | str:
        """The feed of the committee in that channel (id or name), or of the only one; or why not."""
        with self._uow() as uow:
            everyone = [c for c, _ in uow.events.schedules()]
            wanted = (channel or "").lstrip("#").lower()
            chosen = [c for c in everyone if wanted in (c.channel_id.lower(), c.name.lower())] if wanted else everyone
            if not everyone:
                return "No committee has used the bot yet: there is no calendar to export."
            if len(chosen) != 1:
                known = ", ".join(f"#{c.name} ({c.channel_id})" for c in everyone)
                which = f"No committee is “{channel}”." if channel else "There are several committees."
                return f"{which} Say which with --committee CHANNEL: {known}"
            return self._feed(uow, chosen[0])

    def _feed(self, uow: UnitOfWork, committee: Committee) -> bytes:
        """The feed, rebuilt only when the record behind it changed (calendar apps poll it again and again)."""
        events, items = uow.events.find(committee), uow.items.find(committee, statuses=tuple(Status))
        schedule = meetings(uow, committee)
        fingerprint = hashlib.sha256(repr((committee.name, events, items, schedule)).encode()).hexdigest()
        cached = self._built.get(committee.id)
        if cached is not None and cached[0] == fingerprint:
            return cached[1]  # its DTSTAMPs still tell when this snapshot was made, as RFC 5545 means them
        built = feed(committee, events, items, schedule, self._ctx.clock.now())
        self._built[committee.id] = (fingerprint, built)
        return built


def meetings(uow: UnitOfWork, committee: Committee) -> list[Meeting]:
    """The committee's schedule as calendar entries: each rule in its own zone, cancelled meetings left out."""
    cancelled = uow.meetings.cancelled(committee)
    where = f"{committee.team_id}-{committee.channel_id}".lower()
    found = []
    for rule in uow.meetings.rules(committee):
        if rule.rrule is None and rule.start in cancelled:
            continue
        tz = pick_zone(rule.timezone)
        found.append(
            Meeting(
                uid=f"meeting-{rule.id}-{where}@steerbot",
                title=f"#{committee.name} meeting",
                starts=rule.start.astimezone(tz),
                duration=MEETING_LENGTH,
                rrule=rule.rrule,
                exdates=tuple(sorted(at.astimezone(tz) for at in cancelled)) if rule.rrule else (),
            )
        )
    return found


def describe(settings: CalendarSettings) -> tuple[str, str]:
    """The digest and event-reminder settings in words."""
    digest = (
        "No weekly digest."
        if settings.digest_day is None
        else f"Weekly digest: {_DAY_NAMES[settings.digest_day]}s at {settings.digest_time:%H:%M}."
    )
    days = settings.event_reminder_days
    reminder = (
        "No event reminders." if days is None else f"Event reminders: {days} day{'s' if days != 1 else ''} before."
    )
    return digest, reminder


_TIME = re.compile(r"(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ampm>am|pm)?", re.IGNORECASE)
_LEAD = re.compile(r"(?P<n>\d{1,3})\s*(?P<unit>d|days?|w|weeks?)", re.IGNORECASE)


def _digest(settings: CalendarSettings, value: str) -> CalendarSettings | str:
    usage = "Set the digest like `/committee set digest monday 09:00`, or `off`."
    words = value.lower().split()
    if words == ["off"]:
        return replace(settings, digest_day=None)
    if not words or words[0].rstrip("s") not in _WEEKDAYS:
        return usage
    at = settings.digest_time
    if len(words) > 1:
        found = _TIME.fullmatch("".join(words[1:]))
        hour = int(found.group("h")) if found else 99
        if found and found.group("ampm"):
            hour = hour % 12 + (12 if found.group("ampm").lower() == "pm" else 0)
        minute = int(found.group("m") or 0) if found else 0
        if not found or hour > 23 or minute > 59:
            return f"“{' '.join(words[1:])}” is not a time of day. {usage}"
        at = time(hour, minute)
    return replace(settings, digest_day=_WEEKDAYS[words[0].rstrip("s")], digest_time=at)


def _event_reminder(settings: CalendarSettings, value: str) -> CalendarSettings | str:
    if value.strip().lower() in ("off", "none", "never"):
        return replace(settings, event_reminder_days=None)
    found = _LEAD.fullmatch(value.strip())
    if found is None:
        return "Set event reminders like `/committee set event-reminder 7d` (or `2w`), or `off`."
    days = int(found.group("n")) * (7 if found.group("unit").lower().startswith("w") else 1)
    if not 1 <= days <= 365:
        return "Event reminders can go out between 1 and 365 days before an event."
    return replace(settings, event_reminder_days=days)


def _say(text: str) -> Doc:
    return message(text, line(text))
