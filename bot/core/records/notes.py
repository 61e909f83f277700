"""What a reader makes of one document, whatever its format: one neutral value, `Notes`.

Readers keep what the document says as written (an action line's text, a speaker's name as typed); turning it into
the record (owners matched to members, dates read, fingerprints) is `plan`'s work, the same for every format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

FORMATS = ("wiki", "markdown", "meetbot", "w3c", "json")  # the formats one can ask for by name


@dataclass(frozen=True)
class ActionLine:
    """An action item as the minutes wrote it, with what the format itself says about it."""

    text: str  # the line as written, markers such as "ACTION:" or "- [ ]" taken off
    owners: tuple[str, ...] = ()  # owners the format names structurally (a Confluence user link): they win
    mentioned: tuple[str, ...] = ()  # people the line names by nick (MeetBot's rule): owners only if reading finds none
    due: dt.date | None = None  # a due date the format gives (Confluence `<time datetime>`, "due 27 Jul 2022")
    done: bool = False  # `[x]`, Confluence `complete`
    day_first: bool | None = None  # the format's own date order (the wiki's `//dd-mm-yyyy`); None: the committee's


@dataclass(frozen=True)
class UpdateLine:
    """A project update: `DCAP` — `Leonardo: We are able to run QEMU …`."""

    project: str
    text: str
    author: str | None = None  # the speaker as written; None when the line names nobody


@dataclass(frozen=True)
class EventLine:
    """An event line (`FOSDEM 2024: February 3-4, 2024, Brussels, Belgium`) and the note below it."""

    line: str
    note: str = ""


@dataclass(frozen=True)
class Skipped:
    """A line that makes no record, and why (shown to whoever imports, so nothing is dropped silently)."""

    line: str
    why: str


@dataclass(frozen=True)
class Notes:
    """One meeting's notes, read from a document."""

    format: str  # wiki, markdown, meetbot, w3c
    title: str = ""
    date: dt.date | None = None  # the meeting's day, when the document says it
    time: dt.time | None = None  # when it started, when the document says (MeetBot: "at 12:02:26 UTC")
    zone: str | None = None  # the zone of `time` ("UTC"); None: the committee's
    attendees: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    minutes: tuple[str, ...] = ()  # the notes' text, line by line, as minutes
    actions: tuple[ActionLine, ...] = ()
    decisions: tuple[str, ...] = ()
    updates: tuple[UpdateLine, ...] = ()
    events: tuple[EventLine, ...] = ()
    next_meeting: dt.date | None = None
    skipped: tuple[Skipped, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        """Nothing to record: no item, decision, update, event, next meeting, attendee or topic."""
        return not (
            self.actions
            or self.decisions
            or self.updates
            or self.events
            or self.next_meeting
            or self.attendees
            or self.topics
        )

    def dated(self, day: dt.date | None) -> Notes:
        return self if day is None else replace(self, date=day)


def unique(values: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The values in order, each once (case and spacing aside), blanks left out."""
    seen: dict[str, str] = {}
    for value in values:
        cleaned = " ".join(value.split())
        if cleaned:
            seen.setdefault(cleaned.casefold(), cleaned)
    return tuple(seen.values())
