"""Use cases for decisions: record (from `/decision` and `#agreed`), list and search, revoke."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import assert_never

from dateutil.relativedelta import relativedelta

from bot.core.kernel.boundary import Caller, Post, Said
from bot.core.kernel.context import Context
from bot.core.kernel.documents import Doc, Section, line, say
from bot.core.kernel.grammar import Help, Invalid
from bot.core.kernel.model import Committee
from bot.core.kernel.ports import UnitOfWork
from bot.core.kernel.record import Decision, Meeting
from bot.core.kernel.zones import show_date
from bot.core.meetings.decision_grammar import (
    DECISION_USAGE,
    ListDecisions,
    Record,
    Revoke,
    parse_decision_command,
)
from bot.core.meetings.documents import LIMIT, decision_line
from bot.core.meetings.schedule import ScheduleError, read_day
from bot.core.meetings.scheduling import last_meeting, schedule_of

MAX_DECISION = 3000  # characters: one Slack section


class DecisionService:
    def __init__(self, uow: Callable[[], UnitOfWork], context: Context) -> None:
        self._uow = uow
        self._ctx = context

    def handle(self, caller: Caller, said: Said) -> Doc | None:
        match parse_decision_command(said.text):
            case Help():
                return say(DECISION_USAGE)
            case Invalid(message=why):
                return say(why)
            case Record(text=text):
                return self.record(caller, text)
            case ListDecisions() as command:
                return self.list(caller, command)
            case Revoke(number=number):
                return self.revoke(caller, number)
            case unreachable:
                assert_never(unreachable)

    def record(self, caller: Caller, text: str) -> Doc | None:
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            made = self.record_in(uow, caller, committee, text, uow.meetings.running(committee))
            if isinstance(made, Doc):
                return made
            uow.commit()
        return say(f"✓ Recorded decision #{made.number}.")

    def record_in(
        self, uow: UnitOfWork, caller: Caller, committee: Committee, text: str, running: Meeting | None
    ) -> Decision | Doc:
        """Records it in the caller's transaction and posts it to the channel; a Doc says why not."""
        text = text.strip()
        if not text:
            return say(f"What was decided? {DECISION_USAGE}")
        if len(text) > MAX_DECISION:
            return say(f"That decision is {len(text):,} characters long; please keep it under {MAX_DECISION:,}.")
        now = self._ctx.clock.now()
        meeting_at = running.at if running else last_meeting(uow, committee, schedule_of(uow, committee), now)
        decision = uow.decisions.add(
            committee,
            Decision(
                text=text,
                recorded_by=caller.user_id,
                recorded_at=now,
                meeting_id=running.id if running else None,
                meeting_at=meeting_at,
            ),
        )
        tz = self._ctx.committee_zone(committee)
        doc = Doc(
            summary=f"Decision #{decision.number}: {text[:200]}",
            sections=(Section(heading="Decision", lines=(decision_line(decision, self._names(caller), tz),)),),
        )
        uow.outbox.add(Post(caller.team_id, doc, channel=caller.channel_id))
        return decision

    def list(self, caller: Caller, command: ListDecisions) -> Doc:
        speaker = self._ctx.speaker(caller)
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            tz = self._ctx.zone(speaker, committee)
            since = None
            if command.since:
                today = self._ctx.today(speaker, committee)
                try:
                    since = read_day(command.since, today, committee.day_first)
                except ScheduleError as error:
                    return say(str(error))
                if since > today:  # "since 1 March" said in April: the March just past
                    since -= relativedelta(years=1)
            found = uow.decisions.find(
                committee,
                since=None if since is None else datetime.combine(since, time(), tz),
                words=command.words,
            )
        title = (
            "Decisions"
            + (f" since {show_date(since)}" if since else "")
            + (f" mentioning “{command.words}”" if command.words else "")
        )
        if not found:
            return say(f"{title}: none.")
        names = self._names(caller)
        shown = found[-LIMIT * 3 :]  # the latest
        lines = [decision_line(d, names, tz, with_meeting=True) for d in shown]
        if len(found) > len(shown):
            lines.insert(
                0, line(f"The latest {len(shown)} of {len(found)}; narrow it: `/decision list since 2024-01-01 BMC`.")
            )
        return Doc(
            summary=f"{title}: {len(found)}", sections=(Section(heading=f"{title} ({len(found)})", lines=tuple(lines)),)
        )

    def revoke(self, caller: Caller, number: int) -> Doc:
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            decision = uow.decisions.get(committee, number)
            if decision is None:
                return say(f"There is no decision #{number} in this channel. `/decision list` shows them.")
            if decision.recorded_by != caller.user_id and not self._ctx.is_admin(caller, committee):
                return say(f"Only who recorded decision #{number} or a committee admin can revoke it.")
            if decision.revoked:
                return say(f"Decision #{number} was already revoked.")
            decision.revoked_at, decision.revoked_by = self._ctx.clock.now(), caller.user_id
            uow.decisions.save(committee, decision)
            uow.commit()
        return say(f"✓ Decision #{number} is revoked; it stays in the record, marked revoked.")

    def _names(self, caller: Caller) -> dict[str, str]:
        return {m.user_id: m.label for m in self._ctx.directory.members(caller.team_id)}
