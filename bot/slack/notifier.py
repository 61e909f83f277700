"""Sends the outbox through Slack's Web API: posts, DMs and in-place updates, each once.

Rate limits, server errors and dropped connections are retried by slack_sdk's retry handlers first;
what still fails goes back to the outbox with a back-off, or is given up (and logged) when Slack
says it can never succeed (the channel or the user is gone).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.core.model import MessageRef
from bot.slack.blocks import render
from storage.outbox import OutboxQueue, Pending

log = logging.getLogger(__name__)

PERMANENT = {
    "channel_not_found",
    "not_in_channel",
    "is_archived",
    "user_not_found",
    "account_inactive",
    "user_disabled",
    "cannot_dm_bot",
    "message_not_found",
    "cant_update_message",
    "invalid_blocks",
    "msg_too_long",
    "no_text",
    "restricted_action",
}


def web_client(token: str, base_url: str) -> WebClient:
    """A WebClient for every call the bot makes, with retries for transient faults."""
    client = WebClient(token=token, base_url=base_url, timeout=10)
    client.retry_handlers.extend(
        [RateLimitErrorRetryHandler(max_retry_count=2), ServerErrorRetryHandler(max_retry_count=2)]
    )
    if not any(isinstance(h, ConnectionErrorRetryHandler) for h in client.retry_handlers):
        client.retry_handlers.append(ConnectionErrorRetryHandler())
    return client


class SlackSender:
    def __init__(self, client: WebClient, queue: OutboxQueue, now: Callable[[], datetime]) -> None:
        self._client = client
        self._queue = queue
        self._now = now

    def drain(self, *, team_id: str | None = None, limit: int = 200) -> int:
        """Sends what is due now; returns how many were sent."""
        sent = 0
        while sent < limit:
            batch = self._queue.claim(self._now(), limit=min(50, limit - sent), team_id=team_id)
            if not batch:
                break
            for pending in batch:
                sent += self._send(pending)
        return sent

    def _send(self, pending: Pending) -> int:
        try:
            posted = self._deliver(pending)
        except SlackApiError as error:
            code = str(error.response.get("error", error.response.status_code))
            retry = None if code in PERMANENT else _backoff(pending.attempts, error)
            log.warning("send %s failed: %s%s", pending.id, code, "" if retry else " (giving up)")
            self._queue.failed(pending, self._now(), code, retry_in=retry)
            return 0
        except OSError as error:
            log.warning("send %s failed: %s", pending.id, type(error).__name__)
            self._queue.failed(pending, self._now(), type(error).__name__, retry_in=_backoff(pending.attempts, None))
            return 0
        self._queue.sent(pending, self._now(), posted)
        return 1

    def _deliver(self, pending: Pending) -> MessageRef | None:
        messages = render(pending.doc)
        if pending.update is not None:
            self._client.chat_update(channel=pending.update.channel, ts=pending.update.ts, **messages[0])
            return pending.update
        channel = pending.channel
        if channel is None:
            assert pending.user is not None
            channel = self._client.conversations_open(users=pending.user)["channel"]["id"]
        first: MessageRef | None = None
        for message in messages:
            answer = self._client.chat_postMessage(channel=channel, **message)
            first = first or MessageRef(answer["channel"], answer["ts"])
        return first


def _backoff(attempts: int, error: SlackApiError | None) -> timedelta:
    if error is not None and error.response.status_code == 429:
        return timedelta(seconds=int(error.response.headers.get("Retry-After", 60) or 60))
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))
