"""A meeting in the console: schedule, agenda with its Post button, live capture typed as channel lines."""

from __future__ import annotations

from pathlib import Path

from tests.test_console import run_console

SCRIPT = """\
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
"""


def test_a_meeting_runs_in_the_console(tmp_path: Path) -> None:
    out = run_console(tmp_path, SCRIPT)
    assert "✓ Scheduled: every Tuesday at 15:00 UTC, from Tue 27 Feb 2024 at 15:00 UTC." in out
    assert "(only you) ✓ Posted the agenda to the channel.\n[#steering, posted] Agenda: steering" in out
    assert "↩️ Removed from the minutes: #info a typo" in out
    minutes = out[out.index("Minutes: steering") :]
    assert "• ACTION: me send the numbers by Friday (#1) — @Kevin Zhao" in minutes
    assert "a typo" not in minutes and "Attendees\n" in minutes
