"""The meeting side of the record on a real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

from bot.app import Storage
from bot.core.kernel.boundary import Scope
from bot.core.kernel.documents import plain
from bot.core.kernel.model import Committee, Item, Owner, Status
from bot.core.kernel.record import (
    DEFAULT_AGENDA_LEAD,
    Decision,
    Meeting,
    Note,
    NoteKind,
    OpenItems,
    Rule,
    Topic,
    Update,
)

AT = datetime(2024, 3, 5, 15, 0, tzinfo=UTC)


def committee(store: Storage, channel: str = "C1", team: str = "T1") -> Committee:
    with store.uow() as uow:
        made = uow.committees.create(Scope(team, channel), name=channel, timezone="Europe/London", admin="U1")
        uow.commit()
    return made


def test_rules_cancellations_and_the_committees_with_a_schedule(store: Storage) -> None:
    c1, c2 = committee(store), committee(store, "C2")
    with store.uow() as uow:
        uow.meetings.add_rule(c1, Rule(AT, "Europe/London", "FREQ=WEEKLY;BYDAY=MO", "U1"))
        uow.meetings.add_rule(c1, Rule(AT, "Europe/London", "FREQ=WEEKLY;BYDAY=TU", "U1"))  # replaces Mondays
        uow.meetings.add_rule(c1, Rule(AT + timedelta(days=2), "UTC", None, "U1"))
        uow.meetings.cancel(c1, AT, "U2")
        uow.meetings.cancel(c1, AT, "U2")  # twice is once
        uow.commit()
    with store.uow() as uow:
        assert [(r.rrule, r.timezone) for r in uow.meetings.rules(c1)] == [
            ("FREQ=WEEKLY;BYDAY=TU", "Europe/London"),
            (None, "UTC"),
        ]
        assert uow.meetings.rules(c1)[0].start == AT
        assert uow.meetings.cancelled(c1) == frozenset({AT})
        assert uow.meetings.rules(c2) == [] and uow.meetings.cancelled(c2) == frozenset()
        assert uow.meetings.scheduled() == [Scope("T1", "C1")]


def test_meetings_notes_attendance_and_event_ids(store: Storage) -> None:
    c1 = committee(store)
    with store.uow() as uow:
        meeting = uow.meetings.start(c1, Meeting("C1", started_at=AT, started_by="U1", scheduled_at=AT))
        note = uow.meetings.add_note(meeting, Note(NoteKind.ACTION, "Kevin to act", "U2", AT, item_number=3))
        uow.meetings.attend(meeting, "U2", AT + timedelta(minutes=1))
        uow.meetings.attend(meeting, "U1", AT + timedelta(minutes=2))
        uow.meetings.attend(meeting, "U2", AT + timedelta(minutes=3))
        assert uow.meetings.first_sight("T1", "Ev1", AT) is True
        assert uow.meetings.first_sight("T1", "Ev1", AT) is False
        assert uow.meetings.first_sight("T2", "Ev1", AT) is True  # another workspace
        uow.commit()
    with store.uow() as uow:
        running = uow.meetings.running(c1)
        assert running is not None and running.id == meeting.id and running.at == AT
        note.undone = True
        uow.meetings.save_note(running, note)
        running.ended_at, running.minutes = AT + timedelta(hours=1), "# Minutes"
        uow.meetings.save(c1, running)
        uow.commit()
    with store.uow() as uow:
        assert uow.meetings.running(c1) is None
        [held] = uow.meetings.held(c1)
        assert (held.minutes, held.ended_at) == ("# Minutes", AT + timedelta(hours=1))
        assert uow.meetings.held(c1, before=AT) == []
        assert [(n.kind, n.item_number, n.undone) for n in uow.meetings.notes(held)] == [(NoteKind.ACTION, 3, True)]
        assert uow.meetings.attendees(held) == ["U2", "U1"]
        assert uow.meetings.first_sight("T1", "Ev1", AT) is False  # remembered across transactions


def test_an_event_id_is_forgotten_when_its_transaction_rolls_back(store: Storage) -> None:
    with store.uow() as uow:
        assert uow.meetings.first_sight("T1", "Ev9", AT)
    with store.uow() as uow:
        assert uow.meetings.first_sight("T1", "Ev9", AT)  # the failed attempt left nothing: Slack's retry counts


def test_decisions_are_numbered_per_committee_searched_and_revoked(store: Storage) -> None:
    c1, c2 = committee(store), committee(store, "C2")
    with store.uow() as uow:
        for text in ("We will not work on BMC software", "100% of the budget to Rust", "Rust_first"):
            uow.decisions.add(c1, Decision(text, "U1", AT))
        other = uow.decisions.add(c2, Decision("elsewhere", "U1", AT + timedelta(days=1)))
        uow.commit()
    assert other.number == 1
    with store.uow() as uow:
        assert [d.number for d in uow.decisions.find(c1)] == [1, 2, 3]
        assert [d.number for d in uow.decisions.find(c1, words="bmc WORK")] == [1]
        assert [d.number for d in uow.decisions.find(c1, words="100%")] == [2]
        assert [d.number for d in uow.decisions.find(c1, words="rust_")] == [3]  # _ is not a wildcard
        assert uow.decisions.find(c1, since=AT + timedelta(seconds=1)) == []
        decision = uow.decisions.get(c1, 2)
        assert decision is not None
        decision.revoked_at, decision.revoked_by = AT, "U9"
        uow.decisions.save(c1, decision)
        uow.commit()
    with store.uow() as uow:
        assert [d.number for d in uow.decisions.find(c1, revoked=False)] == [1, 3]
        revoked = uow.decisions.get(c1, 2)
        assert revoked is not None and revoked.revoked and revoked.revoked_by == "U9"
        assert uow.decisions.get(c2, 2) is None


def test_updates_and_their_projects(store: Storage) -> None:
    c1 = committee(store)
    with store.uow() as uow:
        uow.updates.add(c1, Update("DCAP", "one", "U1", AT))
        uow.updates.add(c1, Update("Rust", "two", "U1", AT + timedelta(hours=1)))
        uow.updates.add(c1, Update("dcap", "three", "U2", AT + timedelta(hours=2)))
        uow.commit()
    with store.uow() as uow:
        assert uow.updates.projects(c1) == ["DCAP", "Rust"]
        assert [u.text for u in uow.updates.find(c1, project="Dcap")] == ["one", "three"]
        assert [u.text for u in uow.updates.find(c1, since=AT + timedelta(minutes=30))] == ["two", "three"]


def test_topics_open_until_a_meeting_and_their_order(store: Storage) -> None:
    c1 = committee(store)
    with store.uow() as uow:
        first = uow.topics.add(c1, Topic("Budget", "U1", AT, Owner("Kevin Zhao", "U2"), 15, AT))
        later = uow.topics.add(c1, Topic("Later", "U1", AT, None, None, AT + timedelta(days=7)))
        anytime = uow.topics.add(c1, Topic("Anytime", "U1", AT))
        uow.commit()
    assert (first.position, later.position, anytime.position) == (1, 2, 3)
    with store.uow() as uow:
        assert [t.title for t in uow.topics.open(c1, until=AT)] == ["Budget", "Anytime"]
        assert [t.title for t in uow.topics.open(c1)] == ["Budget", "Later", "Anytime"]
        [budget, *_] = uow.topics.open(c1)
        assert (budget.owner, budget.minutes) == (Owner("Kevin Zhao", "U2"), 15)
        budget.covered_at = AT
        uow.topics.save(c1, budget)
        uow.topics.remove(c1, anytime)
        uow.commit()
    with store.uow() as uow:
        assert [t.title for t in uow.topics.open(c1)] == ["Later"]


def test_the_agenda_lead_time_defaults_and_is_kept(store: Storage) -> None:
    c1 = committee(store)
    with store.uow() as uow:
        assert uow.meetings.agenda_lead(c1) == DEFAULT_AGENDA_LEAD
        uow.meetings.set_agenda_lead(c1, timedelta(hours=2))
        uow.meetings.set_agenda_lead(c1, timedelta(hours=3))
        uow.commit()
    with store.uow() as uow:
        assert uow.meetings.agenda_lead(c1) == timedelta(hours=3)


def test_the_agendas_open_item_groups_agree_with_the_rule_in_python(store: Storage) -> None:
    c1 = committee(store)
    today, meeting_day = date(2024, 3, 1), date(2024, 3, 5)
    dues = [None, date(2024, 2, 1), date(2024, 3, 1), date(2024, 3, 5), date(2024, 3, 6), date(2024, 2, 29), None]
    with store.uow() as uow:
        for n, due in enumerate(dues * 3):
            item = uow.items.add(c1, Item(c1.id, 0, f"task {n}", [Owner("Kevin Zhao", "U2")], "U1", AT, due=due))
            if n % 7 == 6:
                item.status = Status.DONE
                uow.items.save(c1, item)
        uow.commit()
    with store.uow() as uow:
        for day in (meeting_day, None):
            for limit in (2, 100):
                found = uow.agenda_items.open_groups(c1, today=today, meeting_day=day, limit=limit)
                expected = OpenItems.of(uow.items.find(c1), today=today, meeting_day=day, limit=limit)
                assert found.counts == expected.counts
                for got, want in ((found.overdue, expected.overdue), (found.before, expected.before),
                                  (found.other, expected.other)):  # fmt: skip
                    assert [(i.number, i.due, i.owners) for i in got] == [(i.number, i.due, i.owners) for i in want]
        assert uow.agenda_items.open_groups(c1, today=today, meeting_day=meeting_day, limit=5).counts == (6, 6, 6)


def test_decisions_recorded_at_once_get_distinct_numbers(store: Storage) -> None:
    c1 = committee(store)

    def record(n: int) -> int:
        with store.uow() as uow:
            made = uow.decisions.add(c1, Decision(f"decision {n}", "U1", AT))
            uow.commit()
        return made.number

    with ThreadPoolExecutor(max_workers=4) as pool:
        numbers = list(pool.map(record, range(12)))
    assert sorted(numbers) == list(range(1, 13))


def test_clearing_the_schedule_leaves_other_committees_alone(store: Storage) -> None:
    c1, c2 = committee(store), committee(store, "C2")
    with store.uow() as uow:
        for c in (c1, c2):
            uow.meetings.add_rule(c, Rule(AT, "UTC", "FREQ=WEEKLY;BYDAY=TU", "U1"))
        uow.meetings.clear_rules(c1)
        uow.commit()
    with store.uow() as uow:
        assert uow.meetings.rules(c1) == [] and len(uow.meetings.rules(c2)) == 1


def test_two_meeting_starts_at_once_open_one_meeting(store: Storage) -> None:
    from bot.app import services
    from bot.core.kernel.boundary import Caller
    from tests.fakes import MEMBERS, FakeDirectory

    capture = services(store, FakeDirectory(MEMBERS), "UTC").meetings.capture
    callers = [Caller("T1", "C1", user, "steering") for user in ("U1", "U2", "U3", "U4")]
    capture.start(callers[0])
    capture.end(callers[0])  # the committee exists, with one meeting held

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = [plain(doc) for doc in pool.map(capture.start, callers)]

    assert sum("Meeting started" in a for a in answers) == 1
    assert sum("already running" in a for a in answers) == 3
