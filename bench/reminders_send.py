"""Sending 1,000 due reminders to the fake Slack while it rate-limits: total time, and no duplicates.

The fake Slack answers HTTP 429 with Retry-After: 1 once more than LIMIT calls arrive within a second
(Slack's own limits are per method and workspace; this is one workspace-wide window). Scheduler passes
run until the outbox is empty; the slack_sdk retry handler waits out Retry-After, and a batch that is
still limited is held back until then. Prints the time, the 429s seen, and the reminders that reached
Slack more than once (must be 0) or never (must be 0).
Usage: python bench/reminders_send.py [--reminders N] [--limit CALLS_PER_SECOND]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).parents[1]))

from bench.reminders_pass import NOW, fill  # noqa: E402
from bot.app import slack_bot, storage  # noqa: E402
from bot.core.kernel.clock import Clock  # noqa: E402
from bot.scheduler import Scheduler  # noqa: E402
from storage.db import upgrade  # noqa: E402
from storage.schema import OutboxRow  # noqa: E402
from tests.fake_slack import Call, FakeSlack, _Failure, member  # noqa: E402


class LimitedSlack(FakeSlack):
    """The fake Slack with a one-second window of at most `limit` calls; more get 429 Retry-After: 1."""

    def __init__(self, limit: int, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.limit = limit
        self.limited = 0
        self.delivered: Counter[tuple[str, str]] = Counter()  # reminder posts Slack accepted
        self._window: list[float] = []
        self._window_lock = threading.Lock()

    def _record(self, call: Call) -> _Failure | None:
        failure = super()._record(call)
        with self._window_lock:
            now = time.monotonic()
            self._window = [t for t in self._window if now - t < 1.0]
            if len(self._window) >= self.limit:
                self.limited += 1
                return _Failure(429, "ratelimited", 1, False)
            self._window.append(now)
            text = str(call.args.get("text", ""))
            if failure is None and call.method == "chat.postMessage" and text.startswith("Reminder:"):
                self.delivered[(str(call.args.get("channel")), text)] += 1
        return failure


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reminders", type=int, default=1000)
    parser.add_argument("--limit", type=int, default=50, help="calls per second before 429 (default 50)")
    args = parser.parse_args()
    users = [member(f"U{n}", f"user{n}", tz="UTC") for n in range(1, 501)]
    with tempfile.TemporaryDirectory() as tmp, LimitedSlack(args.limit, users=users) as slack:
        url = f"sqlite:///{Path(tmp) / 'send.db'}"
        upgrade(url)
        fill(url, args.reminders, 0, due_now=args.reminders)
        store = storage(url, Clock())
        bot = slack_bot(
            store, token="xoxb-bench", signing_secret="-", api_url=slack.url, default_timezone="UTC", verify_token=False
        )
        scheduler = Scheduler(bot.services.jobs, bot.sender, store.clock)
        started = time.perf_counter()
        passes, lines = 0, 0
        while True:
            passes += 1
            lines += len([ln for ln in scheduler.run_pass(NOW) if ln.startswith("sent DM")])
            with store.sessions() as session:
                left = session.scalar(select(func.count()).select_from(OutboxRow).where(OutboxRow.state != "sent"))
            if not left:
                break
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
        delivered = slack.delivered
        store.engine.dispose()
    duplicates = sum(n - 1 for n in delivered.values())
    print(f"{args.reminders} reminders due, Slack limited to {args.limit} calls/s")
    print(f"sent {lines} in {elapsed:.1f} s over {passes} passes ({lines / elapsed:.0f}/s); 429s: {slack.limited}")
    print(f"reminders that reached Slack: {len(delivered)}; duplicates: {duplicates}")
    return 0 if duplicates == 0 and len(delivered) == args.reminders == lines else 1


if __name__ == "__main__":
    sys.exit(main())
