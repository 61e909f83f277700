"""Storage of committees, items and history, on SQLite and PostgreSQL, always scoped to one committee."""

from __future__ import annotations

import threading
from datetime import date, timedelta

from bot.app import Storage
from bot.core.kernel.boundary import Scope
from bot.core.kernel.model import Change, Item, MessageRef, Owner, Status
from tests.conftest import START


def new_item(committee_id: int, task: str, *, owners: list[Owner] | None = None, due: date | None = None) -> Item:
    return Item(
        committee_id=committee_id, number=0, task=task, owners=owners or [], created_by="U1", created_at=START, due=due
    )


def test_committee_created_once_with_its_first_user_as_admin(store: Storage) -> None:
    with store.uow() as uow:
        created = uow.committees.create(Scope("T1", "C1"), name="steering", timezone="Europe/London", admin="U1")
        uow.commit()
    with store.uow() as uow:
        found = uow.committees.find(Scope("T1", "C1"))
        assert found == created and found.admins == frozenset({"U1"})
        assert uow.committees.find(Scope("T2", "C1")) is None  # another workspace's channel
        uow.committees.set_admin(found, "U2", True)
        found.timezone, found.day_first = "Asia/Tokyo", False
        uow.committees.save_settings(found)
        uow.commit()
    with store.uow() as uow:
        again = uow.committees.find(Scope("T1", "C1"))
        assert again is not None and (again.timezone, again.day_first, again.admins) == (
            "Asia/Tokyo",
            False,
            frozenset({"U1", "U2"}),
        )


def test_items_round_trip_with_owners_and_history(store: Storage) -> None:
    with store.uow() as uow:
        committee = uow.committees.create(Scope("T1", "C1"), name="s", timezone="UTC", admin="U1")
        item = uow.items.add(
            committee,
            new_item(
                committee.id,
                "write 🎉 & <b>",
                due=date(2024, 3, 1),
                owners=[Owner("Kevin Zhao", "U2"), Owner("Mark Hambleton"), Owner("chairs", group=True)],
            ),
        )
        uow.items.record(committee, item, Change(START, "U1", "created", "text as typed"))
        uow.commit()
    with store.uow() as uow:
        got = uow.items.get(committee, 1)
        assert got is not None and got.task == "write 🎉 & <b>" and got.due == date(2024, 3, 1)
        assert got.owners == [Owner("Kevin Zhao", "U2"), Owner("Mark Hambleton"), Owner("chairs", group=True)]
        assert got.created_at == START and got.created_at.tzinfo is not None
        got.status, got.closed_at, got.message = Status.DONE, START + timedelta(hours=1), MessageRef("C1", "1.2")
        got.owners = [Owner("Jon", "U4")]
        uow.items.save(committee, got)
        uow.items.record(committee, got, Change(START, "U2", "completed"))
        uow.commit()
    with store.uow() as uow:
        done = uow.items.get(committee, 1)
        assert done is not None and done.status is Status.DONE and done.message == MessageRef("C1", "1.2")
        assert done.owners == [Owner("Jon", "U4")]
        assert [c.action for c in uow.items.history(committee, done)] == ["created", "completed"]
        assert uow.items.find(committee, owner="U4", statuses=(Status.DONE,))[0].number == 1
        assert uow.items.find(committee) == []


def test_queries_never_cross_committees_or_workspaces(store: Storage) -> None:
    with store.uow() as uow:
        ours = uow.committees.create(Scope("T1", "C1"), name="a", timezone="UTC", admin="U1")
        theirs = uow.committees.create(Scope("T2", "C1"), name="b", timezone="UTC", admin="U9")
        mine = uow.items.add(ours, new_item(ours.id, "ours"))
        uow.items.add(theirs, new_item(theirs.id, "theirs"))
        uow.commit()
    with store.uow() as uow:
        assert [i.task for i in uow.items.find(ours)] == ["ours"]
        assert [i.task for i in uow.items.find(theirs)] == ["theirs"]
        assert mine.id is not None and uow.items.get_by_id(theirs, mine.id) is None


def test_leaving_without_commit_writes_nothing(store: Storage) -> None:
    with store.uow() as uow:
        committee = uow.committees.create(Scope("T1", "C1"), name="a", timezone="UTC", admin="U1")
        uow.commit()
    with store.uow() as uow:
        uow.items.add(committee, new_item(committee.id, "half-written"))
    with store.uow() as uow:
        assert uow.items.find(committee) == []


def test_numbers_stay_unique_under_concurrent_adds(store: Storage) -> None:
    with store.uow() as uow:
        committee = uow.committees.create(Scope("T1", "C1"), name="a", timezone="UTC", admin="U1")
        uow.commit()

    def add_some() -> None:
        for i in range(10):
            with store.uow() as uow:
                uow.items.add(committee, new_item(committee.id, f"task {i}"))
                uow.commit()

    workers = [threading.Thread(target=add_some) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    with store.uow() as uow:
        assert sorted(i.number for i in uow.items.find(committee)) == list(range(1, 41))
