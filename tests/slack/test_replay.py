"""A slash command is recorded once per trigger id: the same signed request sent again inside Slack's five-minute
signing window, one after the other or two copies at once, records nothing more and is answered kindly."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import func, select

from bot.core.kernel.clock import Clock
from storage.schema import ItemRow, SlackTriggerSeenRow
from storage.triggers import KEEP, PURGE_EVERY, SeenTriggers
from tests.slack.conftest import Reply, SlackBot, wait_until
from tests.slack_requests import SlackRequest, slash_command_body


def items(bot: SlackBot) -> list[str]:
    with bot.store.sessions() as session:
        return list(session.scalars(select(ItemRow.task).order_by(ItemRow.id)))


def test_the_same_signed_command_sent_twice_is_recorded_once(slack_bot: SlackBot) -> None:
    request = slash_command_body(
        "/action", "me send the budget by 2099-03-06", user_id="U1", channel_id="C1",
        response_url=slack_bot.fake.response_url(),
    )  # fmt: skip
    first, again = slack_bot.send(request), slack_bot.send(request)  # the same bytes, freshly signed: both valid

    assert (first.status, again.status) == (200, 200)
    assert first.text == ""  # recorded: the card goes to the channel
    assert again.text == "✓ I already received this command (Slack delivered it twice); nothing more was recorded."
    assert items(slack_bot) == ["send the budget"]
    assert slack_bot.command("me send the budget by 2099-03-06").status == 200  # typed again: a new trigger id
    assert items(slack_bot) == ["send the budget", "send the budget"]
    cards = wait_until(lambda: len(slack_bot.fake.calls_to("chat.postMessage")) >= 2 and slack_bot.fake.calls)
    assert [c.lines()[0] for c in cards if c.method == "chat.postMessage"] == ["Action item #1", "Action item #2"]


def test_two_copies_at_once_record_one_item(slack_bot: SlackBot) -> None:
    for round in range(5):
        request = slash_command_body("/action", f"me task {round} by 2099-03-06", user_id="U1", channel_id="C1")
        replies = twice_at_once(slack_bot, request)
        assert sorted(r.status for r in replies) == [200, 200]
        assert sum("already received" in r.text for r in replies) == 1
    assert items(slack_bot) == [f"task {n}" for n in range(5)]


def twice_at_once(bot: SlackBot, request: SlackRequest) -> list[Reply]:
    replies: list[Reply] = []
    start = threading.Barrier(2)

    def send() -> None:
        start.wait()
        replies.append(bot.send(request))

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    return replies


def test_trigger_ids_are_kept_for_a_while_then_forgotten(slack_bot: SlackBot) -> None:
    clock = Clock(slack_bot.store.clock.now())
    seen = SeenTriggers(slack_bot.store.sessions, clock.now)
    assert seen.first("T1", "1.2.a") and not seen.first("T1", "1.2.a")
    assert seen.first("T2", "1.2.a")  # another workspace's id is its own
    clock.move(KEEP + PURGE_EVERY)
    assert seen.first("T1", "1.2.b")  # and purges what is older than KEEP
    with slack_bot.store.sessions() as session:
        assert list(session.scalars(select(SlackTriggerSeenRow.trigger_id))) == ["1.2.b"]
        assert session.scalar(select(func.count()).select_from(SlackTriggerSeenRow)) == 1
    clock.move(timedelta(minutes=1))
    assert not seen.first("T1", "1.2.b")
