"""Project updates over SQLAlchemy (the core's Updates port): dated notes per project, scoped to a committee."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.core.kernel.model import Committee
from bot.core.kernel.record import Update
from storage.schema import ProjectUpdateRow


class SqlUpdates:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, committee: Committee, update: Update) -> Update:
        row = ProjectUpdateRow(
            team_id=committee.team_id,
            committee_id=committee.id,
            project=update.project[:200],
            text=update.text,
            author=update.author,
            at=update.at,
        )
        self._s.add(row)
        self._s.flush()
        update.id = row.id
        return update

    def find(self, committee: Committee, *, since: datetime | None = None, project: str | None = None) -> list[Update]:
        query = select(ProjectUpdateRow).where(
            ProjectUpdateRow.team_id == committee.team_id, ProjectUpdateRow.committee_id == committee.id
        )
        if since is not None:
            query = query.where(ProjectUpdateRow.at >= since)
        if project is not None:
            query = query.where(func.lower(ProjectUpdateRow.project) == project.lower())
        rows = self._s.scalars(query.order_by(ProjectUpdateRow.at, ProjectUpdateRow.id))
        return [Update(project=r.project, text=r.text, author=r.author, at=r.at, id=r.id) for r in rows]

    def projects(self, committee: Committee) -> list[str]:
        first = (
            select(func.min(ProjectUpdateRow.id))
            .where(ProjectUpdateRow.team_id == committee.team_id, ProjectUpdateRow.committee_id == committee.id)
            .group_by(func.lower(ProjectUpdateRow.project))
        )
        return list(
            self._s.scalars(
                select(ProjectUpdateRow.project).where(ProjectUpdateRow.id.in_(first)).order_by(ProjectUpdateRow.id)
            )
        )
