"""Several `steerbot run` processes on one PostgreSQL database serving many workspaces installed through OAuth.

The same run is made twice on fresh databases, first with one process (the baseline), then with PROCESSES:
- the processes start together on an empty database (each migrates it at start: one does, the others wait);
- WORKSPACES workspaces install the app through Slack's OAuth (tests/fake_slack.py in this process answers
  oauth.v2.access), each install started on one process and finished on the next (the state is in the database);
- each workspace sets its digest and weekly meeting, records an event and ITEMS action items for an owner, the
  commands signed as Slack signs them and spread round-robin over the processes by SENDERS clients at once;
- then every process runs `steerbot tick --now T` at the same moment, for each of the moments every 12 hours over
  the next three weeks, so each reminder, digest, event reminder and agenda post falls due while all compete.
The processes' own schedulers keep running on the real clock; the workspaces' settings put nothing in their reach.

Checked after each run: item numbers 1..ITEMS in each committee (no gap, no duplicate); each workspace's posts made
with its own token; no message posted twice; and the one-process and several-process runs post the same messages.
Printed: commands a second and the several-process run's ratio to the baseline.

Usage: python bench/processes.py [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
                                 [--processes 3] [--workspaces 50] [--items 10] [--senders 12]
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from sqlalchemy import create_engine, make_url, text

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]

from blackbox import PYTHON, ROOT, SECRET, Server, free_port, get, post, running, spawn  # noqa: E402

from tests.fake_slack import Call, FakeSlack, member  # noqa: E402
from tests.slack_requests import slash_command_body  # noqa: E402

CLIENT_ID = "111.222"
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def fresh_database(admin_url: str, name: str) -> str:
    """An empty database `name` on the server of `admin_url`; its SQLAlchemy URL."""
    url = make_url(admin_url)
    with psycopg.connect(url.set(drivername="postgresql", database="postgres").render_as_string(False)) as db:
        db.autocommit = True
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


def environment(database_url: str, fake: FakeSlack, public_url: str) -> dict[str, str]:
    return {
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": "bench-client-secret",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.url,
        "STEERBOT_PUBLIC_URL": public_url,
        "DATABASE_URL": database_url,
        "STEERBOT_TIMEZONE": "UTC",
        "PYTHONPATH": str(ROOT),
    }


def start(count: int, env: dict[str, str], workdir: Path) -> list[Server]:
    servers = []
    for n in range(count):
        port = free_port()
        argv = [PYTHON, "-m", "bot.cli", "run", "--http", "--host", "127.0.0.1", "--port", str(port)]
        servers.append(spawn(f"steerbot-{n + 1}", argv, env, workdir, port))
    return servers


def install(team: str, first: Server, second: Server, fake: FakeSlack) -> None:
    """Add to Slack on `first`; Slack sends the person back to `second` with the code."""
    fake.add_install(f"code-{team}", team, f"xoxb-{team}")
    connection = http.client.HTTPConnection("127.0.0.1", first.port, timeout=30)
    connection.request("GET", "/slack/install")
    answer = connection.getresponse()
    page, cookie = answer.read().decode(), (answer.getheader("Set-Cookie") or "").split(";")[0]
    connection.close()
    state = re.search(r"state=([\w-]+)", page)
    assert answer.status == 200 and state, page[:300]
    connection = http.client.HTTPConnection("127.0.0.1", second.port, timeout=30)
    connection.request(
        "GET", f"/slack/oauth_redirect?code=code-{team}&state={state.group(1)}", headers={"Cookie": cookie}
    )
    finished = connection.getresponse()
    assert finished.status == 200, finished.read()[:300]
    connection.close()


def commands(teams: list[str], items: int, today: date) -> list[tuple[str, str, str]]:
    """(team, command, text) for every workspace: its settings first, then its event and items, in rounds."""
    digest_day = WEEKDAYS[(today.weekday() + 3) % 7]  # its latest slot before today is days old: stale for real time
    meeting_day = WEEKDAYS[(today.weekday() + 4) % 7]
    settings = [("/committee", f"set digest {digest_day} 12:00"), ("/meeting", f"every {meeting_day} at 15:00 UTC")]
    event = ("/event", f"Summit of {{team}}, {today + timedelta(days=14):%Y-%m-%d}, Brussels")
    work = [
        ("/action", f"<@U2> prepare part {n} of the report for {{team}} by {today + timedelta(days=5 + n):%Y-%m-%d}")
        for n in range(items)
    ]
    rounds = [*settings, event, *work]
    return [(team, command, line.replace("{team}", team)) for command, line in rounds for team in teams]


def send(server: Server, job: tuple[str, str, str], fake: FakeSlack) -> None:
    team, command, line = job
    request = slash_command_body(
        command, line, user_id="U1", channel_id="C1", team_id=team, response_url=fake.response_url(team)
    )
    status, body = post(server.port, "/slack/events", request.body, request.headers(SECRET))
    assert status == 200 and b"Sorry" not in body and b"unavailable" not in body, (status, body[:300])


def tick_all(env: dict[str, str], moments: list[datetime], processes: int) -> None:
    """Every process runs a scheduler pass at each moment, all at once."""
    full = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "STEERBOT_", "DATABASE_URL"))} | env
    for moment in moments:
        argv = [PYTHON, "-m", "bot.cli", "tick", "--now", moment.isoformat()]
        ticks = [
            subprocess.Popen(argv, env=full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            for _ in range(processes)
        ]
        for tick in ticks:
            _, err = tick.communicate(timeout=120)
            assert tick.returncode == 0, err.decode()[-2000:]


def settled(fake: FakeSlack, quiet: float = 2.0) -> None:
    """Waits until no post has reached the fake Slack for `quiet` seconds (the senders have drained)."""
    seen, since = -1, time.monotonic()
    while time.monotonic() - since < quiet:
        now = len(fake.calls_to("chat.postMessage"))
        if now != seen:
            seen, since = now, time.monotonic()
        time.sleep(0.1)


def run(label: str, processes: int, args: argparse.Namespace, workdir: Path) -> tuple[float, Counter[tuple[str, ...]]]:
    """One whole run; the commands a second, and each message posted (token, channel, text) with its count."""
    database = fresh_database(args.database_url, f"steerbot_bench_{label}")
    users = [member("U1", "leonardo", tz="UTC"), member("U2", "kevin", real_name="Kevin Zhao", tz="UTC")]
    today = datetime.now(UTC).date()
    teams = [f"T{n:03d}" for n in range(1, args.workspaces + 1)]
    with FakeSlack(users=users, channels={"C1": "steering"}) as fake:
        env = environment(database, fake, "https://steerbot.example.org")
        (workdir / label).mkdir()
        servers = start(processes, env, workdir / label)
        with running(*servers):
            started = [server.wait_healthy(120) for server in servers]
            assert all(get(server.port, "/readyz")[0] == 200 for server in servers)
            for n, team in enumerate(teams):
                install(team, servers[n % processes], servers[(n + 1) % processes], fake)
            work = commands(teams, args.items, today)
            spread = itertools.cycle(servers)
            begun = time.perf_counter()
            with ThreadPoolExecutor(args.senders) as pool:
                list(pool.map(lambda job: send(next(spread), job, fake), work))
            rate = len(work) / (time.perf_counter() - begun)
            settled(fake)
            moments = [
                datetime.combine(today, datetime.min.time(), UTC) + timedelta(hours=12 * k) for k in range(2, 44)
            ]
            tick_all(env, moments, processes)
            settled(fake)
        check_numbers(database, teams, args.items)
        calls = fake.calls_to("chat.postMessage")
    parts = Counter(json.dumps(call.decoded("metadata")["event_payload"], sort_keys=True) for call in calls)
    posted = Counter(_message(call) for call in calls)
    wrong = [key for key in posted if any(f"xoxb-{team}" != key[0] for team in re.findall(r"T\d{3}", key[2]))]
    assert not wrong, f"{len(wrong)} posts made with another workspace's token: {wrong[:3]}"
    twice = [key for key, count in parts.items() if count > 1]  # an outbox message's part posted again
    print(
        f"{label:>9}: {processes} process(es) up in {max(started):.1f} s; {len(work)} commands from {len(teams)} "
        f"workspaces at {rate:.0f}/s; {sum(posted.values())} posts ({len(twice)} twice), "
        f"{_kinds(posted)}; item numbers 1..{args.items} in every committee"
    )
    assert not twice, f"posted more than once: {twice[:3]}"
    return rate, posted


def _message(call: Call) -> tuple[str, ...]:
    """A post as the runs compare it: which number an item got depends on which command came first, so numbers go
    (and the timestamps in links to the original messages), and a message's lines are taken in order of their words."""
    said = [re.sub(r"#\d+|/p\d+", "#n", line) for line in [call.args.get("text", ""), *call.lines()]]
    return (call.token or "", str(call.args.get("channel")), said[0], *sorted(said[1:]))


