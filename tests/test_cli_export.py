"""`steerbot export --format ics`: a committee's calendar on standard output, read back with icalendar."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from bot.app import services, storage
from bot.cli import main
from bot.core.kernel.boundary import Caller, Said
from bot.core.kernel.clock import Clock
from storage.db import upgrade
from tests.fakes import MEMBERS, FakeDirectory


@pytest.fixture
def database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'steerbot.db'}"
    monkeypatch.chdir(tmp_path)  # no stray .env
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "STEERBOT_TIMEZONE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", url)
    upgrade(url)
    return url


def record(url: str, channel: str, line: str) -> None:
    store = storage(url, Clock(datetime(2024, 1, 8, 12, tzinfo=UTC)))
    services(store, FakeDirectory(MEMBERS), "UTC").events.handle(
        Caller("T1", channel, "U1", channel.lower()), Said(line)
    )
    store.engine.dispose()


def test_exports_the_only_committee(database: str, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    record(database, "C1", "FOSDEM 2024, Feb 3-4 2024, Brussels, Belgium")
    assert main(["export", "--format", "ics"]) == 0
    [event] = Calendar.from_ical(capsysbinary.readouterr().out).walk("VEVENT")
    assert (str(event["SUMMARY"]), str(event["LOCATION"])) == ("FOSDEM 2024", "Brussels, Belgium")


def test_several_committees_need_one_named(database: str, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    record(database, "C1", "FOSDEM 2024, Feb 3-4 2024")
    record(database, "C2", "KubeCon, Mar 19-22 2024")
    assert main(["export"]) == 2
    assert b"--committee" in capsysbinary.readouterr().err
    assert main(["export", "--committee", "#c2"]) == 0
    [event] = Calendar.from_ical(capsysbinary.readouterr().out).walk("VEVENT")
    assert str(event["SUMMARY"]) == "KubeCon"
