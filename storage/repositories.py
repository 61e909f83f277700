"""The core's storage ports over SQLAlchemy: rows <-> domain values, always scoped to one committee."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from types import TracebackType
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from bot.core.kernel.model import CalendarSettings, Change, Committee, Event, Item, MessageRef, Owner, Scope, Status
from bot.core.kernel.ports import (
    AgendaItems,
    Clock,
    Committees,
    Decisions,
    Events,
    Items,
    Meetings,
    Outbox,
    Post,
    ReminderPlans,
    Topics,
    Updates,
)
from storage.locks import lock_committee
from storage.meeting_repositories import SqlAgendaItems, SqlDecisions, SqlMeetings, SqlTopics, SqlUpdates
from storage.reminders import SqlReminderPlans
from storage.schema import (
    CalendarSettingsRow,
    CommitteeAdminRow,
    CommitteeRow,
    EventRow,
    ItemChangeRow,
    ItemOwnerRow,
    ItemRow,
    OutboxRow,
)


class SqlCommittees:
    def __init__(self, session: Session, clock: Clock) -> None:
        self._s = session
        self._clock = clock

    def find(self, scope: Scope) -> Committee | None:
        row = self._s.scalars(
            select(CommitteeRow).where(
                CommitteeRow.team_id == scope.team_id, CommitteeRow.channel_id == scope.channel_id
            )
        ).one_or_none()
        return None if row is None else self._to_committee(row)

    def lock(self, committee: Committee) -> None:
        lock_committee(self._s, committee)

    def of_team(self, team_id: str) -> list[Committee]:
        rows = self._s.scalars(select(CommitteeRow).where(CommitteeRow.team_id == team_id).order_by(CommitteeRow.name))
        return [self._to_committee(row) for row in rows]

    def create(self, scope: Scope, *, name: str, timezone: str, admin: str) -> Committee:
        row = CommitteeRow(
            team_id=scope.team_id,
            channel_id=scope.channel_id,
            name=name[:200],
            timezone=timezone,
            day_first=True,
            last_number=0,
            created_at=self._clock.now(),
        )
        self._s.add(row)
        self._s.flush()
        self._s.add(CommitteeAdminRow(committee_id=row.id, user_id=admin))
        self._s.flush()
        return self._to_committee(row)

    def save_settings(self, committee: Committee) -> None:
        self._s.execute(
            update(CommitteeRow)
            .where(CommitteeRow.id == committee.id, CommitteeRow.team_id == committee.team_id)
            .values(name=committee.name[:200], timezone=committee.timezone, day_first=committee.day_first)
        )

    def set_admin(self, committee: Committee, user_id: str, admin: bool) -> None:
        exists = self._s.get(CommitteeAdminRow, (committee.id, user_id))
        if admin and exists is None:
            self._s.add(CommitteeAdminRow(committee_id=committee.id, user_id=user_id))
        elif not admin and exists is not None:
            self._s.delete(exists)
        self._s.flush()
        committee.admins = self._admins(committee.id)

    def _admins(self, committee_id: int) -> frozenset[str]:
        return frozenset(
            self._s.scalars(select(CommitteeAdminRow.user_id).where(CommitteeAdminRow.committee_id == committee_id))
        )

    def _to_committee(self, row: CommitteeRow) -> Committee:
        return Committee(
            id=row.id,
            team_id=row.team_id,
            channel_id=row.channel_id,
            name=row.name,
            timezone=row.timezone,
            day_first=row.day_first,
            admins=self._admins(row.id),
        )


class SqlItems:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, committee: Committee, item: Item) -> Item:
        number = self._s.execute(
            update(CommitteeRow)
            .where(CommitteeRow.id == committee.id, CommitteeRow.team_id == committee.team_id)
            .values(last_number=CommitteeRow.last_number + 1)
            .returning(CommitteeRow.last_number)
        ).scalar_one()
        row = ItemRow(
            team_id=committee.team_id,
            committee_id=committee.id,
            number=number,
            created_by=item.created_by,
            created_at=item.created_at,
        )
        self._fill(row, item)
        self._s.add(row)
        self._s.flush()
        item.id, item.number = row.id, number
        self._write_owners(row.id, item.owners)
        return item

    def get(self, committee: Committee, number: int) -> Item | None:
        return self._one(committee, ItemRow.number == number)

    def get_by_id(self, committee: Committee, item_id: int) -> Item | None:
        return self._one(committee, ItemRow.id == item_id)

    def find(
        self,
        committee: Committee,
        *,
        statuses: Sequence[Status] = (Status.OPEN,),
        owner: str | None = None,
        closed_since: datetime | None = None,
        due_before: date | None = None,
    ) -> list[Item]:
        query = self._rows(committee).where(ItemRow.status.in_([s.value for s in statuses]))
        if owner is not None:
            owned = select(ItemOwnerRow.item_id).where(
                (ItemOwnerRow.user_id == owner) | ((ItemOwnerRow.user_id.is_(None)) & (ItemOwnerRow.name == owner))
            )
            query = query.where(ItemRow.id.in_(owned))
        if closed_since is not None:
            query = query.where(ItemRow.closed_at >= closed_since)
        if due_before is not None:
            query = query.where(ItemRow.due < due_before)
        return self._to_items(list(self._s.execute(query.order_by(ItemRow.number))))

    def save(self, committee: Committee, item: Item) -> None:
        row = self._s.scalars(self._scoped(committee).where(ItemRow.id == item.id)).one()
        self._fill(row, item)
        self._s.execute(delete(ItemOwnerRow).where(ItemOwnerRow.item_id == row.id))
        self._write_owners(row.id, item.owners)
        self._s.flush()

    def record(self, committee: Committee, item: Item, change: Change) -> None:
        assert item.id is not None and item.committee_id == committee.id
        self._s.add(
            ItemChangeRow(item_id=item.id, at=change.at, actor=change.actor, action=change.action, detail=change.detail)
        )
        self._s.flush()

    def history(self, committee: Committee, item: Item) -> list[Change]:
        rows = self._s.scalars(
            select(ItemChangeRow)
            .join(ItemRow, ItemRow.id == ItemChangeRow.item_id)
            .where(
                ItemRow.committee_id == committee.id,
                ItemRow.team_id == committee.team_id,
                ItemChangeRow.item_id == item.id,
            )
            .order_by(ItemChangeRow.id)
        )
        return [Change(r.at, r.actor, r.action, r.detail) for r in rows]

    def _scoped(self, committee: Committee) -> Select[ItemRow]:
        return select(ItemRow).where(ItemRow.team_id == committee.team_id, ItemRow.committee_id == committee.id)

    def _rows(self, committee: Committee) -> Select[Any]:
        """The committee's items as plain rows: reading ORM objects costs about twice as much on long lists."""
        items = ItemRow.__table__
        return select(items).where(items.c.team_id == committee.team_id, items.c.committee_id == committee.id)

    def _one(self, committee: Committee, condition: ColumnElement[bool]) -> Item | None:
        row = self._s.execute(self._rows(committee).where(condition)).one_or_none()
        return None if row is None else self._to_items([row])[0]

    def _fill(self, row: ItemRow, item: Item) -> None:
        row.task, row.status, row.due, row.due_phrase = item.task, item.status.value, item.due, item.due_phrase
        row.closed_at = item.closed_at
        row.message_channel = item.message.channel if item.message else None
        row.message_ts = item.message.ts if item.message else None

    def _write_owners(self, item_id: int, owners: Sequence[Owner]) -> None:
        for position, owner in enumerate(owners):
            self._s.add(
                ItemOwnerRow(
                    item_id=item_id,
                    position=position,
                    user_id=owner.user_id,
                    name=owner.name[:200],
                    is_group=owner.group,
                )
            )
        self._s.flush()

    def _to_items(self, rows: Sequence[Row[Any]]) -> list[Item]:
        owners: dict[int, list[Owner]] = {r.id: [] for r in rows}
        for chunk in _chunks(list(owners), 500):
            for item_id, name, user_id, is_group in self._s.execute(
                select(ItemOwnerRow.item_id, ItemOwnerRow.name, ItemOwnerRow.user_id, ItemOwnerRow.is_group)
                .where(ItemOwnerRow.item_id.in_(chunk))
                .order_by(ItemOwnerRow.position)
            ):
                owners[item_id].append(Owner(name=name, user_id=user_id, group=is_group))
        return [
            Item(
                id=r.id,
                committee_id=r.committee_id,
                number=r.number,
                task=r.task,
                owners=owners[r.id],
                created_by=r.created_by,
                created_at=r.created_at,
                due=r.due,
                due_phrase=r.due_phrase,
                status=Status(r.status),
                closed_at=r.closed_at,
                message=MessageRef(r.message_channel, r.message_ts) if r.message_channel and r.message_ts else None,
            )
            for r in rows
        ]


