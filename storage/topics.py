"""Agenda topics over SQLAlchemy (the core's Topics port): what someone asked to discuss, in order, until covered."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.core.kernel.model import Committee, Owner
from bot.core.kernel.record import Topic
from storage.schema import AgendaTopicRow


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
