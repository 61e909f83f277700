"""Steerbot's JSON export imported back: each record as it was, with its own number, times, authors, status and
history, so that export, import into an empty database, export again gives the same document.

Into a committee that already has records, the export adds what the committee does not have: a record is already
there when one of its kind has the same identity (an item, a decision or an event: its number and the time it was
made; a meeting: when it started; an update: its project, text, author and time; a topic: its title and when it was
added; a schedule entry: its start and rule). Importing the same export again therefore records nothing; a later
export of the same committee adds only what is new since. A record whose number is taken by a different record
here gets the committee's next number instead, and the result says so (the meeting notes pointing at it follow).

The committee's settings (zone, date order, admins, reminder policy, digest, agenda lead time) are taken from the
export only when the committee has no record yet: an export never overrides a living committee's settings. The
calendar feed's token is never in an export; the committee keeps its own.

A restore is itself marked (storage: imported_records, format "json"), one mark per record, saying which file it
came from and who restored it. Those marks are not exported again: the record restored is the same record, and its
own history (and its earlier import marks, which are restored) already says where it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time, timedelta

from bot.core.kernel.context import Context
from bot.core.kernel.model import CalendarSettings, Change, Committee, Event, Item, MessageRef, Owner, Status
from bot.core.kernel.ports import UnitOfWork
from bot.core.kernel.record import Decision, ImportMark, Meeting, Note, NoteKind, Rule, Topic, Update
from bot.core.records.importing import fingerprint
from bot.core.records.result import Imported, NewEvent, NewItem, NewMeeting, NewUpdate
from bot.core.records.snapshot import Export, ItemOut, MeetingOut, OwnerOut
from bot.core.reminders.planning import replan
from bot.core.reminders.policy import ReminderSettings


@dataclass
class _Restore:
    uow: UnitOfWork
    ctx: Context
    committee: Committee
    by: str
    source: str
    export: Export
    names: dict[str, str]
    meetings: dict[int, Meeting] = field(default_factory=dict)  # the export's meeting number -> here
    new_meetings: set[int] = field(default_factory=set)
    items: dict[int, int] = field(default_factory=dict)  # the export's item number -> here
    decisions: dict[int, int] = field(default_factory=dict)
    marks: list[ImportMark] = field(default_factory=list)
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)

    def mark(self, kind: str, identity: str, ref: str | int) -> None:
        print_ = fingerprint("json", kind, identity)
        self.marks.append(ImportMark(print_, kind, str(ref), self.source, "json", self.by, self.ctx.clock.now()))

    def name(self, user_id: str) -> str:
        return self.names.get(user_id, user_id)


def restore(
    uow: UnitOfWork,
    ctx: Context,
    committee: Committee,
    by: str,
    export: Export,
    *,
    source: str,
    fresh: bool,
    dry_run: bool,
) -> Imported:
    """Adds what the committee lacks of the export, in the caller's transaction; `fresh`: the committee was made
    for this import, so its admins are exactly the export's."""
    run = _Restore(uow, ctx, committee, by, source, export, {**export.members})
    if fresh or _empty(uow, committee):
        _settings(run, fresh)
    made_meetings = _meetings(run)
    taken = {i.number for i in uow.items.find(committee, statuses=tuple(Status))}
    later = [i for i in export.items if i.number in taken]  # after the others: their numbers are free of them
    items = [made for item in export.items if item.number not in taken and (made := _item(run, item))]
    items += [made for item in later if (made := _item(run, item)) is not None]
    decisions = _decisions(run)
    for number in sorted(run.new_meetings):
        _notes(run, export.meetings[number - 1])
    updates = _updates(run)
    _topics(run)
    events = _events(run)
    _schedule(run)
    uow.archive.raise_counters(committee, export.committee.counters)
    for kept in export.imports:
        uow.archive.remember(
            committee, ImportMark(kept.fingerprint, kept.kind, kept.ref, kept.source, kept.format, kept.by, kept.at)
        )
    for mark in run.marks:
        uow.archive.remember(committee, mark)
    return Imported(
        source=source,
        format="json",
        dry_run=dry_run,
        meetings=tuple(made_meetings),
        items=tuple(items),
        decisions=tuple(decisions),
        updates=tuple(updates),
        events=tuple(events),
        unchanged=run.unchanged,
        notes=tuple(run.notes),
    )


def _empty(uow: UnitOfWork, committee: Committee) -> bool:
    return not (
        uow.items.find(committee, statuses=tuple(Status))
        or uow.decisions.find(committee)
        or uow.events.find(committee)
        or uow.archive.meetings(committee)
        or uow.updates.find(committee)
        or uow.archive.topics(committee)
    )


