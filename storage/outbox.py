"""Sending the outbox: claim pending messages, then mark each sent or failed, so each goes out once.

A claim is its own short transaction (row locks with SKIP LOCKED on PostgreSQL; SQLite's write lock
serialises claimers), so two senders never hold the same message. A sender that dies after claiming
leaves the message `sending`; it is claimed again once the claim is older than CLAIM_TIMEOUT.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.core.kernel.documents import Doc
from bot.core.kernel.model import MessageRef
from storage.schema import ItemRow, OutboxRow

CLAIM_TIMEOUT = timedelta(minutes=5)
MAX_ATTEMPTS = 30  # with the sender's back-off capped at an hour: a Slack outage of about a day loses nothing


@dataclass(frozen=True)
class Pending:
    id: int
    team_id: str
    doc: Doc
    channel: str | None
    user: str | None
    update: MessageRef | None
    item_id: int | None
    attempts: int
    key: str | None = None


class OutboxQueue:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def claim(self, now: datetime, *, limit: int = 50, team_id: str | None = None) -> list[Pending]:
        with self._sessions() as session, session.begin():
            query = (
                select(OutboxRow)
                .where(
                    or_(
                        (OutboxRow.state == "pending") & (OutboxRow.next_attempt_at <= now),
                        (OutboxRow.state == "sending") & (OutboxRow.claimed_at < now - CLAIM_TIMEOUT),
                    )
                )
                .order_by(OutboxRow.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
            if team_id is not None:
                query = query.where(OutboxRow.team_id == team_id)
            rows = list(session.scalars(query))
            for row in rows:
                row.state, row.claimed_at, row.attempts = "sending", now, row.attempts + 1
            return [
                Pending(
                    id=r.id,
                    team_id=r.team_id,
                    doc=Doc.model_validate(r.doc),
                    channel=r.channel,
                    user=r.user_id,
                    update=MessageRef(r.update_channel, r.update_ts) if r.update_channel and r.update_ts else None,
                    item_id=r.item_id,
                    attempts=r.attempts,
                    key=r.key,
                )
                for r in rows
            ]

    def sent(self, pending: Pending, now: datetime, posted: MessageRef | None = None) -> None:
        """Marks it sent; a new item card remembers where it was posted, so later changes update it."""
        with self._sessions() as session, session.begin():
            session.execute(
                update(OutboxRow).where(OutboxRow.id == pending.id).values(state="sent", sent_at=now, last_error=None)
            )
            if posted is not None and pending.item_id is not None and pending.update is None:
                session.execute(
                    update(ItemRow)
                    .where(ItemRow.id == pending.item_id, ItemRow.team_id == pending.team_id)
                    .values(message_channel=posted.channel, message_ts=posted.ts)
                )

    def failed(self, pending: Pending, now: datetime, error: str, *, retry_in: timedelta | None) -> None:
        """Gives it back for a later try, or gives up when retry_in is None or attempts are used up."""
        give_up = retry_in is None or pending.attempts >= MAX_ATTEMPTS
        with self._sessions() as session, session.begin():
            session.execute(
                update(OutboxRow)
                .where(OutboxRow.id == pending.id)
                .values(
                    state="failed" if give_up else "pending",
                    next_attempt_at=now if give_up or retry_in is None else now + retry_in,
                    last_error=error[:500],
                )
            )
