"""Storage of events and calendar settings, on SQLite and PostgreSQL: scoped, numbered, found by token."""

from __future__ import annotations

import threading
from datetime import date, time

import pytest
from sqlalchemy.exc import IntegrityError

from bot.app import Storage
from bot.core.kernel.boundary import Scope
from bot.core.kernel.model import CalendarSettings, Committee, Event
from tests.conftest import START


def committee(store: Storage, team: str = "T1", channel: str = "C1") -> Committee:
    with store.uow() as uow:
        created = uow.committees.create(Scope(team, channel), name=channel.lower(), timezone="UTC", admin="U1")
        uow.commit()
    return created


def new_event(c: Committee, name: str, starts: date, ends: date | None = None) -> Event:
    return Event(
        c.id, 0, name, starts, ends or starts, "U1", START, place="Brussels", notes="dev room", link="https://x.org"
    )


def test_events_round_trip_numbered_per_committee_and_found_by_dates(store: Storage) -> None:
    one, two = committee(store), committee(store, channel="C2")
    with store.uow() as uow:
        a = uow.events.add(one, new_event(one, "FOSDEM", date(2024, 2, 3), date(2024, 2, 4)))
        b = uow.events.add(one, new_event(one, "Leap day", date(2024, 2, 29)))
        c = uow.events.add(two, new_event(two, "Elsewhere", date(2024, 3, 1)))
        uow.commit()
    assert (a.number, b.number, c.number) == (1, 2, 1)
    with store.uow() as uow:
        assert uow.events.get(one, 1) == a
        assert uow.events.get(two, 2) is None
        assert [e.name for e in uow.events.find(one)] == ["FOSDEM", "Leap day"]
        assert [e.name for e in uow.events.find(one, ending_from=date(2024, 2, 4))] == ["FOSDEM", "Leap day"]
        assert [e.name for e in uow.events.find(one, ending_from=date(2024, 2, 5))] == ["Leap day"]
        assert [e.name for e in uow.events.find(one, starting_before=date(2024, 2, 29))] == ["FOSDEM"]
        a.name, a.ends = "FOSDEM 2024", date(2024, 2, 5)
        uow.events.save(one, a)
        uow.events.remove(one, b)
        uow.events.remove(two, a)  # another committee's event: untouched
        uow.commit()
    with store.uow() as uow:
        assert [(e.name, e.ends) for e in uow.events.find(one)] == [("FOSDEM 2024", date(2024, 2, 5))]
        assert uow.events.get(one, 2) is None
        # the latest event was removed: its number is not given again (someone may still refer to "event 2")
        assert uow.events.add(one, new_event(one, "Next", date(2024, 5, 1))).number == 3


def test_nothing_is_half_written_when_the_transaction_is_left(store: Storage) -> None:
    one = committee(store)
    with store.uow() as uow:
        uow.events.add(one, new_event(one, "FOSDEM", date(2024, 2, 3)))
    with store.uow() as uow:
        assert uow.events.find(one) == []


def test_settings_default_then_saved_and_found_by_token(store: Storage) -> None:
    one, two = committee(store), committee(store, team="T2")
    with store.uow() as uow:
        assert uow.events.settings(one) == CalendarSettings()
        uow.events.save_settings(one, CalendarSettings(4, time(15, 30), None, "tok-" + "a" * 28))
        uow.commit()
    with store.uow() as uow:
        assert uow.events.settings(one) == CalendarSettings(4, time(15, 30), None, "tok-" + "a" * 28)
        assert uow.events.by_token("tok-" + "a" * 28) == Scope("T1", "C1")
        assert uow.events.by_token("tok-" + "b" * 28) is None
        schedules = uow.events.schedules()
        assert [(c.team_id, s.digest_day) for c, s in schedules] == [("T1", 4), ("T2", 0)]
        assert schedules[0][0].admins == frozenset({"U1"}) and schedules[1][0] == two
        uow.events.save_settings(one, CalendarSettings(token=None))
        uow.commit()
    with store.uow() as uow:
        assert uow.events.by_token("tok-" + "a" * 28) is None


def test_a_token_belongs_to_one_committee(store: Storage) -> None:
    one, two = committee(store), committee(store, channel="C2")
    with store.uow() as uow:
        uow.events.save_settings(one, CalendarSettings(token="same" * 8))
        uow.commit()
    with pytest.raises(IntegrityError), store.uow() as uow:
        uow.events.save_settings(two, CalendarSettings(token="same" * 8))
        uow.commit()


def test_events_recorded_at_once_by_several_processes_get_distinct_numbers(store: Storage) -> None:
    one = committee(store)
    barrier = threading.Barrier(6)

    def record(n: int) -> None:
        barrier.wait()
        with store.uow() as uow:
            uow.events.add(one, new_event(one, f"Event {n}", date(2024, 3, 1 + n)))
            uow.commit()

    threads = [threading.Thread(target=record, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with store.uow() as uow:
        assert sorted(e.number for e in uow.events.find(one)) == [1, 2, 3, 4, 5, 6]


def test_the_feed_version_changes_with_what_the_feed_shows_and_only_then(store: Storage) -> None:
    from bot.core.kernel.model import Item, Owner
    from bot.core.kernel.record import Rule

    one, two = committee(store), committee(store, channel="C2")

    def version() -> str:
        with store.uow() as uow:
            return uow.events.feed_version(one)

    versions = [version()]
    changes = [
        lambda uow: uow.events.add(one, new_event(one, "FOSDEM", date(2024, 2, 3))),
        lambda uow: uow.items.add(
            one, Item(one.id, 0, "dated", [Owner("Kevin", "U2")], "U1", START, due=date(2024, 3, 1))
        ),
        lambda uow: uow.meetings.add_rule(one, Rule(START, "Europe/London", "FREQ=WEEKLY", "U1")),
    ]
    for change in changes:
        with store.uow() as uow:
            change(uow)
            uow.commit()
        versions.append(version())
    with store.uow() as uow:  # what the feed does not show: another committee, an item without a date
        uow.items.add(one, Item(one.id, 0, "undated", [], "U1", START))
        uow.events.add(two, new_event(two, "Elsewhere", date(2024, 3, 1)))
        uow.commit()
    assert version() == versions[-1]
    with store.uow() as uow:
        item = uow.items.get(one, 1)
        assert item is not None
        item.owners = [Owner("Jon", "U4")]
        uow.items.save(one, item)
        uow.commit()
    versions.append(version())
    assert len(set(versions)) == len(versions)
