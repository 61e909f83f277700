"""Which Web API clients serve a workspace: the one bot token of a single-workspace install, or the token each
workspace got when it installed the app through OAuth (kept by slack_sdk's installation store, refreshed when
token rotation is on). A workspace without an install has none: nothing is sent there."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.oauth.installation_store import Bot, InstallationStore
from slack_sdk.oauth.token_rotation import TokenRotator

log = logging.getLogger(__name__)

QUICK_TIMEOUT = 2  # seconds: a call on a command's way in must leave it time to answer within Slack's 3 seconds
ROTATE_BEFORE = timedelta(minutes=10)  # a rotating token this close to its end is refreshed before it is used


@dataclass(frozen=True)
class Clients:
    """One bot token's clients."""

    web: WebClient  # every call, transient faults retried
    poster: WebClient  # chat.postMessage: retried only when Slack refused it (429); the sender looks before re-posting
    quick: WebClient  # the member list and a channel's info, asked on a command's way in: fails fast, no retries


def clients_for(token: str, base_url: str) -> Clients:
    web = WebClient(token=token, base_url=base_url, timeout=10)
    web.retry_handlers.extend(
        [RateLimitErrorRetryHandler(max_retry_count=2), ServerErrorRetryHandler(max_retry_count=2)]
    )
    if not any(isinstance(h, ConnectionErrorRetryHandler) for h in web.retry_handlers):
        web.retry_handlers.append(ConnectionErrorRetryHandler())
    poster = WebClient(token=token, base_url=base_url, timeout=10, retry_handlers=[RateLimitErrorRetryHandler(2)])
    quick = WebClient(token=token, base_url=base_url, timeout=QUICK_TIMEOUT, retry_handlers=[])
    return Clients(web, poster, quick)


class Workspaces(Protocol):
    def clients(self, team_id: str) -> Clients | None:
        """The clients of the workspace's bot; None when the app is not installed there (or no longer)."""
        ...


class OneWorkspace:
    """`SLACK_BOT_TOKEN`: one workspace, one token."""

    def __init__(self, token: str, base_url: str) -> None:
        self.one = clients_for(token, base_url)

    def clients(self, team_id: str) -> Clients | None:
        return self.one


class Installed:
    """`SLACK_CLIENT_ID` and `SLACK_CLIENT_SECRET`: each workspace that installed the app, with its own token.

    The store is asked each time (one indexed query), so a workspace that uninstalls is not served a moment longer
    by any process; the clients are kept per token."""

    def __init__(
        self,
        store: InstallationStore,
        base_url: str,
        rotator: TokenRotator,
        enterprise_of: EnterpriseOf,
        now: Callable[[], datetime],
    ) -> None:
        self._store = store
        self._base_url = base_url
        self._rotator = rotator
        self._enterprise_of = enterprise_of
        self._now = now
        self._lock = threading.Lock()
        self._by_token: dict[str, Clients] = {}

    def clients(self, team_id: str) -> Clients | None:
        bot = self._bot(team_id)
        if bot is None or not bot.bot_token:
            return None
        with self._lock:
            if bot.bot_token not in self._by_token:
                self._by_token[bot.bot_token] = clients_for(bot.bot_token, self._base_url)
            return self._by_token[bot.bot_token]

    def _bot(self, team_id: str) -> Bot | None:
        bot = self._store.find_bot(enterprise_id=None, team_id=team_id)
        enterprise = None if bot is not None else self._enterprise_of(team_id)
        if enterprise is not None:  # a workspace of an Enterprise Grid organisation
            bot = self._store.find_bot(enterprise_id=enterprise, team_id=team_id) or self._store.find_bot(
                enterprise_id=enterprise, team_id=None, is_enterprise_install=True
            )
        return None if bot is None else self._fresh(bot)

    def _fresh(self, bot: Bot) -> Bot:
        """The bot with a token good for a while: a rotating token near its end is exchanged (and kept)."""
        expires = bot.bot_token_expires_at
        if expires is None or datetime.fromtimestamp(int(expires), UTC) - self._now() > ROTATE_BEFORE:
            return bot
        refreshed = self._rotator.perform_bot_token_rotation(
            bot=bot, minutes_before_expiration=int(ROTATE_BEFORE.total_seconds() // 60)
        )
        if refreshed is None:
            return bot
        self._store.save_bot(refreshed)
        log.info("refreshed the bot token of workspace %s", bot.team_id or bot.enterprise_id)
        return refreshed


class EnterpriseOf(Protocol):
    def __call__(self, team_id: str) -> str | None:
        """The Enterprise Grid organisation the workspace was seen in, if any."""
        ...
