"""Sends the outbox through Slack's Web API: posts, DMs and in-place updates, each once.

Rate limits (Retry-After honoured), server errors and dropped connections are retried by slack_sdk's
retry handlers first; what still fails goes back to the outbox with a back-off, or is given up (and
logged) when Slack says it can never succeed (the channel or the user is gone). No failure escapes a
drain: the scheduler loop and the request listeners never die of one.

Exactly once, even when Slack accepted a post whose answer never came back (the process was killed before
marking it sent, the connection dropped, Slack answered 5xx): every post carries its outbox id in Slack's
message metadata (`steerbot_outbox`: outbox_id, part, parts), and before posting anything an earlier attempt
may have posted (storage/outbox.py `uncertain_since`), the sender looks for it in the conversation
(`conversations.history` with `include_all_metadata`, from when that attempt began) and posts only the
parts not found. A document too long for one message goes out as several, each with its part number, so a
retry posts only the missing ones, in order. chat.postMessage is therefore never retried blindly: 429 (Slack
refused it) is retried by the client; a 5xx or a dropped connection is retried here, after a look.
Where Slack will not let the bot read the conversation (a public channel it was never invited to, an
install without the history scopes) the post cannot be checked: it is sent again, and a warning logged.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.core.kernel.model import MessageRef
from bot.slack.blocks import render
from bot.slack.workspaces import Clients, Workspaces
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
EVENT_TYPE = "steerbot_outbox"  # message metadata on every post: {"outbox_id", "part", "parts"}
SKEW = timedelta(minutes=2)  # looked back this much further than the attempt began: clocks differ
LOOK_PAGE = 100  # messages per conversations.history page
LOOK_PAGES = 5  # pages at most per look: far more than a committee channel sees while a claim times out
POST_RETRIES = 2  # a 5xx or a dropped connection on chat.postMessage: looked for, then posted again
UNCHECKABLE = {"not_in_channel", "missing_scope", "channel_not_found", "not_allowed_token_type", "no_permission"}


class SlackSender:
    """Drains the outbox; `on_undeliverable(team_id, key, error)` hears of keyed posts to people gone."""

    def __init__(
        self,
        workspaces: Workspaces,
        queue: OutboxQueue,
        now: Callable[[], datetime],
        *,
        on_undeliverable: Callable[[str, str, str], None] | None = None,
    ) -> None:
        self._workspaces = workspaces
        self._queue = queue
        self._now = now
        self._on_undeliverable = on_undeliverable
        self._dm_channels: dict[tuple[str, str], str] = {}  # (team, user) -> DM channel: conversations.open once
        self._busy = threading.Lock()
        self._wanted = threading.Event()
        self._bot_ids: dict[str, str] = {}  # token -> the bot's id
        self._stopping = threading.Event()
        self._draining = threading.Condition()
        self._drains = 0  # drains running now, in any thread

    def stop(self, timeout: float) -> bool:
        """No message is started from now on; waits up to `timeout` seconds for the ones being sent (each drain
        gives the rest of its batch back, unsent, for the next process). True when none is left sending."""
        self._stopping.set()
        with self._draining:
            return self._draining.wait_for(lambda: self._drains == 0, timeout)

    def drain_soon(self) -> None:
        """Sends what requests just queued. One such drain at a time per process: a request that finds one
        running leaves its messages to it (it runs once more), instead of queueing for the database."""
        if self._stopping.is_set():
            return
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
        with self._draining:
            self._drains += 1
        try:
            return self._drain(team_id, limit, report)
        finally:
            with self._draining:
                self._drains -= 1
                self._draining.notify_all()

    def _drain(self, team_id: str | None, limit: int, report: Callable[[str], None] | None) -> int:
        sent = 0
        tried = 0
        while tried < limit and not self._stopping.is_set():
            claimed_at = self._now()
            batch = self._queue.claim(claimed_at, limit=min(50, limit - tried), team_id=team_id)
            if not batch:
                break
            for i, pending in enumerate(batch):
                if self._stopping.is_set():
                    self._give_back(batch[i:], "shutting down (not tried)", timedelta(0))
                    log.info("sender stopping: %d claimed message(s) given back unsent", len(batch) - i)
                    break
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
        attempt = _Attempt()
        try:
            clients = self._workspaces.clients(pending.team_id)
            if clients is None:  # the workspace uninstalled the app: nothing more goes there
                log.warning(
                    "send %s dropped: workspace %s has not installed the app: %s", pending.id, pending.team_id, what
                )
                self._queue.failed(pending, self._now(), "not installed", retry_in=None)
                if report is not None:
                    report(f"dropped (workspace {pending.team_id} not installed) {what}")
                return 0, None
            posted = self._deliver(pending, attempt, clients)
        except SlackApiError as error:
            code = str(error.response.get("error") or error.response.status_code)
            retry = None if code in PERMANENT else _backoff(pending.attempts, error)
            self._failed(pending, code, retry, what, report, attempt.touched)
            if code in PERMANENT and pending.key and self._on_undeliverable is not None:
                try:
                    self._on_undeliverable(pending.team_id, pending.key, code)
                except Exception:
                    log.exception("handling undeliverable %s failed", pending.key)
            return 0, retry if error.response.status_code == 429 else None
        except Exception as error:  # dropped connections, timeouts, anything else: try again later
            self._failed(pending, type(error).__name__, _backoff(pending.attempts, None), what, report, attempt.touched)
            return 0, None
        self._queue.sent(pending, self._now(), posted)
        log.info("sent %s %s", pending.id, what)
        if report is not None:
            report(f"sent {what}")
        return 1, None

    def _failed(
        self,
        pending: Pending,
        code: str,
        retry: timedelta | None,
        what: str,
        report: Callable[[str], None] | None,
        uncertain: bool = False,
    ) -> None:
        outcome = "failed, giving up"
        if retry is not None and pending.attempts < MAX_ATTEMPTS:
            outcome = f"failed, retry in {int(retry.total_seconds())}s"
        log.warning("send %s %s (%s, attempt %d): %s", pending.id, outcome, code, pending.attempts, what)
        self._queue.failed(pending, self._now(), code, retry_in=retry, uncertain=uncertain)
        if report is not None:
            report(f"{outcome} ({code}, attempt {pending.attempts}) {what}")

    def _deliver(self, pending: Pending, attempt: _Attempt, clients: Clients) -> MessageRef | None:
        messages = render(pending.doc)
        if pending.update is not None:  # an update in place is the same whether done once or twice
            clients.web.chat_update(channel=pending.update.channel, ts=pending.update.ts, **messages[0])
            return pending.update
        channel = pending.channel
        if channel is None:
            assert pending.user is not None
            channel = self._dm_channel(clients, pending.team_id, pending.user)
        found: dict[int, MessageRef] = {}
        if pending.uncertain_since is not None:  # an earlier attempt may have posted some or all of it
            found = self._look(clients, channel, pending.id, pending.uncertain_since)
            if found:
                log.info(
                    "send %s: %d of %d message(s) already in Slack (an earlier attempt's); not posted again",
                    pending.id, len(found), len(messages),
                )  # fmt: skip
        first = found.get(1)
        for part, message in enumerate(messages, 1):
            if part in found:
                continue
            try:
                posted = self._post(clients, channel, message, pending, part, len(messages), attempt)
            except SlackApiError as error:
                if pending.user is None or error.response.get("error") != "channel_not_found" or first or found:
                    raise
                self._dm_channels.pop((pending.team_id, pending.user), None)  # the DM channel went away: open afresh
                channel = self._dm_channel(clients, pending.team_id, pending.user)
                posted = self._post(clients, channel, message, pending, part, len(messages), attempt)
            first = first or posted
        return first

    def _post(
        self,
        clients: Clients,
        channel: str,
        message: dict[str, Any],
        pending: Pending,
        part: int,
        parts: int,
        attempt: _Attempt,
    ) -> MessageRef:
        """Posts one message with its outbox id. Slack refusing it (4xx, `ok: false`) is raised at once; a 5xx
        or a dropped connection may have posted it, so it is looked for before being posted again."""
        metadata = {"event_type": EVENT_TYPE, "event_payload": {"outbox_id": pending.id, "part": part, "parts": parts}}
        for retry in range(POST_RETRIES + 1):
            try:
                answer = clients.poster.chat_postMessage(channel=channel, metadata=metadata, **message)
            except SlackApiError as error:
                if error.response.status_code < 500:
                    raise  # refused: nothing was posted
                attempt.touched = True
                if retry == POST_RETRIES:
                    raise
            except Exception:
                attempt.touched = True
                if retry == POST_RETRIES:
                    raise
            else:
                attempt.touched = True
                return MessageRef(answer["channel"], answer["ts"])
            time.sleep(0.5 * 2**retry)
            since = pending.claimed_at or self._now()
            if (found := self._look(clients, channel, pending.id, since).get(part)) is not None:
                return found
        raise AssertionError("unreachable")

    def _look(self, clients: Clients, channel: str, outbox_id: int, since: datetime) -> dict[int, MessageRef]:
        """The parts of outbox message `outbox_id` this bot posted in `channel` since `since`, by part number;
        empty when Slack will not let the bot read the conversation (then it cannot be checked: logged)."""
        found: dict[int, MessageRef] = {}
        cursor = ""
        oldest = f"{(since - SKEW).timestamp():.6f}"
        try:
            me = self._me(clients)
            for _ in range(LOOK_PAGES):
                page = clients.web.conversations_history(
                    channel=channel, oldest=oldest, limit=LOOK_PAGE, include_all_metadata=True, cursor=cursor or None
                )
                for seen in page.get("messages") or []:
                    if (part := _part_of(seen, outbox_id, me)) is not None:
                        found[part] = MessageRef(channel, seen["ts"])
                cursor = (page.get("response_metadata") or {}).get("next_cursor") or ""
                if not page.get("has_more") or not cursor:
                    return found
        except SlackApiError as error:
            code = str(error.response.get("error"))
            if code not in UNCHECKABLE:
                raise
            log.warning(
                "send %s: cannot look in %s for an earlier post (%s); it may show twice", outbox_id, channel, code
            )
            return found
        log.warning("send %s: looked through %d messages in %s, not back to %s", outbox_id, LOOK_PAGE * LOOK_PAGES,
                    channel, oldest)  # fmt: skip
        return found

    def _me(self, clients: Clients) -> str | None:
        """This bot's id, so that another app's post carrying the same outbox id (a second install) is not ours."""
        token = clients.web.token or ""
        if token not in self._bot_ids:
            self._bot_ids[token] = clients.web.auth_test().get("bot_id") or ""
        return self._bot_ids[token] or None

    def _dm_channel(self, clients: Clients, team_id: str, user: str) -> str:
        """The DM channel with that person; conversations.open once per person per process."""
        if (team_id, user) not in self._dm_channels:
            self._dm_channels[team_id, user] = clients.web.conversations_open(users=user)["channel"]["id"]
        return self._dm_channels[team_id, user]


@dataclass
class _Attempt:
    touched: bool = False  # a post of this attempt reached Slack, or may have: the next one looks first


def _part_of(seen: dict[str, Any], outbox_id: int, me: str | None) -> int | None:
    """Which part of outbox message `outbox_id` a message from conversations.history is, if it is one of ours."""
    metadata = seen.get("metadata") or {}
    payload = metadata.get("event_payload") or {}
    if metadata.get("event_type") != EVENT_TYPE or str(payload.get("outbox_id")) != str(outbox_id):
        return None
    if me is not None and seen.get("bot_id") != me:
        return None
    part = payload.get("part", 1)
    return int(part) if str(part).isdigit() else 1


def _target(pending: Pending) -> str:
    if pending.update is not None:
        return f"update {pending.update.channel}/{pending.update.ts}"
    return f"DM {pending.user}" if pending.channel is None else f"post {pending.channel}"


def _backoff(attempts: int, error: SlackApiError | None) -> timedelta:
    if error is not None and error.response.status_code == 429:
        return timedelta(seconds=int(error.response.headers.get("Retry-After", 60) or 60))
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))
