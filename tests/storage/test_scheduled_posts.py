"""Digests and event reminders on a real database: several bot processes at once still post each one once."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from sqlalchemy import select

from bot.app import Storage, services
from bot.core.kernel.boundary import Caller, Said
from bot.core.kernel.jobs import Jobs
from storage.schema import OutboxRow
from tests.fakes import MEMBERS, FakeDirectory

MONDAY_NINE = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)


def test_four_processes_post_one_digest_and_one_event_reminder(store: Storage) -> None:
    first = services(store, FakeDirectory(MEMBERS), "UTC")
    first.events.handle(Caller("T1", "C1", "U1", "steering"), Said("FOSDEM, Mar 11 2024, Brussels"))
    processes = [services(store, FakeDirectory(MEMBERS), "UTC") for _ in range(4)]
    said: list[str] = []
    barrier = threading.Barrier(len(processes))

    def tick(jobs: Jobs) -> None:
        barrier.wait()
        said.extend(jobs.run(MONDAY_NINE))

    threads = [threading.Thread(target=tick, args=(p.jobs,)) for p in processes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with store.sessions() as session:
        keys = sorted(k for k in session.scalars(select(OutboxRow.key)) if k)
    assert keys == ["digest:C1:2024-W10", "event:1:2024-03-11:7"]
    assert sorted(said) == [
        "queued the reminder of event #1 to #steering (event:1:2024-03-11:7): FOSDEM starts in 7 days",
        "queued the weekly digest of #steering (digest:C1:2024-W10): "
        "Weekly digest of #steering: 0 overdue, 0 due soon, 0 done",
    ]
