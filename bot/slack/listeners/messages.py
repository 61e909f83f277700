"""Channel messages (Events API `message`): live meeting capture. Slack's markup becomes plain text here,
user mentions stay as Slack sends them (the /action reader knows them); a retried event (same event_id,
`x-slack-retry-num` header) is recognised by the capture service, so nothing is recorded twice."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.core.kernel.markup import unmark
from bot.core.meetings.capture import CaptureService, Heard
from bot.slack.listeners.common import run, send_outbox
from bot.slack.sender import SlackSender

EVENTS = ("message.channels", "message.groups")  # the manifest's subscriptions that reach `message`


def heard_of(body: dict[str, Any], event: dict[str, Any]) -> Heard | None:
    """A person's new message in a channel; None for edits, joins, bots and the like."""
    if event.get("subtype") or event.get("bot_id") or not event.get("user") or not body.get("event_id"):
        return None
    return Heard(
        team_id=body.get("team_id") or event.get("team", ""),
        channel_id=event.get("channel", ""),
        user_id=event["user"],
        text=unmark(event.get("text") or ""),
        event_id=body["event_id"],
    )


def register(app: App, capture: CaptureService, sender: SlackSender) -> None:
    def message(ack: Ack, body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
        ack()
        said = heard_of(body, event)
        if said is not None:
            run(context, lambda: capture.heard(said))

    def send() -> None:
        send_outbox(sender)

    app.event("message")(ack=message, lazy=[send])
