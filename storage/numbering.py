"""Numbering of a committee's items, events and decisions: one counter a kind, advanced in one statement.

`next_number` is a single INSERT … ON CONFLICT DO UPDATE … RETURNING on `committee_counters`: one round
trip, and the counter row stays locked until the transaction ends, so concurrent writers take turns
(PostgreSQL row lock; on SQLite the write lock taken at BEGIN IMMEDIATE). A rolled-back transaction gives
its number back (no gaps); a committed one never gives it again, even after its record is removed.
Each kind has its own row, so adding an item never waits for someone adding an event; a transaction that
numbers several kinds should take them in the order item, event, decision, so that two such never deadlock.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy.orm import Session

from bot.core.kernel.model import Committee
from storage.db import insert
from storage.schema import CommitteeCounterRow

Kind = Literal["item", "event", "decision"]


def next_number(session: Session, committee: Committee, kind: Kind) -> int:
    """The committee's next number of this kind (1 for its first), taken for good when the transaction commits."""
    counters = CommitteeCounterRow.__table__
    statement = (
        insert(session, counters)
        .values(committee_id=committee.id, kind=kind, last=1)
        .on_conflict_do_update(index_elements=["committee_id", "kind"], set_={"last": counters.c.last + 1})
        .returning(counters.c.last)
    )
    number: int = session.execute(statement).scalar_one()
    return number
