"""The deadline a request's database work runs under (storage.db.within), on SQLite and PostgreSQL: the caller comes
back in time, what was cut saves nothing even if it runs on, and only requests are held to it."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import func, make_url, select, text
from sqlalchemy.exc import IntegrityError

import storage.db as storage_db
from bot.app import Storage, storage
from bot.core.kernel.boundary import Scope
from bot.core.kernel.clock import Clock
from storage.db import REQUEST_DEADLINE, Unavailable, is_sqlite, unavailable, within
from storage.schema import CommitteeRow


def committees(store: Storage) -> int:
    with store.sessions() as session:
        return session.scalar(select(func.count()).select_from(CommitteeRow)) or 0


def deadline_threads_gone(timeout: float = 10.0) -> bool:
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        if not any(t.name == "steerbot-deadline" for t in threading.enumerate()):
            return True
        time.sleep(0.02)
    return False


@contextmanager
def write_locked(store: Storage, db_url: str) -> Iterator[None]:
    """Another process's write lock (SQLite), or another transaction holding the committee's row (PostgreSQL)."""
    if is_sqlite(db_url):
        holder = sqlite3.connect(make_url(db_url).database or "", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        return
    with store.engine.connect() as connection:
        connection.execute(text("SELECT id FROM committees FOR UPDATE"))
        yield
        connection.rollback()


def test_work_cut_at_its_deadline_commits_nothing_even_if_it_runs_on(store: Storage) -> None:
    carry_on = threading.Event()

    def work() -> None:
        with store.uow() as uow:
            uow.committees.create(Scope("T1", "C1"), name="late", timezone="UTC", admin="U1")
            carry_on.wait(10)  # the deadline passes meanwhile
            uow.commit()

    started = time.monotonic()
    with pytest.raises(Unavailable) as cut:
        within(0.3, work)

    assert time.monotonic() - started < 2.0
    assert not cut.value.uncertain  # no commit was on its way
    carry_on.set()
    assert deadline_threads_gone()
    assert committees(store) == 0


def renamer(store: Storage) -> Callable[[], None]:
    """A committee made now, and work that locks it and renames it "renamed": a write that waits for locks."""
    with store.uow() as uow:
        committee = uow.committees.create(Scope("T1", "C1"), name="c", timezone="UTC", admin="U1")
        uow.commit()

    def lock_and_rename() -> None:
        with store.uow() as uow:
            uow.committees.lock(committee)
            committee.name = "renamed"
            uow.committees.save_settings(committee)
            uow.commit()

    return lock_and_rename


def test_a_statement_waiting_for_a_lock_is_cut_at_the_deadline(store: Storage, db_url: str) -> None:
    lock_and_rename = renamer(store)
    with write_locked(store, db_url):
        started = time.monotonic()
        with pytest.raises(Exception) as cut:
            within(0.5, lock_and_rename)
        waited = time.monotonic() - started

    assert unavailable(cut.value)
    assert waited < 2.0
    assert deadline_threads_gone()
    with store.uow() as uow:
        assert [c.name for c in uow.committees.of_team("T1")] == ["c"]
    lock_and_rename()  # the store works on, without a deadline
    with store.uow() as uow:
        assert [c.name for c in uow.committees.of_team("T1")] == ["renamed"]


def test_after_a_cut_the_next_work_gets_little_time_until_the_database_has_been_quiet_a_while(
    store: Storage, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage_db, "TROUBLED_FOR", 1.0)
    rename = renamer(store)

    def cut_after(seconds: float) -> float:
        started = time.monotonic()
        with pytest.raises(Exception) as cut:
            within(seconds, rename)
        assert unavailable(cut.value)
        return time.monotonic() - started

    with write_locked(store, db_url):
        first = cut_after(0.6)  # the full deadline: the engine is in trouble
        second = cut_after(2.0)  # a burst queued behind it is answered at once
        time.sleep(1.0)  # quiet for TROUBLED_FOR: the short cut did not prolong the trouble
        third = cut_after(0.6)
    assert first >= 0.6
    assert second < 1.0
    assert third >= 0.6
    assert deadline_threads_gone()
    within(2.0, rename)  # the database answers again
    with store.uow() as uow:
        assert [c.name for c in uow.committees.of_team("T1")] == ["renamed"]


def test_outside_a_request_sqlite_waits_out_a_lock_longer_than_the_request_deadline(
    sqlite_template: Path, tmp_path: Path, clock: Clock
) -> None:
    path = tmp_path / "steerbot.db"
    shutil.copy(sqlite_template, path)
    store = storage(f"sqlite:///{path}", clock)
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # a backup, for a little longer than a request may wait
    threading.Timer(REQUEST_DEADLINE + 0.5, lambda: holder.execute("ROLLBACK")).start()

    with store.uow() as uow:  # the scheduler, the command line
        uow.committees.create(Scope("T1", "C1"), name="c", timezone="UTC", admin="U1")
        uow.commit()

    holder.close()
    assert committees(store) == 1
    store.engine.dispose()


def test_a_fault_in_the_work_is_not_called_unavailable(store: Storage, db_url: str) -> None:
    def bad_sql() -> None:
        with store.engine.connect() as connection:
            connection.execute(text("SELECT * FROM no_such_table"))

    def duplicate() -> None:
        with store.engine.begin() as connection:
            for _ in range(2):
                connection.execute(
                    CommitteeRow.__table__.insert().values(
                        team_id="T1", channel_id="C1", name="c", timezone="UTC", day_first=True, created_at=func.now()
                    )
                )

    for work in (bad_sql, duplicate):
        with pytest.raises(Exception) as failed:
            within(2.0, work)
        assert not unavailable(failed.value), failed.value
    assert isinstance(failed.value, IntegrityError)
