"""A database that stops answering, through the real request path: PostgreSQL behind a proxy that accepts connections
and then holds them without answering; SQLite write-locked by another connection (a backup, a second bot). Every
slash command still answers within Slack's 3 seconds, saying the record is unavailable and nothing was saved;
GET /healthz keeps answering; GET /readyz says not ready, in time; the bot recovers when the database does."""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import func, make_url, select, text
from sqlalchemy.exc import OperationalError

import storage.db as storage_db
from bot.app import Storage, storage
from bot.app import slack_bot as build_bot
from bot.core.kernel.boundary import Post
from bot.core.kernel.clock import Clock
from bot.core.kernel.documents import say
from bot.slack.http import wsgi_app
from storage import outbox
from storage.db import Unavailable, alembic_config, is_sqlite, ready, upgrade
from storage.schema import DecisionRow, ItemRow
from tests.fake_slack import FakeSlack
from tests.slack.conftest import SECRET, Reply, SlackBot
from tests.wsgi_server import serving

SLACK_DEADLINE = 3.0  # seconds: Slack shows the person an error instead of an answer that comes later
# What each slash command is asked while the database is not answering: writes and reads.
ASKED = [
    ("/action", "me check the budget by 2099-03-06"),
    ("/action", "list"),
    ("/committee", ""),
    ("/event", "FOSDEM 2099, Feb 3-4 2099, Brussels"),
    ("/digest", ""),
    ("/meeting", "list"),
    ("/decision", "We adopt the charter"),
    ("/update", "CI: all green"),
    ("/agenda", ""),
]


class StallingProxy:
    """A TCP proxy on 127.0.0.1 (port 0) in front of PostgreSQL. It forwards both ways until `stall()`; from then on
    it accepts new connections and holds them open without a word, and swallows whatever either side sends on the
    connections already made. `resume()` forwards again, for connections made from then on."""

    def __init__(self, host: str, port: int) -> None:
        self._target = (host, port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._stalled = threading.Event()
        self._held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def stall(self) -> None:
        self._stalled.set()

    def resume(self) -> None:
        self._stalled.clear()

    def close(self) -> None:
        """Ends every connection, both ways: the bot's threads still waiting on one get an error, and the server
        rolls back what the held connections had begun (a lock left held would stall the next test's database)."""
        self._listener.close()
        for sock in self._held:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # close() alone leaves a socket open while a pump is reading it
            sock.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # closed
            self._held.append(client)
            if self._stalled.is_set():
                continue  # accepted, never answered
            upstream = socket.create_connection(self._target)
            self._held.append(upstream)
            swallowed = threading.Event()  # once anything is dropped the two sides are out of step: drop for good
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink, swallowed), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, swallowed: threading.Event) -> None:
        while True:
            try:
                data = source.recv(65536)
                if not data:
                    return
                if self._stalled.is_set() or swallowed.is_set():
                    swallowed.set()
                    continue
                sink.sendall(data)
            except OSError:
                return


@dataclass
class Fault:
    """The database the bot is given, and how to make it stop answering and come back."""

    url: str
    start: Callable[[], None]
    end: Callable[[], None]


@pytest.fixture
def fault(db_url: str) -> Iterator[Fault]:
    if is_sqlite(db_url):
        holder = sqlite3.connect(make_url(db_url).database or "", isolation_level=None, check_same_thread=False)
        locked = threading.Event()

        def lock() -> None:
            holder.execute("BEGIN IMMEDIATE")  # another process's write lock: a backup, a second bot
            locked.set()

        def unlock() -> None:
            if locked.is_set():
                holder.execute("ROLLBACK")
                locked.clear()

        yield Fault(db_url, lock, unlock)
        unlock()
        holder.close()
        return
    target = make_url(db_url)
    proxy = StallingProxy(target.host or "127.0.0.1", target.port or 5432)
    proxied = target.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    yield Fault(proxied, proxy.stall, proxy.resume)
    proxy.close()


@pytest.fixture
def faulty_bot(fault: Fault, fake_slack: FakeSlack, clock: Clock) -> Iterator[SlackBot]:
    """The bot on the faulty database, served by ten threads (more than the commands sent at once)."""
    store = storage(fault.url, clock)
    built = build_bot(store, token="xoxb-test", signing_secret=SECRET, api_url=fake_slack.url, default_timezone="UTC")
    app = wsgi_app(built.app, SECRET, built.services.feeds.feed, ready=lambda: ready(store.engine))
    with serving(app, threads=10) as base:
        yield SlackBot(fake_slack, base, store, built.sender)
    fault.end()
    store.engine.dispose()


def timed(call: Callable[[], Reply]) -> tuple[Reply, float]:
    started = time.monotonic()
    reply = call()
    return reply, time.monotonic() - started


def count(store: Storage, row: type) -> int:
    with store.sessions() as session:
        return session.scalar(select(func.count()).select_from(row)) or 0


