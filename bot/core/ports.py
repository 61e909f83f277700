"""What the services need from the outside world, as Protocols: storage, the directory, the clock."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import TracebackType
from typing import Protocol

from bot.core.documents import Doc
from bot.core.model import CalendarSettings, Change, Committee, Event, Item, Member, MessageRef, Scope, Status


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...


@dataclass(frozen=True)
class Post:
    """A message the bot will send once the change that caused it is committed."""

    team_id: str
    doc: Doc
    channel: str | None = None  # post to this channel ...
    user: str | None = None  # ... or DM this user
    update: MessageRef | None = None  # replace this message instead of posting a new one
    item_id: int | None = None  # the posted message becomes this item's card
    key: str | None = None  # a post with a key is sent once ever, however often it is added ("digest:C1:2024-W09")


class Directory(Protocol):
    """Workspace members, from Slack's users.list (cached) or the console's demo workspace."""

    def members(self, team_id: str) -> Sequence[Member]: ...

    def member(self, team_id: str, user_id: str) -> Member | None: ...


class Committees(Protocol):
    def find(self, scope: Scope) -> Committee | None: ...

    def create(self, scope: Scope, *, name: str, timezone: str, admin: str) -> Committee: ...

    def save_settings(self, committee: Committee) -> None: ...

    def set_admin(self, committee: Committee, user_id: str, admin: bool) -> None: ...

    def of_team(self, team_id: str) -> list[Committee]:
        """The workspace's committees, by name."""
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


class UnitOfWork(Protocol):
    """One transaction: everything in it is committed together or not at all."""

    committees: Committees
    items: Items
    outbox: Outbox
    events: Events

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def commit(self) -> None: ...


class Job(Protocol):
    """A duty of every scheduler pass (reminders, agenda posts, digests): it queues keyed posts."""

    def run(self, now: datetime, *, dry_run: bool = False) -> list[str]:
        """Does what is due at `now`; returns one line per message queued (or that would be, when dry_run)."""
        ...


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

    def schedules(self) -> list[tuple[Committee, CalendarSettings]]:
        """Every committee with its settings: what the digest and event-reminder jobs go through."""
        ...
