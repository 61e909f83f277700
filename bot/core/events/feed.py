"""The committee calendar as an iCalendar feed (events, meetings, action items' due dates), served by its
secret token and exported by `steerbot export --format ics`.

The feed is built with the `icalendar` library. Events are all-day VEVENTs whose DTEND is the day
after the last day (RFC 5545: the end date is exclusive); meetings carry their time zone and RRULE;
each item with a due date is an all-day VEVENT on that day, its status in the summary.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from icalendar import Calendar, vDuration, vRecur
from icalendar import Event as VEvent

from bot.core.events.vtimezone import vtimezone
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
    where = f"{committee.team_id}-{committee.channel_id}".lower()
    # a date the record should never have kept (an old import, say) leaves its entry out, not the whole feed
    for event in (e for e in events if not (out_of_reach(e.starts) or out_of_reach(e.ends))):
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
        if item.due is None or out_of_reach(item.due):
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
    for tzid in sorted(cal.get_used_tzids(), reverse=True):  # each meeting's zone, as rules every client reads
        cal.subcomponents.insert(0, vtimezone(tzid))
    return cal.to_ical()


def _vevent(uid: str, summary: str, now: datetime) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", uid)
    vevent.add("dtstamp", now)
    vevent.add("summary", summary)
    vevent.add("transp", "TRANSPARENT")  # a reminder of a date, not a busy slot
    return vevent


class Feeds:
    """Each committee's feed, by its secret token or by its channel."""

    def __init__(self, uow: Callable[[], UnitOfWork], context: Context) -> None:
        self._uow = uow
        self._ctx = context
        self._built: dict[int, tuple[str, bytes]] = {}  # committee id -> (fingerprint of its record, its feed)

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
