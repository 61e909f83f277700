"""The feed's time zones as yearly rules: four iCalendar readers (icalendar, recurring-ical-events, vobject,
dateutil's tzical) read every meeting at 15:00 local, across daylight-saving changes and in any year."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
import vobject
from dateutil import tz as dateutil_tz
from icalendar import Calendar

from bot.core.events.feed import Meeting, feed
from bot.core.events.vtimezone import from_rules, vtimezone
from bot.core.kernel.model import Committee

COMMITTEE = Committee(1, "T1", "C1", "steering", "UTC")
NOW = datetime(2024, 1, 1, tzinfo=UTC)
ZONES = [
    "Europe/London",  # last Sundays of March and October
    "America/New_York",  # second Sunday of March, first of November
    "Australia/Sydney",  # the southern summer
    "Asia/Jerusalem",  # the Friday before the last Sunday of March: a weekday within days 23-29
    "America/Nuuk",  # the Saturday before the last Sunday of March, at 23:00
    "Africa/Cairo",  # a rule that leaves its month: described by its dates
    "America/Sao_Paulo",  # no summer time any more
    "Asia/Kolkata",  # half-hour offset, no summer time
]


def weekly_feed(key: str, first: date) -> bytes:
    start = datetime.combine(first, datetime.min.time().replace(hour=15), ZoneInfo(key))
    meeting = Meeting("m1@steerbot", "#steering meeting", start, timedelta(hours=1), "FREQ=WEEKLY")
    return feed(COMMITTEE, [], [], [meeting], NOW)


def truth(key: str, first: date, weeks: int) -> list[datetime]:
    """Each Thursday's 15:00 in the zone, as UTC: what every reader must find."""
    return [
        datetime.combine(first + timedelta(weeks=n), datetime.min.time().replace(hour=15), ZoneInfo(key)).astimezone(
            UTC
        )
        for n in range(weeks)
    ]


@pytest.mark.parametrize("key", ZONES)
@pytest.mark.parametrize("first", [date(2024, 2, 1), date(2031, 2, 6), date(2199, 1, 2)])
def test_every_reader_finds_each_meeting_at_its_local_time(key: str, first: date) -> None:
    weeks = 52  # a whole year: both changes of the clocks
    ics = weekly_feed(key, first)
    expected = truth(key, first, weeks)
    end = datetime.combine(first + timedelta(weeks=weeks), datetime.min.time(), UTC) - timedelta(days=1)
    begin = datetime.combine(first, datetime.min.time(), UTC) - timedelta(days=1)

    by_recurring = recurring_ical_events.of(Calendar.from_ical(ics)).between(begin, end)
    assert [e["DTSTART"].dt.astimezone(UTC) for e in by_recurring] == expected

    vevent = vobject.readOne(ics.decode()).vevent
    by_vobject = vevent.getrruleset(addRDate=True).between(begin, end, inc=True)
    assert [d.astimezone(UTC) for d in by_vobject] == expected

    zone = dateutil_tz.tzical(io.StringIO(vtimezone(key).to_ical().decode())).get(key)
    by_tzical = [d.astimezone(ZoneInfo(key)).replace(tzinfo=zone).astimezone(UTC) for d in expected]
    assert by_tzical == expected


@pytest.mark.parametrize("key", ZONES)
def test_the_definition_is_rules_not_lists_of_dates(key: str) -> None:
    text = vtimezone(key).to_ical().decode()
    assert f"TZID:{key}" in text and "RDATE" not in text
    assert "RRULE" in text or key in ("America/Sao_Paulo", "Asia/Kolkata")


def test_rules_that_leave_their_month_are_described_by_their_dates() -> None:
    text = from_rules("Africa/Cairo", "EET-2EEST,M4.5.5/0,M10.5.4/48").to_ical().decode().replace("\r\n ", "")
    assert "RDATE" in text and "2200" in text  # through the years that matter (the rule said: two days late)