def _settings(run: _Restore, fresh: bool) -> None:
    saved = run.export.committee
    committee = run.committee
    committee.timezone, committee.day_first = saved.timezone, saved.day_first
    if fresh:
        committee.name = saved.name
    run.uow.committees.save_settings(committee)
    for admin in saved.admins:
        run.uow.committees.set_admin(committee, admin, True)
    if fresh:
        for admin in committee.admins - set(saved.admins):
            run.uow.committees.set_admin(committee, admin, False)
    reminders = saved.reminders
    run.uow.reminders.save_settings(
        committee,
        ReminderSettings(tuple(reminders.days_before), time.fromisoformat(reminders.at), reminders.nudges),
    )
    calendar = saved.calendar
    token = run.uow.events.settings(committee).token
    run.uow.events.save_settings(
        committee,
        CalendarSettings(calendar.digest_day, time.fromisoformat(calendar.digest_time), calendar.event_reminder_days,
                         token),
    )  # fmt: skip
    run.uow.meetings.set_agenda_lead(committee, timedelta(minutes=saved.agenda_lead_minutes))


def _meetings(run: _Restore) -> list[NewMeeting]:
    here = {(m.started_at, m.started_by): m for m in run.uow.archive.meetings(run.committee)}
    made = []
    for saved in run.export.meetings:
        found = here.get((saved.started_at, saved.started_by))
        if found is not None:
            run.meetings[saved.number] = found
            run.unchanged += 1
            continue
        meeting = run.uow.meetings.start(
            run.committee,
            Meeting(run.committee.channel_id, started_at=saved.started_at, started_by=saved.started_by,
                    scheduled_at=saved.scheduled_at),
        )  # fmt: skip
        meeting.ended_at, meeting.minutes = saved.ended_at, saved.minutes
        run.uow.meetings.save(run.committee, meeting)
        for n, who in enumerate(saved.attendees):
            run.uow.meetings.attend(meeting, who, saved.started_at + timedelta(microseconds=n))
        run.meetings[saved.number] = meeting
        run.new_meetings.add(saved.number)
        run.mark("meeting", saved.started_at.isoformat(), meeting.id or 0)
        topics = tuple(n.text for n in saved.notes if n.kind == "topic" and not n.undone)
        made.append(NewMeeting(saved.started_at.date(), tuple(run.name(a) for a in saved.attendees), topics))
    return made


def _item(run: _Restore, saved: ItemOut) -> NewItem | None:
    existing = run.uow.items.get(run.committee, saved.number)
    if existing is not None and existing.created_at == saved.created_at:
        run.items[saved.number] = saved.number
        run.unchanged += 1
        return None
    item = Item(
        committee_id=run.committee.id, number=saved.number, task=saved.task,
        owners=[Owner(name=o.name, user_id=o.user_id, group=o.group) for o in saved.owners],
        created_by=saved.created_by, created_at=saved.created_at, due=saved.due, due_phrase=saved.due_phrase,
        status=Status(saved.status), closed_at=saved.closed_at,
        message=MessageRef(saved.message.channel, saved.message.ts) if saved.message else None,
    )  # fmt: skip
    if existing is None:
        stored = run.uow.archive.restore_item(run.committee, item)
    else:
        stored = run.uow.items.add(run.committee, item)
        run.notes.append(f"Item #{saved.number} is #{stored.number} here: #{saved.number} was taken.")
    run.items[saved.number] = stored.number
    for change in saved.history:
        run.uow.items.record(run.committee, stored, Change(change.at, change.actor, change.action, change.detail))
    replan(run.uow, run.ctx, run.committee, stored, run.ctx.clock.now())
    run.mark("item", f"{saved.number} {saved.created_at.isoformat()}", stored.number)
    return NewItem(tuple(_owner_name(run, o) for o in saved.owners), saved.task, saved.due, saved.status, stored.number)


def _owner_name(run: _Restore, owner: OwnerOut) -> str:
    return run.names.get(owner.user_id, owner.name) if owner.user_id else owner.name


