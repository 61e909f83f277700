"""What an import recorded (or, in a dry run, would record): one value, shown as the `--json` object of
`steerbot import` and as a preview document (counts and each record) for Slack's Record / Cancel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.core.kernel.documents import Button, Doc, Inline, Section, Strong, line
from bot.core.kernel.zones import show_date
from bot.core.records.notes import Skipped

SHOWN = 30  # records of one kind shown in a preview; the rest are counted (Slack's limits)
TEXT = 300  # characters of one record shown in a preview


@dataclass(frozen=True)
class NewMeeting:
    date: date
    attendees: tuple[str, ...]
    topics: tuple[str, ...]


@dataclass(frozen=True)
class NewItem:
    owners: tuple[str, ...]
    task: str
    due: date | None
    status: str  # open, done, cancelled
    number: int = 0  # the number it has (or would have) in the committee


@dataclass(frozen=True)
class NewUpdate:
    project: str
    text: str
    author: str


@dataclass(frozen=True)
class NewEvent:
    name: str
    start: date
    end: date
    place: str


@dataclass(frozen=True)
class Imported:
    """What was (or would be) recorded new, what was already there, and what could not be read."""

    source: str
    format: str
    dry_run: bool
    meetings: tuple[NewMeeting, ...] = ()
    items: tuple[NewItem, ...] = ()
    decisions: tuple[str, ...] = ()
    updates: tuple[NewUpdate, ...] = ()
    events: tuple[NewEvent, ...] = ()
    next_meeting: date | None = None
    unchanged: int = 0
    skipped: tuple[Skipped, ...] = ()
    notes: tuple[str, ...] = ()  # what the importer should check: names that fit several members, numbers taken

    @property
    def recorded(self) -> int:
        """How many records are new."""
        return (
            len(self.meetings)
            + len(self.items)
            + len(self.decisions)
            + len(self.updates)
            + len(self.events)
            + (self.next_meeting is not None)
        )

    def as_json(self) -> dict[str, Any]:
        """The `steerbot import --json` object."""
        return {
            "meetings": [
                {"date": m.date.isoformat(), "attendees": list(m.attendees), "topics": list(m.topics)}
                for m in self.meetings
            ],
            "items": [
                {"owners": list(i.owners), "task": i.task, "due": _iso(i.due), "status": i.status} for i in self.items
            ],
            "decisions": [{"text": d} for d in self.decisions],
            "updates": [{"project": u.project, "text": u.text, "author": u.author} for u in self.updates],
            "events": [
                {"name": e.name, "start": e.start.isoformat(), "end": e.end.isoformat(), "place": e.place}
                for e in self.events
            ],
            "next_meeting": _iso(self.next_meeting),
            "unchanged": self.unchanged,
            "skipped": [{"line": s.line, "why": s.why} for s in self.skipped],
        }

    def summary(self) -> str:
        verb = "Would record" if self.dry_run else "Recorded"
        parts = [
            _count(len(self.meetings), "meeting"),
            _count(len(self.items), "action item"),
            _count(len(self.decisions), "decision"),
            _count(len(self.updates), "project update"),
            _count(len(self.events), "event"),
            "the next meeting" if self.next_meeting else "",
        ]
        said = ", ".join(p for p in parts if p) or "nothing new"
        tail = f"; {self.unchanged} already in the record" if self.unchanged else ""
        unread = f"; {_count(len(self.skipped), 'line')} not read" if self.skipped else ""
        return f"{verb} from {self.source}: {said}{tail}{unread}."


def preview(result: Imported, buttons: tuple[Button, ...] = ()) -> Doc:
    """The result as a document: counts first, then each record, then what was not read and why."""
    title = f"{'Import preview' if result.dry_run else 'Imported'}: {result.source} ({result.format})"
    sections = [Section(heading=title, lines=(line(result.summary()),))]
    groups: list[tuple[str, list[tuple[Inline, ...]]]] = [
        ("Meeting", [_meeting(m) for m in result.meetings]),
        ("Action items", [_item(i) for i in result.items]),
        ("Decisions", [line("• ", _clip(d)) for d in result.decisions]),
        ("Project updates", [_update(u) for u in result.updates]),
        ("Events", [_event(e) for e in result.events]),
        ("Next meeting", [line(show_date(result.next_meeting))] if result.next_meeting else []),
        ("Please check", [line("• ", n) for n in result.notes]),
        ("Not read", [line("• ", _clip(s.line), Strong(text=" — "), s.why) for s in result.skipped]),
    ]  # fmt: skip
    for heading, lines in groups:
        if lines:
            more = [line(f"… and {len(lines) - SHOWN} more.")] if len(lines) > SHOWN else []
            sections.append(Section(heading=f"{heading} ({len(lines)})", lines=tuple(lines[:SHOWN] + more)))
    if buttons:
        sections.append(Section(buttons=buttons))
    return Doc(summary=result.summary(), sections=tuple(sections))


def _meeting(meeting: NewMeeting) -> tuple[Inline, ...]:
    who = ", ".join(meeting.attendees) or "no attendees listed"
    topics = f"; {_count(len(meeting.topics), 'topic')}" if meeting.topics else ""
    return line(f"• {show_date(meeting.date)}: {_clip(who)}{topics}")


def _item(item: NewItem) -> tuple[Inline, ...]:
    owners = ", ".join(item.owners) or "unassigned"
    due = f", due {show_date(item.due)}" if item.due else ""
    status = "" if item.status == "open" else f" ({item.status})"
    number = f"#{item.number} " if item.number else ""
    return line("• ", Strong(text=number + owners), ": ", _clip(item.task), due + status)


def _update(update: NewUpdate) -> tuple[Inline, ...]:
    return line("• ", Strong(text=update.project), ": ", _clip(update.text), f" — {update.author}")


def _event(event: NewEvent) -> tuple[Inline, ...]:
    days = show_date(event.start) if event.start == event.end else f"{show_date(event.start)} – {show_date(event.end)}"
    place = f", {event.place}" if event.place else ""
    return line("• ", Strong(text=event.name), f": {days}{place}")


def _clip(text: str) -> str:
    return text if len(text) <= TEXT else text[: TEXT - 1] + "…"


def _count(n: int, what: str) -> str:
    return "" if not n else f"{n} {what}{'s' if n != 1 else ''}"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(frozen=True)
class Refused:
    """Why nothing was imported; `kind` as Unreadable's (the Slack shortcut asks for a date on `no_date`)."""

    why: str
    kind: str
