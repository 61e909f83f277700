"""Live meeting capture, MeetBot-style: `/meeting start`, tagged channel lines (#action through the same
reading and creation as /action, #agreed as decisions, #info, #topic, #link, #undo), attendance, and
`/meeting end` with the minutes posted and kept as Markdown (`/meeting minutes [date]`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from bot.core.items.questions import Asked
from bot.core.items.service import ActionService
from bot.core.kernel.boundary import Caller, Heard, Post, Said
from bot.core.kernel.context import Context
from bot.core.kernel.documents import Doc, Section, line, message, say
from bot.core.kernel.markdown import markdown
from bot.core.kernel.model import Committee, Status
from bot.core.kernel.ports import UnitOfWork
from bot.core.kernel.record import Decision, Meeting, Note, NoteKind
from bot.core.kernel.zones import show_date, show_time
from bot.core.meetings.capture_grammar import Kind, read_capture_line
from bot.core.meetings.decisions import DecisionService
from bot.core.meetings.documents import EXPORT_LIMIT, MinutesRecord, minutes_doc
from bot.core.meetings.schedule import ScheduleError, read_day
from bot.core.meetings.scheduling import schedule_of

STANDS_FOR = timedelta(hours=3)  # a meeting started this close to a scheduled one is that one
MAX_NOTE = 3000
HOW = (
    "Lines that begin with #action, #agreed, #info, #topic or #link are recorded; #undo takes back the last one. "
    "`/meeting end` posts the minutes."
)


class CaptureService:
    def __init__(
        self, uow: Callable[[], UnitOfWork], context: Context, actions: ActionService, decisions: DecisionService
    ) -> None:
        self._uow = uow
        self._ctx = context
        self._actions = actions
        self._decisions = decisions

    def start(self, caller: Caller) -> Doc:
        now = self._ctx.clock.now()
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            uow.committees.lock(committee)  # two /meeting start at once: the second finds the first running
            running = uow.meetings.running(committee)
            if running is not None:
                since = show_time(running.started_at, self._viewer(caller, committee))
                return say(f"A meeting is already running (since {since}). `/meeting end` ends it.")
            near = schedule_of(uow, committee).upcoming(now - STANDS_FOR, 1)
            scheduled = near[0] if near and near[0] <= now + STANDS_FOR else None
            meeting = uow.meetings.start(
                committee, Meeting(caller.channel_id, started_at=now, started_by=caller.user_id, scheduled_at=scheduled)
            )
            uow.meetings.attend(meeting, caller.user_id, now)
            uow.outbox.add(Post(caller.team_id, message("The meeting has started.", line(f"🟢 Meeting started. {HOW}")),
                                channel=caller.channel_id))  # fmt: skip
            uow.commit()
        return say("✓ Meeting started; I'm taking notes.")

    def end(self, caller: Caller) -> Doc:
        now = self._ctx.clock.now()
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            meeting = uow.meetings.running(committee)
            if meeting is None:
                return say("No meeting is running. `/meeting start` begins one.")
            meeting.ended_at = now
            record = self._record(uow, committee, meeting, caller.team_id)
            tz = self._ctx.committee_zone(committee)
            meeting.minutes = markdown(minutes_doc(record, tz, limit=EXPORT_LIMIT))
            uow.meetings.save(committee, meeting)
            for topic in uow.topics.open(committee, until=max(meeting.at, now)):
                topic.covered_at = now  # covered: off the next agendas
                uow.topics.save(committee, topic)
            uow.outbox.add(Post(caller.team_id, minutes_doc(record, tz), channel=caller.channel_id))
            uow.commit()
        return say("✓ Meeting ended; the minutes are posted. `/meeting minutes` gives them as Markdown.")

    def minutes(self, caller: Caller, when: str) -> Doc:
        now = self._ctx.clock.now()
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            tz = self._ctx.committee_zone(committee)
            held = [m for m in uow.meetings.held(committee, limit=200) if m.minutes]
            if when:
                try:
                    day = read_day(when, now.astimezone(tz).date(), committee.day_first)
                except ScheduleError as error:
                    return say(str(error))
                if day > now.astimezone(tz).date():  # "13 Feb" said later means the past one
                    day -= relativedelta(years=1)
                held = [m for m in held if m.started_at.astimezone(tz).date() == day]
                if not held:
                    return say(
                        f"No minutes were kept on {show_date(day)}. `/meeting start` … `/meeting end` keeps them."
                    )
            if not held or held[0].minutes is None:
                return say("No minutes yet: `/meeting start` begins a meeting and `/meeting end` writes them.")
            text = held[0].minutes
        title = "Minutes as Markdown"
        return Doc(summary=title, sections=(Section(heading=title, lines=tuple(line(ln) for ln in text.splitlines())),))

    def heard(self, heard: Heard) -> None:
        """A channel message: attendance, and a tagged line recorded, while a meeting runs. A second delivery
        of the same message records nothing twice: its id is remembered in the same transaction."""
        caller = heard.caller
        now = self._ctx.clock.now()
        with self._uow() as uow:
            committee = uow.committees.find(caller.scope)
            meeting = uow.meetings.running(committee) if committee else None
            if committee is None or meeting is None:
                return
            if not uow.meetings.first_sight(caller.team_id, f"{caller.channel_id}/{heard.ts}", now):
                return
            uow.meetings.attend(meeting, caller.user_id, now)
            captured = read_capture_line(heard.said.text)
            if captured is not None:
                said = Said(captured.text, heard.said.people, heard.said.groups)
                answer = self._capture(uow, caller, committee, meeting, captured.kind, said, now)
                if answer is not None:  # only the speaker hears why a line was not recorded
                    uow.outbox.add(Post(caller.team_id, answer, user=caller.user_id))
            uow.commit()

    def _capture(
        self,
        uow: UnitOfWork,
        caller: Caller,
        committee: Committee,
        meeting: Meeting,
        kind: Kind,
        said: Said,
        now: datetime,
    ) -> Doc | None:
        if kind == "undo":
            return self._undo(uow, caller, committee, meeting, now)
        if not said.text:
            example = {"action": "Kevin to send the slides by Friday", "link": "https://example.org the slides"}
            return say(f"#{kind} needs some text, e.g. `#{kind} {example.get(kind, '…')}`.")
        if len(said.text) > MAX_NOTE:
            return say(f"That line is {len(said.text):,} characters long; please keep it under {MAX_NOTE:,}.")
        note = Note(NoteKind(kind), said.text, caller.user_id, now)
        if kind == "action":  # a line with several items ("Dana to file it, Lee to review") makes a note for each
            made = self._actions.record(uow, caller, committee, said, split=True)
            if not isinstance(made, list):
                why = made.text if isinstance(made, Asked) else made.summary  # a DM can't answer a question
                return say(f"I didn't record “#action {said.text}”: {why}")
            for item in made:  # (#undo takes back one note at a time: the last item first)
                text = said.text if len(made) == 1 else item.task
                uow.meetings.add_note(meeting, replace(note, text=text, item_number=item.number))
            return None
        if kind == "agreed":
            decided = self._decisions.record_in(uow, caller, committee, note.text, meeting)
            if not isinstance(decided, Decision):
                return decided
            note.decision_number = decided.number
        uow.meetings.add_note(meeting, note)
        return None

    def _undo(
        self, uow: UnitOfWork, caller: Caller, committee: Committee, meeting: Meeting, now: datetime
    ) -> Doc | None:
        notes = [n for n in uow.meetings.notes(meeting) if not n.undone]
        if not notes:
            return say("There is nothing to undo in this meeting yet.")
        last = notes[-1]
        if caller.user_id not in (last.user_id, meeting.started_by) and not self._ctx.is_admin(caller, committee):
            return say("Only who wrote the last line, who started the meeting or a committee admin can undo it.")
        last.undone = True
        uow.meetings.save_note(meeting, last)
        if last.item_number is not None and (item := uow.items.get(committee, last.item_number)) is not None:
            item.status, item.closed_at = Status.CANCELLED, now
            today = self._ctx.today(None, committee)
            self._actions.save(uow, caller, committee, item, "cancelled", "#undo in the meeting", today)
        if last.decision_number is not None and (decision := uow.decisions.get(committee, last.decision_number)):
            decision.revoked_at, decision.revoked_by = now, caller.user_id
            uow.decisions.save(committee, decision)
        removed = message(
            "Removed from the minutes.", line(f"↩️ Removed from the minutes: #{last.kind.value} {last.text}")
        )
        uow.outbox.add(Post(caller.team_id, removed, channel=caller.channel_id))
        return None

    def _record(self, uow: UnitOfWork, committee: Committee, meeting: Meeting, team_id: str) -> MinutesRecord:
        notes = uow.meetings.notes(meeting)
        kept = [n for n in notes if not n.undone]
        new_items = [i for n in kept if n.item_number is not None and (i := uow.items.get(committee, n.item_number))]
        decisions = [
            d for n in kept if n.decision_number is not None and (d := uow.decisions.get(committee, n.decision_number))
        ]
        return MinutesRecord(
            committee=committee.name,
            meeting=meeting,
            notes=notes,
            new_items=new_items,
            open_items=uow.items.find(committee),
            decisions=decisions,
            attendees=uow.meetings.attendees(meeting),
            today=(meeting.ended_at or self._ctx.clock.now()).astimezone(self._ctx.committee_zone(committee)).date(),
            names={m.user_id: m.label for m in self._ctx.directory.members(team_id)},
        )

    def _viewer(self, caller: Caller, committee: Committee) -> ZoneInfo:
        return self._ctx.zone(self._ctx.speaker(caller), committee)
