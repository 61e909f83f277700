"""The scheduler: a pass runs every job at `now` (each queues keyed outbox posts), then sends the outbox.

`steerbot tick` runs one pass; `steerbot run` runs one a minute in a daemon thread that outlives
any failure of a pass (logged, tried again the next minute). Several processes may run passes at
once: the jobs' keyed posts and the outbox's claims keep every message to one delivery.

`stop()` ends the loop between two jobs' committee transactions, and the pass's sending between two
messages (the sender's own `stop`), so a stopping process leaves nothing half done.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from bot.core.kernel.clock import Clock
from bot.core.kernel.jobs import ERROR, Jobs

log = logging.getLogger(__name__)

INTERVAL = 60.0  # seconds between passes
SEND_LIMIT = 100_000  # messages one pass may send; what is left waits for the next pass


class Sender(Protocol):
    def drain(
        self, *, team_id: str | None = None, limit: int = 200, report: Callable[[str], None] | None = None
    ) -> int: ...


class Scheduler:
    def __init__(self, jobs: Jobs, sender: Sender | None, clock: Clock) -> None:
        self._jobs = jobs
        self._sender = sender
        self._clock = clock
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_pass(self, now: datetime | None = None, *, dry_run: bool = False) -> list[str]:
        """One pass; one line per message sent or given back for a retry (per message that would be
        sent, when dry_run). A failing job or a failing Slack is reported, never raised."""
        at = now or self._clock.now()
        lines: list[str] = []
        for text in self._jobs.run(at, dry_run=dry_run, stopping=self._stop.is_set):
            log.info("%s", text)
            if dry_run or text.startswith(ERROR):
                lines.append(text)
        if not dry_run and self._sender is not None and not self._stop.is_set():
            try:
                self._sender.drain(limit=SEND_LIMIT, report=lines.append)
            except Exception:
                log.exception("sending the outbox failed; the next pass tries again")
                lines.append("error: sending failed (see the log); the next pass tries again")
        return lines

    def start(self, interval: float = INTERVAL) -> threading.Thread:
        """Passes every `interval` seconds, on the minute, in a daemon thread."""
        thread = threading.Thread(target=self._loop, args=(interval,), name="steerbot-scheduler", daemon=True)
        self._thread = thread
        thread.start()
        log.info("scheduler started: a pass every %.0f s", interval)
        return thread

    def stop(self, timeout: float = 0.0) -> bool:
        """Stops the loop between jobs and waits up to `timeout` seconds for the pass under way to end (the
        sender, stopped apart, gives back what it has not started). True when the loop has ended."""
        self._stop.set()
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _loop(self, interval: float) -> None:
        while not self._stop.is_set():
            try:
                self.run_pass()
            except BaseException:  # the loop must outlive anything a pass does
                log.exception("scheduler pass failed; trying again in a minute")
            self._stop.wait(interval - time.time() % interval)
