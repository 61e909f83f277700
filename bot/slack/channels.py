"""Whether the bot can post in the channel a command comes from. Slack delivers a slash command typed in a private
channel (or a direct message between people) the bot is not in, but every post there would fail: such a command
is answered at once, and nothing is recorded."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.slack.workspaces import Workspaces

log = logging.getLogger(__name__)

KEEP_SECONDS = 600.0  # a channel the bot can post in is asked about again after this long
CLOSED = {"channel_not_found", "not_in_channel", "is_archived"}
INVITE = (
    "I'm not in this conversation, so I can't post its record here. Invite me with `/invite @Steerbot` "
    "(in a private channel), or use a committee channel; nothing was saved."
)


class Channels:
    def __init__(self, workspaces: Workspaces, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._workspaces = workspaces
        self._clock = clock
        self._lock = threading.Lock()
        self._open: dict[tuple[str, str], float] = {}  # (team, channel) -> when it was found open

    def can_post(self, team_id: str, channel_id: str) -> bool:
        with self._lock:
            found = self._open.get((team_id, channel_id))
        clients = self._workspaces.clients(team_id)
        if clients is None or (found is not None and self._clock() - found < KEEP_SECONDS):
            return True  # not installed: Bolt answers such a workspace before any listener runs
        try:
            info = clients.quick.conversations_info(channel=channel_id)["channel"]
        except SlackApiError as error:
            if error.response.get("error") in CLOSED:
                return False
            log.info("conversations.info %s: %s; assuming it is open", channel_id, error.response.get("error"))
            return True  # Slack unsure: the outbox will say if the post fails
        except OSError as error:
            log.info("conversations.info %s: %s; assuming it is open", channel_id, type(error).__name__)
            return True
        if not _open(info):
            return False
        with self._lock:
            self._open[(team_id, channel_id)] = self._clock()
        return True


def _open(info: dict[str, Any]) -> bool:
    """A public channel (chat:write.public posts there without joining), or one the bot is in (its own DMs)."""
    public = bool(info.get("is_channel")) and not info.get("is_private")
    return bool(info.get("is_member") or info.get("is_im") or public) and not info.get("is_archived")
