"""The agenda's open items over SQLAlchemy (the core's AgendaItems port): overdue, due before the meeting, other."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, case, false, func, or_, select
from sqlalchemy.orm import Session

from bot.core.kernel.model import Committee
from bot.core.kernel.record import OpenItems
from storage.item_rows import to_items
from storage.schema import ItemRow


class SqlAgendaItems:
    """The agenda's read of open items: one count query and one limited query a group, so its cost does not
    grow with the thousands of open items a neglected committee may have (bench/agenda.py)."""

    def __init__(self, session: Session) -> None:
        self._s = session

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
            to_items(
                self._s,
                list(
                    self._s.scalars(
                        select(ItemRow)
                        .where(*scope, condition)
                        .order_by(ItemRow.due.is_(None), ItemRow.due, ItemRow.number)
                        .limit(limit)
                    )
                ),
            )
            if count
            else []
            for condition, count in zip((overdue, before, other), counted, strict=True)
        ]
        return OpenItems(groups[0], groups[1], groups[2], (int(counted[0]), int(counted[1]), int(counted[2])))
