"""Reminding owners, with fakes: who is reminded, when, once; replanning; the DM and its buttons."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.committees.service import CommitteeService
from bot.core.events.settings import CalendarCommands
from bot.core.items.service import ActionService
from bot.core.kernel.boundary import Caller, Said
from bot.core.kernel.clock import Clock
from bot.core.kernel.context import Context
from bot.core.kernel.documents import plain
from bot.core.kernel.jobs import Jobs
from bot.core.kernel.model import Committee, Item, Member, MessageRef, Status
from bot.core.reminders.dm import CHANGE_DATE, DONE, SNOOZE_DAY, SNOOZE_WEEK, Target
from bot.core.reminders.job import ReminderJob
from bot.core.reminders.service import ReminderService
from bot.slack.blocks import render
from tests.fakes import MEMBERS, FakeDirectory, FakeItems, FakeUnitOfWork

NOW = datetime(2024, 2, 26, 12, 0, tzinfo=UTC)  # Monday 26 Feb 2024
LEO = Caller("T1", "C1", "U1", "steering")  # America/Sao_Paulo
KEVIN = Caller("T1", "C1", "U2", "steering")  # Asia/Shanghai
GOLDEN = Path(__file__).parent / "golden"


class Bot:
    def __init__(self, members: tuple[Member, ...] = MEMBERS) -> None:
        self.uow = FakeUnitOfWork()
        self.clock = Clock(NOW)
        self.directory = FakeDirectory(members)
        context = Context(self.directory, self.clock, "Europe/London")
        self.actions = ActionService(self.uow, context)
        self.reminders = ReminderService(self.uow, context, self.actions)
        self.jobs = Jobs(self.uow, [ReminderJob(context)])
        self.committees = CommitteeService(self.uow, context, CalendarCommands(self.uow, context))

    def at(self, moment: datetime) -> list[str]:
        """A pass at that moment; the reminder DMs it queued."""
        self.clock.set(moment)
        before = len(self.uow.store.outbox)
        lines = self.jobs.run(moment)
        queued = self.uow.store.outbox[before:]
        assert len(lines) == len(queued)
        return [f"{p.user} {p.key}" for p in queued]

    def item(self, number: int = 1):  # type: ignore[no-untyped-def]
        return next(i for i in self.uow.store.items.values() if i.number == number)


@pytest.fixture
def bot() -> Bot:
    return Bot()


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_an_owner_is_reminded_at_nine_in_their_own_zone_each_reminder_once(bot: Bot) -> None:
    bot.actions.handle(LEO, Said("Kevin Zhao check the CI logs by 2024-03-01"))  # Kevin: Asia/Shanghai (UTC+8)
    assert bot.at(utc(2024, 2, 27, 0, 59)) == []
    assert bot.at(utc(2024, 2, 27, 1, 0)) == ["U2 reminder:1:U2:2024-03-01:before-3"]
    assert bot.at(utc(2024, 2, 27, 1, 1)) == []
    assert bot.at(utc(2024, 3, 1, 1, 0)) == ["U2 reminder:1:U2:2024-03-01:due"]
    assert bot.at(utc(2024, 3, 2, 1, 0)) == ["U2 reminder:1:U2:2024-03-01:overdue-1"]
    assert bot.at(utc(2024, 3, 9, 1, 0)) == ["U2 reminder:1:U2:2024-03-01:overdue-2"]
    assert bot.at(utc(2024, 3, 30)) == ["U2 reminder:1:U2:2024-03-01:overdue-4"]  # down a while: the latest only
    assert bot.at(utc(2024, 6, 1)) == []  # at most 4 nudges


def test_several_owners_each_get_their_own(bot: Bot) -> None:
    bot.actions.handle(LEO, Said("Kevin Zhao and Kevin Park check the CI logs by 2024-03-01"))
    assert bot.at(utc(2024, 2, 27, 1)) == ["U2 reminder:1:U2:2024-03-01:before-3"]  # Shanghai's 09:00
    assert bot.at(utc(2024, 2, 27, 9)) == ["U3 reminder:1:U3:2024-03-01:before-3"]  # London's 09:00


def test_owners_outside_slack_are_reminded_through_the_creator(bot: Bot) -> None:
    bot.actions.handle(KEVIN, Said("Ana Outsider and Kevin Park review the slides by 2024-03-01"))
    assert bot.at(utc(2024, 2, 27, 9)) == [
        "U2 reminder:1:U2:2024-03-01:before-3",
        "U3 reminder:1:U3:2024-03-01:before-3",
    ]
    dm = bot.uow.store.outbox[-2]
    assert "because you recorded the item for Ana Outsider (not in Slack)" in plain(dm.doc)


def test_an_owner_without_a_valid_zone_is_reminded_in_the_committee_zone() -> None:
    members = tuple(replace(m, tz="Mars/Olympus_Mons") if m.user_id == "U4" else m for m in MEMBERS)
    bot = Bot(members)
    bot.actions.handle(LEO, Said("Jon Masters and Andy Smith check the racks by 2024-03-01"))  # Andy has no zone
    # the committee is on Europe/London (the configured default)
    assert bot.at(utc(2024, 2, 27, 9)) == [
        "U4 reminder:1:U4:2024-03-01:before-3",
        "U5 reminder:1:U5:2024-03-01:before-3",
    ]


def test_a_new_due_date_replans_and_done_items_get_nothing_more(bot: Bot) -> None:
    bot.actions.handle(LEO, Said("Kevin Park check the CI logs by 2024-03-01"))
    assert bot.at(utc(2024, 2, 27, 9)) == ["U3 reminder:1:U3:2024-03-01:before-3"]
    bot.actions.handle(LEO, Said("due 1 2024-03-08"))
    assert bot.at(utc(2024, 3, 1, 9)) == []
    assert bot.at(utc(2024, 3, 5, 9)) == ["U3 reminder:1:U3:2024-03-08:before-3"]
    bot.actions.handle(LEO, Said("edit 1 check the CI logs again"))  # not a change of date: nothing re-sent
    assert bot.at(utc(2024, 3, 5, 10)) == []
    bot.actions.handle(LEO, Said("done 1"))
    assert bot.at(utc(2024, 3, 8, 9)) == []
    assert bot.at(utc(2024, 4, 1)) == []


def test_an_item_recorded_long_overdue_gets_one_nudge_on_the_next_pass(bot: Bot) -> None:
    bot.clock.set(utc(2024, 2, 26, 12))
    bot.actions.handle(LEO, Said("Kevin Park file the 2023 report by 2023-01-02"), past_ok=True)
    assert bot.at(utc(2024, 2, 26, 12, 1)) == ["U3 reminder:1:U3:2023-01-02:overdue-4"]
    assert bot.at(utc(2024, 2, 26, 12, 2)) == []
    assert bot.at(utc(2024, 12, 1)) == []


def test_a_dry_run_says_what_would_go_and_records_nothing(bot: Bot) -> None:
    bot.actions.handle(LEO, Said("Kevin Park check the CI logs by 2024-03-01"))
    bot.clock.set(utc(2024, 2, 27, 9))
    lines = bot.jobs.run(utc(2024, 2, 27, 9), dry_run=True)
    assert len(lines) == 1 and lines[0].startswith("would send reminder #1 (before-3, due Fri 1 Mar 2024) to U3")
    assert bot.at(utc(2024, 2, 27, 9)) == ["U3 reminder:1:U3:2024-03-01:before-3"]


def test_the_reminder_dm(bot: Bot) -> None:
    bot.actions.handle(LEO, Said("Kevin Park check Rust <!channel> with the toolchain team by 2024-03-01"))
    item = bot.item()
    item.message = MessageRef("C1", "1700000000.000100")
    bot.uow.store.items[item.id] = item
    bot.at(utc(2024, 2, 27, 9))
    dm = bot.uow.store.outbox[-1]
    assert plain(dm.doc) == (GOLDEN / "reminder_dm.txt").read_text().rstrip("\n")
    [message] = render(dm.doc)
    assert "<!channel>" not in str(message) and "&lt;!channel&gt;" in str(message)
    assert "<https://slack.com/archives/C1/p1700000000000100|the original message>" in str(message)
    actions = [e["action_id"] for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert actions == [DONE, SNOOZE_DAY, SNOOZE_WEEK, CHANGE_DATE]


def test_done_from_the_dm_completes_the_item_and_updates_the_dm(bot: Bot) -> None:
    bot.actions.handle(LEO, Said("Kevin Park check the CI logs by 2024-03-01"))
    bot.at(utc(2024, 2, 27, 9))
    value = Target(bot.item().id, 1, "C1").value()
    doc = bot.reminders.press(Caller("T1", "D3", "U3"), DONE, value, MessageRef("D3", "5.5"))
    assert bot.item().status is Status.DONE
    assert "#1 completed." in plain(doc) and "[Done]" not in plain(doc)
    update = bot.uow.store.outbox[-1]
    assert update.update == MessageRef("D3", "5.5") and update.doc == doc
    assert bot.at(utc(2024, 3, 2, 9)) == []


def test_snooze_holds_the_reminders_and_brings_them_back_at_nine(bot: Bot) -> None:
    bot.actions.handle(LEO, Said("Kevin Park check the CI logs by 2024-03-01"))
    bot.at(utc(2024, 3, 1, 9))
    bot.clock.set(utc(2024, 3, 1, 9, 30))
    value = Target(bot.item().id, 1, "C1").value()
    doc = bot.reminders.press(Caller("T1", "D3", "U3"), SNOOZE_WEEK, value)
    assert "Snoozed: I'll remind you again Fri 8 Mar 2024 09:00 GMT." in plain(doc)
    assert bot.at(utc(2024, 3, 2, 9)) == []  # the first nudge is held
    assert bot.at(utc(2024, 3, 8, 9)) == ["U3 reminder:1:U3:2024-03-01:snoozed@20240308T0900"]
    assert bot.at(utc(2024, 3, 9, 9)) == ["U3 reminder:1:U3:2024-03-01:overdue-2"]
    bot.clock.set(utc(2024, 3, 9, 10))
    bot.reminders.press(Caller("T1", "D3", "U3"), SNOOZE_DAY, value)
    assert bot.at(utc(2024, 3, 10, 9)) == ["U3 reminder:1:U3:2024-03-01:snoozed@20240310T0900"]


def test_a_snooze_on_a_done_item_says_so(bot: Bot) -> None:
    bot.actions.handle(LEO, Said("Kevin Park check the CI logs by 2024-03-01"))
    bot.actions.handle(LEO, Said("done 1"))
    doc = bot.reminders.press(Caller("T1", "D3", "U3"), SNOOZE_DAY, Target(bot.item().id, 1, "C1").value())
    assert "#1 is already done." in plain(doc) and "[Snooze 1 day]" not in plain(doc)


def test_change_date_refuses_no_date_and_past_dates_then_replans(bot: Bot) -> None:
    bot.actions.handle(LEO, Said("Kevin Park check the CI logs by 2024-03-01"))
    value = Target(bot.item().id, 1, "C1").value()
    kpark = Caller("T1", "D3", "U3")
    assert bot.reminders.change_date(kpark, value, None) == ("Pick a date.", None)
    error, _ = bot.reminders.change_date(kpark, value, date(2024, 2, 25))
    assert error == "Sun 25 Feb 2024 is in the past; pick today or a later day."
    error, doc = bot.reminders.change_date(kpark, value, date(2024, 3, 15), MessageRef("D3", "5.5"))
    assert error is None and doc is not None and "#1 is now due Fri 15 Mar 2024." in plain(doc)
    assert bot.item().due == date(2024, 3, 15)
    assert bot.at(utc(2024, 3, 12, 9)) == ["U3 reminder:1:U3:2024-03-15:before-3"]


def test_change_date_by_someone_who_may_not_is_a_field_error(bot: Bot) -> None:
    bot.actions.handle(LEO, Said("Kevin Park check the CI logs by 2024-03-01"))
    error, doc = bot.reminders.change_date(
        Caller("T1", "D4", "U4"), Target(bot.item().id, 1, "C1").value(), date(2024, 3, 15)
    )
    assert (error, doc) == ("That reminder is not yours.", None)


@pytest.mark.parametrize("action_id", [DONE, SNOOZE_DAY, SNOOZE_WEEK, CHANGE_DATE])
def test_a_forged_button_naming_someone_elses_item_shows_nothing_of_it(bot: Bot, action_id: str) -> None:
    bot.actions.handle(Caller("T1", "C9", "U1", "private"), Said("Kevin Park review the secret merger by 2024-03-01"))
    forged = Target(bot.item().id, 1, "C9").value()  # Jon is in no way concerned with it
    before = list(bot.uow.store.outbox)
    doc = bot.reminders.press(Caller("T1", "D4", "U4"), action_id, forged, MessageRef("D4", "1.1"))
    assert plain(doc) == "That reminder is not yours."
    assert bot.item().status is Status.OPEN and bot.uow.store.outbox == before


def test_a_person_who_left_flags_the_item_and_the_creator_is_told_once(bot: Bot) -> None:
    bot.actions.handle(LEO, Said("Kevin Park check the CI logs by 2024-03-01"))
    [key] = [k.split(" ")[1] for k in bot.at(utc(2024, 2, 27, 9))]
    bot.reminders.undeliverable("T1", key, "account_inactive")
    bot.reminders.undeliverable("T1", key, "account_inactive")
    told = [p for p in bot.uow.store.outbox if p.user == "U1" and p.key and p.key.startswith("reminder-failed")]
    assert len(told) == 1 and "I couldn't remind @Kevin Park about #1 (account_inactive)" in plain(told[0].doc)
    history = bot.uow.store.changes[bot.item().id]
    assert (history[-1].actor, history[-1].action, history[-1].detail) == (
        "U3",
        "could not be reminded",
        "account_inactive",
    )
    assert bot.at(utc(2024, 3, 1, 9)) == []  # no more tries at someone who is gone


def test_reminder_settings_per_committee(bot: Bot) -> None:
    bot.actions.handle(LEO, Said("Kevin Park check the CI logs by 2024-03-08"))  # Leo created the committee: admin
    assert "nudges must be a whole number" in plain(bot.committees.handle(LEO, Said("set reminders nudges -2")))
    assert "Only a committee admin" in plain(bot.committees.handle(KEVIN, Said("set reminders 1")))
    answer = plain(bot.committees.handle(LEO, Said("set reminders 7,1 at 10:30 nudges 1")))
    assert answer.startswith("✓ Reminders: 7 days before, 1 day before; 1 overdue nudge")
    assert "Reminders: 7 days before, 1 day before; 1 overdue nudge" in plain(bot.committees.handle(LEO, Said("")))
    assert bot.at(utc(2024, 3, 1, 10, 30)) == ["U3 reminder:1:U3:2024-03-08:before-7"]
    assert bot.at(utc(2024, 3, 7, 10, 30)) == ["U3 reminder:1:U3:2024-03-08:before-1"]
    assert bot.at(utc(2024, 3, 9, 10, 30)) == ["U3 reminder:1:U3:2024-03-08:overdue-1"]
    assert bot.at(utc(2024, 3, 30)) == []


def test_reassigning_moves_the_reminders_to_the_new_owner(bot: Bot) -> None:
    bot.actions.handle(LEO, Said("Kevin Park check the CI logs by 2024-03-01"))
    bot.actions.handle(LEO, Said("assign 1 Jon Masters"))  # America/New_York: 09:00 is 14:00Z
    assert bot.at(utc(2024, 2, 27, 14)) == ["U4 reminder:1:U4:2024-03-01:before-3"]
    assert {p.user_id for p in bot.uow.store.plans.values()} == {"U4"}


def test_a_broken_button_value_is_answered(bot: Bot) -> None:
    assert plain(bot.reminders.press(Caller("T1", "D3", "U3"), DONE, "nonsense")) == "That button is broken."


def test_an_item_that_breaks_the_pass_holds_up_no_other(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    bot.actions.handle(LEO, Said("Kevin Park check the CI logs by 2024-03-01"))
    bot.actions.handle(LEO, Said("Kevin Park check the racks by 2024-03-01"))
    broken = bot.item(1).id
    real = FakeItems.get_by_id

    def get_by_id(self: FakeItems, committee: Committee, item_id: int) -> Item | None:
        if item_id == broken:
            raise ValueError("a row the code cannot read")
        return real(self, committee, item_id)

    monkeypatch.setattr(FakeItems, "get_by_id", get_by_id)
    bot.clock.set(utc(2024, 2, 27, 9))
    lines = bot.jobs.run(utc(2024, 2, 27, 9))
    assert lines[0] == f"error: reminder of item {broken} to U3 failed (see the log)"
    assert lines[1].startswith("queued reminder #2 (before-3")
    assert bot.uow.store.plans[(broken, "U3")].next_at == utc(2024, 2, 27, 9, 15)
    monkeypatch.undo()
    assert bot.at(utc(2024, 2, 27, 9, 15)) == ["U3 reminder:1:U3:2024-03-01:before-3"]


@pytest.mark.parametrize(
    ("today", "line", "expected"),
    [
        # London moves to summer time on Sun 31 Mar 2024: 09:00 is 09:00Z on the 29th, 08:00Z on 1 Apr
        (utc(2024, 3, 27), "Kevin Park file it by 2024-04-01", [utc(2024, 3, 29, 9), utc(2024, 4, 1, 8)]),
        # São Paulo moved to summer time on Sun 4 Nov 2018: 09:00 is 12:00Z on the 2nd, 11:00Z on the 5th
        (utc(2018, 10, 30), "me file it by 2018-11-05", [utc(2018, 11, 2, 12), utc(2018, 11, 5, 11)]),
        # Shanghai keeps UTC+8 all year: 01:00Z, the day before in UTC terms never matters
        (utc(2024, 3, 27), "Kevin Zhao file it by 2024-04-01", [utc(2024, 3, 29, 1), utc(2024, 4, 1, 1)]),
    ],
)
def test_reminders_come_at_nine_local_across_daylight_saving(
    bot: Bot, today: datetime, line: str, expected: list[datetime]
) -> None:
    bot.clock.set(today)
    bot.actions.handle(LEO, Said(line))
    for moment in expected:
        assert bot.at(moment - timedelta(minutes=1)) == []
        assert len(bot.at(moment)) == 1
