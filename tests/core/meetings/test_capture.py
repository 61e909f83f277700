"""Live capture: tagged lines, attendance, #undo, retries recorded once, and bad input answered privately."""

from __future__ import annotations

from datetime import timedelta

from bot.core.kernel.documents import plain
from bot.core.kernel.model import Status
from bot.core.meetings.capture_grammar import Captured, read_capture_line
from tests.core.meetings.world import JON, KEVIN, KPARK, LEO, World, world


def started() -> World:
    w = world()
    assert w.say("/meeting", "start") == "✓ Meeting started; I'm taking notes."
    return w


def notes(w: World) -> list[tuple[str, str, bool]]:
    [meeting] = w.record.meetings[1]
    return [(n.kind.value, n.text, n.undone) for n in w.record.notes.get(meeting.id, [])]


def dms(w: World, user: str) -> list[str]:
    return [plain(p.doc) for p in w.posts if p.user == user]


def test_capture_lines_are_read_with_their_tag() -> None:
    assert read_capture_line("#action Kevin to send slides") == Captured("action", "Kevin to send slides")
    assert read_capture_line("  #AGREED: we ship") == Captured("agreed", "we ship")
    assert read_capture_line("#idea more coffee") == Captured("info", "more coffee")
    assert read_capture_line("#undo") == Captured("undo", "")
    assert read_capture_line("#hashtag fun") is None
    assert read_capture_line("see #action items") is None


def test_nothing_is_recorded_without_a_running_meeting() -> None:
    w = world()
    w.hear(KEVIN, "#info nobody is listening", "Ev1")
    w.say("/decision", "make a committee")  # the channel has a committee now, but no meeting runs
    w.hear(KEVIN, "#info still nobody", "Ev2")
    assert w.record.meetings == {} and w.record.seen == set()


def test_a_retried_event_records_nothing_twice() -> None:
    w = started()
    for _ in range(3):  # Slack's first delivery and two retries (x-slack-retry-num 1, 2)
        w.hear(KEVIN, "#action Jon Masters send the minutes by Friday", "Ev42")
        w.hear(KEVIN, "#agreed ship it", "Ev43")
    assert [(k, t) for k, t, _ in notes(w)] == [
        ("action", "Jon Masters send the minutes by Friday"),
        ("agreed", "ship it"),
    ]
    assert len(w.uow.store.items) == 1 and len(w.record.decisions[1]) == 1


def test_attendance_is_everyone_who_spoke_in_the_order_they_spoke() -> None:
    w = started()
    w.hear(JON, "hello all", "Ev1")
    w.hear(KEVIN, "#info hi", "Ev2")
    w.hear(JON, "again", "Ev3")
    [meeting] = w.record.meetings[1]
    assert w.record.attendees[meeting.id] == ["U1", "U4", "U2"]


def test_action_lines_create_real_items_through_the_action_reader() -> None:
    w = started()
    w.hear(KEVIN, "#action @Jon Masters to send the slides by Friday", "Ev1", {"@Jon Masters": "U4"})
    [item] = w.uow.store.items.values()
    assert (item.task, item.owners[0].user_id, item.due.isoformat(), item.created_by) == (
        "send the slides", "U4", "2024-03-01", "U2",
    )  # fmt: skip
    card = next(p for p in w.posts if p.item_id == item.id)
    assert card.channel == "C1" and "[Done]" in plain(card.doc)


def test_a_line_with_two_items_makes_two_items_and_a_note_for_each() -> None:
    w = started()
    w.hear(KEVIN, "#action Jon Masters to send the slides by Friday, Kevin Park to book the room", "Ev1")
    made = sorted(w.uow.store.items.values(), key=lambda i: i.number)
    assert [(i.number, i.task, [o.user_id for o in i.owners]) for i in made] == [
        (1, "send the slides", ["U4"]),
        (2, "book the room", ["U3"]),
    ]
    assert notes(w) == [("action", "send the slides", False), ("action", "book the room", False)]
    w.hear(KEVIN, "#undo", "Ev2")  # one note at a time, the last item first
    assert [w.uow.store.items[i.id].status for i in made] == [Status.OPEN, Status.CANCELLED]


