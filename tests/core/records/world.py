"""The records service over the in-memory fakes, and the documents it is tested on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.core.kernel.boundary import Caller
from bot.core.kernel.clock import Clock
from bot.core.kernel.context import Context
from bot.core.records.service import RecordsService
from tests.fakes import MEMBERS, FakeDirectory, FakeUnitOfWork

DOCUMENTS = Path(__file__).parent / "documents"
EXAMPLE = DOCUMENTS / "wiki" / "meeting-notes-confluence-export.txt"
NOW = datetime(2024, 1, 20, 12, 0, tzinfo=UTC)  # a Saturday, ten days after the example's meeting
LEO = Caller("T1", "C1", "U1", "steering")  # Leonardo Garcia ("Leo"), the committee's first user
KEVIN = Caller("T1", "C1", "U2", "steering")


@dataclass
class World:
    uow: FakeUnitOfWork
    clock: Clock
    records: RecordsService

    @property
    def store(self):  # type: ignore[no-untyped-def]
        return self.uow.store


def world(now: datetime = NOW) -> World:
    uow = FakeUnitOfWork()
    clock = Clock(now)
    return World(uow, clock, RecordsService(uow, Context(FakeDirectory(MEMBERS), clock)))
