"""In-memory fakes for the meeting side of the record: schedule, meetings and notes, decisions, updates, topics.

They live in the fake store (tests/fakes.py `_Store.meeting_record`), so they commit and roll back with it."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from bot.core.kernel.boundary import Scope
from bot.core.kernel.model import Committee
from bot.core.kernel.ports import Items
from bot.core.kernel.record import DEFAULT_AGENDA_LEAD, Decision, Meeting, Note, OpenItems, Rule, Topic, Update


@dataclass
class MeetingStore:
    rules: dict[int, list[Rule]] = field(default_factory=dict)
    cancelled: dict[int, set[datetime]] = field(default_factory=dict)
    meetings: dict[int, list[Meeting]] = field(default_factory=dict)
    notes: dict[int, list[Note]] = field(default_factory=dict)
    attendees: dict[int, list[str]] = field(default_factory=dict)
    seen: set[tuple[str, str]] = field(default_factory=set)
    leads: dict[int, timedelta] = field(default_factory=dict)
    decisions: dict[int, list[Decision]] = field(default_factory=dict)
    updates: dict[int, list[Update]] = field(default_factory=dict)
    topics: dict[int, list[Topic]] = field(default_factory=dict)
    scopes: dict[int, Scope] = field(default_factory=dict)
    ids: int = 0

    def next_id(self) -> int:
        self.ids += 1
        return self.ids


class FakeMeetings:
    def __init__(self, store: MeetingStore) -> None:
        self._s = store

    def rules(self, committee: Committee) -> list[Rule]:
        return list(self._s.rules.get(committee.id, []))

    def add_rule(self, committee: Committee, rule: Rule) -> Rule:
        kept = [r for r in self._s.rules.get(committee.id, []) if rule.rrule is None or r.rrule is None]
        stored = replace(rule, id=self._s.next_id())
        self._s.rules[committee.id] = [*kept, stored]
        self._s.scopes[committee.id] = Scope(committee.team_id, committee.channel_id)
        return stored

    def clear_rules(self, committee: Committee) -> None:
        self._s.rules.pop(committee.id, None)

    def cancelled(self, committee: Committee) -> frozenset[datetime]:
        return frozenset(self._s.cancelled.get(committee.id, set()))

    def cancel(self, committee: Committee, at: datetime, by: str) -> None:
        self._s.cancelled.setdefault(committee.id, set()).add(at)

    def scheduled(self) -> list[Scope]:
        return [self._s.scopes[c] for c in sorted(self._s.rules) if self._s.rules[c]]

    def running(self, committee: Committee) -> Meeting | None:
        found = [m for m in self._s.meetings.get(committee.id, []) if m.ended_at is None]
        return copy.deepcopy(found[-1]) if found else None

    def held(self, committee: Committee, *, before: datetime | None = None, limit: int = 20) -> list[Meeting]:
        found = [m for m in self._s.meetings.get(committee.id, []) if before is None or m.started_at < before]
        return copy.deepcopy(sorted(found, key=lambda m: (m.started_at, m.id or 0), reverse=True)[:limit])

    def start(self, committee: Committee, meeting: Meeting) -> Meeting:
        meeting.id = self._s.next_id()
        self._s.meetings.setdefault(committee.id, []).append(copy.deepcopy(meeting))
        return meeting

    def save(self, committee: Committee, meeting: Meeting) -> None:
        stored = self._s.meetings[committee.id]
        stored[:] = [copy.deepcopy(meeting) if m.id == meeting.id else m for m in stored]

    def add_note(self, meeting: Meeting, note: Note) -> Note:
        assert meeting.id is not None
        note.id = self._s.next_id()
        self._s.notes.setdefault(meeting.id, []).append(copy.deepcopy(note))
        return note

    def save_note(self, meeting: Meeting, note: Note) -> None:
        assert meeting.id is not None
        notes = self._s.notes[meeting.id]
        notes[:] = [copy.deepcopy(note) if n.id == note.id else n for n in notes]

    def notes(self, meeting: Meeting) -> list[Note]:
        return copy.deepcopy(self._s.notes.get(meeting.id or 0, []))

    def attend(self, meeting: Meeting, user_id: str, at: datetime) -> None:
        people = self._s.attendees.setdefault(meeting.id or 0, [])
        if user_id not in people:
            people.append(user_id)

    def attendees(self, meeting: Meeting) -> list[str]:
        return list(self._s.attendees.get(meeting.id or 0, []))

    def first_sight(self, team_id: str, event_id: str, at: datetime) -> bool:
        if (team_id, event_id) in self._s.seen:
            return False
        self._s.seen.add((team_id, event_id))
        return True

    def agenda_lead(self, committee: Committee) -> timedelta:
        return self._s.leads.get(committee.id, DEFAULT_AGENDA_LEAD)

    def set_agenda_lead(self, committee: Committee, lead: timedelta) -> None:
        self._s.leads[committee.id] = lead


class FakeDecisions:
    def __init__(self, store: MeetingStore) -> None:
        self._s = store

    def add(self, committee: Committee, decision: Decision) -> Decision:
        mine = self._s.decisions.setdefault(committee.id, [])
        decision.id, decision.number = self._s.next_id(), max((d.number for d in mine), default=0) + 1
        mine.append(copy.deepcopy(decision))
        return decision

    def get(self, committee: Committee, number: int) -> Decision | None:
        found = [d for d in self._s.decisions.get(committee.id, []) if d.number == number]
        return copy.deepcopy(found[0]) if found else None

    def find(
        self, committee: Committee, *, since: datetime | None = None, words: str = "", revoked: bool = True
    ) -> list[Decision]:
        return [
            copy.deepcopy(d)
            for d in self._s.decisions.get(committee.id, [])
            if (since is None or d.recorded_at >= since)
            and (revoked or not d.revoked)
            and all(w.lower() in d.text.lower() for w in words.split())
        ]

    def save(self, committee: Committee, decision: Decision) -> None:
        mine = self._s.decisions[committee.id]
        mine[:] = [copy.deepcopy(decision) if d.id == decision.id else d for d in mine]


class FakeUpdates:
    def __init__(self, store: MeetingStore) -> None:
        self._s = store

    def add(self, committee: Committee, update: Update) -> Update:
        update.id = self._s.next_id()
        self._s.updates.setdefault(committee.id, []).append(copy.deepcopy(update))
        return update

    def find(self, committee: Committee, *, since: datetime | None = None, project: str | None = None) -> list[Update]:
        return [
            copy.deepcopy(u)
            for u in sorted(self._s.updates.get(committee.id, []), key=lambda u: (u.at, u.id or 0))
            if (since is None or u.at >= since) and (project is None or u.project.lower() == project.lower())
        ]

    def projects(self, committee: Committee) -> list[str]:
        names: dict[str, str] = {}
        for update in self._s.updates.get(committee.id, []):
            names.setdefault(update.project.lower(), update.project)
        return list(names.values())


class FakeTopics:
    def __init__(self, store: MeetingStore) -> None:
        self._s = store

    def add(self, committee: Committee, topic: Topic) -> Topic:
        mine = self._s.topics.setdefault(committee.id, [])
        topic.id = self._s.next_id()
        topic.position = max((t.position for t in mine if t.covered_at is None), default=0) + 1
        mine.append(copy.deepcopy(topic))
        return topic

    def open(self, committee: Committee, *, until: datetime | None = None) -> list[Topic]:
        found = [
            t
            for t in self._s.topics.get(committee.id, [])
            if t.covered_at is None and (until is None or t.meeting_at is None or t.meeting_at <= until)
        ]
        return copy.deepcopy(sorted(found, key=lambda t: (t.position, t.id or 0)))

    def save(self, committee: Committee, topic: Topic) -> None:
        mine = self._s.topics[committee.id]
        mine[:] = [copy.deepcopy(topic) if t.id == topic.id else t for t in mine]

    def remove(self, committee: Committee, topic: Topic) -> None:
        self._s.topics[committee.id] = [t for t in self._s.topics[committee.id] if t.id != topic.id]


class FakeAgendaItems:
    def __init__(self, items: Items) -> None:
        self._items = items

    def open_groups(self, committee: Committee, *, today: date, meeting_day: date | None, limit: int) -> OpenItems:
        return OpenItems.of(self._items.find(committee), today=today, meeting_day=meeting_day, limit=limit)
