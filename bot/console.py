"""The terminal edge: the bot's services on the embedded database, as a member of a demo workspace.

Type slash commands as a chosen member; channel posts, DMs and replies only you see are printed
readably. `/click N` presses a button of the last reply, `/as NAME` changes who you are,
`/channel NAME` the committee, `/clock +2d` moves time forward.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import TextIO

from bot.app import Storage
from bot.core.kernel.boundary import Caller, Heard, Said
from bot.core.kernel.documents import Button, Doc, plain
from bot.core.kernel.model import Member, MessageRef
from bot.core.services import Click, Services
from bot.scheduler import Scheduler
from storage.outbox import OutboxQueue

TEAM = "TDEMO"
DEMO_MEMBERS = (
    Member("U01LEO", "leonardo", "Leonardo Garcia", "Leo", "America/Sao_Paulo", is_admin=True),
    Member("U02KEV", "kevin", "Kevin Zhao", "", "Asia/Shanghai"),
    Member("U03JON", "jon", "Jon Masters", "", "America/New_York"),
    Member("U04JCA", "jonathan", "Jonathan Cameron", "", "Europe/London"),
    Member("U05AND", "andy", "Andy Smith", "", "America/Chicago"),
    Member("U06KPA", "kpark", "Kevin Park", "", "Europe/London"),
    Member("U07SEC", "sam", "Sam Secretary", "", "Europe/London"),
)
HELP = """Type commands as in Slack, e.g.  /action Kevin Zhao check the CI logs by Friday
  /action list · /action done 1 · /action help
  /event FOSDEM 2025, Feb 1-2 2025, Brussels · /event list · /digest
Console commands: /as NAME (who you are) · /channel NAME · /click N (press button N of the last reply)
  /clock +3d or +2h (move time forward) · /who (the demo members) · /quit
  During a meeting (/meeting start … /meeting end), type channel lines: #topic, #info, #action, #agreed, #link, #undo"""


class DemoDirectory:
    """The demo workspace's members (TEAM's only: a record of a real workspace never gets them)."""

    def __init__(self, members: Sequence[Member] = DEMO_MEMBERS) -> None:
        self._members = list(members)

    def members(self, team_id: str) -> Sequence[Member]:
        return self._members if team_id == TEAM else ()

    def member(self, team_id: str, user_id: str) -> Member | None:
        return next((m for m in self.members(team_id) if m.user_id == user_id), None)

    def known(self, team_id: str) -> bool:
        return True

    def find(self, name: str) -> Member | None:
        key = name.lstrip("@").casefold()
        return next((m for m in self._members if key in (n.casefold() for n in m.names())), None)


