"""The core as the edges see it: every service, the slash commands by name, every button by its action id, and
the scheduler's jobs. Slack, the console and the manifest test all read these tables, so a command or a button
is added in one place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.core.committees.service import CommitteeService
from bot.core.events.digest import DigestService
from bot.core.events.feed import Feeds
from bot.core.events.service import EventService
from bot.core.items import cards
from bot.core.items.home import HomeService
from bot.core.items.questions import CHOICE
from bot.core.items.service import ActionService
from bot.core.kernel.boundary import Caller, Said
from bot.core.kernel.documents import Doc, say
from bot.core.kernel.jobs import Jobs
from bot.core.kernel.model import MessageRef
from bot.core.meetings.agenda import POST_BUTTON, AgendaService
from bot.core.meetings.commands import MeetingCommands
from bot.core.meetings.decisions import DecisionService
from bot.core.meetings.updates import UpdateService
from bot.core.records.exports import Exports
from bot.core.records.previews import ImportPreviews
from bot.core.records.service import RecordsService
from bot.core.reminders import dm
from bot.core.reminders.service import ReminderService

CommandHandler = Callable[[Caller, Said], Doc | None]


@dataclass(frozen=True)
class Click:
    """A button pressed: by whom (and in which channel), which button, its value, the message it was in."""

    caller: Caller
    action_id: str
    value: str
    message: MessageRef | None = None


@dataclass(frozen=True)
class Reply:
    """What a click answers the clicker: `doc` (None: nothing), in place of the message the button was in when
    `replace` (a question answered, an agenda posted), else as a new message only they see."""

    doc: Doc | None
    replace: bool = False


ButtonHandler = Callable[[Click], Reply]
ANSWERED = say("Done.")  # replaces a question whose answer has nothing more to say


@dataclass
class Services:
    actions: ActionService
    committees: CommitteeService
    reminders: ReminderService
    events: EventService
    digests: DigestService
    feeds: Feeds
    meetings: MeetingCommands
    decisions: DecisionService
    updates: UpdateService
    agendas: AgendaService
    home: HomeService
    jobs: Jobs
    records: RecordsService
    imports: ImportPreviews  # the Slack shortcut's preview, Record and Cancel (its own listeners answer them)
    exports: Exports  # `/committee export …`, which the Slack edge sends as a file

    @property
    def commands(self) -> dict[str, CommandHandler]:
        """Every slash command, by name."""
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

    @property
    def buttons(self) -> dict[str, ButtonHandler]:
        """Every button, by its action id up to a `#` (several answers to one question differ after it)."""
        reminder_buttons = {action_id: self._reminder for action_id in (dm.DONE, dm.SNOOZE_DAY, dm.SNOOZE_WEEK)}
        return {
            cards.DONE: self._done,
            CHOICE: self._choice,
            POST_BUTTON: self._post_agenda,
            dm.CHANGE_DATE: self._change_date,  # where there is no date picker: Slack opens one instead
            **reminder_buttons,
        }

    def press(self, click: Click) -> Reply:
        handler = self.buttons.get(click.action_id.partition("#")[0])
        return handler(click) if handler else Reply(say("That button no longer does anything."))

    def _done(self, click: Click) -> Reply:
        if not click.value.isdigit():
            return Reply(say("That button is broken."))
        return Reply(self.actions.complete_by_id(click.caller, int(click.value)))

    def _choice(self, click: Click) -> Reply:
        return Reply(self.actions.choose(click.caller, click.value) or ANSWERED, replace=True)

    def _post_agenda(self, click: Click) -> Reply:
        return Reply(self.agendas.post(click.caller, click.value), replace=True)

    def _reminder(self, click: Click) -> Reply:
        self.reminders.press(click.caller, click.action_id, click.value, click.message)
        return Reply(None)  # the DM itself now reads what happened

    def _change_date(self, click: Click) -> Reply:
        return Reply(self.reminders.press(click.caller, click.action_id, click.value, click.message))
