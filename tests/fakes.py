"""Hand-written fakes for the core's ports: a directory and an in-memory unit of work."""

from __future__ import annotations

import copy
import json
import secrets
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from types import TracebackType
from typing import Any

from bot.core.kernel.boundary import Post, Scope
from bot.core.kernel.model import CalendarSettings, Change, Committee, Event, Item, Member, Status
from bot.core.kernel.record import Decision, ImportMark, Meeting, Topic
from bot.core.reminders.policy import DEFAULT, Plan, ReminderSettings
from tests.fakes_meetings import FakeAgendaItems, FakeDecisions, FakeMeetings, FakeTopics, FakeUpdates, MeetingStore


class FakeDirectory:
    def __init__(self, members: Sequence[Member], *, reachable: bool = True) -> None:
        self.people = list(members)
        self.reachable = reachable  # False: Slack's member list does not answer and nothing is cached

    def members(self, team_id: str) -> Sequence[Member]:
        return self.people if self.reachable else []

    def member(self, team_id: str, user_id: str) -> Member | None:
        return next((m for m in self.members(team_id) if m.user_id == user_id), None)

    def known(self, team_id: str) -> bool:
        return self.reachable


MEMBERS = (
    Member("U1", "leonardo", "Leonardo Garcia", "Leo", "America/Sao_Paulo"),
    Member("U2", "kevin", "Kevin Zhao", "", "Asia/Shanghai"),
    Member("U3", "kpark", "Kevin Park", "", "Europe/London"),
    Member("U4", "jon", "Jon Masters", "", "America/New_York"),
    Member("U5", "andy", "Andy Smith", "", None),
    Member("UADMIN", "boss", "Workspace Boss", "", "UTC", is_admin=True),
    Member("UBOT", "steerbot", "Steerbot", "", None, is_bot=True),
)


class _Store:
    """What the fake database holds; shared by every unit of work made from it."""

    def __init__(self) -> None:
        self.committees: dict[int, Committee] = {}
        self.numbers: dict[tuple[int, str], int] = {}  # (committee id, kind) -> the last number given
        self.items: dict[int, Item] = {}
        self.changes: dict[int, list[Change]] = {}
        self.outbox: list[Post] = []
        self.events: dict[int, Event] = {}
        self.calendar: dict[int, CalendarSettings] = {}
        self.plans: dict[tuple[int, str], Plan] = {}
        self.reminder_settings: dict[int, ReminderSettings] = {}
        self.meeting_record = MeetingStore()
        self.choices: dict[str, tuple[str, str, str, datetime]] = {}  # key: team, person, payload JSON, asked at
        self.marks: dict[int, list[ImportMark]] = {}  # committee id -> import marks, oldest first

    def next_number(self, committee: Committee, kind: str) -> int:
        """Numbers per committee and kind that only go up, as storage/numbering.py gives them."""
        self.numbers[(committee.id, kind)] = self.numbers.get((committee.id, kind), 0) + 1
        return self.numbers[(committee.id, kind)]


class FakeCommittees:
    def __init__(self, store: _Store) -> None:
        self._store = store

    def find(self, scope: Scope) -> Committee | None:
        return next(
            (
                copy.copy(c)
                for c in self._store.committees.values()
                if (c.team_id, c.channel_id) == (scope.team_id, scope.channel_id)
            ),
            None,
        )

    def lock(self, committee: Committee) -> None:
        """One fake store, one thread: nothing to wait for."""

    def of_team(self, team_id: str) -> list[Committee]:
        found = [copy.copy(c) for c in self._store.committees.values() if c.team_id == team_id]
        return sorted(found, key=lambda c: c.name)

    def create(self, scope: Scope, *, name: str, timezone: str, admin: str) -> Committee:
        committee = Committee(
            len(self._store.committees) + 1, scope.team_id, scope.channel_id, name, timezone, admins=frozenset({admin})
        )
        self._store.committees[committee.id] = committee
        return copy.copy(committee)

    def save_settings(self, committee: Committee) -> None:
        self._store.committees[committee.id] = replace(committee, admins=self._store.committees[committee.id].admins)

    def set_admin(self, committee: Committee, user_id: str, admin: bool) -> None:
        stored = self._store.committees[committee.id]
        stored.admins = stored.admins | {user_id} if admin else stored.admins - {user_id}
        committee.admins = stored.admins


