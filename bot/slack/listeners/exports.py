"""`/committee export md|csv|json|ics`: acknowledged at once, then the file is made and uploaded into the asker's
direct message with the bot, with the workspace's own token (files upload v2). Every other `/committee`, a missing
or unknown format included, goes to the core's handler (bot/slack/listeners/commands.py), which answers with usage.

An export changes nothing, so unlike the commands that record it is not run once per trigger id: a replayed
request would at worst send the same file again."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.core.committees.grammar import ExportRecord, parse_committee_command
from bot.core.kernel.documents import Doc, say
from bot.core.records.exports import FORMATS, Exports
from bot.slack.blocks import render
from bot.slack.files import send_file
from bot.slack.inbound import command_caller, decode
from bot.slack.listeners.common import OUTCOME_KEY
from bot.slack.listeners.later import Asker, safely
from bot.slack.workspaces import Workspaces

log = logging.getLogger(__name__)

COMMENT = "Here is the export you asked for with `/committee export`."  # the DM's words above the file
NOTHING_YET = say(
    "This committee has nothing recorded yet (no action items, decisions, updates, meetings or events), so there is "
    "nothing to export. Try again once it has a record."
)
NOT_SENT = say(
    "⚠️ I made the export but Slack would not take the file, so it was not sent. Please try again in a minute."
)


def wanted(command: dict[str, Any]) -> str | None:
    """The format asked for by `/committee export FORMAT`; None for any other `/committee`."""
    if command.get("command") != "/committee":
        return None
    match parse_committee_command(decode(command.get("text", "")).text):
        case ExportRecord(format=str(format)):
            return format
        case _:
            return None


def register(app: App, exports: Exports, workspaces: Workspaces) -> None:
    def ack_export(ack: Ack, command: dict[str, Any], context: BoltContext) -> None:
        format = wanted(command)
        assert format is not None  # the matcher lets only exports through
        making = say(f"Making this committee's {FORMATS[format].title}; I'll send it to you in a direct message.")
        ack(response_type="ephemeral", **render(making)[0])
        context[OUTCOME_KEY] = f"export {format}: sent after the ack"

    def upload(command: dict[str, Any]) -> None:
        caller = command_caller(command)
        format = wanted(command)
        assert format is not None
        clients = workspaces.clients(caller.team_id)
        person = Asker(caller.user_id, command.get("response_url"), clients.web if clients else None)
        made = safely("an export", lambda: exports.file(caller.scope, format))
        if isinstance(made, Doc):  # it failed: the kind message says so
            person.tell(made)
        elif made is None:
            person.tell(NOTHING_YET)
        elif clients is not None:  # None: the workspace uninstalled the app meanwhile, and nothing can be sent
            try:
                send_file(clients.web, caller.user_id, made, COMMENT)
            except Exception:
                log.exception("uploading the %s export of %s to %s failed", format, caller.channel_id, caller.user_id)
                person.tell(NOT_SENT)
            else:
                log.info("sent %s (%d bytes) to %s", made.name, len(made.content), caller.user_id)

    app.command("/committee", matchers=[lambda command: wanted(command) is not None])(ack=ack_export, lazy=[upload])
