"""The message shortcut **Import into Steerbot**: the notes pasted into a message, or the .txt, .md or .html file
attached to it, previewed to that person alone with **Record** and **Cancel** (bot/core/records/previews.py). Minutes
that do not say when their meeting was ask for the day first, in a modal with a date picker.

Each listener acks at once and does the rest after the ack: downloading a file and reading long minutes may take
longer than Slack's 3 seconds. Every answer goes only to the person: through the response_url Slack sent with what
they did, else in their direct message with the bot."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.core.kernel.boundary import Caller
from bot.core.kernel.documents import Button, Doc, Section, line, say
from bot.core.records.previews import CANCEL, RECORD, DateWanted, ImportPreviews
from bot.slack import blocks
from bot.slack.channels import INVITE
from bot.slack.files import IMPORTABLE, Unfetchable, fetch
from bot.slack.inbound import Names, click_caller, decode
from bot.slack.listeners.commands import CanPost
from bot.slack.listeners.common import OUTCOME_KEY
from bot.slack.listeners.later import Asker, safely
from bot.slack.workspaces import Clients, Workspaces

log = logging.getLogger(__name__)

SHORTCUT = "import_notes"  # the manifest's callback_id of the message shortcut
DATE_BUTTON = "import_date"  # "Give the date": opens the modal when it could not be opened at once
MODAL = "import_meeting_date"  # callback id of the date modal
BLOCK, FIELD = "meeting", "day"
SHOWN_SOURCE = 300  # characters of a file's name shown in the modal
NOTHING = say(
    "That message holds no text and no file, so there is nothing to import. Use “Import into Steerbot” on a message "
    "with the meeting notes pasted into it, or with the notes attached as a .txt, .md or .html file."
)


def register(
    app: App, previews: ImportPreviews, workspaces: Workspaces, names: Names, can_post: CanPost | None = None
) -> None:
    def asker(body: dict[str, Any], response_url: str | None) -> tuple[Caller, Asker, Clients | None]:
        caller = click_caller(body)  # a message shortcut names its person and channel as a click does
        clients = workspaces.clients(caller.team_id)
        return caller, Asker(caller.user_id, response_url, clients.web if clients else None), clients

    def acked(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        ack()
        context[OUTCOME_KEY] = "import: answered after the ack"

    def shortcut(body: dict[str, Any]) -> None:
        caller, person, clients = asker(body, body.get("response_url"))
        answer = safely("an import preview", lambda: preview(body, caller, clients))
        show(person, answer, body.get("trigger_id"), clients)

    def preview(body: dict[str, Any], caller: Caller, clients: Clients | None) -> Doc | DateWanted:
        if clients is None or (can_post is not None and not can_post(caller.team_id, caller.channel_id)):
            return say(INVITE)  # a committee the bot cannot post to could never be used
        message = body.get("message") or {}
        attached = message.get("files") or []
        if attached:
            chosen = next((f for f in attached if str(f.get("name", "")).lower().endswith(IMPORTABLE)), attached[0])
            try:
                fetched = fetch(clients.web, str(chosen.get("id")))
            except Unfetchable as why:
                return say(str(why))
            return previews.preview(caller, fetched.data, source=fetched.name)
        text = decode(message.get("text") or "", lambda user: names(caller.team_id, user)).text
        if not text.strip():
            return NOTHING
        return previews.preview(caller, text.encode(), source=_source(caller))

    def date_button(body: dict[str, Any], action: dict[str, Any]) -> None:
        _, person, clients = asker(body, body.get("response_url"))
        modal = date_modal(str(action.get("value") or ""), None, person.response_url)
        if not _open(clients, body.get("trigger_id"), modal):
            person.tell(say("Slack would not open the date picker just now; please press the button again."))

    def submit(ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
        if blocks.picked_date(view, (BLOCK, FIELD)) is None:
            ack(response_action="errors", errors={BLOCK: "Pick the day the meeting was held."})
            return
        ack()
        context[OUTCOME_KEY] = "import: date given"

    def dated(body: dict[str, Any], view: dict[str, Any]) -> None:
        meta = json.loads(view.get("private_metadata") or "{}")
        caller, person, clients = asker(body, meta.get("reply"))
        day = blocks.picked_date(view, (BLOCK, FIELD))
        assert day is not None  # the ack refused a submission without one
        answer = safely("an import preview", lambda: previews.dated(caller, str(meta.get("key", "")), day))
        show(person, answer, body.get("trigger_id"), clients)

    def record(body: dict[str, Any], action: dict[str, Any]) -> None:
        caller, person, _ = asker(body, body.get("response_url"))
        answer = safely("an import", lambda: previews.record(caller, str(action.get("value") or "")))
        person.tell(answer, replace=True)  # the preview becomes what was recorded (or why nothing was)

    def cancel(body: dict[str, Any], action: dict[str, Any]) -> None:
        caller, person, _ = asker(body, body.get("response_url"))
        safely("cancelling an import", lambda: previews.cancel(caller, str(action.get("value") or "")))
        person.remove()  # the preview goes either way: nothing is recorded without it

    app.message_shortcut(SHORTCUT)(ack=acked, lazy=[shortcut])
    app.action(DATE_BUTTON)(ack=acked, lazy=[date_button])
    app.view(MODAL)(ack=submit, lazy=[dated])
    app.action(RECORD)(ack=acked, lazy=[record])
    app.action(CANCEL)(ack=acked, lazy=[cancel])


def show(person: Asker, answer: Doc | DateWanted, trigger_id: str | None, clients: Clients | None) -> None:
    """The answer to the person; the question of the date as a modal at once, else as a message with a button that
    opens it (Slack lets a trigger open a modal for 3 seconds only, and a download may take longer)."""
    if not isinstance(answer, DateWanted):
        person.tell(answer)
    elif not _open(clients, trigger_id, date_modal(answer.key, answer.source, person.response_url)):
        asked = f"“{answer.source}” does not say when its meeting was. Give the date, and I'll show what I'd record."
        buttons = (Button(label="Give the date", action_id=DATE_BUTTON, value=answer.key, style="primary"),)
        person.tell(Doc(summary=asked, sections=(Section(lines=(line(asked),), buttons=buttons),)))


def date_modal(key: str, source: str | None, reply: str | None) -> dict[str, Any]:
    """A date picker for the meeting's day of the document kept under `key` (named `source`, when known); the key
    and where to answer travel in private_metadata."""
    if source is None:
        asked = "The notes do not say when their meeting was. When was it?"
    else:
        shown = source if len(source) <= SHOWN_SOURCE else source[: SHOWN_SOURCE - 1] + "…"
        asked = f"“{shown}” does not say when its meeting was. When was it?"
    return blocks.date_modal(
        callback_id=MODAL,
        title="Import into Steerbot",
        submit="Preview",
        label="Day of the meeting",
        field=(BLOCK, FIELD),
        metadata=json.dumps({"key": key, "reply": reply}),
        intro=asked,
    )


def _open(clients: Clients | None, trigger_id: str | None, view: dict[str, Any]) -> bool:
    if clients is None or not trigger_id:
        return False
    try:
        clients.quick.views_open(trigger_id=trigger_id, view=view)
    except Exception as error:  # most often an expired trigger: the caller asks with a button instead
        log.info("opening the import date modal failed: %s", error)
        return False
    return True


def _source(caller: Caller) -> str:
    """What pasted notes are called in the preview and in the imported records' history. No date: a reader takes
    one from a document's name, and the day notes were pasted is seldom the day of their meeting."""
    return f"notes pasted in #{caller.channel_name}" if caller.channel_name else "pasted notes"
