"""Item rows read into Item values with their owners: shared by the items repository and the agenda's groups."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.kernel.model import Item, MessageRef, Owner, Status
from storage.schema import ItemOwnerRow

CHUNK = 500  # item ids to an owners query: well under every database's limit on bound parameters


def to_items(session: Session, rows: Sequence[Any]) -> list[Item]:
    """Items from `items` rows (plain rows or ItemRow objects), in their order, owners in theirs."""
    owners: dict[int, list[Owner]] = {r.id: [] for r in rows}
    ids = list(owners)
    for start in range(0, len(ids), CHUNK):
        for item_id, name, user_id, is_group in session.execute(
            select(ItemOwnerRow.item_id, ItemOwnerRow.name, ItemOwnerRow.user_id, ItemOwnerRow.is_group)
            .where(ItemOwnerRow.item_id.in_(ids[start : start + CHUNK]))
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
