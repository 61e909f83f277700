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
from bot.core.records.exports import Exports
from bot.core.records.previews import ImportPreviews
from bot.core.records.service import RecordsService
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
    feeds = Feeds(uow, context)
    records = RecordsService(uow, context)
    return Services(
        actions=actions,
        committees=CommitteeService(uow, context, CalendarCommands(uow, context, public_url)),
        reminders=ReminderService(uow, context, actions),
        events=EventService(uow, context),
        digests=digests,
        feeds=feeds,
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
        records=records,
        imports=ImportPreviews(uow, context, records),
        exports=Exports(records, feeds),
    )


@dataclass
class SlackBot:
    app: App
    sender: SlackSender
    services: Services


def slack_bot(
    store: Storage,
    *,
    signing_secret: str,
    api_url: str,
    default_timezone: str,
    token: str | None = None,
    install: OAuthApp | None = None,
    verify_token: bool = True,
    public_url: str | None = None,
) -> SlackBot:
    """The Bolt app, the sender that delivers its outbox, and the services (whose jobs the scheduler runs): for the
    one workspace of `token`, or for every workspace that installed the app (`install`)."""
    from slack_sdk import WebClient
    from slack_sdk.oauth.token_rotation import TokenRotator

    from bot.slack.app import build_app
    from bot.slack.channels import Channels
    from bot.slack.directory import SlackDirectory
    from bot.slack.installs import Install
    from bot.slack.workspaces import Installed, OneWorkspace, Workspaces
    from storage.installations import GridWorkspaces, installation_store, state_store

    oauth, grid = None, None
    workspaces: Workspaces
    if token is not None:
        workspaces = OneWorkspace(token, api_url)
        client = workspaces.one.web
    else:
        assert install is not None, "a bot token, or an OAuth app"
        installations = installation_store(store.engine, install.client_id)
        grid = GridWorkspaces(store.engine)
        client = WebClient(base_url=api_url)  # no token: Bolt finds each workspace's in the installation store
        rotator = TokenRotator(client_id=install.client_id, client_secret=install.client_secret, client=client)
        workspaces = Installed(installations, api_url, rotator, grid.enterprise_of, store.clock.now)
        states = state_store(store.engine)
        oauth = Install(install.client_id, install.client_secret, install.public_url, installations, states)
    directory = SlackDirectory(workspaces)
    built = services(store, directory, default_timezone, public_url)
    sender = SlackSender(workspaces, store.outbox, store.clock.now, on_undeliverable=built.reminders.undeliverable)
    app = build_app(
        client=client,
        signing_secret=signing_secret,
        services=built,
        sender=sender,
        names=directory.name_of,
        verify_token=verify_token,
        first_trigger=SeenTriggers(store.sessions, store.clock.now).first,  # each slash command runs once
        can_post=Channels(workspaces).can_post,  # nothing recorded where its posts could not go
        workspaces=workspaces,  # files in (imports) and out (exports) with each workspace's own token
        install=oauth,
        remember_grid=None if grid is None else lambda team, org: grid.seen(team, org, store.clock.now()),
    )
    return SlackBot(app, sender, built)


@dataclass(frozen=True)
class OAuthApp:
    """`SLACK_CLIENT_ID`, `SLACK_CLIENT_SECRET` and `STEERBOT_PUBLIC_URL`: many workspaces install the app."""

    client_id: str
    client_secret: str
    public_url: str