class FakeItems:
    def __init__(self, store: _Store) -> None:
        self._store = store

    def add(self, committee: Committee, item: Item) -> Item:
        item.id, item.number = len(self._store.items) + 1, self._store.next_number(committee, "item")
        self._store.items[item.id] = copy.deepcopy(item)
        return item

    def get(self, committee: Committee, number: int) -> Item | None:
        return next(
            (
                copy.deepcopy(i)
                for i in self._store.items.values()
                if i.committee_id == committee.id and i.number == number
            ),
            None,
        )

    def get_by_id(self, committee: Committee, item_id: int) -> Item | None:
        item = self._store.items.get(item_id)
        return copy.deepcopy(item) if item and item.committee_id == committee.id else None

    def find(
        self,
        committee: Committee,
        *,
        statuses: Sequence[Status] = (Status.OPEN,),
        owner: str | None = None,
        closed_since: datetime | None = None,
        due_before: date | None = None,
    ) -> list[Item]:
        found = [i for i in self._store.items.values() if i.committee_id == committee.id and i.status in statuses]
        if owner is not None:
            found = [
                i for i in found if any(o.user_id == owner or (o.user_id is None and o.name == owner) for o in i.owners)
            ]
        if closed_since is not None:
            found = [i for i in found if i.closed_at and i.closed_at >= closed_since]
        if due_before is not None:
            found = [i for i in found if i.due and i.due < due_before]
        return [copy.deepcopy(i) for i in sorted(found, key=lambda i: i.number)]

    def save(self, committee: Committee, item: Item) -> None:
        assert item.id in self._store.items and item.committee_id == committee.id
        self._store.items[item.id] = copy.deepcopy(item)

    def record(self, committee: Committee, item: Item, change: Change) -> None:
        assert item.id is not None
        self._store.changes.setdefault(item.id, []).append(change)

    def history(self, committee: Committee, item: Item) -> list[Change]:
        assert item.id is not None
        return list(self._store.changes.get(item.id, []))


class FakeOutbox:
    def __init__(self, store: _Store) -> None:
        self._store = store

    def add(self, post: Post) -> bool:
        if post.key is not None and any(p.key == post.key and p.team_id == post.team_id for p in self._store.outbox):
            return False
        self._store.outbox.append(post)
        return True


class FakeChoices:
    """Pending questions, kept as JSON like the database keeps them: what goes in must be JSON, and comes out new."""

    def __init__(self, store: _Store) -> None:
        self._store = store

    def keep(self, team_id: str, user_id: str, payload: dict[str, Any], at: datetime) -> str:
        old = at - timedelta(days=7)
        for key, (team, user, _, asked) in list(self._store.choices.items()):
            if (team, user) == (team_id, user_id) and asked < old:
                del self._store.choices[key]
        key = secrets.token_urlsafe(16)
        self._store.choices[key] = (team_id, user_id, json.dumps(payload), at)
        return key

    def get(self, team_id: str, user_id: str, key: str, *, since: datetime) -> dict[str, Any] | None:
        found = self._store.choices.get(key)
        if found is None or found[:2] != (team_id, user_id) or found[3] < since:
            return None
        payload: dict[str, Any] = json.loads(found[2])
        return payload

    def drop(self, team_id: str, user_id: str, key: str) -> bool:
        found = self._store.choices.get(key)
        if found is not None and found[:2] == (team_id, user_id):
            del self._store.choices[key]
            return True
        return False


