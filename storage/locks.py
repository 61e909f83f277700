"""Row locks that make processes change one committee's record one at a time."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.kernel.model import Committee
from storage.schema import CommitteeRow


def lock_committee(session: Session, committee: Committee) -> None:
    """Holds the committee's row until the transaction ends (PostgreSQL; on SQLite the database's write
    lock, taken at BEGIN, already serialises writers)."""
    session.execute(select(CommitteeRow.id).where(CommitteeRow.id == committee.id).with_for_update())
