"""Exporting a committee's record: the JSON document and its schema, the lossless round trip (over the fakes here,
over SQLite and PostgreSQL in tests/storage/test_archive.py), the CSV tables and the Markdown page."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, datetime

import jsonschema
import pytest
from markdown_it import MarkdownIt

from bot.core.kernel.boundary import Caller, Said, Scope
from bot.core.kernel.clock import Clock
from bot.core.records.page import fenced, markdown_page
from bot.core.records.result import Imported
from bot.core.records.snapshot import SCHEMA_FILE, Export, schema
from bot.core.records.tables import cell, csv_tables, csv_zip
from tests.core.records.populate import LEO, build, populate
from tests.fakes import FakeUnitOfWork

START = datetime(2024, 2, 26, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def exported() -> Export:
    uow, clock = FakeUnitOfWork(), Clock(START)
    populate(uow, clock)
    found = build(uow, clock)[1].export(LEO.scope)
    assert found is not None
    return found


# -- JSON ---------------------------------------------------------------------------------------------------------


def test_the_committed_schema_is_the_models_schema() -> None:
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == schema(), "run: python -c 'import json; from bot.core.records.snapshot import *; …'"
    jsonschema.Draft202012Validator.check_schema(committed)
    assert committed["properties"]["version"] == {"const": 1, "default": 1, "title": "Version", "type": "integer"}


def test_the_export_follows_its_schema_and_holds_everything(exported: Export) -> None:
    document = json.loads(exported.text())
    jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker()).validate(document)
    assert document["format"] == "steerbot-export" and document["version"] == 1
    committee = document["committee"]
    assert (committee["timezone"], committee["day_first"], committee["admins"]) == (
        "Europe/London",
        False,
        ["U1", "U4"],
    )
    assert committee["reminders"] == {"days_before": [7, 1], "at": "08:30", "nudges": 2}
    assert committee["calendar"] == {"digest_day": 4, "digest_time": "10:00", "event_reminder_days": 14}
    assert committee["agenda_lead_minutes"] == 2880 and committee["counters"]["event"] == 4
    assert "token" not in json.dumps(committee)  # the feed's secret is never exported
    assert document["members"]["U2"] == "Kevin Zhao"
    assert {i["status"] for i in document["items"]} == {"open", "done", "cancelled"}
    first = document["items"][0]
    assert [c["action"] for c in first["history"]] == ["created", "noted", "re-dated"]
    assert [d["revoked_by"] for d in document["decisions"]] == [None, "U2", None]
    assert [e["number"] for e in document["events"]] == [1, 3, 4]  # #2 was removed: its number is not reused
    assert len(document["meetings"]) == 2 and document["meetings"][1]["attendees"] == ["U1", "U2", "U4"]
    assert [n["kind"] for n in document["meetings"][1]["notes"]] == ["topic", "info", "action", "agreed", "link"]
    assert document["decisions"][2]["meeting"] == 2  # the meeting it was agreed in, by its number here
    assert [t["title"] for t in document["topics"]] == ["Budget review", "# not a heading @channel", "Roadmap"]
    assert document["schedule"]["cancelled"] == ["2024-03-12T15:00:00Z"]
    assert {m["format"] for m in document["imports"]} == {"wiki"} and len(document["imports"]) == 7


def test_export_import_into_an_empty_store_export_again_is_the_same_document(exported: Export) -> None:
    uow, clock = FakeUnitOfWork(), Clock(START)
    _, records = build(uow, clock)
    clock.set(exported.exported_at)
    someone = Caller("T1", "C1", "U9", "")
    result = records.import_document(someone, exported.text().encode(), source="steering.json")
    assert isinstance(result, Imported) and result.format == "json" and result.unchanged == 0
    assert len(result.items) == len(exported.items) and result.items[0].number == 1
    again = records.export(LEO.scope)
    assert again is not None and again.document() == exported.document()
    # and a second time: nothing new
    twice = records.import_document(someone, exported.text().encode(), source="steering.json")
    assert isinstance(twice, Imported) and twice.recorded == 0 and twice.unchanged > 0
    assert records.export(LEO.scope) == again


def test_an_export_into_a_committee_with_other_records_takes_free_numbers_only(exported: Export) -> None:
    uow, clock = FakeUnitOfWork(), Clock(START)
    services, records = build(uow, clock)
    services.commands["/action"](LEO, Said("Jon to water the plants"))  # #1 is taken here
    result = records.import_document(LEO, exported.text().encode(), source="steering.json")
    assert isinstance(result, Imported)
    assert f"Item #1 is #{len(exported.items) + 1} here: #1 was taken." in result.notes
    document = records.export(LEO.scope)
    assert document is not None and document.committee.timezone == "UTC"  # a living committee keeps its settings
    assert [i.task for i in document.items][:2] == ["water the plants", exported.items[1].task]


def test_a_dry_run_restores_nothing(exported: Export) -> None:
    uow, clock = FakeUnitOfWork(), Clock(START)
    _, records = build(uow, clock)
    result = records.import_document(LEO, exported.text().encode(), source="steering.json", dry_run=True)
    assert isinstance(result, Imported) and result.dry_run and len(result.items) == len(exported.items)
    assert uow.store.items == {} and uow.store.committees == {}


# -- CSV ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1 to the proposal", "'+1 to the proposal"),
        ("-the library is done", "'-the library is done"),
        ("@channel hello", "'@channel hello"),
        ("\tTab", "'\tTab"),
        ("plain text", "plain text"),
        (datetime(2024, 2, 26, 12, 5, tzinfo=UTC), "2024-02-26T12:05:00Z"),
        (None, ""),
        (3, "3"),
    ],
)
def test_a_cell_never_runs(value: object, shown: str) -> None:
    assert cell(value) == shown


def test_csv_tables_open_cleanly(exported: Export) -> None:
    tables = csv_tables(exported)
    assert list(tables) == ["items.csv", "decisions.csv", "events.csv", "updates.csv", "meetings.csv"]
    for data in tables.values():
        assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with its mark: Excel reads it as UTF-8
    items = list(csv.DictReader(io.StringIO(tables["items.csv"].decode("utf-8-sig"))))
    assert list(items[0]) == ["number", "task", "owners", "due", "status", "created_by", "created_at", "closed_at"]
    room = next(r for r in items if "HYPERLINK" in r["task"])
    assert room["task"] == 'book the room =HYPERLINK("http://x")' and room["due"] == "2024-03-01"
    assert room["status"] == "done" and room["owners"] == "Jon Masters" and room["created_by"] == "Leo"
    assert room["closed_at"].endswith("Z")
    updates = list(csv.DictReader(io.StringIO(tables["updates.csv"].decode("utf-8-sig"))))
    assert any(u["text"] == "'-the attestation library is done" for u in updates)  # neutralised
    meetings = list(csv.DictReader(io.StringIO(tables["meetings.csv"].decode("utf-8-sig"))))
    assert meetings[1]["attendees"] == "Leo; Kevin Zhao; Jon Masters" and meetings[1]["topics"] == "Budget"
    with zipfile.ZipFile(io.BytesIO(csv_zip(tables))) as archive:
        assert archive.namelist() == list(tables) and archive.read("items.csv") == tables["items.csv"]


# -- Markdown -----------------------------------------------------------------------------------------------------


def test_the_markdown_page_renders_cleanly_as_commonmark(exported: Export) -> None:
    page = markdown_page(exported)
    tokens = MarkdownIt("commonmark").parse(page)
    headings = [tokens[n + 1].content for n, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == [
        "Record of #steering",
        "Action Items",
        "Project updates",
        "SRCPC",
        "DCAP",
        "Decisions",
        "Events",
        "Meetings",
        "Wed 10 Jan 2024 00:00",
        "Mon 26 Feb 2024 15:37",
    ]
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]  # typed tags stay text
    inline = [c for t in tokens if t.type == "inline" for c in t.children or []]
    assert not [c for c in inline if c.type == "link_open"]  # "[a link](http://evil)" is words
    fences = [t for t in tokens if t.type == "fence"]
    assert len(fences) == 2 and fences[1].content.startswith("# Minutes: steering, Mon 26 Feb 2024 15:37 GMT")
    assert (
        "- #5 (open) @Jon Masters fix # FAKE \\<b\\>bold\\</b\\> \\[a link\\](http://evil) @channel //02-04-2024"
        in page
    )
    assert "- #1 We will not work on BMC software this year (Mon 26 Feb 2024, Leo)" in page


def test_minutes_cannot_close_their_fence() -> None:
    text = "```\n# heading\n````` long\n"
    tokens = MarkdownIt("commonmark").parse(fenced(text) + "\nafter\n")
    assert [t.type for t in tokens][:2] == ["fence", "paragraph_open"] and tokens[0].content == text


def test_the_command_line_finds_its_committee(exported: Export) -> None:
    uow, clock = FakeUnitOfWork(), Clock(START)
    _, records = build(uow, clock)
    data = exported.text().encode()
    assert records.scope_of(None).startswith("No committee has used the bot yet")  # type: ignore[union-attr]
    assert records.scope_of(None, data) == Scope("T1", "C1")  # an export into a new database: its own committee
    records.import_document(Caller("T1", "C1", "U9"), data, source="steering.json")
    assert records.scope_of("steering") == records.scope_of("#C1") == records.scope_of(None) == Scope("T1", "C1")
    assert records.scope_of("nope") == "No committee is “nope”. Say which with --committee CHANNEL: #steering (C1)"
    assert records.export(Scope("T1", "C2")) is None
