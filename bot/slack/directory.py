"""Workspace members from Slack (users.list, users.info), cached and refreshed every few minutes."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.kernel.model import Member

REFRESH_SECONDS = 600.0
log = logging.getLogger(__name__)


def member_from(user: dict[str, Any]) -> Member:
    profile = user.get("profile") or {}
    return Member(
        user_id=user["id"],
        name=user.get("name", ""),
        real_name=profile.get("real_name") or user.get("real_name", "") or "",
        display_name=profile.get("display_name", "") or "",
        tz=user.get("tz"),
        is_admin=bool(user.get("is_admin") or user.get("is_owner")),
        is_bot=bool(user.get("is_bot")) or user.get("id") == "USLACKBOT",
        deleted=bool(user.get("deleted")),
    )


class SlackDirectory:
    def __init__(self, client: WebClient, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._client = client
        self._clock = clock
        self._lock = threading.Lock()
        self._members: dict[str, tuple[float, dict[str, Member]]] = {}

    def members(self, team_id: str) -> Sequence[Member]:
        return list(self._team(team_id).values())

    def member(self, team_id: str, user_id: str) -> Member | None:
        found = self._team(team_id).get(user_id)
        if found is not None:
            return found
        try:
            user = self._client.users_info(user=user_id)["user"]
        except (SlackApiError, OSError) as error:
            log.info("users.info %s: %s", user_id, _reason(error))
            return None
        member = member_from(user)
        with self._lock:
            self._members.setdefault(team_id, (self._clock(), {}))[1][user_id] = member
        return member

    def name_of(self, team_id: str, user_id: str) -> str | None:
        """How people know a member, for their mentions in typed text."""
        member = self.member(team_id, user_id)
        return member.label if member else None

    def _team(self, team_id: str) -> dict[str, Member]:
        with self._lock:
            cached = self._members.get(team_id)
            if cached is not None and self._clock() - cached[0] < REFRESH_SECONDS:
                return cached[1]
        fresh: dict[str, Member] = {}
        try:
            for page in self._client.users_list(limit=200):
                for user in page.get("members", []):
                    fresh[user["id"]] = member_from(user)
        except (SlackApiError, OSError) as error:
            log.warning("users.list failed: %s; keeping the cached members", _reason(error))
            return cached[1] if cached else {}
        with self._lock:
            self._members[team_id] = (self._clock(), fresh)
        return fresh


def _reason(error: Exception) -> str:
    return str(error.response.get("error")) if isinstance(error, SlackApiError) else type(error).__name__
