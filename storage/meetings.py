"""Meetings over SQLAlchemy (the core's Meetings port): the schedule and cancellations, meetings held with their
notes and attendees, Slack event ids already seen, and the agenda's lead time; scoped to one committee."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Select, delete, select, update
from sqlalchemy.orm import Session

from bot.core.kernel.boundary import Scope
from bot.core.kernel.clock import Clock
from bot.core.kernel.model import Committee
from bot.core.kernel.record import DEFAULT_AGENDA_LEAD, Meeting, Note, NoteKind, Rule
from storage.db import insert
from storage.schema import (
    AgendaSettingsRow,
    CommitteeRow,
    MeetingAttendeeRow,
    MeetingCancellationRow,
    MeetingNoteRow,
    MeetingRow,
    MeetingRuleRow,
    SlackEventSeenRow,
)


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
            insert(self._s, MeetingCancellationRow)
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
            insert(self._s, MeetingAttendeeRow)
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
            insert(self._s, SlackEventSeenRow)
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
            insert(self._s, AgendaSettingsRow)
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
