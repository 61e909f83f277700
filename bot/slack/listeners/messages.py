"""Channel messages (Events API `message`): live meeting capture. A retried delivery (`x-slack-retry-num`) is the
same message, which the capture service recognises, so nothing is recorded twice.

When the message cannot be recorded (the database is down), the answer is 503 so that Slack delivers it again
(HTTP: any answer but 2xx; Socket Mode: no acknowledgement), up to three times (at once, after a minute, after
five). When the last retry fails too, the writer of a tagged line is told by an ephemeral message sent straight
through the Web API (not through the outbox, which lives in the database that is down); that last delivery is
answered 200, so a long outage never makes Slack count every delivery as failed and turn the app's events off.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, BoltRequest, BoltResponse
from slack_sdk import WebClient

from bot.core.kernel.documents import Text, message
from bot.core.meetings.capture import CaptureService
from bot.core.meetings.capture_grammar import read_capture_line
from bot.slack.blocks import render
from bot.slack.inbound import Names, heard
from bot.slack.listeners.common import OUTCOME_KEY, send_outbox
from bot.slack.sender import SlackSender

log = logging.getLogger(__name__)

EVENTS = ("message.channels", "message.groups")  # the manifest's subscriptions that reach `message`
LAST_RETRY = 3  # Slack retries a failed event delivery three times: x-slack-retry-num 1, 2, 3
LOST_KEY = "steerbot_lost"  # (channel, user, text) of a line given up on, for the lazy half to tell its writer


def register(app: App, capture: CaptureService, sender: SlackSender, names: Names) -> None:
    def message(
        ack: Ack, body: dict[str, Any], event: dict[str, Any], context: BoltContext, request: BoltRequest
    ) -> BoltResponse | None:
        said = heard(body, event, names)
        if said is None:
            ack()
            return None
        try:
            capture.heard(said)
        except Exception as error:
            delivery = retry_num(request)
            if delivery < LAST_RETRY:
                log.warning(
                    "recording message %s failed (%s); Slack delivers it again (retry %d of %d)",
                    said.ts, type(error).__name__, delivery + 1, LAST_RETRY,
                )  # fmt: skip
                log.debug("the failure", exc_info=True)
                context[OUTCOME_KEY] = "error, Slack retries"
                return BoltResponse(status=503, body="the record is unavailable; nothing was saved")
            log.exception("recording message %s failed on Slack's last retry; it is lost", said.ts)
            context[OUTCOME_KEY] = "error, lost"
            if read_capture_line(said.said.text) is not None:  # only a tagged line was meant to be recorded
                context[OUTCOME_KEY] = "error, lost, writer told"
                context[LOST_KEY] = (said.caller.channel_id, said.caller.user_id, said.said.text)
        else:
            context[OUTCOME_KEY] = "ok"
        ack()
        return None

    def send(context: BoltContext, client: WebClient) -> None:
        lost = context.get(LOST_KEY)
        if lost:
            tell_lost(client, *lost)
        send_outbox(sender)

    app.event("message")(ack=message, lazy=[send])


def retry_num(request: BoltRequest) -> int:
    """Which retry of the event this delivery is (0: the first delivery)."""
    value = str((request.headers.get("x-slack-retry-num") or ["0"])[0])
    return int(value) if value.isdigit() else 0


def tell_lost(client: WebClient, channel: str, user: str, text: str) -> None:
    """Tells the writer, only them, that their line was not recorded; a failure to tell is logged."""
    shown = text if len(text) <= 300 else text[:299] + "…"
    doc = message(
        "⚠️ I could not record your line: the record is unavailable.",
        (Text(text="⚠️ I could not record your line (the record is unavailable); nothing was saved:"),),
        (Text(text=f"“{shown}”"),),
        (Text(text="Please post it again in a few minutes."),),
    )
    try:
        client.chat_postEphemeral(channel=channel, user=user, **render(doc)[0])
    except Exception:
        log.exception("telling %s in %s that their line was lost failed", user, channel)
