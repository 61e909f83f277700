"""Engines and sessions from a database URL, the dialect's INSERT … ON CONFLICT, running the migrations (once, however
many processes start together), readiness, and the deadline a request's database work runs under.
Nothing is built at import."""

from __future__ import annotations

import logging
import os
import socket
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import psycopg
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, create_engine, event, exc, func, make_url, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

MIGRATIONS = Path(__file__).parent / "migrations"
log = logging.getLogger(__name__)
T = TypeVar("T")

# A request's database work (a slash command, a click, a channel message) must be over in time for its answer to
# reach Slack within Slack's 3 seconds, network and Bolt included: `within(REQUEST_DEADLINE, work)`.
REQUEST_DEADLINE = 2.0
READY_DEADLINE = 1.5  # GET /readyz: a load balancer's probe must not hang on a stuck database either
# Once a request's work on an engine has been cut at its deadline, the requests that reach that engine in the next
# TROUBLED_FOR seconds get TROUBLED_DEADLINE at most (healthy work takes milliseconds). A burst larger than the
# server's threads queues behind the stuck requests; this way the queued ones still answer within Slack's 3 s.
TROUBLED_DEADLINE = 0.25
TROUBLED_FOR = 5.0
# SQLite: how long a connection waits for another writer's lock (a backup, a second bot) when no request deadline
# bounds it. Inside a request the wait is what is left of the request's deadline, set as each transaction begins, so a
# command of several transactions still answers in time. The scheduler and the command line (tick, export, db upgrade)
# answer nobody within 3 seconds: they wait out a backup rather than fail a pass.
SQLITE_BUSY_TIMEOUT_MS = 30_000
TURN_GRACE = 0.1  # seconds a request waits for its SQLite turn past its deadline (_SqliteConnection.take_turn)
# PostgreSQL, for every connection (the scheduler's and the command line's too). A request is bounded by its deadline
# whatever the server does; these bound the rest, and whatever a request left running on the server:
CONNECT_TIMEOUT = 3  # seconds to connect (libpq's least is 2)
STATEMENT_TIMEOUT_MS = 10_000  # the server cancels a statement running (or waiting for a lock) longer than this
POOL_TIMEOUT = 5.0  # seconds to wait for a pooled connection when all are in use
# A server gone from the network (no reset, no answer): unacknowledged data fails after TCP_USER_TIMEOUT_MS, an idle
# wait for an answer after the keepalive probes go unanswered (5 s + 3 × 2 s). Neither notices a server whose host
# still acknowledges packets but never answers; only the request deadline (or the statement timeout) bounds that.
TCP_USER_TIMEOUT_MS = 10_000
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2, "keepalives_count": 3}
MIGRATION_LOCK = 0x5EE2_B07  # pg_advisory_xact_lock key: one process migrates at a time


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str) -> Engine:
    if not is_sqlite(url):
        return _postgresql_engine(url)
    writer = threading.Lock()  # this process's turn at the write lock (see _SqliteConnection)
    factory = type("SqliteConnection", (_SqliteConnection,), {"writer": writer})
    engine = create_engine(
        url,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False, "factory": factory},
    )

    # pysqlite's own transaction handling defers BEGIN and never takes the write lock early; do it here
    # so that concurrent writers wait (busy timeout) instead of failing on a lock upgrade.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        _wal(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    trouble = _TROUBLES[engine] = _Trouble()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        deadline = _current()
        if deadline is not None:
            deadline.meet(trouble)
            deadline.watch(id(dbapi_connection), dbapi_connection.interrupt, trouble=trouble)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        dbapi_connection = connection.connection.dbapi_connection
        dbapi_connection.take_turn(_current())
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            dbapi_connection.end_turn()
            raise

    _guard(engine)
    return engine


