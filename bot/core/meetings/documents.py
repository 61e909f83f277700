"""The next meeting's agenda and a meeting's minutes as plain documents. Pure functions: the services gather
the record, these lay it out."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.core.events.service import event_line
from bot.core.items import cards
from bot.core.kernel.documents import Channel, Doc, Inline, Link, Mention, Section, Strong, Text, line
from bot.core.kernel.model import Event, Item, Owner
from bot.core.kernel.record import Decision, Meeting, Note, NoteKind, OpenItems, Topic, Update
from bot.core.kernel.zones import show_date, show_time
from bot.core.meetings.schedule import HOW_TO_SCHEDULE

LIMIT = 30  # lines of one group in Slack; the rest are counted
EXPORT_LIMIT = 1000  # lines of one group in a Markdown export
TEXT_IN_LIST = 300  # characters of a decision or update shown in a list line


@dataclass(frozen=True)
class Agenda:
    """What goes on a meeting's agenda, gathered from the record."""

    committee: str
    meeting_at: datetime | None  # None: no meeting scheduled
    last_at: datetime | None  # the previous meeting: "since" for updates, decisions and done items
    today: date  # the viewer's today: what is overdue
    open_items: OpenItems = OpenItems()  # gathered with the same limit the document uses
    done_items: Sequence[Item] = ()
    updates: Sequence[Update] = ()
    topics: Sequence[Topic] = ()
    decisions: Sequence[Decision] = ()
    events: Sequence[Event] = ()
    names: Mapping[str, str] = field(default_factory=dict)  # user id -> name


@dataclass(frozen=True)
class MinutesRecord:
    """What a meeting recorded: its notes in order, the items and decisions they created, who spoke."""

    committee: str
    meeting: Meeting
    notes: Sequence[Note]
    new_items: Sequence[Item]
    open_items: Sequence[Item]  # open when the meeting ended: they carry over to the next agenda
    decisions: Sequence[Decision]
    attendees: Sequence[str]
    today: date
    names: Mapping[str, str] = field(default_factory=dict)


def agenda_doc(agenda: Agenda, tz: ZoneInfo, *, limit: int = LIMIT) -> Doc:
    when = show_time(agenda.meeting_at, tz) if agenda.meeting_at else "no meeting scheduled"
    title = f"Agenda: {agenda.committee}, {when}"
    intro = f"Since the last meeting on {show_time(agenda.last_at, tz)}." if agenda.last_at else "Since the beginning."
    if agenda.meeting_at is None:
        intro = f"No meeting is scheduled. {HOW_TO_SCHEDULE}"
    sections = [
        Section(heading=title, lines=(line(intro),)),
        Section(heading="1. Action items review", lines=_items_review(agenda, tz, limit)),
        Section(heading="2. Project updates", lines=_updates(agenda, tz, limit)),
        Section(heading="3. Topics", lines=_topics(agenda.topics, agenda.names, limit)),
        Section(heading="4. Decisions", lines=_decisions(agenda.decisions, agenda.names, tz, limit)),
        Section(heading="5. Upcoming events", lines=_events(agenda.events, limit)),
        Section(heading="6. Any other business", lines=(line("Anything else?"),)),
    ]
    counts = f"{agenda.open_items.total} open items, {len(agenda.decisions)} decisions"
    return Doc(summary=f"{title} ({counts})", sections=tuple(sections))


def _items_review(agenda: Agenda, tz: ZoneInfo, limit: int) -> tuple[tuple[Inline, ...], ...]:
    found = agenda.open_items
    groups = (
        ("Overdue", found.overdue, found.counts[0]),
        ("Due before the meeting", found.before, found.counts[1]),
        ("Other open items", found.other, found.counts[2]),
        ("Done since the last meeting", agenda.done_items, len(agenda.done_items)),
    )
    lines: list[tuple[Inline, ...]] = []
    for label, items, count in groups:
        if count:
            lines.append(line(Strong(text=f"{label} ({count})")))
            lines += [line("• ", *cards.item_line(i, agenda.today)) for i in items[:limit]]
            lines += _more(count - min(len(items), limit), "`/action list all` shows them all")
    return tuple(lines) or (line("No open items."),)


def _updates(agenda: Agenda, tz: ZoneInfo, limit: int) -> tuple[tuple[Inline, ...], ...]:
    by_project: dict[str, list[Update]] = {}
    for update in agenda.updates:
        by_project.setdefault(update.project.casefold(), []).append(update)
    lines: list[tuple[Inline, ...]] = []
    shown = 0
    for updates in by_project.values():
        lines.append(line(Strong(text=updates[0].project)))
        for update in updates[: max(limit - shown, 0)]:
            when = show_date(update.at.astimezone(tz).date())
            lines.append(line("• ", _clip(update.text), " (", _person(update.author, agenda.names), f", {when})"))
            shown += 1
    lines += _more(len(agenda.updates) - shown, "`/update list` shows them all")
    return tuple(lines) or (line("No updates since the last meeting."),)


def _topics(topics: Sequence[Topic], names: Mapping[str, str], limit: int) -> tuple[tuple[Inline, ...], ...]:
    lines: list[tuple[Inline, ...]] = []
    for n, topic in enumerate(topics[:limit], 1):
        extra: list[Inline] = []
        if topic.owner:
            extra += [cards.owner_part(topic.owner)]
        if topic.minutes:
            extra += [Text(text=f"{topic.minutes} min")]
        tail: list[Inline] = []
        for i, part in enumerate(extra):
            tail += [Text(text=", " if i else " (")] + [part]
        tail += [Text(text=")")] if extra else []
        lines.append(line(f"{n}. ", _clip(topic.title), *tail))
    lines += _more(len(topics) - limit, "")
    return tuple(lines) or (line("No topics yet. Add one: `/agenda add Budget review (Kevin) for 15m`."),)


