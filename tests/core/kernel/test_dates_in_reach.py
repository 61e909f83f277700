"""Dates at the edge of the calendar: a year like 9999 or 0001 gets a clear refusal wherever a date is typed, and
nothing is recorded."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.kernel.zones import out_of_reach
from tests.core.meetings.world import world


@pytest.mark.parametrize(
    ("command", "text"),
    [
        ("/action", "me file the report by 31/12/9999"),
        ("/action", "me file the report by 1969-12-31"),
        ("/decision", "list since 0001-01-01"),
        ("/meeting", "next 9999-12-31 10:00"),
        ("/meeting", "every Tuesday at 10:00 from 9999-01-01"),
        ("/meeting", "cancel 9999-12-31"),
        ("/meeting", "minutes 0001-01-01"),
        ("/agenda", "for 9999-12-31"),
    ],
)
def test_a_date_out_of_reach_is_refused_clearly_and_nothing_is_recorded(command: str, text: str) -> None:
    w = world()
    assert "is too far away: the record keeps dates from 1970 to 2200." in w.say(command, text)
    assert w.uow.store.items == {} and w.posts == [] and w.record.rules == {}


def test_re_dating_out_of_reach_changes_nothing() -> None:
    w = world()
    w.say("/action", "me file the report by 2024-03-01")
    assert "too far away" in w.say("/action", "due 1 9999-12-31")
    [item] = w.uow.store.items.values()
    assert item.due == date(2024, 3, 1)


@pytest.mark.parametrize(
    ("day", "kept"), [(date(1970, 1, 1), True), (date(2200, 12, 31), True), (date(2201, 1, 1), False)]
)
def test_the_range_is_1970_to_2200(day: date, kept: bool) -> None:
    assert (out_of_reach(day) is None) == kept
