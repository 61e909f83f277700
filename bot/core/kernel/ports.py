"""What the services need from the outside world, as Protocols: storage, the directory, the clock."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime, timedelta
from types import TracebackType
from typing import Any, Protocol

from bot.core.kernel.boundary import Post, Scope
from bot.core.kernel.model import Anchors, CalendarSettings, Change, Committee, Event, Item, Member, Status
from bot.core.kernel.record import Decision, ImportMark, Meeting, Note, OpenItems, Rule, Topic, Update
from bot.core.reminders.policy import Plan, ReminderSettings


class Directory(Protocol):
    """Workspace members, from Slack's users.list (cached) or the console's demo workspace."""

    def members(self, team_id: str) -> Sequence[Member]:
        """Every member; none while the list cannot be read and nothing of it is known yet."""
        ...

    def member(self, team_id: str, user_id: str) -> Member | None: ...

    def known(self, team_id: str) -> bool:
        """Whether `members` is the workspace's list (False while it cannot be read and none is cached)."""
        ...


class Committees(Protocol):
    def find(self, scope: Scope) -> Committee | None: ...

    def create(self, scope: Scope, *, name: str, timezone: str, admin: str) -> Committee: ...

    def save_settings(self, committee: Committee) -> None: ...

    def set_admin(self, committee: Committee, user_id: str, admin: bool) -> None: ...

    def of_team(self, team_id: str) -> list[Committee]:
        """The workspace's committees, by name."""
        ...

    def lock(self, committee: Committee) -> None:
        """Until the transaction ends, no other process changes this committee's record."""
        ...


class Items(Protocol):
    """Action items, always within one committee of one workspace."""

    def add(self, committee: Committee, item: Item) -> Item:
        """Stores a new item, giving it the committee's next number."""
        ...

    def get(self, committee: Committee, number: int) -> Item | None: ...

    def get_by_id(self, committee: Committee, item_id: int) -> Item | None: ...

    def find(
        self,
        committee: Committee,
        *,
        statuses: Sequence[Status] = (Status.OPEN,),
        owner: str | None = None,
        closed_since: datetime | None = None,
        due_before: date | None = None,
    ) -> list[Item]: ...

    def save(self, committee: Committee, item: Item) -> None:
        """Writes the item's fields and owners back."""
        ...

    def record(self, committee: Committee, item: Item, change: Change) -> None: ...

    def history(self, committee: Committee, item: Item) -> list[Change]: ...


class Outbox(Protocol):
    def add(self, post: Post) -> bool:
        """Queues the post; False when a post with the same key was queued before."""
        ...


class Choices(Protocol):
    """Questions the bot asked someone (which Kevin? which date? record it anyway?), kept on the server until
    answered: a button carries only a short key, however long the line it asks about."""

    def keep(self, team_id: str, user_id: str, payload: dict[str, Any], at: datetime) -> str:
        """Stores the question for that person; returns its key (URL-safe, at most 32 characters)."""
        ...

    def get(self, team_id: str, user_id: str, key: str, *, since: datetime) -> dict[str, Any] | None:
        """The question with that key asked of that person after `since`; None for anyone else's or an old one."""
        ...

    def drop(self, team_id: str, user_id: str, key: str) -> bool:
        """Forgets that person's question once answered; a key of anyone else's is left alone. False when there was
        nothing to forget (answered a moment ago, in another transaction)."""
        ...


class UnitOfWork(Protocol):
    """One transaction: everything in it is committed together or not at all."""

    committees: Committees
    items: Items
    outbox: Outbox
    events: Events
    meetings: Meetings
    decisions: Decisions
    updates: Updates
    topics: Topics
    agenda_items: AgendaItems
    reminders: ReminderPlans
    choices: Choices
    archive: Archive

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def commit(self) -> None: ...


class Events(Protocol):
    """A committee's events, and its calendar settings (digest, event reminders, feed token)."""

    def add(self, committee: Committee, event: Event) -> Event:
        """Stores a new event, giving it the committee's next event number."""
        ...

    def get(self, committee: Committee, number: int) -> Event | None: ...

    def find(
        self, committee: Committee, *, ending_from: date | None = None, starting_before: date | None = None
    ) -> list[Event]:
        """Events whose last day is on or after `ending_from` and that start before `starting_before`, by start."""
        ...

    def save(self, committee: Committee, event: Event) -> None: ...

    def remove(self, committee: Committee, event: Event) -> None: ...

    def settings(self, committee: Committee) -> CalendarSettings:
        """The committee's settings; the defaults when it never changed them."""
        ...

    def save_settings(self, committee: Committee, settings: CalendarSettings) -> None: ...

    def by_token(self, token: str) -> Scope | None:
        """The committee whose calendar feed has this token, if any does."""
        ...

    def feed_version(self, committee: Committee) -> str:
        """A short digest that changes whenever what the committee's calendar feed shows changes."""
        ...

    def schedules(self) -> list[tuple[Committee, CalendarSettings]]:
        """Every committee with its settings: what the digest and event-reminder jobs go through."""
        ...


class ReminderPlans(Protocol):
    """Who is reminded of which item and when (one plan per item and person), and each committee's policy."""

    def settings(self, committee: Committee) -> ReminderSettings:
        """The committee's reminder policy; the default when it never changed it."""
        ...

    def save_settings(self, committee: Committee, settings: ReminderSettings) -> None: ...

    def of_item(self, committee: Committee, item_id: int) -> list[Plan]: ...

    def of_committee(self, committee: Committee) -> list[Plan]:
        """Every plan of the committee that can still be sent (none flagged)."""
        ...

    def replace(self, committee: Committee, item_id: int, plans: Sequence[Plan]) -> None:
        """The item's plans become these: the others are dropped, these are written."""
        ...

    def waiting(self, now: datetime) -> list[Scope]:
        """The committees with a plan whose next reminder time has come."""
        ...

    def due(self, now: datetime, *, limit: int, committee: Committee) -> list[Plan]:
        """The committee's plans whose next reminder time has come, soonest first; another pass cannot take them
        meanwhile."""
        ...

    def get(self, team_id: str, item_id: int, user_id: str) -> Plan | None: ...

    def save(self, plan: Plan) -> None: ...


