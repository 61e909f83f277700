"""Workspace members from Slack (users.list, users.info), cached and refreshed every few minutes. Slack's member
list failing never holds up a command: each call is short, the cached list serves meanwhile, and a failure is
not asked again for a while."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.core.kernel.model import Member
from bot.slack.workspaces import Workspaces

REFRESH_SECONDS = 600.0
RETRY_SECONDS = 60.0  # after users.list fails, commands use what is cached (or nothing) this long before asking again
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
    """Each workspace's members, asked of Slack with that workspace's quick client (which fails fast: the cache
    covers a failure)."""

    def __init__(self, workspaces: Workspaces, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._workspaces = workspaces
        self._clock = clock
        self._lock = threading.Lock()
        self._members: dict[str, tuple[float, dict[str, Member]]] = {}
        self._failed: dict[str, float] = {}  # team -> when users.list last failed

    def members(self, team_id: str) -> Sequence[Member]:
        return list(self._team(team_id).values())

    def known(self, team_id: str) -> bool:
        self._team(team_id)
        with self._lock:
            return team_id in self._members

    def member(self, team_id: str, user_id: str) -> Member | None:
        found = self._team(team_id).get(user_id)
        if found is not None or self._failing(team_id):
            return found
        clients = self._workspaces.clients(team_id)
        if clients is None:
            return None
        try:
            user = clients.quick.users_info(user=user_id)["user"]
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
        clients = self._workspaces.clients(team_id)
        if clients is None or self._failing(team_id):
            return cached[1] if cached else {}
        fresh: dict[str, Member] = {}
        try:
            for page in clients.quick.users_list(limit=200):
                for user in page.get("members", []):
                    fresh[user["id"]] = member_from(user)
        except (SlackApiError, OSError) as error:
            log.warning("users.list failed: %s; using the cached members for a while", _reason(error))
            with self._lock:
                self._failed[team_id] = self._clock()
            return cached[1] if cached else {}
        with self._lock:
            self._members[team_id] = (self._clock(), fresh)
            self._failed.pop(team_id, None)
        return fresh

    def _failing(self, team_id: str) -> bool:
        with self._lock:
            failed = self._failed.get(team_id)
        return failed is not None and self._clock() - failed < RETRY_SECONDS


def _reason(error: Exception) -> str:
    return str(error.response.get("error")) if isinstance(error, SlackApiError) else type(error).__name__
