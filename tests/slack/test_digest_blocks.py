"""Digests and event posts as Block Kit: 1,000 items fit Slack's limits, and nothing typed pings anyone."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from bot.core.events.digest import DigestService
from bot.core.events.service import EventService
from bot.core.kernel.boundary import Caller, Said
from bot.core.kernel.clock import Clock
from bot.core.kernel.context import Context
from bot.core.kernel.model import Item, Owner, Status
from bot.slack.blocks import MAX_BLOCKS, MAX_SECTION, render
from tests.fakes import MEMBERS, FakeDirectory, FakeUnitOfWork

NOW = datetime(2024, 2, 26, 9, 0, tzinfo=UTC)
LEO = Caller("T1", "C1", "U1", "steering")


def test_a_digest_of_1000_items_fits_one_message() -> None:
    uow = FakeUnitOfWork()
    context = Context(FakeDirectory(MEMBERS), Clock(NOW))
    with uow:
        committee = context.committee(uow, LEO)
        for n in range(1000):
            status = Status.DONE if n % 4 == 0 else Status.OPEN
            item = Item(
                committee.id,
                0,
                f"task {n} " + "x" * 250,
                [Owner("Leo", "U1"), Owner("Outsider")],
                "U1",
                NOW,
                due=date(2024, 2, 10) + timedelta(days=n % 30),
                status=status,
                closed_at=NOW - timedelta(days=1),
            )
            uow.items.add(committee, item)
        uow.commit()
    for n in range(200):
        EventService(uow, context).handle(
            LEO, Said(f"@here <b> Event {n}, Mar {1 + n % 28} 2024, Place {n} (notes {n})")
        )
    messages = render(DigestService(uow, context).handle(LEO, Said("")))
    assert len(messages) == 1
    blocks = messages[0]["blocks"]
    assert len(blocks) <= MAX_BLOCKS
    assert all(len(b["text"]["text"]) <= MAX_SECTION for b in blocks if b["type"] == "section")
    text = json.dumps(messages)
    assert "Overdue (" in text and "more: `/action list overdue`" in text and "Events in the next 90 days (200)" in text
    assert "<b>" not in text and "@here &lt;b&gt; Event" in text
