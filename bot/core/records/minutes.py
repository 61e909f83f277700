"""An imported meeting's minutes, as a document: kept as Markdown with the meeting (like live capture's minutes), so
`/meeting minutes <date>` and the exports show them. Every line of the notes is kept as written (escaped by
kernel.markdown, so nothing in them becomes markup)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.core.kernel.documents import Doc, Inline, Section, line
from bot.core.kernel.zones import show_date
from bot.core.records.notes import Notes

MAX_LINES = 5000  # lines of notes kept in one meeting's minutes


def imported_minutes(committee: str, notes: Notes, source: str, tz: ZoneInfo) -> Doc:
    assert notes.date is not None
    title = f"Minutes: {committee}, {show_date(notes.date)}"
    about = f"Imported from {source} ({notes.format})" + (f": {notes.title}" if notes.title else "") + "."
    sections = [
        Section(heading=title, lines=(line(about),)),
        Section(heading="Attendees", lines=(line(", ".join(notes.attendees) or "None listed."),)),
    ]
    if notes.topics:
        sections.append(Section(heading="Topics", lines=tuple(line("• ", t) for t in notes.topics)))
    text: list[tuple[Inline, ...]] = [line(row) for row in notes.minutes[:MAX_LINES]]
    if len(notes.minutes) > MAX_LINES:
        text.append(line(f"… and {len(notes.minutes) - MAX_LINES} more lines."))
    sections.append(Section(heading="Notes", lines=tuple(text) or (line("No notes."),)))
    if notes.decisions:
        sections.append(Section(heading="Decisions", lines=tuple(line("• ", d) for d in notes.decisions)))
    if notes.actions:
        sections.append(Section(heading="Action items", lines=tuple(line("• ", a.text) for a in notes.actions)))
    return Doc(summary=title, sections=tuple(sections))
