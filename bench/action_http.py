"""`/action` through `steerbot run --http`, black box, against a floor that records and delivers, in the same run.

Each server runs in its own process on a fresh SQLite file, and both talk to one fake Slack Web API in a third
process (bench/blackbox.py). The floor (bench/floor_server.py) does only what any recorded-and-delivered command
must: Bolt with process_before_response behind waitress, one SQLite insert-and-commit, then after the ack the
card to the channel and the owner's DM through slack_sdk. The bot reads the line, resolves its owner, writes the
item, its history, its reminders and its outbox rows, acks, then sends the card and the DM from its outbox.

Measured, on signed requests each on a fresh connection, as Slack sends them:
- sequential: one request at a time, in rounds of 50 alternating between the servers (machine noise hits both);
- concurrent: SENDERS clients at once, each sending its next request when answered; rounds alternate too.
After each round the benchmark waits until the fake Slack has the round's posts (2 a command), so one server's
sending never overlaps the other's round; "delivered" is how long that took after the round's last answer.
A reply that is not 200, or that carries a message (an error, "unavailable"), is counted as failed.
`cpu/cmd` is the server process's CPU time (user + system) per command over the sequential phase, sending included.
`--compare TREE` (repeatable) also runs the bot from another checkout (say, before a change) in the same run.

Usage: python bench/action_http.py [--requests 300] [--concurrent 500] [--senders 20] [--compare TREE]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]

from blackbox import (  # noqa: E402
    BOT_TOKEN,
    FLOOR_TOKEN,
    ROOT,
    SECRET,
    FakeSlackProcess,
    Server,
    cpu_seconds,
    fake_slack,
    post,
    rss_mb,
    running,
    start_bot,
    start_floor,
)

from tests.slack_requests import slash_command_body  # noqa: E402

SLACK_WAITS = 3000.0  # ms: Slack shows the user an error when the answer takes longer
ROUND = 50  # sequential requests per round


@dataclass
class Target:
    server: Server
    token: str
    sent: int = 0  # commands answered so far (each queues 2 posts)
    sequential: list[float] = field(default_factory=list)
    concurrent: list[float] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    delivered_after: list[float] = field(default_factory=list)  # s from a round's last answer to its last post
    cpu: float = 0.0
    own: list[float] = field(default_factory=list)  # the bot's own ms per sequential request, from its log


def one(target: Target, text: str) -> float:
    request = slash_command_body("/action", text, user_id="U1", channel_id="C1")
    headers = request.headers(SECRET)
    started = time.perf_counter()
    status, body = post(target.server.port, "/slack/events", request.body, headers)
    ms = (time.perf_counter() - started) * 1000
    if status != 200 or body.strip():
        target.failed.append(f"{status} {body[:200]!r}")
    return ms


def sequential(target: Target, n: int, fake: FakeSlackProcess, label: str) -> None:
    for i in range(n):
        text = f"kevin check {label} item {target.sent + i} with the toolchain team by Friday"
        target.sequential.append(one(target, text))
    settle(target, n, fake)


def concurrent(target: Target, senders: int, each: int, fake: FakeSlackProcess) -> None:
    times: list[float] = []
    lock = threading.Lock()
    base = target.sent

    def sender(s: int) -> None:
        for i in range(each):
            ms = one(target, f"kevin review concurrent item {base + s * each + i} for the release by Friday")
            with lock:
                times.append(ms)

    threads = [threading.Thread(target=sender, args=(s,)) for s in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    target.concurrent += times
    settle(target, senders * each, fake)


def settle(target: Target, commands: int, fake: FakeSlackProcess) -> None:
    target.sent += commands
    target.delivered_after.append(fake.wait_posts(target.token, 2 * target.sent))


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[98]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300, help="sequential requests per server")
    parser.add_argument("--concurrent", type=int, default=500, help="requests per server with SENDERS at once")
    parser.add_argument("--senders", type=int, default=20)
    parser.add_argument(
        "--compare", type=Path, action="append", default=[], help="also run the bot from this source tree (repeatable)"
    )
    parser.add_argument("--no-scheduler", action="store_true", help="run the bot without its scheduler")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, fake_slack(Path(tmp)) as fake:
        bots = [("steerbot", ROOT, BOT_TOKEN)]
        for n, tree in enumerate(args.compare, 1):
            bots.append((f"compare{n}" if len(args.compare) > 1 else "compare", tree.resolve(), f"xoxb-compare{n}"))
        servers = [
            start_bot(tree, Path(tmp) / name, fake.url, name=name, token=token, scheduler=not args.no_scheduler)
            for name, tree, token in bots
        ]
        floor = start_floor(Path(tmp) / "floor", fake.url)
        with running(*servers, floor):
            for server in (*servers, floor):
                server.wait_healthy()
            targets = [Target(s, token) for s, (_, _, token) in zip(servers, bots, strict=True)]
            targets.append(Target(floor, FLOOR_TOKEN))
            for target in targets:  # the committee is made, the member list and the channel cached, code warm
                sequential(target, 30, fake, "warm-up")
                target.sequential.clear()
                target.delivered_after.clear()
            cpu_before = {id(t): cpu_seconds(t.server.pid) for t in targets}
            logged = {id(t): len(t.server.server_ms()) for t in targets}
            for start in range(0, args.requests, ROUND):
                for target in targets:
                    sequential(target, min(ROUND, args.requests - start), fake, "sequential")
            for target in targets:
                target.cpu = (cpu_seconds(target.server.pid) - cpu_before[id(target)]) / args.requests
                target.own = target.server.server_ms()[logged[id(target)] :]
            each_round = args.senders * 5
            for start in range(0, args.concurrent, each_round):
                size = min(each_round, args.concurrent - start)
                for target in targets:
                    concurrent(target, args.senders, max(1, size // args.senders), fake)
            report(targets, args)


def report(targets: list[Target], args: argparse.Namespace) -> None:
    floor = targets[-1]
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {args.requests} sequential and {len(floor.concurrent)} concurrent "
          f"({args.senders} senders) /action requests per server; SQLite; each server in its own process")  # fmt: skip
    print(f"{'':10} {'median':>9} {'p99':>9} {'conc p99':>9} {'>3s':>5} {'failed':>6} {'cpu/cmd':>8} "
          f"{'delivered':>9} {'server':>9} {'RSS':>7}")  # fmt: skip
    for t in targets:
        own = t.own
        print(
            f"{t.server.name:10} {statistics.median(t.sequential):7.2f}ms {p99(t.sequential):7.2f}ms "
            f"{p99(t.concurrent):7.1f}ms {sum(ms > SLACK_WAITS for ms in t.concurrent):5} {len(t.failed):6} "
            f"{t.cpu * 1000:6.2f}ms {max(t.delivered_after):8.2f}s "
            f"{(f'{statistics.median(own):7.2f}ms' if own else '-'):>9} {rss_mb(t.server.pid):5.0f}MB"
        )
    for t in targets[:-1]:
        median = statistics.median(t.sequential) / statistics.median(floor.sequential)
        print(
            f"{t.server.name}/floor: median {median:.2f}x"
            f" (target <= 2x), p99 under {args.senders} senders {p99(t.concurrent) / p99(floor.concurrent):.2f}x"
            f" (target <= 1.5x), {sum(ms > SLACK_WAITS for ms in t.concurrent)} of {len(t.concurrent)} over 3 s"
            f" (target 0); cpu/cmd {t.cpu / floor.cpu:.2f}x"
        )
    for t in targets:
        for failure in t.failed[:3]:
            print(f"{t.server.name} failed: {failure}")
    print("median/p99: round trip as Slack sees it; server: median of the bot's own dispatch time per sequential "
          "request (its log); delivered: slowest round's last post after its last answer")  # fmt: skip


if __name__ == "__main__":
    main()
