"""`/committee export`'s files: each format's bytes are the record's (the page, the tables, the JSON document, the
calendar), named after the committee and the day; a committee with nothing recorded has no file."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime

import icalendar
import pytest

from bot.core.kernel.boundary import Said
from bot.core.kernel.clock import Clock
from bot.core.records.exports import FORMATS
from bot.core.records.page import markdown_page
from tests.core.records.populate import LEO, build, populate
from tests.fakes import FakeUnitOfWork

START = datetime(2024, 2, 26, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def world() -> tuple[FakeUnitOfWork, Clock]:
    uow, clock = FakeUnitOfWork(), Clock(START)
    populate(uow, clock)
    clock.set(datetime(2024, 6, 30, 23, 30, tzinfo=UTC))  # already 1 July in London, the committee's zone
    return uow, clock


def test_each_format_is_the_record_in_that_form(world: tuple[FakeUnitOfWork, Clock]) -> None:
    services, records = build(*world)
    found = records.export(LEO.scope)
    assert found is not None
    md = services.exports.file(LEO.scope, "md")
    assert md is not None and md.content.decode() == markdown_page(found)
    as_json = services.exports.file(LEO.scope, "json")
    assert as_json is not None and json.loads(as_json.content) == json.loads(records.json_text(LEO.scope) or "")
    tables = services.exports.file(LEO.scope, "csv")
    assert tables is not None
    with zipfile.ZipFile(io.BytesIO(tables.content)) as archive:
        assert sorted(archive.namelist()) == ["decisions.csv", "events.csv", "items.csv", "meetings.csv", "updates.csv"]
    calendar = services.exports.file(LEO.scope, "ics")
    assert calendar is not None and calendar.content == services.feeds.of(LEO.scope)
    names = [e["summary"] for e in icalendar.Calendar.from_ical(calendar.content).walk("VEVENT")]
    assert "FOSDEM 2024" in names


def test_files_are_named_after_the_committee_and_its_day(world: tuple[FakeUnitOfWork, Clock]) -> None:
    services, _ = build(*world)
    made = {f: services.exports.file(LEO.scope, f) for f in FORMATS}
    assert {f: (m.name, m.title) for f, m in made.items() if m} == {
        "md": ("steering-2024-07-01.md", "#steering: Markdown page"),
        "csv": ("steering-2024-07-01.zip", "#steering: CSV tables"),
        "json": ("steering-2024-07-01.json", "#steering: JSON export"),
        "ics": ("steering-2024-07-01.ics", "#steering: calendar"),
    }


def test_a_committee_with_nothing_recorded_has_no_file() -> None:
    uow, clock = FakeUnitOfWork(), Clock(START)
    services, _ = build(uow, clock)
    assert all(services.exports.file(LEO.scope, f) is None for f in FORMATS)  # no committee at all
    services.commands["/committee"](LEO, Said("set timezone Europe/London"))  # settings only
    assert all(services.exports.file(LEO.scope, f) is None for f in FORMATS)
    services.commands["/meeting"](LEO, Said("every Tuesday at 15:00"))  # a schedule is a record
    made = services.exports.file(LEO.scope, "ics")
    assert made is not None and b"BYDAY=TU" in made.content


def test_a_name_no_file_system_minds() -> None:
    uow, clock = FakeUnitOfWork(), Clock(START)
    services, _ = build(uow, clock)
    odd = LEO.__class__("T1", "C9", "U1", "Ünïcode / ../ name")
    services.commands["/decision"](odd, Said("Adopt the new CI"))
    made = services.exports.file(odd.scope, "md")
    assert made is not None and made.name == "ünïcode-name-2024-02-26.md"
