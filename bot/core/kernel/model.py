"""The committee's record as plain values: committees, members, action items and their history."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum


class Status(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


@dataclass
class Committee:
    id: int
    team_id: str
    channel_id: str
    name: str
    timezone: str
    day_first: bool = True
    admins: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Member:
    """A workspace member as the directory knows them."""

    user_id: str
    name: str  # the handle (users.list `name`)
    real_name: str = ""
    display_name: str = ""
    tz: str | None = None
    is_admin: bool = False
    is_bot: bool = False
    deleted: bool = False

    @property
    def label(self) -> str:
        """How people call this member in text."""
        return self.display_name or self.real_name or self.name

    @property
    def first_name(self) -> str:
        return (self.real_name or self.display_name).split(" ")[0] if (self.real_name or self.display_name) else ""

    def names(self) -> tuple[str, ...]:
        """Every name this member answers to, for matching typed names."""
        found = [self.name, self.real_name, self.display_name, self.first_name]
        return tuple(dict.fromkeys(n for n in found if n))


@dataclass(frozen=True)
class Owner:
    """An item's owner: a workspace member, or a named outsider (user_id None)."""

    name: str
    user_id: str | None = None
    group: bool = False  # "the chairs", "everyone": kept as named, reminded through the creator

    @property
    def external(self) -> bool:
        return self.user_id is None


@dataclass(frozen=True)
class MessageRef:
    channel: str
    ts: str


@dataclass
class Item:
    committee_id: int
    number: int
    task: str
    owners: list[Owner]
    created_by: str
    created_at: datetime
    due: date | None = None
    due_phrase: str | None = None  # kept when the date waits on something ("next meeting")
    status: Status = Status.OPEN
    closed_at: datetime | None = None
    message: MessageRef | None = None
    id: int | None = None

    def is_overdue(self, today: date) -> bool:
        return self.status is Status.OPEN and self.due is not None and self.due < today

    def owned_by(self, user_id: str) -> bool:
        return any(o.user_id == user_id for o in self.owners)


@dataclass(frozen=True)
class Change:
    """One line of an item's history: who did what, when."""

    at: datetime
    actor: str
    action: str
    detail: str = ""


@dataclass
class Event:
    """A conference or gathering the committee attends: all-day dates, `ends` is its last day."""

    committee_id: int
    number: int
    name: str
    starts: date
    ends: date
    created_by: str
    created_at: datetime
    place: str = ""
    notes: str = ""
    link: str = ""
    id: int | None = None


@dataclass
class CalendarSettings:
    """When the weekly digest and event reminders go out, and the calendar feed's secret token."""

    digest_day: int | None = 0  # weekday, Monday 0; None: no digest
    digest_time: time = time(9, 0)  # in the committee's zone
    event_reminder_days: int | None = 7  # days before an event starts; None: no reminder
    token: str | None = None  # the feed's URL token; None: no feed


NEXT_MEETING = "next meeting"  # the anchor of a due date that waits for the next meeting


@dataclass(frozen=True)
class Anchors:
    """Dates a due-date phrase may refer to: the committee's next meeting and recorded events."""

    next_meeting: date | None = None
    events: Mapping[str, date] = field(default_factory=dict)  # event name as recorded -> start date
