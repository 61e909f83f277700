"""The meeting side of the record over SQLAlchemy: schedule, held meetings and their notes, decisions,
project updates and agenda topics; rows <-> values, always scoped to one committee of one workspace."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, case, delete, false, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from bot.core.kernel.model import Committee, Owner, Scope
from bot.core.kernel.ports import Clock
from bot.core.kernel.record import (
    DEFAULT_AGENDA_LEAD,
    Decision,
    Meeting,
    Note,
    NoteKind,
    OpenItems,
    Rule,
    Topic,
    Update,
)
from storage.locks import lock_committee
from storage.schema import (
    AgendaSettingsRow,
    AgendaTopicRow,
    CommitteeRow,
    DecisionRow,
    ItemRow,
    MeetingAttendeeRow,
    MeetingCancellationRow,
    MeetingNoteRow,
    MeetingRow,
    MeetingRuleRow,
    ProjectUpdateRow,
    SlackEventSeenRow,
)

if TYPE_CHECKING:
    from storage.repositories import SqlItems


def _insert(session: Session) -> Any:
    """INSERT … ON CONFLICT in the session's dialect."""
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


class SqlMeetings:
    def __init__(self, session: Session, clock: Clock) -> None:
        self._s = session
        self._clock = clock

    def rules(self, committee: Committee) -> list[Rule]:
        rows = self._s.scalars(
            select(MeetingRuleRow)
            .where(MeetingRuleRow.team_id == committee.team_id, MeetingRuleRow.committee_id == committee.id)
            .order_by(MeetingRuleRow.id)
        )
        return [Rule(start=r.start, timezone=r.timezone, rrule=r.rrule, created_by=r.created_by, id=r.id) for r in rows]

    def add_rule(self, committee: Committee, rule: Rule) -> Rule:
        if rule.rrule is not None:
            self._s.execute(
                delete(MeetingRuleRow).where(
                    MeetingRuleRow.team_id == committee.team_id,
                    MeetingRuleRow.committee_id == committee.id,
                    MeetingRuleRow.rrule.is_not(None),
                )
            )
        row = MeetingRuleRow(
            team_id=committee.team_id,
            committee_id=committee.id,
            start=rule.start,
            timezone=rule.timezone,
            rrule=rule.rrule,
            created_by=rule.created_by,
            created_at=self._clock.now(),
        )
        self._s.add(row)
        self._s.flush()
        return Rule(start=rule.start, timezone=rule.timezone, rrule=rule.rrule, created_by=rule.created_by, id=row.id)

    def clear_rules(self, committee: Committee) -> None:
        self._s.execute(
            delete(MeetingRuleRow).where(
                MeetingRuleRow.team_id == committee.team_id, MeetingRuleRow.committee_id == committee.id
            )
        )

    def cancelled(self, committee: Committee) -> frozenset[datetime]:
        return frozenset(
            self._s.scalars(
                select(MeetingCancellationRow.starts_at).where(
                    MeetingCancellationRow.team_id == committee.team_id,
                    MeetingCancellationRow.committee_id == committee.id,
                )
            )
        )

    def cancel(self, committee: Committee, at: datetime, by: str) -> None:
        self._s.execute(
            _insert(self._s)(MeetingCancellationRow)
            .values(team_id=committee.team_id, committee_id=committee.id, starts_at=at, cancelled_by=by)
            .values(cancelled_at=self._clock.now())
            .on_conflict_do_nothing(index_elements=["committee_id", "starts_at"])
        )

    def scheduled(self) -> list[Scope]:
        rows = self._s.execute(
            select(CommitteeRow.team_id, CommitteeRow.channel_id)
            .where(CommitteeRow.id.in_(select(MeetingRuleRow.committee_id)))
            .order_by(CommitteeRow.id)
        )
        return [Scope(team, channel) for team, channel in rows]

    def running(self, committee: Committee) -> Meeting | None:
        row = self._s.scalars(
            self._meetings(committee).where(MeetingRow.ended_at.is_(None)).order_by(MeetingRow.id.desc()).limit(1)
        ).one_or_none()
        return None if row is None else _meeting(row)

    def held(self, committee: Committee, *, before: datetime | None = None, limit: int = 20) -> list[Meeting]:
        query = self._meetings(committee)
        if before is not None:
            query = query.where(MeetingRow.started_at < before)
        rows = self._s.scalars(query.order_by(MeetingRow.started_at.desc(), MeetingRow.id.desc()).limit(limit))
        return [_meeting(r) for r in rows]

    def start(self, committee: Committee, meeting: Meeting) -> Meeting:
        row = MeetingRow(
            team_id=committee.team_id,
            committee_id=committee.id,
            channel_id=meeting.channel_id,
            scheduled_at=meeting.scheduled_at,
            started_at=meeting.started_at,
            started_by=meeting.started_by,
        )
        self._s.add(row)
        self._s.flush()
        meeting.id = row.id
        return meeting

    def save(self, committee: Committee, meeting: Meeting) -> None:
        self._s.execute(
            update(MeetingRow)
            .where(
                MeetingRow.id == meeting.id,
                MeetingRow.team_id == committee.team_id,
                MeetingRow.committee_id == committee.id,
            )
            .values(ended_at=meeting.ended_at, minutes=meeting.minutes, scheduled_at=meeting.scheduled_at)
        )

    def add_note(self, meeting: Meeting, note: Note) -> Note:
        assert meeting.id is not None
        row = MeetingNoteRow(
            meeting_id=meeting.id,
            kind=note.kind.value,
            text=note.text,
            user_id=note.user_id,
            at=note.at,
            item_number=note.item_number,
            decision_number=note.decision_number,
            undone=note.undone,
        )
        self._s.add(row)
        self._s.flush()
        note.id = row.id
        return note

    def save_note(self, meeting: Meeting, note: Note) -> None:
        self._s.execute(
            update(MeetingNoteRow)
            .where(MeetingNoteRow.id == note.id, MeetingNoteRow.meeting_id == meeting.id)
            .values(undone=note.undone)
        )

    def notes(self, meeting: Meeting) -> list[Note]:
        rows = self._s.scalars(
            select(MeetingNoteRow).where(MeetingNoteRow.meeting_id == meeting.id).order_by(MeetingNoteRow.id)
        )
        return [
            Note(
                kind=NoteKind(r.kind),
                text=r.text,
                user_id=r.user_id,
                at=r.at,
                item_number=r.item_number,
                decision_number=r.decision_number,
                undone=r.undone,
                id=r.id,
            )
            for r in rows
        ]

    def attend(self, meeting: Meeting, user_id: str, at: datetime) -> None:
        self._s.execute(
            _insert(self._s)(MeetingAttendeeRow)
            .values(meeting_id=meeting.id, user_id=user_id, first_seen_at=at)
            .on_conflict_do_nothing(index_elements=["meeting_id", "user_id"])
        )

    def attendees(self, meeting: Meeting) -> list[str]:
        return list(
            self._s.scalars(
                select(MeetingAttendeeRow.user_id)
                .where(MeetingAttendeeRow.meeting_id == meeting.id)
                .order_by(MeetingAttendeeRow.first_seen_at, MeetingAttendeeRow.user_id)
            )
        )

    def first_sight(self, team_id: str, event_id: str, at: datetime) -> bool:
        # Slack retries within minutes; a day's ids are plenty and keep the table small
        self._s.execute(
            delete(SlackEventSeenRow).where(
                SlackEventSeenRow.team_id == team_id, SlackEventSeenRow.seen_at < at - timedelta(days=1)
            )
        )
        result = self._s.execute(
            _insert(self._s)(SlackEventSeenRow)
            .values(team_id=team_id, event_id=event_id[:64], seen_at=at)
            .on_conflict_do_nothing(index_elements=["team_id", "event_id"])
            .returning(SlackEventSeenRow.event_id)  # PostgreSQL's rowcount does not tell a skipped insert
        )
        return result.first() is not None

    def agenda_lead(self, committee: Committee) -> timedelta:
        minutes = self._s.scalar(
            select(AgendaSettingsRow.lead_minutes).where(AgendaSettingsRow.committee_id == committee.id)
        )
        return DEFAULT_AGENDA_LEAD if minutes is None else timedelta(minutes=minutes)

    def set_agenda_lead(self, committee: Committee, lead: timedelta) -> None:
        minutes = int(lead.total_seconds() // 60)
        self._s.execute(
            _insert(self._s)(AgendaSettingsRow)
            .values(committee_id=committee.id, lead_minutes=minutes)
            .on_conflict_do_update(index_elements=["committee_id"], set_={"lead_minutes": minutes})
        )

    def _meetings(self, committee: Committee) -> Select[MeetingRow]:
        return select(MeetingRow).where(
            MeetingRow.team_id == committee.team_id, MeetingRow.committee_id == committee.id
        )


def _meeting(row: MeetingRow) -> Meeting:
    return Meeting(
        channel_id=row.channel_id,
        started_at=row.started_at,
        started_by=row.started_by,
        scheduled_at=row.scheduled_at,
        ended_at=row.ended_at,
        minutes=row.minutes,
        id=row.id,
    )


class SqlDecisions:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, committee: Committee, decision: Decision) -> Decision:
        lock_committee(self._s, committee)  # serialises numbering between processes
        last = self._s.scalar(select(func.max(DecisionRow.number)).where(DecisionRow.committee_id == committee.id))
        row = DecisionRow(
            team_id=committee.team_id,
            committee_id=committee.id,
            number=(last or 0) + 1,
            text=decision.text,
            recorded_by=decision.recorded_by,
            recorded_at=decision.recorded_at,
            meeting_id=decision.meeting_id,
            meeting_at=decision.meeting_at,
        )
        self._s.add(row)
        self._s.flush()
        decision.id, decision.number = row.id, row.number
        return decision

    def get(self, committee: Committee, number: int) -> Decision | None:
        row = self._s.scalars(self._scoped(committee).where(DecisionRow.number == number)).one_or_none()
        return None if row is None else _decision(row)

    def find(
        self, committee: Committee, *, since: datetime | None = None, words: str = "", revoked: bool = True
    ) -> list[Decision]:
        query = self._scoped(committee)
        if since is not None:
            query = query.where(DecisionRow.recorded_at >= since)
        if not revoked:
            query = query.where(DecisionRow.revoked_at.is_(None))
        for word in words.split():
            escaped = word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query = query.where(func.lower(DecisionRow.text).like(f"%{escaped}%", escape="\\"))
        return [_decision(r) for r in self._s.scalars(query.order_by(DecisionRow.number))]

    def save(self, committee: Committee, decision: Decision) -> None:
        self._s.execute(
            update(DecisionRow)
            .where(DecisionRow.id == decision.id, DecisionRow.committee_id == committee.id)
            .values(text=decision.text, revoked_at=decision.revoked_at, revoked_by=decision.revoked_by)
        )

    def _scoped(self, committee: Committee) -> Select[DecisionRow]:
        return select(DecisionRow).where(
            DecisionRow.team_id == committee.team_id, DecisionRow.committee_id == committee.id
        )


