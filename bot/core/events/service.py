"""Events: `/event` (add, list, edit, remove), how an event reads, and the reminder before one starts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from typing import assert_never

from bot.core.events.grammar import (
    EXAMPLE,
    AddEvent,
    DateError,
    EditEvent,
    EventLine,
    EventLineError,
    ListEvents,
    RemoveEvent,
    parse_event_command,
    read_event,
)
from bot.core.kernel.boundary import Caller, Post, Said
from bot.core.kernel.context import Context
from bot.core.kernel.documents import Doc, Inline, Link, Mention, Section, Strong, Text, line, message, say
from bot.core.kernel.grammar import Help, Invalid
from bot.core.kernel.model import Anchors, Committee, Event
from bot.core.kernel.ports import Events, UnitOfWork
from bot.core.kernel.zones import local_today, show_date

LIST_LIMIT = 50  # events shown in one list; the rest are counted
REMINDER_TIME = time(9, 0)  # event reminders go out at this time in the committee's zone

HELP = Doc(
    summary="How to use /event",
    sections=(
        Section(
            heading="Events",
            lines=(
                line(Strong(text=EXAMPLE.strip("`"))),
                line(
                    "  records an event: its name, a comma, its dates (“Feb 3-4 2024”, “November 12-17, 2023”, "
                    "“Dec 30 2024 - Jan 2 2025”, or one day; with no year, the next one), then optionally the place, "
                    "(notes) and a link."
                ),
                line(Strong(text="/event list"), " upcoming · ", Strong(text="/event list past")),
                line(Strong(text="/event edit #2"), " the whole line again · ", Strong(text="/event remove #2")),
                line("Only the member who recorded an event or a committee admin can edit or remove it."),
            ),
        ),
    ),
)


def show_dates(event: Event) -> str:
    """`Sat 3 Feb 2024 – Sun 4 Feb 2024`, with weekdays, so a wrong guess is seen at once."""
    if event.starts == event.ends:
        return show_date(event.starts)
    return f"{show_date(event.starts)} – {show_date(event.ends)}"


def event_line(event: Event) -> tuple[Inline, ...]:
    parts: list[Inline] = [
        Strong(text=f"#{event.number}"),
        Text(text=" " + event.name),
        Text(text=" · " + show_dates(event)),
    ]
    if event.place:
        parts.append(Text(text=" · " + event.place))
    if event.notes:
        parts.append(Text(text=f" ({event.notes})"))
    if event.link:
        parts += [Text(text=" · "), Link(url=event.link, label="link")]
    return tuple(parts)


def anchors(events: Events, committee: Committee, today: date) -> Anchors:
    """What "before FOSDEM" can mean: the committee's events still to come (the nearest of a name wins)."""
    found: dict[str, date] = {}
    for event in events.find(committee, ending_from=today):
        found.setdefault(event.name, event.starts)
    return Anchors(events=found)