class FakeUnitOfWork:
    """Works on a copy of the store; commit() publishes it, leaving without commit() discards it."""

    def __init__(self, store: _Store | None = None) -> None:
        self.store = store or _Store()
        self.commits = 0

    def __call__(self) -> FakeUnitOfWork:
        return self

    def __enter__(self) -> FakeUnitOfWork:
        self._working = copy.deepcopy(self.store)
        self.committees = FakeCommittees(self._working)
        self.items = FakeItems(self._working)
        self.outbox = FakeOutbox(self._working)
        self.events = FakeEvents(self._working)
        self.reminders = FakeReminderPlans(self._working)
        self.meetings = FakeMeetings(self._working.meeting_record)
        self.decisions = FakeDecisions(self._working.meeting_record)
        self.updates = FakeUpdates(self._working.meeting_record)
        self.topics = FakeTopics(self._working.meeting_record)
        self.agenda_items = FakeAgendaItems(self.items)
        self.choices = FakeChoices(self._working)
        self.archive = FakeArchive(self._working)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._working = self.store

    def commit(self) -> None:
        self.store.__dict__.update(copy.deepcopy(self._working).__dict__)
        self.commits += 1


class FakeEvents:
    def __init__(self, store: _Store) -> None:
        self._store = store

    def add(self, committee: Committee, event: Event) -> Event:
        event.id, event.number = len(self._store.events) + 1, self._store.next_number(committee, "event")
        self._store.events[event.id] = copy.deepcopy(event)
        return event

    def get(self, committee: Committee, number: int) -> Event | None:
        key = (committee.id, number)
        return next(
            (copy.deepcopy(e) for e in self._store.events.values() if (e.committee_id, e.number) == key),
            None,
        )

    def find(
        self, committee: Committee, *, ending_from: date | None = None, starting_before: date | None = None
    ) -> list[Event]:
        found = [
            e
            for e in self._store.events.values()
            if e.committee_id == committee.id
            and (ending_from is None or e.ends >= ending_from)
            and (starting_before is None or e.starts < starting_before)
        ]
        return [copy.deepcopy(e) for e in sorted(found, key=lambda e: (e.starts, e.number))]

    def save(self, committee: Committee, event: Event) -> None:
        assert event.id in self._store.events and event.committee_id == committee.id
        self._store.events[event.id] = copy.deepcopy(event)

    def remove(self, committee: Committee, event: Event) -> None:
        assert event.id is not None and event.committee_id == committee.id
        del self._store.events[event.id]

    def settings(self, committee: Committee) -> CalendarSettings:
        return copy.copy(self._store.calendar.get(committee.id, CalendarSettings()))

    def save_settings(self, committee: Committee, settings: CalendarSettings) -> None:
        self._store.calendar[committee.id] = copy.copy(settings)

    def by_token(self, token: str) -> Scope | None:
        for committee_id, settings in self._store.calendar.items():
            if settings.token == token:
                committee = self._store.committees[committee_id]
                return Scope(committee.team_id, committee.channel_id)
        return None

    def schedules(self) -> list[tuple[Committee, CalendarSettings]]:
        return [(copy.copy(c), self.settings(c)) for c in self._store.committees.values()]

    def feed_version(self, committee: Committee) -> str:
        """Changes with the events, dated items and meetings the feed shows, as the real one does."""
        items = [i for i in self._store.items.values() if i.committee_id == committee.id and i.due]
        events = [e for e in self._store.events.values() if e.committee_id == committee.id]
        meetings = self._store.meeting_record
        shown = (committee.name, events, items, meetings.rules.get(committee.id), meetings.cancelled.get(committee.id))
        return str(hash(repr(shown)))


