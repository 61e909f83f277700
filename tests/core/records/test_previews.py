"""An import in two steps (the Slack shortcut's): the preview keeps the document for its importer, Record imports it
once into the committee it was previewed for, Cancel forgets it, a document without a date asks for it first, and
a forged, stale or someone else's key records nothing."""

from __future__ import annotations

from datetime import date, timedelta

from bot.core.kernel.boundary import Caller
from bot.core.kernel.context import Context
from bot.core.kernel.documents import Doc, plain
from bot.core.records.previews import CANCEL, KEPT_FOR, RECORD, STALE, DateWanted, ImportPreviews
from tests.core.records.world import EXAMPLE, KEVIN, LEO, World, world
from tests.fakes import MEMBERS, FakeDirectory

MEETING_DAY = date(2024, 1, 10)
DATED = "Date: 10 January 2024\n" + EXAMPLE.read_text(encoding="utf-8")  # the example, with its date given


def previews(w: World) -> ImportPreviews:
    return ImportPreviews(w.uow, Context(FakeDirectory(MEMBERS), w.clock), w.records)


def buttons(doc: Doc) -> dict[str, str]:
    """The document's buttons: action id -> value."""
    return {b.action_id: b.value for s in doc.sections for b in s.buttons}


def asked(w: World, who: Caller = LEO, data: bytes = DATED.encode()) -> tuple[ImportPreviews, str]:
    """A preview with its Record and Cancel; the kept document's key."""
    p = previews(w)
    shown = p.preview(who, data, source="notes.txt")
    assert isinstance(shown, Doc)
    assert plain(shown).startswith("Import preview: notes.txt (wiki)\nWould record from notes.txt: 1 meeting, ")
    keys = buttons(shown)
    assert keys.keys() == {RECORD, CANCEL} and keys[RECORD] == keys[CANCEL]
    return p, keys[RECORD]


def test_a_preview_records_nothing_and_record_imports_it_once() -> None:
    w = world()
    p, key = asked(w)
    assert w.store.items == {} and w.store.committees == {}
    done = p.record(LEO, key)
    assert plain(done).startswith("Imported: notes.txt (wiki)\nRecorded from notes.txt: 1 meeting, 1 action item")
    assert buttons(done) == {}
    assert len(w.store.items) == 1 and len(w.store.events) == 2
    assert p.record(LEO, key) == STALE  # pressed again: the document is gone, nothing more is recorded
    assert len(w.store.items) == 1 and w.store.choices == {}


def test_the_same_notes_again_have_nothing_to_record() -> None:
    w = world()
    p, key = asked(w)
    p.record(LEO, key)
    again = p.preview(LEO, DATED.encode(), source="notes.txt")
    assert isinstance(again, Doc) and buttons(again) == {}  # no Record button for nothing new
    assert "nothing new; 9 already in the record" in plain(again)
    assert w.store.choices == {}


def test_record_goes_to_the_committee_it_was_previewed_for() -> None:
    w = world()
    p, key = asked(w)
    p.record(Caller("T1", "C2", "U1", "other"), key)  # pressed in another channel: the preview's committee still
    [committee] = w.store.committees.values()
    assert committee.channel_id == "C1"


def test_cancel_forgets_the_document() -> None:
    w = world()
    p, key = asked(w)
    p.cancel(LEO, key)
    assert w.store.choices == {}
    assert p.record(LEO, key) == STALE and w.store.items == {}


def test_forged_stale_and_foreign_keys_record_nothing() -> None:
    w = world()
    p, key = asked(w)
    assert p.record(KEVIN, key) == STALE  # someone else's preview
    p.cancel(KEVIN, key)  # cannot cancel it either
    assert p.record(LEO, "forged-key") == STALE
    assert p.dated(LEO, "forged-key", MEETING_DAY) == STALE
    w.clock.move(KEPT_FOR + timedelta(minutes=1))
    assert p.record(LEO, key) == STALE  # a day old
    assert w.store.items == {} and w.store.committees == {}


def test_an_action_question_s_key_is_no_import() -> None:
    w = world()
    with w.uow as uow:
        key = uow.choices.keep("T1", "U1", {"channel": "C1", "channel_name": "steering", "options": []}, w.clock.now())
        uow.commit()
    assert previews(w).record(LEO, key) == STALE


def test_notes_without_a_date_ask_for_it_then_preview() -> None:
    w = world()
    p = previews(w)
    wanted = p.preview(LEO, EXAMPLE.read_bytes(), source=EXAMPLE.name)
    assert isinstance(wanted, DateWanted) and wanted.source == EXAMPLE.name
    shown = p.dated(LEO, wanted.key, MEETING_DAY)
    assert isinstance(shown, Doc)
    assert "Meeting (1)" in plain(shown) and "Wed 10 Jan 2024" in plain(shown)
    assert p.dated(LEO, wanted.key, MEETING_DAY) == STALE  # the preview has a key of its own now
    done = p.record(LEO, buttons(shown)[RECORD])
    assert "Recorded from meeting-notes-confluence-export.txt: 1 meeting" in plain(done)
    [meeting] = next(iter(w.store.meeting_record.meetings.values()))
    assert meeting.started_at.date() == MEETING_DAY


def test_bad_documents_are_answered_and_nothing_is_kept() -> None:
    w = world()
    p = previews(w)
    for data, said in [
        (b"   \n", "That file is empty"),
        (b"\x00\x01PK binary", "not text"),
        (b"Just a line of chat, nothing more.", "I found nothing to record"),
        (b"<html><body><p>Hello</p></body></html>", "not minutes I know"),
    ]:
        answer = p.preview(LEO, data, source="notes.txt")
        assert isinstance(answer, Doc) and said in plain(answer) and plain(answer).endswith("Nothing was recorded.")
    assert w.store.choices == {} and w.store.items == {}
