"""The meeting side of the committee's record as plain values: schedule rules, held meetings, what was
said in them, decisions, project updates and agenda topics."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from bot.core.kernel.model import Item, Owner

DEFAULT_AGENDA_LEAD = timedelta(hours=24)


@dataclass(frozen=True)
class Rule:
    """One entry of a committee's schedule: a one-off meeting (rrule None) or a recurrence.

    `start` is the first meeting in UTC; the recurrence is read in `timezone`, so "15:00 Europe/London"
    stays 15:00 in London across daylight-saving changes."""

    start: datetime
    timezone: str
    rrule: str | None = None  # iCalendar RRULE without DTSTART, e.g. "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    created_by: str = ""
    id: int | None = None


@dataclass
class Meeting:
    """A meeting held (or running) in the channel: live capture between /meeting start and /meeting end."""

    channel_id: str
    started_at: datetime
    started_by: str
    scheduled_at: datetime | None = None  # the schedule's meeting it stands for, when there is one
    ended_at: datetime | None = None
    minutes: str | None = None  # the Markdown minutes, kept at the end
    id: int | None = None

    @property
    def at(self) -> datetime:
        """When it counts as having taken place: its scheduled time, else when it started."""
        return self.scheduled_at or self.started_at


class NoteKind(StrEnum):
    ACTION = "action"
    AGREED = "agreed"
    INFO = "info"
    TOPIC = "topic"
    LINK = "link"


@dataclass
class Note:
    """A line captured during a meeting (`#info …`); #action and #agreed notes point at what they created."""

    kind: NoteKind
    text: str
    user_id: str
    at: datetime
    item_number: int | None = None
    decision_number: int | None = None
    undone: bool = False
    id: int | None = None


@dataclass
class Decision:
    text: str
    recorded_by: str
    recorded_at: datetime
    meeting_id: int | None = None
    meeting_at: datetime | None = None  # the meeting it belongs to: the running one, else the most recent
    revoked_at: datetime | None = None
    revoked_by: str | None = None
    number: int = 0
    id: int | None = None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


@dataclass
class Update:
    """A project or workstream update: `/update DCAP: QEMU can run an sbsa-ref machine`."""

    project: str
    text: str
    author: str
    at: datetime
    id: int | None = None


@dataclass
class Topic:
    """A topic added to the agenda; it stays on every agenda until removed or a meeting ends after it."""

    title: str
    added_by: str
    added_at: datetime
    owner: Owner | None = None
    minutes: int | None = None  # time box
    meeting_at: datetime | None = None  # the meeting it was added for (None: none was scheduled)
    position: int = 0
    covered_at: datetime | None = None
    id: int | None = None


@dataclass(frozen=True)
class OpenItems:
    """Open items as an agenda reviews them: overdue, due by the meeting's day, the rest (no date last);
    each group by due date, cut at a limit, with how many there are in all."""

    overdue: Sequence[Item] = ()
    before: Sequence[Item] = ()
    other: Sequence[Item] = ()
    counts: tuple[int, int, int] = (0, 0, 0)

    @property
    def total(self) -> int:
        return sum(self.counts)

    @classmethod
    def of(cls, items: Iterable[Item], *, today: date, meeting_day: date | None, limit: int) -> OpenItems:
        groups: tuple[list[Item], list[Item], list[Item]] = ([], [], [])
        for item in sorted(items, key=lambda i: (i.due is None, i.due, i.number)):
            groups[group_of(item, today, meeting_day)].append(item)
        overdue, before, other = groups
        return cls(overdue[:limit], before[:limit], other[:limit], (len(overdue), len(before), len(other)))


def group_of(item: Item, today: date, meeting_day: date | None) -> int:
    """0 overdue, 1 due by the meeting's day, 2 the rest."""
    if item.due is not None and item.due < today:
        return 0
    if item.due is not None and meeting_day is not None and item.due <= meeting_day:
        return 1
    return 2


@dataclass(frozen=True)
class ImportMark:
    """A record that came in by an import: its fingerprint (what it was made from, so the same document imported
    again records nothing twice), which record it is (`kind` and `ref`: an item's number, a meeting's id …), and
    where it came from: the file, its format, who imported it and when."""

    fingerprint: str
    kind: str  # item, decision, update, event, meeting, schedule
    ref: str
    source: str
    format: str
    by: str
    at: datetime
