"""The console shows reminders when the clock moves, and their buttons work there too."""

from __future__ import annotations

from pathlib import Path

from tests.test_console import run_console

SCRIPT = """\
/action Kevin Park check the CI logs by 2024-03-01
/clock +1d
/as kpark
/click 2
/clock +1d
/clock +1d
/click 1
/clock +7d
"""


def test_moving_the_clock_shows_the_reminder_dms_and_their_buttons_work(tmp_path: Path) -> None:
    out = run_console(tmp_path, SCRIPT)
    after_first_move = out.split("/clock +1d", 1)[1]
    assert "[DM to @kpark, posted] Reminder: action item #1" in after_first_move
    assert "Due: Fri 1 Mar 2024 (in 3 days)" in after_first_move
    assert "[1: Done]  [2: Snooze 1 day]  [3: Snooze 1 week]  [4: Change date]" in after_first_move
    assert "Snoozed: I'll remind you again Wed 28 Feb 2024 09:00 GMT." in out
    # 3 days before, then the snooze's end; Done came before the due day, so nothing after it
    assert out.count("[DM to @kpark, posted] Reminder: action item #1") == 2
    assert "#1 completed." in out
