"""The agenda and the minutes: golden Markdown, Slack's limits with a big record, and no pings from typed text."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from markdown_it import MarkdownIt

from bot.core.kernel.documents import plain, say
from bot.core.kernel.markdown import markdown
from bot.core.kernel.model import Event, Item, Owner, Status
from bot.core.kernel.record import Decision, OpenItems, Update
from bot.core.meetings.documents import LIMIT, Agenda, agenda_doc
from bot.slack.blocks import MAX_BLOCKS, MAX_SECTION, render
from tests.core.meetings.world import JON, KEVIN, KPARK, LEO, World, world

GOLDEN = Path(__file__).parent / "golden"
LONDON = ZoneInfo("Europe/London")


def scripted_record() -> World:
    """Two weeks of a committee's life, told through its commands."""
    w = world()
    w.say("/meeting", "every second Tuesday at 15:00")  # Tue 27 Feb, 12 Mar, …
    w.say("/action", "Kevin Zhao check Rust with the toolchain team by 2024-02-27")
    w.say("/action", "Jon Masters and me review the FOSDEM talk proposals before the next meeting")
    w.say("/action", "Andy Smith send the *budget* to finance by 2024-03-20")
    w.say("/action", "Kevin Park update the wiki template by 2024-02-28")
    w.say("/action", "done 4", KPARK)
    w.say("/decision", "We will not work on BMC software this year")
    w.say("/update", "DCAP: QEMU can run an sbsa-ref machine with RME and launch a realm", KEVIN)
    w.say("/update", "dcap: Realm attestation @channel works end to end", JON)
    w.say("/update", "Rust for Linux: toolchain pinned to 1.76", LEO)
    w.say("/agenda", "add Budget review (Kevin Zhao) for 15m")
    w.say("/agenda", "add Conference season: who goes where @here")
    w.say("/agenda", "add Q2 priorities for 20m")
    w.say("/agenda", "move 3 1")
    with w.uow as uow:
        committee = uow.committees.find(LEO.scope)
        assert committee is not None
        uow.events.add(
            committee,
            Event(committee.id, 0, "FOSDEM 2024", date(2024, 3, 3), date(2024, 3, 4), "U1", w.clock.now(), "Brussels"),
        )
        uow.commit()
    return w


def test_the_agenda_reads_well_as_markdown() -> None:
    w = scripted_record()
    doc = w.doc("/agenda", "export")
    assert doc is not None
    text = "\n".join("".join(p.text for p in ln) for s in doc.sections for ln in s.lines) + "\n"  # type: ignore[union-attr]
    assert text == (GOLDEN / "agenda.md").read_text()


def test_the_minutes_of_a_scripted_meeting_read_well_as_markdown() -> None:
    w = scripted_record()
    w.clock.set(datetime(2024, 2, 27, 14, 58, tzinfo=UTC))
    assert "Meeting started" in w.say("/meeting", "start")
    lines = [
        (KPARK, "#topic Action items review"),
        (KEVIN, "#info Rust check is done, the toolchain team agreed"),
        (LEO, "#action Kevin Zhao to close the Rust item by Friday"),
        (JON, "sorry, I'm late"),
        (KPARK, "#topic Conferences"),
        (JON, "#link https://fosdem.org/2024/ FOSDEM 2024 schedule"),
        (LEO, "#agreed @Jon Masters presents at FOSDEM"),
        (KEVIN, "#info a typo"),
        (KEVIN, "#undo"),
        (KEVIN, "#action me and Andy Smith draft the CFP answer by next meeting"),
    ]
    for n, (who, text) in enumerate(lines):
        w.clock.move(timedelta(minutes=2))
        w.hear(who, text, f"Ev{n}")
    w.clock.move(timedelta(minutes=30))
    assert "minutes are posted" in w.say("/meeting", "end")
    doc = w.doc("/meeting", "minutes")
    assert doc is not None
    text = "\n".join("".join(p.text for p in ln) for s in doc.sections for ln in s.lines) + "\n"  # type: ignore[union-attr]
    assert text == (GOLDEN / "minutes.md").read_text()
    assert w.say("/meeting", "minutes 27 Feb") == plain(doc)


