"""The reminder policy: moments in each owner's zone (across daylight-saving changes), catch-up, settings."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.reminders.policy import (
    DEFAULT,
    ReminderSettings,
    SettingsError,
    due_words,
    handled_from,
    next_at,
    parse_settings,
    pick,
    schedule,
    snooze_end,
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_default_policy_is_three_days_before_the_due_day_and_four_nudges_at_nine() -> None:
    moments = schedule(date(2024, 3, 1), ZoneInfo("Europe/London"), DEFAULT)
    assert [(m.kind, m.at) for m in moments] == [
        ("before-3", utc(2024, 2, 27, 9)),
        ("due", utc(2024, 3, 1, 9)),
        ("overdue-1", utc(2024, 3, 2, 9)),
        ("overdue-2", utc(2024, 3, 9, 9)),
        ("overdue-3", utc(2024, 3, 16, 9)),
        ("overdue-4", utc(2024, 3, 23, 9)),
    ]


@pytest.mark.parametrize(
    ("zone", "due", "expected_utc"),
    [
        # London moves to BST on Sun 31 Mar 2024: 09:00 is 09:00Z before, 08:00Z after
        ("Europe/London", date(2024, 3, 31), [utc(2024, 3, 28, 9), utc(2024, 3, 31, 8), utc(2024, 4, 1, 8)]),
        # and back on Sun 27 Oct 2024
        ("Europe/London", date(2024, 10, 28), [utc(2024, 10, 25, 8), utc(2024, 10, 28, 9), utc(2024, 10, 29, 9)]),
        # Shanghai has no daylight saving: always 01:00Z, even across the day boundary in UTC
        ("Asia/Shanghai", date(2024, 3, 31), [utc(2024, 3, 28, 1), utc(2024, 3, 31, 1), utc(2024, 4, 1, 1)]),
        # São Paulo's summer time began Sun 4 Nov 2018 (UTC-3 -> UTC-2)
        ("America/Sao_Paulo", date(2018, 11, 5), [utc(2018, 11, 2, 12), utc(2018, 11, 5, 11), utc(2018, 11, 6, 11)]),
        # and it has none since 2019
        ("America/Sao_Paulo", date(2024, 11, 5), [utc(2024, 11, 2, 12), utc(2024, 11, 5, 12), utc(2024, 11, 6, 12)]),
    ],
)
def test_every_reminder_is_at_nine_local_across_daylight_saving(
    zone: str, due: date, expected_utc: list[datetime]
) -> None:
    moments = schedule(due, ZoneInfo(zone), DEFAULT)[:3]
    assert [m.at for m in moments] == expected_utc
    assert all(m.at.astimezone(ZoneInfo(zone)).time() == time(9, 0) for m in moments)


def test_after_downtime_only_the_latest_reminder_goes_out() -> None:
    moments = schedule(date(2024, 3, 1), UTC, DEFAULT)
    planned = utc(2024, 2, 20)
    # down from before the 3-days-before reminder until after the first nudge
    assert pick(moments, planned, utc(2024, 3, 2, 12)).kind == "overdue-1"  # type: ignore[union-attr]
    # the next pass has nothing until the next moment
    assert pick(moments, utc(2024, 3, 2, 12), utc(2024, 3, 2, 13)) is None
    assert next_at(moments, utc(2024, 3, 2, 12)) == utc(2024, 3, 9, 9)


def test_an_item_created_long_overdue_gets_one_nudge_not_a_burst() -> None:
    moments = schedule(date(2023, 1, 2), UTC, DEFAULT)
    created = utc(2024, 2, 26, 12)
    handled = handled_from(moments, created)
    assert next_at(moments, handled) <= created  # type: ignore[operator]
    assert pick(moments, handled, created + timedelta(minutes=1)).kind == "overdue-4"  # type: ignore[union-attr]
    assert next_at(moments, created + timedelta(minutes=1)) is None


def test_planning_skips_what_was_due_before_the_item_existed() -> None:
    moments = schedule(date(2024, 3, 1), UTC, DEFAULT)
    created = utc(2024, 2, 28, 12)  # after the 3-days-before moment
    handled = handled_from(moments, created)
    assert handled == created
    assert next_at(moments, handled) == utc(2024, 3, 1, 9)


def test_a_snooze_holds_everything_until_it_ends_then_comes_back_once() -> None:
    moments = schedule(date(2024, 3, 1), UTC, DEFAULT)
    snoozed = utc(2024, 3, 5, 9)
    assert pick(moments, utc(2024, 3, 1, 9), utc(2024, 3, 2, 9), snoozed) is None  # the nudge is held
    assert next_at(moments, utc(2024, 3, 2, 9), snoozed) == snoozed
    back = pick(moments, utc(2024, 3, 1, 9), utc(2024, 3, 5, 9), snoozed)
    assert back is not None and (back.kind, back.at) == ("snoozed", snoozed)
    # a planned reminder newer than the snooze's end wins
    newer = pick(moments, utc(2024, 3, 1, 9), utc(2024, 3, 10), snoozed)
    assert newer is not None and newer.kind == "overdue-2"


def test_a_snooze_ends_at_the_reminder_time_in_the_owner_zone() -> None:
    clicked = utc(2024, 2, 27, 23, 30)  # already Wednesday 07:30 in Shanghai
    assert snooze_end(clicked, 1, ZoneInfo("Asia/Shanghai"), DEFAULT) == utc(2024, 2, 29, 1)
    assert snooze_end(clicked, 7, ZoneInfo("Europe/London"), DEFAULT) == utc(2024, 3, 5, 9)


def test_due_words() -> None:
    today = date(2024, 3, 1)
    assert [due_words(today + timedelta(days=d), today) for d in (3, 1, 0, -1, -8)] == [
        "in 3 days",
        "tomorrow",
        "today",
        "yesterday — overdue",
        "8 days ago — overdue",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7,1,0 at 10:30 nudges 2", ReminderSettings((7, 1, 0), time(10, 30), 2)),
        ("3, 0", ReminderSettings((3, 0), time(9), 4)),
        ("at 8am", ReminderSettings((3, 0), time(8), 4)),
        ("at 14", ReminderSettings((3, 0), time(14), 4)),
        ("nudges 0", ReminderSettings((3, 0), time(9), 0)),
        ("before 2", ReminderSettings((2,), time(9), 4)),
        ("off", ReminderSettings((), time(9), 0)),
        ("default", DEFAULT),
    ],
)
def test_settings_are_read(text: str, expected: ReminderSettings) -> None:
    assert parse_settings(text, DEFAULT) == expected


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("3,-1", "no negative days"),
        ("-5", "no negative days"),
        ("banana", "don't understand “banana”"),
        ("500", "too early"),
        ("1,2,3,4,5,6", "At most 5"),
        ("at 25:00", "not a time of day"),
        ("at 9:75", "not a time of day"),
        ("at 13pm", "not a time of day"),
        ("at", "not a time of day"),
        ("nudges 99", "from 0 to 10"),
        ("nudges lots", "from 0 to 10"),
        ("", "Reminders:"),
    ],
)
def test_nonsense_settings_are_refused_with_a_clear_message(text: str, complaint: str) -> None:
    with pytest.raises(SettingsError, match=complaint):
        parse_settings(text, DEFAULT)


def test_settings_describe_themselves() -> None:
    assert DEFAULT.describe() == (
        "3 days before, on the due day; 4 overdue nudges (the day after, then weekly); at 09:00 in each owner's zone"
    )
    assert parse_settings("off", DEFAULT).describe() == "off"
