"""`/event` use cases and the event reminder job, with hand-written fakes: no Slack, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.core.events.service import EventReminderJob, EventService, anchors
from bot.core.kernel.boundary import Caller, Said
from bot.core.kernel.clock import Clock
from bot.core.kernel.context import Context
from bot.core.kernel.documents import Doc, plain
from bot.core.kernel.jobs import Jobs
from bot.core.kernel.model import CalendarSettings
from tests.fakes import MEMBERS, FakeDirectory, FakeUnitOfWork

NOW = datetime(2024, 2, 26, 12, 0, tzinfo=UTC)  # Monday 26 Feb 2024
LEO = Caller("T1", "C1", "U1", "steering")
KEVIN = Caller("T1", "C1", "U2", "steering")
BOSS = Caller("T1", "C1", "UADMIN", "steering")


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def events(uow: FakeUnitOfWork, clock: Clock) -> EventService:
    return EventService(uow, Context(FakeDirectory(MEMBERS), clock, "UTC"))


def said(doc: Doc | None) -> str:
    assert doc is not None
    return plain(doc)


def test_records_an_event_and_announces_it_with_weekdays_and_place(events: EventService, uow: FakeUnitOfWork) -> None:
    assert events.handle(LEO, Said("FOSDEM 2025, Feb 1-2, Brussels, Belgium (Confidential Computing dev room)")) is None
    [event] = uow.store.events.values()
    assert (event.number, event.name, event.starts, event.ends) == (
        1,
        "FOSDEM 2025",
        date(2025, 2, 1),
        date(2025, 2, 2),
    )
    [post] = uow.store.outbox
    assert post.channel == "C1"
    assert plain(post.doc) == (
        "📅 #1 FOSDEM 2025 · Sat 1 Feb 2025 – Sun 2 Feb 2025 · Brussels, Belgium (Confidential Computing dev room)\n"
        "Recorded by @Leo."
    )


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("FOSDEM, Feb 4-3 2025", "ends (Mon 3 Feb 2025) before it starts (Tue 4 Feb 2025)"),
        ("Leap party, Feb 29 2025, Berlin", "There is no 29 February 2025: 2025 is not a leap year."),
        ("FOSDEM in Brussels", "couldn't find the event's date"),
        ("x" * 1000 + ", Feb 3 2025", "name is 1,000 characters long"),
    ],
)
def test_bad_input_gets_a_clear_answer_and_writes_nothing(
    events: EventService, uow: FakeUnitOfWork, text: str, answer: str
) -> None:
    assert answer in said(events.handle(LEO, Said(text)))
    assert uow.store.events == {} and uow.store.outbox == []


def test_typed_symbols_are_kept_as_typed(events: EventService, uow: FakeUnitOfWork) -> None:
    events.handle(LEO, Said("@here R&D <party>, Mar 1 2024, #lab"))
    [post] = uow.store.outbox
    assert "@here R&D <party> · Fri 1 Mar 2024 · #lab" in plain(post.doc)


def test_list_shows_upcoming_then_past(events: EventService, clock: Clock) -> None:
    events.handle(LEO, Said("Old, Jan 10 2024"))
    events.handle(LEO, Said("Running, Feb 25-27 2024"))
    events.handle(LEO, Said("Later, Dec 30 2024 - Jan 2 2025, Lisbon"))
    assert said(events.handle(LEO, Said("list"))) == (
        "Upcoming events (2 events)\n"
        "• #2 Running · Sun 25 Feb 2024 – Tue 27 Feb 2024\n"
        "• #3 Later · Mon 30 Dec 2024 – Thu 2 Jan 2025 · Lisbon"
    )
    assert said(events.handle(LEO, Said("list past"))) == "Past events (1 event)\n• #1 Old · Wed 10 Jan 2024"
    empty = EventService(FakeUnitOfWork(), Context(FakeDirectory(MEMBERS), clock))
    assert "Past events: none" in said(empty.handle(LEO, Said("list past")))


def test_edit_and_remove_by_the_creator_or_an_admin_only(events: EventService, uow: FakeUnitOfWork) -> None:
    events.handle(KEVIN, Said("FOSDEM, Feb 3-4 2025"))
    assert "Only the member who recorded event #1" in said(events.handle(LEO, Said("edit #1 FOSDEM, Feb 1-2 2025")))
    assert said(events.handle(KEVIN, Said("edit #1 FOSDEM 2025, Feb 1-2 2025, Brussels"))).startswith(
        "✓ #1 FOSDEM 2025"
    )
    assert uow.store.events[1].starts == date(2025, 2, 1) and uow.store.events[1].place == "Brussels"
    assert "ends (Sat 1 Feb 2025) before" in said(events.handle(KEVIN, Said("edit #1 FOSDEM, Feb 2-1 2025")))
    assert uow.store.events[1].starts == date(2025, 2, 1)  # a bad edit changes nothing
    assert "no event #7" in said(events.handle(BOSS, Said("remove #7")))
    assert said(events.handle(BOSS, Said("remove #1"))) == "✓ Event #1 (FOSDEM 2025) removed."
    assert uow.store.events == {}


def test_help_and_bad_commands(events: EventService) -> None:
    assert "Events" in said(events.handle(LEO, Said("")))
    assert "Which event?" in said(events.handle(LEO, Said("remove FOSDEM")))


def test_anchors_name_upcoming_events_for_before_fosdem(events: EventService, uow: FakeUnitOfWork) -> None:
    events.handle(LEO, Said("FOSDEM, Feb 1-2 2025"))
    events.handle(LEO, Said("Old meetup, Jan 10 2024"))
    with uow:
        committee = uow.committees.find(LEO.scope)
        assert committee is not None
        assert anchors(uow.events, committee, date(2024, 2, 26)).events == {"FOSDEM": date(2025, 2, 1)}


def _remind(uow: FakeUnitOfWork, now: datetime, *, dry_run: bool = False) -> list[str]:
    return Jobs(uow, [EventReminderJob(Context(FakeDirectory(MEMBERS), Clock(now), "UTC"))]).run(now, dry_run=dry_run)


def test_the_reminder_goes_once_seven_days_before_at_nine_in_the_committees_zone(
    events: EventService, uow: FakeUnitOfWork, clock: Clock
) -> None:
    # 31 March 2024 is the day Brussels moves to summer time: the reminder is on Sunday 24 March, 09:00 CET
    events.handle(LEO, Said("KubeCon, Mar 31 - Apr 2 2024, Paris"))
    with uow:
        committee = uow.committees.find(LEO.scope)
        assert committee is not None
        committee.timezone = "Europe/Brussels"
        uow.committees.save_settings(committee)
        uow.commit()
    before = len(uow.store.outbox)
    assert _remind(uow, datetime(2024, 3, 24, 7, 59, tzinfo=UTC)) == []
    assert _remind(uow, datetime(2024, 3, 24, 8, 0, tzinfo=UTC)) == [
        "queued the reminder of event #1 to #steering (event:1:2024-03-31:7): KubeCon starts in 7 days"
    ]
    assert _remind(uow, datetime(2024, 3, 24, 8, 5, tzinfo=UTC)) == []  # keyed: sent once
    [reminder] = uow.store.outbox[before:]
    assert reminder.key and reminder.channel == "C1"
    assert plain(reminder.doc) == "📅 Coming up in 7 days: #1 KubeCon · Sun 31 Mar 2024 – Tue 2 Apr 2024 · Paris"


def test_a_late_reminder_catches_up_until_the_event_starts(events: EventService, uow: FakeUnitOfWork) -> None:
    events.handle(LEO, Said("FOSDEM, Mar 10 2024"))
    assert _remind(uow, datetime(2024, 3, 8, 12, tzinfo=UTC)) == [
        "queued the reminder of event #1 to #steering (event:1:2024-03-10:7): FOSDEM starts in 2 days"
    ]
    events.handle(LEO, Said("Late, Mar 20 2024"))
    assert _remind(uow, datetime(2024, 3, 20, 12, tzinfo=UTC)) == []  # already begun: nothing stale


def test_no_reminder_for_an_event_recorded_inside_the_window_or_when_off(
    events: EventService, uow: FakeUnitOfWork
) -> None:
    events.handle(LEO, Said("Soon, Feb 29 2024"))  # recorded 3 days before: the channel just saw it
    assert _remind(uow, datetime(2024, 2, 27, 9, tzinfo=UTC)) == []
    events.handle(LEO, Said("Later, Mar 20 2024"))
    with uow:
        committee = uow.committees.find(LEO.scope)
        assert committee is not None
        uow.events.save_settings(committee, CalendarSettings(event_reminder_days=None))
        uow.commit()
    assert _remind(uow, datetime(2024, 3, 13, 9, tzinfo=UTC)) == []


def test_dry_run_says_what_it_would_post_and_posts_nothing(events: EventService, uow: FakeUnitOfWork) -> None:
    events.handle(LEO, Said("FOSDEM, Mar 10 2024"))
    before = list(uow.store.outbox)
    assert _remind(uow, datetime(2024, 3, 3, 9, tzinfo=UTC), dry_run=True) == [
        "would post the reminder of event #1 to #steering (event:1:2024-03-10:7): FOSDEM starts in 7 days"
    ]
    assert uow.store.outbox == before


def test_a_past_event_is_recorded_with_a_warning(events: EventService, uow: FakeUnitOfWork) -> None:
    answer = said(events.handle(LEO, Said("FOSDEM 2023, Feb 4-5 2023, Brussels")))
    assert answer == "⚠️ Event #1 was Sat 4 Feb 2023 – Sun 5 Feb 2023, already past. `/event edit #1 …` fixes it."
    assert [e.name for e in uow.store.events.values()] == ["FOSDEM 2023"]


@pytest.mark.parametrize("line", ["Far, 9999-12-31", "Old, Dec 31 1969", "Long, Dec 30 2200 - Jan 2 2201"])
def test_an_event_out_of_reach_is_refused(events: EventService, uow: FakeUnitOfWork, line: str) -> None:
    assert "too far away" in said(events.handle(LEO, Said(line)))
    assert uow.store.events == {}