def test_a_big_record_fits_slacks_limits_with_counts() -> None:
    now = datetime(2024, 3, 1, 12, tzinfo=UTC)
    owners = [Owner("Kevin Zhao", "U2"), Owner("Andy Smith", "U5"), Owner("Legal team", None, group=True)]
    items = [
        Item(1, n, f"task number {n} " + "with a long description " * 5, [owners[n % 3]], "U1", now,
             due=date(2024, 2, 1) + timedelta(days=n % 90))
        for n in range(1, 301)
    ]  # fmt: skip
    decisions = [Decision("decided " + "x" * 400, "U1", now, number=n) for n in range(1, 101)]
    updates = [Update(f"Project {n % 7}", "progress " * 40, "U2", now) for n in range(200)]
    agenda = Agenda(
        "steering",
        datetime(2024, 3, 5, 15, tzinfo=UTC),
        datetime(2024, 2, 20, 15, tzinfo=UTC),
        date(2024, 3, 1),
        open_items=OpenItems.of(items, today=date(2024, 3, 1), meeting_day=date(2024, 3, 5), limit=LIMIT),
        done_items=[Item(1, 900 + n, "done", [], "U1", now, status=Status.DONE) for n in range(50)],
        updates=updates,
        decisions=decisions,
    )
    doc = agenda_doc(agenda, LONDON)
    messages = render(doc)
    assert 1 <= len(messages) <= 3
    for message in messages:
        assert len(message["blocks"]) <= MAX_BLOCKS
        for block in message["blocks"]:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= MAX_SECTION
            if block["type"] == "header":
                assert len(block["text"]["text"]) <= 150
    text = plain(doc)
    assert "Overdue (" in text and "… and 70 more decisions" not in text
    assert "… and 70 more; `/decision list` shows them all." in text
    assert "… and 170 more; `/update list` shows them all." in text
    assert "300 open items, 100 decisions" in doc.summary


def test_typed_text_never_becomes_markup_or_a_ping() -> None:
    w = world()
    w.say("/agenda", "add @channel *urgent* [click](http://x) @Kevin Zhao")
    doc = w.doc("/agenda", "")
    assert doc is not None
    rendered = str(render(doc))
    assert "<!channel>" not in rendered and "<!here>" not in rendered
    assert "@channel *urgent* [click](http://x) @Kevin Zhao" in plain(doc)
    assert r"@channel \*urgent\* \[click\](http://x) @Kevin Zhao" in markdown(doc)


def test_typed_block_markers_stay_words_in_the_markdown() -> None:
    w = world()
    w.say("/agenda", "add # FAKE (Kevin Zhao)")
    w.say("/agenda", "add - nested? 1. numbered? > quoted? R&D ~~struck~~")
    w.say("/meeting", "start")
    for text in ("#info # FAKE", "#info === underline", "#info 2. numbered"):
        w.hear(JON, text, text)
    agenda = markdown(w.doc("/agenda", "") or say(""))
    w.say("/meeting", "end")
    minutes = w.doc("/meeting", "minutes")
    assert minutes is not None
    kept = "\n".join("".join(p.text for p in ln) for s in minutes.sections for ln in s.lines)  # type: ignore[union-attr]
    for page in (agenda, kept):
        tokens = MarkdownIt("commonmark").parse(page)
        headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
        assert not any("FAKE" in h or "underline" in h for h in headings)  # typed words never become headings
        assert not any(t.type in ("blockquote_open", "hr") for t in tokens)
    html = MarkdownIt("commonmark").render(agenda)  # the topics read as typed
    assert "<li># FAKE (@Kevin Zhao)</li>" in html
    assert "<li>- nested? 1. numbered? &gt; quoted? R&amp;D ~~struck~~</li>" in html
