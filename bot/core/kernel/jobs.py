"""The scheduler's jobs and their one failure policy: each job works committee by committee, each committee in a
transaction of its own, so a committee whose record breaks a job is logged and tried again next pass while
every other committee, and every other job, goes on."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol

from bot.core.kernel.model import Committee
from bot.core.kernel.ports import UnitOfWork

log = logging.getLogger(__name__)
ERROR = "error: "  # how a line that reports a failure begins


class Job(Protocol):
    """A duty of every scheduler pass (reminders, agenda posts, digests, event reminders): it queues keyed posts,
    so a post goes out once however many passes or processes see it."""

    def committees(self, uow: UnitOfWork, now: datetime) -> Sequence[Committee]:
        """The committees that may have work at `now`."""
        ...

    def run_for(self, uow: UnitOfWork, committee: Committee, now: datetime, dry_run: bool) -> list[str]:
        """Does the committee's work in `uow`; one line per post queued (or that would be, when dry_run)."""
        ...


class Jobs:
    """Every job of a pass, in order, under the one failure policy."""

    def __init__(self, uow: Callable[[], UnitOfWork], jobs: Sequence[Job]) -> None:
        self._uow = uow
        self._jobs = list(jobs)

    def run(self, now: datetime, *, dry_run: bool = False, stopping: Callable[[], bool] | None = None) -> list[str]:
        """Runs each job at `now`; a dry run commits nothing. Lines that report a failure begin with ERROR.
        When `stopping()` turns true the pass ends between two committees' transactions (the rest waits for the
        next pass)."""
        said: list[str] = []
        for job in self._jobs:
            if stopping is not None and stopping():
                break
            name = type(job).__name__
            try:
                with self._uow() as uow:
                    committees = job.committees(uow, now)
            except Exception:
                log.exception("scheduler job %s failed; it runs again next pass", name)
                said.append(f"{ERROR}{name} failed (see the log); it runs again next pass")
                continue
            for committee in committees:
                if stopping is not None and stopping():
                    break
                said += self._run_for(job, name, committee, now, dry_run)
        return said

    def _run_for(self, job: Job, name: str, committee: Committee, now: datetime, dry_run: bool) -> list[str]:
        try:
            with self._uow() as uow:
                lines = job.run_for(uow, committee, now, dry_run)
                if not dry_run:
                    uow.commit()
            return lines
        except Exception:
            log.exception("%s of committee %s failed; it is tried again next pass", name, committee.id)
            return [f"{ERROR}{name} of #{committee.name} failed (see the log); it is tried again next pass"]
