"""`steerbot tick`: one pass at a given time; one line per reminder, or what would be sent with --dry-run."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import services, storage
from bot.cli import main
from bot.core.kernel.boundary import Caller, Said
from bot.core.kernel.clock import Clock
from storage.db import upgrade
from tests.fakes import FakeDirectory


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'tick.db'}"
    upgrade(url)
    store = storage(url, Clock(datetime(2024, 2, 26, 12, tzinfo=UTC)))
    built = services(store, FakeDirectory(()), "Europe/London")
    built.actions.handle(
        Caller("T1", "C1", "U1", "steering"), Said("@Kevin Park check the CI logs by 2024-03-01", {"@Kevin Park": "U3"})
    )
    store.engine.dispose()
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("STEERBOT_TIMEZONE", "Europe/London")
    return url


def reminders(out: str) -> list[str]:
    """The reminder lines (the digest and agenda jobs run in the same pass)."""
    return [ln for ln in out.splitlines() if " reminder #" in ln]


def test_a_dry_run_without_slack_prints_what_would_go_at_that_time(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tick", "--now", "2024-02-27T08:59Z", "--dry-run"]) == 0
    assert reminders(capsys.readouterr().out) == []
    assert main(["tick", "--now", "2024-02-27T09:00Z", "--dry-run"]) == 0
    out = capsys.readouterr()
    [said] = reminders(out.out)
    assert said.startswith("would send reminder #1 (before-3, due Fri 1 Mar 2024) to U3 in #steering")
    assert "committee zones are used" in out.err
    assert main(["tick", "--now", "2024-02-27T09:00", "--dry-run"]) == 0  # recorded nothing: the same again
    assert reminders(capsys.readouterr().out) == [said]


def test_sending_needs_a_bot_token(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tick"]) == 2
    assert "Neither SLACK_BOT_TOKEN nor SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set" in capsys.readouterr().err


def test_a_time_that_is_not_iso_is_refused(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["tick", "--now", "next tuesday"])
    assert "is not an ISO time" in capsys.readouterr().err