def _decision(row: DecisionRow) -> Decision:
    return Decision(
        text=row.text,
        recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
        meeting_id=row.meeting_id,
        meeting_at=row.meeting_at,
        revoked_at=row.revoked_at,
        revoked_by=row.revoked_by,
        number=row.number,
        id=row.id,
    )


class SqlUpdates:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, committee: Committee, update: Update) -> Update:
        row = ProjectUpdateRow(
            team_id=committee.team_id,
            committee_id=committee.id,
            project=update.project[:200],
            text=update.text,
            author=update.author,
            at=update.at,
        )
        self._s.add(row)
        self._s.flush()
        update.id = row.id
        return update

    def find(self, committee: Committee, *, since: datetime | None = None, project: str | None = None) -> list[Update]:
        query = select(ProjectUpdateRow).where(
            ProjectUpdateRow.team_id == committee.team_id, ProjectUpdateRow.committee_id == committee.id
        )
        if since is not None:
            query = query.where(ProjectUpdateRow.at >= since)
        if project is not None:
            query = query.where(func.lower(ProjectUpdateRow.project) == project.lower())
        rows = self._s.scalars(query.order_by(ProjectUpdateRow.at, ProjectUpdateRow.id))
        return [Update(project=r.project, text=r.text, author=r.author, at=r.at, id=r.id) for r in rows]

    def projects(self, committee: Committee) -> list[str]:
        first = (
            select(func.min(ProjectUpdateRow.id))
            .where(ProjectUpdateRow.team_id == committee.team_id, ProjectUpdateRow.committee_id == committee.id)
            .group_by(func.lower(ProjectUpdateRow.project))
        )
        return list(
            self._s.scalars(
                select(ProjectUpdateRow.project).where(ProjectUpdateRow.id.in_(first)).order_by(ProjectUpdateRow.id)
            )
        )


