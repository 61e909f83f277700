"""The record in and out, as the edges call it: `steerbot import` / the Slack shortcut **Import into Steerbot**
(`import_document`), `steerbot export` / `/committee export` (`export`, and `json_text`, `csv_tables`, `md_page`).

One import is one transaction: everything it records is committed together, or (a dry run, a failure) nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import ValidationError

from bot.core.kernel.boundary import Caller, Scope
from bot.core.kernel.context import Context
from bot.core.kernel.ports import UnitOfWork
from bot.core.kernel.zones import out_of_reach
from bot.core.records import document as files
from bot.core.records.document import Unreadable
from bot.core.records.importing import record_notes
from bot.core.records.notes import Notes
from bot.core.records.page import markdown_page
from bot.core.records.restoring import restore
from bot.core.records.result import Imported, Refused
from bot.core.records.snapshot import Export, export
from bot.core.records.tables import csv_tables, csv_zip

log = logging.getLogger(__name__)
IMPORTER = "steerbot-import"  # who an import is recorded as when its committee has no admin to stand for it


class RecordsService:
    def __init__(self, uow: Callable[[], UnitOfWork], context: Context) -> None:
        self._uow = uow
        self._ctx = context

    # -- in ---------------------------------------------------------------------------------------------------

    def read(
        self, data: bytes, *, source: str, format: str = "auto", meeting_day: date | None = None
    ) -> Notes | Export:
        """The document, read (no database): Notes, or a Steerbot export. Raises Unreadable."""
        text = files.decode(data)
        chosen = files.choose_format(text, source, format)
        if chosen == "json":
            try:
                return Export.model_validate(files.load_json(text))
            except ValidationError as error:
                first = error.errors()[0]
                where = ".".join(str(p) for p in first["loc"])
                raise Unreadable("invalid", f"That Steerbot export does not read: {where}: {first['msg']}.") from None
        if len(data) > files.MAX_NOTES_BYTES:
            limit = files.size(files.MAX_NOTES_BYTES)
            raise Unreadable("too_big", f"Those minutes are {files.size(len(data))}; I import minutes up to {limit}.")
        return files.read_notes(text, format=chosen, name=source, day=meeting_day)

    def import_document(
        self,
        caller: Caller,
        data: bytes,
        *,
        source: str,
        format: str = "auto",
        meeting_day: date | None = None,
        dry_run: bool = False,
    ) -> Imported | Refused:
        """Imports a file into the caller's committee, as the caller: what was (or, with `dry_run`, would be)
        recorded; or why nothing was. `meeting_day` is the meeting's date when the document gives none."""
        try:
            found = self.read(data, source=source, format=format, meeting_day=meeting_day)
            if isinstance(found, Notes):
                found = _dated(found, meeting_day, source)
        except Unreadable as error:
            return Refused(str(error), error.kind)
        with self._uow() as uow:
            fresh = uow.committees.find(caller.scope) is None
            committee = self._ctx.committee(uow, caller)
            uow.committees.lock(committee)  # two imports at once: the second sees what the first recorded
            if isinstance(found, Notes):
                result = record_notes(uow, self._ctx, committee, caller.user_id, found, source=source, dry_run=dry_run)
            else:
                result = restore(uow, self._ctx, committee, caller.user_id, found, source=source, fresh=fresh,
                                 dry_run=dry_run)  # fmt: skip
            if not dry_run:
                uow.commit()
        log.info("import of %s into %s: %s", source, committee.channel_id, result.summary())
        return result

    def scope_of(self, channel: str | None, data: bytes | None = None) -> Scope | str:
        """The committee a command-line import or export is for: the channel (id or name) among the committees
        there are, else the only one; for a Steerbot export into a database without its committee, the export's
        own. Or why none can be chosen."""
        with self._uow() as uow:
            everyone = [c for c, _ in uow.events.schedules()]
        wanted = (channel or "").lstrip("#").lower()
        chosen = [c for c in everyone if wanted in (c.channel_id.lower(), c.name.lower())] if wanted else everyone
        if len(chosen) == 1:
            return Scope(chosen[0].team_id, chosen[0].channel_id)
        own = _export_scope(data)
        if own is not None and (not wanted or wanted in (own.channel_id.lower(),)):
            return own
        if not everyone:
            return "No committee has used the bot yet. Import a Steerbot export, or use the bot in a channel first."
        known = ", ".join(f"#{c.name} ({c.channel_id})" for c in everyone)
        which = f"No committee is “{channel}”." if channel else "There are several committees."
        return f"{which} Say which with --committee CHANNEL: {known}"

    def importer(self, scope: Scope, data: bytes | None = None) -> str:
        """Who a command-line import is recorded as: the committee's first admin (reminded of the items whose owners
        are outside Slack), or for a Steerbot export into a database without its committee, the export's."""
        with self._uow() as uow:
            committee = uow.committees.find(scope)
        admins = (
            sorted(committee.admins)
            if committee
            else [str(a) for a in (_exported_committee(data) or {}).get("admins") or ()]
        )
        return admins[0] if admins else IMPORTER

    # -- out --------------------------------------------------------------------------------------------------

    def export(self, scope: Scope) -> Export | None:
        """The committee's whole record (None: no committee there)."""
        with self._uow() as uow:
            committee = uow.committees.find(scope)
            return None if committee is None else export(uow, self._ctx, committee)

    def json_text(self, scope: Scope) -> str | None:
        found = self.export(scope)
        return None if found is None else found.text()

    def csv_tables(self, scope: Scope) -> dict[str, bytes] | None:
        """`items.csv`, `decisions.csv`, `events.csv`, `updates.csv`, `meetings.csv` (csv_zip makes one file)."""
        found = self.export(scope)
        return None if found is None else csv_tables(found)

    def csv_zip(self, scope: Scope) -> bytes | None:
        tables = self.csv_tables(scope)
        return None if tables is None else csv_zip(tables)

    def md_page(self, scope: Scope) -> str | None:
        found = self.export(scope)
        return None if found is None else markdown_page(found)


def _dated(notes: Notes, day: date | None, source: str) -> Notes:
    """The notes with their meeting's day: the document's own, else the one given; Unreadable when there is
    nothing to record or no day at all."""
    if notes.empty:
        raise Unreadable(
            "nothing",
            f"I found nothing to record in {source}: no action items, decisions, project updates, events, attendees "
            "or topics. Is it meeting notes? Give its format with --format if I guessed wrong.",
        )
    dated = notes if notes.date else notes.dated(day)
    if dated.date is None:
        raise Unreadable(
            "no_date",
            f"I couldn't find the meeting's date in {source}. Give it: --date YYYY-MM-DD (in Slack, the date field).",
        )
    if far := out_of_reach(dated.date):
        raise Unreadable("date", far)
    return dated


def _export_scope(data: bytes | None) -> Scope | None:
    committee = _exported_committee(data)
    try:
        return None if committee is None else Scope(str(committee["team_id"]), str(committee["channel_id"]))
    except KeyError:
        return None


def _exported_committee(data: bytes | None) -> dict[str, Any] | None:
    """The committee part of a Steerbot export, unchecked (None for anything else)."""
    if not data:
        return None
    try:
        committee = files.load_json(files.decode(data))["committee"]
    except (Unreadable, KeyError, TypeError):
        return None
    return committee if isinstance(committee, dict) else None
