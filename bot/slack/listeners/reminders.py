"""The reminder DM's buttons (Done, Snooze 1 day, Snooze 1 week) and the Change date modal."""

from __future__ import annotations

import json
import logging
import re
from datetime import date
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.core.kernel.model import Caller, MessageRef
from bot.core.reminders.service import CHANGE_DATE, DONE, SNOOZE_DAY, SNOOZE_WEEK, ReminderService
from bot.slack.listeners.common import OUTCOME_KEY, run, send_outbox
from bot.slack.sender import SlackSender

log = logging.getLogger(__name__)

MODAL = "reminder_redate"  # callback id of the Change date modal
BLOCK, FIELD = "due", "date"


def person_of(body: dict[str, Any]) -> Caller:
    """Who clicked; the committee comes from the button's value, not from the DM it was in."""
    user = body["user"]
    return Caller(
        team_id=(body.get("team") or {}).get("id") or user.get("team_id", ""), channel_id="", user_id=user["id"]
    )


def dm_of(body: dict[str, Any]) -> MessageRef | None:
    container = body.get("container") or {}
    channel, ts = container.get("channel_id"), container.get("message_ts")
    return MessageRef(channel, ts) if channel and ts else None


def date_modal(value: str, dm: MessageRef | None) -> dict[str, Any]:
    """A date picker; the reminder's button value and the DM to update travel in private_metadata."""
    return {
        "type": "modal",
        "callback_id": MODAL,
        "title": {"type": "plain_text", "text": "Change due date"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": json.dumps({"value": value, "dm": [dm.channel, dm.ts] if dm else None}),
        "blocks": [
            {
                "type": "input",
                "block_id": BLOCK,
                "label": {"type": "plain_text", "text": "New due date"},
                "element": {"type": "datepicker", "action_id": FIELD},
            }
        ],
    }


def register(app: App, reminders: ReminderService, sender: SlackSender) -> None:
    def press(ack: Ack, body: dict[str, Any], action: dict[str, Any], context: BoltContext) -> None:
        ack()
        run(context, lambda: reminders.press(person_of(body), action["action_id"], action["value"], dm_of(body)))

    def open_modal(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        try:
            client.views_open(trigger_id=body["trigger_id"], view=date_modal(action["value"], dm_of(body)))
        except Exception:  # an expired trigger or Slack down: the click does nothing, the log says why
            log.exception("opening the Change date modal failed")

    def submit(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
        try:
            meta = json.loads(view.get("private_metadata") or "{}")
            picked = (((view.get("state") or {}).get("values") or {}).get(BLOCK) or {}).get(FIELD) or {}
            due = date.fromisoformat(picked["selected_date"]) if picked.get("selected_date") else None
            dm = MessageRef(*meta["dm"]) if meta.get("dm") else None
            error, _ = reminders.change_date(person_of(body), meta.get("value", ""), due, dm)
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

    buttons = "|".join(re.escape(a) for a in (DONE, SNOOZE_DAY, SNOOZE_WEEK))
    app.action(re.compile(f"^({buttons})$"))(ack=press, lazy=[send])
    app.action(CHANGE_DATE)(open_modal)
    app.view(MODAL)(ack=submit, lazy=[send])