def test_bad_lines_are_answered_to_the_speaker_only_and_record_nothing() -> None:
    w = started()
    w.hear(KEVIN, "#action", "Ev1")
    w.hear(KEVIN, "#info   ", "Ev2")
    w.hear(KEVIN, "#action Kevin to look at it", "Ev3")  # two Kevins: a question, not a guess
    w.hear(KEVIN, "#agreed " + "z" * 5000, "Ev4")
    w.hear(KEVIN, "#undo", "Ev5")
    answers = dms(w, "U2")
    assert "#action needs some text, e.g. `#action Kevin to send the slides by Friday`." in answers[0]
    assert "#info needs some text" in answers[1]
    assert "I didn't record “#action Kevin to look at it”: “Kevin” could be several people" in answers[2]
    assert "[" not in answers[2]  # no buttons in a DM: they would run the command in the wrong channel
    assert "under 3,000" in answers[3]
    assert answers[4] == "There is nothing to undo in this meeting yet."
    assert notes(w) == [] and w.uow.store.items == {} and w.record.decisions == {}
    assert [p.doc.summary for p in w.posts if p.channel] == ["The meeting has started."]


def test_undo_takes_back_the_last_line_and_what_it_made() -> None:
    w = started()
    w.hear(KEVIN, "#info keep me", "Ev1")
    w.hear(KEVIN, "#action Jon Masters draft the plan by Friday", "Ev2")
    w.hear(JON, "#undo", "Ev3")  # not his line, not his meeting, not an admin
    assert "Only who wrote the last line" in dms(w, "U4")[-1]
    w.hear(KEVIN, "#undo", "Ev4")
    w.hear(KPARK, "#agreed we ship", "Ev5")
    w.hear(LEO, "#undo", "Ev6")  # the meeting's starter may
    assert notes(w) == [("info", "keep me", False), ("action", "Jon Masters draft the plan by Friday", True),
                        ("agreed", "we ship", True)]  # fmt: skip
    [item] = w.uow.store.items.values()
    assert item.status is Status.CANCELLED
    assert [c.action for c in w.uow.store.changes[item.id]] == ["created", "cancelled"]
    [decision] = w.record.decisions[1]
    assert decision.revoked
    assert any("Removed from the minutes: #agreed we ship" in plain(p.doc) for p in w.posts if p.channel)


def test_start_twice_and_end_without_a_meeting_are_answered() -> None:
    w = world()
    assert w.say("/meeting", "end") == "No meeting is running. `/meeting start` begins one."
    w.say("/meeting", "start")
    assert "A meeting is already running (since Mon 26 Feb 2024 09:00 -03)" in w.say("/meeting", "start")
    assert len(w.record.meetings[1]) == 1
    assert "No minutes yet" in w.say("/meeting", "minutes")


def test_the_end_posts_minutes_keeps_markdown_and_covers_the_topics() -> None:
    w = world()
    w.say("/meeting", "every Tuesday at 15:00")
    w.say("/agenda", "add Budget")
    w.clock.move(timedelta(days=1, hours=3))  # Tue 27 Feb 15:00
    w.say("/meeting", "start")
    w.hear(KEVIN, "#topic Budget", "Ev1")
    w.hear(KEVIN, "#link <https://example.org/b> doesn't matter", "Ev2")
    w.clock.move(timedelta(minutes=45))
    w.say("/meeting", "end")
    [meeting] = w.record.meetings[1]
    assert meeting.scheduled_at is not None and meeting.minutes is not None
    assert meeting.minutes.startswith("# Minutes: steering, Tue 27 Feb 2024 15:00 GMT")
    minutes = next(p for p in w.posts if p.channel and plain(p.doc).startswith("Minutes"))
    assert "Attendees\n@Leo, @Kevin Zhao" in plain(minutes.doc)
    assert "No topics yet" in w.say("/agenda", "")  # covered in the meeting
    assert "No minutes were kept on Mon 26 Feb 2024" in w.say("/meeting", "minutes 26 Feb")
    assert "Ended Tue 27 Feb 2024 15:45 GMT." in w.say("/meeting", "minutes 27/2")
