"""Reading meeting schedules and walking them: RRULEs, cancelled meetings, daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.core.kernel.record import Rule
from bot.core.kernel.zones import show_time
from bot.core.meetings.schedule import Schedule, ScheduleError, describe_rule, read_once, read_recurring

NOW = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)  # Friday 1 March 2024


def every(text: str, zone: str = "UTC") -> Rule:
    return read_recurring(text, now=NOW, default_zone=zone, day_first=True).rule


@pytest.mark.parametrize(
    ("text", "rrule", "first"),
    [
        # "every second Tuesday" is fortnightly, counted from the first Tuesday to come
        ("second Tuesday at 15:00 Europe/London", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "2024-03-05T15:00:00+00:00"),
        ("other tuesday 3pm", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "2024-03-05T15:00:00+00:00"),
        ("Tuesday and Thursday at 9:30", "FREQ=WEEKLY;INTERVAL=1;BYDAY=TU,TH", "2024-03-05T09:30:00+00:00"),
        ("first Monday of the month at 10:00", "FREQ=MONTHLY;BYDAY=+1MO", "2024-03-04T10:00:00+00:00"),
        ("last friday of the month 16:00", "FREQ=MONTHLY;BYDAY=-1FR", "2024-03-29T16:00:00+00:00"),
        ("weekday at 09:00", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "2024-03-04T09:00:00+00:00"),
        ("FREQ=WEEKLY;BYDAY=WE at 11:00", "FREQ=WEEKLY;BYDAY=WE", "2024-03-06T11:00:00+00:00"),
        ("2 weeks on Friday at 12:30 from 2024-03-15", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "2024-03-15T12:30:00+00:00"),
    ],
)
def test_recurrences_are_read_as_rrules(text: str, rrule: str, first: str) -> None:
    rule = every(text)
    assert (rule.rrule, rule.start.isoformat()) == (rrule, first)


def test_a_fortnightly_rule_skips_every_other_week_and_says_so() -> None:
    planned = read_recurring("second Tuesday at 15:00 Europe/London", now=NOW, default_zone="UTC", day_first=True)
    days = [at.date() for at in Schedule((planned.rule,)).upcoming(NOW, 3)]
    assert days == [date(2024, 3, 5), date(2024, 3, 19), date(2024, 4, 2)]
    assert planned.description == ("every 2 weeks on Tuesday at 15:00 Europe/London, from Tue 5 Mar 2024 at 15:00 GMT")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("every blursday at 15:00", "“blursday” is not a day of the week"),
        ("every tuesday", "At what time?"),
        ("every fortnight or so at 10:00", "I couldn't read “every fortnight or so”"),
        ("every 0 weeks on Monday at 10:00", "I couldn't read"),
        ("every FREQ=SOMETIMES at 10:00", "would meet more than once a day"),
        ("every FREQ=SECONDLY at 10:00", "would meet more than once a day"),
        ("every FREQ=MINUTELY;INTERVAL=5 at 10:00", "would meet more than once a day"),
        ("every FREQ=HOURLY at 10:00", "would meet more than once a day"),
        ("every FREQ=DAILY;BYHOUR=9,15 at 10:00", "would meet more than once a day"),
        ("every FREQ=WEEKLY;BYDAY=TU;BYSECOND=0,30 at 10:00", "would meet more than once a day"),
    ],
)
def test_nonsense_rules_get_a_clear_answer(text: str, says: str) -> None:
    with pytest.raises(ScheduleError, match=says):
        read_recurring(text, now=NOW, default_zone="UTC", day_first=True)


def test_one_meeting_in_the_committees_zone_unless_one_is_given() -> None:
    here = read_once("2024-03-13 15:00", now=NOW, default_zone="Europe/London", day_first=True)
    there = read_once("13/3 3pm America/New_York", now=NOW, default_zone="Europe/London", day_first=True)
    assert here.rule.start == datetime(2024, 3, 13, 15, 0, tzinfo=UTC)
    assert there.rule.start == datetime(2024, 3, 13, 19, 0, tzinfo=UTC)  # 15:00 EDT
    assert (here.rule.rrule, there.rule.timezone) == (None, "America/New_York")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2024-02-13 15:00", "is in the past"),
        ("2024-03-01 09:00", "is in the past"),  # earlier today
        ("2024-03-13", "At what time?"),
        ("15:00", "On which day?"),
        ("3/4 15:00", "could mean"),
        ("someday 15:00", "I couldn't read “someday”"),
        ("2024-02-30 15:00", "February"),
        ("Friday 13pm", "not a time of day"),
    ],
)
def test_bad_meeting_dates_get_a_clear_answer(text: str, says: str) -> None:
    with pytest.raises(ScheduleError, match=says):
        read_once(text, now=NOW, default_zone="UTC", day_first=True)


def test_15_00_in_london_is_shown_right_in_new_york_across_both_daylight_saving_changes() -> None:
    # the US moves its clocks on 10 March 2024, the UK on 31 March: for three weeks the gap is 4 hours
    rule = read_recurring("Tuesday at 15:00 Europe/London", now=NOW, default_zone="UTC", day_first=True).rule
    new_york, london = ZoneInfo("America/New_York"), ZoneInfo("Europe/London")
    meetings = Schedule((rule,)).upcoming(NOW, 5)
    assert [show_time(at, london) for at in meetings] == [
        "Tue 5 Mar 2024 15:00 GMT",
        "Tue 12 Mar 2024 15:00 GMT",
        "Tue 19 Mar 2024 15:00 GMT",
        "Tue 26 Mar 2024 15:00 GMT",
        "Tue 2 Apr 2024 15:00 BST",
    ]
    assert [show_time(at, new_york) for at in meetings] == [
        "Tue 5 Mar 2024 10:00 EST",
        "Tue 12 Mar 2024 11:00 EDT",
        "Tue 19 Mar 2024 11:00 EDT",
        "Tue 26 Mar 2024 11:00 EDT",
        "Tue 2 Apr 2024 10:00 EDT",
    ]


def test_cancelled_meetings_are_skipped_both_ways() -> None:
    rule = every("Tuesday at 15:00")
    schedule = Schedule((rule,), frozenset({datetime(2024, 3, 12, 15, 0, tzinfo=UTC)}))
    assert schedule.next_after(datetime(2024, 3, 6, tzinfo=UTC)) == datetime(2024, 3, 19, 15, 0, tzinfo=UTC)
    assert schedule.previous_before(datetime(2024, 3, 18, tzinfo=UTC)) == datetime(2024, 3, 5, 15, 0, tzinfo=UTC)
    assert schedule.previous_before(datetime(2024, 3, 5, 15, 0, tzinfo=UTC)) is None  # strictly before
    assert schedule.on_day(date(2024, 3, 12), ZoneInfo("UTC")) == []
    assert schedule.on_day(date(2024, 3, 19), ZoneInfo("UTC")) == [datetime(2024, 3, 19, 15, 0, tzinfo=UTC)]


def test_one_off_meetings_mix_with_the_recurrence() -> None:
    once = read_once("2024-03-07 10:00", now=NOW, default_zone="UTC", day_first=True).rule
    schedule = Schedule((every("Tuesday at 15:00"), once))
    assert [at.day for at in schedule.upcoming(NOW, 3)] == [5, 7, 12]
    assert schedule.next_after(datetime(2024, 3, 6, tzinfo=UTC)) == datetime(2024, 3, 7, 10, 0, tzinfo=UTC)


def test_rules_read_back_in_words() -> None:
    assert describe_rule(every("first monday of the month at 10:00", "Europe/London")) == (
        "every month on the first Monday at 10:00 Europe/London"
    )
    assert describe_rule(every("FREQ=DAILY;INTERVAL=3 at 08:00")) == "every FREQ=DAILY;INTERVAL=3 at 08:00 UTC"
    once = read_once("2024-03-07 10:00", now=NOW, default_zone="UTC", day_first=True).rule
    assert describe_rule(once) == "once, Thu 7 Mar 2024 at 10:00 UTC"


@pytest.mark.parametrize(
    "text", ["2024-03-13 15:00", "13.03.2024 15:00", "2024-03-13T15:00", "on 13 March at 3 pm", "13 Mar at 15h00"]
)
def test_times_of_day_are_read_in_their_common_forms(text: str) -> None:
    assert read_once(text, now=NOW, default_zone="UTC", day_first=True).rule.start == datetime(
        2024, 3, 13, 15, 0, tzinfo=UTC
    )


def test_a_dot_is_a_time_only_after_at() -> None:
    assert read_once("13 March at 9.30", now=NOW, default_zone="UTC", day_first=True).rule.start.minute == 30
