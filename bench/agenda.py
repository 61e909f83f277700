"""Assembling the next meeting's agenda for a big committee, against one SELECT of its open items.

The record: 5,000 items (2,000 open, each with one or two owners; the rest done or cancelled over two
years), 1,000 decisions and 500 project updates spread over the same two years, a fortnightly meeting,
a dozen topics. The agenda is gathered from storage (schedule, last meeting, open and done items,
updates, topics, decisions, events) and laid out as a document; the baseline, in the same run on the
same database, is one ORM SELECT of the committee's open item rows. Target: the agenda within 2x.
Usage: python bench/agenda.py [DATABASE_URL] [RUNS]   (default: a fresh SQLite file, 30 runs)
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, text

sys.path.insert(0, str(Path(__file__).parents[1]))

from bot.app import storage  # noqa: E402
from bot.core.kernel.clock import Clock  # noqa: E402
from bot.core.kernel.context import Context  # noqa: E402
from bot.core.kernel.documents import Doc  # noqa: E402
from bot.core.kernel.model import Scope  # noqa: E402
from bot.core.kernel.record import Rule  # noqa: E402
from bot.core.meetings.agenda import AgendaService  # noqa: E402
from bot.core.meetings.documents import agenda_doc  # noqa: E402
from bot.core.meetings.scheduling import next_meeting  # noqa: E402
from bot.slack.blocks import render  # noqa: E402
from storage.db import upgrade  # noqa: E402
from storage.schema import (  # noqa: E402
    AgendaTopicRow,
    DecisionRow,
    ItemOwnerRow,
    ItemRow,
    ProjectUpdateRow,
)
from tests.fakes import MEMBERS, FakeDirectory  # noqa: E402

NOW = datetime(2024, 3, 1, 12, tzinfo=UTC)
ITEMS, OPEN, DECISIONS, UPDATES = 5000, 2000, 1000, 500


def fill(url: str) -> None:
    rng = random.Random(5)
    store = storage(url, Clock(NOW))
    with store.uow() as uow:
        committee = uow.committees.create(Scope("T1", "C1"), name="steering", timezone="Europe/London", admin="U1")
        uow.meetings.add_rule(
            committee, Rule(NOW - timedelta(days=730), "Europe/London", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "U1")
        )
        uow.commit()
    people = [m for m in MEMBERS if not m.is_bot]
    with store.sessions() as session, session.begin():
        for n in range(1, ITEMS + 1):
            created = NOW - timedelta(days=rng.randint(1, 730))
            status = "open" if n <= OPEN else ("done" if n % 10 else "cancelled")
            session.add(
                ItemRow(
                    id=n, team_id="T1", committee_id=committee.id, number=n, task=f"task {n} " + "words " * 8,
                    status=status, due=(created + timedelta(days=rng.randint(3, 60))).date(), created_by="U1",
                    created_at=created, closed_at=None if status == "open" else created + timedelta(days=20),
                )
            )  # fmt: skip
        session.flush()  # the items before their owners
        for n in range(1, ITEMS + 1):
            for position, person in enumerate(rng.sample(people, rng.choice((1, 1, 2)))):
                session.add(ItemOwnerRow(item_id=n, position=position, user_id=person.user_id, name=person.label))
        for n in range(1, DECISIONS + 1):
            at = NOW - timedelta(days=730 * (DECISIONS - n) / DECISIONS)
            session.add(DecisionRow(team_id="T1", committee_id=committee.id, number=n, text=f"decision {n} " * 6,
                                    recorded_by="U1", recorded_at=at))  # fmt: skip
        for n in range(UPDATES):
            at = NOW - timedelta(days=730 * (UPDATES - n) / UPDATES)
            session.add(ProjectUpdateRow(team_id="T1", committee_id=committee.id, project=f"Project {n % 9}",
                                         text="progress " * 20, author="U2", at=at))  # fmt: skip
        for n in range(12):
            session.add(AgendaTopicRow(team_id="T1", committee_id=committee.id, title=f"topic {n}", position=n + 1,
                                       added_by="U1", added_at=NOW))  # fmt: skip
    if store.engine.dialect.name == "postgresql":
        with store.engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    store.engine.dispose()


def paired_ms(first: Callable[[], object], second: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """Medians of each, and of the per-pair ratio: the two alternate, so a busy machine slows both alike."""
    first(), second()  # warm the caches and the connection pool
    a_times, b_times = [], []
    for _ in range(runs):
        for work, times in ((first, a_times), (second, b_times)):
            started = time.perf_counter()
            work()
            times.append((time.perf_counter() - started) * 1000)
    ratios = [b / a for a, b in zip(a_times, b_times, strict=True)]
    return statistics.median(a_times), statistics.median(b_times), statistics.median(ratios)


def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] else f"sqlite:///{tempfile.mkdtemp()}/agenda.db"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    if url.startswith("postgresql"):
        engine = storage(url, Clock(NOW)).engine
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    upgrade(url)
    fill(url)
    store = storage(url, Clock(NOW))
    context = Context(FakeDirectory(MEMBERS), store.clock, "UTC")
    agendas = AgendaService(store.uow, context)

    def baseline() -> int:
        with store.sessions() as session:
            rows = session.scalars(
                select(ItemRow).where(ItemRow.team_id == "T1", ItemRow.committee_id == 1, ItemRow.status == "open")
            ).all()
            return len(rows)

    def agenda() -> Doc:
        with store.uow() as uow:
            committee = uow.committees.find(Scope("T1", "C1"))
            assert committee is not None
            tz = context.zone(None, committee)
            return agenda_doc(agendas.gather(uow, committee, next_meeting(uow, committee, NOW), tz, "T1"), tz)

    assert baseline() == OPEN
    select_ms, agenda_ms, ratio = paired_ms(baseline, agenda, runs)
    messages = render(agenda())
    print(f"database: {store.engine.dialect.name}; {ITEMS} items ({OPEN} open), {DECISIONS} decisions, ", end="")
    print(f"{UPDATES} updates")
    print(f"one SELECT of the open items: {select_ms:8.1f} ms (median of {runs})")
    print(f"assembling the agenda:        {agenda_ms:8.1f} ms (median of {runs})")
    print(f"ratio: {ratio:.2f}x (median of the paired ratios; target <= 2x)")
    print(f"the agenda in Slack: {len(messages)} message(s), {sum(len(m['blocks']) for m in messages)} blocks")
    store.engine.dispose()


if __name__ == "__main__":
    main()
