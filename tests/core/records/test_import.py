"""Importing notes into the record: the example page record by record, nothing twice, a revision adds only what
changed, dry runs, all or nothing, owners, dates, and every bad input answered clearly with nothing recorded."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.core.kernel.context import Context
from bot.core.kernel.documents import plain
from bot.core.kernel.model import Event, Owner, Status
from bot.core.kernel.record import Decision, NoteKind
from bot.core.language import OwnerRef, Reading
from bot.core.records import importing
from bot.core.records.result import Imported, Refused, preview
from tests.core.records.world import DOCUMENTS, EXAMPLE, KEVIN, LEO, World, world
from tests.fakes import MEMBERS, FakeDirectory, FakeEvents

GOLDEN = Path(__file__).with_name("example.golden.json")
MEETING_DAY = date(2024, 1, 10)


def run(w: World, data: bytes, *, source: str = "notes.txt", **kwargs: object) -> Imported:
    result = w.records.import_document(LEO, data, source=source, **kwargs)  # type: ignore[arg-type]
    assert isinstance(result, Imported), result
    return result


def refused(w: World, data: bytes, *, source: str = "notes.txt", **kwargs: object) -> Refused:
    result = w.records.import_document(LEO, data, source=source, **kwargs)  # type: ignore[arg-type]
    assert isinstance(result, Refused), result
    return result


def example(w: World, **kwargs: object) -> Imported:
    return run(w, EXAMPLE.read_bytes(), source=EXAMPLE.name, meeting_day=MEETING_DAY, **kwargs)


# -- the example page, record by record --------------------------------------------------------------------------


def test_the_example_page_imports_as_the_golden_json() -> None:
    found = example(world()).as_json()
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    # The line reader decides whether "Andy brought a concern …" after the first sentence is part of the task.
    assert found["items"][0]["task"].startswith(golden["items"][0]["task"])
    found["items"][0]["task"] = golden["items"][0]["task"]
    assert found == golden


def test_the_example_page_record_by_record() -> None:
    w = world()
    example(w)
    store = w.store
    [committee] = store.committees.values()
    [meeting] = store.meeting_record.meetings[committee.id]
    assert meeting.started_at == datetime(2024, 1, 10, tzinfo=UTC) == meeting.ended_at  # the committee's zone: UTC
    assert meeting.started_by == "U1" and meeting.minutes is not None
    assert "Imported from meeting-notes-confluence-export.txt (wiki)." in meeting.minutes
    # attendees: members when the name is theirs alone ("Leonardo", "Jon"), else the name as written
    assert store.meeting_record.attendees[meeting.id or 0] == ["Jonathan", "U1", "Kevin", "U4", "U5"]
    notes = store.meeting_record.notes[meeting.id or 0]
    assert [n.text for n in notes if n.kind is NoteKind.TOPIC] == [
        "System Ready Compliant Platform Collaboration (SRCPC)",
        "Deploy CCA on Arm Platforms (DCAP)",
        "Strategy and direction for 2024",
    ]
    [item] = store.items.values()
    assert (item.number, item.owners, item.due, item.status) == (1, [Owner("Leo", "U1")], None, Status.OPEN)
    assert item.task.startswith("check the state of Rust with Linaro tool chain team")
    [change] = store.changes[item.id or 0]
    assert (change.actor, change.action) == ("U1", "imported")
    assert change.detail.startswith("from meeting-notes-confluence-export.txt (wiki), meeting of Wed 10 Jan 2024: ")
    assert change.detail.endswith("Leonardo Garcia will check the state of Rust with Linaro tool chain team. Andy "
                                  "brought a concern he has that we check to avoid any future shortcomings as we saw "
                                  "with OpenJDK.")  # fmt: skip
    [decision] = store.meeting_record.decisions[committee.id]
    assert (decision.number, decision.text) == (1, "We will not work on BMC software this year.")
    assert (decision.meeting_id, decision.meeting_at, decision.recorded_by) == (meeting.id, meeting.at, "U1")
    updates = store.meeting_record.updates[committee.id]
    assert [(u.project, u.author, u.at) for u in updates] == [
        ("SRCPC", "U1", meeting.at),  # "Document with current accomplishments …": no speaker, the importer's
        ("SRCPC", "Jonathan", meeting.at),
        ("DCAP", "U1", meeting.at),
        ("DCAP", "Kevin", meeting.at),  # two members are Kevin: the name as written
    ]
    events = sorted(store.events.values(), key=lambda e: e.number)
    assert [(e.number, e.name, e.starts, e.ends, e.place, e.notes) for e in events] == [
        (1, "Supercomputing SC23", date(2023, 11, 12), date(2023, 11, 17), "Denver, CO, USA", ""),
        (2, "FOSDEM 2024", date(2024, 2, 3), date(2024, 2, 4), "Brussels, Belgium", "Confidential Computing dev room."),
    ]
    marks = store.marks[committee.id]
    assert {m.kind for m in marks} == {"meeting", "item", "decision", "update", "event"} and len(marks) == 9
    assert {(m.source, m.format, m.by) for m in marks} == {("meeting-notes-confluence-export.txt", "wiki", "U1")}
    assert store.outbox == []  # an import posts nothing: it is shown to the importer


def test_the_example_as_confluence_storage_is_the_same_record_and_schedules_the_next_meeting() -> None:
    w = world()
    path = DOCUMENTS / "constructed" / "meeting-notes-example.storage.xhtml"
    result = run(w, path.read_bytes(), source=path.name)
    assert result.format == "wiki" and result.meetings[0].date == MEETING_DAY
    leonardo, kevin = result.items
    assert (leonardo.owners, leonardo.due, leonardo.status) == (("Leo",), date(2024, 3, 1), "open")
    assert (kevin.owners, kevin.status) == (("kevin",), "done")  # a Confluence username no member has: outside
    assert result.decisions == ("We will not work on BMC software this year.",)
    assert [u.project for u in result.updates] == ["SRCPC", "SRCPC", "DCAP", "DCAP"]
    assert [e.name for e in result.events] == ["Supercomputing SC23", "FOSDEM 2024"]
    assert result.next_meeting == date(2024, 2, 14)
    [committee] = w.store.committees.values()
    [rule] = w.store.meeting_record.rules[committee.id]
    assert (rule.start, rule.rrule) == (datetime(2024, 2, 14, 9, 0, tzinfo=UTC), None)  # no hour given: 09:00
    done = next(i for i in w.store.items.values() if i.status is Status.DONE)
    assert done.closed_at == datetime(2024, 1, 10, tzinfo=UTC)
    assert ("1", "U1") in {(str(p.item_id), p.user_id) for p in w.store.plans.values()}  # reminders for #1
    assert run(w, path.read_bytes(), source=path.name).recorded == 0


# -- nothing twice --------------------------------------------------------------------------------------------


def test_the_same_document_again_records_nothing() -> None:
    w = world()
    first = example(w)
    before = (dict(w.store.items), dict(w.store.events), list(w.store.meeting_record.decisions[1]))
    again = example(w)
    assert again.recorded == 0 and again.unchanged == first.recorded == 9
    assert again.skipped == first.skipped  # what could not be read is said again
    assert (dict(w.store.items), dict(w.store.events), list(w.store.meeting_record.decisions[1])) == before
    assert len(w.store.meeting_record.meetings[1]) == 1


def test_a_revised_document_adds_only_what_changed() -> None:
    w = world()
    example(w)
    revised = (
        EXAMPLE.read_text(encoding="utf-8")
        .replace(
            "- Project updates",
            "- Kevin Zhao to send the CCA attestation slides //15-01-2024\n- Project updates",
            1,
        )
        .replace("Brussels, Belgium", "Brussels, BE", 1)
    )
    result = run(w, revised.encode(), source=EXAMPLE.name, meeting_day=MEETING_DAY)
    assert [(i.owners, i.task, i.due, i.number) for i in result.items] == [
        (("Kevin Zhao",), "send the CCA attestation slides", date(2024, 1, 15), 2)  # day first
    ]
    assert result.events == ()  # FOSDEM 2024 on 3 February is recorded already: not twice for a changed place
    assert result.meetings == () and result.decisions == () and result.updates == ()
    assert result.unchanged == 9
    assert len(w.store.meeting_record.meetings[1]) == 1
    notes = w.store.meeting_record.notes[w.store.meeting_record.meetings[1][0].id or 0]
    assert [n.item_number for n in notes if n.kind is NoteKind.ACTION] == [1, 2]  # the new item joins its meeting


def test_what_was_recorded_by_hand_is_not_recorded_again() -> None:
    w = world()
    with w.uow as uow:
        committee = Context(FakeDirectory(MEMBERS), w.clock).committee(uow, LEO)
        uow.events.add(committee, Event(committee.id, 0, "FOSDEM 2024", date(2024, 2, 3), date(2024, 2, 4), "U2",
                                        w.clock.now()))  # fmt: skip
        uow.decisions.add(committee, Decision("We will NOT work on BMC software this year", "U2", w.clock.now()))
        uow.commit()
    result = example(w)
    assert [e.name for e in result.events] == ["Supercomputing SC23"] and result.decisions == ()


def test_a_dry_run_stores_nothing_and_says_what_would_be_recorded() -> None:
    w = world()
    result = example(w, dry_run=True)
    assert result.dry_run and result.recorded == 9 and result.items[0].number == 1
    assert w.store.items == {} and w.store.committees == {} and w.uow.commits == 0
    assert plain(preview(result)).startswith("Import preview: meeting-notes-confluence-export.txt (wiki)\nWould record")
    assert example(w).recorded == 9  # and the real import after it records all of it


def test_an_import_is_all_or_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("the database went away")

    w = world()
    monkeypatch.setattr(FakeEvents, "add", broken)
    with pytest.raises(RuntimeError):
        example(w)
    assert w.store.items == {} and w.store.meeting_record.meetings == {} and w.uow.commits == 0


# -- how lines become records ------------------------------------------------------------------------------------


def test_one_line_with_two_items_becomes_two(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each reading `read_items` finds on a line is an item of its own (here a stand-in that finds two)."""

    def read_items(text: str, **_: object) -> tuple[Reading, ...]:
        return (
            Reading((OwnerRef("name", "Kevin Zhao"),), "file the bug", None),
            Reading((OwnerRef("name", "Jon"),), "review it", None),
        )

    monkeypatch.setattr(importing, "read_items", read_items)
    w = world()
    text = b"Action items\n- Kevin Zhao to file the bug. Jon will review it.\n"
    result = run(w, text, meeting_day=MEETING_DAY)
    assert [(i.owners, i.task) for i in result.items] == [
        (("Kevin Zhao",), "file the bug"),
        (("Jon Masters",), "review it"),
    ]
    assert run(w, text, meeting_day=MEETING_DAY).recorded == 0  # each of the two has its own fingerprint


