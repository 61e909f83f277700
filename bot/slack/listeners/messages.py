"""Channel messages (Events API `message`): live meeting capture. A retried delivery (`x-slack-retry-num`) is the
same message, which the capture service recognises, so nothing is recorded twice."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.core.meetings.capture import CaptureService
from bot.slack.inbound import Names, heard
from bot.slack.listeners.common import run, send_outbox
from bot.slack.sender import SlackSender

EVENTS = ("message.channels", "message.groups")  # the manifest's subscriptions that reach `message`


def register(app: App, capture: CaptureService, sender: SlackSender, names: Names) -> None:
    def message(ack: Ack, body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
        ack()
        said = heard(body, event, names)
        if said is not None:
            run(context, lambda: capture.heard(said))

    def send() -> None:
        send_outbox(sender)

    app.event("message")(ack=message, lazy=[send])
