"""Decisions over SQLAlchemy (the core's Decisions port): numbered per committee, searchable, revocable."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from bot.core.kernel.model import Committee
from bot.core.kernel.record import Decision
from storage.numbering import next_number
from storage.schema import DecisionRow


class SqlDecisions:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, committee: Committee, decision: Decision) -> Decision:
        row = DecisionRow(
            team_id=committee.team_id,
            committee_id=committee.id,
            number=next_number(self._s, committee, "decision"),
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
