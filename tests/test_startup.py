"""Start-up on a database whose schema is behind or ahead of the code (bot/cli.py `_storage`, storage.db.upgrade), on
SQLite and PostgreSQL: processes starting together on an empty database all come up and migrate it once; a schema
newer than the code stops start-up with a message naming the problem, and is left as it was."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, make_url, text

from bot.cli import _storage, main
from bot.core.kernel.boundary import Scope
from bot.core.kernel.clock import Clock
from storage.db import alembic_config, make_engine, ready, upgrade
from tests.conftest import DATABASES, PG_URL

STARTING = 4
UNKNOWN = "ffffffffffff"  # a revision from a newer release


@pytest.fixture(params=DATABASES)
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with nothing in it: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    name = f"steerbot_start_{uuid.uuid4().hex[:12]}"
    server = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    with server.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    server.dispose()


def versions(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return list(connection.scalars(text("SELECT version_num FROM alembic_version")))
    finally:
        engine.dispose()


def head() -> str:
    [only] = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    return only


def test_processes_starting_together_on_an_empty_database_all_come_up_and_migrate_it_once(empty_url: str) -> None:
    start = threading.Barrier(STARTING)
    came_up: list[str] = []
    failures: list[BaseException] = []

    def start_up(n: int) -> None:
        try:
            start.wait()
            store = _storage(empty_url, Clock())  # what `steerbot run` and `steerbot tick` do first, own engine each
            try:
                assert ready(store.engine) is None
                with store.uow() as uow:
                    uow.committees.create(Scope("T1", f"C{n}"), name=f"c{n}", timezone="UTC", admin="U1")
                    uow.commit()
            finally:
                store.engine.dispose()
            came_up.append(f"C{n}")
        except BaseException as failure:
            failures.append(failure)

    threads = [threading.Thread(target=start_up, args=(n,)) for n in range(STARTING)]
    for thread in threads:
        thread.start()
    until = time.monotonic() + 60
    for thread in threads:
        thread.join(timeout=max(0.0, until - time.monotonic()))

    assert failures == []
    assert len(came_up) == STARTING
    assert versions(empty_url) == [head()]


def test_tick_migrates_an_empty_database_before_its_pass(
    empty_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", empty_url)
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)

    assert main(["tick", "--dry-run", "--now", "2024-02-27T09:00Z"]) == 0

    assert "pass at 2024-02-27 09:00:00 UTC" in capsys.readouterr().err
    assert versions(empty_url) == [head()]


@pytest.mark.parametrize("argv", [["tick", "--dry-run"], ["db", "upgrade"], ["export", "--format", "ics"]])
def test_a_database_ahead_of_the_code_stops_start_up_with_a_message_naming_the_problem(
    empty_url: str, argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    upgrade(empty_url)
    engine = make_engine(empty_url)
    with engine.begin() as connection:  # migrated by a newer release
        connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": UNKNOWN})
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", empty_url)
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)

    with pytest.raises(SystemExit) as stopped:
        main(argv)

    assert stopped.value.code == 2
    said = capsys.readouterr().err
    assert f"steerbot cannot start: the database's schema is at revision {UNKNOWN}" in said
    assert "a newer version migrated it" in said
    assert "Traceback" not in said
    assert versions(empty_url) == [UNKNOWN]  # left as it was


def test_a_database_that_does_not_answer_stops_start_up_with_a_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://steerbot:s3cret@127.0.0.1:1/steerbot")
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)

    with pytest.raises(SystemExit) as stopped:
        main(["tick", "--dry-run"])

    assert stopped.value.code == 2
    said = capsys.readouterr().err
    assert "steerbot cannot start: the database at postgresql+psycopg://steerbot:***@127.0.0.1:1/steerbot" in said
    assert "s3cret" not in said
