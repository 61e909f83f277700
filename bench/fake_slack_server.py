"""tests/fake_slack.py's fake Slack Web API in a process of its own, for the black-box benchmarks.

Prints its base URL (…/api/) on the first line of standard output, then serves until SIGTERM. Besides Slack's
methods it answers `bench.stats`: how many calls of each method each token has made so far.
Members: U1 leonardo (the speaker), U2 kevin (the owner); channel C1 is #steering.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fake_slack import FakeSlack, member  # noqa: E402


class BenchSlack(FakeSlack):
    def _api_bench_stats(self, args: dict[str, Any]) -> dict[str, Any]:
        counts: dict[str, Counter[str]] = {}
        for call in self.calls:
            if call.method != "bench.stats":
                counts.setdefault(call.token or "-", Counter())[call.method] += 1
        return {"ok": True, "calls": {token: dict(c) for token, c in counts.items()}}


def main() -> None:
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    users = [member("U1", "leonardo", tz="UTC"), member("U2", "kevin", real_name="Kevin Zhao", tz="UTC")]
    with BenchSlack(users=users, channels={"C1": "steering"}) as fake:
        print(fake.url, flush=True)
        while not stop.wait(0.5):
            pass


if __name__ == "__main__":
    main()
