"""The console driven as a newcomer would: a scripted session, checked against what it prints."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from bot.app import services, storage
from bot.console import DemoDirectory
from bot.console import main as console_main
from bot.core.kernel.clock import Clock
from storage.db import upgrade

SCRIPT = """\
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
"""


def run_console(tmp_path, script: str) -> str:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'console.db'}"
    upgrade(url)
    store = storage(url, Clock(datetime(2024, 2, 26, 12, 0, tzinfo=UTC)))
    directory = DemoDirectory()
    out = io.StringIO()
    assert (
        console_main(
            store,
            services(store, directory, "UTC"),
            directory,
            user="leonardo",
            channel="steering",
            stdin=io.StringIO(script),
            out=out,
        )
        == 0
    )
    return out.getvalue()


def test_scripted_session(tmp_path) -> None:  # type: ignore[no-untyped-def]
    shown = run_console(tmp_path, SCRIPT)
    assert "[#steering, posted] Action item #1" in shown
    assert "Due: Fri 1 Mar 2024" in shown
    assert "[DM to @kevin, posted] @Leo assigned you action item #1 in #steering" in shown
    assert "“Kevin” could be several people. Which one did you mean?" in shown
    assert "[1: Kevin Zhao]  [2: Kevin Park]" in shown
    assert "[DM to @kpark, posted] @Leo assigned you action item #2" in shown  # the click chose Kevin Park
    assert "• #1 check Rust with the toolchain team · due Fri 1 Mar 2024" in shown
    assert "Only the owners of #1, its creator or a committee admin can change it." in shown
    assert "#1 completed." in shown and "[#steering, updated] Action item #1 ✅ done" in shown
    assert "The time is now Wed 28 Feb 2024 12:00 UTC." in shown
    assert "I don't know “/nonsense”" in shown


def test_unknown_demo_user(tmp_path) -> None:  # type: ignore[no-untyped-def]
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
