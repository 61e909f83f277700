"""The Markdown export: one wiki page of the committee's record, in the example page's own sections (action items,
project updates, decisions, events), then the meetings with their minutes. It renders cleanly as CommonMark: every
typed word goes through kernel.markdown's escaping (nothing typed becomes a heading, a list, a link or a ping), and
each meeting's minutes, kept as written, sit in a fenced block longer than any run of backticks inside them.

Action items are written the way the wiki page writes them, `@Owner task //dd-mm-yyyy`, with their number and
status in front: `#3 (open) @Leonardo Garcia check Rust with the toolchain team //01-03-2024`.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from bot.core.kernel.documents import Doc, Inline, Mention, Section, Strong, Text, line
from bot.core.kernel.markdown import markdown
from bot.core.kernel.zones import pick_zone, show_date
from bot.core.records.snapshot import DecisionOut, EventOut, Export, ItemOut, MeetingOut

_STATUS_ORDER = {"open": 0, "done": 1, "cancelled": 2}


def markdown_page(document: Export) -> str:
    committee = document.committee
    tz = pick_zone(committee.timezone)
    title = f"Record of #{committee.name}"
    intro = f"Exported {show_date(document.exported_at.astimezone(tz).date())} from Steerbot."
    doc = Doc(
        summary=title,
        sections=(
            Section(heading=title, lines=(line(intro),)),
            Section(heading="Action Items", lines=_items(document) or (line("None."),)),
            Section(heading="Project updates", lines=_updates(document, tz) or (line("None."),)),
            Section(heading="Decisions", lines=tuple(_decision(d, document, tz) for d in document.decisions)
                    or (line("None."),)),
            Section(heading="Events", lines=tuple(_event(e) for e in document.events) or (line("None."),)),
            Section(heading="Meetings", lines=() if document.meetings else (line("None."),)),
        ),
    )  # fmt: skip
    page = markdown(doc)
    for meeting in document.meetings:
        page += "\n" + _meeting(meeting, document, tz)
    return page


def _items(document: Export) -> tuple[tuple[Inline, ...], ...]:
    lines: list[tuple[Inline, ...]] = []
    for item in sorted(document.items, key=lambda i: (_STATUS_ORDER[i.status], i.number)):
        lines.append(line("• ", *_item(item, document)))
    return tuple(lines)


def _item(item: ItemOut, document: Export) -> list[Inline]:
    parts: list[Inline] = [Strong(text=f"#{item.number}"), Text(text=f" ({item.status}) ")]
    for owner in item.owners:
        name = document.members.get(owner.user_id, owner.name) if owner.user_id else owner.name
        parts += [Mention(user_id=owner.user_id or "", name=name), Text(text=" ")]
    parts.append(Text(text=item.task))
    if item.due:
        parts.append(Text(text=f" //{item.due:%d-%m-%Y}"))
    elif item.due_phrase:
        parts.append(Text(text=f" (due: {item.due_phrase})"))
    return parts


def _updates(document: Export, tz: ZoneInfo) -> tuple[tuple[Inline, ...], ...]:
    projects: dict[str, list[tuple[Inline, ...]]] = {}
    names: dict[str, str] = {}
    for update in document.updates:
        key = update.project.casefold()
        names.setdefault(key, update.project)
        when = show_date(update.at.astimezone(tz).date())
        author = document.members.get(update.author, update.author)
        projects.setdefault(key, []).append(line("• ", f"{author}: ", update.text, f" ({when})"))
    lines: list[tuple[Inline, ...]] = []
    for key, found in projects.items():
        lines += [line(Strong(text=names[key])), *found]
    return tuple(lines)


def _decision(decision: DecisionOut, document: Export, tz: ZoneInfo) -> tuple[Inline, ...]:
    when = show_date(decision.recorded_at.astimezone(tz).date())
    who = document.members.get(decision.recorded_by, decision.recorded_by)
    revoked = f", revoked {show_date(decision.revoked_at.astimezone(tz).date())}" if decision.revoked_at else ""
    return line("• ", Strong(text=f"#{decision.number}"), " ", decision.text, f" ({when}, {who}{revoked})")


def _event(event: EventOut) -> tuple[Inline, ...]:
    days = (
        show_date(event.starts)
        if event.starts == event.ends
        else f"{show_date(event.starts)} – {show_date(event.ends)}"
    )
    tail = (f", {event.place}" if event.place else "") + (f" ({event.notes})" if event.notes else "")
    link = f" {event.link}" if event.link else ""
    return line("• ", Strong(text=f"#{event.number}"), f" {event.name}: {days}{tail}{link}")


def _meeting(meeting: MeetingOut, document: Export, tz: ZoneInfo) -> str:
    started = meeting.started_at.astimezone(tz)
    attendees = ", ".join(document.members.get(a, a) for a in meeting.attendees) or "none recorded"
    topics = [n.text for n in meeting.notes if n.kind == "topic" and not n.undone]
    lines = [line(Strong(text=f"{show_date(started.date())} {started:%H:%M}")), line(f"Attendees: {attendees}.")]
    if topics:
        lines.append(line("Topics: ", "; ".join(topics), "."))
    head = markdown(Doc(summary="meeting", sections=(Section(lines=tuple(lines)),)))
    if not meeting.minutes:
        return head
    return head + "\n" + fenced(meeting.minutes)


def fenced(text: str) -> str:
    """The text as a fenced code block that nothing inside can close: the fence is longer than any run of
    backticks in it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text.rstrip()}\n{fence}\n"
