"""Action item use cases, with hand-written fakes: no Slack, no database."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.core.items.service import ActionService
from bot.core.kernel.context import Context
from bot.core.kernel.documents import Doc, plain
from bot.core.kernel.model import Caller, Status
from tests.fakes import MEMBERS, FakeDirectory, FakeUnitOfWork, FixedClock

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
    return ActionService(uow, Context(FakeDirectory(MEMBERS), FixedClock(NOW), "UTC"))


def said(doc: Doc | None) -> str:
    assert doc is not None
    return plain(doc)


def items(uow: FakeUnitOfWork) -> list:
    return sorted(uow.store.items.values(), key=lambda i: i.number)


def test_records_an_item_with_owner_task_and_due_date(actions: ActionService, uow: FakeUnitOfWork) -> None:
    assert actions.handle(LEO, "Kevin Zhao check Rust with the toolchain team by 2024-03-01") is None

    [item] = items(uow)
    assert (item.number, item.task, item.due.isoformat()) == (1, "check Rust with the toolchain team", "2024-03-01")
    assert [(o.name, o.user_id) for o in item.owners] == [("Kevin Zhao", "U2")]
    card, dm = uow.store.outbox
    assert card.channel == "C1" and "Fri 1 Mar 2024" in plain(card.doc) and "[Done]" in plain(card.doc)
    assert dm.user == "U2" and "@Leo assigned you action item #1" in plain(dm.doc)
    assert [c.action for c in uow.store.changes[item.id]] == ["created"]


def test_numbers_are_per_committee(actions: ActionService, uow: FakeUnitOfWork) -> None:
    actions.handle(LEO, "me one")
    actions.handle(LEO, "me two")
    actions.handle(Caller("T1", "C2", "U1", "other"), "me elsewhere")
    assert sorted((i.committee_id, i.number) for i in items(uow)) == [(1, 1), (1, 2), (2, 1)]


def test_several_owners_and_me(actions: ActionService, uow: FakeUnitOfWork) -> None:
    actions.handle(LEO, "<@U4|jon>, Andy and me to prepare the demo by Friday")
    [item] = items(uow)
    assert [o.user_id for o in item.owners] == ["U4", "U5", "U1"]
    assert item.due.isoformat() == "2024-03-01"
    assert {p.user for p in uow.store.outbox if p.user} == {"U4", "U5"}  # no DM to yourself


def test_unknown_name_is_kept_as_an_outside_owner(actions: ActionService, uow: FakeUnitOfWork) -> None:
    reply = said(actions.handle(LEO, "Mark Hambleton to send the Veraison notes"))
    [item] = items(uow)
    assert [(o.name, o.user_id) for o in item.owners] == [("Mark Hambleton", None)]
    assert "not a member of this workspace" in reply
    assert "Mark Hambleton (not in Slack)" in plain(uow.store.outbox[0].doc)


def test_a_name_matching_two_members_is_a_question(actions: ActionService, uow: FakeUnitOfWork) -> None:
    reply = actions.handle(LEO, "Kevin Zhao and Kevin to sync on CI")  # "Kevin" alone could be either
    assert items(uow) == [] and uow.store.outbox == []
    [section] = reply.sections
    assert "could be several people" in said(reply)
    choices = {b.label: json.loads(b.value)["text"] for b in section.buttons}
    assert choices == {
        "Kevin Zhao": "Kevin Zhao and <@U2> to sync on CI",
        "Kevin Park": "Kevin Zhao and <@U3> to sync on CI",
    }

    actions.handle(LEO, choices["Kevin Park"])
    assert {o.user_id for o in items(uow)[0].owners} == {"U2", "U3"}


def test_no_owner_is_unassigned_with_a_hint(actions: ActionService, uow: FakeUnitOfWork) -> None:
    reply = said(actions.handle(LEO, "update the wiki page by tomorrow"))
    assert items(uow)[0].owners == []
    assert "/action assign 1 @someone" in reply


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_text_shows_help(actions: ActionService, uow: FakeUnitOfWork, text: str) -> None:
    assert "/action Leonardo check Rust" in said(actions.handle(LEO, text))
    assert items(uow) == []


@pytest.mark.parametrize(
    ("date_text", "says"), [("2024-02-30", "There is no 30 February 2024"), ("2024-13-45", "There is no month 13")]
)
def test_impossible_dates_are_refused(actions: ActionService, uow: FakeUnitOfWork, date_text: str, says: str) -> None:
    reply = said(actions.handle(LEO, f"me pay the invoice by {date_text}"))
    assert items(uow) == [] and uow.commits == 0
    assert says in reply


def test_past_date_needs_confirmation(actions: ActionService, uow: FakeUnitOfWork) -> None:
    reply = actions.handle(LEO, "me file the report by 2024-01-15")
    assert items(uow) == []
    assert "Mon 15 Jan 2024 is in the past" in said(reply)
    button = reply.sections[0].buttons[0]
    choice = json.loads(button.value)

    confirmed = said(actions.handle(LEO, choice["text"], past_ok=choice["past_ok"]))

    assert items(uow)[0].due.isoformat() == "2024-01-15"
    assert "already past" in confirmed


def test_a_long_task_is_refused_kindly(actions: ActionService, uow: FakeUnitOfWork) -> None:
    assert "characters long" in said(actions.handle(LEO, "me " + "x" * 3000))
    assert items(uow) == []


def test_emoji_and_right_to_left_text_are_kept(actions: ActionService, uow: FakeUnitOfWork) -> None:
    actions.handle(LEO, "Kevin Zhao to post 🎉 نشر الإعلان by 2024-03-04")
    assert items(uow)[0].task == "post 🎉 نشر الإعلان"


def test_done_reopen_cancel_keep_history(actions: ActionService, uow: FakeUnitOfWork) -> None:
    actions.handle(LEO, "Kevin Zhao one")
    actions.handle(LEO, "Kevin Zhao two")
    assert said(actions.handle(KEVIN, "done #1 2")) == "#1 completed.\n#2 completed."
    assert said(actions.handle(KEVIN, "reopen 1")) == "#1 reopened."
    assert said(actions.handle(KEVIN, "cancel 1")) == "#1 cancelled."
    assert said(actions.handle(KEVIN, "done 2")) == "#2 is already done."
    first = items(uow)[0]
    assert first.status is Status.CANCELLED
    assert [c.action for c in uow.store.changes[first.id]] == ["created", "completed", "reopened", "cancelled"]


def test_only_owner_creator_or_admin_may_change(actions: ActionService, uow: FakeUnitOfWork) -> None:
    actions.handle(LEO, "Kevin Zhao one")  # Leo: creator, and first in the channel so a committee admin
    assert "Only the owners of #1" in said(actions.handle(JON, "done 1"))
    assert "Only the owners of #1" in said(actions.handle(JON, "due 1 Friday"))
    assert "Only the owners of #1" in said(actions.handle(JON, "assign 1 me"))
    assert "Only the owners of #1" in said(actions.handle(JON, "edit 1 hijacked"))
    assert items(uow)[0].status is Status.OPEN and items(uow)[0].task == "one"
    assert said(actions.handle(BOSS, "edit 1 workspace admins may")) == "#1 edited."


def test_no_such_item(actions: ActionService) -> None:
    assert "There is no item #999" in said(actions.handle(LEO, "done 999"))
    assert "There is no item #3" in said(actions.handle(LEO, "show 3"))


def test_redate_assign_edit_note(actions: ActionService, uow: FakeUnitOfWork) -> None:
    actions.handle(LEO, "me write the charter")
    assert said(actions.handle(LEO, "due 1 in 2 weeks")) == "#1 is now due Mon 11 Mar 2024."
    assert "couldn't read “whenever”" in said(actions.handle(LEO, "due 1 whenever"))
    assert "now belongs to @Kevin Zhao and @Jon Masters" in said(actions.handle(LEO, "assign 1 Kevin Zhao and Jon"))
    actions.handle(LEO, "edit 1 write the charter, v2")
    actions.handle(LEO, "note 1 draft shared")
    item = items(uow)[0]
    assert (item.task, [o.user_id for o in item.owners]) == ("write the charter, v2", ["U2", "U4"])
    history = [(c.action, c.detail) for c in uow.store.changes[item.id]]
    assert history[1] == ("re-dated", "no due date → due Mon 11 Mar 2024")
    assert history[-1] == ("noted", "draft shared")


def test_list_groups_by_owner_overdue_first(actions: ActionService, uow: FakeUnitOfWork) -> None:
    actions.handle(LEO, "Kevin Zhao later by 2024-03-20")
    actions.handle(LEO, "Kevin Zhao late by 2024-02-20", past_ok=True)
    actions.handle(LEO, "Jon Masters soon by 2024-02-28")
    actions.handle(LEO, "nobody's")
    listing = said(actions.handle(LEO, "list"))
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
    assert "#2 late" in said(actions.handle(LEO, "list overdue"))
    assert "#1" not in said(actions.handle(LEO, "list overdue"))
    assert "#3 soon" in said(actions.handle(LEO, "list @jon"))
    assert said(actions.handle(LEO, "list mine")) == "Your open action items: none."
    actions.handle(LEO, "done 3")
    assert "#3 soon" in said(actions.handle(LEO, "list done"))


def test_time_zone_of_the_speaker_decides_tomorrow(uow: FakeUnitOfWork) -> None:
    late_evening_utc = datetime(2024, 2, 26, 23, 30, tzinfo=UTC)  # already Tuesday in Shanghai
    service = ActionService(uow, Context(FakeDirectory(MEMBERS), FixedClock(late_evening_utc), "UTC"))
    service.handle(KEVIN, "me a by tomorrow")  # Kevin is in Asia/Shanghai
    service.handle(LEO, "me b by tomorrow")  # Leonardo is in America/Sao_Paulo
    assert [i.due.isoformat() for i in items(uow)] == ["2024-02-28", "2024-02-27"]


@pytest.mark.parametrize("text", ["Kevin Zhao", "me", "<@U2|kevin>", "...", "by Friday"])
def test_a_line_without_a_task_is_refused_kindly(actions: ActionService, uow: FakeUnitOfWork, text: str) -> None:
    assert "say what is to be done" in said(actions.handle(LEO, text))
    assert items(uow) == [] and uow.commits == 0