class SqlTopics:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, committee: Committee, topic: Topic) -> Topic:
        last = self._s.scalar(
            select(func.max(AgendaTopicRow.position)).where(
                AgendaTopicRow.committee_id == committee.id, AgendaTopicRow.covered_at.is_(None)
            )
        )
        topic.position = (last or 0) + 1
        row = AgendaTopicRow(team_id=committee.team_id, committee_id=committee.id, added_by=topic.added_by)
        _fill_topic(row, topic)
        self._s.add(row)
        self._s.flush()
        topic.id = row.id
        return topic

    def open(self, committee: Committee, *, until: datetime | None = None) -> list[Topic]:
        query = select(AgendaTopicRow).where(
            AgendaTopicRow.team_id == committee.team_id,
            AgendaTopicRow.committee_id == committee.id,
            AgendaTopicRow.covered_at.is_(None),
        )
        if until is not None:
            query = query.where(AgendaTopicRow.meeting_at.is_(None) | (AgendaTopicRow.meeting_at <= until))
        rows = self._s.scalars(query.order_by(AgendaTopicRow.position, AgendaTopicRow.id))
        return [
            Topic(
                title=r.title,
                added_by=r.added_by,
                added_at=r.added_at,
                owner=Owner(name=r.owner_name, user_id=r.owner_user_id) if r.owner_name else None,
                minutes=r.minutes,
                meeting_at=r.meeting_at,
                position=r.position,
                covered_at=r.covered_at,
                id=r.id,
            )
            for r in rows
        ]

    def save(self, committee: Committee, topic: Topic) -> None:
        row = self._s.scalars(
            select(AgendaTopicRow).where(AgendaTopicRow.id == topic.id, AgendaTopicRow.committee_id == committee.id)
        ).one()
        _fill_topic(row, topic)
        self._s.flush()

    def remove(self, committee: Committee, topic: Topic) -> None:
        self._s.execute(
            delete(AgendaTopicRow).where(AgendaTopicRow.id == topic.id, AgendaTopicRow.committee_id == committee.id)
        )


