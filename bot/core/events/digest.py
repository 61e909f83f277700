"""The weekly digest: overdue, due soon, done, decisions, upcoming events, next meeting; the job that posts it.

Each section shows at most SECTION_LIMIT lines and counts the rest, so a digest of thousands of
items still fits one Slack message. Empty sections are left out; a quiet week is one line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from bot.core.events.service import event_line
from bot.core.items import cards
from bot.core.kernel.boundary import Caller, Post, Said
from bot.core.kernel.context import Context
from bot.core.kernel.documents import Doc, Inline, Section, Strong, line, message
from bot.core.kernel.model import CalendarSettings, Committee, Event, Item, Status
from bot.core.kernel.ports import UnitOfWork
from bot.core.kernel.record import Decision
from bot.core.kernel.zones import local_today, show_date, show_time
from bot.core.meetings.scheduling import next_meeting

SECTION_LIMIT = 10  # lines per section; the rest are counted
DUE_SOON_DAYS = 7
DONE_DAYS = 7
EVENT_DAYS = 90
T = TypeVar("T")
log = logging.getLogger(__name__)
CATCH_UP = timedelta(hours=24)  # a digest a day late (the bot was down) is stale: the next one will come


@dataclass(frozen=True)
class Record:
    """What a digest is made of, already chosen for its week."""

    today: date
    overdue: Sequence[Item]
    due_soon: Sequence[Item]
    done: Sequence[Item]
    decisions: Sequence[Decision]
    events: Sequence[Event]
    next_meeting: datetime | None = None


def digest(committee_name: str, record: Record, zone: ZoneInfo) -> Doc:
    """The digest document; user text stays raw (the renderer escapes it)."""
    title = f"Weekly digest of #{committee_name}"
    today = record.today
    sections: list[Section] = []

    def add(heading: str, found: Sequence[T], show: Callable[[T], tuple[Inline, ...]], more: str) -> None:
        if not found:
            return
        lines = [show(one) for one in found[:SECTION_LIMIT]]  # only what is shown is built: weeks can be long
        if len(found) > SECTION_LIMIT:
            lines.append(line(f"… and {len(found) - SECTION_LIMIT:,} more: {more}"))
        sections.append(Section(heading=f"{heading} ({len(found):,})", lines=tuple(lines)))

    def item(found: Item) -> tuple[Inline, ...]:
        return line("• ", *cards.item_line(found, today))

    add("Overdue", record.overdue, item, "`/action list overdue`")
    add(f"Due in the next {DUE_SOON_DAYS} days", record.due_soon, item, "`/action list soon`")
    add(f"Done in the last {DONE_DAYS} days", record.done, item, "`/action list done`")
    add(
        f"Decisions of the last {DONE_DAYS} days",
        record.decisions,
        lambda d: line(
            "• ", Strong(text=f"#{d.number}"), " ", d.text, f" · {show_date(d.recorded_at.astimezone(zone).date())}"
        ),
        "`/decision list`",
    )
    add(f"Events in the next {EVENT_DAYS} days", record.events, lambda e: line("• ", *event_line(e)), "`/event list`")
    if record.next_meeting is not None:
        sections.append(Section(heading="Next meeting", lines=(line(show_time(record.next_meeting, zone)),)))
    if not sections:
        quiet = f"A quiet week in #{committee_name}: nothing overdue, due, done or decided, and nothing coming up."
        return message(quiet, line(quiet))
    counts = f"{len(record.overdue):,} overdue, {len(record.due_soon):,} due soon, {len(record.done):,} done"
    heading = Section(heading=f"{title} · {show_date(today)}")
    return Doc(summary=f"{title}: {counts}", sections=(heading, *sections))


class DigestService:
    """Builds a committee's digest from the record: on demand (`/digest`) and for the weekly post."""

    def __init__(self, uow: Callable[[], UnitOfWork], context: Context) -> None:
        self._uow = uow
        self._ctx = context

    def handle(self, caller: Caller, said: Said) -> Doc:
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            doc = self.build(uow, committee, self._ctx.clock.now())
            uow.commit()
        return doc

    def build(self, uow: UnitOfWork, committee: Committee, now: datetime) -> Doc:
        zone = self._ctx.committee_zone(committee)
        today = local_today(now, zone)
        soon = today + timedelta(days=DUE_SOON_DAYS)
        open_items = uow.items.find(committee, due_before=soon)  # only what the digest can show: overdue, due soon
        record = Record(
            today=today,
            overdue=sorted((i for i in open_items if i.is_overdue(today)), key=_by_due),
            due_soon=sorted((i for i in open_items if i.due is not None and today <= i.due < soon), key=_by_due),
            done=uow.items.find(committee, statuses=(Status.DONE,), closed_since=now - timedelta(days=DONE_DAYS)),
            decisions=uow.decisions.find(committee, since=now - timedelta(days=DONE_DAYS), revoked=False),
            events=uow.events.find(committee, ending_from=today, starting_before=today + timedelta(days=EVENT_DAYS)),
            next_meeting=next_meeting(uow, committee, now),
        )
        return digest(committee.name, record, zone)


class DigestJob:
    """Posts each committee's digest at its weekly time, once per week even with several bot processes."""

    def __init__(self, service: DigestService, context: Context) -> None:
        self._service = service
        self._ctx = context
        # each committee's latest digest key this process saw queued (by it or another process): the
        # outbox keeps it to one post; this only spares rebuilding the digest on every pass of the window
        self._queued: dict[int, str] = {}

    def committees(self, uow: UnitOfWork, now: datetime) -> list[Committee]:
        return [
            c
            for c, settings in uow.events.schedules()
            if self._key(c, settings, now) not in (None, self._queued.get(c.id))
        ]

    def run_for(self, uow: UnitOfWork, committee: Committee, now: datetime, dry_run: bool) -> list[str]:
        key = self._key(committee, uow.events.settings(committee), now)
        if key is None:
            return []
        doc = self._service.build(uow, committee, now)
        what = f"the weekly digest of #{committee.name} ({key}): {doc.summary}"
        if dry_run:
            return [f"would post {what}"]
        queued = uow.outbox.add(Post(committee.team_id, doc, channel=committee.channel_id, key=key))
        self._queued[committee.id] = key
        return [f"queued {what}"] if queued else []

    def _key(self, committee: Committee, settings: CalendarSettings, now: datetime) -> str | None:
        """This week's digest key while its slot is open (a digest a day late is stale), else None."""
        slot = digest_slot(settings, self._ctx.committee_zone(committee), now)
        if slot is None or not slot <= now < slot + CATCH_UP:
            return None
        year, week, _ = slot.date().isocalendar()
        return f"digest:{committee.channel_id}:{year}-W{week:02d}"


def digest_slot(settings: CalendarSettings, zone: ZoneInfo, now: datetime) -> datetime | None:
    """This week's digest time (the latest one at or before `now`'s week day), or None when digests are off."""
    if settings.digest_day is None:
        return None
    local = now.astimezone(zone)
    day = local.date() - timedelta(days=(local.weekday() - settings.digest_day) % 7)
    return datetime.combine(day, settings.digest_time, zone)


def _by_due(item: Item) -> tuple[date, int]:
    return item.due or date.max, item.number
