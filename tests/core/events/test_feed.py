"""The committee calendar: the iCalendar feed read back with the icalendar library, its secret token, settings."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bot.core.committees.service import CommitteeService
from bot.core.events.feed import Feeds, Meeting, Served, feed
from bot.core.events.service import EventService
from bot.core.events.settings import CalendarCommands
from bot.core.kernel.boundary import Caller, Said
from bot.core.kernel.clock import Clock
from bot.core.kernel.context import Context
from bot.core.kernel.documents import Doc, plain
from bot.core.kernel.model import CalendarSettings, Committee, Event, Item, Owner, Status
from bot.core.kernel.record import Rule
from tests.fakes import MEMBERS, FakeDirectory, FakeUnitOfWork

NOW = datetime(2024, 2, 26, 12, 0, tzinfo=UTC)
LEO = Caller("T1", "C1", "U1", "steering")  # the committee's first user: its admin
KEVIN = Caller("T1", "C1", "U2", "steering")
COMMITTEE = Committee(1, "T1", "C1", "steering", "Europe/London")


def event(number: int, name: str, starts: date, ends: date, **fields: str) -> Event:
    return Event(1, number, name, starts, ends, "U1", NOW, id=number, **fields)


def read(ics: bytes) -> list:
    return Calendar.from_ical(ics).walk("VEVENT")


def test_events_round_trip_as_all_day_events_with_an_exclusive_end() -> None:
    events = [
        event(1, "FOSDEM 2024", date(2024, 2, 3), date(2024, 2, 4), place="Brussels, Belgium", notes="dev room"),
        event(2, "Leap day summit", date(2024, 2, 28), date(2024, 2, 29), link="https://example.org/leap"),
        event(3, "Over the clock change", date(2024, 3, 30), date(2024, 3, 31)),  # Europe moves to summer time
        event(4, "New year", date(2024, 12, 30), date(2025, 1, 2)),
    ]
    found = read(feed(COMMITTEE, events, [], [], NOW))
    assert [
        (str(v["SUMMARY"]), v.decoded("DTSTART"), v.decoded("DTEND"), v["DTSTART"].params.get("VALUE")) for v in found
    ] == [
        ("FOSDEM 2024", date(2024, 2, 3), date(2024, 2, 5), "DATE"),
        ("Leap day summit", date(2024, 2, 28), date(2024, 3, 1), "DATE"),
        ("Over the clock change", date(2024, 3, 30), date(2024, 4, 1), "DATE"),
        ("New year", date(2024, 12, 30), date(2025, 1, 3), "DATE"),
    ]
    assert (str(found[0]["LOCATION"]), str(found[0]["DESCRIPTION"])) == ("Brussels, Belgium", "dev room")
    assert str(found[1]["URL"]) == "https://example.org/leap"
    assert len({str(v["UID"]) for v in found}) == 4


def test_items_carry_their_due_date_and_status_and_meetings_their_rule_and_zone() -> None:
    items = [
        Item(1, 1, "send the minutes", [Owner("Leo", "U1")], "U1", NOW, due=date(2024, 3, 1), id=11),
        Item(1, 2, "book the room", [], "U1", NOW, due=date(2024, 3, 2), status=Status.DONE, id=12),
        Item(1, 3, "dropped", [], "U1", NOW, due=date(2024, 3, 3), status=Status.CANCELLED, id=13),
        Item(1, 4, "no date", [], "U1", NOW, id=14),
    ]
    london = ZoneInfo("Europe/London")
    meetings = [
        Meeting("meeting-1@steerbot", "Steering meeting", datetime(2024, 3, 12, 15, 0, tzinfo=london),
                timedelta(hours=1), "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
    ]  # fmt: skip
    cal = Calendar.from_ical(feed(COMMITTEE, [], items, meetings, NOW))
    found = cal.walk("VEVENT")
    assert [str(v["SUMMARY"]) for v in found] == [
        "Steering meeting",
        "#1 send the minutes (open)",
        "#2 book the room (done)",
        "#3 dropped (cancelled)",
    ]
    meeting = found[0]
    assert meeting["DTSTART"].params["TZID"] == "Europe/London"
    assert meeting.decoded("DTSTART") == datetime(2024, 3, 12, 15, 0, tzinfo=london)
    assert meeting["RRULE"].to_ical() == b"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    assert [str(z["TZID"]) for z in cal.walk("VTIMEZONE")] == ["Europe/London"]
    assert found[1].decoded("DTSTART") == date(2024, 3, 1) and found[1].decoded("DTEND") == date(2024, 3, 2)
    assert str(found[1]["DESCRIPTION"]) == "Action item #1, open. Owners: Leo."
    assert [str(v["STATUS"]) for v in found[1:]] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]


def test_5000_events_make_one_feed() -> None:
    days = [date(2024, 1, 1) + timedelta(days=n % 700) for n in range(5000)]
    events = [event(n, f"Event {n}", day, day + timedelta(days=n % 3)) for n, day in enumerate(days)]
    assert len(read(feed(COMMITTEE, events, [], [], NOW))) == 5000


def test_text_is_escaped_for_icalendar() -> None:
    ics = feed(COMMITTEE, [event(1, "A; B, <!here>\nC \\ D\x07", date(2024, 2, 3), date(2024, 2, 3))], [], [], NOW)
    assert str(read(ics)[0]["SUMMARY"]) == "A; B, <!here>\nC \\ D"  # a control character is left out


def test_long_lines_are_folded_at_75_octets_never_inside_a_character() -> None:
    name = "Réunion " + "日本語の会議 é" * 40
    ics = feed(COMMITTEE, [event(1, name, date(2024, 2, 3), date(2024, 2, 3), notes="é" * 300)], [], [], NOW)
    assert all(len(line) <= 75 for line in ics.split(b"\r\n"))
    ics.decode("utf-8")  # every folded piece is whole UTF-8
    [vevent] = read(ics)
    assert (str(vevent["SUMMARY"]), str(vevent["DESCRIPTION"])) == (name, "é" * 300)


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def calendar(uow: FakeUnitOfWork) -> CalendarCommands:
    return CalendarCommands(uow, Context(FakeDirectory(MEMBERS), Clock(NOW)), "https://bot.example.org/")


@pytest.fixture
def feeds(uow: FakeUnitOfWork) -> Feeds:
    return Feeds(uow, Context(FakeDirectory(MEMBERS), Clock(NOW)))


def body(served: Served | None) -> bytes:
    assert served is not None and served.body is not None
    return served.body


def said(doc: Doc) -> str:
    return plain(doc)


def token_in(doc: Doc) -> str:
    [url] = [w for w in plain(doc).split() if w.startswith("https://bot.example.org/calendar/")]
    return url.removeprefix("https://bot.example.org/calendar/").removesuffix(".ics")


def test_admins_get_a_secret_url_that_rotates_and_revokes(calendar: CalendarCommands, feeds: Feeds) -> None:
    first = token_in(calendar.calendar(LEO, ""))
    assert len(first) >= 22  # 128 bits or more, base64url
    assert token_in(calendar.calendar(LEO, "show")) == first  # shown again, not replaced
    assert feeds.feed(first) is not None
    assert b"X-WR-CALNAME:#steering" in body(feeds.feed(first))
    second = token_in(calendar.calendar(LEO, "rotate"))
    assert second != first
    assert feeds.feed(first) is None  # the old address stops working at once
    assert feeds.feed(second) is not None
    assert "feed is off" in said(calendar.calendar(LEO, "off"))
    assert feeds.feed(second) is None


@pytest.mark.parametrize("token", ["", "short", "x" * 200, "../../etc/passwd", "A" * 32])
def test_a_wrong_token_finds_nothing(calendar: CalendarCommands, feeds: Feeds, token: str) -> None:
    calendar.calendar(LEO, "")
    assert feeds.feed(token) is None


def test_only_admins_see_or_change_the_feed(calendar: CalendarCommands, uow: FakeUnitOfWork) -> None:
    calendar.calendar(LEO, "")
    assert "Only a committee admin" in said(calendar.calendar(KEVIN, ""))
    assert "Only a committee admin" in said(calendar.calendar(KEVIN, "rotate"))
    assert "Only a committee admin" in said(calendar.set(KEVIN, "digest", "off"))
    assert "https://" not in said(calendar.calendar(KEVIN, ""))


@pytest.mark.parametrize(
    ("key", "value", "answer", "settings"),
    [
        ("digest", "friday 15:30", "✓ Weekly digest: Fridays at 15:30.", CalendarSettings(4, time(15, 30))),
        ("digest", "Tuesdays 9am", "✓ Weekly digest: Tuesdays at 09:00.", CalendarSettings(1, time(9))),
        ("digest", "sun 6:05 pm", "✓ Weekly digest: Sundays at 18:05.", CalendarSettings(6, time(18, 5))),
        ("digest", "off", "✓ No weekly digest.", CalendarSettings(None)),
        ("event-reminder", "2w", "✓ Event reminders: 14 days before.", CalendarSettings(event_reminder_days=14)),
        ("event-reminder", "1 day", "✓ Event reminders: 1 day before.", CalendarSettings(event_reminder_days=1)),
        ("event-reminder", "off", "✓ No event reminders.", CalendarSettings(event_reminder_days=None)),
    ],
)
def test_settings(
    calendar: CalendarCommands, uow: FakeUnitOfWork, key: str, value: str, answer: str, settings: CalendarSettings
) -> None:
    assert said(calendar.set(LEO, key, value)) == answer
    assert uow.store.calendar[1] == settings


@pytest.mark.parametrize(
    ("key", "value", "answer"),
    [
        ("digest", "someday", "Set the digest like"),
        ("digest", "monday 25:00", "“25:00” is not a time of day"),
        ("event-reminder", "soon", "Set event reminders like"),
        ("event-reminder", "900d", "between 1 and 365 days"),
    ],
)
def test_bad_settings_change_nothing(
    calendar: CalendarCommands, uow: FakeUnitOfWork, key: str, value: str, answer: str
) -> None:
    assert answer in said(calendar.set(LEO, key, value))
    assert uow.store.calendar == {}


def test_committee_delegates_its_calendar_settings(calendar: CalendarCommands, uow: FakeUnitOfWork) -> None:
    committees = CommitteeService(uow, Context(FakeDirectory(MEMBERS), Clock(NOW)), calendar)
    assert said(committees.handle(LEO, Said("set digest monday 10:00"))) == "✓ Weekly digest: Mondays at 10:00."
    assert said(committees.handle(LEO, Said("set event-reminder 3d"))) == "✓ Event reminders: 3 days before."
    assert "Weekly digest: Mondays at 10:00. Event reminders: 3 days before." in said(committees.handle(LEO, Said("")))
    assert "/calendar/" in said(committees.handle(LEO, Said("calendar")))


def test_export_picks_the_committee(calendar: CalendarCommands, feeds: Feeds, uow: FakeUnitOfWork) -> None:
    assert "No committee has used the bot yet" in str(feeds.export(None))
    calendar.calendar(LEO, "")
    calendar.calendar(Caller("T1", "C2", "U1", "other"), "")
    assert (
        str(feeds.export(None))
        == "There are several committees. Say which with --committee CHANNEL: #steering (C1), #other (C2)"
    )
    assert "No committee is “#nope”." in str(feeds.export("#nope"))
    assert b"X-WR-CALNAME:#other" in bytes(feeds.export("#other"))  # type: ignore[arg-type]
    assert b"X-WR-CALNAME:#steering" in bytes(feeds.export("C1"))  # type: ignore[arg-type]


def test_the_feed_carries_the_committees_schedule(
    calendar: CalendarCommands, feeds: Feeds, uow: FakeUnitOfWork
) -> None:
    token = token_in(calendar.calendar(LEO, ""))
    with uow:
        committee = uow.committees.find(LEO.scope)
        assert committee is not None
        every = Rule(datetime(2024, 3, 5, 15, tzinfo=UTC), "Europe/London", "FREQ=WEEKLY;INTERVAL=2")
        uow.meetings.add_rule(committee, every)
        uow.meetings.add_rule(committee, Rule(datetime(2024, 4, 30, 14, tzinfo=UTC), "Europe/London"))
        uow.meetings.add_rule(committee, Rule(datetime(2024, 5, 7, 14, tzinfo=UTC), "Europe/London"))
        uow.meetings.cancel(committee, datetime(2024, 4, 2, 14, tzinfo=UTC), "U1")  # 15:00 summer time in London
        uow.meetings.cancel(committee, datetime(2024, 5, 7, 14, tzinfo=UTC), "U1")
        uow.commit()
    found = read(body(feeds.feed(token)))
    london = ZoneInfo("Europe/London")
    assert [(str(v["SUMMARY"]), v.decoded("DTSTART")) for v in found] == [
        ("#steering meeting", datetime(2024, 3, 5, 15, tzinfo=london)),
        ("#steering meeting", datetime(2024, 4, 30, 15, tzinfo=london)),
    ]
    assert found[0]["RRULE"].to_ical() == b"FREQ=WEEKLY;INTERVAL=2"
    assert [d.dt for d in found[0]["EXDATE"].dts] == [
        datetime(2024, 4, 2, 15, tzinfo=london),
        datetime(2024, 5, 7, 15, tzinfo=london),
    ]
    assert found[0].decoded("DURATION") == timedelta(hours=1)


def test_the_feed_is_rebuilt_only_when_the_record_changes(uow: FakeUnitOfWork) -> None:
    clock = Clock(NOW)
    calendar = CalendarCommands(uow, Context(FakeDirectory(MEMBERS), clock), "https://bot.example.org/")
    feeds = Feeds(uow, Context(FakeDirectory(MEMBERS), clock))
    token = token_in(calendar.calendar(LEO, ""))
    first = body(feeds.feed(token))
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in first  # calendar apps poll hourly
    clock.move(timedelta(hours=1))
    assert body(feeds.feed(token)) == first  # same record: the same snapshot, DTSTAMP and all
    EventService(uow, Context(FakeDirectory(MEMBERS), clock)).handle(LEO, Said("FOSDEM, Feb 3 2025"))
    changed = body(feeds.feed(token))
    assert changed != first and b"SUMMARY:FOSDEM" in changed and b"DTSTAMP:20240226T130000Z" in changed


def test_a_date_out_of_reach_already_stored_leaves_out_its_entry_not_the_feed() -> None:
    far = event(1, "Far", date(9999, 12, 31), date(9999, 12, 31))
    near = event(2, "Near", date(2024, 3, 1), date(2024, 3, 1))
    ics = feed(COMMITTEE, [far, near], [], [], NOW)
    assert [str(e["SUMMARY"]) for e in read(ics)] == ["Near"]
