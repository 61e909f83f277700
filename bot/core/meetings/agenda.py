"""Use cases for the agenda: `/agenda` (show, for <date>, post, export, add/remove/move topics), the
"Post to channel" button, and the job that posts each meeting's agenda once, a lead time before it."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import assert_never
from zoneinfo import ZoneInfo

from bot.core.items.owners import known_names, resolve
from bot.core.kernel.boundary import Caller, Post, Said
from bot.core.kernel.context import Context
from bot.core.kernel.documents import Button, Doc, Section, line, say
from bot.core.kernel.grammar import Help, Invalid
from bot.core.kernel.markdown import markdown
from bot.core.kernel.model import Committee, Status
from bot.core.kernel.ports import UnitOfWork
from bot.core.kernel.record import Topic
from bot.core.kernel.zones import show_date
from bot.core.language import read_owners
from bot.core.meetings.agenda_grammar import (
    USAGE,
    AddTopic,
    MoveTopic,
    RemoveTopic,
    Show,
    parse_agenda_command,
)
from bot.core.meetings.documents import EXPORT_LIMIT, LIMIT, Agenda, agenda_doc
from bot.core.meetings.schedule import ScheduleError, read_day
from bot.core.meetings.scheduling import last_meeting, next_meeting, schedule_of

POST_BUTTON = "agenda_post"
EVENTS_AHEAD = timedelta(days=90)
LEAD_LIMIT = timedelta(days=14)
_LEAD_PART = re.compile(r"(\d{1,5})\s*(days?|d|hours?|hrs?|h|minutes?|mins?|m)")
_LEAD = re.compile(rf"(?:{_LEAD_PART.pattern}\s*)+")
_UNITS = {"d": "days", "h": "hours", "m": "minutes"}


class AgendaService:
    def __init__(self, uow: Callable[[], UnitOfWork], context: Context) -> None:
        self._uow = uow
        self._ctx = context

    def handle(self, caller: Caller, said: Said) -> Doc | None:
        match parse_agenda_command(said.text):
            case Help():
                return say(USAGE)
            case Invalid(message=why):
                return say(why)
            case Show() as command:
                return self.show(caller, command)
            case AddTopic() as command:
                return self.add_topic(caller, command, said)
            case RemoveTopic(number=number):
                return self.remove_topic(caller, number)
            case MoveTopic() as command:
                return self.move_topic(caller, command)
            case unreachable:
                assert_never(unreachable)

    def show(self, caller: Caller, command: Show) -> Doc:
        speaker = self._ctx.speaker(caller)
        now = self._ctx.clock.now()
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            at = next_meeting(uow, committee, now)
            if command.when:
                tz = self._ctx.committee_zone(committee)
                try:
                    day = read_day(command.when, now.astimezone(tz).date(), committee.day_first)
                except ScheduleError as error:
                    return say(str(error))
                on_day = [m for m in schedule_of(uow, committee).on_day(day, tz) if m > now]
                if not on_day:
                    return say(f"There is no meeting on {show_date(day)}. `/meeting list` shows them.")
                at = on_day[0]
            if command.how == "show":
                viewer = self._ctx.zone(speaker, committee)
                agenda = self.gather(uow, committee, at, viewer, caller.team_id)
                doc = agenda_doc(agenda, viewer)
                button = Button(label="Post to channel", action_id=POST_BUTTON, value=at.isoformat() if at else "")
                return doc.model_copy(update={"sections": (*doc.sections, Section(buttons=(button,)))})
            tz = self._ctx.committee_zone(committee)
            if command.how == "export":
                agenda = self.gather(uow, committee, at, tz, caller.team_id, EXPORT_LIMIT)
                return _markdown_doc("Agenda as Markdown", markdown(agenda_doc(agenda, tz, limit=EXPORT_LIMIT)))
            return self._post(uow, caller, committee, at, again=command.again)

    def post(self, caller: Caller, when: str) -> Doc:
        """The "Post to channel" button: `when` is the meeting's time as shown (empty: none scheduled)."""
        try:
            at = datetime.fromisoformat(when) if when else None
        except ValueError:
            return say("That button is broken.")
        with self._uow() as uow:
            return self._post(uow, caller, self._ctx.committee(uow, caller), at, again=False)

    def _post(self, uow: UnitOfWork, caller: Caller, committee: Committee, at: datetime | None, *, again: bool) -> Doc:
        """Posts the agenda of the meeting at `at` to the channel: once per meeting (the scheduler's post counts),
        unless asked `again`."""
        tz = self._ctx.committee_zone(committee)
        doc = agenda_doc(self.gather(uow, committee, at, tz, caller.team_id), tz)
        key = None if again or at is None else agenda_key(committee, at)
        if not uow.outbox.add(Post(caller.team_id, doc, channel=caller.channel_id, key=key)):
            when = show_date(at.astimezone(tz).date()) if at else ""
            return say(
                f"The agenda of the meeting on {when} is already in the channel. `/agenda post again` posts it anew."
            )
        uow.commit()
        return say("✓ Posted the agenda to the channel.")

    def gather(
        self, uow: UnitOfWork, committee: Committee, at: datetime | None, tz: ZoneInfo, team_id: str, limit: int = LIMIT
    ) -> Agenda:
        """The record as the agenda of the meeting at `at` shows it; `tz` decides what is overdue. Open items are
        read `limit` to a group, with counts: a committee with thousands costs little more than one SELECT."""
        now = self._ctx.clock.now()
        schedule = schedule_of(uow, committee)
        last = last_meeting(uow, committee, schedule, at or now)
        today = now.astimezone(tz).date()
        meeting_day = at.astimezone(tz).date() if at else None
        return Agenda(
            committee=committee.name,
            meeting_at=at,
            last_at=last,
            today=today,
            open_items=uow.agenda_items.open_groups(committee, today=today, meeting_day=meeting_day, limit=limit),
            done_items=uow.items.find(committee, statuses=(Status.DONE,), closed_since=last),
            updates=uow.updates.find(committee, since=last),
            topics=uow.topics.open(committee, until=at),
            decisions=uow.decisions.find(committee, since=last, revoked=False),
            events=uow.events.find(committee, ending_from=today, starting_before=today + EVENTS_AHEAD),
            names={m.user_id: m.label for m in self._ctx.directory.members(team_id)},
        )

    def add_topic(self, caller: Caller, command: AddTopic, said: Said) -> Doc:
        members = self._ctx.directory.members(caller.team_id)
        owner = None
        if command.owner:
            refs = read_owners(command.owner, names=known_names(members), mentions=said.people, groups=said.groups)
            resolved = resolve(refs, members, self._ctx.speaker(caller) or caller.user_id, said.people)
            if resolved.questions:
                return say(f"“{command.owner}” could be several people; mention them: (@someone).")
            owner = resolved.owners[0] if resolved.owners else None
        now = self._ctx.clock.now()
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            at = next_meeting(uow, committee, now)
            uow.topics.add(
                committee,
                Topic(
                    title=command.title,
                    added_by=caller.user_id,
                    added_at=now,
                    owner=owner,
                    minutes=command.minutes,
                    meeting_at=at,
                ),
            )
            number = len(uow.topics.open(committee, until=at))
            uow.commit()
        tz = self._ctx.committee_zone(committee)
        when = f"the meeting on {show_date(at.astimezone(tz).date())}" if at else "the agenda"
        return say(f"✓ Added topic {number} to {when}. `/agenda` shows it.")

    def remove_topic(self, caller: Caller, number: int) -> Doc:
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            topics = self._topics(uow, committee)
            if not 1 <= number <= len(topics):
                return _no_topic(number, len(topics))
            topic = topics[number - 1]
            if topic.added_by != caller.user_id and not self._ctx.is_admin(caller, committee):
                return say(f"Only who added topic {number} or a committee admin can remove it.")
            uow.topics.remove(committee, topic)
            uow.commit()
        return say(f"✓ Removed topic {number}: {topic.title}")

    def move_topic(self, caller: Caller, command: MoveTopic) -> Doc:
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            topics = self._topics(uow, committee)
            for n in (command.number, command.to):
                if not 1 <= n <= len(topics):
                    return _no_topic(n, len(topics))
            moved = topics.pop(command.number - 1)
            topics.insert(command.to - 1, moved)
            for position, topic in enumerate(topics, 1):
                if topic.position != position:
                    topic.position = position
                    uow.topics.save(committee, topic)
            uow.commit()
        return say(f"✓ Moved “{moved.title}” to place {command.to}.")

    def _topics(self, uow: UnitOfWork, committee: Committee) -> list[Topic]:
        """The topics as numbered on the next meeting's agenda."""
        return uow.topics.open(committee, until=next_meeting(uow, committee, self._ctx.clock.now()))


