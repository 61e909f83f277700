"""`/committee export md|csv|json|ics`: a committee's whole record as one file for the person who asked, named
after the committee and the day (`steering-2026-11-30.md`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.core.events.feed import Feeds
from bot.core.kernel.boundary import Scope
from bot.core.kernel.zones import pick_zone
from bot.core.records.page import markdown_page
from bot.core.records.service import RecordsService
from bot.core.records.snapshot import Export
from bot.core.records.tables import csv_tables, csv_zip


@dataclass(frozen=True)
class FileFormat:
    extension: str
    title: str  # what the file is, for its title in Slack


FORMATS = {
    "md": FileFormat("md", "Markdown page"),
    "csv": FileFormat("zip", "CSV tables"),  # five tables: one zip, so that one upload carries them all
    "json": FileFormat("json", "JSON export"),
    "ics": FileFormat("ics", "calendar"),
}
_CONTENT: dict[str, Callable[[Export], bytes]] = {  # ics is the calendar feed's own
    "md": lambda found: markdown_page(found).encode(),
    "csv": lambda found: csv_zip(csv_tables(found)),
    "json": lambda found: found.text().encode(),
}


@dataclass(frozen=True)
class ExportFile:
    name: str  # steering-2026-11-30.md
    title: str
    content: bytes


class Exports:
    def __init__(self, records: RecordsService, feeds: Feeds) -> None:
        self._records = records
        self._feeds = feeds

    def file(self, scope: Scope, format: str) -> ExportFile | None:
        """The committee's record in that format (one of FORMATS); None while it has nothing recorded."""
        found = self._records.export(scope)
        if found is None or _empty(found):
            return None
        content = self._feeds.of(scope) if format == "ics" else _CONTENT[format](found)
        if content is None:  # the committee went in between: there is nothing to send
            return None
        kind = FORMATS[format]
        day = found.exported_at.astimezone(pick_zone(found.committee.timezone)).date()
        name = _slug(found.committee.name)
        return ExportFile(
            f"{name}-{day.isoformat()}.{kind.extension}", f"#{found.committee.name}: {kind.title}", content
        )


def _empty(found: Export) -> bool:
    """Nothing recorded yet: the committee has only its settings (someone looked at them, or set them)."""
    return not (
        found.items
        or found.decisions
        or found.updates
        or found.meetings
        or found.topics
        or found.events
        or found.schedule.rules
    )


def _slug(name: str) -> str:
    """A channel name as the start of a file name: Slack's are lowercase words and dashes already, but a committee
    made in the console or by an import may be called anything (no dots or slashes get through)."""
    return re.sub(r"[^\w-]+", "-", name.lower()).strip("-") or "committee"
