"""Pending questions over SQLAlchemy (the core's Choices port): what a button's short key stands for.

A question is kept for the person it was asked of; another workspace's or person's key finds nothing. Keeping
one also drops that person's questions older than KEPT_FOR, so the table stays about as large as the
questions asked in a week.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.orm import Session

from storage.schema import ChoiceRow

KEPT_FOR = timedelta(days=7)
KEY_BYTES = 16  # 22 URL-safe characters: unguessable, and short beside Slack's 2,000-character button value


class SqlChoices:
    def __init__(self, session: Session) -> None:
        self._s = session

    def keep(self, team_id: str, user_id: str, payload: dict[str, Any], at: datetime) -> str:
        self._s.execute(
            delete(ChoiceRow).where(
                ChoiceRow.team_id == team_id, ChoiceRow.user_id == user_id, ChoiceRow.created_at < at - KEPT_FOR
            )
        )
        key = secrets.token_urlsafe(KEY_BYTES)
        self._s.add(ChoiceRow(key=key, team_id=team_id, user_id=user_id, payload=payload, created_at=at))
        self._s.flush()
        return key

    def get(self, team_id: str, user_id: str, key: str, *, since: datetime) -> dict[str, Any] | None:
        payload: dict[str, Any] | None = self._s.scalar(
            select(ChoiceRow.payload).where(
                ChoiceRow.key == key,
                ChoiceRow.team_id == team_id,
                ChoiceRow.user_id == user_id,
                ChoiceRow.created_at >= since,
            )
        )
        return payload

    def drop(self, team_id: str, user_id: str, key: str) -> bool:
        gone = self._s.execute(
            delete(ChoiceRow).where(ChoiceRow.key == key, ChoiceRow.team_id == team_id, ChoiceRow.user_id == user_id)
        )
        return bool(cast(CursorResult[Any], gone).rowcount)
