"""The outbox: posts queued with the change that caused them (SqlOutbox, the core's Outbox port), and sending
them (OutboxQueue): claim pending messages, then mark each sent or failed, so each goes out once.

A claim is its own short transaction (row locks with SKIP LOCKED on PostgreSQL; SQLite's write lock
serialises claimers), so two senders never hold the same message. A sender that dies after claiming
leaves the message `sending`; it is claimed again once the claim is older than CLAIM_TIMEOUT.

Such a dead claim may have posted the message before the sender died (Slack accepted it, the row was never
marked), and so may an attempt whose connection dropped: the row keeps `uncertain_since`, when the earliest
such attempt began, and the sender looks in the conversation from then on before posting again
(bot/slack/sender.py). Only `sent` ends it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.core.kernel.boundary import Post
from bot.core.kernel.clock import Clock
from bot.core.kernel.documents import Doc
from bot.core.kernel.model import MessageRef
from storage.db import insert
from storage.schema import ItemRow, OutboxRow

CLAIM_TIMEOUT = timedelta(minutes=5)
MAX_ATTEMPTS = 30  # with the sender's back-off capped at an hour: a Slack outage of about a day loses nothing


class SqlOutbox:
    def __init__(self, session: Session, clock: Clock) -> None:
        self._s = session
        self._clock = clock

    def add(self, post: Post) -> bool:
        now = self._clock.now()
        values = dict(
            team_id=post.team_id,
            key=post.key,
            channel=post.channel,
            user_id=post.user,
            update_channel=post.update.channel if post.update else None,
            update_ts=post.update.ts if post.update else None,
            item_id=post.item_id,
            doc=post.doc.model_dump(mode="json"),
            state="pending",
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
        if post.key is None:
            self._s.add(OutboxRow(**values))
            self._s.flush()
            return True
        # concurrent schedulers may add the same keyed post: the database keeps exactly one
        added = self._s.execute(
            insert(self._s, OutboxRow)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["team_id", "key"])
            .returning(OutboxRow.id)
        ).first()
        return added is not None


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
    claimed_at: datetime | None = None  # when this claim was made
    uncertain_since: datetime | None = None  # an earlier attempt, begun then, may have posted it: look first


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
                if row.state == "sending":  # taken over: the dead claim was never marked sent or failed
                    row.uncertain_since = row.uncertain_since or row.claimed_at
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
                    claimed_at=now,
                    uncertain_since=r.uncertain_since,
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

    def failed(
        self, pending: Pending, now: datetime, error: str, *, retry_in: timedelta | None, uncertain: bool = False
    ) -> None:
        """Gives it back for a later try, or gives up when retry_in is None or attempts are used up. `uncertain`:
        this attempt may have posted some of it (Slack accepted a part, or the connection dropped mid-call)."""
        give_up = retry_in is None or pending.attempts >= MAX_ATTEMPTS
        since = pending.uncertain_since or (pending.claimed_at if uncertain else None)
        with self._sessions() as session, session.begin():
            session.execute(
                update(OutboxRow)
                .where(OutboxRow.id == pending.id)
                .values(
                    state="failed" if give_up else "pending",
                    next_attempt_at=now if give_up or retry_in is None else now + retry_in,
                    last_error=error[:500],
                    uncertain_since=since,
                )
            )
