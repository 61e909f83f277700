"""Slash commands: each acks with the asker's reply and sends what it caused after the ack."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.app import CommandHandler, Services
from bot.core.kernel.model import Caller
from bot.slack.listeners.common import ack_with, deliver, run
from bot.slack.sender import SlackSender


def caller_of(command: dict[str, Any]) -> Caller:
    return Caller(
        team_id=command["team_id"],
        channel_id=command["channel_id"],
        user_id=command["user_id"],
        channel_name=command.get("channel_name", ""),
    )


def register(app: App, services: Services, sender: SlackSender) -> None:
    def send(context: BoltContext, respond: Respond) -> None:
        deliver(context, respond, sender)

    for name, handler in services.commands.items():
        app.command(name)(ack=_acker(handler), lazy=[send])


def _acker(handler: CommandHandler) -> Any:
    def ack_command(ack: Ack, command: dict[str, Any], context: BoltContext) -> None:
        caller = caller_of(command)
        ack_with(ack, context, run(context, lambda: handler(caller, command.get("text", ""))))

    return ack_command
