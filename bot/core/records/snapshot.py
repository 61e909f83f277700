"""Steerbot's JSON export: everything about a committee, as one document, versioned with a schema.

The document is described by the pydantic models below (one source of truth): `schema()` is the JSON Schema
(draft 2020-12) committed as `steerbot-export.schema.json` beside this module, and reading an export back is the
same models' validation. Version 1.

What is in it: the committee's settings (zone, date order, admins, reminder policy, digest and event-reminder
times, the agenda's lead time, the last numbers given), the names of the members it mentions, the meeting schedule
and its cancellations, items with their owners and history, decisions (revoked ones too), project updates, meetings
held with their notes, attendees and minutes, agenda topics (covered ones too), events, and the marks of imported
records (where each came from). What is not: the calendar feed's secret token (a secret, and a new one is made at
will), reminders already sent or planned (planned again from the items), messages waiting to be sent, questions
waiting for an answer.

Lossless: `restoring.restore` puts every part back as it was (numbers, times, authors, statuses, history), so
export, import into an empty database, export again gives the same document (`exported_at` aside).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from bot.core.kernel.context import Context
from bot.core.kernel.model import Committee, Event, Item, Owner, Status
from bot.core.kernel.ports import UnitOfWork
from bot.core.kernel.record import Meeting

VERSION = 1
SCHEMA_FILE = Path(__file__).with_name("steerbot-export.schema.json")
SCHEMA_ID = "https://steerbot.invalid/schema/steerbot-export-1.schema.json"
MEETINGS = 100_000  # meetings read for an export: all of them


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


P = TypeVar("P", bound=_Part)


class OwnerOut(_Part):
    name: str
    user_id: str | None = None
    group: bool = False


class ChangeOut(_Part):
    at: datetime
    actor: str
    action: str
    detail: str = ""


class MessageOut(_Part):
    channel: str
    ts: str


class ItemOut(_Part):
    number: int = Field(ge=1)
    task: str
    owners: list[OwnerOut]
    due: date | None = None
    due_phrase: str | None = None
    status: Literal["open", "done", "cancelled"]
    created_by: str
    created_at: datetime
    closed_at: datetime | None = None
    message: MessageOut | None = None
    history: list[ChangeOut] = []


class DecisionOut(_Part):
    number: int = Field(ge=1)
    text: str
    recorded_by: str
    recorded_at: datetime
    meeting: int | None = Field(default=None, description="the number of its meeting in `meetings`")
    meeting_at: datetime | None = None
    revoked_at: datetime | None = None
    revoked_by: str | None = None


class UpdateOut(_Part):
    project: str
    text: str
    author: str
    at: datetime


class NoteOut(_Part):
    kind: Literal["action", "agreed", "info", "topic", "link"]
    text: str
    user_id: str
    at: datetime
    item_number: int | None = None
    decision_number: int | None = None
    undone: bool = False


class MeetingOut(_Part):
    number: int = Field(ge=1, description="its place in this document, oldest first")
    started_at: datetime
    started_by: str
    scheduled_at: datetime | None = None
    ended_at: datetime | None = None
    minutes: str | None = None
    attendees: list[str] = []
    notes: list[NoteOut] = []


class TopicOut(_Part):
    title: str
    added_by: str
    added_at: datetime
    owner: OwnerOut | None = None
    minutes: int | None = None
    meeting_at: datetime | None = None
    position: int = 0
    covered_at: datetime | None = None


class EventOut(_Part):
    number: int = Field(ge=1)
    name: str
    starts: date
    ends: date
    place: str = ""
    notes: str = ""
    link: str = ""
    created_by: str
    created_at: datetime


class RuleOut(_Part):
    start: datetime
    timezone: str
    rrule: str | None = None
    created_by: str = ""


class ScheduleOut(_Part):
    rules: list[RuleOut] = []
    cancelled: list[datetime] = []


class RemindersOut(_Part):
    days_before: list[int]
    at: str = Field(pattern=r"^\d{2}:\d{2}$")
    nudges: int = Field(ge=0)


class CalendarOut(_Part):
    digest_day: int | None = Field(default=0, ge=0, le=6)
    digest_time: str = Field(default="09:00", pattern=r"^\d{2}:\d{2}$")
    event_reminder_days: int | None = 7


class CommitteeOut(_Part):
    team_id: str
    channel_id: str
    name: str
    timezone: str
    day_first: bool = True
    admins: list[str] = []
    reminders: RemindersOut
    calendar: CalendarOut
    agenda_lead_minutes: int = Field(ge=0)
    counters: dict[str, int] = Field(default={}, description="the last number given to items, events, decisions")


class MarkOut(_Part):
    fingerprint: str
    kind: str
    ref: str
    source: str
    format: str
    by: str
    at: datetime


class Export(_Part):
    """A committee's whole record."""

    format: Literal["steerbot-export"] = "steerbot-export"
    version: Literal[1] = 1
    exported_at: datetime
    committee: CommitteeOut
    members: dict[str, str] = Field(default={}, description="user id -> name, for everyone the record mentions")
    schedule: ScheduleOut = ScheduleOut()
    items: list[ItemOut] = []
    decisions: list[DecisionOut] = []
    updates: list[UpdateOut] = []
    meetings: list[MeetingOut] = []
    topics: list[TopicOut] = []
    events: list[EventOut] = []
    imports: list[MarkOut] = Field(default=[], description="where imported records came from")

    def document(self) -> dict[str, Any]:
        """As JSON values (dates and times as ISO 8601 strings, times in UTC)."""
        return self.model_dump(mode="json")

    def text(self) -> str:
        return json.dumps(self.document(), ensure_ascii=False, indent=2) + "\n"