class SqlOutbox:
    def __init__(self, session: Session, clock: Clock) -> None:
        self._s = session
        self._clock = clock

    def add(self, post: Post) -> bool:
        now = self._clock.now()
        values = dict(
            team_id=post.team_id,
            key=post.key,
            channel=post.channel,
            user_id=post.user,
            update_channel=post.update.channel if post.update else None,
            update_ts=post.update.ts if post.update else None,
            item_id=post.item_id,
            doc=post.doc.model_dump(mode="json"),
            state="pending",
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
        if post.key is None:
            self._s.add(OutboxRow(**values))
            self._s.flush()
            return True
        # concurrent schedulers may add the same keyed post: the database keeps exactly one
        insert = pg_insert if self._s.get_bind().dialect.name == "postgresql" else sqlite_insert
        added = self._s.execute(
            insert(OutboxRow)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["team_id", "key"])
            .returning(OutboxRow.id)
        ).first()
        return added is not None


class SqlUnitOfWork:
    """One session and one transaction; leaving without commit() rolls everything back."""

    committees: Committees
    items: Items
    outbox: Outbox
    events: Events
    reminders: ReminderPlans
    meetings: Meetings
    decisions: Decisions
    updates: Updates
    topics: Topics
    agenda_items: AgendaItems

    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def __enter__(self) -> SqlUnitOfWork:
        self.session = self._sessions()
        self.committees = SqlCommittees(self.session, self._clock)
        self.items = SqlItems(self.session)
        self.outbox = SqlOutbox(self.session, self._clock)
        self.events = SqlEvents(self.session, self._clock)
        self.reminders = SqlReminderPlans(self.session)
        self.meetings = SqlMeetings(self.session, self._clock)
        self.decisions = SqlDecisions(self.session)
        self.updates = SqlUpdates(self.session)
        self.topics = SqlTopics(self.session)
        self.agenda_items = SqlAgendaItems(self.session, SqlItems(self.session))
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        self.session.commit()


