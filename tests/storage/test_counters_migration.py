"""Migration 0006 on a database with a record, on SQLite and PostgreSQL: the counters start where the record's
numbers end, nothing that refers to a committee is lost, and the downgrade gives `last_number` back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from alembic import command
from sqlalchemy import Connection, MetaData, Table, func, insert, select

from bot.app import Storage
from bot.core.kernel.boundary import Scope
from bot.core.kernel.model import Event, Item
from bot.core.kernel.record import Decision
from storage.db import alembic_config, upgrade
from storage.schema import CommitteeAdminRow, CommitteeCounterRow, DecisionRow, EventRow, ItemOwnerRow, ItemRow
from tests.conftest import START


@pytest.fixture
def at_0005(store: Storage, db_url: str) -> Iterator[Storage]:
    """The test's database as revision 0005 left it; at head again afterwards (PostgreSQL's is shared)."""
    command.downgrade(alembic_config(db_url), "0005")
    try:
        yield store
    finally:
        store.engine.dispose()
        upgrade(db_url)


def record_before_0006(db: Connection) -> list[int]:
    """Three committees: numbered as `last_number` says, numbered without it, and with nothing yet; their ids."""
    committees = Table("committees", MetaData(), autoload_with=db)  # with its last_number
    common = dict(team_id="T1", timezone="UTC", day_first=True, created_at=START)
    one, two, three = (
        db.execute(
            insert(committees)
            .values(dict(common, channel_id=f"C{n}", name=f"c{n}", last_number=last))
            .returning(committees.c.id)
        ).scalar_one()
        for n, last in ((1, 5), (2, 0), (3, 0))  # one: items 4 and 5 went; two: numbered before last_number
    )
    db.execute(insert(CommitteeAdminRow), [dict(committee_id=c, user_id="U1") for c in (one, two, three)])
    item = dict(team_id="T1", task="t", status="open", created_by="U1", created_at=START)
    first = db.execute(
        insert(ItemRow).values(dict(item, committee_id=one, number=1)).returning(ItemRow.id)
    ).scalar_one()
    db.execute(
        insert(ItemRow),
        [dict(item, committee_id=one, number=n) for n in (2, 3)]
        + [dict(item, committee_id=two, number=n) for n in (1, 2)],
    )
    db.execute(insert(ItemOwnerRow), [dict(item_id=first, position=0, user_id="U2", name="Kevin Zhao", is_group=False)])
    event = dict(team_id="T1", committee_id=one, starts=date(2024, 3, 1), ends=date(2024, 3, 1), created_by="U1")
    db.execute(insert(EventRow), [dict(event, number=n, name=f"e{n}", created_at=START) for n in (1, 4)])
    decision = dict(team_id="T1", committee_id=two, recorded_by="U1", recorded_at=START)
    db.execute(insert(DecisionRow), [dict(decision, number=n, text=f"d{n}") for n in (1, 2, 3)])
    return [one, two, three]


def counted(db: Connection) -> dict[str, int]:
    return {
        table.name: db.scalar(select(func.count()).select_from(table)) or 0
        for table in (CommitteeAdminRow.__table__, ItemRow.__table__, ItemOwnerRow.__table__, EventRow.__table__)
    }


def test_counters_continue_the_record_and_the_downgrade_restores_last_number(at_0005: Storage, db_url: str) -> None:
    store = at_0005
    with store.engine.begin() as db:
        one, two, three = record_before_0006(db)
        before = counted(db)
    store.engine.dispose()

    upgrade(db_url)
    with store.engine.connect() as db:
        counters = db.execute(select(CommitteeCounterRow.__table__).order_by("committee_id", "kind")).all()
        assert [tuple(c) for c in counters] == [
            (one, "event", 4),
            (one, "item", 5),
            (two, "decision", 3),
            (two, "item", 2),
        ]
        assert counted(db) == before  # rebuilding committees (SQLite) cascaded to nothing
    with store.uow() as uow:
        c1, c2, c3 = (uow.committees.find(Scope("T1", f"C{n}")) for n in (1, 2, 3))
        assert c1 is not None and c2 is not None and c3 is not None
        new_item = Item(committee_id=0, number=0, task="next", owners=[], created_by="U1", created_at=START)
        new_event = Event(0, 0, "next", date(2024, 4, 1), date(2024, 4, 1), "U1", START)
        assert [uow.items.add(c, new_item).number for c in (c1, c2, c3)] == [6, 3, 1]
        assert uow.events.add(c1, new_event).number == 5
        assert [uow.decisions.add(c, Decision("next", "U1", START)).number for c in (c1, c2)] == [1, 4]
        uow.commit()
    store.engine.dispose()

    command.downgrade(alembic_config(db_url), "0005")
    with store.engine.connect() as db:
        committees = Table("committees", MetaData(), autoload_with=db)
        restored = db.execute(select(committees.c.id, committees.c.last_number).order_by(committees.c.id)).all()
        assert [tuple(r) for r in restored] == [(one, 6), (two, 3), (three, 1)]
        assert counted(db) == {**before, "items": before["items"] + 3, "events": before["events"] + 1}