class Meetings(Protocol):
    """A committee's schedule, its meetings held with live capture, and its agenda settings."""

    def rules(self, committee: Committee) -> list[Rule]: ...

    def add_rule(self, committee: Committee, rule: Rule) -> Rule:
        """Stores a schedule entry; a recurrence replaces the committee's previous recurrence."""
        ...

    def clear_rules(self, committee: Committee) -> None: ...

    def cancelled(self, committee: Committee) -> frozenset[datetime]: ...

    def cancel(self, committee: Committee, at: datetime, by: str) -> None: ...

    def scheduled(self) -> list[Scope]:
        """Every committee with a schedule entry: what the agenda job goes through."""
        ...

    def running(self, committee: Committee) -> Meeting | None: ...

    def held(self, committee: Committee, *, before: datetime | None = None, limit: int = 20) -> list[Meeting]:
        """Meetings held (or running), latest first."""
        ...

    def start(self, committee: Committee, meeting: Meeting) -> Meeting: ...

    def save(self, committee: Committee, meeting: Meeting) -> None: ...

    def add_note(self, meeting: Meeting, note: Note) -> Note: ...

    def save_note(self, meeting: Meeting, note: Note) -> None: ...

    def notes(self, meeting: Meeting) -> list[Note]: ...

    def attend(self, meeting: Meeting, user_id: str, at: datetime) -> None: ...

    def attendees(self, meeting: Meeting) -> list[str]:
        """In the order they first spoke."""
        ...

    def first_sight(self, team_id: str, event_id: str, at: datetime) -> bool:
        """Remembers a Slack event id; False when it was seen before (Slack retried the delivery)."""
        ...

    def agenda_lead(self, committee: Committee) -> timedelta: ...

    def set_agenda_lead(self, committee: Committee, lead: timedelta) -> None: ...


class Decisions(Protocol):
    def add(self, committee: Committee, decision: Decision) -> Decision:
        """Stores it with the committee's next decision number."""
        ...

    def get(self, committee: Committee, number: int) -> Decision | None: ...

    def find(
        self, committee: Committee, *, since: datetime | None = None, words: str = "", revoked: bool = True
    ) -> list[Decision]:
        """Oldest first; `words` must all appear in the text (case-insensitive)."""
        ...

    def save(self, committee: Committee, decision: Decision) -> None: ...


class Updates(Protocol):
    def add(self, committee: Committee, update: Update) -> Update: ...

    def find(self, committee: Committee, *, since: datetime | None = None, project: str | None = None) -> list[Update]:
        """Oldest first; `project` matches case-insensitively."""
        ...

    def projects(self, committee: Committee) -> list[str]:
        """Project names as first written."""
        ...


class Topics(Protocol):
    def add(self, committee: Committee, topic: Topic) -> Topic:
        """Stores it after the committee's other open topics."""
        ...

    def open(self, committee: Committee, *, until: datetime | None = None) -> list[Topic]:
        """Topics not yet covered, meant for a meeting up to `until` (or for no meeting in particular)."""
        ...

    def save(self, committee: Committee, topic: Topic) -> None: ...

    def remove(self, committee: Committee, topic: Topic) -> None: ...


class AnchorSource(Protocol):
    """What "before the next meeting" and "before FOSDEM" mean for a committee, for reading due dates."""

    def anchors(self, uow: UnitOfWork, committee: Committee) -> Anchors: ...


class AgendaItems(Protocol):
    def open_groups(self, committee: Committee, *, today: date, meeting_day: date | None, limit: int) -> OpenItems:
        """Open items grouped as the agenda reviews them (record.group_of), `limit` to a group, with counts."""
        ...


class Archive(Protocol):
    """What importing and exporting a committee's whole record need beyond the other ports: the marks of imported
    records, records added back with their original numbers, and the parts of the record the others show in part."""

    def marks(self, committee: Committee, fingerprints: Collection[str] | None = None) -> list[ImportMark]:
        """The committee's import marks (only those with these fingerprints, when given), oldest first."""
        ...

    def remember(self, committee: Committee, mark: ImportMark) -> None:
        """Keeps the mark; one with a fingerprint the committee already has is not kept twice."""
        ...

    def restore_item(self, committee: Committee, item: Item) -> Item:
        """Stores the item with its own number (which must be free); the numbering goes on after it."""
        ...

    def restore_decision(self, committee: Committee, decision: Decision) -> Decision:
        """Stores the decision with its own number, revoked or not; the numbering goes on after it."""
        ...

    def restore_event(self, committee: Committee, event: Event) -> Event:
        """Stores the event with its own number; the numbering goes on after it."""
        ...

    def counters(self, committee: Committee) -> dict[str, int]:
        """The last number given, by kind (item, event, decision); a kind never numbered is left out."""
        ...

    def raise_counters(self, committee: Committee, counters: Mapping[str, int]) -> None:
        """Each kind's counter becomes at least this (it never goes down)."""
        ...

    def topics(self, committee: Committee) -> list[Topic]:
        """Every agenda topic, covered ones too, in the order they were added."""
        ...

    def restore_topic(self, committee: Committee, topic: Topic) -> Topic:
        """Stores the topic as it was (its position and coverage kept)."""
        ...

    def meetings(self, committee: Committee) -> list[Meeting]:
        """Every meeting held, oldest first."""
        ...
