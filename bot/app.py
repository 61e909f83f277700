"""Composition root: settings -> engine -> services -> the Bolt app or the console. Built on demand, and
imported only by the entry points (cli, console, bench)."""

from __future__ import annotations

from dataclasses import dataclass

from slack_bolt import App
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.core.committees.service import CommitteeService
from bot.core.events.digest import DigestJob, DigestService
from bot.core.events.feed import Feeds
from bot.core.events.service import EventReminderJob, EventService
from bot.core.events.settings import CalendarCommands
from bot.core.items.home import HomeService
from bot.core.items.service import ActionService
from bot.core.kernel.clock import Clock
from bot.core.kernel.context import Context
from bot.core.kernel.jobs import Jobs
from bot.core.kernel.ports import Directory, UnitOfWork
from bot.core.meetings.agenda import AgendaJob, AgendaService
from bot.core.meetings.capture import CaptureService
from bot.core.meetings.commands import MeetingCommands
from bot.core.meetings.decisions import DecisionService
from bot.core.meetings.scheduling import MeetingAnchors, ScheduleService
from bot.core.meetings.updates import UpdateService
from bot.core.reminders.job import ReminderJob
from bot.core.reminders.service import ReminderService
from bot.core.services import Services
from bot.slack.sender import SlackSender
from storage.db import make_engine, session_factory
from storage.outbox import OutboxQueue
from storage.triggers import SeenTriggers
from storage.unit_of_work import SqlUnitOfWork


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


def services(store: Storage, directory: Directory, default_timezone: str, public_url: str | None = None) -> Services:
    uow = store.uow
    context = Context(directory, store.clock, default_timezone)
    actions = ActionService(uow, context, MeetingAnchors(context))
    decisions = DecisionService(uow, context)
    agendas = AgendaService(uow, context)
    digests = DigestService(uow, context)
    return Services(
        actions=actions,
        committees=CommitteeService(uow, context, CalendarCommands(uow, context, public_url)),
        reminders=ReminderService(uow, context, actions),
        events=EventService(uow, context),
        digests=digests,
        feeds=Feeds(uow, context),
        meetings=MeetingCommands(
            ScheduleService(uow, context, actions), CaptureService(uow, context, actions, decisions)
        ),
        decisions=decisions,
        updates=UpdateService(uow, context),
        agendas=agendas,
        home=HomeService(uow, context),
        jobs=Jobs(
            uow,
            [AgendaJob(agendas, context), ReminderJob(context), DigestJob(digests, context), EventReminderJob(context)],
        ),
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
    from bot.slack.channels import Channels
    from bot.slack.directory import SlackDirectory, directory_client
    from bot.slack.sender import web_client

    client = web_client(token, api_url)
    quick = directory_client(token, api_url)  # asked on a command's way in: fails fast
    directory = SlackDirectory(quick)
    built = services(store, directory, default_timezone, public_url)
    sender = SlackSender(client, store.outbox, store.clock.now, on_undeliverable=built.reminders.undeliverable)
    app = build_app(
        client=client,
        signing_secret=signing_secret,
        services=built,
        sender=sender,
        names=directory.name_of,
        verify_token=verify_token,
        first_trigger=SeenTriggers(store.sessions, store.clock.now).first,  # each slash command runs once
        can_post=Channels(quick).can_post,  # nothing recorded where its posts could not go
    )
    return SlackBot(app, sender, built)