def _decisions(run: _Restore) -> list[str]:
    made = []
    taken = {d.number for d in run.uow.decisions.find(run.committee)}
    for saved in sorted(run.export.decisions, key=lambda d: d.number in taken):
        existing = run.uow.decisions.get(run.committee, saved.number)
        if existing is not None and existing.recorded_at == saved.recorded_at:
            run.decisions[saved.number] = saved.number
            run.unchanged += 1
            continue
        meeting = run.meetings.get(saved.meeting) if saved.meeting else None
        decision = Decision(
            saved.text, saved.recorded_by, saved.recorded_at, meeting_id=meeting.id if meeting else None,
            meeting_at=saved.meeting_at, revoked_at=saved.revoked_at, revoked_by=saved.revoked_by,
            number=saved.number,
        )  # fmt: skip
        if existing is None:
            stored = run.uow.archive.restore_decision(run.committee, decision)
        else:
            stored = run.uow.decisions.add(run.committee, decision)
            if saved.revoked_at is not None:
                stored.revoked_at, stored.revoked_by = saved.revoked_at, saved.revoked_by
                run.uow.decisions.save(run.committee, stored)
            run.notes.append(f"Decision #{saved.number} is #{stored.number} here: #{saved.number} was taken.")
        run.decisions[saved.number] = stored.number
        run.mark("decision", f"{saved.number} {saved.recorded_at.isoformat()}", stored.number)
        made.append(saved.text)
    return made


def _notes(run: _Restore, saved: MeetingOut) -> None:
    meeting = run.meetings[saved.number]
    for note in saved.notes:
        item = run.items.get(note.item_number, note.item_number) if note.item_number else note.item_number
        decision = run.decisions.get(note.decision_number, note.decision_number) if note.decision_number else None
        run.uow.meetings.add_note(
            meeting,
            Note(NoteKind(note.kind), note.text, note.user_id, note.at, item_number=item, decision_number=decision,
                 undone=note.undone),
        )  # fmt: skip


def _updates(run: _Restore) -> list[NewUpdate]:
    here = {(u.project, u.text, u.author, u.at) for u in run.uow.updates.find(run.committee)}
    made = []
    for saved in run.export.updates:
        if (saved.project, saved.text, saved.author, saved.at) in here:
            run.unchanged += 1
            continue
        update = run.uow.updates.add(run.committee, Update(saved.project, saved.text, saved.author, saved.at))
        run.mark("update", f"{saved.project} {saved.author} {saved.at.isoformat()} {saved.text}", update.id or 0)
        made.append(NewUpdate(saved.project, saved.text, run.name(saved.author)))
    return made


def _topics(run: _Restore) -> None:
    here = {(t.title, t.added_at) for t in run.uow.archive.topics(run.committee)}
    for saved in run.export.topics:
        if (saved.title, saved.added_at) in here:
            run.unchanged += 1
            continue
        owner = Owner(name=saved.owner.name, user_id=saved.owner.user_id) if saved.owner else None
        run.uow.archive.restore_topic(
            run.committee,
            Topic(saved.title, saved.added_by, saved.added_at, owner=owner, minutes=saved.minutes,
                  meeting_at=saved.meeting_at, position=saved.position, covered_at=saved.covered_at),
        )  # fmt: skip


def _events(run: _Restore) -> list[NewEvent]:
    made = []
    taken = {e.number for e in run.uow.events.find(run.committee)}
    for saved in sorted(run.export.events, key=lambda e: e.number in taken):
        existing = run.uow.events.get(run.committee, saved.number)
        if existing is not None and existing.created_at == saved.created_at:
            run.unchanged += 1
            continue
        event = Event(
            run.committee.id, saved.number, saved.name, saved.starts, saved.ends, saved.created_by, saved.created_at,
            saved.place, saved.notes, saved.link,
        )  # fmt: skip
        if existing is None:
            stored = run.uow.archive.restore_event(run.committee, event)
        else:
            stored = run.uow.events.add(run.committee, event)
            run.notes.append(f"Event #{saved.number} is #{stored.number} here: #{saved.number} was taken.")
        run.mark("event", f"{saved.number} {saved.created_at.isoformat()}", stored.number)
        made.append(NewEvent(saved.name, saved.starts, saved.ends, saved.place))
    return made


def _schedule(run: _Restore) -> None:
    here = {(r.start, r.rrule, r.timezone) for r in run.uow.meetings.rules(run.committee)}
    for saved in run.export.schedule.rules:
        if (saved.start, saved.rrule, saved.timezone) in here:
            continue
        run.uow.meetings.add_rule(
            run.committee,
            Rule(start=saved.start, timezone=saved.timezone, rrule=saved.rrule, created_by=saved.created_by),
        )
    cancelled = run.uow.meetings.cancelled(run.committee)
    for at in run.export.schedule.cancelled:
        if at not in cancelled:
            run.uow.meetings.cancel(run.committee, at, run.by)
