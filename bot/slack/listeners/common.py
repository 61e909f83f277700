"""What every listener does alike: run one service call safely, reply to the asker, send the outbox."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext, Respond

from bot.core.kernel.documents import Doc, say
from bot.slack.blocks import render
from bot.slack.sender import SlackSender
from storage.db import REQUEST_DEADLINE, Unavailable, unavailable, within

log = logging.getLogger(__name__)

SORRY = say("⚠️ Sorry, something went wrong on my side and nothing was saved. Please try again in a minute.")
UNAVAILABLE = say(
    "⚠️ The record is unavailable right now (its database is not answering), so nothing was saved. "
    "Please try again in a minute."
)
UNCERTAIN = say(
    "⚠️ The record stopped answering while saving this, so I cannot tell whether it was saved. "
    "Please check (a list, or the channel) in a minute before trying again."
)
REPLY_KEY = "steerbot_reply"  # messages for the asker, carried from the ack function to the lazy one
REPLACE_KEY = "steerbot_replace"  # the reply takes the place of the message the button was in
OUTCOME_KEY = "steerbot_outcome"  # a short outcome for the request's log line


def run(context: BoltContext, work: Callable[[], Doc | None]) -> list[dict[str, Any]]:
    """Runs the service call within the request's deadline, so the answer reaches Slack within its 3 seconds however
    the database behaves; a failure becomes a kind message, never a 500. A database that does not answer, or is
    locked by someone else, is told apart from a fault on our side (outcome "unavailable", else "error")."""
    try:
        doc = within(REQUEST_DEADLINE, work)
    except Exception as error:
        if unavailable(error):
            log.warning("request failed: the database is unavailable (%s: %s)", type(error).__name__, error)
            doc = UNCERTAIN if isinstance(error, Unavailable) and error.uncertain else UNAVAILABLE
            context[OUTCOME_KEY] = "unavailable"
        else:
            log.exception("request failed")
            doc = SORRY
            context[OUTCOME_KEY] = "error"
    else:
        context[OUTCOME_KEY] = doc.summary[:80] if doc else "ok"
    return render(doc) if doc else []


def ack_with(ack: Ack, context: BoltContext, messages: list[dict[str, Any]]) -> None:
    """Answers a slash command in the ack itself (ephemeral); what does not fit follows via respond."""
    if messages:
        ack(response_type="ephemeral", **messages[0])
    else:
        ack()
    context[REPLY_KEY] = messages[1:]


def deliver(context: BoltContext, respond: Respond, sender: SlackSender, *, replace: bool = False) -> None:
    """The lazy half of a request: the rest of the reply, then the outbox (channel posts, DMs)."""
    for i, msg in enumerate(context.get(REPLY_KEY) or []):
        respond(response_type="ephemeral", replace_original=replace and i == 0, **msg)
    send_outbox(sender)


def send_outbox(sender: SlackSender) -> None:
    """Sends what the request queued; a failure is logged and left to the scheduler's next pass."""
    try:
        sender.drain_soon()
    except Exception:
        log.exception("sending the outbox failed; the scheduler will retry")