class FakeReminderPlans:
    def __init__(self, store: _Store) -> None:
        self._store = store

    def settings(self, committee: Committee) -> ReminderSettings:
        return self._store.reminder_settings.get(committee.id, DEFAULT)

    def save_settings(self, committee: Committee, settings: ReminderSettings) -> None:
        self._store.reminder_settings[committee.id] = settings

    def of_item(self, committee: Committee, item_id: int) -> list[Plan]:
        return [copy.copy(p) for (i, _), p in self._store.plans.items() if i == item_id]

    def of_committee(self, committee: Committee) -> list[Plan]:
        scope = (committee.team_id, committee.channel_id)
        plans = self._store.plans.values()
        return [copy.copy(p) for p in plans if (p.team_id, p.channel_id) == scope and not p.problem]

    def replace(self, committee: Committee, item_id: int, plans: Sequence[Plan]) -> None:
        for key in [k for k in self._store.plans if k[0] == item_id]:
            del self._store.plans[key]
        for plan in plans:
            self._store.plans[(item_id, plan.user_id)] = replace(
                plan, team_id=committee.team_id, channel_id=committee.channel_id
            )

    def waiting(self, now: datetime) -> list[Scope]:
        found = {Scope(p.team_id, p.channel_id) for p in self._store.plans.values() if p.next_at and p.next_at <= now}
        return sorted(found, key=lambda s: (s.team_id, s.channel_id))

    def due(self, now: datetime, *, limit: int, committee: Committee) -> list[Plan]:
        scope = (committee.team_id, committee.channel_id)
        found = [
            p
            for p in self._store.plans.values()
            if p.next_at is not None and p.next_at <= now and (p.team_id, p.channel_id) == scope
        ]
        return [copy.copy(p) for p in sorted(found, key=lambda p: p.next_at or now)[:limit]]

    def get(self, team_id: str, item_id: int, user_id: str) -> Plan | None:
        plan = self._store.plans.get((item_id, user_id))
        return copy.copy(plan) if plan and plan.team_id == team_id else None

    def save(self, plan: Plan) -> None:
        self._store.plans[(plan.item_id, plan.user_id)] = copy.copy(plan)


class FakeArchive:
    """Import marks, records added back with their own numbers, and every topic and meeting."""

    def __init__(self, store: _Store) -> None:
        self._store = store

    def marks(self, committee: Committee, fingerprints: Collection[str] | None = None) -> list[ImportMark]:
        found = self._store.marks.get(committee.id, [])
        return [m for m in found if fingerprints is None or m.fingerprint in set(fingerprints)]

    def remember(self, committee: Committee, mark: ImportMark) -> None:
        mine = self._store.marks.setdefault(committee.id, [])
        if all(m.fingerprint != mark.fingerprint for m in mine):
            mine.append(mark)

    def restore_item(self, committee: Committee, item: Item) -> Item:
        assert all(not (i.committee_id == committee.id and i.number == item.number) for i in self._store.items.values())
        item.id = len(self._store.items) + 1
        self._store.items[item.id] = copy.deepcopy(item)
        self.raise_counters(committee, {"item": item.number})
        return item

    def restore_decision(self, committee: Committee, decision: Decision) -> Decision:
        decision.id = self._store.meeting_record.next_id()
        self._store.meeting_record.decisions.setdefault(committee.id, []).append(copy.deepcopy(decision))
        self.raise_counters(committee, {"decision": decision.number})
        return decision

    def restore_event(self, committee: Committee, event: Event) -> Event:
        event.id = len(self._store.events) + 1
        self._store.events[event.id] = copy.deepcopy(event)
        self.raise_counters(committee, {"event": event.number})
        return event

    def counters(self, committee: Committee) -> dict[str, int]:
        found = {kind: last for (cid, kind), last in self._store.numbers.items() if cid == committee.id}
        decisions = self._store.meeting_record.decisions.get(committee.id, [])
        if decisions:  # the fake decisions number themselves (the highest plus one): never removed, the same
            found["decision"] = max(d.number for d in decisions)
        return found

    def raise_counters(self, committee: Committee, counters: Mapping[str, int]) -> None:
        for kind, last in counters.items():
            if kind == "decision":
                continue  # see counters()
            key = (committee.id, kind)
            self._store.numbers[key] = max(self._store.numbers.get(key, 0), last)

    def topics(self, committee: Committee) -> list[Topic]:
        return copy.deepcopy(sorted(self._store.meeting_record.topics.get(committee.id, []), key=lambda t: t.id or 0))

    def restore_topic(self, committee: Committee, topic: Topic) -> Topic:
        topic.id = self._store.meeting_record.next_id()
        self._store.meeting_record.topics.setdefault(committee.id, []).append(copy.deepcopy(topic))
        return topic

    def meetings(self, committee: Committee) -> list[Meeting]:
        found = self._store.meeting_record.meetings.get(committee.id, [])
        return copy.deepcopy(sorted(found, key=lambda m: (m.started_at, m.id or 0)))
