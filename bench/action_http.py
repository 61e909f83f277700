"""Latency of `/action` through the HTTP path (signed request in, response out) against a floor.

The floor, measured in the same run on the same server stack: a Bolt command that does nothing but one
SQLite insert-and-commit. Both go through waitress, Bolt's signature check and ack; `/action` also reads
the line, resolves owners, writes the item, its history and its outbox rows in one transaction.
Usage: python bench/action_http.py [REQUESTS]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).parents[1]))

from bot.app import slack_bot, storage  # noqa: E402
from bot.core.kernel.clock import Clock  # noqa: E402
from bot.core.language import warm_up  # noqa: E402
from bot.slack.http import wsgi_app  # noqa: E402
from storage.db import make_engine, upgrade  # noqa: E402
from tests.fake_slack import FakeSlack, member  # noqa: E402
from tests.slack_requests import slash_command_body  # noqa: E402
from tests.wsgi_server import serving  # noqa: E402

SECRET = "bench-secret"


def floor_app(client: WebClient, url: str) -> App:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS floor (id INTEGER PRIMARY KEY, body TEXT)"))
    app = App(client=client, signing_secret=SECRET, process_before_response=True, token_verification_enabled=False)

    @app.command("/noop")
    def noop(ack: Ack, command: dict[str, Any]) -> None:
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO floor (body) VALUES (:b)"), {"b": command["text"]})
        ack()

    return app


def timed(url: str, command: str, text_of: Callable[[int], str], n: int) -> list[float]:
    times = []
    for i in range(n):
        request = slash_command_body(command, text_of(i), user_id="U1", channel_id="C1")
        sent = urllib.request.Request(url, data=request.body, headers=request.headers(SECRET), method="POST")
        started = time.perf_counter()
        with urllib.request.urlopen(sent, timeout=10) as answer:
            answer.read()
            assert answer.status == 200
        times.append((time.perf_counter() - started) * 1000)
    return times


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    warm_up()
    with (
        tempfile.TemporaryDirectory() as tmp,
        FakeSlack(users=[member("U1", "leonardo"), member("U2", "kevin")]) as fake,
    ):
        url = f"sqlite:///{tmp}/bench.db"
        upgrade(url)
        store = storage(url, Clock())
        app = slack_bot(store, token="xoxb-bench", signing_secret=SECRET, api_url=fake.url, default_timezone="UTC").app
        floor = floor_app(WebClient(token="xoxb-bench", base_url=fake.url), f"sqlite:///{tmp}/floor.db")
        with serving(wsgi_app(app, SECRET)) as action_base, serving(wsgi_app(floor, SECRET)) as floor_base:
            action_url, floor_url = action_base + "/slack/events", floor_base + "/slack/events"
            timed(action_url, "/action", lambda i: f"kevin warm up {i} by Friday", 20)
            timed(floor_url, "/noop", lambda i: f"warm up {i}", 20)
            action, floor_times = [], []
            for round_start in range(0, n, 50):  # interleaved, so machine noise hits both alike
                size = min(50, n - round_start)
                action += timed(
                    action_url, "/action", lambda i: f"kevin check item {i} with the toolchain team by Friday", size
                )
                floor_times += timed(floor_url, "/noop", lambda i: f"check item {i}", size)
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {n} requests each")
    print(f"/action  median {statistics.median(action):6.2f} ms   p99 {p99(action):6.2f} ms")
    print(f"floor    median {statistics.median(floor_times):6.2f} ms   p99 {p99(floor_times):6.2f} ms")
    print(
        f"ratio    median {statistics.median(action) / statistics.median(floor_times):.2f}x   "
        f"p99 {p99(action) / p99(floor_times):.2f}x"
    )


if __name__ == "__main__":
    main()
