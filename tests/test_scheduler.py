"""The scheduler: a pass runs every job then sends; a failing job or Slack is reported, and the loop lives on."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from bot.core.kernel.clock import Clock
from bot.core.kernel.jobs import Jobs
from bot.core.kernel.model import Committee
from bot.core.kernel.ports import UnitOfWork
from bot.scheduler import Scheduler
from tests.fakes import FakeUnitOfWork

NOW = datetime(2024, 2, 27, 9, 0, tzinfo=UTC)
COMMITTEE = Committee(1, "T1", "C1", "steering", "UTC")


class Job:
    """A job with one committee's work: it says `says`, or fails before it finds any committee."""

    def __init__(self, says: list[str], *, fails: bool = False) -> None:
        self.says, self.fails = says, fails
        self.runs: list[tuple[datetime, bool]] = []

    def committees(self, uow: UnitOfWork, now: datetime) -> list[Committee]:
        if self.fails:
            self.runs.append((now, False))
            raise RuntimeError("the database went away")
        return [COMMITTEE]

    def run_for(self, uow: UnitOfWork, committee: Committee, now: datetime, dry_run: bool) -> list[str]:
        self.runs.append((now, dry_run))
        return self.says


def every(*jobs: Job) -> Jobs:
    return Jobs(FakeUnitOfWork(), jobs)


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
    assert Scheduler(every(*jobs), sender, Clock(NOW)).run_pass() == ["sent DM U3: Reminder: #1"]
    assert [j.runs for j in jobs] == [[(NOW, False)], [(NOW, False)]] and sender.drains == 1


def test_a_dry_run_says_what_the_jobs_would_queue_and_sends_nothing() -> None:
    sender = Sender()
    lines = Scheduler(every(Job(["would send a"])), sender, Clock(NOW)).run_pass(NOW, dry_run=True)
    assert lines == ["would send a"] and sender.drains == 0


def test_a_failing_job_and_a_failing_slack_are_reported_and_the_other_jobs_still_run() -> None:
    after = Job(["queued b"])
    lines = Scheduler(every(Job([], fails=True), after), Sender(fails=True), Clock(NOW)).run_pass()
    assert lines == [
        "error: Job failed (see the log); it runs again next pass",
        "error: sending failed (see the log); the next pass tries again",
    ]
    assert after.runs == [(NOW, False)]


def test_the_loop_outlives_failing_passes() -> None:
    failing = Job([], fails=True)
    scheduler = Scheduler(every(failing), Sender(fails=True), Clock(NOW))
    thread = scheduler.start(interval=0.02)
    deadline = time.monotonic() + 5
    while len(failing.runs) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert thread.is_alive() and thread.daemon and len(failing.runs) >= 3
    scheduler.stop()
    thread.join(timeout=2)
    assert not thread.is_alive()