class Console:
    def __init__(
        self, services: Services, store: Storage, directory: DemoDirectory, *, user: Member, channel: str, out: TextIO
    ) -> None:
        self._services = services
        self._queue = OutboxQueue(store.sessions)
        self._clock = store.clock
        self._directory = directory
        self._user = user
        self._channel = channel
        self._out = out
        self._buttons: list[Button] = []
        self._buttons_in: MessageRef | None = None  # the message the buttons shown last are in
        self._ts = 0

    @property
    def prompt(self) -> str:
        return f"#{self._channel} ({self._user.name})> "

    def run(self, lines: Iterable[str], *, interactive: bool) -> None:
        self._say(HELP)
        for raw in lines:
            text = raw.replace("\x00", "").strip()
            if not interactive:
                self._say(f"{self.prompt}{text}")
            if text in ("/quit", "/exit"):
                break
            if text:
                self.handle(text)
            if interactive:
                self._out.write(self.prompt)
                self._out.flush()

    def handle(self, text: str) -> None:
        head, _, rest = text.partition(" ")
        rest = rest.strip()
        if head in self._services.commands:
            self._reply(self._services.commands[head](self._caller, Said(rest)))
        elif text.startswith("#"):  # a line said in the channel: recorded while a meeting runs
            self._services.meetings.capture.heard(Heard(self._caller, Said(text), self._next_ts()))
        elif head == "/click":
            self._click(rest)
        elif head == "/as":
            member = self._directory.find(rest)
            if member is None:
                self._say(f"No demo member called “{rest}”. /who lists them.")
            else:
                self._user = member
        elif head == "/channel":
            self._channel = rest.lstrip("#") or self._channel
        elif head == "/clock":
            self._move_clock(rest)
        elif head == "/who":
            self._say("\n".join(f"  {m.name:10} {m.real_name:18} {m.tz}" for m in self._directory.members(TEAM)))
        elif head in ("/help", "help"):
            self._say(HELP)
        else:
            self._say(f"I don't know “{head}”. Try /action help, or /help for the console.")
        self._deliver()

    @property
    def _caller(self) -> Caller:
        return Caller(TEAM, "C" + self._channel.upper(), self._user.user_id, self._channel)

    def _reply(self, doc: Doc | None) -> None:
        if doc is None:
            return
        self._buttons, self._buttons_in = [b for s in doc.sections for b in s.buttons], None
        self._say(_indent("(only you) ", _numbered(plain(doc), self._buttons)))

    def _click(self, which: str) -> None:
        if not which.isdigit() or not 1 <= int(which) <= len(self._buttons):
            self._say("There is no such button in the last reply.")
            return
        button = self._buttons[int(which) - 1]
        reply = self._services.press(Click(self._caller, button.action_id, button.value, self._buttons_in))
        if reply.replace:
            self._buttons = []  # the message with the buttons is gone
        self._reply(reply.doc)

    def _move_clock(self, spec: str) -> None:
        match = re.fullmatch(r"\+(\d+)([dhm])", spec)
        if not match:
            self._say("Move the clock forward like this: /clock +3d, /clock +2h, /clock +30m.")
            return
        unit = {"d": "days", "h": "hours", "m": "minutes"}[match.group(2)]
        self._clock.move(timedelta(**{unit: int(match.group(1))}))
        self._say(f"The time is now {self._clock.now():%a %d %b %Y %H:%M} UTC.")
        Scheduler(self._services.jobs, None, self._clock).run_pass()  # reminders due by now, shown as DMs

    def _deliver(self) -> None:
        while batch := self._queue.claim(self._clock.now(), limit=50, team_id=TEAM):
            for pending in batch:
                channel = pending.update.channel if pending.update else pending.channel or f"D{pending.user}"
                where = f"DM to @{self._name(channel[1:])}" if channel.startswith("D") else f"#{channel[1:].lower()}"
                verb = "updated" if pending.update else "posted"
                posted = pending.update or MessageRef(channel, self._next_ts())
                shown = [b for s in pending.doc.sections for b in s.buttons]
                if shown:
                    self._buttons, self._buttons_in = shown, posted
                self._say(_indent(f"[{where}, {verb}] ", _numbered(plain(pending.doc), shown)))
                self._queue.sent(pending, self._clock.now(), posted)

    def _next_ts(self) -> str:
        self._ts += 1
        return f"{self._ts}.000"

    def _name(self, user_id: str | None) -> str:
        member = self._directory.member(TEAM, user_id or "")
        return member.name if member else str(user_id)

    def _say(self, text: str) -> None:
        self._out.write(text + "\n")
        self._out.flush()


def _numbered(text: str, buttons: list[Button]) -> str:
    for i, button in enumerate(buttons, 1):
        text = text.replace(f"[{button.label}]", f"[{i}: {button.label}]", 1)
    return text


def _indent(first: str, text: str) -> str:
    pad = " " * len(first)
    return "\n".join((first if i == 0 else pad) + ln for i, ln in enumerate(text.splitlines()))


def main(
    store: Storage,
    services: Services,
    directory: DemoDirectory,
    *,
    user: str,
    channel: str,
    stdin: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
) -> int:
    member = directory.find(user)
    if member is None:
        out.write(
            f"No demo member called “{user}”. Choose one of: {', '.join(m.name for m in directory.members(TEAM))}\n"
        )
        return 2
    console = Console(services, store, directory, user=member, channel=channel.lstrip("#"), out=out)
    interactive = stdin.isatty()
    if interactive:
        out.write(console.prompt)
        out.flush()
    console.run(stdin, interactive=interactive)
    return 0