def test_owners_outside_the_workspace_and_names_that_fit_several_members() -> None:
    w = world()
    result = run(w, (DOCUMENTS / "w3c" / "json-ld-cg-2022-07-20.md").read_bytes(), source="json-ld.md")
    gregg = next(i for i in w.store.items.values() if i.number == 1)
    assert gregg.owners == [Owner("Gregg Kellogg")] and gregg.owners[0].external  # kept, never dropped
    assert result.items[0].due == date(2022, 7, 27)
    kevins = run(w, b"Action items\n- Kevin to send the slides\n", meeting_day=MEETING_DAY)
    assert kevins.items[0].owners == ("Kevin",)
    assert kevins.notes == (
        "“Kevin” fits several members (Kevin Zhao, Kevin Park): kept as written; `/action assign` picks one.",
    )


def test_relative_dates_are_read_from_the_meeting_day_not_today() -> None:
    result = run(world(), b"Action items\n- Jon to send the agenda by Friday\n", meeting_day=MEETING_DAY)
    assert result.items[0].due == date(2024, 1, 12)  # the Friday after Wednesday 10 January, not after today


def test_meetbot_owners_by_nick_and_each_action_once() -> None:
    w = world()
    result = run(w, (DOCUMENTS / "meetbot" / "fedora-magazine-2020-06-10.txt").read_bytes(), source="magazine.txt")
    assert len(result.items) == 8 and len(result.decisions) == 2
    assert [i.owners for i in result.items][:3] == [("sysoplab",), ("bcotton",), ("gregbartholomew",)]
    [meeting] = w.store.meeting_record.meetings[1]
    assert meeting.started_at == datetime(2020, 6, 10, 12, 2, 26, tzinfo=UTC)  # "at 12:02:26 UTC"


