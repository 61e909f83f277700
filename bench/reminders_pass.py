"""Cost of one reminder pass on a big record against the same pass on a small one, in the same run.

Both databases hold the same 200 reminders due at the pass's moment; the big one also holds 100,000
open items (each with an owner and a plan whose next reminder is weeks away) and 1,000,000 history
rows, the small one 1,000 items and 10,000 history rows. A pass reads only the plans whose `next_at`
has come (an index range), so the two should cost the same: the target is a ratio of at most 1.2.
The pass runs as a dry run (all its reads and writes, then a rollback) so it can be repeated; the
median of several passes is reported, small and big taking turns so the machine's load hits both alike.
SQLite always; PostgreSQL with --postgres URL (in two schemas it drops and rebuilds).
Usage: python bench/reminders_pass.py [--postgres postgresql+psycopg://...] [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

sys.path.insert(0, str(Path(__file__).parents[1]))

from bot.app import services, storage  # noqa: E402
from bot.core.kernel.clock import Clock  # noqa: E402
from storage.db import make_engine, upgrade  # noqa: E402
from storage.schema import (  # noqa: E402
    CommitteeAdminRow,
    CommitteeCounterRow,
    CommitteeRow,
    ItemChangeRow,
    ItemOwnerRow,
    ItemRow,
    ReminderPlanRow,
)
from tests.fakes import FakeDirectory  # noqa: E402

NOW = datetime(2024, 2, 27, 9, 0, tzinfo=UTC)  # 3 days before the due items' date, 09:00 in UTC
DUE = 200
CHUNK = 20_000


def fill(url: str, items: int, history: int, due_now: int = DUE) -> None:
    """A committee with `items` open items (the first `due_now` due for a reminder at NOW) and `history` changes."""
    engine = make_engine(url)
    created = datetime(2024, 1, 1, tzinfo=UTC)
    with engine.begin() as db:
        db.execute(
            insert(CommitteeRow),
            [
                dict(
                    id=1,
                    team_id="T1",
                    channel_id="C1",
                    name="steering",
                    timezone="UTC",
                    day_first=True,
                    created_at=created,
                )
            ],
        )
        db.execute(insert(CommitteeCounterRow), [dict(committee_id=1, kind="item", last=items)])
        db.execute(insert(CommitteeAdminRow), [dict(committee_id=1, user_id="U0")])
        for start in range(0, items, CHUNK):
            ids = range(start + 1, min(start + CHUNK, items) + 1)
            due = [date(2024, 3, 1) if i <= due_now else date(2024, 6, 1) + timedelta(days=i % 100) for i in ids]
            db.execute(
                insert(ItemRow),
                [
                    dict(
                        id=i,
                        team_id="T1",
                        committee_id=1,
                        number=i,
                        task=f"task {i}",
                        status="open",
                        due=d,
                        due_phrase=None,
                        created_by="U0",
                        created_at=created,
                        closed_at=None,
                        message_channel="C1",
                        message_ts=f"1700000000.{i:06d}",
                    )
                    for i, d in zip(ids, due, strict=True)
                ],
            )
            db.execute(
                insert(ItemOwnerRow),
                [
                    dict(item_id=i, position=0, user_id=f"U{i % 500 + 1}", name=f"Owner {i % 500}", is_group=False)
                    for i in ids
                ],
            )
            db.execute(
                insert(ReminderPlanRow),
                [
                    dict(
                        team_id="T1",
                        committee_id=1,
                        item_id=i,
                        user_id=f"U{i % 500 + 1}",
                        about="",
                        due=d,
                        handled_until=created,
                        snoozed_until=None,
                        problem=None,
                        next_at=NOW - timedelta(minutes=1) if i <= due_now else datetime(2024, 5, 29, 9, tzinfo=UTC),
                    )
                    for i, d in zip(ids, due, strict=True)
                ],
            )
        for start in range(0, history, CHUNK):
            db.execute(
                insert(ItemChangeRow),
                [
                    dict(item_id=n % items + 1, at=created, actor="U0", action="noted", detail=f"progress {n}")
                    for n in range(start, min(start + CHUNK, history))
                ],
            )
    if engine.dialect.name == "postgresql":  # settle the bulk load as autovacuum would, before measuring
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as db:
            db.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def passes(url: str) -> Callable[[], tuple[float, int]]:
    """One dry-run pass at NOW on that database: its seconds and how many reminders it queued."""
    store = storage(url, Clock(NOW))
    job = services(store, FakeDirectory(()), "UTC").reminders
    job.run(NOW, dry_run=True)  # warm the caches once

    def one() -> tuple[float, int]:
        started = time.perf_counter()
        queued = len(job.run(NOW, dry_run=True))
        return time.perf_counter() - started, queued

    return one


def fresh_schema(url: str, schema: str) -> str:
    """A URL whose connections work in `schema` (dropped and made anew, then migrated)."""
    engine = make_engine(url)
    with engine.begin() as db:
        db.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"))
    engine.dispose()
    scoped = f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    upgrade(scoped)
    return scoped


def run(name: str, small_url: str, big_url: str, rounds: int) -> float:
    """Fills both records, then times small and big passes in turn, so that the machine's load hits both."""
    for label, url, items, history in (("small", small_url, 1_000, 10_000), ("big", big_url, 100_000, 1_000_000)):
        started = time.perf_counter()
        fill(url, items, history)
        print(
            f"{name}: {label} record filled ({items:,} items, {history:,} history rows) "
            f"in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
    small_pass, big_pass = passes(small_url), passes(big_url)
    times: dict[str, list[float]] = {"small": [], "big": []}
    for _ in range(rounds):
        for label, one in (("small", small_pass), ("big", big_pass)):
            seconds, queued = one()
            assert queued == DUE, (label, queued)
            times[label].append(seconds)
    small, big = statistics.median(times["small"]), statistics.median(times["big"])
    ratio = big / small
    print(
        f"{name}: one pass, {DUE} reminders due (median of {rounds}): {small * 1000:.1f} ms with 10,000 history "
        f"rows, {big * 1000:.1f} ms with 1,000,000 -> ratio {ratio:.2f} (target <= 1.2)"
    )
    return ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a scratch PostgreSQL database (schemas bench_small, bench_big are rebuilt)")
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    ratios = []
    with tempfile.TemporaryDirectory() as tmp:
        urls = [f"sqlite:///{Path(tmp) / name}.db" for name in ("small", "big")]
        for url in urls:
            upgrade(url)
        ratios.append(run("SQLite", *urls, args.rounds))
    if args.postgres:
        small, big = (fresh_schema(args.postgres, f"bench_{size}") for size in ("small", "big"))
        ratios.append(run("PostgreSQL", small, big, args.rounds))
    return 0 if all(r <= 1.2 for r in ratios) else 1


if __name__ == "__main__":
    sys.exit(main())
