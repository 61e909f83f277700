"""Notes into the record, through the rules the commands follow: action lines read by the line reader (one line
may hold several items), owners matched to the workspace's members (a name that matches nobody is kept as an outside
owner), decisions, project updates, events read like `/event`, a past meeting with its attendees, topics and minutes,
and the next meeting as a one-off schedule entry.

Nothing is recorded twice. Each record has a fingerprint of what it was made from (the kind and the words of its
line, normalised: case, spacing and punctuation aside), kept with where it came from (storage: imported_records).
Importing the same document again finds every fingerprint and records nothing new; a revised document adds only the
records whose lines are new or changed. An event or a decision already recorded by hand (same name and first day;
same words) is not recorded again either.

Where the rest comes from:

* Dates in the minutes ("by Friday") are read from the meeting's day, not today; the wiki's `//dd-mm-yyyy` day
  first. A due date the format gives (Confluence `<time>`, the W3C bot's "due 27 Jul 2022") wins. Dates outside
  1970-2200 are refused, line by line (the line is listed as not read).
* Owners the format names (a Confluence user link, scribejs' "(Gregg Kellogg)") win; else the line reader's; else,
  for MeetBot, every nick present that the line names. A name that fits several members is kept as written, and
  the result says so.
* Decisions, updates and the meeting are dated at the meeting; items are created now (their history says "imported"
  with the file, the meeting's day and the line; the change is by whoever imports). An item marked done (`[x]`,
  Confluence `complete`) is recorded done, closed at the meeting.
* The meeting starts at the time the notes give (MeetBot's "12:02:26 UTC"), else at the start of its day in the
  committee's zone. The next meeting is scheduled at the meeting's own time when known, else 09:00; a next meeting
  already past, or already on the schedule that day, is not scheduled.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.events.grammar import EventLineError, read_event
from bot.core.events.service import anchors as event_anchors
from bot.core.items.owners import known_names, matches, people, resolve
from bot.core.kernel.context import Context
from bot.core.kernel.markdown import markdown
from bot.core.kernel.model import Anchors, Change, Committee, Event, Item, Member, Owner, Status
from bot.core.kernel.ports import UnitOfWork
from bot.core.kernel.record import Decision, ImportMark, Meeting, Note, NoteKind, Rule, Update
from bot.core.kernel.zones import out_of_reach, show_date
from bot.core.language import DateError, OwnerRef, Reading, read_action, read_items
from bot.core.meetings.scheduling import schedule_of
from bot.core.records.minutes import imported_minutes
from bot.core.records.notes import ActionLine, Notes, Skipped
from bot.core.records.result import Imported, NewEvent, NewItem, NewMeeting, NewUpdate
from bot.core.reminders.planning import replan

NEXT_MEETING_TIME = time(9, 0)  # when the notes name the next meeting's day but not its hour
MAX_TEXT = 3000  # characters of an item, decision or update: one Slack section, as the commands allow


def fingerprint(kind: str, *parts: str) -> str:
    """What a record was made from, as 64 hex digits: the kind and its words, case, spacing and punctuation aside."""
    words = [" ".join(re.sub(r"[^\w]+", " ", p.casefold()).split()) for p in parts]
    return hashlib.sha256("\x1f".join([kind, *words]).encode()).hexdigest()


@dataclass
class Batch:
    """One import in the making: where it goes, who makes it, what is new and what was already there."""

    uow: UnitOfWork
    ctx: Context
    committee: Committee
    by: str
    source: str
    format: str
    notes: Notes
    at: datetime  # the meeting, UTC
    now: datetime
    members: Sequence[Member]
    known: set[str] = field(default_factory=set)  # fingerprints already in the record
    marks: list[ImportMark] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)  # "Godfrey C" -> "Godfrey Chan", from the attendees

    def is_new(self, print_: str) -> bool:
        if print_ in self.known:
            self.unchanged += 1
            return False
        self.known.add(print_)  # twice in one document: once
        return True

    def mark(self, print_: str, kind: str, ref: str | int) -> None:
        self.marks.append(ImportMark(print_, kind, str(ref), self.source, self.format, self.by, self.now))


def record_notes(
    uow: UnitOfWork, ctx: Context, committee: Committee, by: str, notes: Notes, *, source: str, dry_run: bool
) -> Imported:
    """Records what is new in the notes (whose date is set), in the caller's transaction; commits nothing."""
    assert notes.date is not None
    tz = ctx.committee_zone(committee)
    batch = Batch(
        uow, ctx, committee, by, source, notes.format, notes, _moment(notes, tz), ctx.clock.now(),
        ctx.directory.members(committee.team_id), skipped=list(notes.skipped),
    )  # fmt: skip
    batch.known = {m.fingerprint for m in uow.archive.marks(committee)}
    meeting, new_meeting = _meeting(batch)
    items = _items(batch, meeting)
    decisions = _decisions(batch, meeting)
    updates = _updates(batch)
    events = _events(batch)
    next_day = _next_meeting(batch, tz)
    if new_meeting is not None:
        _finish_meeting(batch, meeting, tz)
    for mark in batch.marks:
        uow.archive.remember(committee, mark)
    return Imported(
        source=source,
        format=notes.format,
        dry_run=dry_run,
        meetings=(new_meeting,) if new_meeting else (),
        items=tuple(items),
        decisions=tuple(decisions),
        updates=tuple(updates),
        events=tuple(events),
        next_meeting=next_day,
        unchanged=batch.unchanged,
        skipped=tuple(batch.skipped),
        notes=tuple(dict.fromkeys(batch.doubts)),
    )


