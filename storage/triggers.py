"""Slash-command trigger ids already answered, so that a request sent again (a replay of the same signed body
inside Slack's five-minute signing window, or two copies at once) is recorded once.

Slack gives every invocation of a command its own `trigger_id`. The first request to claim one commits it in
its own short transaction, before the command runs: two copies at once are serialised by the primary key
(PostgreSQL makes the second INSERT wait for the first and then skip; SQLite's write lock does the same), so
exactly one of them goes on. Slack never retries a slash command, so a claim whose command then fails loses
nothing that Slack would have sent again: the person sees the failure and types the command anew (a new id).

Ids are kept for KEEP, far longer than the signing window (a request older than five minutes is refused
before it gets here), and purged at most once per PURGE_EVERY per process.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete
from sqlalchemy.orm import Session, sessionmaker

from storage.db import insert
from storage.schema import SlackTriggerSeenRow

log = logging.getLogger(__name__)

KEEP = timedelta(hours=1)
PURGE_EVERY = timedelta(minutes=10)
MAX_ID = 128


_SEEN = cast(Table, SlackTriggerSeenRow.__table__)
_CLAIMS: dict[str, Any] = {}  # the claim statement by dialect, built once: a Core statement, its cache key kept


def _claim(session: Session) -> Any:
    dialect = session.get_bind().dialect.name
    if dialect not in _CLAIMS:
        _CLAIMS[dialect] = (
            insert(session, _SEEN)
            .values(team_id=bindparam("team"), trigger_id=bindparam("trigger"), seen_at=bindparam("at"))
            .on_conflict_do_nothing(index_elements=["team_id", "trigger_id"])
            .returning(_SEEN.c.trigger_id)  # PostgreSQL's rowcount does not tell a skipped insert
        )
    return _CLAIMS[dialect]


class SeenTriggers:
    def __init__(self, sessions: sessionmaker[Session], now: Callable[[], datetime]) -> None:
        self._sessions = sessions
        self._now = now
        self._purged_at: datetime | None = None
        self._lock = threading.Lock()

    def first(self, team_id: str, trigger_id: str) -> bool:
        """True the first time this trigger id is seen (and remembers it); False for any later copy."""
        now = self._now()
        with self._sessions() as session, session.begin():
            values = {"team": team_id[:32], "trigger": trigger_id[:MAX_ID], "at": now}
            first = session.connection().execute(_claim(session), values).first() is not None
        self._purge(now)
        return first

    def _purge(self, now: datetime) -> None:
        """Forgets ids older than KEEP; now and then, in its own transaction, and never at a request's expense."""
        with self._lock:
            if self._purged_at is not None and now - self._purged_at < PURGE_EVERY:
                return
            self._purged_at = now
        try:
            with self._sessions() as session, session.begin():
                session.execute(delete(SlackTriggerSeenRow).where(SlackTriggerSeenRow.seen_at < now - KEEP))
        except Exception:
            log.warning("purging old trigger ids failed; tried again later", exc_info=True)
