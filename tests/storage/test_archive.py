"""Import and export over a real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set): import marks,
records added back with their own numbers, the example page imported once however often it comes, one transaction
per import, and the JSON export's lossless round trip."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text

from bot.app import Storage
from bot.core.kernel.boundary import Caller, Said, Scope
from bot.core.kernel.context import Context
from bot.core.kernel.model import Committee, Item, Owner, Status
from bot.core.kernel.record import ImportMark, Topic
from bot.core.records.result import Imported
from bot.core.records.service import RecordsService
from storage.schema import Base
from tests.conftest import START
from tests.core.records.populate import LEO, build, populate
from tests.core.records.world import EXAMPLE
from tests.fakes import MEMBERS, FakeDirectory


def committee(store: Storage) -> Committee:
    with store.uow() as uow:
        created = uow.committees.create(Scope("T1", "C1"), name="steering", timezone="UTC", admin="U1")
        uow.commit()
    return created


def records(store: Storage) -> RecordsService:
    return RecordsService(store.uow, Context(FakeDirectory(MEMBERS), store.clock))


def test_marks_are_kept_once_per_fingerprint_and_found_by_it(store: Storage) -> None:
    one = committee(store)
    mark = ImportMark("a" * 64, "item", "3", "notes.txt", "wiki", "U1", START)
    with store.uow() as uow:
        uow.archive.remember(one, mark)
        uow.archive.remember(one, ImportMark("a" * 64, "item", "9", "other.txt", "wiki", "U2", START))
        uow.archive.remember(one, ImportMark("b" * 64, "event", "1", "notes.txt", "wiki", "U1", START))
        uow.commit()
    with store.uow() as uow:
        assert uow.archive.marks(one, ["a" * 64, "c" * 64]) == [mark]
        assert [m.kind for m in uow.archive.marks(one)] == ["item", "event"]


def test_restored_records_keep_their_numbers_and_numbering_goes_on_after_them(store: Storage) -> None:
    one = committee(store)
    item = Item(one.id, 7, "restored", [Owner("Ana")], "U1", START, due=date(2024, 3, 1), status=Status.DONE,
                closed_at=START)  # fmt: skip
    with store.uow() as uow:
        uow.archive.restore_item(one, item)
        uow.archive.raise_counters(one, {"event": 4, "item": 2})  # never down
        fresh = uow.items.add(one, Item(one.id, 0, "new", [], "U1", START))
        uow.commit()
    assert fresh.number == 8
    with store.uow() as uow:
        assert uow.items.get(one, 7) == item
        assert uow.archive.counters(one) == {"event": 4, "item": 8}


def test_every_topic_and_meeting_is_read_covered_or_not(store: Storage) -> None:
    one = committee(store)
    with store.uow() as uow:
        uow.archive.restore_topic(one, Topic("old", "U1", START, position=3, covered_at=START + timedelta(days=1)))
        uow.topics.add(one, Topic("new", "U2", START + timedelta(days=2)))
        uow.commit()
    with store.uow() as uow:
        assert [(t.title, t.position, t.covered_at is not None) for t in uow.archive.topics(one)] == [
            ("old", 3, True),
            ("new", 1, False),
        ]
        assert uow.topics.open(one)[0].title == "new"


def test_the_example_page_is_imported_once(store: Storage) -> None:
    service = records(store)
    first = service.import_document(LEO, EXAMPLE.read_bytes(), source=EXAMPLE.name, meeting_day=date(2024, 1, 10))
    again = service.import_document(LEO, EXAMPLE.read_bytes(), source=EXAMPLE.name, meeting_day=date(2024, 1, 10))
    assert isinstance(first, Imported) and isinstance(again, Imported)
    assert (first.recorded, again.recorded, again.unchanged) == (9, 0, 9)
    with store.uow() as uow:
        one = uow.committees.find(LEO.scope)
        assert one is not None
        [item] = uow.items.find(one)
        [created] = uow.items.history(one, item)
        assert (created.action, created.actor) == ("imported", "U1")
        assert {(m.source, m.by) for m in uow.archive.marks(one)} == {(EXAMPLE.name, "U1")}
        assert len(uow.archive.meetings(one)) == 1 and len(uow.events.find(one)) == 2


def test_an_import_that_fails_halfway_records_nothing(store: Storage, monkeypatch: pytest.MonkeyPatch) -> None:
    from storage.events import SqlEvents

    def broken(*args: object) -> None:
        raise RuntimeError("connection lost")

    monkeypatch.setattr(SqlEvents, "add", broken)
    with pytest.raises(RuntimeError):
        records(store).import_document(LEO, EXAMPLE.read_bytes(), source=EXAMPLE.name, meeting_day=date(2024, 1, 10))
    with store.engine.connect() as connection:
        for table in ("committees", "items", "meetings", "decisions", "project_updates", "imported_records"):
            assert connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one() == 0, table


def test_a_dry_run_stores_nothing(store: Storage) -> None:
    result = records(store).import_document(
        LEO, EXAMPLE.read_bytes(), source=EXAMPLE.name, meeting_day=date(2024, 1, 10), dry_run=True
    )
    assert isinstance(result, Imported) and result.recorded == 9 and result.items[0].number == 1
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM committees")).scalar_one() == 0


def test_export_import_into_an_empty_database_export_again_gives_the_same_document(store: Storage) -> None:
    store.clock.set(START)
    populate(store.uow, store.clock)
    _, service = build(store.uow, store.clock)
    exported = service.export(LEO.scope)
    assert exported is not None and len(exported.items) == 7 and len(exported.meetings) == 2
    with store.engine.begin() as connection:  # an empty database, migrated
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    result = service.import_document(Caller("T1", "C1", "U9"), exported.text().encode(), source="steering.json")
    assert isinstance(result, Imported) and result.unchanged == 0
    again = service.export(LEO.scope)
    assert again is not None
    assert again.document() == exported.document()
    assert again.text() == exported.text()
    # the restored committee works on: the next item, event and decision take the next numbers
    services, _ = build(store.uow, store.clock)
    services.commands["/action"](LEO, Said("Jon to water the plants"))
    with store.uow() as uow:
        one = uow.committees.find(LEO.scope)
        assert one is not None and uow.items.get(one, 8) is not None
        assert uow.archive.counters(one) == exported.committee.counters | {"item": 8}
        assert {p.item_id for p in uow.reminders.of_committee(one)}  # reminders planned again for open items


def test_the_restored_times_are_exact_to_the_microsecond(store: Storage) -> None:
    one = committee(store)
    at = datetime(2024, 2, 26, 12, 0, 0, 123456, tzinfo=UTC)
    with store.uow() as uow:
        uow.archive.restore_item(one, Item(one.id, 1, "x", [], "U1", at))
        uow.commit()
    with store.uow() as uow:
        found = uow.items.get(one, 1)
        assert found is not None and found.created_at == at
