"""The weekly digest for 10,000 items against one SELECT of the same rows, in the same run.

`digest` is what the weekly job and `/digest` do: load the committee's open items and those done in
the last 7 days (with owners) and its upcoming events through the repositories, choose and summarise
them into the document; `+ Block Kit` also renders it for Slack. The baseline reads the same item rows
with their owners in one plain SELECT and nothing else.
Usage: python bench/digest.py [RUNS] [DATABASE_URL]   (default: a temporary SQLite file)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from sqlalchemy import text

sys.path[:0] = [str(Path(__file__).parents[1]), str(Path(__file__).parent)]

from calendar_data import NOW, populate, timed  # noqa: E402

from bot.app import services  # noqa: E402
from bot.slack.blocks import render  # noqa: E402
from tests.fakes import MEMBERS, FakeDirectory  # noqa: E402

ITEMS, EVENTS = 10_000, 200


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as tmp:
        url = sys.argv[2] if len(sys.argv) > 2 else f"sqlite:///{tmp}/bench.db"
        store = populate(url, items=ITEMS, events=EVENTS)
        digests = services(store, FakeDirectory(MEMBERS), "UTC").digests
        with store.uow() as uow:
            [(committee, _)] = uow.events.schedules()

        def select() -> None:
            with store.engine.connect() as db:
                db.execute(
                    text(
                        "SELECT * FROM items JOIN item_owners ON item_owners.item_id = items.id "
                        "WHERE committee_id = 1 AND (status = 'open' OR closed_at >= :since)"
                    ),
                    {"since": NOW.replace(day=19)},
                ).all()

        def digest() -> object:
            with store.uow() as uow:
                return digests.build(uow, committee, NOW)

        messages = render(digest())  # type: ignore[arg-type]
        baseline = timed(select, runs)
        built = timed(digest, runs)
        rendered = timed(lambda: render(digest()), runs)  # type: ignore[arg-type]
        store.engine.dispose()
    blocks = sum(len(m["blocks"]) for m in messages)
    print(f"{ITEMS:,} items, {EVENTS} events -> {len(messages)} message(s), {blocks} blocks; median of {runs} runs")
    print(f"  one SELECT of the same rows   {baseline:8.1f} ms   1.0x")
    print(f"  digest (load + choose)        {built:8.1f} ms   {built / baseline:.1f}x")
    print(f"  digest + Block Kit            {rendered:8.1f} ms   {rendered / baseline:.1f}x")


if __name__ == "__main__":
    main()
