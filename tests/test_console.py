"""The console driven as a newcomer would: scripted sessions, each compared with its golden transcript in
tests/golden/ (a changed reply shows as a readable diff; regenerate a transcript with
`STEERBOT_GOLDEN=write .venv/bin/python -m pytest tests/test_console.py` and read the diff before committing)."""

from __future__ import annotations

import io
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import services, storage
from bot.console import DemoDirectory
from bot.console import main as console_main
from bot.core.kernel.clock import Clock
from storage.db import upgrade

GOLDEN = Path(__file__).parent / "golden"
SCRIPTS = {
    # items: record, a question answered by a button, a list, who may change what, history, the clock
    "items": """\
/action Kevin Zhao check Rust with the toolchain team by 2024-03-01
/action Kevin to sync with Jon about CI
/click 2
/action list
/as jon
/action done 1
/as kevin
/action done 1
/action show 1
/clock +2d
/nonsense
""",
    # a meeting: schedule, agenda with its Post button, live capture typed as channel lines
    "meeting": """\
/meeting every Tuesday at 15:00
/agenda add Budget (Kevin Zhao) for 15m
/agenda
/click 1
/meeting start
#topic Budget
/as kevin
#action me send the numbers by Friday
#info a typo
#undo
/meeting end
""",
    # reminders: moving the clock shows the DMs, and their buttons work
    "reminders": """\
/action Kevin Park check the CI logs by 2024-03-01
/clock +1d
/as kpark
/click 2
/clock +1d
/clock +1d
/click 1
/clock +7d
""",
}


def run_console(tmp_path: Path, script: str) -> str:
    url = f"sqlite:///{tmp_path / 'console.db'}"
    upgrade(url)
    store = storage(url, Clock(datetime(2024, 2, 26, 12, 0, tzinfo=UTC)))
    directory = DemoDirectory()
    out = io.StringIO()
    code = console_main(
        store,
        services(store, directory, "UTC"),
        directory,
        user="leonardo",
        channel="steering",
        stdin=io.StringIO(script),
        out=out,
    )
    assert code == 0
    return out.getvalue()


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_a_scripted_session_prints_its_golden_transcript(tmp_path: Path, name: str) -> None:
    shown = run_console(tmp_path, SCRIPTS[name])
    golden = GOLDEN / f"console_{name}.txt"
    if os.environ.get("STEERBOT_GOLDEN") == "write":
        golden.write_text(shown, encoding="utf-8")
    assert shown == golden.read_text(encoding="utf-8")


def test_unknown_demo_user(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    upgrade(url)
    store = storage(url, Clock(datetime(2024, 2, 26, tzinfo=UTC)))
    out = io.StringIO()
    code = console_main(
        store,
        services(store, DemoDirectory(), "UTC"),
        DemoDirectory(),
        user="nobody",
        channel="x",
        stdin=io.StringIO(""),
        out=out,
    )
    assert code == 2 and "No demo member called “nobody”" in out.getvalue()
