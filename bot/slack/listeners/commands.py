"""Slash commands: each acks with the asker's reply and sends what it caused after the ack.

A command is run once per Slack `trigger_id`: the same signed request sent again (a replay inside the signing
window, or two copies at once) is answered kindly and records nothing. The ids are checked here, at the edge,
before the core is called; the core never sees them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.core.kernel.documents import Doc, say
from bot.core.services import CommandHandler, Services
from bot.slack.channels import INVITE
from bot.slack.inbound import Names, command_caller, decode
from bot.slack.listeners.common import ack_with, deliver, run
from bot.slack.sender import SlackSender

FirstTrigger = Callable[[str, str], bool]  # (team id, trigger id) -> True the first time only, remembering it
CanPost = Callable[[str, str], bool]  # (team id, channel id) -> whether the bot can post there
ALREADY = say("✓ I already received this command (Slack delivered it twice); nothing more was recorded.")


def register(
    app: App,
    services: Services,
    sender: SlackSender,
    names: Names,
    first_trigger: FirstTrigger | None = None,
    can_post: CanPost | None = None,
) -> None:
    def send(context: BoltContext, respond: Respond) -> None:
        deliver(context, respond, sender)

    for name, handler in services.commands.items():
        app.command(name)(ack=_acker(handler, names, first_trigger, can_post), lazy=[send])


def _acker(handler: CommandHandler, names: Names, first_trigger: FirstTrigger | None, can_post: CanPost | None) -> Any:
    def ack_command(ack: Ack, command: dict[str, Any], context: BoltContext) -> None:
        caller = command_caller(command)
        said = decode(command.get("text", ""), lambda user: names(caller.team_id, user))
        trigger = str(command.get("trigger_id") or "")

        def once() -> Doc | None:
            if can_post is not None and not can_post(caller.team_id, caller.channel_id):
                return say(INVITE)  # its card could never be posted: record none of it
            if first_trigger is not None and trigger and not first_trigger(caller.team_id, trigger):
                return ALREADY
            return handler(caller, said)

        ack_with(ack, context, run(context, once))

    return ack_command
