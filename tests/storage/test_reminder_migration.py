"""Upgrading a database from before reminders: its open items with a due date get plans, and are reminded."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import MetaData, Table, insert, select

from bot.app import storage
from bot.core.kernel.clock import Clock
from bot.core.kernel.context import Context
from bot.core.kernel.jobs import Jobs
from bot.core.kernel.zones import show_date
from bot.core.reminders.job import ReminderJob
from storage.db import alembic_config, upgrade
from storage.schema import ItemOwnerRow, ItemRow, ReminderPlanRow
from tests.fakes import MEMBERS, FakeDirectory

CREATED = datetime(2024, 2, 1, tzinfo=UTC)
DUE = date(2999, 3, 1)  # the upgrade plans from the real time it runs at: a due date after any today


def test_open_items_recorded_before_reminders_are_planned_by_the_upgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    command.upgrade(alembic_config(url), "0001")
    store = storage(url, Clock(CREATED))
    with store.engine.begin() as db:
        committees = Table("committees", MetaData(), autoload_with=db)  # as revision 0001 made it
        db.execute(
            insert(committees),
            [
                dict(
                    id=1,
                    team_id="T1",
                    channel_id="C1",
                    name="steering",
                    timezone="Europe/London",
                    day_first=True,
                    last_number=4,
                    created_at=CREATED,
                )
            ],
        )
        item = dict(
            team_id="T1",
            committee_id=1,
            task="t",
            due_phrase=None,
            created_by="U1",
            created_at=CREATED,
            closed_at=None,
            message_channel=None,
            message_ts=None,
        )
        db.execute(
            insert(ItemRow),
            [
                dict(item, id=1, number=1, status="open", due=DUE),
                dict(item, id=2, number=2, status="open", due=DUE),
                dict(item, id=3, number=3, status="done", due=DUE),
                dict(item, id=4, number=4, status="open", due=None),
            ],
        )
        db.execute(
            insert(ItemOwnerRow),
            [
                dict(item_id=1, position=0, user_id="U3", name="Kevin Park", is_group=False),
                dict(item_id=2, position=0, user_id=None, name="Ana Outsider", is_group=False),
                dict(item_id=3, position=0, user_id="U3", name="Kevin Park", is_group=False),
                dict(item_id=4, position=0, user_id="U3", name="Kevin Park", is_group=False),
            ],
        )
    store.engine.dispose()
    upgrade(url)

    store = storage(url, Clock(datetime(2999, 2, 1, tzinfo=UTC)))
    with store.sessions() as session:
        plans = {(p.item_id, p.user_id, p.about) for p in session.scalars(select(ReminderPlanRow))}
    assert plans == {(1, "U3", ""), (2, "U1", "Ana Outsider (not in Slack)")}
    reminders = Jobs(store.uow, [ReminderJob(Context(FakeDirectory(MEMBERS), store.clock, "UTC"))])
    assert reminders.run(datetime(2999, 2, 26, 8, 59, tzinfo=UTC)) == []
    said = reminders.run(datetime(2999, 2, 26, 9, tzinfo=UTC))  # 09:00 for Kevin Park in London, not yet for Leo
    assert [s.split(" in #")[0] for s in said] == [f"queued reminder #1 (before-3, due {show_date(DUE)}) to U3"]
    said = reminders.run(datetime(2999, 2, 26, 12, tzinfo=UTC))  # and for Leo, the creator, in São Paulo
    assert [s.split(" in #")[0] for s in said] == [f"queued reminder #2 (before-3, due {show_date(DUE)}) to U1"]
    store.engine.dispose()