def test_dates_outside_the_record_are_refused_line_by_line() -> None:
    result = run(world(), b"Action items\n- Jon to renew it //01-01-2999\n- Kevin Zhao to book the room\n",
                 meeting_day=MEETING_DAY)  # fmt: skip
    assert [i.task for i in result.items] == ["book the room"]
    assert result.skipped[0].line == "Jon to renew it //01-01-2999" and "too far away" in result.skipped[0].why


def test_a_past_next_meeting_is_not_scheduled() -> None:
    w = world(datetime(2024, 6, 1, tzinfo=UTC))
    result = run(w, b"Action items\n- Jon to send the slides\nNext meeting: 2024-01-24\n", meeting_day=MEETING_DAY)
    assert result.next_meeting is None and result.skipped[-1].why == "already past: not put on the schedule"
    assert w.store.meeting_record.rules == {}


def test_the_preview_counts_and_shows_each_record_within_limits() -> None:
    lines = "\n".join(f"- Jon to check thing {n}" for n in range(45))
    result = run(world(), f"Action items\n{lines}\n".encode(), meeting_day=MEETING_DAY, dry_run=True)
    doc = preview(result)
    items = next(s for s in doc.sections if s.heading == "Action items (45)")
    assert len(items.lines) == 31 and plain(doc).count("… and 15 more.") == 1
    assert doc.summary == "Would record from notes.txt: 1 meeting, 45 action items."


