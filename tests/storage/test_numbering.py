"""Numbering of items, events and decisions per committee (storage/numbering.py), on SQLite and PostgreSQL:
one counter a kind, never a number twice, no gaps, however many processes record at once."""

from __future__ import annotations

import threading
from datetime import date

from bot.app import Storage
from bot.core.kernel.boundary import Scope
from bot.core.kernel.model import Committee, Event, Item
from bot.core.kernel.ports import UnitOfWork
from bot.core.kernel.record import Decision
from tests.conftest import START

THREADS = 8
ROUNDS = 4


def committee(store: Storage, channel: str) -> Committee:
    with store.uow() as uow:
        made = uow.committees.create(Scope("T1", channel), name=channel, timezone="UTC", admin="U1")
        uow.commit()
    return made


def add_item(uow: UnitOfWork, c: Committee, what: str) -> int:
    return uow.items.add(
        c, Item(committee_id=c.id, number=0, task=what, owners=[], created_by="U1", created_at=START)
    ).number


def add_event(uow: UnitOfWork, c: Committee, what: str) -> int:
    return uow.events.add(c, Event(c.id, 0, what, date(2024, 3, 1), date(2024, 3, 1), "U1", START)).number


def add_decision(uow: UnitOfWork, c: Committee, what: str) -> int:
    made = uow.decisions.add(c, Decision(what, "U1", START))
    assert made.number is not None
    return made.number


def numbers(store: Storage, c: Committee) -> tuple[list[int], list[int], list[int]]:
    with store.uow() as uow:
        return (
            sorted(i.number for i in uow.items.find(c)),
            sorted(e.number for e in uow.events.find(c)),
            sorted(d.number for d in uow.decisions.find(c) if d.number is not None),
        )


def test_items_events_and_decisions_recorded_from_many_threads_at_once_are_numbered_without_gaps(
    store: Storage,
) -> None:
    committees = [committee(store, "C1"), committee(store, "C2")]
    start = threading.Barrier(THREADS)
    failures: list[BaseException] = []

    def record(n: int) -> None:
        c = committees[n % 2]
        try:
            start.wait()
            for r in range(ROUNDS):
                with store.uow() as uow:  # one of each kind in one transaction
                    add_item(uow, c, f"{n}.{r}")
                    add_event(uow, c, f"{n}.{r}")
                    add_decision(uow, c, f"{n}.{r}")
                    uow.commit()
                for add in (add_decision, add_event, add_item):  # and one kind a transaction
                    with store.uow() as uow:
                        add(uow, c, f"{n}.{r} alone")
                        uow.commit()
                with store.uow() as uow:  # left without commit: its number goes back
                    add_item(uow, c, "abandoned")
        except BaseException as failure:
            failures.append(failure)

    threads = [threading.Thread(target=record, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    each = list(range(1, THREADS // 2 * ROUNDS * 2 + 1))  # per committee: half the threads, two of a kind a round
    assert numbers(store, committees[0]) == (each, each, each)
    assert numbers(store, committees[1]) == (each, each, each)


def test_a_number_is_never_given_twice_even_after_its_record_is_removed(store: Storage) -> None:
    c = committee(store, "C1")
    with store.uow() as uow:
        first, latest = add_event(uow, c, "FOSDEM"), add_event(uow, c, "Leap day")
        uow.commit()
    with store.uow() as uow:
        found = uow.events.get(c, latest)
        assert found is not None
        uow.events.remove(c, found)
        uow.commit()
    with store.uow() as uow:
        assert (first, latest, add_event(uow, c, "Next")) == (1, 2, 3)


def test_each_committee_and_each_kind_counts_on_its_own_and_a_rollback_leaves_no_gap(store: Storage) -> None:
    c1, c2 = committee(store, "C1"), committee(store, "C2")
    with store.uow() as uow:
        add_item(uow, c1, "abandoned")  # rolled back: 1 is free again
    with store.uow() as uow:
        assert [add_item(uow, c1, "a"), add_item(uow, c1, "b"), add_item(uow, c2, "c")] == [1, 2, 1]
        assert [add_event(uow, c1, "e"), add_decision(uow, c1, "d"), add_decision(uow, c1, "d2")] == [1, 1, 2]
        uow.commit()