class _SqliteConnection(sqlite3.Connection):
    """A connection whose transactions take this process's turn at the write lock first. Threads of one process then
    queue for it in order and are handed it the moment it is free; SQLite's own busy handler (which the other
    processes still meet) polls with sleeps of up to 100 ms instead, which made a burst of commands wait in steps.
    The turn ends with the transaction: commit, rollback or close, from whichever thread ends it."""

    writer: threading.Lock
    _turn = False
    _busy = SQLITE_BUSY_TIMEOUT_MS  # the busy timeout set on connecting

    def take_turn(self, deadline: _Deadline | None) -> None:
        """Waits for the turn, then gives SQLite's busy handler what is left of the time: a request's deadline (the
        busy handler cannot be interrupted), or SQLITE_BUSY_TIMEOUT_MS. A request waits a moment past its deadline,
        so that its work is cut at the deadline like any other, and the engine known to be in trouble."""
        wait = SQLITE_BUSY_TIMEOUT_MS / 1000 if deadline is None else deadline.remaining() + TURN_GRACE
        if not self.writer.acquire(timeout=max(0.0, wait)):
            raise Unavailable(f"another transaction held the database for {wait:.2f} s")
        self._turn = True
        busy = SQLITE_BUSY_TIMEOUT_MS if deadline is None else max(1, int(deadline.remaining() * 1000))
        if busy != self._busy:
            self.execute(f"PRAGMA busy_timeout={busy}")
            self._busy = busy

    def end_turn(self) -> None:
        if self._turn:
            self._turn = False
            self.writer.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.end_turn()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.end_turn()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.end_turn()


def _wal(cursor: sqlite3.Cursor) -> None:
    """Write-ahead logging: readers never wait for the writer. Turning it on, once, in a new database file, is refused
    without waiting (no busy handler) while another process is turning it on too: try again for a moment."""
    for attempt in range(40):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError:
            if attempt == 39:
                raise
            time.sleep(0.05)


def _postgresql_engine(url: str) -> Engine:
    given = make_url(url).query
    defaults: dict[str, Any] = {
        "connect_timeout": CONNECT_TIMEOUT,
        "tcp_user_timeout": TCP_USER_TIMEOUT_MS,
        **KEEPALIVES,
    }
    connect_args = {key: value for key, value in defaults.items() if key not in given}
    options = given.get("options")
    extra = " ".join(options) if isinstance(options, tuple) else options or ""
    connect_args["options"] = f"-c statement_timeout={STATEMENT_TIMEOUT_MS} {extra}".strip()  # the URL's come last
    trouble = _Trouble()
    connect_args["cursor_factory"] = type("WatchedCursor", (_WatchedCursor,), {"trouble": trouble})
    engine = create_engine(url, pool_pre_ping=True, pool_timeout=POOL_TIMEOUT, connect_args=connect_args)
    _TROUBLES[engine] = trouble

    @event.listens_for(engine, "do_connect")
    def _on_connecting(_dialect: Any, record: Any, _cargs: Any, _cparams: Any) -> None:
        deadline = _current()
        if deadline is not None:
            deadline.meet(trouble)
            if deadline.expired:
                raise Unavailable("the request's deadline passed before it could connect")
            # nothing to cut yet (libpq's connect timeout ends it), but a deadline passing now is the database's
            deadline.watch(id(record), _nothing, trouble=trouble)

    @event.listens_for(engine, "connect")
    def _on_connected(_dbapi_connection: Any, record: Any) -> None:
        deadline = _current()
        if deadline is not None:
            deadline.unwatch(id(record))

    _guard(engine)
    return engine


