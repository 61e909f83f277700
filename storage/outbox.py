"""The outbox: posts queued with the change that caused them (SqlOutbox, the core's Outbox port), and sending
them (OutboxQueue): claim pending messages, then mark each sent or failed, so each goes out once.

A claim is its own short transaction (row locks with SKIP LOCKED on PostgreSQL; SQLite's write lock
serialises claimers), so two senders never hold the same message. A sender that dies after claiming
leaves the message `sending`; it is claimed again once the claim is older than CLAIM_TIMEOUT.

Such a dead claim may have posted the message before the sender died (Slack accepted it, the row was never
marked), and so may an attempt whose connection dropped: the row keeps `uncertain_since`, when the earliest
such attempt began, and the sender looks in the conversation from then on before posting again
(bot/slack/sender.py). Only `sent` ends it.

On PostgreSQL each of the queue's transactions runs under a deadline (QUEUE_DEADLINE): a server (or a proxy) that holds
a connection without answering must not hold a sender, and with it the sending of every later request, for ever. Work
cut there leaves the message claimed, so it is taken over, looked up and sent once, like a dead sender's. SQLite's
waits are lock waits, which its busy timeout ends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any, TypeVar, cast

from sqlalchemy import Table, bindparam, case, func, or_, select, update
from sqlalchemy import insert as insert_into
from sqlalchemy.orm import Session, sessionmaker

from bot.core.kernel.boundary import Post
from bot.core.kernel.clock import Clock
from bot.core.kernel.documents import Doc
from bot.core.kernel.model import MessageRef
from storage.db import insert, is_sqlite, within
from storage.schema import ItemRow, OutboxRow

T = TypeVar("T")
_OUTBOX = cast(Table, OutboxRow.__table__)
_ITEMS = cast(Table, ItemRow.__table__)
_ADD = insert_into(_OUTBOX)
CLAIM_TIMEOUT = timedelta(minutes=5)
QUEUE_DEADLINE = 10.0  # seconds; a healthy claim or mark takes milliseconds (and statements are cut at 10 s anyway)
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
            self._s.execute(_ADD, values)  # Core: no ORM object to flush for a row this session never reads back
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


_CLAIMED = (  # what a claim hands the sender
    _OUTBOX.c.id,
    _OUTBOX.c.team_id,
    _OUTBOX.c.doc,
    _OUTBOX.c.channel,
    _OUTBOX.c.user_id,
    _OUTBOX.c.update_channel,
    _OUTBOX.c.update_ts,
    _OUTBOX.c.item_id,
    _OUTBOX.c.attempts,
    _OUTBOX.c.key,
    _OUTBOX.c.uncertain_since,
)
_SENT = (
    update(_OUTBOX)
    .where(_OUTBOX.c.id == bindparam("outbox_id"))
    .values(state="sent", sent_at=bindparam("at"), last_error=None)
)
_POSTED = (
    update(_ITEMS)
    .where(_ITEMS.c.id == bindparam("item_id"), _ITEMS.c.team_id == bindparam("team"))
    .values(message_channel=bindparam("posted_channel"), message_ts=bindparam("posted_ts"))
)


@cache
def _claim(limit: int, by_team: bool) -> Any:
    """The claim statement (built once for each limit and each way of asking, so its compiled form is reused)."""
    due = select(_OUTBOX.c.id).where(
        or_(
            (_OUTBOX.c.state == "pending") & (_OUTBOX.c.next_attempt_at <= bindparam("now")),
            (_OUTBOX.c.state == "sending") & (_OUTBOX.c.claimed_at < bindparam("stale_before")),
        )
    )
    if by_team:
        due = due.where(_OUTBOX.c.team_id == bindparam("team"))
    due = due.order_by(_OUTBOX.c.id).limit(limit).with_for_update(skip_locked=True)
    taken_over = func.coalesce(_OUTBOX.c.uncertain_since, _OUTBOX.c.claimed_at)
    return (
        update(_OUTBOX)
        .where(_OUTBOX.c.id.in_(due.scalar_subquery()))
        .values(
            state="sending",
            claimed_at=bindparam("claimed_at"),
            attempts=_OUTBOX.c.attempts + 1,
            uncertain_since=case((_OUTBOX.c.state == "sending", taken_over), else_=_OUTBOX.c.uncertain_since),
        )
        .returning(*_CLAIMED)
    )


class OutboxQueue:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._bounded = not is_sqlite(str(sessions.kw["bind"].url))

    def _run(self, work: Callable[[], T]) -> T:
        return within(QUEUE_DEADLINE, work) if self._bounded else work()

    def claim(self, now: datetime, *, limit: int = 50, team_id: str | None = None) -> list[Pending]:
        """One statement: the due rows, oldest first, are marked `sending` and returned. A row taken over from a
        dead claim keeps when that claim began as `uncertain_since` (SET reads the row as it was)."""
        values = {"now": now, "stale_before": now - CLAIM_TIMEOUT, "claimed_at": now, "team": team_id}

        def claim() -> list[Any]:
            with self._sessions() as session, session.begin():
                claimed = session.connection().execute(_claim(limit, team_id is not None), values)
                return sorted(claimed, key=lambda r: r.id)

        rows = self._run(claim)
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

        def mark() -> None:
            with self._sessions() as session, session.begin():
                db = session.connection()
                db.execute(_SENT, {"outbox_id": pending.id, "at": now})
                if posted is not None and pending.item_id is not None and pending.update is None:
                    db.execute(
                        _POSTED,
                        {
                            "item_id": pending.item_id,
                            "team": pending.team_id,
                            "posted_channel": posted.channel,
                            "posted_ts": posted.ts,
                        },
                    )

        self._run(mark)

    def failed(
        self, pending: Pending, now: datetime, error: str, *, retry_in: timedelta | None, uncertain: bool = False
    ) -> None:
        """Gives it back for a later try, or gives up when retry_in is None or attempts are used up. `uncertain`:
        this attempt may have posted some of it (Slack accepted a part, or the connection dropped mid-call)."""
        give_up = retry_in is None or pending.attempts >= MAX_ATTEMPTS
        since = pending.uncertain_since or (pending.claimed_at if uncertain else None)

        def mark() -> None:
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

        self._run(mark)
