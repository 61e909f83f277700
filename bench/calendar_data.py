"""Shared set-up for the calendar and digest benchmarks: one committee with many items and events, inserted
in bulk, and timing helpers. Not a benchmark itself."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).parents[1]))

from bot.app import Storage, storage  # noqa: E402
from bot.core.kernel.clock import Clock  # noqa: E402
from storage.db import upgrade  # noqa: E402
from storage.schema import CommitteeAdminRow, CommitteeCounterRow, CommitteeRow, EventRow, ItemOwnerRow, ItemRow  # noqa: E402

NOW = datetime(2024, 2, 26, 9, 0, tzinfo=UTC)  # a Monday, the digest's default time


def populate(url: str, *, items: int, events: int) -> Storage:
    """A migrated database at `url` with committee T1/C1 holding `items` items (two owners each) and `events`."""
    upgrade(url)
    store = storage(url, Clock(NOW))
    today = NOW.date()
    with store.engine.begin() as db:
        committee_id = db.execute(
            insert(CommitteeRow).returning(CommitteeRow.id),
            {"team_id": "T1", "channel_id": "C1", "name": "steering", "timezone": "Europe/London",
             "day_first": True, "created_at": NOW},
        ).scalar_one()  # fmt: skip
        db.execute(insert(CommitteeCounterRow), [{"committee_id": committee_id, "kind": "item", "last": items}])
        db.execute(insert(CommitteeAdminRow), [{"committee_id": committee_id, "user_id": "U1"}])
        rows = []
        for n in range(1, items + 1):
            status = ("done", "open", "open", "cancelled")[n % 4]
            rows.append({
                "team_id": "T1", "committee_id": committee_id, "number": n, "task": f"item {n}: check the toolchain",
                "status": status, "due": today + timedelta(days=n % 60 - 20), "due_phrase": None,
                "created_by": "U1", "created_at": NOW - timedelta(days=60),
                "closed_at": NOW - timedelta(days=n % 14) if status != "open" else None,
                "message_channel": None, "message_ts": None,
            })  # fmt: skip
        db.execute(insert(ItemRow), rows)
        ids = [r.id for r in db.execute(ItemRow.__table__.select().where(ItemRow.committee_id == committee_id))]
        owners = [{"item_id": i, "position": p, "user_id": f"U{p + 1}", "name": f"Member {p + 1}", "is_group": False}
                  for i in ids for p in range(2)]  # fmt: skip
        db.execute(insert(ItemOwnerRow), owners)
        first = date(2024, 1, 1)
        db.execute(insert(EventRow), [
            {"team_id": "T1", "committee_id": committee_id, "number": n, "name": f"Conference {n}",
             "starts": first + timedelta(days=n % 700), "ends": first + timedelta(days=n % 700 + 2),
             "place": "Brussels, Belgium", "notes": "dev room", "link": "https://example.org/",
             "created_by": "U1", "created_at": NOW - timedelta(days=90)}
            for n in range(1, events + 1)
        ])  # fmt: skip
    return store


def timed(work: Callable[[], object], runs: int) -> float:
    """The median of `runs` timings, in milliseconds."""
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)
