"""Reminders on a real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set): each goes out
once across repeated passes, restarts and schedulers running at the same moment; a pass reads only
what is due."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, time
from pathlib import Path

from sqlalchemy import select, text

from bot.app import Services, Storage, services, storage
from bot.core.kernel.boundary import Caller, Said
from bot.core.kernel.clock import Clock
from bot.core.kernel.context import Context
from bot.core.kernel.jobs import Jobs
from bot.core.reminders.job import ReminderJob
from bot.core.reminders.policy import ReminderSettings
from storage.schema import OutboxRow
from tests.fakes import MEMBERS, FakeDirectory

LEO = Caller("T1", "C1", "U1", "steering")
OWNERS = ("Kevin Zhao", "Kevin Park", "Jon Masters")  # Shanghai, London, New York


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def bot(db_url: str, clock: Clock) -> tuple[Storage, Services]:
    store = storage(db_url, clock)
    return store, services(store, FakeDirectory(MEMBERS), "Europe/London")


def reminders(store: Storage) -> Jobs:
    """A scheduler pass that runs only the reminder job."""
    return Jobs(store.uow, [ReminderJob(Context(FakeDirectory(MEMBERS), store.clock, "Europe/London"))])


def reminder_keys(store: Storage) -> list[str]:
    with store.sessions() as session:
        keys = session.scalars(select(OutboxRow.key).where(OutboxRow.key.like("reminder:%")).order_by(OutboxRow.id))
        return [k for k in keys if k]


def test_each_reminder_is_queued_once_across_passes_and_restarts(db_url: str, clock: Clock) -> None:
    store, first = bot(db_url, clock)
    first.actions.handle(LEO, Said("Kevin Park check the CI logs by 2024-03-01"))
    for minute in range(3):
        reminders(store).run(utc(2024, 2, 27, 9, minute))
    store.engine.dispose()

    store, _ = bot(db_url, clock)  # a new process: nothing in memory
    assert reminders(store).run(utc(2024, 2, 27, 9, 5)) == []
    reminders(store).run(utc(2024, 3, 1, 9))
    reminders(store).run(utc(2024, 3, 1, 9, 1))
    assert reminder_keys(store) == ["reminder:1:U3:2024-03-01:before-3", "reminder:1:U3:2024-03-01:due"]
    store.engine.dispose()


def test_two_schedulers_at_the_same_moment_queue_each_reminder_once(db_url: str, clock: Clock) -> None:
    store, setup = bot(db_url, clock)
    for n in range(20):
        setup.actions.handle(LEO, Said(f"{OWNERS[n % 3]} and Andy Smith task {n} by 2024-03-01"))
    store.engine.dispose()

    schedulers = [bot(db_url, clock) for _ in range(2)]
    start = threading.Barrier(2)
    said: list[list[str]] = [[], []]

    def run(i: int) -> None:
        scheduler = reminders(schedulers[i][0])
        start.wait()
        for hour in range(0, 24):  # every owner's 09:00, passes overlapping all day
            said[i] += scheduler.run(utc(2024, 2, 27, hour, 30))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    keys = reminder_keys(schedulers[0][0])
    assert len(keys) == len(set(keys)) == 40  # 20 items x 2 owners, one "3 days before" each
    assert len(said[0]) + len(said[1]) == 40  # and no pass even tried to queue one twice
    for scheduler_store, _ in schedulers:
        scheduler_store.engine.dispose()


def test_settings_are_stored_per_committee(store: Storage) -> None:
    built = services(store, FakeDirectory(MEMBERS), "UTC")
    assert "✓" in built.committees.handle(LEO, Said("set reminders 5,0 at 8:15 nudges 2")).summary
    with store.uow() as uow:
        committee = uow.committees.find(LEO.scope)
        assert committee is not None
        assert uow.reminders.settings(committee) == ReminderSettings((5, 0), time(8, 15), 2)


def test_a_pass_reads_the_due_plans_through_the_next_at_index(sqlite_template: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'plan.db'}"
    Path(tmp_path / "plan.db").write_bytes(sqlite_template.read_bytes())
    store = storage(url, Clock(utc(2024, 2, 26)))
    with store.uow() as uow:
        session = uow.session  # type: ignore[attr-defined]
        query = (
            uow.reminders._select()  # type: ignore[attr-defined]
            .where(text("reminder_plans.next_at <= '2024-03-01'"))
            .order_by(text("reminder_plans.next_at"))
            .limit(500)
        )
        sql = query.compile(store.engine, compile_kwargs={"literal_binds": True})
        plan = " ".join(str(row) for row in session.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
    assert "ix_reminder_plans_next_at" in plan and "SCAN reminder_plans" not in plan
    store.engine.dispose()
