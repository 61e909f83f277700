"""Reminders through Slack's real path: scheduler passes DM owners on the fake Slack, the DM's buttons and
modal come back as signed requests, and Slack's faults (429, 5xx, dropped connections, people who left,
channels gone) are retried or reported without ever stopping the scheduler."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import SlackBot as Built
from bot.app import slack_bot as build_bot
from bot.core.kernel.clock import Clock
from bot.core.reminders.dm import CHANGE_DATE, DONE, SNOOZE_DAY
from bot.scheduler import Scheduler
from storage.outbox import CLAIM_TIMEOUT
from storage.schema import ItemChangeRow, ItemRow, OutboxRow
from tests.fake_slack import Call
from tests.slack.conftest import SECRET, SlackBot, wait_until
from tests.slack_requests import view_submission_body

ROOT = Path(__file__).resolve().parents[2]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def second_bot(slack_bot: SlackBot) -> Built:
    """Another bot process, on the same database and fake Slack."""
    return build_bot(
        slack_bot.store,
        token="xoxb-test",
        signing_secret=SECRET,
        api_url=slack_bot.fake.url,
        default_timezone="UTC",
        verify_token=False,
    )


@pytest.fixture
def scheduler(slack_bot: SlackBot, second_bot: Built) -> Scheduler:
    return Scheduler(second_bot.services.jobs, second_bot.sender, slack_bot.store.clock)


def record(bot: SlackBot, text: str) -> None:
    """An item recorded through /action, its card and DMs sent."""
    before = len(bot.fake.calls_to("chat.postMessage"))
    assert bot.command(text, user="U1").status == 200
    bot.wait_for("chat.postMessage", before + 1)
    assert wait_until(lambda: _all_sent(bot))


def _all_sent(bot: SlackBot) -> bool:
    """The card and the DMs the command caused have gone out: the outbox holds nothing unsent."""
    with bot.store.sessions() as session:
        return not list(session.scalars(select(OutboxRow.id).where(OutboxRow.state != "sent")))


def reminders_sent(bot: SlackBot) -> list[Call]:
    return [c for c in bot.fake.calls_to("chat.postMessage") if "Reminder:" in str(c.args.get("text", ""))]


def pass_at(scheduler: Scheduler, bot: SlackBot, moment: datetime) -> list[str]:
    """A scheduler pass at that moment: its lines about DMs (other jobs post digests and agendas to channels)."""
    clock = bot.store.clock
    assert isinstance(clock, Clock)
    clock.set(moment)
    return [ln for ln in scheduler.run_pass() if " DM " in ln or ln.startswith("sent DM")]


def dm_updates(bot: SlackBot, count: int) -> list[Call]:
    """The first `count` updates of reminder DMs (item cards in the channel are updated too)."""
    found = wait_until(
        lambda: len(c := [u for u in bot.fake.calls_to("chat.update") if u.args["channel"] == "DU3"]) >= count and c
    )
    return list(found or [])


def buttons(call: Call) -> dict[str, dict[str, Any]]:
    return {e["action_id"]: e for b in call.decoded("blocks") if b["type"] == "actions" for e in b["elements"]}


def test_a_reminder_dm_goes_out_once_and_done_updates_it_in_place(slack_bot: SlackBot, scheduler: Scheduler) -> None:
    record(slack_bot, "Kevin Park check the CI logs by 2024-03-01")  # London
    assert pass_at(scheduler, slack_bot, utc(2024, 2, 27, 8, 59)) == []
    lines = pass_at(scheduler, slack_bot, utc(2024, 2, 27, 9, 0))
    assert [ln.split(":")[0] for ln in lines] == ["sent DM U3"]
    pass_at(scheduler, slack_bot, utc(2024, 2, 27, 9, 1))
    [dm] = reminders_sent(slack_bot)
    assert dm.args["channel"] == "DU3"
    [heading, task, due, owner, committee, origin, *shown_buttons] = dm.lines()
    assert (heading, task, due, owner, committee) == (
        "Reminder: action item #1",
        "check the CI logs",
        "*Due: *Fri 1 Mar 2024 (in 3 days)",
        "*Owner: *<@U3>",
        "*Committee: *<#C1>",
    )
    assert origin.startswith("<https://slack.com/archives/C1/p") and origin.endswith("|the original message>")
    assert shown_buttons == ["[Done]", "[Snooze 1 day]", "[Snooze 1 week]", "[Change date]"]

    done = buttons(dm)[DONE]
    ts = "1700000000.000900"
    assert slack_bot.click(DONE, done["value"], user="U3", channel="DU3", message_ts=ts).status == 200
    [update] = dm_updates(slack_bot, 1)
    assert update.args["ts"] == ts
    assert "#1 completed." in update.lines() and "[Done]" not in update.lines()
    with slack_bot.store.sessions() as session:
        assert session.scalar(select(ItemRow.status)) == "done"
    assert pass_at(scheduler, slack_bot, utc(2024, 3, 2, 9)) == []
    assert len(reminders_sent(slack_bot)) == 1


def test_snooze_and_the_change_date_modal(slack_bot: SlackBot, scheduler: Scheduler) -> None:
    record(slack_bot, "Kevin Park check the CI logs by 2024-03-01")
    pass_at(scheduler, slack_bot, utc(2024, 2, 27, 9))
    [dm] = reminders_sent(slack_bot)
    value = buttons(dm)[SNOOZE_DAY]["value"]

    slack_bot.click(SNOOZE_DAY, value, user="U3", channel="DU3", message_ts="7.7")
    [update] = dm_updates(slack_bot, 1)
    assert "😴 Snoozed: I'll remind you again Wed 28 Feb 2024 09:00 GMT." in update.lines()
    pass_at(scheduler, slack_bot, utc(2024, 2, 28, 9))
    assert len(reminders_sent(slack_bot)) == 2

    slack_bot.click(CHANGE_DATE, value, user="U3", channel="DU3", message_ts="7.7")
    [opened] = slack_bot.wait_for("views.open")
    view = opened.decoded("view")
    assert view["callback_id"] == "reminder_redate" and view["blocks"][0]["element"]["type"] == "datepicker"

    def submit(picked: str | None) -> Any:
        values = {"due": {"date": {"type": "datepicker", "selected_date": picked}}}
        return slack_bot.send(
            view_submission_body("reminder_redate", values, user_id="U3", private_metadata=view["private_metadata"])
        )

    assert submit(None).json() == {"response_action": "errors", "errors": {"due": "Pick a date."}}
    past = submit("2024-02-20").json()
    assert past["errors"]["due"] == "Tue 20 Feb 2024 is in the past; pick today or a later day."
    ok = submit("2024-03-15")
    assert ok.status == 200 and ok.body == ""
    updates = dm_updates(slack_bot, 2)
    assert "#1 is now due Fri 15 Mar 2024." in updates[-1].lines()
    lines = pass_at(scheduler, slack_bot, utc(2024, 3, 12, 9))
    assert len(lines) == 1 and "*Due: *Fri 15 Mar 2024 (in 3 days)" in reminders_sent(slack_bot)[-1].lines()


def test_rate_limits_are_honoured_and_nothing_is_sent_twice(slack_bot: SlackBot, scheduler: Scheduler) -> None:
    record(slack_bot, "Kevin Park and Kevin Zhao check the CI logs by 2024-03-01")
    slack_bot.fake.fail("chat.postMessage", retry_after=1, times=1)
    started = time.monotonic()
    lines = pass_at(scheduler, slack_bot, utc(2024, 2, 27, 9))  # both owners' 09:00 have come
    assert time.monotonic() - started >= 1.0  # waited as Slack asked
    assert [ln.split(":")[0] for ln in lines] == ["sent DM U2", "sent DM U3"]
    assert sorted(c.args["channel"] for c in reminders_sent(slack_bot)) == ["DU2", "DU2", "DU3"]  # one refused


def test_a_rate_limit_that_outlasts_the_retries_holds_the_rest_until_retry_after(
    slack_bot: SlackBot, scheduler: Scheduler
) -> None:
    record(slack_bot, "Kevin Park and Kevin Zhao check the CI logs by 2024-03-01")
    slack_bot.fake.fail("chat.postMessage", retry_after=1, times=3)  # the client retries twice, then gives back
    lines = pass_at(scheduler, slack_bot, utc(2024, 2, 27, 9))
    assert len(lines) == 1 and lines[0].startswith("failed, retry in 1s (ratelimited, attempt 1) DM U2")
    assert len(reminders_sent(slack_bot)) == 3  # the second DM was not even tried
    lines = pass_at(scheduler, slack_bot, utc(2024, 2, 27, 9, 0, 2))
    assert [ln.split(":")[0] for ln in lines] == ["sent DM U2", "sent DM U3"]


def test_server_errors_and_dropped_connections_are_retried(slack_bot: SlackBot, scheduler: Scheduler) -> None:
    record(slack_bot, "Kevin Park check the CI logs by 2024-03-01")
    slack_bot.fake.fail("chat.postMessage", status=500)
    slack_bot.fake.fail("chat.postMessage", status=503)
    slack_bot.fake.fail("conversations.open", drop=True)
    lines = pass_at(scheduler, slack_bot, utc(2024, 2, 27, 9))
    assert [ln.split(":")[0] for ln in lines] == ["sent DM U3"]
    assert len(reminders_sent(slack_bot)) == 3  # two refused, one delivered


def test_a_slack_outage_is_retried_with_back_off_and_the_scheduler_lives_on(
    slack_bot: SlackBot, scheduler: Scheduler
) -> None:
    record(slack_bot, "Kevin Park check the CI logs by 2024-03-01")
    slack_bot.fake.fail("chat.postMessage", status=503, times=3)
    lines = pass_at(scheduler, slack_bot, utc(2024, 2, 27, 9))
    assert len(lines) == 1 and lines[0].startswith("failed, retry in 30s (fatal_error, attempt 1) DM U3")
    assert pass_at(scheduler, slack_bot, utc(2024, 2, 27, 9, 0, 20)) == []  # backing off
    lines = pass_at(scheduler, slack_bot, utc(2024, 2, 27, 9, 0, 31))
    assert [ln.split(":")[0] for ln in lines] == ["sent DM U3"]


def test_an_owner_who_left_flags_the_item_and_the_creator_is_told(slack_bot: SlackBot, scheduler: Scheduler) -> None:
    record(slack_bot, "Kevin Park check the CI logs by 2024-03-01")
    slack_bot.fake.fail("conversations.open", error="account_inactive")
    lines = pass_at(scheduler, slack_bot, utc(2024, 2, 27, 9))
    assert lines[0].startswith("failed, giving up (account_inactive, attempt 1) DM U3")
    assert lines[1].startswith("sent DM U1: I couldn't remind kpark about #1 (account_inactive)")
    told = slack_bot.fake.calls_to("chat.postMessage")[-1]
    assert told.args["channel"] == "DU1"
    assert told.lines()[0].startswith("⚠️ I couldn't remind <@U3> about #1 (account_inactive)")
    with slack_bot.store.sessions() as session:
        assert "could not be reminded" in list(session.scalars(select(ItemChangeRow.action)))
    assert pass_at(scheduler, slack_bot, utc(2024, 3, 1, 9)) == []


def test_a_dm_channel_that_is_gone_is_opened_again_then_given_up_and_reported(
    slack_bot: SlackBot, scheduler: Scheduler
) -> None:
    record(slack_bot, "Kevin Park and Kevin Zhao check the CI logs by 2024-03-01")
    slack_bot.fake.fail("chat.postMessage", error="channel_not_found")
    opened = len(slack_bot.fake.calls_to("conversations.open"))
    lines = pass_at(scheduler, slack_bot, utc(2024, 2, 27, 9))
    assert [ln.split(":")[0] for ln in lines] == ["sent DM U2", "sent DM U3"]
    assert len(slack_bot.fake.calls_to("conversations.open")) == opened + 3  # U2 twice, U3 once
    slack_bot.fake.fail("chat.postMessage", error="channel_not_found", times=2)
    lines = pass_at(scheduler, slack_bot, utc(2024, 3, 1, 9))
    assert lines[0].startswith("failed, giving up (channel_not_found, attempt 1) DM U2")
    assert [ln.split(":")[0] for ln in lines[1:]] == ["sent DM U3"]
    assert [ln.split(":")[0] for ln in pass_at(scheduler, slack_bot, utc(2024, 3, 2, 9))] == [
        "sent DM U2",
        "sent DM U3",
    ]


def _env(bot: SlackBot, db_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": bot.fake.url,
        "DATABASE_URL": db_url,
    }


def test_two_tick_processes_at_the_same_moment_send_each_reminder_once(slack_bot: SlackBot, db_url: str) -> None:
    for n in range(10):
        record(slack_bot, f"Kevin Park and Jon Masters task {n} by 2024-03-01")
    tick = [sys.executable, "-m", "bot.cli", "tick", "--now", "2024-02-27T15:00Z"]
    runs = [subprocess.Popen(tick, cwd=ROOT, env=_env(slack_bot, db_url), stdout=subprocess.PIPE) for _ in range(2)]
    printed = [run.communicate(timeout=120)[0].decode() for run in runs]
    assert all(run.returncode == 0 for run in runs)
    sent = [ln for out in printed for ln in out.splitlines() if ln.startswith("sent DM")]
    assert len(sent) == 20  # ten items, two owners, between the two processes
    dms = reminders_sent(slack_bot)
    assert len(dms) == 20 and len({(c.args["channel"], c.args["text"]) for c in dms}) == 20


def test_tick_dry_run_prints_what_would_be_sent_and_sends_nothing(slack_bot: SlackBot, db_url: str) -> None:
    record(slack_bot, "Kevin Park check the CI logs by 2024-03-01")
    tick = [sys.executable, "-m", "bot.cli", "tick", "--now", "2024-02-27T09:00", "--dry-run"]
    for _ in range(2):
        out = subprocess.run(tick, cwd=ROOT, env=_env(slack_bot, db_url), capture_output=True, timeout=60, check=True)
        assert out.stdout.decode().startswith("would send reminder #1 (before-3, due Fri 1 Mar 2024) to U3")
    assert reminders_sent(slack_bot) == []


KILLED_SENDER = """
import os, signal, sys
from datetime import datetime
from bot.app import storage
from bot.core.kernel.clock import Clock
now = datetime.fromisoformat(sys.argv[2])
store = storage(sys.argv[1], Clock(now))
claimed = store.outbox.claim(now)
print(len(claimed), flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # between claiming and sending
"""


def test_a_sender_killed_between_claim_and_send_loses_nothing(
    slack_bot: SlackBot, scheduler: Scheduler, second_bot: Built, db_url: str
) -> None:
    record(slack_bot, "Kevin Park check the CI logs by 2024-03-01")
    clock = slack_bot.store.clock
    assert isinstance(clock, Clock)
    clock.set(utc(2024, 2, 27, 9))
    second_bot.services.jobs.run(clock.now())  # queue the reminder, send nothing
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_SENDER, db_url, clock.now().isoformat()],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
    )
    assert killed.returncode == -signal.SIGKILL and killed.stdout.decode().strip() == "1"
    assert pass_at(scheduler, slack_bot, utc(2024, 2, 27, 9, 1)) == []  # still claimed by the dead process
    later = clock.now() + CLAIM_TIMEOUT + timedelta(seconds=1)
    assert [ln.split(":")[0] for ln in pass_at(scheduler, slack_bot, later)] == ["sent DM U3"]
    assert pass_at(scheduler, slack_bot, later + CLAIM_TIMEOUT * 2) == []
    assert len(reminders_sent(slack_bot)) == 1


def test_a_modal_slack_will_not_open_leaves_the_reminder_as_it_was(slack_bot: SlackBot, scheduler: Scheduler) -> None:
    record(slack_bot, "Kevin Park check the CI logs by 2024-03-01")
    pass_at(scheduler, slack_bot, utc(2024, 2, 27, 9))
    [dm] = reminders_sent(slack_bot)
    slack_bot.fake.fail("views.open", error="expired_trigger_id")
    assert slack_bot.click(CHANGE_DATE, buttons(dm)[CHANGE_DATE]["value"], user="U3", channel="DU3").status == 200
    assert slack_bot.wait_for("views.open") and slack_bot.fake.calls_to("chat.update") == []


def test_a_batch_slowed_down_past_half_its_claim_gives_the_rest_back_and_sends_each_once(slack_bot: SlackBot) -> None:
    from bot.core.kernel.boundary import Post
    from bot.core.kernel.documents import message
    from bot.slack.sender import SlackSender
    from bot.slack.workspaces import OneWorkspace

    with slack_bot.store.uow() as uow:
        for n in range(4):
            uow.outbox.add(Post("T1", message(f"Reminder: {n}"), user="U3", key=f"reminder:test:{n}"))
        uow.commit()
    ticks = iter(range(10_000))
    start = slack_bot.store.clock.now()

    def slow_clock() -> datetime:  # every look at the clock is a minute later: sending is slow
        return start + timedelta(minutes=next(ticks))

    sender = SlackSender(OneWorkspace("xoxb-test", slack_bot.fake.url), slack_bot.store.outbox, slow_clock)
    lines: list[str] = []
    assert sender.drain(report=lines.append) == 4
    assert sorted(c.args["text"] for c in reminders_sent(slack_bot)) == [f"Reminder: {n}" for n in range(4)]
    with slack_bot.store.sessions() as session:
        rows = list(session.scalars(select(OutboxRow).where(OutboxRow.key.like("reminder:test:%"))))
    assert {r.state for r in rows} == {"sent"} and max(r.attempts for r in rows) > 1  # some were given back