def insert(session: Session, table: Any) -> Any:
    """INSERT into `table` in the session's dialect, for its ON CONFLICT clauses (PostgreSQL, SQLite >= 3.35)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    factory = sessionmaker(engine, expire_on_commit=False)

    @event.listens_for(factory, "after_transaction_create")
    def _on_transaction(session: Session, _transaction: Any) -> None:
        # before the pool is asked for a connection: a burst queued behind cut work may wait for the pool itself
        deadline, bind = _current(), session.get_bind()
        trouble = _TROUBLES.get(bind.engine if isinstance(bind, Connection) else bind)
        if deadline is not None and trouble is not None:
            deadline.meet(trouble)

    return factory


# --- the request deadline -------------------------------------------------------------------------------------------


class Unavailable(Exception):
    """The database did not answer in time. `uncertain`: it stopped answering while a commit was on its way, so
    whether that commit took effect is unknown; otherwise nothing of the work was saved."""

    def __init__(self, reason: str, *, uncertain: bool = False) -> None:
        super().__init__(reason)
        self.uncertain = uncertain


def unavailable(error: BaseException) -> bool:
    """Whether `error` says the database could not be reached, did not answer in time or was locked by someone else,
    as opposed to a fault in what was asked of it."""
    if isinstance(error, Unavailable | exc.TimeoutError):  # the deadline; no pooled connection came free in time
        return True
    cause: BaseException | None = error
    if isinstance(error, exc.DBAPIError):
        if error.connection_invalidated:
            return True
        cause = error.orig
    if isinstance(cause, sqlite3.Error):
        name = getattr(cause, "sqlite_errorname", "")
        return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_INTERRUPT", "SQLITE_CANTOPEN", "SQLITE_IOERR"))
    # PostgreSQL's operational errors: connection lost or refused, statement timeout, shutdown, deadlock
    return isinstance(cause, psycopg.OperationalError)


class _Trouble:
    """When a request's work on one engine was last cut at its deadline, with a connection in use."""

    def __init__(self) -> None:
        self.at = -TROUBLED_FOR

    def recent(self) -> bool:
        return time.monotonic() - self.at < TROUBLED_FOR


_TROUBLES: weakref.WeakKeyDictionary[Engine, _Trouble] = weakref.WeakKeyDictionary()


class _Deadline:
    """The deadline of one piece of work, and the connections it is using, to cut when the deadline passes."""

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.expired = False
        self.shortened = False  # only cuts at the full deadline say an engine is in trouble: a database that has
        # come back but connects slower than TROUBLED_DEADLINE must not be kept in trouble by the short deadlines
        self.committing = False  # a COMMIT has been sent on one of its connections and not yet seen through
        self.commit_failed = False  # a COMMIT failed on the way: it may or may not have taken effect
        self._cut: dict[int, tuple[Callable[[], None], _Trouble]] = {}
        self._release: dict[int, Callable[[], None]] = {}

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def meet(self, trouble: _Trouble) -> None:
        """The work reaches an engine: if work there was cut a moment ago, this work gets little time too."""
        if trouble.recent():
            with self.lock:
                self.at = min(self.at, time.monotonic() + TROUBLED_DEADLINE)
                self.shortened = True

    def watch(
        self, key: int, cut: Callable[[], None], release: Callable[[], None] | None = None, *, trouble: _Trouble
    ) -> None:
        with self.lock:
            if key not in self._cut:
                self._cut[key] = (cut, trouble)
                if release is not None:
                    self._release[key] = release
            if self.expired:
                _quietly(cut)

    def unwatch(self, key: int) -> None:
        with self.lock:
            self._cut.pop(key, None)
            release = self._release.pop(key, None)
        if release is not None:
            _quietly(release)

    def expire(self) -> bool:
        """Cuts the connections in use, unless the work finished meanwhile (False then)."""
        with self.lock:
            if self.done.is_set():
                return False
            self.expired = True
            for cut, trouble in self._cut.values():
                if not self.shortened:
                    trouble.at = time.monotonic()
                _quietly(cut)
            return True

    def finish(self) -> None:
        with self.lock:
            self.done.set()
            releases, self._release, self._cut = list(self._release.values()), {}, {}
        for release in releases:
            _quietly(release)


_local = threading.local()


def _current() -> _Deadline | None:
    return getattr(_local, "deadline", None)


