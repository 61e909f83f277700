"""Use cases for the meeting schedule: `/meeting next|every|cancel|list`, the next and last meeting of a
committee, and what "before the next meeting" means for due dates."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date, datetime
from functools import cached_property

from bot.core.events.service import anchors as event_anchors
from bot.core.items.service import ActionService
from bot.core.kernel.boundary import Caller
from bot.core.kernel.context import Context
from bot.core.kernel.documents import Doc, Section, Strong, line, say
from bot.core.kernel.model import NEXT_MEETING, Anchors, Committee, Item, Status
from bot.core.kernel.ports import UnitOfWork
from bot.core.kernel.record import Rule
from bot.core.kernel.zones import show_date, show_time
from bot.core.meetings.schedule import (
    HOW_TO_SCHEDULE,
    Planned,
    Schedule,
    ScheduleError,
    describe_rule,
    read_day,
    read_once,
    read_recurring,
)

LISTED = 6  # upcoming meetings shown by /meeting list


def schedule_of(uow: UnitOfWork, committee: Committee) -> Schedule:
    return Schedule(tuple(uow.meetings.rules(committee)), uow.meetings.cancelled(committee))


def next_meeting(uow: UnitOfWork, committee: Committee, now: datetime) -> datetime | None:
    """The committee's next scheduled meeting after `now` (UTC), if it has a schedule."""
    return schedule_of(uow, committee).next_after(now)


def last_meeting(uow: UnitOfWork, committee: Committee, schedule: Schedule, before: datetime) -> datetime | None:
    """The latest meeting before `before`: scheduled, or held with /meeting start."""
    held = uow.meetings.held(committee, before=before, limit=1)
    found = [at for at in (schedule.previous_before(before), held[0].at if held else None) if at is not None]
    return max(found, default=None)


class MeetingAnchors:
    """The AnchorSource for reading due dates: the next meeting's day (committee's zone) and recorded events."""

    def __init__(self, context: Context) -> None:
        self._ctx = context

    def anchors(self, uow: UnitOfWork, committee: Committee) -> Anchors:
        """Read from the record only when the line's reading asks for them, within `uow`'s transaction: most lines
        name no meeting, so the schedule (its rules, its cancellations, the next occurrence) is seldom looked up."""
        now = self._ctx.clock.now()
        tz = self._ctx.committee_zone(committee)

        def meeting() -> date | None:
            at = next_meeting(uow, committee, now)
            return at.astimezone(tz).date() if at else None

        return _LookedUp(meeting, lambda: event_anchors(uow.events, committee, now.astimezone(tz).date()).events)


class _LookedUp(Anchors):
    """Anchors whose values are looked up the first time they are read, then kept."""

    _meeting: Callable[[], date | None]
    _events: Callable[[], Mapping[str, date]]

    def __init__(self, meeting: Callable[[], date | None], events: Callable[[], Mapping[str, date]]) -> None:
        object.__setattr__(self, "_meeting", meeting)  # a frozen dataclass: its own __setattr__ refuses
        object.__setattr__(self, "_events", events)

    @cached_property
    def next_meeting(self) -> date | None:
        return self._meeting()

    @cached_property
    def events(self) -> Mapping[str, date]:
        return self._events()


