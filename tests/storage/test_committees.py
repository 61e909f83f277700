"""A channel's committee is made once, however many first commands arrive together (storage/committees.py), on SQLite
and PostgreSQL; its first user stays its only admin."""

from __future__ import annotations

import threading

from sqlalchemy import select

from bot.app import Storage, services
from bot.core.kernel.boundary import Caller, Said, Scope
from storage.schema import CommitteeAdminRow, CommitteeRow, ItemRow
from tests.fakes import FakeDirectory

FIRST_COMMANDS = 20


def test_twenty_first_commands_at_once_in_a_new_channel_all_succeed_on_one_committee(store: Storage) -> None:
    actions = services(store, FakeDirectory(()), "UTC").actions
    start = threading.Barrier(FIRST_COMMANDS)
    failures: list[BaseException] = []

    def first_command(n: int) -> None:
        try:
            start.wait()
            actions.handle(Caller("T1", "CNEW", f"U{n}", "new-committee"), Said(f"me task {n}"))
        except BaseException as failure:
            failures.append(failure)

    threads = [threading.Thread(target=first_command, args=(n,)) for n in range(FIRST_COMMANDS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    with store.sessions() as session:
        [committee] = session.scalars(select(CommitteeRow.id).where(CommitteeRow.channel_id == "CNEW"))
        numbers = sorted(session.scalars(select(ItemRow.number).where(ItemRow.committee_id == committee)))
        admins = list(session.scalars(select(CommitteeAdminRow.user_id)))
    assert numbers == list(range(1, FIRST_COMMANDS + 1))
    assert len(admins) == 1 and admins[0] in {f"U{n}" for n in range(FIRST_COMMANDS)}


def test_a_creation_that_lost_the_race_gets_the_committee_made_first(store: Storage) -> None:
    scope = Scope("T1", "CNEW")
    with store.uow() as uow:
        first = uow.committees.create(scope, name="new", timezone="UTC", admin="U1")
        uow.commit()
    with store.uow() as uow:  # its find() ran before the first committed
        second = uow.committees.create(scope, name="other name", timezone="Europe/Paris", admin="U2")
        uow.commit()

    assert second == first
    assert (second.name, second.timezone, second.admins) == ("new", "UTC", frozenset({"U1"}))