def _fill_topic(row: AgendaTopicRow, topic: Topic) -> None:
    row.title, row.minutes, row.meeting_at = topic.title, topic.minutes, topic.meeting_at
    row.owner_name = topic.owner.name[:200] if topic.owner else None
    row.owner_user_id = topic.owner.user_id if topic.owner else None
    row.position, row.added_at, row.covered_at = topic.position, topic.added_at, topic.covered_at


class SqlAgendaItems:
    """The agenda's read of open items: one count query and one limited query a group, so its cost does not
    grow with the thousands of open items a neglected committee may have (bench/agenda.py)."""

    def __init__(self, session: Session, items: SqlItems) -> None:
        self._s = session
        self._items = items  # turns rows into items, with their owners

    def open_groups(self, committee: Committee, *, today: date, meeting_day: date | None, limit: int) -> OpenItems:
        # the same three groups as record.group_of, in SQL
        overdue = ItemRow.due < today
        before: ColumnElement[bool] = (ItemRow.due >= today) & (ItemRow.due <= meeting_day) if meeting_day else false()
        other = or_(
            ItemRow.due.is_(None), ItemRow.due > (meeting_day or today) if meeting_day else ItemRow.due >= today
        )
        scope = (ItemRow.team_id == committee.team_id, ItemRow.committee_id == committee.id, ItemRow.status == "open")
        counted = self._s.execute(
            select(*(func.coalesce(func.sum(case((c, 1), else_=0)), 0) for c in (overdue, before, other))).where(*scope)
        ).one()
        groups = [
            self._items._to_items(
                list(
                    self._s.scalars(
                        select(ItemRow)
                        .where(*scope, condition)
                        .order_by(ItemRow.due.is_(None), ItemRow.due, ItemRow.number)
                        .limit(limit)
                    )
                )
            )
            if count
            else []
            for condition, count in zip((overdue, before, other), counted, strict=True)
        ]
        return OpenItems(groups[0], groups[1], groups[2], (int(counted[0]), int(counted[1]), int(counted[2])))
