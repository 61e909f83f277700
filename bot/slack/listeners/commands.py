"""Slash commands: each acks with the asker's reply and sends what it caused after the ack."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.core.services import CommandHandler, Services
from bot.slack.inbound import Names, command_caller, decode
from bot.slack.listeners.common import ack_with, deliver, run
from bot.slack.sender import SlackSender


def register(app: App, services: Services, sender: SlackSender, names: Names) -> None:
    def send(context: BoltContext, respond: Respond) -> None:
        deliver(context, respond, sender)

    for name, handler in services.commands.items():
        app.command(name)(ack=_acker(handler, names), lazy=[send])


def _acker(handler: CommandHandler, names: Names) -> Any:
    def ack_command(ack: Ack, command: dict[str, Any], context: BoltContext) -> None:
        caller = command_caller(command)
        said = decode(command.get("text", ""), lambda user: names(caller.team_id, user))
        ack_with(ack, context, run(context, lambda: handler(caller, said)))

    return ack_command