def _chunks(values: list[int], size: int) -> list[list[int]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


class SqlEvents:
    """Events and calendar settings, scoped to one committee (the feed looks a committee up by token)."""

    def __init__(self, session: Session, clock: Clock) -> None:
        self._s = session
        self._clock = clock

    def add(self, committee: Committee, event: Event) -> Event:
        lock_committee(self._s, committee)  # serialises numbering between processes
        last = self._s.scalar(
            select(func.max(EventRow.number)).where(
                EventRow.team_id == committee.team_id, EventRow.committee_id == committee.id
            )
        )
        row = EventRow(
            team_id=committee.team_id,
            committee_id=committee.id,
            number=(last or 0) + 1,
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
        query = self._scoped(committee)
        if ending_from is not None:
            query = query.where(EventRow.ends >= ending_from)
        if starting_before is not None:
            query = query.where(EventRow.starts < starting_before)
        return [_to_event(r) for r in self._s.scalars(query.order_by(EventRow.starts, EventRow.number))]

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


def _fill_event(row: EventRow, event: Event) -> None:
    row.name, row.starts, row.ends = event.name[:200], event.starts, event.ends
    row.place, row.notes, row.link = event.place[:200], event.notes, event.link[:500]


def _to_event(row: EventRow) -> Event:
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