def _moment(notes: Notes, tz: ZoneInfo) -> datetime:
    assert notes.date is not None
    zone = ZoneInfo("UTC") if (notes.zone or "").upper() in ("UTC", "GMT", "Z") else tz
    return datetime.combine(notes.date, notes.time or time(), zone).astimezone(UTC)


# -- the meeting -------------------------------------------------------------------------------------------------


def _meeting(batch: Batch) -> tuple[Meeting, NewMeeting | None]:
    """The meeting the notes are of: recorded now, or the one an earlier import of them recorded."""
    assert batch.notes.date is not None
    print_ = fingerprint("meeting", batch.at.isoformat())  # its day, and its time when the notes give one
    if print_ in batch.known:
        batch.unchanged += 1
        ref = next((m.ref for m in batch.uow.archive.marks(batch.committee, [print_])), "")
        found = next((m for m in batch.uow.archive.meetings(batch.committee) if str(m.id) == ref), None)
        if found is not None:
            return found, None
    meeting = batch.uow.meetings.start(
        batch.committee,
        Meeting(batch.committee.channel_id, started_at=batch.at, started_by=batch.by, ended_at=batch.at),
    )
    for n, name in enumerate(batch.notes.attendees):
        batch.uow.meetings.attend(meeting, _person(batch, name)[:32], batch.at + timedelta(microseconds=n))
    for topic in batch.notes.topics:
        batch.uow.meetings.add_note(meeting, Note(NoteKind.TOPIC, topic[:MAX_TEXT], batch.by, batch.at))
    batch.known.add(print_)
    batch.mark(print_, "meeting", meeting.id or 0)
    return meeting, NewMeeting(batch.notes.date, batch.notes.attendees, batch.notes.topics)


def _finish_meeting(batch: Batch, meeting: Meeting, tz: ZoneInfo) -> None:
    minutes = imported_minutes(batch.committee.name, batch.notes, batch.source, tz)
    meeting.minutes = markdown(minutes)
    batch.uow.meetings.save(batch.committee, meeting)


def _person(batch: Batch, name: str) -> str:
    """A member's user id when the name is theirs alone, else the name as written."""
    found = matches(name, people(batch.members))
    return found[0].user_id if len(found) == 1 else name


# -- action items ------------------------------------------------------------------------------------------------


def _items(batch: Batch, meeting: Meeting) -> list[NewItem]:
    made: list[NewItem] = []
    batch.aliases = short_names(batch.notes.attendees)
    names = (*known_names(batch.members), *batch.notes.attendees, *batch.aliases)
    anchors = _anchors(batch)
    for action in batch.notes.actions:
        for n, reading in enumerate(_readings(batch, action, names, anchors)):
            item = _item(batch, action, reading)
            if item is None or not batch.is_new(fingerprint("item", action.text, str(n))):
                continue
            stored = batch.uow.items.add(batch.committee, item)
            detail = f"from {batch.source} ({batch.format}), meeting of {show_date(batch.at.date())}: {action.text}"
            batch.uow.items.record(batch.committee, stored, Change(batch.now, batch.by, "imported", detail[:MAX_TEXT]))
            replan(batch.uow, batch.ctx, batch.committee, stored, batch.now)
            batch.uow.meetings.add_note(
                meeting, Note(NoteKind.ACTION, stored.task, batch.by, batch.at, item_number=stored.number)
            )
            batch.mark(fingerprint("item", action.text, str(n)), "item", stored.number)
            made.append(NewItem(tuple(o.name for o in stored.owners), stored.task, stored.due, stored.status.value,
                                stored.number))  # fmt: skip
    return made


