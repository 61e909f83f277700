"""A member's App Home: their open items across the workspace's committees."""

from __future__ import annotations

from bot.core.items.home import HOME_LIMIT, HomeService
from bot.core.items.service import ActionService
from bot.core.kernel.boundary import Caller, Said
from bot.core.kernel.clock import Clock
from bot.core.kernel.context import Context
from bot.core.kernel.documents import plain
from tests.core.items.test_service import NOW
from tests.fakes import MEMBERS, FakeDirectory, FakeUnitOfWork


def services() -> tuple[ActionService, HomeService]:
    uow, context = FakeUnitOfWork(), Context(FakeDirectory(MEMBERS), Clock(NOW), "UTC")
    return ActionService(uow, context), HomeService(uow, context)


def test_items_of_every_committee_overdue_first() -> None:
    actions, home = services()
    actions.handle(Caller("T1", "C1", "U1", "steering"), Said("Kevin Zhao later by 2024-03-20"))
    actions.handle(Caller("T1", "C1", "U1", "steering"), Said("Kevin Zhao late by 2024-02-20"), past_ok=True)
    actions.handle(Caller("T1", "C2", "U1", "budget"), Said("Kevin Zhao and me plan the budget"))
    actions.handle(Caller("T1", "C2", "U1", "budget"), Said("Jon Masters not Kevin's"))
    actions.handle(Caller("T2", "C9", "U1", "elsewhere"), Said("Kevin Zhao other workspace"))
    assert plain(home.home("T1", "U2")).splitlines() == [
        "Your open action items (3)",
        "#budget",
        "• #1 plan the budget · no due date",
        "#steering",
        "• #2 late · due Tue 20 Feb 2024 — overdue",
        "• #1 later · due Wed 20 Mar 2024",
        "In a committee channel: `/action help` for how to record and update items.",
    ]


def test_nothing_assigned() -> None:
    _, home = services()
    assert "Nothing on your plate" in plain(home.home("T1", "U2"))


def test_long_lists_are_cut_and_counted() -> None:
    actions, home = services()
    for i in range(HOME_LIMIT + 5):
        actions.handle(Caller("T1", "C1", "U1", "steering"), Said(f"me task {i}"))
    shown = plain(home.home("T1", "U1"))
    assert f"Your open action items ({HOME_LIMIT + 5})" in shown and "… and 5 more" in shown
