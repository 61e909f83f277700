"""The committee calendar as an iCalendar feed (events, meetings, action items' due dates), served by its
secret token and exported by `steerbot export --format ics` and `/committee export ics`.

The feed is built with the `icalendar` library. Events are all-day VEVENTs whose DTEND is the day
after the last day (RFC 5545: the end date is exclusive); meetings carry their time zone and RRULE;
each item with a due date is an all-day VEVENT on that day, its status in the summary.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, vDuration, vRecur
from icalendar import Event as VEvent

from bot.core.events.vtimezone import vtimezone
from bot.core.kernel.boundary import Scope
from bot.core.kernel.context import Context
from bot.core.kernel.model import Committee, Event, Item, Status
from bot.core.kernel.ports import UnitOfWork
from bot.core.kernel.zones import out_of_reach, pick_zone

MEETING_LENGTH = timedelta(hours=1)
REFRESH = timedelta(hours=1)  # the schedule keeps start times only
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{22,86}")
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
    for meeting in meetings:
        vevent = VEvent()
        vevent.add("uid", meeting.uid)
        vevent.add("dtstamp", now)
        vevent.add("summary", meeting.title)
        vevent.add("transp", "TRANSPARENT")
        vevent.add("dtstart", meeting.starts)
        vevent.add("duration", meeting.duration)
        if meeting.rrule:
            vevent.add("rrule", vRecur.from_ical(meeting.rrule))
        if meeting.exdates:
            vevent.add("exdate", list(meeting.exdates))
        vevent.add("categories", ["meeting"])
        cal.add_component(vevent)
    for tzid in sorted(cal.get_used_tzids(), reverse=True):  # each meeting's zone, as rules every client reads
        cal.subcomponents.insert(0, vtimezone(tzid))
    where = f"{committee.team_id}-{committee.channel_id}".lower()
    stamp = f"{now.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    # thousands of all-day entries are written directly: the library's objects cost fifty times a SELECT of them
    entries = [_event(e, where, stamp) for e in events if not (out_of_reach(e.starts) or out_of_reach(e.ends))]
    entries += [_item(i, where, stamp) for i in items if i.due is not None and not out_of_reach(i.due)]
    head, end = cal.to_ical().rsplit(b"END:VCALENDAR", 1)
    return head + "".join(entries).encode() + b"END:VCALENDAR" + end


def _event(event: Event, where: str, stamp: str) -> str:
    lines = _all_day(f"event-{event.id}-{where}@steerbot", event.name, stamp, event.starts, event.ends)
    if event.place:
        lines.append(("LOCATION", _text(event.place)))
    if event.notes:
        lines.append(("DESCRIPTION", _text(event.notes)))
    if event.link:
        lines.append(("URL", event.link))
    return _component(lines + [("CATEGORIES", "event")])


def _item(item: Item, where: str, stamp: str) -> str:
    assert item.due is not None
    status = _STATUS[item.status]
    summary = f"#{item.number} {item.task} ({status})"
    lines = _all_day(f"item-{item.id}-{where}@steerbot", summary, stamp, item.due, item.due)
    owners = ", ".join(o.name for o in item.owners) or "unassigned"
    lines.append(("DESCRIPTION", _text(f"Action item #{item.number}, {status}. Owners: {owners}.")))
    lines.append(("STATUS", "CANCELLED" if item.status is Status.CANCELLED else "CONFIRMED"))
    return _component(lines + [("CATEGORIES", f"action item,{status}")])


def _all_day(uid: str, summary: str, stamp: str, first: date, last: date) -> list[tuple[str, str]]:
    """An entry's common lines: all day from `first` to `last` (DTEND is the day after: RFC 5545 §3.6.1)."""
    return [
        ("UID", _text(uid)),
        ("DTSTAMP", stamp),
        ("SUMMARY", _text(summary)),
        ("TRANSP", "TRANSPARENT"),  # a reminder of a date, not a busy slot
        ("DTSTART;VALUE=DATE", f"{first:%Y%m%d}"),
        ("DTEND;VALUE=DATE", f"{last + timedelta(days=1):%Y%m%d}"),
    ]


def _component(lines: list[tuple[str, str]]) -> str:
    return "BEGIN:VEVENT\r\n" + "".join(_fold(f"{name}:{value}") for name, value in lines) + "END:VEVENT\r\n"


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _text(value: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and line breaks escaped, other control characters out."""
    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """A content line folded at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character."""
    data = line.encode()
    if len(data) <= 75:
        return line + "\r\n"
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            end -= 1
        parts.append(data[start:end].decode())
        start, limit = end, 74  # a folded line starts with a space
    return "\r\n ".join(parts) + "\r\n"


@dataclass(frozen=True)
class Served:
    """A feed as served: its version (an HTTP ETag), and its text, or None when the asker has that version already."""

    version: str
    body: bytes | None


class Feeds:
    """Each committee's feed, by its secret token or by its channel."""

    def __init__(self, uow: Callable[[], UnitOfWork], context: Context) -> None:
        self._uow = uow
        self._ctx = context
        self._built: dict[int, tuple[str, bytes]] = {}  # committee id -> (version of its record, its feed)

    def feed(self, token: str, known: str | None = None) -> Served | None:
        """The feed of the committee with this token (nothing new when `known` is its version); None for any token
        that is not a live one."""
        if not _TOKEN_SHAPE.fullmatch(token):
            return None
        with self._uow() as uow:
            scope = uow.events.by_token(token)
            committee = uow.committees.find(scope) if scope else None
            if committee is None:
                return None
            version = uow.events.feed_version(committee)
            return Served(version, None if version == known else self._feed(uow, committee, version))

    def of(self, scope: Scope) -> bytes | None:
        """The feed of the committee in that workspace's channel (`/committee export ics`); None: no committee there."""
        with self._uow() as uow:
            committee = uow.committees.find(scope)
            return None if committee is None else self._feed(uow, committee, uow.events.feed_version(committee))

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
            return self._feed(uow, chosen[0], uow.events.feed_version(chosen[0]))

    def _feed(self, uow: UnitOfWork, committee: Committee, version: str) -> bytes:
        """The feed, rebuilt only when the record behind it changed (calendar apps poll it again and again)."""
        cached = self._built.get(committee.id)
        if cached is not None and cached[0] == version:
            return cached[1]  # its DTSTAMPs still tell when this snapshot was made, as RFC 5545 means them
        events, items = uow.events.find(committee), uow.items.find(committee, statuses=tuple(Status))
        built = feed(committee, events, items, meetings(uow, committee), self._ctx.clock.now())
        self._built[committee.id] = (version, built)
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