class ScheduleService:
    def __init__(self, uow: Callable[[], UnitOfWork], context: Context, actions: ActionService) -> None:
        self._uow = uow
        self._ctx = context
        self._actions = actions  # re-dates the items that waited for a meeting, as /action due would

    def plan(self, caller: Caller, text: str, *, recurring: bool) -> Doc:
        """`/meeting next …` and `/meeting every …`."""
        now = self._ctx.clock.now()
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            read = read_recurring if recurring else read_once
            try:
                planned = read(text, now=now, default_zone=committee.timezone, day_first=committee.day_first)
            except ScheduleError as error:
                return say(str(error))
            replaced = recurring and any(r.rrule for r in uow.meetings.rules(committee))
            uow.meetings.add_rule(committee, _by(planned, caller))
            schedule = schedule_of(uow, committee)
            settled = self._settle_next_meeting_items(uow, caller, committee, schedule, now)
            uow.commit()
        viewer = self._ctx.zone(self._ctx.speaker(caller), committee)
        first = planned.rule.start
        lines = [line(Strong(text="✓ Scheduled: "), planned.description + ".")]
        if viewer.key != planned.rule.timezone:
            lines.append(line(f"For you that is {show_time(first, viewer)}."))
        if replaced:
            lines.append(line("This replaces the committee's previous recurring meeting."))
        if settled:
            day = show_date(first.astimezone(self._ctx.committee_zone(committee)).date())
            lines.append(line(f"Items due “before the next meeting” are now due {day}: {settled}."))
        return Doc(summary=f"Scheduled: {planned.description}", sections=(Section(lines=tuple(lines)),))

    def cancel(self, caller: Caller, text: str) -> Doc:
        now = self._ctx.clock.now()
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            tz = self._ctx.committee_zone(committee)
            try:
                day = read_day(text, now.astimezone(tz).date(), committee.day_first)
            except ScheduleError as error:
                return say(str(error))
            found = [at for at in schedule_of(uow, committee).on_day(day, tz) if at > now]
            if not found:
                return say(f"There is no meeting still to come on {show_date(day)}. `/meeting list` shows them.")
            for at in found:
                uow.meetings.cancel(committee, at, caller.user_id)
            uow.commit()
        viewer = self._ctx.zone(self._ctx.speaker(caller), committee)
        said = ", ".join(show_time(at, viewer) for at in found)
        return say(f"✓ Cancelled the meeting on {said}.")

    def clear(self, caller: Caller) -> Doc:
        """`/meeting clear`: no more meetings (admins); what was recorded stays."""
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            if not self._ctx.is_admin(caller, committee):
                return say("Only a committee admin can clear the meeting schedule. `/committee` shows who they are.")
            uow.meetings.clear_rules(committee)
            uow.commit()
        return say("✓ The meeting schedule is cleared. Decisions, items and minutes stay in the record.")

    def list(self, caller: Caller) -> Doc:
        now = self._ctx.clock.now()
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            schedule = schedule_of(uow, committee)
        viewer = self._ctx.zone(self._ctx.speaker(caller), committee)
        if not schedule.rules:
            return say(f"No meetings are scheduled. {HOW_TO_SCHEDULE}")
        upcoming = schedule.upcoming(now, LISTED)
        lines = [line(_capital(describe_rule(rule))) for rule in schedule.rules if rule.rrule or rule.start > now]
        lines += [line("• ", show_time(at, viewer)) for at in upcoming] or [line("No meeting still to come.")]
        cancelled = sorted(at for at in schedule.cancelled if at > now)
        if cancelled:
            lines.append(line("Cancelled: ", ", ".join(show_time(at, viewer) for at in cancelled[:LISTED])))
        title = f"Meetings of #{committee.name}"
        return Doc(summary=title, sections=(Section(heading=title, lines=tuple(lines)),))

    def _settle_next_meeting_items(
        self, uow: UnitOfWork, caller: Caller, committee: Committee, schedule: Schedule, now: datetime
    ) -> str:
        """Items due "before the next meeting" get the meeting's day once there is one; returns their numbers."""
        at = schedule.next_after(now)
        if at is None:
            return ""
        day = at.astimezone(self._ctx.committee_zone(committee)).date()
        today = self._ctx.today(None, committee)
        waiting = [i for i in uow.items.find(committee, statuses=(Status.OPEN,)) if _waits_for_meeting(i)]
        for item in waiting:
            item.due, item.due_phrase = day, None
            self._actions.save(uow, caller, committee, item, "re-dated", f"next meeting → {show_date(day)}", today)
        return ", ".join(f"#{i.number}" for i in waiting)


def _waits_for_meeting(item: Item) -> bool:
    return item.due is None and item.due_phrase == NEXT_MEETING


def _by(planned: Planned, caller: Caller) -> Rule:
    return replace(planned.rule, created_by=caller.user_id)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