def test_every_command_answers_in_time_that_the_record_is_unavailable_and_nothing_was_saved(
    faulty_bot: SlackBot, fault: Fault
) -> None:
    faulty_bot.command("me write the minutes by 2099-03-06")  # the committee, and connections in the pool
    assert count(faulty_bot.store, ItemRow) == 1

    fault.start()
    with ThreadPoolExecutor(len(ASKED)) as pool:
        answers = list(pool.map(lambda asked: timed(lambda: faulty_bot.command(asked[1], command=asked[0])), ASKED))

    for (name, _), (reply, seconds) in zip(ASKED, answers, strict=True):
        assert reply.status == 200, name
        assert "record is unavailable right now" in reply.text, (name, reply.text)
        assert "nothing was saved" in reply.text, name
        assert seconds < SLACK_DEADLINE, (name, seconds)
    fault.end()
    assert count(faulty_bot.store, ItemRow) == 1
    assert count(faulty_bot.store, DecisionRow) == 0
    # and the bot recovers with the database
    assert faulty_bot.command("me check the budget by 2099-03-06").text == ""
    assert count(faulty_bot.store, ItemRow) == 2


def test_a_first_command_in_a_new_channel_answers_in_time_too(faulty_bot: SlackBot, fault: Fault) -> None:
    fault.start()  # nothing pooled yet on PostgreSQL: the connection itself is never answered

    reply, seconds = timed(lambda: faulty_bot.command("me write the minutes", channel="C2"))

    assert "record is unavailable right now" in reply.text
    assert seconds < SLACK_DEADLINE


def test_healthz_keeps_answering_and_a_burst_queued_behind_stuck_commands_answers_in_time(
    faulty_bot: SlackBot, fault: Fault
) -> None:
    faulty_bot.command("me write the minutes by 2099-03-06")
    fault.start()
    with ThreadPoolExecutor(20) as pool:  # twice the server's threads: half of them wait for a thread
        stuck = [pool.submit(timed, partial(faulty_bot.command, f"me task {n}")) for n in range(20)]
        time.sleep(0.2)
        health = faulty_bot.get("/healthz")  # the client gives up after 10 s
        answers = [future.result() for future in stuck]

    assert health.status == 200
    assert all("record is unavailable right now" in reply.text for reply, _ in answers)
    assert max(seconds for _, seconds in answers) < SLACK_DEADLINE


def test_sending_after_the_ack_gives_up_in_time_and_sends_once_the_database_is_back(
    faulty_bot: SlackBot, fault: Fault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(outbox, "QUEUE_DEADLINE", 1.0)  # PostgreSQL's bound
    monkeypatch.setattr(storage_db, "SQLITE_BUSY_TIMEOUT_MS", 1000)  # SQLite's
    with faulty_bot.store.uow() as uow:
        uow.outbox.add(Post("T1", say("the agenda"), channel="C1"))
        uow.commit()

    fault.start()
    started = time.monotonic()
    with pytest.raises((Unavailable, OperationalError)):  # SQLite: "database is locked" after its busy timeout
        faulty_bot.sender.drain_soon()  # what a request does after its ack
    waited = time.monotonic() - started

    assert waited < 3.0  # not for ever: the drain lock it held is free for the next request
    assert faulty_bot.fake.messages("C1") == []
    fault.end()
    faulty_bot.sender.drain_soon()
    assert [m["text"] for m in faulty_bot.fake.messages("C1")] == ["the agenda"]


def test_readyz_says_ready_then_not_ready_in_time_then_ready_again(faulty_bot: SlackBot, fault: Fault) -> None:
    assert (faulty_bot.get("/readyz").status, faulty_bot.get("/readyz").body) == (200, "ready\n")

    fault.start()
    reply, seconds = timed(lambda: faulty_bot.get("/readyz"))

    assert (reply.status, reply.body) == (503, "not ready: the database does not answer\n")
    assert seconds < SLACK_DEADLINE
    assert faulty_bot.get("/healthz").status == 200  # alive all the same
    fault.end()
    assert faulty_bot.get("/readyz").status == 200


def test_readyz_is_not_ready_while_the_schema_is_behind_or_unknown(store: Storage, db_url: str) -> None:
    from alembic import command

    assert ready(store.engine) is None
    command.downgrade(alembic_config(db_url), "-1")  # a release's migration not run yet
    try:
        assert "run steerbot db upgrade" in (ready(store.engine) or "")
    finally:
        upgrade(db_url)
    [head] = ScriptDirectory.from_config(alembic_config(db_url)).get_heads()
    with store.engine.begin() as connection:  # migrated by a newer release
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffffffffffff'"))
    try:
        assert ready(store.engine) == "the schema is at ffffffffffff, newer than this version knows"
    finally:
        with store.engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head})
    assert ready(store.engine) is None