def _anchors(batch: Batch) -> Anchors:
    """ "Before the next meeting" is the meeting the notes name; "before FOSDEM" a recorded event."""
    assert batch.notes.date is not None
    recorded = event_anchors(batch.uow.events, batch.committee, batch.notes.date).events
    return Anchors(next_meeting=batch.notes.next_meeting, events=recorded)


def _readings(batch: Batch, action: ActionLine, names: Sequence[str], anchors: Anchors) -> tuple[Reading, ...]:
    """The items the line holds (`read_items`: "Dana to file the bug. Lee will review it." is two)."""
    assert batch.notes.date is not None
    day_first = batch.committee.day_first if action.day_first is None else action.day_first
    found = read_items(action.text, today=batch.notes.date, day_first=day_first, names=names, anchors=anchors)
    return found or (
        read_action(action.text, today=batch.notes.date, day_first=day_first, names=names, anchors=anchors),
    )


def _item(batch: Batch, action: ActionLine, reading: Reading) -> Item | None:
    """The item a reading makes, or None (and why, in the skipped lines)."""
    task = _task(action, reading)
    if (reading.error and not (action.owners and task)) or not any(ch.isalnum() for ch in task):
        batch.skipped.append(Skipped(action.text, reading.error or "no task in that line"))
        return None
    if len(task) > MAX_TEXT:
        batch.skipped.append(Skipped(action.text[:200], f"longer than {MAX_TEXT:,} characters"))
        return None
    due = action.due or (reading.due.on if reading.due else None)
    if due is not None and (far := out_of_reach(due)):
        batch.skipped.append(Skipped(action.text, far))
        return None
    owners = _owners(batch, action, reading)
    done = action.done
    return Item(
        committee_id=batch.committee.id,
        number=0,
        task=task,
        owners=list(owners),
        created_by=batch.by,
        created_at=batch.now,
        due=due,
        due_phrase=reading.due.anchor if reading.due and due is None else None,
        status=Status.DONE if done else Status.OPEN,
        closed_at=batch.at if done else None,
    )


def _task(action: ActionLine, reading: Reading) -> str:
    """The reader's task; when the format names the owners and the reader took other words for owners, the line
    as written less its deadline (the reader's owners are then words of the task: "POST MEETING - clean up")."""
    if not action.owners:
        return reading.task
    theirs = {o.text.casefold() for o in reading.owners if o.kind == "name"}
    if theirs <= {o.casefold() for o in action.owners}:
        return reading.task
    text = action.text
    if reading.due is not None and reading.due.phrase:
        text = text.replace(reading.due.phrase, " ", 1)
    return " ".join(text.split()).strip(" -–—:,;")


def short_names(attendees: Sequence[str]) -> dict[str, str]:
    """How minutes shorten the attendees' names: "Godfrey C" and "Godfrey C." for Godfrey Chan (Ember's
    `- [ ] @Godfrey C to comment …`), when no other attendee shortens the same way."""
    found: dict[str, list[str]] = {}
    for name in attendees:
        words = name.split()
        if len(words) >= 2 and words[-1][:1].isalpha():
            short = f"{words[0]} {words[-1][0]}"
            for alias in (short, short + "."):
                found.setdefault(alias, []).append(name)
    return {alias: names[0] for alias, names in found.items() if len(set(names)) == 1}


def _owners(batch: Batch, action: ActionLine, reading: Reading) -> tuple[Owner, ...]:
    refs: tuple[OwnerRef, ...]
    if action.owners:
        refs = tuple(OwnerRef("name", o) for o in action.owners)
    elif reading.owners:
        refs = tuple(OwnerRef(r.kind, batch.aliases.get(r.text, r.text)) for r in reading.owners)
    else:
        refs = tuple(OwnerRef("name", o) for o in action.mentioned)
    resolved = resolve(refs, batch.members, batch.by)
    owners = list(resolved.owners)
    for question in resolved.questions:
        owners.append(Owner(name=question.typed.lstrip("@")))
        batch.doubts.append(
            f"“{question.typed}” fits several members ({', '.join(m.label for m in question.candidates)}): kept as "
            "written; `/action assign` picks one."
        )
    return tuple(owners)


