"""A committee with some of everything, made through the commands as members would type them: settings, admins, items
open, done and cancelled with notes and owners inside and outside the workspace, decisions (one revoked), an
update, events (one removed), a schedule with a cancellation, an agenda topic, a meeting held with live capture,
and an imported page. What the export must carry, and the restore give back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from bot.app import services
from bot.core.kernel.boundary import Caller, Heard, Said
from bot.core.kernel.clock import Clock
from bot.core.kernel.context import Context
from bot.core.kernel.documents import Doc
from bot.core.kernel.ports import UnitOfWork
from bot.core.records.result import Imported
from bot.core.records.service import RecordsService
from bot.core.services import Services
from tests.core.records.world import EXAMPLE
from tests.fakes import MEMBERS, FakeDirectory

LEO = Caller("T1", "C1", "U1", "steering")
KEVIN = Caller("T1", "C1", "U2", "steering")
JON = Caller("T1", "C1", "U4", "steering")


class _Store:
    """What bot.app.services needs of a store: a unit of work and a clock."""

    def __init__(self, uow: Callable[[], UnitOfWork], clock: Clock) -> None:
        self.uow, self.clock = uow, clock


def build(uow: Callable[[], UnitOfWork], clock: Clock) -> tuple[Services, RecordsService]:
    directory = FakeDirectory(MEMBERS)
    return services(_Store(uow, clock), directory, "UTC"), RecordsService(uow, Context(directory, clock))  # type: ignore[arg-type]


def populate(uow: Callable[[], UnitOfWork], clock: Clock) -> None:
    built, records = build(uow, clock)

    def say(who: Caller, command: str, text: str, people: dict[str, str] | None = None) -> Doc | None:
        clock.move(timedelta(minutes=7))
        return built.commands[command](who, Said(text, people or {}))

    say(LEO, "/committee", "set timezone Europe/London")
    say(LEO, "/committee", "set dates month-first")
    say(LEO, "/committee", "set reminders 7,1 at 08:30 nudges 2")
    say(LEO, "/committee", "set digest friday 10:00")
    say(LEO, "/committee", "set event-reminder 2w")
    say(LEO, "/committee", "set agenda-lead 48h")
    say(LEO, "/committee", "admin add @Jon Masters", {"@Jon Masters": "U4"})
    say(LEO, "/action", "Kevin Zhao to check the CI logs by 2024-03-08")
    say(LEO, "/action", 'Jon to book the room =HYPERLINK("http://x") by 2024-03-01')
    say(KEVIN, "/action", "Ana from Arm to send the slides, owner Ana Lopez")
    say(LEO, "/action", "the chairs to draft the charter")
    say(JON, "/action", "Jon to fix # FAKE <b>bold</b> [a link](http://evil) @channel by 2024-04-02")
    say(LEO, "/action", "note 1 halfway there")
    say(JON, "/action", "done 2")
    say(LEO, "/action", "cancel 4")
    say(LEO, "/action", "due 1 2024-03-15")
    say(LEO, "/decision", "We will not work on BMC software this year")
    say(KEVIN, "/decision", "Adopt the new CI")
    say(KEVIN, "/decision", "revoke 2")
    say(LEO, "/update", "DCAP: QEMU can run an sbsa-ref machine with RME")
    say(JON, "/update", "dcap: -the attestation library is done")
    say(
        LEO,
        "/event",
        "FOSDEM 2024, Feb 3-4 2024, Brussels, Belgium (Confidential Computing dev room) https://fosdem.org",
    )
    say(LEO, "/event", "Linaro Connect, May 14-17 2024, Madrid")
    say(LEO, "/event", "remove #2")
    say(LEO, "/event", "Open Source Summit, Apr 16-18 2024, Seattle")
    say(LEO, "/meeting", "every second Tuesday at 15:00 Europe/London")
    say(LEO, "/meeting", "next 2024-03-21 10:00")
    say(LEO, "/meeting", "cancel 2024-03-12")
    say(LEO, "/agenda", "add Budget review (Kevin Zhao) for 15m")
    say(LEO, "/agenda", "add # not a heading @channel")
    say(LEO, "/meeting", "start")
    for n, (who, text) in enumerate(
        [
            (LEO, "#topic Budget"),
            (KEVIN, "#info spent 40% so far"),
            (LEO, "#action Kevin Zhao to send the budget by 2024-03-05"),
            (JON, "#agreed Keep the travel budget"),
            (LEO, "#link https://example.org/budget the sheet"),
            (KEVIN, "a remark that is not tagged"),
        ]
    ):
        clock.move(timedelta(minutes=2))
        built.meetings.capture.heard(Heard(who, Said(text), f"1700000000.{n:06d}"))
    say(LEO, "/meeting", "end")
    say(LEO, "/agenda", "add Roadmap")
    clock.move(timedelta(hours=1))
    imported = records.import_document(LEO, EXAMPLE.read_bytes(), source=EXAMPLE.name, meeting_day=date(2024, 1, 10))
    assert isinstance(imported, Imported) and (imported.recorded, imported.unchanged) == (7, 2), imported