def _decisions(
    decisions: Sequence[Decision], names: Mapping[str, str], tz: ZoneInfo, limit: int
) -> tuple[tuple[Inline, ...], ...]:
    lines = [decision_line(d, names, tz) for d in decisions[:limit]]
    lines += _more(len(decisions) - limit, "`/decision list` shows them all")
    return tuple(lines) or (line("No decisions since the last meeting."),)


def decision_line(
    decision: Decision, names: Mapping[str, str], tz: ZoneInfo, *, with_meeting: bool = False
) -> tuple[Inline, ...]:
    revoked = " ✖ revoked" if decision.revoked else ""
    when = show_date(decision.recorded_at.astimezone(tz).date())
    meeting = ""
    if with_meeting and decision.meeting_at is not None:
        meeting = f", meeting of {show_date(decision.meeting_at.astimezone(tz).date())}"
    return line(
        "• ", Strong(text=f"#{decision.number}"), " ", _clip(decision.text), f" ({when}, ",
        _person(decision.recorded_by, names), f"{meeting}){revoked}",
    )  # fmt: skip


def _events(events: Sequence[Event], limit: int) -> tuple[tuple[Inline, ...], ...]:
    lines = [line("• ", *event_line(e)) for e in events[:limit]]
    lines += _more(len(events) - limit, "`/event list` shows them all")
    return tuple(lines) or (line("No events in the next 90 days."),)


def minutes_doc(record: MinutesRecord, tz: ZoneInfo, *, limit: int = LIMIT) -> Doc:
    meeting = record.meeting
    title = f"Minutes: {record.committee}, {show_time(meeting.started_at, tz)}"
    ended = f"Ended {show_time(meeting.ended_at, tz)}." if meeting.ended_at else "Still running."
    notes = [n for n in record.notes if not n.undone]
    log: list[tuple[Inline, ...]] = []
    for note in notes:
        if note.kind is NoteKind.TOPIC:
            log.append(line(Strong(text=note.text)))
        elif note.kind is NoteKind.LINK:
            log.append(line("• ", *_link_parts(note.text)))
        else:
            label = {NoteKind.INFO: "", NoteKind.AGREED: "AGREED: ", NoteKind.ACTION: "ACTION: "}[note.kind]
            ref = ""
            if note.item_number is not None:
                ref = f" (#{note.item_number})"
            elif note.decision_number is not None:
                ref = f" (decision #{note.decision_number})"
            log.append(line("• ", label, _clip(note.text), ref, " — ", _person(note.user_id, record.names)))
    attendees: list[Inline] = []
    for i, user_id in enumerate(record.attendees):
        attendees += [Text(text=", ")] * bool(i) + [_person(user_id, record.names)]
    sections = [
        Section(heading=title, lines=(line(ended),)),
        Section(heading="Attendees", lines=(line(*attendees) if attendees else line("Nobody spoke."),)),
        Section(heading="Notes", lines=tuple(log[: limit * 3]) or (line("Nothing was noted."),)),
        Section(heading="Decisions", lines=_decisions(record.decisions, record.names, tz, limit)),
        Section(heading="New action items", lines=_by_owner(record.new_items, record.today, limit)),
        Section(heading="Open action items", lines=_by_owner(record.open_items, record.today, limit)),
    ]
    return Doc(summary=title, sections=tuple(sections))


def _by_owner(items: Sequence[Item], today: date, limit: int) -> tuple[tuple[Inline, ...], ...]:
    if not items:
        return (line("None."),)
    groups: dict[str, tuple[Inline, list[Item]]] = {}
    for item in items:
        for owner in item.owners or [Owner(name="Unassigned", group=True)]:
            key = owner.user_id or "~" + owner.name.casefold()
            label = cards.owner_part(owner) if item.owners else Text(text="Unassigned")
            groups.setdefault(key, (label, []))[1].append(item)
    lines: list[tuple[Inline, ...]] = []
    shown = 0
    for label, group in sorted(groups.values(), key=lambda g: _plain(g[0]).casefold()):
        lines.append(line(Strong(text=_plain(label))))  # a name, not a mention: the minutes ping nobody
        for item in sorted(group, key=lambda i: (i.due or date.max, i.number))[: max(limit * 3 - shown, 0)]:
            lines.append(line("• ", *cards.item_line(item, today, with_owners=False)))
            shown += 1
    lines += _more(sum(len(g[1]) for g in groups.values()) - shown, "`/action list` shows them all")
    return tuple(lines)


def _link_parts(text: str) -> list[Inline]:
    """`#link https://… the slides` -> a link labelled with the words after it."""
    url, _, label = text.partition(" ")
    if re.match(r"https?://\S+$", url):
        return [Link(url=url, label=label.strip() or url)]
    return [Text(text=_clip(text))]


def _person(user_id: str, names: Mapping[str, str]) -> Mention:
    return Mention(user_id=user_id, name=names.get(user_id, user_id))


def _more(hidden: int, hint: str) -> list[tuple[Inline, ...]]:
    if hidden <= 0:
        return []
    return [line(f"… and {hidden} more{'; ' + hint if hint else ''}.")]


def _clip(text: str) -> str:
    return text if len(text) <= TEXT_IN_LIST else text[: TEXT_IN_LIST - 1] + "…"


def _plain(part: Inline) -> str:
    return part.name if isinstance(part, Mention | Channel) else getattr(part, "text", "")
