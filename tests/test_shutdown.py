"""Graceful shutdown: SIGTERM (or SIGINT) during a stream of commands stops `steerbot run` within 10 s with exit
status 0. It takes no new connections, answers every request it had, finishes the message being sent and gives
the rest back to the outbox; the scheduler stops between jobs. Every answered command is recorded, every recorded
one was answered, and after a restart every item's card is in the channel exactly once.

Socket Mode stops the same way (`bot/slack/socket_mode.py`): its gate is tested here without a WebSocket."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import pytest
from sqlalchemy import select

from bot.app import Storage
from bot.slack.sender import SlackSender
from bot.slack.workspaces import OneWorkspace
from storage.outbox import OutboxQueue
from storage.schema import ItemRow, OutboxRow
from tests.fake_slack import FakeSlack, member
from tests.slack_requests import slash_command_body

ROOT = Path(__file__).parents[1]
SECRET = "shutdown-test-secret"
CLIENTS = 6


@dataclass
class Stream:
    """Commands sent by several clients at once until told to stop; what became of each."""

    port: int
    answered: dict[str, str] = field(default_factory=dict)  # task -> the reply's body
    refused: list[str] = field(default_factory=list)  # no connection: never reached the bot
    unanswered: list[str] = field(default_factory=list)  # connected and sent, but no answer came
    failed: list[str] = field(default_factory=list)  # answered with an error status
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def client(self, n: int) -> None:
        i = 0
        while not self.stop.is_set():
            task = f"task {n}-{i}"
            i += 1
            self.send(task)

    def send(self, task: str) -> None:
        request = slash_command_body("/action", f"me {task} by 2099-03-06", user_id="U1", channel_id="C1")
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            connection.connect()
        except OSError:
            with self.lock:
                self.refused.append(task)
            time.sleep(0.01)
            return
        try:
            connection.request("POST", "/slack/events", body=request.body, headers=request.headers(SECRET))
            answer = connection.getresponse()
            body = answer.read().decode()
            with self.lock:
                if answer.status == 200:
                    self.answered[task] = body
                else:
                    self.failed.append(f"{task}: {answer.status} {body}")
        except (OSError, http.client.HTTPException):
            with self.lock:
                self.unanswered.append(task)
        finally:
            connection.close()


def start_bot(db_url: str, fake: FakeSlack, log: Path) -> tuple[subprocess.Popen[str], int, TextIO]:
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.url,
        "DATABASE_URL": db_url,
        "STEERBOT_TIMEZONE": "UTC",
    }
    env.pop("SLACK_APP_TOKEN", None)
    out = log.open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run", "--http", "--host", "127.0.0.1", "--port", "0"],
        cwd=log.parent, env=env, stdout=out, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = re.search(r"serving Slack requests at http://127\.0\.0\.1:(\d+)/", log.read_text())
        if found:
            return process, int(found.group(1)), out
        assert process.poll() is None, log.read_text()
        time.sleep(0.05)
    raise AssertionError("the bot did not start: " + log.read_text())


def readiness(port: int) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/readyz")
        answer = connection.getresponse()
        return answer.status, answer.read().decode()
    finally:
        connection.close()


def cards(fake: FakeSlack) -> Counter[str]:
    return Counter(m["text"] for m in fake.messages("C1") if m["text"].startswith("#"))


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_mid_stream_stops_within_10_s_answering_and_sending_everything_once(
    store: Storage, db_url: str, tmp_path: Path, signal_number: int, capsys: pytest.CaptureFixture[str]
) -> None:
    with FakeSlack(users=[member("U1", "leonardo")], channels={"C1": "steering"}) as fake:
        fake.slow("chat.postMessage", 0.05)  # a send takes a while: the signal comes in the middle of one
        process, port, out = start_bot(db_url, fake, tmp_path / "bot.log")
        assert readiness(port) == (200, "ready\n")  # what a load balancer asks before sending it requests
        stream = Stream(port)
        clients = [threading.Thread(target=stream.client, args=(n,)) for n in range(CLIENTS)]
        for client in clients:
            client.start()
        deadline = time.monotonic() + 30
        while len(stream.answered) < 20 and time.monotonic() < deadline:  # mid-stream: the bot is busy
            time.sleep(0.01)
        signalled = time.monotonic()
        process.send_signal(signal_number)
        code = process.wait(timeout=30)
        stopped_in = time.monotonic() - signalled
        stream.stop.set()
        for client in clients:
            client.join(timeout=30)
        log = (tmp_path / "bot.log").read_text()
        out.close()

        assert code == 0, log[-3000:]
        assert stopped_in < 10, stopped_in
        assert "stopping; finishing the requests in flight" in log and "stopped cleanly" in log, log[-3000:]
        with store.sessions() as session:
            recorded = Counter(session.scalars(select(ItemRow.task)))
            unsent = session.scalar(select(OutboxRow.id).where(OutboxRow.state == "sending"))
        assert unsent is None  # nothing left half sent: what was not started was given back
        assert all(n == 1 for n in recorded.values())
        assert set(stream.answered) == set(recorded)  # every answer recorded; nothing recorded unanswered
        assert all(body == "" for body in stream.answered.values())  # recorded, not "Sorry"

        # the restart: a new sender sends what the stopped one gave back
        fake.slow("chat.postMessage", 0)
        SlackSender(OneWorkspace("xoxb-test", fake.url), OutboxQueue(store.sessions), lambda: datetime.now(UTC)).drain()
        shown = cards(fake)
        assert len(shown) == len(recorded) and set(shown.values()) == {1}, shown
        with capsys.disabled():
            print(
                f"\n  {signal.Signals(signal_number).name}: exit {code} in {stopped_in:.2f} s; "
                f"{len(stream.answered)} answered and recorded, {len(stream.unanswered)} cut, "
                f"{len(stream.refused)} refused after the stop, each card posted once"
            )
        assert stream.unanswered == [] and stream.failed == []


def test_the_scheduler_stops_between_jobs_and_sends_nothing_more() -> None:
    from bot.core.kernel.clock import Clock
    from bot.core.kernel.jobs import Jobs
    from bot.core.kernel.model import Committee
    from bot.scheduler import Scheduler
    from tests.fakes import FakeUnitOfWork

    ran: list[str] = []
    scheduler: Scheduler

    class Job:
        def __init__(self, name: str, committees: int) -> None:
            self.name, self.count = name, committees

        def committees(self, uow: Any, now: datetime) -> list[Committee]:
            return [Committee(n, "T1", f"C{n}", f"c{n}", "UTC") for n in range(1, self.count + 1)]

        def run_for(self, uow: Any, committee: Committee, now: datetime, dry_run: bool) -> list[str]:
            ran.append(f"{self.name} {committee.channel_id}")
            if len(ran) == 2:
                scheduler.stop()  # SIGTERM arrives while the second committee's transaction runs
            return []

    class Sender:
        def drain(self, **kwargs: Any) -> int:
            ran.append("send")
            return 0

    scheduler = Scheduler(Jobs(FakeUnitOfWork(), [Job("agenda", 3), Job("reminders", 2)]), Sender(), Clock())
    thread = scheduler.start(interval=0.05)
    thread.join(timeout=5)
    assert not thread.is_alive() and scheduler.stop(1)
    assert ran == ["agenda C1", "agenda C2"]  # the committee under way finished; nothing after it


def test_socket_mode_takes_nothing_new_answers_what_it_has_then_closes(monkeypatch: pytest.MonkeyPatch) -> None:
    from slack_bolt import App
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.slack import socket_mode

    said: list[str] = []
    handling = threading.Event()
    monkeypatch.setattr(SocketModeHandler, "close", lambda self: said.append("closed"))

    def handle(self: SocketModeHandler, client: Any, request: Any) -> None:
        handling.set()
        time.sleep(0.5)  # a request in flight when the stop comes
        said.append(f"answered {request.type}")

    monkeypatch.setattr(SocketModeHandler, "handle", handle)
    app = App(token="xoxb-test", signing_secret=SECRET, token_verification_enabled=False)
    stop = threading.Event()
    handlers: list[SocketModeHandler] = []
    monkeypatch.setattr(SocketModeHandler, "connect", lambda self: (handlers.append(self), said.append("connected")))
    server = threading.Thread(target=socket_mode.serve, args=(app, "xapp-test", stop))
    server.start()
    while not handlers:
        time.sleep(0.01)
    [gate] = handlers[0].client.socket_mode_request_listeners
    request = type("Request", (), {"type": "slash_commands"})()
    in_flight = threading.Thread(target=gate, args=(handlers[0].client, request))
    in_flight.start()
    handling.wait(5)
    stop.set()
    time.sleep(0.1)
    gate(handlers[0].client, type("Request", (), {"type": "events_api"})())  # arrives while stopping: left
    server.join(timeout=10)
    in_flight.join(timeout=5)
    assert said == ["connected", "answered slash_commands", "closed"]
