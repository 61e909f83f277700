"""Action item use cases, with hand-written fakes: no Slack, no database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.items.service import ActionService
from bot.core.kernel.boundary import Caller, Said
from bot.core.kernel.clock import Clock
from bot.core.kernel.context import Context
from bot.core.kernel.documents import Doc, plain
from bot.core.kernel.model import Status
from tests.fakes import MEMBERS, FakeDirectory, FakeUnitOfWork

NOW = datetime(2024, 2, 26, 12, 0, tzinfo=UTC)  # Monday 26 Feb 2024
LEO = Caller("T1", "C1", "U1", "steering")
KEVIN = Caller("T1", "C1", "U2", "steering")
JON = Caller("T1", "C1", "U4", "steering")
BOSS = Caller("T1", "C1", "UADMIN", "steering")


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def actions(uow: FakeUnitOfWork) -> ActionService:
    return ActionService(uow, Context(FakeDirectory(MEMBERS), Clock(NOW), "UTC"))


def said(doc: Doc | None) -> str:
    assert doc is not None
    return plain(doc)


def items(uow: FakeUnitOfWork) -> list:
    return sorted(uow.store.items.values(), key=lambda i: i.number)


def test_records_an_item_with_owner_task_and_due_date(actions: ActionService, uow: FakeUnitOfWork) -> None:
    assert actions.handle(LEO, Said("Kevin Zhao check Rust with the toolchain team by 2024-03-01")) is None

    [item] = items(uow)
    assert (item.number, item.task, item.due.isoformat()) == (1, "check Rust with the toolchain team", "2024-03-01")
    assert [(o.name, o.user_id) for o in item.owners] == [("Kevin Zhao", "U2")]
    card, dm = uow.store.outbox
    assert card.channel == "C1" and "Fri 1 Mar 2024" in plain(card.doc) and "[Done]" in plain(card.doc)
    assert dm.user == "U2" and "@Leo assigned you action item #1" in plain(dm.doc)
    assert [c.action for c in uow.store.changes[item.id]] == ["created"]


def test_numbers_are_per_committee(actions: ActionService, uow: FakeUnitOfWork) -> None:
    actions.handle(LEO, Said("me one"))
    actions.handle(LEO, Said("me two"))
    actions.handle(Caller("T1", "C2", "U1", "other"), Said("me elsewhere"))
    assert sorted((i.committee_id, i.number) for i in items(uow)) == [(1, 1), (1, 2), (2, 1)]


def test_several_owners_and_me(actions: ActionService, uow: FakeUnitOfWork) -> None:
    actions.handle(LEO, Said("@jon, Andy and me to prepare the demo by Friday", {"@jon": "U4"}))
    [item] = items(uow)
    assert [o.user_id for o in item.owners] == ["U4", "U5", "U1"]
    assert item.due.isoformat() == "2024-03-01"
    assert {p.user for p in uow.store.outbox if p.user} == {"U4", "U5"}  # no DM to yourself


def test_unknown_name_is_kept_as_an_outside_owner(actions: ActionService, uow: FakeUnitOfWork) -> None:
    reply = said(actions.handle(LEO, Said("Mark Hambleton to send the Veraison notes")))
    [item] = items(uow)
    assert [(o.name, o.user_id) for o in item.owners] == [("Mark Hambleton", None)]
    assert "not a member of this workspace" in reply
    assert "Mark Hambleton (not in Slack)" in plain(uow.store.outbox[0].doc)


def test_a_name_matching_two_members_is_a_question(actions: ActionService, uow: FakeUnitOfWork) -> None:
    reply = actions.handle(LEO, Said("Kevin Zhao and Kevin to sync on CI"))  # "Kevin" alone could be either
    assert items(uow) == [] and uow.store.outbox == []
    [section] = reply.sections
    assert "could be several people" in said(reply)
    choices = {b.label: b.value for b in section.buttons}
    assert list(choices) == ["Kevin Zhao", "Kevin Park"]
    assert all(len(value) < 40 for value in choices.values())  # the question waits on the server, not in the button

    assert actions.choose(KEVIN, choices["Kevin Park"]) is not None  # another person's question: not theirs to answer
    assert items(uow) == []
    actions.choose(LEO, choices["Kevin Park"])
    assert {o.user_id for o in items(uow)[0].owners} == {"U2", "U3"}


def test_a_question_about_a_very_long_line_can_be_answered(actions: ActionService, uow: FakeUnitOfWork) -> None:
    task = "review " + "the long appendix " * 160  # about 2,900 characters: over a button value's 2,000
    reply = actions.handle(LEO, Said(f"Kevin to {task}by 2024-03-01"))
    [button, _] = reply.sections[0].buttons
    actions.choose(LEO, button.value)
    [item] = items(uow)
    assert item.owners[0].user_id == "U2" and item.task == task.strip()


def test_a_line_with_two_items_asks_and_records_two_or_one(actions: ActionService, uow: FakeUnitOfWork) -> None:
    line = Said("Jon to file the bug by Friday, Andy to review it")
    reply = actions.handle(LEO, line)
    assert items(uow) == [] and uow.store.outbox == []
    assert said(reply) == (
        "That line holds 2 action items: Jon: file the bug (by Fri 1 Mar 2024); Andy: review it. "
        "Record them as 2 items, or as one?\n[Record 2 items]  [Record as one]"
    )
    split, whole = (b.value for b in reply.sections[0].buttons)
    assert actions.choose(LEO, split) is None
    assert [(i.number, i.task, [o.user_id for o in i.owners], i.due) for i in items(uow)] == [
        (1, "file the bug", ["U4"], NOW.date().replace(day=1, month=3)),
        (2, "review it", ["U5"], None),
    ]
    assert [c.action for item in items(uow) for c in uow.store.changes[item.id]] == ["created", "created"]

    # a question is answered once: a double click, or the other button afterwards, records nothing more
    for again in (split, whole):
        assert "answered already" in said(actions.choose(LEO, again))
    assert len(items(uow)) == 2

    [_, whole] = (b.value for b in actions.handle(LEO, line).sections[0].buttons)  # asked anew: as one this time
    actions.choose(LEO, whole)
    [(number, task, owners, due)] = [(i.number, i.task, [o.user_id for o in i.owners], i.due) for i in items(uow)][2:]
    assert (number, task, owners, due.isoformat()) == (3, "file the bug, Andy to review it", ["U4"], "2024-03-01")


def test_a_split_line_asks_its_further_questions_and_keeps_the_split(
    actions: ActionService, uow: FakeUnitOfWork
) -> None:
    reply = actions.handle(LEO, Said("Kevin to file the bug. Jon will review it by 2024-02-01"))
    [split, _] = reply.sections[0].buttons
    who = actions.choose(LEO, split.value)  # "Kevin" could be either Kevin: asked before anything is recorded
    assert items(uow) == [] and "could be several people" in said(who)
    past = actions.choose(LEO, {b.label: b.value for b in who.sections[0].buttons}["Kevin Park"])
    assert items(uow) == [] and "is in the past" in said(past)
    actions.choose(LEO, past.sections[0].buttons[0].value)
    assert [(i.task, [o.user_id for o in i.owners]) for i in items(uow)] == [
        ("file the bug", ["U3"]),
        ("review it", ["U4"]),
    ]


def test_nothing_is_recorded_when_one_of_a_lines_items_cannot_be(actions: ActionService, uow: FakeUnitOfWork) -> None:
    asked = actions.handle(LEO, Said("Jon to file the bug, Andy to review it by 2024-02-30"))
    reply = said(actions.choose(LEO, asked.sections[0].buttons[0].value))  # Record 2 items
    assert items(uow) == [] and uow.store.outbox == []
    assert reply == "There is no 30 February 2024: February 2024 has 29 days."


def test_no_owner_is_unassigned_with_a_hint(actions: ActionService, uow: FakeUnitOfWork) -> None:
    reply = said(actions.handle(LEO, Said("update the wiki page by tomorrow")))
    assert items(uow)[0].owners == []
    assert "/action assign 1 @someone" in reply


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_text_shows_help(actions: ActionService, uow: FakeUnitOfWork, text: str) -> None:
    assert "/action Leonardo check Rust" in said(actions.handle(LEO, Said(text)))
    assert items(uow) == []


@pytest.mark.parametrize(
    ("date_text", "says"), [("2024-02-30", "There is no 30 February 2024"), ("2024-13-45", "There is no month 13")]
)
def test_impossible_dates_are_refused(actions: ActionService, uow: FakeUnitOfWork, date_text: str, says: str) -> None:
    reply = said(actions.handle(LEO, Said(f"me pay the invoice by {date_text}")))
    assert items(uow) == [] and uow.commits == 0
    assert says in reply


def test_past_date_needs_confirmation(actions: ActionService, uow: FakeUnitOfWork) -> None:
    reply = actions.handle(LEO, Said("me file the report by 2024-01-15"))
    assert items(uow) == []
    assert "Mon 15 Jan 2024 is in the past" in said(reply)
    button = reply.sections[0].buttons[0]

    confirmed = said(actions.choose(LEO, button.value))

    assert items(uow)[0].due.isoformat() == "2024-01-15"
    assert "already past" in confirmed


def test_a_long_task_is_refused_kindly(actions: ActionService, uow: FakeUnitOfWork) -> None:
    assert "characters long" in said(actions.handle(LEO, Said("me " + "x" * 3000)))
    assert items(uow) == []


def test_emoji_and_right_to_left_text_are_kept(actions: ActionService, uow: FakeUnitOfWork) -> None:
    actions.handle(LEO, Said("Kevin Zhao to post 🎉 نشر الإعلان by 2024-03-04"))
    assert items(uow)[0].task == "post 🎉 نشر الإعلان"


def test_done_reopen_cancel_keep_history(actions: ActionService, uow: FakeUnitOfWork) -> None:
    actions.handle(LEO, Said("Kevin Zhao one"))
    actions.handle(LEO, Said("Kevin Zhao two"))
    assert said(actions.handle(KEVIN, Said("done #1 2"))) == "#1 completed.\n#2 completed."
    assert said(actions.handle(KEVIN, Said("reopen 1"))) == "#1 reopened."
    assert said(actions.handle(KEVIN, Said("cancel 1"))) == "#1 cancelled."
    assert said(actions.handle(KEVIN, Said("done 2"))) == "#2 is already done."
    first = items(uow)[0]
    assert first.status is Status.CANCELLED
    assert [c.action for c in uow.store.changes[first.id]] == ["created", "completed", "reopened", "cancelled"]


def test_only_owner_creator_or_admin_may_change(actions: ActionService, uow: FakeUnitOfWork) -> None:
    actions.handle(LEO, Said("Kevin Zhao one"))  # Leo: creator, and first in the channel so a committee admin
    assert "Only the owners of #1" in said(actions.handle(JON, Said("done 1")))
    assert "Only the owners of #1" in said(actions.handle(JON, Said("due 1 Friday")))
    assert "Only the owners of #1" in said(actions.handle(JON, Said("assign 1 me")))
    assert "Only the owners of #1" in said(actions.handle(JON, Said("edit 1 hijacked")))
    assert items(uow)[0].status is Status.OPEN and items(uow)[0].task == "one"
    assert said(actions.handle(BOSS, Said("edit 1 workspace admins may"))) == "#1 edited."


def test_no_such_item(actions: ActionService) -> None:
    assert "There is no item #999" in said(actions.handle(LEO, Said("done 999")))
    assert "There is no item #3" in said(actions.handle(LEO, Said("show 3")))


def test_redate_assign_edit_note(actions: ActionService, uow: FakeUnitOfWork) -> None:
    actions.handle(LEO, Said("me write the charter"))
    assert said(actions.handle(LEO, Said("due 1 in 2 weeks"))) == "#1 is now due Mon 11 Mar 2024."
    assert "couldn't read “whenever”" in said(actions.handle(LEO, Said("due 1 whenever")))
    assert "now belongs to @Kevin Zhao and @Jon Masters" in said(
        actions.handle(LEO, Said("assign 1 Kevin Zhao and Jon"))
    )
    actions.handle(LEO, Said("edit 1 write the charter, v2"))
    actions.handle(LEO, Said("note 1 draft shared"))
    item = items(uow)[0]
    assert (item.task, [o.user_id for o in item.owners]) == ("write the charter, v2", ["U2", "U4"])
    history = [(c.action, c.detail) for c in uow.store.changes[item.id]]
    assert history[1] == ("re-dated", "no due date → due Mon 11 Mar 2024")
    assert history[-1] == ("noted", "draft shared")


def test_list_groups_by_owner_overdue_first(actions: ActionService, uow: FakeUnitOfWork) -> None:
    actions.handle(LEO, Said("Kevin Zhao later by 2024-03-20"))
    actions.handle(LEO, Said("Kevin Zhao late by 2024-02-20"), past_ok=True)
    actions.handle(LEO, Said("Jon Masters soon by 2024-02-28"))
    actions.handle(LEO, Said("nobody's"))
    listing = said(actions.handle(LEO, Said("list")))
    assert listing.splitlines() == [
        "Open action items (4 items)",
        "@Jon Masters",
        "• #3 soon · due Wed 28 Feb 2024",
        "@Kevin Zhao",
        "• #2 late · due Tue 20 Feb 2024 — overdue",
        "• #1 later · due Wed 20 Mar 2024",
        "Unassigned",
        "• #4 nobody's · no due date",
    ]
    assert "#2 late" in said(actions.handle(LEO, Said("list overdue")))
    assert "#1" not in said(actions.handle(LEO, Said("list overdue")))
    assert "#3 soon" in said(actions.handle(LEO, Said("list @jon")))
    assert said(actions.handle(LEO, Said("list mine"))) == "Your open action items: none."
    actions.handle(LEO, Said("done 3"))
    assert "#3 soon" in said(actions.handle(LEO, Said("list done")))


def test_time_zone_of_the_speaker_decides_tomorrow(uow: FakeUnitOfWork) -> None:
    late_evening_utc = datetime(2024, 2, 26, 23, 30, tzinfo=UTC)  # already Tuesday in Shanghai
    service = ActionService(uow, Context(FakeDirectory(MEMBERS), Clock(late_evening_utc), "UTC"))
    service.handle(KEVIN, Said("me a by tomorrow"))  # Kevin is in Asia/Shanghai
    service.handle(LEO, Said("me b by tomorrow"))  # Leonardo is in America/Sao_Paulo
    assert [i.due.isoformat() for i in items(uow)] == ["2024-02-28", "2024-02-27"]


@pytest.mark.parametrize(
    "line", [Said("Kevin Zhao"), Said("me"), Said("@kevin", {"@kevin": "U2"}), Said("..."), Said("by Friday")]
)
def test_a_line_without_a_task_is_refused_kindly(actions: ActionService, uow: FakeUnitOfWork, line: Said) -> None:
    assert "say what is to be done" in said(actions.handle(LEO, line))
    assert items(uow) == [] and uow.commits == 0


def test_names_are_not_guessed_while_the_member_list_cannot_be_read(uow: FakeUnitOfWork) -> None:
    directory = FakeDirectory(MEMBERS, reachable=False)
    actions = ActionService(uow, Context(directory, Clock(NOW), "UTC"))
    reply = said(actions.handle(LEO, Said("Kevin Zhao check the CI logs by 2024-03-01")))
    assert "can't check who “Kevin Zhao” is right now" in reply and "Nothing was saved" in reply
    assert items(uow) == [] and uow.commits == 0
    actions.handle(LEO, Said("@Kevin Zhao and me check the CI logs", {"@Kevin Zhao": "U2"}))  # mentions need no list
    [item] = items(uow)
    assert [o.user_id for o in item.owners] == ["U2", "U1"]
    assert "can't check who “Jon”" in said(actions.handle(LEO, Said("assign 1 Jon")))
    assert "can't check who “Jon”" in said(actions.handle(LEO, Said("list Jon")))