class AgendaJob:
    """Each scheduler pass: queue the agenda of every committee whose next meeting is within its lead time.

    The post is keyed by channel and meeting time, so it goes out once however many passes or processes
    see it; a meeting already begun is never announced late (its agenda is no longer "next")."""

    def __init__(self, agendas: AgendaService, context: Context) -> None:
        self._agendas = agendas
        self._ctx = context

    def committees(self, uow: UnitOfWork, now: datetime) -> list[Committee]:
        return [c for scope in uow.meetings.scheduled() if (c := uow.committees.find(scope)) is not None]

    def run_for(self, uow: UnitOfWork, committee: Committee, now: datetime, dry_run: bool) -> list[str]:
        at = next_meeting(uow, committee, now)
        if at is None or now < at - uow.meetings.agenda_lead(committee):
            return []
        tz = self._ctx.committee_zone(committee)
        key = agenda_key(committee, at)
        what = f"the agenda of #{committee.name} for {show_date(at.astimezone(tz).date())} ({key})"
        if dry_run:
            return [f"would post {what}"]
        doc = agenda_doc(self._agendas.gather(uow, committee, at, tz, committee.team_id), tz)
        queued = uow.outbox.add(Post(committee.team_id, doc, channel=committee.channel_id, key=key))
        return [f"queued {what}"] if queued else []


