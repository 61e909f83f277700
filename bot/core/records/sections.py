"""Minutes laid out in sections (a wiki page, Markdown, a Confluence page): blocks in, the parts of `Notes` out.

A reader turns its document into `Block`s (headings and lines, in order); `read_blocks` walks them, keeping which
section it is in, and sorts each line:

* **Action items** (a section named "Action items", "Actions", "Next steps" …): each line is an item; the wiki's
  empty template line `@ name action item here //dd-mm-yyyy` is skipped (what follows it on the same line is read).
  Elsewhere a line is an item only when it is marked as one ("ACTION:", "Action item:", "AI:", "TODO:", `[ ]`).
* **Project updates**: a heading that names a project (its acronym in brackets, "Deploy CCA on Arm Platforms
  (DCAP)", or at most three words) starts that project's updates; `Speaker: text` lines below it are updates with
  the speaker as author, other lines updates with no author. In a flat text page (no heading levels) a title-like
  line followed by a speaker's line is a heading: a project's when it names one, else a topic of its own, which
  ends the updates ("Strategy and direction for 2024"). `Project: text` directly under "Project updates" is an
  update on that project.
* **Decisions**: every line of a "Decisions" section, and anywhere a line that records one (`lines.decision`).
* **Events**: in an "Events" section, a line that reads as an event (`FOSDEM 2024: February 3-4, 2024, Brussels`);
  the one line right below it, when it is not an event itself, is its note ("Confidential Computing dev room.").
* **Attendees** / **Regrets**: names; **Next meeting**: the date it gives (read from the meeting's day).
* Everything is minutes text; pasted table cells and file boxes ("Google drive docs |", "height | 250 |") and
  labels with nothing after them ("Project mailing list:") are skipped, with why.

Topics are the headings that are not one of these sections (projects included).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from bot.core.events.grammar import EventLineError, read_event
from bot.core.language import DateError
from bot.core.records import lines
from bot.core.records.notes import ActionLine, EventLine, Skipped, UpdateLine, unique

TEMPLATE = re.compile(r"^@\s*name\s+action\s+item\s+here\s*//\s*dd-mm-yyyy\s*", re.IGNORECASE)
TEMPLATE_WHY = "the wiki's empty template line (@ name action item here //dd-mm-yyyy)"
_MARKED_ACTION = re.compile(
    r"^(?:\*\*)?(?:ACTION(?:\s+ITEM)?|AI|TODO|TO\s*DO)(?:\*\*)?(?:\s*\([^()]{1,40}\))?\s*[:\-–]\s*\S", re.IGNORECASE
)
_PASTED_TABLE = re.compile(r"(?:^|\s)\|\s*$|^\s*\|")
_EMPTY_LABEL = re.compile(r"^[^:]{1,60}:\s*$")
_EVENT_NOTE_MAX = 300
NESTED = 10  # the level of a list item read as a heading (it has items below it): below every real heading (1-6)
_LISTS = ("events", "actions", "decisions", "attendees", "regrets", "next")  # sections whose items stay lines
_A_DAY = date(2000, 1, 1)  # only to tell whether a line reads as an event; `plan` reads it again with the real day


@dataclass(frozen=True)
class Block:
    """One heading or line of a document, as its reader found it."""

    text: str
    heading: bool = False
    level: int = 0  # the heading's level (1 for `#`); 0 when the format has none
    checked: bool | None = None  # a task-list box: True `[x]`, False `[ ]`, None no box
    table: bool = False  # a row of a real table (Markdown, HTML): read cell by cell
    flat: bool = False  # from a page with no levels (pasted text): it may be a heading all the same
    leads: bool = False  # the next line is a speaker's ("Leonardo: …"): a flat page's heading may be this line
    quiet: bool = False  # minutes text only (a table's header, a ticket box, an item the reader took already)


@dataclass
class Draft:
    """What `read_blocks` found, before the reader adds what its format says elsewhere (the date, say)."""

    attendees: list[str] = field(default_factory=list)
    regrets: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    minutes: list[str] = field(default_factory=list)
    actions: list[ActionLine] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    updates: list[UpdateLine] = field(default_factory=list)
    events: list[EventLine] = field(default_factory=list)
    next_meeting: date | None = None
    date_lines: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


@dataclass
class _Where:
    kind: str | None = None  # the section's kind (lines.section_kind), None: general minutes
    level: int = 0  # its heading's level
    project: str | None = None
    event_open: bool = False  # the last line was an event: the next may be its note


def read_blocks(blocks: list[Block], *, meeting_day: date | None, day_first_actions: bool | None = None) -> Draft:
    draft = Draft()
    where = _Where()
    for block in blocks:
        text = " ".join(block.text.split())
        if not text:
            continue
        draft.minutes.append(text)
        if block.quiet:
            continue
        in_list = block.level >= NESTED and block.level > where.level and where.kind in _LISTS
        if (block.heading and not in_list) or (not block.heading and _flat_heading(block, text, where)):
            _heading(draft, where, block, text)
            continue
        _line(draft, where, block, text, meeting_day, day_first_actions)
    return draft


def attendees_of(draft: Draft) -> tuple[str, ...]:
    """Who attended: the attendee list less regrets; with no list, the people who spoke at least twice or gave an
    update (one line after a name and a colon is too little to tell a speaker from a label: "Kipp: Time resolved
    XEOL")."""
    absent = {r.casefold() for r in draft.regrets}
    if draft.attendees:
        return unique([a for a in draft.attendees if a.casefold() not in absent])
    authors = {u.author.casefold() for u in draft.updates if u.author}
    counts: dict[str, int] = {}
    for name in draft.speakers:
        counts[name.casefold()] = counts.get(name.casefold(), 0) + 1
    return unique([s for s in draft.speakers if counts[s.casefold()] >= 2 or s.casefold() in authors])


def _flat_heading(block: Block, text: str, where: _Where) -> bool:
    """In a flat page, a title-like line is a heading when a speaker's line follows it, or when it names a
    project by its acronym inside the updates."""
    if not block.flat or not lines.title_like(text):
        return False
    if lines.section_kind(text) is not None:
        return True
    in_updates = where.kind == "updates"
    return block.leads or (in_updates and lines.project_name(text) != text.rstrip(":").strip())


def _heading(draft: Draft, where: _Where, block: Block, text: str) -> None:
    where.event_open = False
    if block.level == 1:  # the page's title: no section, no topic
        where.kind, where.level, where.project = None, 1, None
        return
    kind = lines.section_kind(text)
    if kind is not None:
        where.kind, where.level, where.project = kind, block.level, None
        return
    nested = block.level > where.level  # a sub-heading of the section it is in
    if where.kind == "updates" and (nested or (block.flat and lines.names_a_project(text))):
        where.project = lines.project_name(text)
    elif not nested:  # a topic of its own: the section it was in ends
        where.kind, where.level, where.project = None, block.level, None
    draft.topics.append(text.rstrip(":").strip())


def _line(
    draft: Draft, where: _Where, block: Block, text: str, meeting_day: date | None, day_first: bool | None
) -> None:
    if not block.table and _PASTED_TABLE.search(text):
        draft.skipped.append(Skipped(text, "a pasted table cell or file box, not a record"))
        return
    if TEMPLATE.match(text):
        text = TEMPLATE.sub("", text).strip()
        draft.skipped.append(Skipped("@ name action item here //dd-mm-yyyy", TEMPLATE_WHY))
        if not text:
            return
    said = lines.speaker(text)
    event_open, where.event_open = where.event_open, False
    listing = where.kind in ("actions", "decisions")  # "Attendees: update the list" is an item there
    if _labelled(draft, text, meeting_day, ("next", "date") if listing else ("attendees", "regrets", "date", "next")):
        return
    match where.kind:
        case "attendees":
            label, colon, _ = text.partition(":")
            absent = block.checked is False or (colon and lines.section_kind(label) == "regrets")
            (draft.regrets if absent else draft.attendees).extend(lines.people(text))
            return
        case "regrets":
            draft.regrets += lines.people(text)
            return
        case "date":
            draft.date_lines.append(text)
            return
        case "actions":
            _action(draft, block, text, day_first)
            return
        case "next":
            draft.next_meeting = draft.next_meeting or lines.next_meeting(text, meeting_day, under_heading=True)
            return
        case "decisions":
            draft.decisions.append(lines.decision(text) or (said[1] if said else text))
            return
        case "events" if _reads_as_event(text):
            draft.events.append(EventLine(text))
            where.event_open = True
            return
        case "events" if event_open and draft.events and len(text) <= _EVENT_NOTE_MAX and not text.endswith("?"):
            draft.events[-1] = EventLine(draft.events[-1].line, text)
            return
    if _EMPTY_LABEL.match(text):
        draft.skipped.append(Skipped(text, "a label with nothing after it"))
        return
    _general(draft, where, block, text, said, meeting_day, day_first)


def _general(
    draft: Draft,
    where: _Where,
    block: Block,
    text: str,
    said: tuple[str, str] | None,
    meeting_day: date | None,
    day_first: bool | None,
) -> None:
    """A line in the updates, or in no particular section: an update, a decision, a marked item, the next meeting."""
    if said is not None:
        draft.speakers.append(said[0])
    decided = lines.decision(text)
    if decided is not None:
        draft.decisions.append(decided)
        return
    if block.checked is not None or _MARKED_ACTION.match(text):
        _action(draft, block, text, day_first)
        return
    if where.kind == "updates":
        if where.project is not None:
            draft.updates.append(UpdateLine(where.project, said[1] if said else text, said[0] if said else None))
            return
        if said is not None:  # "DCAP: QEMU can run …" directly under "Project updates"
            draft.updates.append(UpdateLine(said[0], said[1]))
            return
    found = lines.next_meeting(text, meeting_day)
    if found is not None and draft.next_meeting is None:
        draft.next_meeting = found


def _labelled(draft: Draft, text: str, meeting_day: date | None, kinds: tuple[str, ...]) -> bool:
    """Labelled lines anywhere: "Present: a, b", "Regrets: c", "Date: 2024-01-05", "Next meeting: 2024-03-19"."""
    label, colon, rest = text.partition(":")
    kind = lines.section_kind(label) if colon and rest.strip() and len(label) <= 40 else None
    if kind not in kinds:
        return False
    if kind == "attendees":
        draft.attendees += lines.people(rest)
    elif kind == "regrets":
        draft.regrets += lines.people(rest)
    elif kind == "date":
        draft.date_lines.append(rest)
    elif kind == "next":
        draft.next_meeting = draft.next_meeting or lines.next_meeting(rest, meeting_day, under_heading=True)
    return True


def _action(draft: Draft, block: Block, text: str, day_first: bool | None) -> None:
    body = re.sub(r"^\[( |x|X)\]\s+", "", text)
    if not any(ch.isalnum() for ch in body):
        draft.skipped.append(Skipped(text, "an empty action item"))
        return
    draft.actions.append(ActionLine(body, done=block.checked is True, day_first=day_first))


def _reads_as_event(text: str) -> bool:
    try:
        read_event(text, today=_A_DAY)
    except (EventLineError, DateError):
        return False
    return True
