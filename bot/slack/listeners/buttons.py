"""Buttons: Done on an item card, and the choices the bot offers (which person, which date, confirm)."""

from __future__ import annotations

import json
import re
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.core.items.service import RERUN, ActionService
from bot.core.kernel.documents import line, message
from bot.core.kernel.model import Caller
from bot.slack.blocks import render
from bot.slack.listeners.common import REPLY_KEY, deliver, run
from bot.slack.sender import SlackSender

ACTIONS = ("item_done", RERUN)
DONE = message("Done.", line("Done."))


def caller_of(body: dict[str, Any]) -> Caller:
    channel = body.get("channel") or {}
    return Caller(
        team_id=(body.get("team") or {}).get("id") or body["user"].get("team_id", ""),
        channel_id=channel.get("id") or (body.get("container") or {}).get("channel_id", ""),
        user_id=body["user"]["id"],
        channel_name=channel.get("name", ""),
    )


def register(app: App, actions: ActionService, sender: SlackSender) -> None:
    def done(ack: Ack, body: dict[str, Any], action: dict[str, Any], context: BoltContext) -> None:
        ack()
        caller = caller_of(body)
        try:
            item_id = int(action["value"])
        except (KeyError, ValueError):
            context[REPLY_KEY] = run(context, lambda: message("That button is broken.", line("That button is broken.")))
            return
        context[REPLY_KEY] = run(context, lambda: actions.complete_by_id(caller, item_id))

    def rerun(ack: Ack, body: dict[str, Any], action: dict[str, Any], context: BoltContext) -> None:
        ack()
        caller = caller_of(body)
        try:
            choice = json.loads(action["value"])
            text, past_ok = str(choice["text"]), bool(choice.get("past_ok"))
        except (KeyError, ValueError, TypeError):
            context[REPLY_KEY] = run(context, lambda: message("That button is broken.", line("That button is broken.")))
            return
        # the answer replaces the question, so the question's buttons can't be clicked twice
        context[REPLY_KEY] = run(context, lambda: actions.handle(caller, text, past_ok=past_ok)) or render(DONE)

    def send(context: BoltContext, respond: Respond) -> None:
        deliver(context, respond, sender)

    def send_replacing(context: BoltContext, respond: Respond) -> None:
        deliver(context, respond, sender, replace=True)

    app.action("item_done")(ack=done, lazy=[send])
    app.action(re.compile(f"^{RERUN}"))(ack=rerun, lazy=[send_replacing])
