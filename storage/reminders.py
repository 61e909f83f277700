"""Reminder plans and committee reminder policies over SQLAlchemy (the core's ReminderPlans port).

A pass asks for the plans whose `next_at` has come: an index range scan, so a pass costs what is due,
not the size of the tables. On PostgreSQL the rows are locked with SKIP LOCKED, so two schedulers
never work on the same plan; on SQLite the pass's write transaction (BEGIN IMMEDIATE) serialises them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from typing import Any, cast

from sqlalchemy import Select, Table, bindparam, insert, select
from sqlalchemy.orm import Session

from bot.core.kernel.boundary import Scope
from bot.core.kernel.model import Committee
from bot.core.reminders.policy import DEFAULT, Plan, ReminderSettings
from storage.items import new_items
from storage.schema import CommitteeRow, ReminderPlanRow, ReminderSettingsRow

_PLANS = cast(Table, ReminderPlanRow.__table__)
_ADD = insert(_PLANS)
_SETTINGS_TABLE = cast(Table, ReminderSettingsRow.__table__)
_SETTINGS = select(_SETTINGS_TABLE).where(_SETTINGS_TABLE.c.committee_id == bindparam("committee"))


class SqlReminderPlans:
    def __init__(self, session: Session) -> None:
        self._s = session

    def settings(self, committee: Committee) -> ReminderSettings:
        row = self._s.execute(_SETTINGS, {"committee": committee.id}).first()  # a plain row: every new item asks
        if row is None:
            return DEFAULT
        days = tuple(int(d) for d in row.days_before.split(",") if d)
        return ReminderSettings(days_before=days, at=time.fromisoformat(row.at), nudges=row.nudges)

    def save_settings(self, committee: Committee, settings: ReminderSettings) -> None:
        row = self._s.get(ReminderSettingsRow, committee.id)
        if row is None:
            row = ReminderSettingsRow(committee_id=committee.id)
            self._s.add(row)
        row.days_before = ",".join(str(d) for d in settings.days_before)
        row.at, row.nudges = f"{settings.at:%H:%M}", settings.nudges
        self._s.flush()

    def of_item(self, committee: Committee, item_id: int) -> list[Plan]:
        rows = self._s.execute(
            self._select().where(
                ReminderPlanRow.item_id == item_id,
                ReminderPlanRow.committee_id == committee.id,
                ReminderPlanRow.team_id == committee.team_id,
            )
        )
        return [_plan(row, channel) for row, channel in rows]

    def of_committee(self, committee: Committee) -> list[Plan]:
        rows = self._s.execute(
            self._select().where(
                ReminderPlanRow.committee_id == committee.id,
                ReminderPlanRow.team_id == committee.team_id,
                ReminderPlanRow.problem.is_(None),
            )
        )
        return [_plan(row, channel) for row, channel in rows]

    def replace(self, committee: Committee, item_id: int, plans: Sequence[Plan]) -> None:
        held = _PLANS.c.item_id == item_id, _PLANS.c.team_id == committee.team_id
        new = item_id in new_items(self._s)  # inserted in this transaction: it has no plans yet
        if new or self._s.execute(select(_PLANS.c.id).where(*held).limit(1)).first() is None:
            if plans:  # the common case (a new item): one INSERT, no ORM object
                values = [{"team_id": committee.team_id, "committee_id": committee.id, "item_id": item_id,
                           "user_id": plan.user_id, **_columns(plan)} for plan in plans]  # fmt: skip
                self._s.execute(_ADD, values)
            return
        keep = {p.user_id for p in plans}
        existing = {
            r.user_id: r
            for r in self._s.scalars(
                select(ReminderPlanRow).where(
                    ReminderPlanRow.item_id == item_id, ReminderPlanRow.team_id == committee.team_id
                )
            )
        }
        for user_id, row in existing.items():
            if user_id not in keep:
                self._s.delete(row)
        for plan in plans:
            row = existing.get(plan.user_id) or ReminderPlanRow(
                team_id=committee.team_id, committee_id=committee.id, item_id=item_id, user_id=plan.user_id
            )
            _fill(row, plan)
            self._s.add(row)
        self._s.flush()

    def waiting(self, now: datetime) -> list[Scope]:
        due = select(ReminderPlanRow.committee_id).where(ReminderPlanRow.next_at <= now)
        rows = self._s.execute(
            select(CommitteeRow.team_id, CommitteeRow.channel_id)
            .where(CommitteeRow.id.in_(due))
            .order_by(CommitteeRow.id)
        )
        return [Scope(team_id, channel_id) for team_id, channel_id in rows]

    def due(self, now: datetime, *, limit: int, committee: Committee) -> list[Plan]:
        query = (
            self._select()
            .where(ReminderPlanRow.next_at <= now, ReminderPlanRow.committee_id == committee.id)
            .order_by(ReminderPlanRow.next_at)
            .limit(limit)
            .with_for_update(skip_locked=True, of=ReminderPlanRow)
        )
        return [_plan(row, channel) for row, channel in self._s.execute(query)]

    def get(self, team_id: str, item_id: int, user_id: str) -> Plan | None:
        found = self._s.execute(
            self._select().where(
                ReminderPlanRow.team_id == team_id,
                ReminderPlanRow.item_id == item_id,
                ReminderPlanRow.user_id == user_id,
            )
        ).one_or_none()
        return None if found is None else _plan(found[0], found[1])

    def save(self, plan: Plan) -> None:
        row = self._s.scalars(
            select(ReminderPlanRow).where(
                ReminderPlanRow.team_id == plan.team_id,
                ReminderPlanRow.item_id == plan.item_id,
                ReminderPlanRow.user_id == plan.user_id,
            )
        ).one()
        _fill(row, plan)
        self._s.flush()

    def _select(self) -> Select[ReminderPlanRow, str]:
        return select(ReminderPlanRow, CommitteeRow.channel_id).join(
            CommitteeRow, CommitteeRow.id == ReminderPlanRow.committee_id
        )


def _fill(row: ReminderPlanRow, plan: Plan) -> None:
    for column, value in _columns(plan).items():
        setattr(row, column, value)


def _columns(plan: Plan) -> dict[str, Any]:
    """A plan's changeable columns."""
    return {
        "about": plan.about[:400],
        "due": plan.due,
        "handled_until": plan.handled_until,
        "next_at": plan.next_at,
        "snoozed_until": plan.snoozed_until,
        "problem": plan.problem,
    }


def _plan(row: ReminderPlanRow, channel_id: str) -> Plan:
    return Plan(
        item_id=row.item_id,
        user_id=row.user_id,
        due=row.due,
        handled_until=row.handled_until,
        next_at=row.next_at,
        about=row.about,
        snoozed_until=row.snoozed_until,
        problem=row.problem,
        team_id=row.team_id,
        channel_id=channel_id,
    )
