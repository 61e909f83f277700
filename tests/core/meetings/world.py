"""The meeting services wired over the in-memory fakes, as the composition root wires them over storage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bot.core.items.service import ActionService
from bot.core.kernel.boundary import Caller, Heard, Said
from bot.core.kernel.clock import Clock
from bot.core.kernel.context import Context
from bot.core.kernel.documents import Doc, plain
from bot.core.kernel.jobs import Jobs
from bot.core.meetings.agenda import AgendaJob, AgendaService
from bot.core.meetings.capture import CaptureService
from bot.core.meetings.commands import MeetingCommands
from bot.core.meetings.decisions import DecisionService
from bot.core.meetings.scheduling import MeetingAnchors, ScheduleService
from bot.core.meetings.updates import UpdateService
from tests.fakes import MEMBERS, FakeDirectory, FakeUnitOfWork

NOW = datetime(2024, 2, 26, 12, 0, tzinfo=UTC)  # Monday 26 Feb 2024, 12:00 in London
LEO = Caller("T1", "C1", "U1", "steering")  # America/Sao_Paulo; the committee's first user: an admin
KEVIN = Caller("T1", "C1", "U2", "steering")  # Asia/Shanghai
KPARK = Caller("T1", "C1", "U3", "steering")  # Europe/London
JON = Caller("T1", "C1", "U4", "steering")  # America/New_York


@dataclass
class World:
    uow: FakeUnitOfWork
    clock: Clock
    actions: ActionService
    meetings: MeetingCommands
    decisions: DecisionService
    updates: UpdateService
    agendas: AgendaService
    job: Jobs

    def doc(self, command: str, text: str, who: Caller = LEO) -> Doc | None:
        handler = {
            "/action": self.actions.handle,
            "/meeting": self.meetings.handle,
            "/decision": self.decisions.handle,
            "/update": self.updates.handle,
            "/agenda": self.agendas.handle,
        }[command]
        return handler(who, Said(text))

    def say(self, command: str, text: str, who: Caller = LEO) -> str:
        doc = self.doc(command, text, who)
        return plain(doc) if doc else ""

    def hear(self, who: Caller, text: str, ts: str, people: dict[str, str] | None = None) -> None:
        self.meetings.capture.heard(Heard(who, Said(text, people or {}), ts))

    @property
    def posts(self) -> list:
        return list(self.uow.store.outbox)

    @property
    def record(self):  # type: ignore[no-untyped-def]
        return self.uow.store.meeting_record


def world(now: datetime = NOW, committee_zone: str = "Europe/London") -> World:
    uow = FakeUnitOfWork()
    clock = Clock(now)
    context = Context(FakeDirectory(MEMBERS), clock, committee_zone)
    actions = ActionService(uow, context, MeetingAnchors(context))
    decisions = DecisionService(uow, context)
    agendas = AgendaService(uow, context)
    return World(
        uow=uow,
        clock=clock,
        actions=actions,
        meetings=MeetingCommands(
            ScheduleService(uow, context, actions), CaptureService(uow, context, actions, decisions)
        ),
        decisions=decisions,
        updates=UpdateService(uow, context),
        agendas=agendas,
        job=Jobs(uow, [AgendaJob(agendas, context)]),
    )
