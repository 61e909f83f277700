"""Action items over SQLAlchemy (the core's Items port): items, their owners and history, scoped to a committee."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Select, Table, delete, insert, select
from sqlalchemy.orm import Session

from bot.core.kernel.model import Change, Committee, Item, Owner, Status
from storage.item_rows import to_items
from storage.numbering import next_number
from storage.schema import ItemChangeRow, ItemOwnerRow, ItemRow

_NEW_ITEMS = "steerbot_new_items"  # session.info: (its transaction, the ids of the items that transaction inserted)
_ITEMS = cast(Table, ItemRow.__table__)
_ADD = insert(_ITEMS).returning(_ITEMS.c.id)
_ADD_OWNER = insert(cast(Table, ItemOwnerRow.__table__))
_RECORD = insert(cast(Table, ItemChangeRow.__table__))


class SqlItems:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, committee: Committee, item: Item) -> Item:
        """Numbers and inserts the item and its owners: three statements, no ORM object to flush."""
        number = next_number(self._s, committee, "item")
        values = {
            "team_id": committee.team_id,
            "committee_id": committee.id,
            "number": number,
            "created_by": item.created_by,
            "created_at": item.created_at,
            **_columns(item),
        }
        item.id, item.number = self._s.execute(_ADD, values).scalar_one(), number
        self._write_owners(item.id, item.owners)
        new_items(self._s).add(item.id)  # its reminder plans need no looking for
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
        at, actor, action, detail = change.at, change.actor, change.action, change.detail
        self._s.execute(_RECORD, {"item_id": item.id, "at": at, "actor": actor, "action": action, "detail": detail})

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
        for column, value in _columns(item).items():
            setattr(row, column, value)

    def _write_owners(self, item_id: int, owners: Sequence[Owner]) -> None:
        """One INSERT for all the owners (none for none)."""
        if owners:
            self._s.execute(
                _ADD_OWNER,
                [
                    {"item_id": item_id, "position": p, "user_id": o.user_id, "name": o.name[:200], "is_group": o.group}
                    for p, o in enumerate(owners)
                ],
            )


def new_items(session: Session) -> set[int]:
    """The ids of the items inserted by the session's transaction under way (a later transaction starts afresh)."""
    transaction = session.get_transaction()
    kept = session.info.get(_NEW_ITEMS)
    if kept is None or kept[0] is not transaction:
        kept = session.info[_NEW_ITEMS] = (transaction, set())
    ids: set[int] = kept[1]
    return ids


def _columns(item: Item) -> dict[str, Any]:
    """The item's changeable columns."""
    return {
        "task": item.task,
        "status": item.status.value,
        "due": item.due,
        "due_phrase": item.due_phrase,
        "closed_at": item.closed_at,
        "message_channel": item.message.channel if item.message else None,
        "message_ts": item.message.ts if item.message else None,
    }
