"""Black-box harness for the HTTP benchmarks: each server in its own process, talked to over local sockets.

- a fake Slack Web API (bench/fake_slack_server.py: tests/fake_slack.py in a process of its own), which counts the
  posts each token made, so a benchmark can wait until what a run queued has been delivered;
- `steerbot run --http` from a source tree (this one, or another checkout to compare with), on a fresh SQLite file;
- the floor (bench/floor_server.py): Bolt with process_before_response and waitress, one SQLite insert-and-commit,
  then after the ack the card to the channel and the owner's DM through slack_sdk.

Nothing here imports the bot: what is measured is what Slack would see.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SECRET = "bench-secret"
BOT_TOKEN = "xoxb-bench-bot"
FLOOR_TOKEN = "xoxb-bench-floor"
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    """Resident set size of a process (VmRSS), in MB."""
    for row in Path(f"/proc/{pid}/status").read_text().splitlines():
        if row.startswith("VmRSS:"):
            return int(row.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Server:
    """A server process on a local port; its output goes to `log`."""

    name: str
    process: subprocess.Popen[bytes]
    port: int
    log: Path
    started: float  # time.perf_counter() just before the process was spawned
    _out: IO[bytes]

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._out.close()

    def wait_healthy(self, timeout: float = 60.0) -> float:
        """Seconds from the spawn to the first `GET /healthz` answered 200 (asked every 5 ms)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited ({self.process.returncode}): {self.log.read_text()[-3000:]}")
            try:
                status, _ = get(self.port, "/healthz", timeout=2)
            except OSError:
                time.sleep(0.005)
                continue
            if status == 200:
                return time.perf_counter() - self.started
        raise RuntimeError(f"{self.name}: no /healthz 200 within {timeout:.0f} s: {self.log.read_text()[-3000:]}")

    def server_ms(self) -> list[float]:
        """The bot's own time per /action request, as its log line says (dispatch, ack included)."""
        found = re.findall(r"command /action .*?\(([\d.]+) ms\)", self.log.read_text(errors="replace"))
        return [float(ms) for ms in found]


def spawn(name: str, argv: list[str], env: dict[str, str], workdir: Path, port: int) -> Server:
    log = workdir / f"{name}.log"
    out = log.open("wb")
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "STEERBOT_", "DATABASE_URL"))}
    full_env.update(env)
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=workdir, env=full_env, stdout=out, stderr=subprocess.STDOUT)
    return Server(name, process, port, log, started, out)


def start_bot(
    tree: Path,
    workdir: Path,
    fake_url: str,
    *,
    name: str = "steerbot",
    token: str = BOT_TOKEN,
    scheduler: bool = True,
    python_flags: list[str] | None = None,
) -> Server:
    """`steerbot run --http` from the source tree `tree`, on a fresh SQLite file in `workdir`."""
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {
        "SLACK_BOT_TOKEN": token,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake_url,
        "DATABASE_URL": f"sqlite:///{workdir}/steerbot.db",
        "STEERBOT_TIMEZONE": "UTC",
        "PYTHONPATH": str(tree),
    }
    argv = [PYTHON, *(python_flags or []), "-m", "bot.cli", "run", "--http", "--host", "127.0.0.1", "--port", str(port)]
    return spawn(name, argv + ([] if scheduler else ["--no-scheduler"]), env, workdir, port)


def start_floor(workdir: Path, fake_url: str, *, name: str = "floor") -> Server:
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {
        "SLACK_BOT_TOKEN": FLOOR_TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake_url,
        "DATABASE_URL": f"sqlite:///{workdir}/floor.db",
    }
    return spawn(name, [PYTHON, str(BENCH / "floor_server.py"), str(port)], env, workdir, port)


def get(port: int, path: str, *, timeout: float = 10) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def post(port: int, path: str, body: bytes, headers: dict[str, str], *, timeout: float = 30) -> tuple[int, bytes]:
    """One request on a fresh connection, as Slack sends each."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("POST", path, body=body, headers=headers)
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


class FakeSlackProcess:
    """bench/fake_slack_server.py in its own process; `posts(token)` counts the chat.postMessage calls so far."""

    def __init__(self, workdir: Path) -> None:
        self._log = (workdir / "fake_slack.log").open("wb")
        self.process = subprocess.Popen(
            [PYTHON, str(BENCH / "fake_slack_server.py")], stdout=subprocess.PIPE, stderr=self._log, cwd=ROOT
        )
        assert self.process.stdout is not None
        self.url = self.process.stdout.readline().decode().strip()
        if not self.url.startswith("http://"):
            raise RuntimeError(f"the fake Slack did not start: {self.url!r}")
        self.port = int(self.url.split(":")[2].split("/")[0])

    def stats(self) -> dict[str, dict[str, int]]:
        status, body = post(self.port, "/api/bench.stats", b"", {})
        assert status == 200, body
        answer: dict[str, dict[str, int]] = json.loads(body)["calls"]
        return answer

    def posts(self, token: str) -> int:
        return self.stats().get(token, {}).get("chat.postMessage", 0)

    def wait_posts(self, token: str, expected: int, timeout: float = 120.0) -> float:
        """Seconds until `token` has made `expected` posts (raises if not within `timeout`)."""
        started = time.perf_counter()
        while (seen := self.posts(token)) < expected:
            if time.perf_counter() - started > timeout:
                raise RuntimeError(f"{token}: {seen} of {expected} posts after {timeout:.0f} s")
            time.sleep(0.01)
        return time.perf_counter() - started

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
        self._log.close()


@contextmanager
def fake_slack(workdir: Path) -> Iterator[FakeSlackProcess]:
    fake = FakeSlackProcess(workdir)
    try:
        yield fake
    finally:
        fake.stop()


@contextmanager
def running(*servers: Server) -> Iterator[tuple[Server, ...]]:
    try:
        yield servers
    finally:
        for server in servers:
            server.stop()
