"""Meeting, decision, update and agenda use cases over the fakes: what people see, what is kept, bad input."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.core.kernel.boundary import Caller
from bot.core.kernel.documents import plain
from tests.core.meetings.world import JON, KEVIN, KPARK, LEO, world


def test_scheduling_answers_in_the_committee_zone_and_the_viewers() -> None:
    w = world()
    said = w.say("/meeting", "next 2024-03-05 15:00", JON)
    assert "✓ Scheduled: a meeting on Tue 5 Mar 2024 at 15:00 GMT." in said
    assert "For you that is Tue 5 Mar 2024 10:00 EST." in said
    listed = w.say("/meeting", "list", JON)
    assert "• Tue 5 Mar 2024 10:00 EST" in listed


def test_a_new_recurrence_replaces_the_old_one() -> None:
    w = world()
    w.say("/meeting", "every Monday at 10:00")
    said = w.say("/meeting", "every Tuesday at 15:00")
    assert "replaces the committee's previous recurring meeting" in said
    [rule] = w.record.rules[1]
    assert rule.rrule == "FREQ=WEEKLY;INTERVAL=1;BYDAY=TU"


def test_bad_schedules_are_answered_and_nothing_is_kept() -> None:
    w = world()
    assert "is in the past" in w.say("/meeting", "next 2024-02-13 15:00")
    assert "not a day of the week" in w.say("/meeting", "every blursday at 15:00")
    assert "When?" in w.say("/meeting", "next")
    assert "No meetings are scheduled" in w.say("/meeting", "list")
    assert "There is no meeting still to come on Tue 5 Mar 2024" in w.say("/meeting", "cancel 2024-03-05")
    assert "I don't know “sometime”" in w.say("/meeting", "sometime")
    assert w.record.rules == {}


def test_cancelling_a_date_moves_the_next_meeting() -> None:
    w = world()
    w.say("/meeting", "every Tuesday at 15:00")
    assert "✓ Cancelled the meeting on Tue 27 Feb 2024" in w.say("/meeting", "cancel 27/2", KEVIN)
    assert "Agenda: steering, Tue 5 Mar 2024 15:00 GMT" in w.say("/agenda", "", KPARK)
    assert "Cancelled: " in w.say("/meeting", "list")


def test_items_due_before_the_next_meeting_get_its_date_once_there_is_one() -> None:
    w = world()
    assert "none is scheduled yet" in w.say("/action", "Kevin Zhao check the CI before the next meeting")
    said = w.say("/meeting", "next 2024-03-05 15:00")
    assert "now due Tue 5 Mar 2024: #1" in said
    [item] = w.uow.store.items.values()
    assert (item.due, item.due_phrase) == (date(2024, 3, 5), None)
    assert [c.action for c in w.uow.store.changes[item.id]] == ["created", "re-dated"]
    # and a new item said the same way reads the scheduled meeting's date at once
    w.say("/action", "me book the room by next meeting")
    assert w.uow.store.items[2].due == date(2024, 3, 5)


def test_with_no_meeting_the_agenda_says_how_to_schedule_and_still_shows_open_items() -> None:
    w = world()
    w.say("/action", "Kevin Zhao check the CI by 2024-03-01")
    said = w.say("/agenda", "")
    assert "Agenda: steering, no meeting scheduled" in said
    assert "No meeting is scheduled. Schedule one with `/meeting next" in said
    assert "#1 check the CI · @Kevin Zhao · due Fri 1 Mar 2024" in said


def test_the_agenda_of_a_later_meeting_and_posting_it() -> None:
    w = world()
    w.say("/meeting", "every Tuesday at 15:00")
    assert "Agenda: steering, Tue 5 Mar 2024 12:00 -03" in w.say("/agenda", "for 5 March")
    assert "There is no meeting on Wed 6 Mar 2024" in w.say("/agenda", "for 2024-03-06")
    assert w.say("/agenda", "post") == "✓ Posted the agenda to the channel."
    [post] = w.posts
    assert post.channel == "C1" and "Tue 27 Feb 2024 15:00 GMT" in plain(post.doc)  # the committee's zone
    assert "[Post to channel]" not in plain(post.doc)
    button = w.doc("/agenda", "")
    assert button is not None and button.sections[-1].buttons[0].value == "2024-02-27T15:00:00+00:00"
    assert "is already in the channel" in w.agendas.post(LEO, button.sections[-1].buttons[0].value).summary
    assert w.agendas.post(LEO, "not a time").summary == "That button is broken."


def test_topics_are_added_numbered_moved_and_removed() -> None:
    w = world()
    w.say("/meeting", "every Tuesday at 15:00")
    assert "What is the topic?" in w.say("/agenda", "add")
    assert "What is the topic?" in w.say("/agenda", "add (Kevin) for 15m")
    assert "between 1 minute and 10 hours" in w.say("/agenda", "add Long one for 900m")
    assert "✓ Added topic 1 to the meeting on Tue 27 Feb 2024" in w.say("/agenda", "add Budget (Kevin Zhao) for 1h")
    w.say("/agenda", "add Hiring", KEVIN)
    w.say("/agenda", "add Travel")
    assert w.say("/agenda", "move 3 1") == "✓ Moved “Travel” to place 1."
    assert "There is no topic 7; the agenda has 3" in w.say("/agenda", "move 7 1")
    assert "Only who added topic 2 or a committee admin" in w.say("/agenda", "remove 2", JON)
    assert w.say("/agenda", "remove 3", KEVIN) == "✓ Removed topic 3: Hiring"
    said = w.say("/agenda", "")
    assert "1. Travel\n2. Budget (@Kevin Zhao, 60 min)\n4. Decisions" in said


def test_decisions_are_recorded_listed_searched_and_revoked() -> None:
    w = world()
    assert w.say("/decision", "We will not work on BMC software this year") == "✓ Recorded decision #1."
    w.clock.move(timedelta(days=40))
    w.say("/decision", "Rust goes into the 2024 plan", KEVIN)
    [first, second] = w.posts
    assert first.channel == "C1" and "#1 We will not work on BMC software this year" in plain(first.doc)
    assert "2 decisions" not in w.say("/decision", "list since 2024-03-01")
    assert "#2 Rust goes into the 2024 plan" in w.say("/decision", "list since 2024-03-01")
    assert "#1" not in w.say("/decision", "list since 2024-03-01")
    assert "#1 We will not work on BMC" in w.say("/decision", "list bmc")
    assert "none" in w.say("/decision", "list 100%_match")
    assert "Only who recorded decision #2 or a committee admin" in w.say("/decision", "revoke 2", JON)
    assert "is revoked; it stays in the record" in w.say("/decision", "revoke 2", KEVIN)
    assert "already revoked" in w.say("/decision", "revoke 2")
    assert "#2 Rust goes into the 2024 plan (Sat 6 Apr 2024, @Kevin Zhao) ✖ revoked" in w.say("/decision", "list")
    assert "There is no decision #9" in w.say("/decision", "revoke 9")


def test_bad_decisions_are_answered_and_nothing_is_kept() -> None:
    w = world()
    assert "5,000 characters long; please keep it under 3,000" in w.say("/decision", "x" * 5000)
    assert "/decision We will not" in w.say("/decision", "")
    assert "Which decision?" in w.say("/decision", "revoke last")
    assert w.record.decisions == {} and w.posts == []


def test_a_decision_belongs_to_the_running_meeting_else_the_latest() -> None:
    w = world()
    w.say("/meeting", "every Tuesday at 15:00")  # Tue 27 Feb 15:00 is the first
    w.clock.set(datetime(2024, 2, 28, 9, tzinfo=UTC))
    w.say("/decision", "after the meeting")
    w.clock.set(datetime(2024, 3, 5, 15, 5, tzinfo=UTC))
    w.say("/meeting", "start")
    w.say("/decision", "during the meeting")
    assert "#1 after the meeting (Wed 28 Feb 2024, @Leo, meeting of Tue 27 Feb 2024)" in w.say("/decision", "list")
    first, second = w.record.decisions[1]
    assert first.meeting_at == datetime(2024, 2, 27, 15, tzinfo=UTC) and first.meeting_id is None
    assert second.meeting_at == datetime(2024, 3, 5, 15, tzinfo=UTC) and second.meeting_id is not None


def test_updates_join_earlier_project_names_and_are_listed_by_project() -> None:
    w = world()
    assert w.say("/update", "DCAP: QEMU runs an sbsa-ref machine") == "✓ Recorded an update on DCAP."
    assert w.say("/update", "dcap: a realm launched", KEVIN) == "✓ Recorded an update on DCAP."
    w.say("/update", "Rust: pinned the toolchain")
    listed = w.say("/update", "list")
    assert "Project updates (3)" in listed and listed.count("DCAP") == 1
    assert "Rust" not in w.say("/update", "list dcap")
    assert "Name the project first" in w.say("/update", "no colon here")
    assert "What is the update on DCAP?" in w.say("/update", "DCAP:")
    assert "under 3,000" in w.say("/update", "DCAP: " + "y" * 3001)
    assert "none yet" in w.say("/update", "list Nothing")


def test_the_agenda_job_posts_once_a_lead_time_before_each_meeting() -> None:
    w = world()
    w.say("/meeting", "every Tuesday at 15:00")
    assert w.job.run(datetime(2024, 2, 26, 14, 59, tzinfo=UTC)) == []  # 24h and a minute before
    assert w.job.run(datetime(2024, 2, 26, 15, 0, tzinfo=UTC), dry_run=True) == [
        "would post the agenda of #steering for Tue 27 Feb 2024 (agenda:C1:2024-02-27T15:00Z)"
    ]
    assert w.posts == []  # a dry run queues nothing
    [said] = w.job.run(datetime(2024, 2, 26, 15, 0, tzinfo=UTC))
    assert said == "queued the agenda of #steering for Tue 27 Feb 2024 (agenda:C1:2024-02-27T15:00Z)"
    assert w.job.run(datetime(2024, 2, 26, 15, 1, tzinfo=UTC)) == []  # keyed: once
    assert w.job.run(datetime(2024, 2, 27, 15, 30, tzinfo=UTC)) == []  # the meeting began: next week's is not due
    [post] = w.posts
    assert post.channel == "C1" and post.key == "agenda:C1:2024-02-27T15:00Z"


def test_one_agenda_post_per_meeting_whoever_posts_it_unless_asked_again() -> None:
    w = world()
    w.say("/meeting", "every Tuesday at 15:00")
    assert w.say("/agenda", "post") == "✓ Posted the agenda to the channel."
    assert "already in the channel. `/agenda post again` posts it anew." in w.say("/agenda", "post")
    assert w.job.run(datetime(2024, 2, 26, 15, 0, tzinfo=UTC)) == []  # the scheduler sees it posted
    assert w.say("/agenda", "post again") == "✓ Posted the agenda to the channel."
    assert [p.key for p in w.posts] == ["agenda:C1:2024-02-27T15:00Z", None]


def test_the_agenda_lead_time_is_a_committee_setting() -> None:
    from bot.core.meetings.agenda import set_agenda_lead

    w = world()
    w.say("/meeting", "every Tuesday at 15:00")
    with w.uow as uow:
        committee = uow.committees.find(LEO.scope)
        assert committee is not None
        assert set_agenda_lead(uow, committee, "soon").startswith("The agenda's lead time is a duration")
        assert set_agenda_lead(uow, committee, "2h") == "✓ The agenda is now posted 2h before each meeting."
        uow.commit()
    assert w.job.run(datetime(2024, 2, 27, 12, 59, tzinfo=UTC)) == []
    assert len(w.job.run(datetime(2024, 2, 27, 13, 0, tzinfo=UTC))) == 1


def test_help_and_unknown_words() -> None:
    w = world()
    assert "/meeting every second Tuesday" in w.say("/meeting", "help")
    assert "/agenda add Budget review" in w.say("/agenda", "help")
    assert "I don't know “frobnicate”" in w.say("/agenda", "frobnicate")
    assert "/update list" in w.say("/update", "")
    assert "Which topic?" in w.say("/agenda", "remove x")
    assert "Move which topic where?" in w.say("/agenda", "move 1")


def test_the_record_is_per_committee() -> None:
    w = world()
    w.say("/decision", "only here")
    assert "none" in w.say("/decision", "list", Caller("T1", "C2", "U1", "other"))
    assert "none" in w.say("/decision", "list", Caller("T2", "C1", "U1", "steering"))


def test_an_admin_clears_the_schedule() -> None:
    w = world()
    w.say("/meeting", "every Tuesday at 15:00")
    w.say("/decision", "kept")
    assert "Only a committee admin can clear" in w.say("/meeting", "clear", KEVIN)
    assert w.say("/meeting", "clear") == (
        "✓ The meeting schedule is cleared. Decisions, items and minutes stay in the record."
    )
    assert "No meetings are scheduled" in w.say("/meeting", "list")
    assert "#1 kept" in w.say("/decision", "list")