# -- decisions, updates, events, the next meeting ---------------------------------------------------------------


def _decisions(batch: Batch, meeting: Meeting) -> list[str]:
    recorded = {fingerprint("decision", d.text) for d in batch.uow.decisions.find(batch.committee)}
    made = []
    for text in batch.notes.decisions:
        print_ = fingerprint("decision", text)
        if len(text) > MAX_TEXT:
            batch.skipped.append(Skipped(text[:200], f"longer than {MAX_TEXT:,} characters"))
            continue
        if print_ in recorded and print_ not in batch.known:
            batch.known.add(print_)  # recorded by hand already (`/decision`)
        if not batch.is_new(print_):
            continue
        decision = batch.uow.decisions.add(
            batch.committee,
            Decision(text, batch.by, recorded_at=batch.at, meeting_id=meeting.id, meeting_at=meeting.at),
        )
        batch.uow.meetings.add_note(
            meeting, Note(NoteKind.AGREED, text, batch.by, batch.at, decision_number=decision.number)
        )
        batch.mark(print_, "decision", decision.number)
        made.append(text)
    return made


def _updates(batch: Batch) -> list[NewUpdate]:
    projects = {p.casefold(): p for p in batch.uow.updates.projects(batch.committee)}
    importer = next((m.label for m in batch.members if m.user_id == batch.by), batch.by)
    made = []
    for line in batch.notes.updates:
        print_ = fingerprint("update", line.project, line.author or "", line.text)
        if len(line.text) > MAX_TEXT or not batch.is_new(print_):
            continue
        project = projects.setdefault(line.project.casefold(), line.project[:200])
        author = _person(batch, line.author)[:32] if line.author else batch.by
        update = batch.uow.updates.add(batch.committee, Update(project, line.text, author, batch.at))
        batch.mark(print_, "update", update.id or 0)
        made.append(NewUpdate(project, line.text, line.author or importer))
    return made


def _events(batch: Batch) -> list[NewEvent]:
    assert batch.notes.date is not None
    recorded = {(e.name.casefold(), e.starts) for e in batch.uow.events.find(batch.committee)}
    made = []
    for line in batch.notes.events:
        try:
            read = read_event(line.line, today=batch.notes.date, day_first=batch.committee.day_first)
        except (EventLineError, DateError) as error:
            batch.skipped.append(Skipped(line.line, str(error)))
            continue
        print_ = fingerprint("event", line.line)
        if (read.name.casefold(), read.starts) in recorded and print_ not in batch.known:
            batch.known.add(print_)  # recorded by hand already (`/event`)
        if not batch.is_new(print_):
            continue
        event = batch.uow.events.add(
            batch.committee,
            Event(batch.committee.id, 0, read.name, read.starts, read.ends, batch.by, batch.now, read.place,
                  line.note[:1000] or read.notes, read.link),
        )  # fmt: skip
        batch.mark(print_, "event", event.number)
        made.append(NewEvent(read.name, read.starts, read.ends, read.place))
    return made


def _next_meeting(batch: Batch, tz: ZoneInfo) -> date | None:
    day = batch.notes.next_meeting
    if day is None:
        return None
    print_ = fingerprint("next-meeting", day.isoformat())
    if print_ in batch.known:
        batch.unchanged += 1
        return None
    if day <= batch.now.astimezone(tz).date() or out_of_reach(day):
        batch.skipped.append(Skipped(f"next meeting: {show_date(day)}", "already past: not put on the schedule"))
        return None
    if schedule_of(batch.uow, batch.committee).on_day(day, tz):
        batch.unchanged += 1
        return None
    local = batch.at.astimezone(tz).time() if batch.notes.time else NEXT_MEETING_TIME
    start = datetime.combine(day, local, tz).astimezone(UTC)
    rule = batch.uow.meetings.add_rule(batch.committee, Rule(start=start, timezone=tz.key, created_by=batch.by))
    batch.known.add(print_)
    batch.mark(print_, "schedule", rule.id or 0)
    return day
