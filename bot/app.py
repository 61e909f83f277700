"""Composition root: settings -> engine -> services -> the Bolt app or the console. Built on demand."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from slack_bolt import App
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.core.committees.service import CommitteeService
from bot.core.events.digest import DigestJob, DigestService
from bot.core.events.feed import CalendarService
from bot.core.events.service import EventReminderJob, EventService
from bot.core.items.home import HomeService
from bot.core.items.service import ActionService
from bot.core.kernel.context import Context
from bot.core.kernel.documents import Doc
from bot.core.kernel.model import Caller
from bot.core.kernel.ports import Clock, Directory, Job, UnitOfWork
from bot.core.meetings.agenda import AgendaJob, AgendaService
from bot.core.meetings.capture import CaptureService, MeetingCommands
from bot.core.meetings.decisions import DecisionService
from bot.core.meetings.scheduling import MeetingAnchors, ScheduleService
from bot.core.meetings.updates import UpdateService
from bot.core.reminders.service import ReminderService
from bot.slack.sender import SlackSender
from storage.db import make_engine, session_factory
from storage.outbox import OutboxQueue
from storage.unit_of_work import SqlUnitOfWork


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class Storage:
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Clock

    def uow(self) -> UnitOfWork:
        return SqlUnitOfWork(self.sessions, self.clock)

    @property
    def outbox(self) -> OutboxQueue:
        return OutboxQueue(self.sessions)


def storage(url: str, clock: Clock) -> Storage:
    engine = make_engine(url)
    return Storage(engine, session_factory(engine), clock)


CommandHandler = Callable[[Caller, str], Doc | None]


@dataclass
class Services:
    actions: ActionService
    committees: CommitteeService
    reminders: ReminderService
    events: EventService
    digests: DigestService
    calendar: CalendarService
    meetings: MeetingCommands
    decisions: DecisionService
    updates: UpdateService
    agendas: AgendaService
    home: HomeService
    jobs: list[Job] = field(default_factory=list)  # what each scheduler pass runs, in order

    @property
    def commands(self) -> dict[str, CommandHandler]:
        """Every slash command, by name: the Slack app, the console and the manifest test read this."""
        return {
            "/action": self.actions.handle,
            "/committee": self.committees.handle,
            "/event": self.events.handle,
            "/digest": self.digests.handle,
            "/meeting": self.meetings.handle,
            "/decision": self.decisions.handle,
            "/update": self.updates.handle,
            "/agenda": self.agendas.handle,
        }


def services(store: Storage, directory: Directory, default_timezone: str, public_url: str | None = None) -> Services:
    context = Context(directory, store.clock, default_timezone)
    actions = ActionService(store.uow, context, MeetingAnchors(context))
    decisions = DecisionService(store.uow, context)
    agendas = AgendaService(store.uow, context)
    reminders = ReminderService(store.uow, context, actions)
    calendar = CalendarService(store.uow, context, public_url)
    digests = DigestService(store.uow, context)
    return Services(
        actions=actions,
        committees=CommitteeService(store.uow, context, calendar),
        reminders=reminders,
        events=EventService(store.uow, context),
        digests=digests,
        calendar=calendar,
        meetings=MeetingCommands(
            ScheduleService(store.uow, context, actions), CaptureService(store.uow, context, actions, decisions)
        ),
        decisions=decisions,
        updates=UpdateService(store.uow, context),
        agendas=agendas,
        home=HomeService(store.uow, context),
        jobs=[
            AgendaJob(agendas, store.uow),
            reminders,
            DigestJob(digests, store.uow, default_timezone),
            EventReminderJob(store.uow, default_timezone),
        ],
    )


@dataclass
class SlackBot:
    app: App
    sender: SlackSender
    services: Services


def slack_bot(
    store: Storage,
    *,
    token: str,
    signing_secret: str,
    api_url: str,
    default_timezone: str,
    verify_token: bool = True,
    public_url: str | None = None,
) -> SlackBot:
    """The Bolt app, the sender that delivers its outbox, and the services (whose jobs the scheduler runs)."""
    from bot.slack.app import build_app
    from bot.slack.directory import SlackDirectory
    from bot.slack.sender import web_client

    client = web_client(token, api_url)
    built = services(store, SlackDirectory(client), default_timezone, public_url)
    sender = SlackSender(client, store.outbox, store.clock.now, on_undeliverable=built.reminders.undeliverable)
    app = build_app(
        client=client, signing_secret=signing_secret, services=built, sender=sender, verify_token=verify_token
    )
    return SlackBot(app, sender, built)
