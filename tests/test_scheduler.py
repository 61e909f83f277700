"""The scheduler: a pass runs every job then sends; a failing job or Slack is reported, and the loop lives on."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from bot.scheduler import Scheduler
from tests.fakes import FixedClock

NOW = datetime(2024, 2, 27, 9, 0, tzinfo=UTC)


class Job:
    def __init__(self, says: list[str], *, fails: bool = False) -> None:
        self.says, self.fails = says, fails
        self.runs: list[tuple[datetime, bool]] = []

    def run(self, now: datetime, *, dry_run: bool = False) -> list[str]:
        self.runs.append((now, dry_run))
        if self.fails:
            raise RuntimeError("the database went away")
        return self.says


class Sender:
    def __init__(self, *, fails: bool = False) -> None:
        self.fails, self.drains = fails, 0

    def drain(
        self, *, team_id: str | None = None, limit: int = 200, report: Callable[[str], None] | None = None
    ) -> int:
        self.drains += 1
        if self.fails:
            raise OSError("connection refused")
        assert report is not None
        report("sent DM U3: Reminder: #1")
        return 1


def test_a_pass_runs_every_job_at_its_time_then_sends() -> None:
    jobs, sender = [Job(["queued a"]), Job(["queued b"])], Sender()
    assert Scheduler(jobs, sender, FixedClock(NOW)).run_pass() == ["sent DM U3: Reminder: #1"]
    assert [j.runs for j in jobs] == [[(NOW, False)], [(NOW, False)]] and sender.drains == 1


def test_a_dry_run_says_what_the_jobs_would_queue_and_sends_nothing() -> None:
    sender = Sender()
    lines = Scheduler([Job(["would send a"])], sender, FixedClock(NOW)).run_pass(NOW, dry_run=True)
    assert lines == ["would send a"] and sender.drains == 0


def test_a_failing_job_and_a_failing_slack_are_reported_and_the_other_jobs_still_run() -> None:
    after = Job(["queued b"])
    lines = Scheduler([Job([], fails=True), after], Sender(fails=True), FixedClock(NOW)).run_pass()
    assert lines == [
        "error: Job failed (see the log); it runs again next pass",
        "error: sending failed (see the log); the next pass tries again",
    ]
    assert after.runs == [(NOW, False)]


def test_the_loop_outlives_failing_passes() -> None:
    failing = Job([], fails=True)
    scheduler = Scheduler([failing], Sender(fails=True), FixedClock(NOW))
    thread = scheduler.start(interval=0.02)
    deadline = time.monotonic() + 5
    while len(failing.runs) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert thread.is_alive() and thread.daemon and len(failing.runs) >= 3
    scheduler.stop()
    thread.join(timeout=2)
    assert not thread.is_alive()
