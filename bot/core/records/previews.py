"""An import in two steps, as the Slack shortcut **Import into Steerbot** runs it: a preview for the importer alone
(a dry run: what would be recorded, and what could not be read) with **Record** and **Cancel**, then the import
itself, in one transaction. A document that gives no meeting date waits for the date first (`DateWanted`).

The document waits on the server meanwhile, in the store of pending questions: a button carries only its key, which
finds nothing for anyone else, nothing once answered, and nothing after KEPT_FOR. A forged, stale or someone else's
button records nothing and says so."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from bot.core.kernel.boundary import Caller
from bot.core.kernel.context import Context
from bot.core.kernel.documents import Button, Doc, say
from bot.core.kernel.ports import UnitOfWork
from bot.core.records import document as files
from bot.core.records.result import Imported, Refused, preview
from bot.core.records.service import RecordsService

RECORD = "import_record"  # action ids of the preview's buttons; their value is the kept document's key
CANCEL = "import_cancel"
KEPT_FOR = timedelta(days=1)  # an older preview is stale: the record may have moved on, so preview it afresh
KIND = "import"  # marks a kept document among the pending questions, which /action's questions share
STALE = say(
    "That import is no longer waiting (it was recorded or cancelled, or its preview is over a day old), so nothing "
    "was recorded. Use “Import into Steerbot” on the message again."
)


@dataclass(frozen=True)
class DateWanted:
    """The document does not say when its meeting was: ask the importer, then call `dated` with the key."""

    key: str
    source: str


class ImportPreviews:
    def __init__(self, uow: Callable[[], UnitOfWork], context: Context, records: RecordsService) -> None:
        self._uow = uow
        self._ctx = context
        self._records = records

    def preview(self, caller: Caller, data: bytes, *, source: str) -> Doc | DateWanted:
        """What importing the document into the caller's committee would record, with Record and Cancel; or why
        nothing can be; or the question of its date."""
        result = self._records.import_document(caller, data, source=source, dry_run=True)
        if isinstance(result, Refused) and result.kind != "no_date":
            return _refused(result)
        kept = {"kind": KIND, "channel": caller.channel_id, "channel_name": caller.channel_name, "source": source}
        return self._answer(caller, {**kept, "text": files.decode(data), "day": None}, result)

    def dated(self, caller: Caller, key: str, day: date) -> Doc | DateWanted:
        """The preview again, now that the importer has said when the meeting was."""
        kept = self._kept(caller, key)
        if kept is None:
            return STALE
        asked_in, payload = kept
        result = self._import(asked_in, payload, day, dry_run=True)
        self._drop(caller, key)  # the preview that follows has a key of its own
        return self._answer(caller, {**payload, "day": day.isoformat()}, result)

    def record(self, caller: Caller, key: str) -> Doc:
        """The import itself, from the kept document, into the committee it was previewed for."""
        kept = self._kept(caller, key)
        if kept is None:
            return STALE
        asked_in, payload = kept
        day = date.fromisoformat(payload["day"]) if payload.get("day") else None
        result = self._import(asked_in, payload, day, dry_run=False)
        self._drop(caller, key)  # a second press finds nothing (and would record nothing new anyway)
        return _refused(result) if isinstance(result, Refused) else preview(result)

    def cancel(self, caller: Caller, key: str) -> None:
        """Forgets the document; a key that finds nothing (forged, stale, another's) changes nothing."""
        self._drop(caller, key)

    def _answer(self, caller: Caller, payload: dict[str, Any], result: Imported | Refused) -> Doc | DateWanted:
        if isinstance(result, Refused):
            return (
                DateWanted(self._keep(caller, payload), payload["source"])
                if result.kind == "no_date"
                else (_refused(result))
            )
        if not result.recorded:  # the same notes again: nothing to press Record for
            return preview(result)
        key = self._keep(caller, payload)
        buttons = (Button(label="Record", action_id=RECORD, value=key, style="primary"),
                   Button(label="Cancel", action_id=CANCEL, value=key))  # fmt: skip
        return preview(result, buttons)

    def _import(
        self, asked_in: Caller, payload: dict[str, Any], day: date | None, *, dry_run: bool
    ) -> Imported | Refused:
        text, source = str(payload["text"]), str(payload["source"])
        return self._records.import_document(asked_in, text.encode(), source=source, meeting_day=day, dry_run=dry_run)

    def _keep(self, caller: Caller, payload: dict[str, Any]) -> str:
        with self._uow() as uow:
            key = uow.choices.keep(caller.team_id, caller.user_id, payload, self._ctx.clock.now())
            uow.commit()
        return key

    def _kept(self, caller: Caller, key: str) -> tuple[Caller, dict[str, Any]] | None:
        """The document kept for this person under `key`, and the committee it is for."""
        with self._uow() as uow:
            payload = uow.choices.get(caller.team_id, caller.user_id, key, since=self._ctx.clock.now() - KEPT_FOR)
        if payload is None or payload.get("kind") != KIND:
            return None
        asked_in = Caller(caller.team_id, str(payload["channel"]), caller.user_id, str(payload["channel_name"]))
        return asked_in, payload

    def _drop(self, caller: Caller, key: str) -> None:
        with self._uow() as uow:
            uow.choices.drop(caller.team_id, caller.user_id, key)
            uow.commit()


def _refused(result: Refused) -> Doc:
    return say(f"{result.why} Nothing was recorded.")
