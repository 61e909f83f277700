"""What listeners do after their ack (Bolt's lazy listeners) for one person: run work that may take longer than
Slack's 3 seconds (a download, an import, an export), with a failure turned into the same kind message a request
gets, and answer only that person."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.core.kernel.documents import Doc
from bot.slack.blocks import render
from bot.slack.listeners.common import SORRY

log = logging.getLogger(__name__)
T = TypeVar("T")


def safely(what: str, work: Callable[[], T]) -> T | Doc:
    """The work's result, or the kind message for its failure (logged). No deadline, unlike a request's work
    (common.run): nobody waits on an HTTP answer now, and importing long minutes may rightly take seconds."""
    try:
        return work()
    except Exception:
        log.exception("%s failed", what)
        return SORRY


@dataclass(frozen=True)
class Asker:
    """One person to answer, only them: through the response_url Slack sent with what they did (an ephemeral
    message where they did it), else in their direct message with the bot."""

    user_id: str
    response_url: str | None
    client: WebClient | None

    def tell(self, doc: Doc, *, replace: bool = False) -> None:
        """Sends the document (in place of the message they acted on, when `replace`); a failure is logged."""
        for i, message in enumerate(render(doc)):
            try:
                if self.response_url:
                    respond = Respond(response_url=self.response_url)
                    respond(response_type="ephemeral", replace_original=replace and i == 0, **message)
                elif self.client is not None:
                    self.client.chat_postMessage(channel=self.user_id, **message)
            except Exception:
                log.exception("answering %s failed", self.user_id)
                return

    def remove(self) -> None:
        """Deletes the message they acted on (a preview they cancelled)."""
        if self.response_url:
            try:
                Respond(response_url=self.response_url)(delete_original=True)
            except Exception:
                log.exception("removing a message of %s failed", self.user_id)
