"""Action items over SQLAlchemy (the core's Items port): items, their owners and history, scoped to a committee."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, select
from sqlalchemy.orm import Session

from bot.core.kernel.model import Change, Committee, Item, Owner, Status
from storage.item_rows import to_items
from storage.numbering import next_number
from storage.schema import ItemChangeRow, ItemOwnerRow, ItemRow


class SqlItems:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, committee: Committee, item: Item) -> Item:
        number = next_number(self._s, committee, "item")
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
        return to_items(self._s, list(self._s.execute(query.order_by(ItemRow.number))))

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
        return None if row is None else to_items(self._s, [row])[0]

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