# -- bad input: a clear answer, nothing recorded ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind", "says"),
    [
        (b"", "empty", "That file is empty"),
        (b"  \n\n \t", "empty", "That file is empty"),
        (b"%PDF-1.7\n\x00\x01\x02binary", "binary", "not text"),
        (b"\xff\xfeq\x00\xd8\x00\x00\xdc", "binary", "not text"),
        ("caf\xe9 notes".encode("latin-1"), "binary", "not UTF-8 text"),
        (b"x" * (5 * 1024 * 1024), "too_big", "I import minutes up to 1.0 MB"),
        (b"Hello world, how are you today?\n", "nothing", "I found nothing to record in notes.txt"),
        (b"<html><body><p>A web page</p></body></html>", "format", "not minutes I know"),
        (b"Action items\n- Jon to send the slides\n", "no_date", "I couldn't find the meeting's date"),
        (b'{"format": "steerbot-export", "version": 1}', "invalid", "That Steerbot export does not read"),
        (b'{"format": "steerbot-export", oops', "invalid", "That is not valid JSON (line 1"),
        (b'{"format": "something else"}', "format", "not a Steerbot export"),
    ],
)
def test_bad_input_is_refused_clearly_and_records_nothing(data: bytes, kind: str, says: str) -> None:
    w = world()
    answer = refused(w, data)
    assert answer.kind == kind and says in answer.why
    assert w.store.committees == {} and w.store.items == {} and w.uow.commits == 0


def test_an_unknown_format_and_a_date_out_of_reach_are_refused() -> None:
    w = world()
    assert refused(w, b"Action items\n- Jon to go\n", format="docx").why.startswith("I don't know the format “docx”")
    far = refused(w, b"Action items\n- Jon to go\n", meeting_day=date(1900, 1, 1))
    assert far.kind == "date" and "the record keeps dates from 1970 to 2200" in far.why


def test_a_format_that_does_not_fit_finds_nothing() -> None:
    answer = refused(world(), EXAMPLE.read_bytes(), format="meetbot", meeting_day=MEETING_DAY)
    assert answer.kind == "nothing"


def test_the_document_date_wins_over_the_one_given() -> None:
    path = DOCUMENTS / "markdown" / "rust-leadership-council-2024-01-05.md"
    result = run(world(), path.read_bytes(), source=path.name, meeting_day=MEETING_DAY)
    assert result.meetings[0].date == date(2024, 1, 5)


def test_another_member_importing_is_who_the_history_names() -> None:
    w = world()
    answer = w.records.import_document(KEVIN, b"Action items\n- Jon to send it\n", source="x.txt",
                                       meeting_day=MEETING_DAY)  # fmt: skip
    assert isinstance(answer, Imported)
    [item] = w.store.items.values()
    assert item.created_by == "U2" and w.store.changes[item.id or 0][0].actor == "U2"
    assert replace(answer, notes=()).items[0].owners == ("Jon Masters",)