def schema() -> dict[str, Any]:
    """The export's JSON Schema, as committed in steerbot-export.schema.json."""
    found = Export.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **found,
        "title": "Steerbot export, version 1",
    }


def export(uow: UnitOfWork, ctx: Context, committee: Committee) -> Export:
    """The committee's record as it is now."""
    meetings = uow.archive.meetings(committee)
    number_of = {m.id: n for n, m in enumerate(meetings, 1)}
    document = Export(
        exported_at=ctx.clock.now(),
        committee=_committee(uow, committee),
        schedule=ScheduleOut(
            rules=_out(RuleOut, uow.meetings.rules(committee)), cancelled=sorted(uow.meetings.cancelled(committee))
        ),
        items=[_item(uow, committee, i) for i in uow.items.find(committee, statuses=tuple(Status))],
        decisions=[
            DecisionOut.model_validate(d, from_attributes=True).model_copy(
                update={"meeting": number_of.get(d.meeting_id)}
            )
            for d in uow.decisions.find(committee)
        ],
        updates=_out(UpdateOut, uow.updates.find(committee)),
        meetings=[_meeting(uow, n, m) for n, m in enumerate(meetings, 1)],
        topics=_out(TopicOut, uow.archive.topics(committee)),
        events=_out(EventOut, _by_number(uow.events.find(committee))),
        # a restore's own marks are not exported: the record it restored is the same record
        imports=_out(MarkOut, [m for m in uow.archive.marks(committee) if m.format != "json"]),
    )
    names = {m.user_id: m.label for m in ctx.directory.members(committee.team_id)}
    mentioned = _user_ids(document)
    return document.model_copy(update={"members": {u: names[u] for u in sorted(mentioned) if u in names}})


def _by_number(events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda e: e.number)


def _out(model: type[P], values: Iterable[object]) -> list[P]:
    """The record's values (dataclasses) as the export's parts, field by field."""
    return [model.model_validate(v, from_attributes=True) for v in values]


def _committee(uow: UnitOfWork, committee: Committee) -> CommitteeOut:
    reminders = uow.reminders.settings(committee)
    calendar = uow.events.settings(committee)
    return CommitteeOut(
        team_id=committee.team_id,
        channel_id=committee.channel_id,
        name=committee.name,
        timezone=committee.timezone,
        day_first=committee.day_first,
        admins=sorted(committee.admins),
        reminders=RemindersOut(
            days_before=list(reminders.days_before), at=f"{reminders.at:%H:%M}", nudges=reminders.nudges
        ),
        calendar=CalendarOut(
            digest_day=calendar.digest_day,
            digest_time=f"{calendar.digest_time:%H:%M}",
            event_reminder_days=calendar.event_reminder_days,
        ),
        agenda_lead_minutes=int(uow.meetings.agenda_lead(committee).total_seconds() // 60),
        counters=dict(sorted(uow.archive.counters(committee).items())),
    )


def _item(uow: UnitOfWork, committee: Committee, item: Item) -> ItemOut:
    return ItemOut(
        number=item.number,
        task=item.task,
        owners=[OwnerOut(name=o.name, user_id=o.user_id, group=o.group) for o in item.owners],
        due=item.due,
        due_phrase=item.due_phrase,
        status=item.status.value,
        created_by=item.created_by,
        created_at=item.created_at,
        closed_at=item.closed_at,
        message=MessageOut(channel=item.message.channel, ts=item.message.ts) if item.message else None,
        history=[
            ChangeOut(at=c.at, actor=c.actor, action=c.action, detail=c.detail)
            for c in uow.items.history(committee, item)
        ],
    )


def _meeting(uow: UnitOfWork, number: int, meeting: Meeting) -> MeetingOut:
    return MeetingOut(
        number=number,
        started_at=meeting.started_at,
        started_by=meeting.started_by,
        scheduled_at=meeting.scheduled_at,
        ended_at=meeting.ended_at,
        minutes=meeting.minutes,
        attendees=uow.meetings.attendees(meeting),
        notes=[
            NoteOut(
                kind=n.kind.value,
                text=n.text,
                user_id=n.user_id,
                at=n.at,
                item_number=n.item_number,
                decision_number=n.decision_number,
                undone=n.undone,
            )  # fmt: skip
            for n in uow.meetings.notes(meeting)
        ],
    )


def _owner(owner: Owner | None) -> OwnerOut | None:
    return None if owner is None else OwnerOut(name=owner.name, user_id=owner.user_id, group=owner.group)


def _user_ids(document: Export) -> set[str]:
    """Every user id the record mentions (owners, authors, attendees, admins …)."""
    found = set(document.committee.admins)
    for item in document.items:
        found |= {item.created_by, *(o.user_id for o in item.owners if o.user_id), *(c.actor for c in item.history)}
    found |= {d.recorded_by for d in document.decisions} | {d.revoked_by for d in document.decisions if d.revoked_by}
    found |= {u.author for u in document.updates} | {e.created_by for e in document.events}
    for meeting in document.meetings:
        found |= {meeting.started_by, *meeting.attendees, *(n.user_id for n in meeting.notes)}
    found |= {t.added_by for t in document.topics}
    found |= {t.owner.user_id for t in document.topics if t.owner and t.owner.user_id}
    found |= {r.created_by for r in document.schedule.rules} | {m.by for m in document.imports}
    return {u for u in found if u}