def within(seconds: float, work: Callable[[], T]) -> T:
    """Runs `work` on a thread of its own and waits at most `seconds` for it: the caller (a waitress thread, a Socket
    Mode worker) always comes back in time, however the database behaves. When the time is up, the connections the
    work is using are cut (PostgreSQL: its sockets shut down; SQLite: the statement interrupted), and the work can
    neither run another statement, connect, nor commit; `Unavailable` is raised. Lock waits inside the work (SQLite's
    busy timeout) are given only what is left of the time."""
    deadline = _Deadline(seconds)
    outcome: list[tuple[bool, Any]] = []

    def run() -> None:
        _local.deadline = deadline
        try:
            outcome.append((True, work()))
        except BaseException as error:  # handed to the caller
            outcome.append((False, error))
        finally:
            _local.deadline = None
            deadline.finish()

    worker = threading.Thread(target=run, name="steerbot-deadline", daemon=True)
    started = time.monotonic()
    worker.start()
    # in slices, as the deadline may be brought forward meanwhile (`meet`); work that ends is seen at once
    while not deadline.done.wait(min(0.1, max(0.0, deadline.remaining()))):
        if deadline.remaining() <= 0 and deadline.expire():
            waited = time.monotonic() - started
            log.warning("database work did not finish within %.2f s; its connections were cut", waited)
            raise Unavailable(f"no answer within {waited:.2f} s", uncertain=deadline.committing)
    worker.join()  # it has finished: a moment
    ok, value = outcome[0]
    if ok:
        return value
    if deadline.commit_failed and unavailable(value):
        raise Unavailable("the connection failed during a commit", uncertain=True) from value
    raise value


def _guard(engine: Engine) -> None:
    """Once its deadline has passed, work that is still running gets no further statement or commit through."""

    def check() -> None:
        deadline = _current()
        if deadline is not None and deadline.expired:
            raise Unavailable("the request's deadline has passed")

    @event.listens_for(engine, "before_cursor_execute")
    def _on_execute(*_args: Any) -> None:
        check()

    @event.listens_for(engine, "commit")
    def _on_commit(_connection: Any) -> None:
        check()
        deadline = _current()
        if deadline is not None:
            deadline.committing = True

    @event.listens_for(engine, "begin")
    def _on_begin(_connection: Any) -> None:
        deadline = _current()
        if deadline is not None:
            deadline.committing = False

    @event.listens_for(engine, "handle_error")
    def _on_error(_context: Any) -> None:
        deadline = _current()
        if deadline is not None and deadline.committing:
            deadline.commit_failed = True

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_connection: Any, _record: Any) -> None:
        deadline = _current()
        if deadline is not None:
            deadline.committing = False
            if dbapi_connection is not None:
                deadline.unwatch(id(dbapi_connection))


