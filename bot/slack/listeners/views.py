"""The reminder DM's Change date button opens a date picker (a modal); submitting it re-dates the item."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.core.kernel.model import MessageRef
from bot.core.reminders.dm import CHANGE_DATE
from bot.core.reminders.service import ReminderService
from bot.slack import blocks
from bot.slack.inbound import click_caller
from bot.slack.listeners.buttons import message_of
from bot.slack.listeners.common import OUTCOME_KEY, send_outbox
from bot.slack.sender import SlackSender

log = logging.getLogger(__name__)

MODAL = "reminder_redate"  # callback id of the Change date modal
BLOCK, FIELD = "due", "date"


def date_modal(value: str, dm: MessageRef | None) -> dict[str, Any]:
    """A date picker; the reminder's button value and the DM to update travel in private_metadata."""
    return blocks.date_modal(
        callback_id=MODAL,
        title="Change due date",
        submit="Save",
        label="New due date",
        field=(BLOCK, FIELD),
        metadata=json.dumps({"value": value, "dm": [dm.channel, dm.ts] if dm else None}),
    )


def register(app: App, reminders: ReminderService, sender: SlackSender) -> None:
    def open_modal(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        try:
            client.views_open(trigger_id=body["trigger_id"], view=date_modal(action["value"], message_of(body)))
        except Exception:  # an expired trigger or Slack down: the click does nothing, the log says why
            log.exception("opening the Change date modal failed")

    def submit(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
        try:
            meta = json.loads(view.get("private_metadata") or "{}")
            due = blocks.picked_date(view, (BLOCK, FIELD))
            dm = MessageRef(*meta["dm"]) if meta.get("dm") else None
            error, _ = reminders.change_date(click_caller(body), meta.get("value", ""), due, dm)
        except Exception:
            log.exception("change date failed")
            error = "Sorry, something went wrong on my side; please try again in a minute."
        context[OUTCOME_KEY] = error or "date changed"
        if error:
            ack(response_action="errors", errors={BLOCK: error})
        else:
            ack()

    def send() -> None:
        send_outbox(sender)

    app.action(CHANGE_DATE)(open_modal)
    app.view(MODAL)(ack=submit, lazy=[send])