def agenda_key(committee: Committee, at: datetime) -> str:
    """The one post of a meeting's agenda, whoever posts it (the scheduler, `/agenda post`, the button)."""
    return f"agenda:{committee.channel_id}:{at.astimezone(UTC):%Y-%m-%dT%H:%MZ}"


def read_lead(value: str) -> timedelta | None:
    """`24h`, `2d`, `90m`, `1d 12h`: the agenda's lead time; None when unreadable or over two weeks."""
    text = value.strip().lower()
    if not _LEAD.fullmatch(text):
        return None
    lead = sum(
        (timedelta(**{_UNITS[unit[0]]: int(n)}) for n, unit in _LEAD_PART.findall(text)),
        timedelta(),
    )
    return lead if timedelta(0) < lead <= LEAD_LIMIT else None


def set_agenda_lead(uow: UnitOfWork, committee: Committee, value: str) -> str:
    """`/committee set agenda-lead 24h`; the answer starts with ✓ when it took."""
    lead = read_lead(value)
    if lead is None:
        return "The agenda's lead time is a duration up to 14 days, such as `24h`, `2d` or `90m`."
    uow.meetings.set_agenda_lead(committee, lead)
    return f"✓ The agenda is now posted {_duration(lead)} before each meeting."


def _duration(lead: timedelta) -> str:
    hours, minutes = divmod(int(lead.total_seconds()) // 60, 60)
    return " ".join(p for p in (f"{hours}h" if hours else "", f"{minutes}m" if minutes else "") if p) or "0m"


def lead_text(uow: UnitOfWork, committee: Committee) -> str:
    return _duration(uow.meetings.agenda_lead(committee))


def _markdown_doc(title: str, text: str) -> Doc:
    return Doc(summary=title, sections=(Section(heading=title, lines=tuple(line(ln) for ln in text.splitlines())),))


def _no_topic(number: int, count: int) -> Doc:
    if count == 0:
        return say("There are no topics on the agenda yet. `/agenda add Budget review (Kevin) for 15m` adds one.")
    return say(f"There is no topic {number}; the agenda has {count}. `/agenda` shows them.")
