"""Committees over SQLAlchemy (the core's Committees port): one a channel of a workspace, its admins, its lock."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import ColumnElement, Table, select, update
from sqlalchemy.orm import Session

from bot.core.kernel.boundary import Scope
from bot.core.kernel.clock import Clock
from bot.core.kernel.model import Committee
from storage.db import insert
from storage.schema import CommitteeAdminRow, CommitteeRow

_COMMITTEES = cast(Table, CommitteeRow.__table__)
_ADMINS = cast(Table, CommitteeAdminRow.__table__)


class SqlCommittees:
    def __init__(self, session: Session, clock: Clock) -> None:
        self._s = session
        self._clock = clock

    def find(self, scope: Scope) -> Committee | None:
        """The channel's committee with its admins, in one query (every command asks this first)."""
        found = self._with_admins(
            (_COMMITTEES.c.team_id == scope.team_id) & (_COMMITTEES.c.channel_id == scope.channel_id)
        )
        return found[0] if found else None

    def lock(self, committee: Committee) -> None:
        """Holds the committee's row until the transaction ends (PostgreSQL; on SQLite the database's write
        lock, taken at BEGIN, already serialises writers)."""
        self._s.execute(select(CommitteeRow.id).where(CommitteeRow.id == committee.id).with_for_update())

    def of_team(self, team_id: str) -> list[Committee]:
        return self._with_admins(_COMMITTEES.c.team_id == team_id, by_name=True)

    def create(self, scope: Scope, *, name: str, timezone: str, admin: str) -> Committee:
        """The channel's committee, made now unless a concurrent first command made it meanwhile: then that one,
        whose first user stays its admin. INSERT … ON CONFLICT DO NOTHING on the (team, channel) key waits for the
        other transaction and inserts nothing, where a plain INSERT would fail on the duplicate (PostgreSQL; SQLite
        serialises writers, so `find` has already seen any committee made before)."""
        made = self._s.scalar(
            insert(self._s, CommitteeRow)
            .values(
                team_id=scope.team_id,
                channel_id=scope.channel_id,
                name=name[:200],
                timezone=timezone,
                day_first=True,
                created_at=self._clock.now(),
            )
            .on_conflict_do_nothing(index_elements=["team_id", "channel_id"])
            .returning(CommitteeRow.id)
        )
        if made is not None:
            self._s.add(CommitteeAdminRow(committee_id=made, user_id=admin))
            self._s.flush()
        committee = self.find(scope)
        assert committee is not None, "a committee made or found a moment ago"
        return committee

    def save_settings(self, committee: Committee) -> None:
        self._s.execute(
            update(CommitteeRow)
            .where(CommitteeRow.id == committee.id, CommitteeRow.team_id == committee.team_id)
            .values(name=committee.name[:200], timezone=committee.timezone, day_first=committee.day_first)
        )

    def set_admin(self, committee: Committee, user_id: str, admin: bool) -> None:
        exists = self._s.get(CommitteeAdminRow, (committee.id, user_id))
        if admin and exists is None:
            self._s.add(CommitteeAdminRow(committee_id=committee.id, user_id=user_id))
        elif not admin and exists is not None:
            self._s.delete(exists)
        self._s.flush()
        committee.admins = self._admins(committee.id)

    def _admins(self, committee_id: int) -> frozenset[str]:
        return frozenset(
            self._s.scalars(select(CommitteeAdminRow.user_id).where(CommitteeAdminRow.committee_id == committee_id))
        )

    def _with_admins(self, where: ColumnElement[bool], *, by_name: bool = False) -> list[Committee]:
        """The committees `where` says, each with its admins: committee rows outer-joined to their admins."""
        order = (_COMMITTEES.c.name, _COMMITTEES.c.id) if by_name else (_COMMITTEES.c.id,)
        rows = self._s.execute(
            select(_COMMITTEES, _ADMINS.c.user_id)
            .outerjoin(_ADMINS, _ADMINS.c.committee_id == _COMMITTEES.c.id)
            .where(where)
            .order_by(*order)
        )
        found: dict[int, tuple[Any, set[str]]] = {}
        for row in rows:
            admins = found.setdefault(row.id, (row, set()))[1]
            if row.user_id is not None:
                admins.add(row.user_id)
        return [
            Committee(
                id=row.id,
                team_id=row.team_id,
                channel_id=row.channel_id,
                name=row.name,
                timezone=row.timezone,
                day_first=row.day_first,
                admins=frozenset(admins),
            )
            for row, admins in found.values()
        ]
