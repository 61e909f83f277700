"""`steerbot import`, `export` and `purge` as an admin runs them, on SQLite and PostgreSQL: the example page imported
once, every export format written, the JSON export restored after a purge to the same record, and bad input
answered with a message and exit status 2, recording nothing."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from icalendar import Calendar

from bot.app import Storage, services
from bot.cli import main
from bot.core.kernel.boundary import Caller, Said
from tests.fakes import MEMBERS, FakeDirectory

EXAMPLE = Path(__file__).parent / "core" / "records" / "documents" / "wiki" / "meeting-notes-confluence-export.txt"
MEETBOT = Path(__file__).parent / "core" / "records" / "documents" / "meetbot" / "fedora-magazine-2020-06-10.txt"
LEO = Caller("T1", "C1", "U1", "steering")


@pytest.fixture
def committee(store: Storage, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Storage:
    """A committee that has used the bot (one item), and the command line pointed at its database."""
    services(store, FakeDirectory(MEMBERS), "UTC").actions.handle(LEO, Said("me try the bot by 2099-03-06"))
    monkeypatch.setenv("DATABASE_URL", db_url)
    return store


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def counts(store: Storage) -> dict[str, int]:
    from storage.installations import team_record

    return {kind: n for kind, n in team_record(store.engine, "T1").items() if kind != "outbox"}


def test_the_example_page_is_imported_once_and_a_dry_run_records_nothing(
    committee: Storage, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = counts(committee)
    code, out, _ = run(capsys, "import", str(EXAMPLE), "--date", "2023-10-10", "--dry-run")
    assert code == 0 and out.startswith("Import preview: meeting-notes-confluence-export.txt (wiki)\nWould record")
    assert counts(committee) == before

    code, out, _ = run(capsys, "import", str(EXAMPLE), "--date", "2023-10-10", "--json")
    found = json.loads(out)
    assert code == 0 and [m["date"] for m in found["meetings"]] == ["2023-10-10"]
    assert [(i["owners"], i["task"]) for i in found["items"]] == [
        (["Leonardo Garcia"], "check the state of Rust with Linaro tool chain team")
    ]
    assert [d["text"] for d in found["decisions"]] == ["We will not work on BMC software this year."]
    assert [(e["name"], e["start"], e["end"]) for e in found["events"]] == [
        ("Supercomputing SC23", "2023-11-12", "2023-11-17"),
        ("FOSDEM 2024", "2024-02-03", "2024-02-04"),
    ]
    assert {u["project"] for u in found["updates"]} == {"SRCPC", "DCAP"} and found["unchanged"] == 0

    after = counts(committee)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(EXAMPLE.read_bytes())))  # the same page, piped
    code, out, _ = run(capsys, "import", "-", "--date", "2023-10-10", "--json")
    again = json.loads(out)
    assert code == 0 and again["unchanged"] == 9 and not any(again[k] for k in ("items", "decisions", "events"))
    assert counts(committee) == after


def test_each_export_format_is_written(committee: Storage, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "import", str(MEETBOT))[0] == 0

    code, page, _ = run(capsys, "export", "--format", "md")
    assert code == 0 and page.startswith("# Record of #steering\n") and "## Action Items" in page

    assert run(capsys, "export", "--format", "json", "--output", str(tmp_path / "record.json"))[0] == 0
    exported = json.loads((tmp_path / "record.json").read_text())
    assert exported["format"] == "steerbot-export" and len(exported["items"]) == 9  # ours and the 8 MeetBot actions

    code, _, err = run(capsys, "export", "--format", "csv")
    assert code == 2 and "--output DIR" in err
    assert run(capsys, "export", "--format", "csv", "--output", str(tmp_path / "tables"))[0] == 0
    tables = sorted(p.name for p in (tmp_path / "tables").iterdir())
    assert tables == ["decisions.csv", "events.csv", "items.csv", "meetings.csv", "updates.csv"]
    rows = list(csv.DictReader(io.StringIO((tmp_path / "tables" / "items.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == 9

    code, ics, _ = run(capsys, "export", "--format", "ics")
    assert code == 0 and Calendar.from_ical(ics).get("X-WR-CALNAME") == "#steering"


def test_a_purged_workspace_comes_back_whole_from_its_json_export(
    committee: Storage, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, "import", str(EXAMPLE), "--date", "2023-10-10")[0] == 0
    saved = tmp_path / "record.json"
    assert run(capsys, "export", "--format", "json", "--output", str(saved))[0] == 0
    before = counts(committee)

    monkeypatch.setattr("sys.stdin", io.StringIO("T2\n"))  # the wrong workspace typed back: nothing goes
    code, out, _ = run(capsys, "purge", "--team", "T1")
    assert code == 1 and "1 committees" in out and "Nothing was deleted." in out and counts(committee) == before
    code, out, _ = run(capsys, "purge", "--team", "T1", "--yes")
    assert code == 0 and set(counts(committee).values()) == {0}
    assert run(capsys, "export", "--format", "md")[0] == 2  # no committee any more

    assert run(capsys, "import", str(saved))[0] == 0
    assert counts(committee) == {**before, "imported records": counts(committee)["imported records"]}
    again = tmp_path / "again.json"
    assert run(capsys, "export", "--format", "json", "--output", str(again))[0] == 0
    first, second = json.loads(saved.read_text()), json.loads(again.read_text())
    assert {**first, "exported_at": None} == {**second, "exported_at": None}


@pytest.mark.parametrize(
    ("content", "argv", "says"),
    [
        (b"", [], "is empty"),
        (b"\x00\x01\x02\xff" * 100, [], "not text"),
        (b"- [ ] x\n" * 700_000, [], "I import minutes up to"),
        (b"Hello everyone, lovely weather.\n", ["--date", "2024-01-01"], "I found nothing to record"),
        (EXAMPLE.read_bytes(), [], "Give it: --date YYYY-MM-DD"),
        (EXAMPLE.read_bytes(), ["--date", "1900-01-01"], "1900"),
        (EXAMPLE.read_bytes(), ["--committee", "nowhere", "--date", "2024-01-01"], "No committee is “nowhere”"),
    ],
)
def test_bad_input_is_answered_and_nothing_is_recorded(
    committee: Storage,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    argv: list[str],
    says: str,
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_bytes(content)
    before = counts(committee)
    code, out, err = run(capsys, "import", str(notes), *argv)
    assert (code, out) == (2, "") and says in err
    assert counts(committee) == before


def test_a_missing_file_and_a_bad_date_are_named(committee: Storage, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "import", "/no/such/notes.txt")
    assert code == 2 and err == "I can't read /no/such/notes.txt: No such file or directory.\n"
    with pytest.raises(SystemExit) as stopped:
        main(["import", str(EXAMPLE), "--date", "10/10/2023"])
    assert stopped.value.code == 2 and "“10/10/2023” is not a date such as 2024-03-01" in capsys.readouterr().err
