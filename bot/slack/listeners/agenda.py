"""The agenda's "Post to channel" button."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.core.meetings.agenda import POST_BUTTON, AgendaService
from bot.slack.listeners.buttons import caller_of
from bot.slack.listeners.common import REPLY_KEY, deliver, run
from bot.slack.sender import SlackSender


def register(app: App, agendas: AgendaService, sender: SlackSender) -> None:
    def post(ack: Ack, body: dict[str, Any], action: dict[str, Any], context: BoltContext) -> None:
        ack()
        caller = caller_of(body)
        context[REPLY_KEY] = run(context, lambda: agendas.post(caller, str(action.get("value") or "")))

    def send(context: BoltContext, respond: Respond) -> None:
        deliver(context, respond, sender, replace=True)  # the answer replaces the agenda, so it is posted once

    app.action(POST_BUTTON)(ack=post, lazy=[send])
