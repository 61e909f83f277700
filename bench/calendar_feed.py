"""The calendar feed for 5,000 events and 10,000 items against one SELECT of the same rows, in the same run.

`feed` is what `GET /calendar/TOKEN.ics` does the first time and after any change: look the token up,
digest the rows the feed shows, load the committee's events and items (with owners) through the
repositories, build and serialise the iCalendar file. `feed, unchanged` is a calendar app polling again with
nothing changed: the digest, then the snapshot built before. `304` is the same app sending the ETag it has:
the digest, and nothing sent. `build only` is the iCalendar step alone, on rows already loaded. The baseline
reads the same rows with one plain SELECT each (events; items joined with their owners) and nothing else.
Usage: python bench/calendar_feed.py [RUNS] [DATABASE_URL]   (default: a temporary SQLite file)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from sqlalchemy import text

sys.path[:0] = [str(Path(__file__).parents[1]), str(Path(__file__).parent)]

from calendar_data import NOW, populate, timed  # noqa: E402

from bot.app import services  # noqa: E402
from bot.core.events.feed import Served, feed  # noqa: E402
from bot.core.kernel.boundary import Caller, Said  # noqa: E402
from bot.core.kernel.model import Status  # noqa: E402
from tests.fakes import MEMBERS, FakeDirectory  # noqa: E402

EVENTS, ITEMS = 5_000, 10_000


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as tmp:
        url = sys.argv[2] if len(sys.argv) > 2 else f"sqlite:///{tmp}/bench.db"
        store = populate(url, items=ITEMS, events=EVENTS)
        built = services(store, FakeDirectory(MEMBERS), "UTC")
        built.committees.handle(Caller("T1", "C1", "U1", "steering"), Said("calendar"))  # the admin asks for the URL
        with store.uow() as uow:
            [(committee, settings)] = uow.events.schedules()
            token = settings.token or ""
            events = uow.events.find(committee)
            items = uow.items.find(committee, statuses=tuple(Status))

        def select() -> None:
            with store.engine.connect() as db:
                db.execute(text("SELECT * FROM events WHERE committee_id = 1")).all()
                db.execute(
                    text(
                        "SELECT * FROM items JOIN item_owners ON item_owners.item_id = items.id WHERE committee_id = 1"
                    )
                ).all()

        def serve() -> bytes:
            found = built.feeds.feed(token)
            assert found is not None and found.body is not None
            return found.body

        def revalidate() -> None:  # a calendar app that sends the version it has: nothing is built or sent
            found = built.feeds.feed(token, known=version)
            assert found is not None and found.body is None

        def serve_changed() -> bytes:
            with store.engine.begin() as db:  # any change to the record makes the next request rebuild
                db.execute(text("UPDATE events SET name = name || '.' WHERE number = 1"))
            return serve()

        size = len(serve())
        baseline = timed(select, runs)
        whole = timed(serve_changed, runs)
        again = timed(serve, runs)
        version = (built.feeds.feed(token) or Served("", None)).version
        not_modified = timed(revalidate, runs)
        build = timed(lambda: feed(committee, events, items, [], NOW), runs)
        store.engine.dispose()
    print(f"{EVENTS:,} events + {ITEMS:,} items -> {size / 1e6:.1f} MB of iCalendar, median of {runs} runs")
    print(f"  one SELECT of the same rows   {baseline:8.1f} ms   1.0x")
    print(f"  feed (load + build + write)   {whole:8.1f} ms   {whole / baseline:.1f}x")
    print(f"  feed, unchanged (digest)      {again:8.1f} ms   {again / baseline:.1f}x")
    print(f"  304 for its ETag (digest)     {not_modified:8.1f} ms   {not_modified / baseline:.1f}x")
    print(f"  build only (rows loaded)      {build:8.1f} ms   {build / baseline:.1f}x")


if __name__ == "__main__":
    main()