class _WatchedCursor(psycopg.Cursor[Any]):
    """psycopg's cursor, putting its connection under the deadline of the work running on this thread first. Every
    statement makes one, the pool's pre-ping included, so a connection is watched before it can block. Each engine
    has its own subclass, whose `trouble` is the engine's."""

    trouble: _Trouble

    def __init__(self, connection: psycopg.Connection[Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(connection, *args, **kwargs)
        deadline = _current()
        if deadline is not None:
            deadline.meet(self.trouble)
            _watch_socket(deadline, connection, self.trouble)


def _watch_socket(deadline: _Deadline, connection: psycopg.Connection[Any], trouble: _Trouble) -> None:
    """Cutting the connection shuts its socket down, so a read blocked on it ends at once. A duplicate of the socket's
    descriptor is kept meanwhile, so the cut can never reach another socket that reused a closed descriptor."""
    try:
        sock = socket.socket(fileno=os.dup(connection.fileno()))
    except (OSError, psycopg.Error):
        return  # closed already: nothing to cut
    deadline.watch(id(connection), lambda: sock.shutdown(socket.SHUT_RDWR), sock.close, trouble=trouble)


def _nothing() -> None:
    pass


def _quietly(action: Callable[[], None]) -> None:
    try:
        action()
    except Exception:  # a socket or connection closed meanwhile
        log.debug("cutting a connection failed", exc_info=True)


# --- schema: migrations and readiness -------------------------------------------------------------------------------


class SchemaError(Exception):
    """The database's schema is not one this code can migrate: it was migrated by a newer version."""


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config("sqlite://"))


def _unknown(connection: Connection) -> set[str]:
    """The database's revisions that this code has no migration for."""
    known = {script.revision for script in _scripts().walk_revisions()}
    return set(MigrationContext.configure(connection).get_current_heads()) - known


def _ahead(revisions: set[str]) -> SchemaError:
    return SchemaError(
        f"the database's schema is at revision {', '.join(sorted(revisions))}, which this version of Steerbot does "
        "not know: a newer version migrated it. Run that version (or a newer one), or point DATABASE_URL at this "
        "version's database."
    )


def upgrade(url: str) -> None:
    """Brings the database at `url` to the latest schema; a no-op when it is there already. The whole upgrade is one
    transaction under a lock, so several processes starting together migrate once: the others wait, then find nothing
    to do. PostgreSQL: an advisory lock, on a connection of its own with libpq's defaults (no statement timeout:
    waiting for the lock, or for a table's lock, is what it is for). SQLite: the write lock (BEGIN IMMEDIATE).
    A database at a revision this code does not know raises SchemaError and is left untouched."""
    on_sqlite = is_sqlite(url)
    engine = make_engine(url) if on_sqlite else create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            if on_sqlite:
                foreign_keys(connection, on=False)
            try:
                with connection.begin():
                    if not on_sqlite:
                        connection.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK)))
                    unknown = _unknown(connection)
                    if unknown:
                        raise _ahead(unknown)
                    config = alembic_config(url)
                    config.attributes["connection"] = connection  # storage/migrations/env.py runs in this transaction
                    try:
                        command.upgrade(config, "head")
                    except CommandError as error:  # a revision that vanished between the check and now, say
                        raise SchemaError(str(error)) from error
                    if on_sqlite:
                        check_references(connection)
            finally:
                if on_sqlite:
                    foreign_keys(connection, on=True)
    finally:
        engine.dispose()


def foreign_keys(connection: Connection, on: bool) -> None:
    """SQLite only: batch mode rebuilds a table by copying it, dropping the old one and renaming the copy. With
    foreign keys enforced the drop would first delete its rows, cascading to every row that refers to them.
    The pragma is ignored inside a transaction, so it is set on the driver's connection, outside one."""
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def check_references(connection: Connection) -> None:
    """SQLite only, after migrating without enforcement: a row left referring to nothing fails the migration."""
    dangling = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if dangling:
        raise RuntimeError(f"the migration left rows referring to nothing: {dangling}")


def ready(engine: Engine, seconds: float = READY_DEADLINE) -> str | None:
    """None when the database answers within `seconds` and its schema is at the migrations' head; otherwise a short
    reason, fit to show anyone (no stack trace, no address)."""
    try:
        return within(seconds, lambda: _schema_state(engine))
    except Exception as error:
        if unavailable(error):
            log.warning("not ready: the database does not answer (%s)", type(error).__name__)
            return "the database does not answer"
        log.exception("the readiness check failed")
        return "the readiness check failed"


def _schema_state(engine: Engine) -> str | None:
    with engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
        unknown = _unknown(connection) if current else set()
    heads = set(_scripts().get_heads())
    if current == heads:
        return None
    if unknown:
        return f"the schema is at {', '.join(sorted(unknown))}, newer than this version knows"
    if not current:
        return "the database has no schema yet: run steerbot db upgrade"
    return f"the schema is at {', '.join(sorted(current))}, not {', '.join(sorted(heads))}: run steerbot db upgrade"
