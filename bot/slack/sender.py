"""Sends the outbox through Slack's Web API: posts, DMs and in-place updates, each once.

Rate limits (Retry-After honoured), server errors and dropped connections are retried by slack_sdk's
retry handlers first; what still fails goes back to the outbox with a back-off, or is given up (and
logged) when Slack says it can never succeed (the channel or the user is gone). No failure escapes a
drain: the scheduler loop and the request listeners never die of one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.core.kernel.model import MessageRef
from bot.slack.blocks import render
from storage.outbox import CLAIM_TIMEOUT, MAX_ATTEMPTS, OutboxQueue, Pending

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
    """Drains the outbox; `on_undeliverable(team_id, key, error)` hears of keyed posts to people gone."""

    def __init__(
        self,
        client: WebClient,
        queue: OutboxQueue,
        now: Callable[[], datetime],
        *,
        on_undeliverable: Callable[[str, str, str], None] | None = None,
    ) -> None:
        self._client = client
        self._queue = queue
        self._now = now
        self._on_undeliverable = on_undeliverable
        self._dm_channels: dict[str, str] = {}  # user -> their DM channel: conversations.open once per person
        self._busy = threading.Lock()
        self._wanted = threading.Event()

    def drain_soon(self) -> None:
        """Sends what requests just queued. One such drain at a time per process: a request that finds one
        running leaves its messages to it (it runs once more), instead of queueing for the database."""
        self._wanted.set()
        while self._wanted.is_set() and self._busy.acquire(blocking=False):
            try:
                self._wanted.clear()
                self.drain()
            finally:
                self._busy.release()

    def drain(
        self, *, team_id: str | None = None, limit: int = 200, report: Callable[[str], None] | None = None
    ) -> int:
        """Sends what is due now; returns how many were sent. `report` hears one line per message tried.

        When Slack still rate-limits after the client's own retries, the rest of the batch waits for
        Retry-After instead of hammering. A batch slowed down so much (Retry-After waits) that its claim
        nears CLAIM_TIMEOUT gives the rest back unsent, so that no other sender can take a message this
        one is still sending."""
        sent = 0
        tried = 0
        while tried < limit:
            claimed_at = self._now()
            batch = self._queue.claim(claimed_at, limit=min(50, limit - tried), team_id=team_id)
            if not batch:
                break
            for i, pending in enumerate(batch):
                if self._now() - claimed_at > CLAIM_TIMEOUT / 2:
                    self._give_back(batch[i:], "claim getting old (not tried)", timedelta(0))
                    break
                tried += 1
                ok, wait = self._send(pending, report)
                sent += ok
                if wait is not None:
                    self._give_back(batch[i + 1 :], "ratelimited (not tried)", wait)
                    return sent
        return sent

    def _give_back(self, batch: list[Pending], why: str, retry_in: timedelta) -> None:
        for pending in batch:
            self._queue.failed(pending, self._now(), why, retry_in=retry_in)

    def _send(self, pending: Pending, report: Callable[[str], None] | None) -> tuple[int, timedelta | None]:
        """Sends one message: (1 if sent, how long to hold off the rest when rate-limited)."""
        what = f"{_target(pending)}: {pending.doc.summary[:120]}"
        try:
            posted = self._deliver(pending)
        except SlackApiError as error:
            code = str(error.response.get("error") or error.response.status_code)
            retry = None if code in PERMANENT else _backoff(pending.attempts, error)
            self._failed(pending, code, retry, what, report)
            if code in PERMANENT and pending.key and self._on_undeliverable is not None:
                try:
                    self._on_undeliverable(pending.team_id, pending.key, code)
                except Exception:
                    log.exception("handling undeliverable %s failed", pending.key)
            return 0, retry if error.response.status_code == 429 else None
        except Exception as error:  # dropped connections, timeouts, anything else: try again later
            self._failed(pending, type(error).__name__, _backoff(pending.attempts, None), what, report)
            return 0, None
        self._queue.sent(pending, self._now(), posted)
        log.info("sent %s %s", pending.id, what)
        if report is not None:
            report(f"sent {what}")
        return 1, None

    def _failed(
        self, pending: Pending, code: str, retry: timedelta | None, what: str, report: Callable[[str], None] | None
    ) -> None:
        outcome = "failed, giving up"
        if retry is not None and pending.attempts < MAX_ATTEMPTS:
            outcome = f"failed, retry in {int(retry.total_seconds())}s"
        log.warning("send %s %s (%s, attempt %d): %s", pending.id, outcome, code, pending.attempts, what)
        self._queue.failed(pending, self._now(), code, retry_in=retry)
        if report is not None:
            report(f"{outcome} ({code}, attempt {pending.attempts}) {what}")

    def _deliver(self, pending: Pending) -> MessageRef | None:
        messages = render(pending.doc)
        if pending.update is not None:
            self._client.chat_update(channel=pending.update.channel, ts=pending.update.ts, **messages[0])
            return pending.update
        channel = pending.channel
        if channel is None:
            assert pending.user is not None
            channel = self._dm_channel(pending.user)
        first: MessageRef | None = None
        for message in messages:
            try:
                answer = self._client.chat_postMessage(channel=channel, **message)
            except SlackApiError as error:
                if pending.user is None or error.response.get("error") != "channel_not_found" or first:
                    raise
                self._dm_channels.pop(pending.user, None)  # a remembered DM channel went away: open it afresh
                channel = self._dm_channel(pending.user)
                answer = self._client.chat_postMessage(channel=channel, **message)
            first = first or MessageRef(answer["channel"], answer["ts"])
        return first

    def _dm_channel(self, user: str) -> str:
        """The DM channel with that person; conversations.open once per person per process."""
        if user not in self._dm_channels:
            self._dm_channels[user] = self._client.conversations_open(users=user)["channel"]["id"]
        return self._dm_channels[user]


def _target(pending: Pending) -> str:
    if pending.update is not None:
        return f"update {pending.update.channel}/{pending.update.ts}"
    return f"DM {pending.user}" if pending.channel is None else f"post {pending.channel}"


def _backoff(attempts: int, error: SlackApiError | None) -> timedelta:
    if error is not None and error.response.status_code == 429:
        return timedelta(seconds=int(error.response.headers.get("Retry-After", 60) or 60))
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))