def _kinds(posted: Counter[tuple[str, ...]]) -> str:
    kinds: Counter[str] = Counter()
    for _token, _channel, said, *_lines in posted:
        kind = next((k for k in ("agenda", "digest", "reminder", "Summit") if k.lower() in said.lower()), "card or DM")
        kinds[kind] += 1
    return ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))


def check_numbers(database: str, teams: list[str], items: int) -> None:
    engine = create_engine(database)
    with engine.connect() as db:
        rows = db.execute(text("SELECT team_id, array_agg(number ORDER BY number) FROM items GROUP BY team_id")).all()
    engine.dispose()
    numbers = {team: list(found) for team, found in rows}
    bad = {team: found for team, found in numbers.items() if found != list(range(1, items + 1))}
    assert set(numbers) == set(teams) and not bad, f"item numbers with gaps or duplicates: {list(bad.items())[:3]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default_url = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--database-url", default=default_url, help="a PostgreSQL server to make the databases on")
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--workspaces", type=int, default=50)
    parser.add_argument("--items", type=int, default=10)
    parser.add_argument("--senders", type=int, default=12)
    args = parser.parse_args()
    assert urlsplit(make_url(args.database_url).render_as_string()).scheme.startswith("postgresql"), "PostgreSQL only"
    with tempfile.TemporaryDirectory(prefix="steerbot-processes-") as tmp:
        base_rate, base_posts = run("baseline", 1, args, Path(tmp))
        rate, posts = run("several", args.processes, args, Path(tmp))
    same = base_posts == posts
    print(f"ratio: {rate / base_rate:.2f}x the baseline's commands a second; same messages as the baseline: {same}")
    assert same, f"differ: {list((base_posts - posts).items())[:3]} / {list((posts - base_posts).items())[:3]}"


if __name__ == "__main__":
    main()
