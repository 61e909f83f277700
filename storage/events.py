"""Events and calendar settings over SQLAlchemy (the core's Events port): conferences, digest, feed token."""

from __future__ import annotations

import hashlib
from datetime import date, time
from typing import Any, cast

from sqlalchemy import Select, Table, delete, select, text
from sqlalchemy.orm import Session

from bot.core.kernel.boundary import Scope
from bot.core.kernel.clock import Clock
from bot.core.kernel.model import CalendarSettings, Committee, Event
from storage.numbering import next_number
from storage.schema import CalendarSettingsRow, CommitteeAdminRow, CommitteeRow, EventRow

_EVENTS = cast(Table, EventRow.__table__)


class SqlEvents:
    """Events and calendar settings, scoped to one committee (the feed looks a committee up by token)."""

    def __init__(self, session: Session, clock: Clock) -> None:
        self._s = session
        self._clock = clock

    def add(self, committee: Committee, event: Event) -> Event:
        row = EventRow(
            team_id=committee.team_id,
            committee_id=committee.id,
            number=next_number(self._s, committee, "event"),
            created_by=event.created_by,
            created_at=event.created_at,
        )
        _fill_event(row, event)
        self._s.add(row)
        self._s.flush()
        event.id, event.number = row.id, row.number
        return event

    def get(self, committee: Committee, number: int) -> Event | None:
        row = self._s.scalars(self._scoped(committee).where(EventRow.number == number)).one_or_none()
        return None if row is None else _to_event(row)

    def find(
        self, committee: Committee, *, ending_from: date | None = None, starting_before: date | None = None
    ) -> list[Event]:
        """Plain rows, not ORM objects: read on every /action line that names a date, and by the feed in thousands."""
        events = _EVENTS.c
        query = select(_EVENTS).where(events.team_id == committee.team_id, events.committee_id == committee.id)
        if ending_from is not None:
            query = query.where(events.ends >= ending_from)
        if starting_before is not None:
            query = query.where(events.starts < starting_before)
        return [_to_event(r) for r in self._s.execute(query.order_by(events.starts, events.number))]

    def save(self, committee: Committee, event: Event) -> None:
        row = self._s.scalars(self._scoped(committee).where(EventRow.id == event.id)).one()
        _fill_event(row, event)
        self._s.flush()

    def remove(self, committee: Committee, event: Event) -> None:
        self._s.execute(
            delete(EventRow).where(
                EventRow.id == event.id, EventRow.team_id == committee.team_id, EventRow.committee_id == committee.id
            )
        )

    def settings(self, committee: Committee) -> CalendarSettings:
        row = self._s.get(CalendarSettingsRow, committee.id)
        return CalendarSettings() if row is None else _to_settings(row)

    def save_settings(self, committee: Committee, settings: CalendarSettings) -> None:
        row = self._s.get(CalendarSettingsRow, committee.id)
        if row is None:
            row = CalendarSettingsRow(committee_id=committee.id)
            self._s.add(row)
        if row.token != settings.token:
            row.token_rotated_at = self._clock.now()
        row.digest_day, row.digest_time = settings.digest_day, f"{settings.digest_time:%H:%M}"
        row.event_reminder_days, row.token = settings.event_reminder_days, settings.token
        self._s.flush()

    def by_token(self, token: str) -> Scope | None:
        found = self._s.execute(
            select(CommitteeRow.team_id, CommitteeRow.channel_id)
            .join(CalendarSettingsRow, CalendarSettingsRow.committee_id == CommitteeRow.id)
            .where(CalendarSettingsRow.token == token)
        ).one_or_none()
        return None if found is None else Scope(found.team_id, found.channel_id)

    def feed_version(self, committee: Committee) -> str:
        """A digest of every row the calendar feed shows, read raw (no conversion to values): what a poll costs when
        nothing changed, close to one SELECT of the rows."""
        digest = hashlib.blake2b(digest_size=16)
        for query in _FEED_ROWS:
            digest.update(repr(self._s.execute(query, {"c": committee.id}).all()).encode())
        return digest.hexdigest()

    def schedules(self) -> list[tuple[Committee, CalendarSettings]]:
        rows = self._s.execute(
            select(CommitteeRow, CalendarSettingsRow)
            .outerjoin(CalendarSettingsRow, CalendarSettingsRow.committee_id == CommitteeRow.id)
            .order_by(CommitteeRow.id)
        ).all()
        admins: dict[int, set[str]] = {}
        for committee_id, user_id in self._s.execute(select(CommitteeAdminRow.committee_id, CommitteeAdminRow.user_id)):
            admins.setdefault(committee_id, set()).add(user_id)
        return [
            (
                Committee(
                    id=c.id,
                    team_id=c.team_id,
                    channel_id=c.channel_id,
                    name=c.name,
                    timezone=c.timezone,
                    day_first=c.day_first,
                    admins=frozenset(admins.get(c.id, ())),
                ),
                CalendarSettings() if s is None else _to_settings(s),
            )
            for c, s in rows
        ]

    def _scoped(self, committee: Committee) -> Select[EventRow]:
        return select(EventRow).where(EventRow.team_id == committee.team_id, EventRow.committee_id == committee.id)


_FEED_ROWS = tuple(
    text(query)
    for query in (
        "SELECT name FROM committees WHERE id = :c",
        "SELECT id, name, starts, ends, place, notes, link FROM events WHERE committee_id = :c ORDER BY id",
        "SELECT items.id, number, task, status, due, item_owners.name FROM items"
        " LEFT JOIN item_owners ON item_owners.item_id = items.id"
        " WHERE committee_id = :c AND due IS NOT NULL ORDER BY items.id, item_owners.position",
        "SELECT id, start, timezone, rrule FROM meeting_rules WHERE committee_id = :c ORDER BY id",
        "SELECT starts_at FROM meeting_cancellations WHERE committee_id = :c ORDER BY starts_at",
    )
)


def _fill_event(row: EventRow, event: Event) -> None:
    row.name, row.starts, row.ends = event.name[:200], event.starts, event.ends
    row.place, row.notes, row.link = event.place[:200], event.notes, event.link[:500]


def _to_event(row: Any) -> Event:
    """An Event from an EventRow or a plain `events` row."""
    return Event(
        id=row.id,
        committee_id=row.committee_id,
        number=row.number,
        name=row.name,
        starts=row.starts,
        ends=row.ends,
        place=row.place,
        notes=row.notes,
        link=row.link,
        created_by=row.created_by,
        created_at=row.created_at,
    )


def _to_settings(row: CalendarSettingsRow) -> CalendarSettings:
    return CalendarSettings(
        digest_day=row.digest_day,
        digest_time=time.fromisoformat(row.digest_time),
        event_reminder_days=row.event_reminder_days,
        token=row.token,
    )