class EventService:
    def __init__(self, uow: Callable[[], UnitOfWork], context: Context) -> None:
        self._uow = uow
        self._ctx = context

    def handle(self, caller: Caller, said: Said) -> Doc | None:
        match parse_event_command(said.text):
            case Help():
                return HELP
            case Invalid(message=why):
                return say(why)
            case AddEvent(text=text):
                return self.add(caller, text)
            case ListEvents(past=past):
                return self.list(caller, past=past)
            case EditEvent(number=number, text=text):
                return self.edit(caller, number, text)
            case RemoveEvent(number=number):
                return self.remove(caller, number)
            case unreachable:
                assert_never(unreachable)

    def add(self, caller: Caller, text: str) -> Doc | None:
        speaker = self._ctx.speaker(caller)
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            today = self._ctx.today(speaker, committee)
            read = self._read(text, today, committee.day_first)
            if isinstance(read, Doc):
                return read
            event = uow.events.add(
                committee,
                Event(
                    committee_id=committee.id,
                    number=0,
                    name=read.name,
                    starts=read.starts,
                    ends=read.ends,
                    place=read.place,
                    notes=read.notes,
                    link=read.link,
                    created_by=caller.user_id,
                    created_at=self._ctx.clock.now(),
                ),
            )
            by = Mention(user_id=caller.user_id, name=speaker.label if speaker else caller.user_id)
            doc = Doc(
                summary=f"Event #{event.number}: {event.name}, {show_dates(event)}",
                sections=(Section(lines=(line("📅 ", *event_line(event)), line("Recorded by ", by, "."))),),
            )
            uow.outbox.add(Post(caller.team_id, doc, channel=caller.channel_id))
            uow.commit()
        if event.ends < today:  # kept (a record of the past), but a mistyped year should be seen at once
            n = event.number
            return say(f"⚠️ Event #{n} was {show_dates(event)}, already past. `/event edit #{n} …` fixes it.")
        return None

    def list(self, caller: Caller, *, past: bool) -> Doc:
        speaker = self._ctx.speaker(caller)
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            today = self._ctx.today(speaker, committee)
            if past:
                events = [e for e in uow.events.find(committee, starting_before=today) if e.ends < today][::-1]
            else:
                events = uow.events.find(committee, ending_from=today)
        title = "Past events" if past else "Upcoming events"
        return event_list(title, events, empty=f"{title}: none. Record one: {EXAMPLE}")

    def edit(self, caller: Caller, number: int, text: str) -> Doc:
        speaker = self._ctx.speaker(caller)
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            event = self._changeable(uow, caller, committee, number)
            if isinstance(event, Doc):
                return event
            read = self._read(text, self._ctx.today(speaker, committee), committee.day_first)
            if isinstance(read, Doc):
                return read
            event.name, event.starts, event.ends = read.name, read.starts, read.ends
            event.place, event.notes, event.link = read.place, read.notes, read.link
            uow.events.save(committee, event)
            uow.commit()
        return message(f"Event #{number} changed.", line("✓ ", *event_line(event)))

    def remove(self, caller: Caller, number: int) -> Doc:
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            event = self._changeable(uow, caller, committee, number)
            if isinstance(event, Doc):
                return event
            uow.events.remove(committee, event)
            uow.commit()
        return say(f"✓ Event #{number} ({event.name}) removed.")

    def _read(self, text: str, today: date, day_first: bool) -> EventLine | Doc:
        """The event line, or why it is not one."""
        try:
            return read_event(text, today=today, day_first=day_first)
        except (EventLineError, DateError) as error:
            return say(str(error))

    def _changeable(self, uow: UnitOfWork, caller: Caller, committee: Committee, number: int) -> Event | Doc:
        """The event, or why the caller can't change it."""
        event = uow.events.get(committee, number)
        if event is None:
            return say(f"There is no event #{number} in this channel. `/event list` shows them.")
        if event.created_by != caller.user_id and not self._ctx.is_admin(caller, committee):
            return say(f"Only the member who recorded event #{number} or a committee admin can change it.")
        return event


def event_list(title: str, events: Sequence[Event], *, empty: str) -> Doc:
    if not events:
        return say(empty)
    lines = [line("• ", *event_line(e)) for e in events[:LIST_LIMIT]]
    if len(events) > LIST_LIMIT:
        lines.append(line(f"… and {len(events) - LIST_LIMIT:,} more not shown."))
    count = f"{len(events):,} event{'s' if len(events) != 1 else ''}"
    return Doc(summary=f"{title}: {count}", sections=(Section(heading=f"{title} ({count})", lines=tuple(lines)),))


class EventReminderJob:
    """Posts to the channel, a set number of days before an event starts, that it is coming (once per event)."""

    def __init__(self, context: Context) -> None:
        self._ctx = context

    def committees(self, uow: UnitOfWork, now: datetime) -> list[Committee]:
        return [c for c, settings in uow.events.schedules() if settings.event_reminder_days is not None]

    def run_for(self, uow: UnitOfWork, committee: Committee, now: datetime, dry_run: bool) -> list[str]:
        days = uow.events.settings(committee).event_reminder_days
        if days is None:
            return []
        said: list[str] = []
        tz = self._ctx.committee_zone(committee)
        today = local_today(now, tz)
        for event in uow.events.find(committee, ending_from=today, starting_before=today + timedelta(days + 1)):
            due_at = datetime.combine(event.starts - timedelta(days=days), REMINDER_TIME, tz)
            # too early; or recorded after the reminder was due, so the channel just saw it; or begun
            if now < due_at or event.created_at >= due_at or event.starts <= today:
                continue
            doc = reminder(event, (event.starts - today).days)
            key = f"event:{event.id}:{event.starts.isoformat()}:{days}"
            what = f"the reminder of event #{event.number} to #{committee.name} ({key}): {doc.summary}"
            if dry_run:
                said.append(f"would post {what}")
            elif uow.outbox.add(Post(committee.team_id, doc, channel=committee.channel_id, key=key)):
                said.append(f"queued {what}")
        return said


def reminder(event: Event, days_left: int) -> Doc:
    when = "tomorrow" if days_left == 1 else f"in {days_left} days"
    return Doc(
        summary=f"{event.name} starts {when}",
        sections=(Section(lines=(line("📅 Coming up ", when, ": ", *event_line(event)),)),),
    )
