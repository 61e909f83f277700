"""Buttons: every button the bot shows is routed by the core's one table (`Services.buttons`); the answer goes
to the clicker, in place of the message the button was in when the core says so."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.core.kernel.model import MessageRef
from bot.core.services import Click, Services
from bot.slack.inbound import click_caller
from bot.slack.listeners.common import REPLACE_KEY, REPLY_KEY, deliver, run
from bot.slack.sender import SlackSender


def message_of(body: dict[str, Any]) -> MessageRef | None:
    """The message the button was in."""
    container = body.get("container") or {}
    channel, ts = container.get("channel_id"), container.get("message_ts")
    return MessageRef(channel, ts) if channel and ts else None


def register(app: App, services: Services, sender: SlackSender, *, except_ids: Collection[str] = ()) -> None:
    """Every button of the core's table, except those the Slack edge answers itself (`except_ids`)."""

    def press(ack: Ack, body: dict[str, Any], action: dict[str, Any], context: BoltContext) -> None:
        ack()
        click = Click(click_caller(body), action["action_id"], str(action.get("value") or ""), message_of(body))
        reply = None

        def work() -> Any:
            nonlocal reply
            reply = services.press(click)
            return reply.doc

        context[REPLY_KEY] = run(context, work)
        context[REPLACE_KEY] = bool(reply and reply.replace)

    def send(context: BoltContext, respond: Respond) -> None:
        deliver(context, respond, sender, replace=bool(context.get(REPLACE_KEY)))

    routed = [key for key in services.buttons if key not in except_ids]
    app.action(re.compile("^(?:" + "|".join(re.escape(key) for key in routed) + ")(?:#.*)?$"))(ack=press, lazy=[send])
