"""The unit of work over SQLAlchemy: one session, one transaction, every repository of the core's ports on it."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker

from bot.core.kernel.clock import Clock
from bot.core.kernel.ports import (
    AgendaItems,
    Archive,
    Choices,
    Committees,
    Decisions,
    Events,
    Items,
    Meetings,
    Outbox,
    ReminderPlans,
    Topics,
    Updates,
)
from storage.agenda import SqlAgendaItems
from storage.archive import SqlArchive
from storage.choices import SqlChoices
from storage.committees import SqlCommittees
from storage.decisions import SqlDecisions
from storage.events import SqlEvents
from storage.items import SqlItems
from storage.meetings import SqlMeetings
from storage.outbox import SqlOutbox
from storage.reminders import SqlReminderPlans
from storage.topics import SqlTopics
from storage.updates import SqlUpdates


class SqlUnitOfWork:
    """One session and one transaction; leaving without commit() rolls everything back."""

    committees: Committees
    items: Items
    outbox: Outbox
    events: Events
    reminders: ReminderPlans
    meetings: Meetings
    decisions: Decisions
    updates: Updates
    topics: Topics
    agenda_items: AgendaItems
    choices: Choices
    archive: Archive

    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def __enter__(self) -> SqlUnitOfWork:
        self.session = self._sessions()
        self.committees = SqlCommittees(self.session, self._clock)
        self.items = SqlItems(self.session)
        self.outbox = SqlOutbox(self.session, self._clock)
        self.events = SqlEvents(self.session, self._clock)
        self.reminders = SqlReminderPlans(self.session)
        self.meetings = SqlMeetings(self.session, self._clock)
        self.decisions = SqlDecisions(self.session)
        self.updates = SqlUpdates(self.session)
        self.topics = SqlTopics(self.session)
        self.agenda_items = SqlAgendaItems(self.session)
        self.choices = SqlChoices(self.session)
        self.archive = SqlArchive(self.session)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        self.session.commit()
