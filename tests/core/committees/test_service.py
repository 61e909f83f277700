"""`/committee`: the settings and admins of a committee, with fakes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.committees.grammar import (
    CalendarFeed,
    ExportRecord,
    SetAdmin,
    SetSetting,
    ShowSettings,
    parse_committee_command,
)
from bot.core.committees.service import CommitteeService
from bot.core.events.settings import CalendarCommands
from bot.core.kernel.boundary import Caller, Said
from bot.core.kernel.clock import Clock
from bot.core.kernel.context import Context
from bot.core.kernel.documents import plain
from bot.core.kernel.grammar import Help
from tests.fakes import MEMBERS, FakeDirectory, FakeUnitOfWork

LEO = Caller("T1", "C1", "U1", "steering")  # the committee's first user: its admin
KEVIN = Caller("T1", "C1", "U2", "steering")


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def committees(uow: FakeUnitOfWork) -> CommitteeService:
    context = Context(FakeDirectory(MEMBERS), Clock(datetime(2024, 2, 26, 12, tzinfo=UTC)), "UTC")
    return CommitteeService(uow, context, CalendarCommands(uow, context))


def said(service: CommitteeService, who: Caller, text: str, people: dict[str, str] | None = None) -> str:
    return plain(service.handle(who, Said(text, people or {})))


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("", ShowSettings()),
        ("show", ShowSettings()),
        ("set timezone Europe/London", SetSetting("timezone", "Europe/London")),
        ("SET Dates month-first", SetSetting("dates", "month-first")),
        ("admin add @Kevin Zhao", SetAdmin(True, "@Kevin Zhao")),
        ("admin remove Kevin", SetAdmin(False, "Kevin")),
        ("calendar rotate", CalendarFeed("rotate")),
        ("export md", ExportRecord("md")),
        ("Export .CSV", ExportRecord("csv")),
        ("export json", ExportRecord("json")),
        ("export ics", ExportRecord("ics")),
        ("export", ExportRecord(None)),
        ("export pdf", ExportRecord(None)),
        ("export md please", ExportRecord(None)),
        ("set timezone", Help()),
        ("frobnicate", Help()),
    ],
)
def test_the_grammar(text: str, command: object) -> None:
    assert parse_committee_command(text) == command


def test_an_export_is_explained_where_no_file_can_be_sent(committees: CommitteeService) -> None:
    assert said(committees, KEVIN, "export pdf").startswith("`/committee export md` sends you this committee's")
    assert said(committees, KEVIN, "export md").startswith("Exports come as a file, which I can only send in Slack")


def test_settings_are_shown_and_changed_by_admins_only(committees: CommitteeService, uow: FakeUnitOfWork) -> None:
    assert "Time zone: UTC" in said(committees, LEO, "")
    assert said(committees, LEO, "set timezone Europe/London") == "✓ Time zone set to Europe/London."
    assert "is not a time zone I know" in said(committees, LEO, "set timezone Mars/Olympus")
    assert said(committees, LEO, "set dates month-first") == "✓ Numeric dates are now read month-first."
    assert "Only a committee admin" in said(committees, KEVIN, "set timezone UTC")
    [committee] = uow.store.committees.values()
    assert (committee.timezone, committee.day_first) == ("Europe/London", False)


def test_admins_are_added_by_mention_and_the_last_one_stays(committees: CommitteeService, uow: FakeUnitOfWork) -> None:
    said(committees, LEO, "")
    assert (
        said(committees, LEO, "admin add @Kevin Zhao", {"@Kevin Zhao": "U2"})
        == "✓ Kevin Zhao is now a committee admin."
    )
    assert said(committees, KEVIN, "admin remove @Leo", {"@Leo": "U1"}) == "✓ Leo is no longer a committee admin."
    assert "at least one admin" in said(committees, KEVIN, "admin remove me")
    assert "couldn't tell who “Kevin”" in said(committees, KEVIN, "admin add Kevin")  # two Kevins: say which
    [committee] = uow.store.committees.values()
    assert committee.admins == frozenset({"U2"})
