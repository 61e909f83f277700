"""Live capture while the database is down: Slack is asked to deliver the message again (503), its retry records
it once the database is back, and when Slack's last retry fails too the writer is told, by an ephemeral message
sent straight through the Web API."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, func, select

from bot.app import Storage
from storage.schema import ItemRow, MeetingNoteRow, OutboxRow
from tests.slack.conftest import SECRET, SlackBot, wait_until
from tests.slack_requests import JSON, SlackRequest, event_body


@contextmanager
def database_down(store: Storage) -> Iterator[None]:
    """Every new connection is refused, and the pooled ones are gone, until the block ends."""

    def refuse(*args: Any) -> None:
        raise ConnectionRefusedError("the database is down (test)")

    store.engine.dispose()
    event.listen(store.engine, "do_connect", refuse)
    try:
        yield
    finally:
        event.remove(store.engine, "do_connect", refuse)


def line(text: str, *, ts: str = "1709046000.000100", event_id: str = "Ev1") -> SlackRequest:
    return event_body({"type": "message", "channel": "C1", "user": "U2", "text": text, "ts": ts}, event_id=event_id)


def deliver(bot: SlackBot, request: SlackRequest, retry: int = 0) -> int:
    headers = request.headers(SECRET)
    if retry:
        headers |= {"x-slack-retry-num": str(retry), "x-slack-retry-reason": "http_error"}
    return bot.send(SlackRequest(request.body, JSON), headers).status


def count(bot: SlackBot, table: type) -> int:
    with bot.store.sessions() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def test_a_line_heard_while_the_database_is_down_is_retried_by_slack_and_recorded_once(slack_bot: SlackBot) -> None:
    assert "Meeting started" in slack_bot.command("start", command="/meeting").text
    request = line("#action Jon Masters to send the minutes by 2099-03-06")
    with database_down(slack_bot.store):
        assert deliver(slack_bot, request) == 503  # not 2xx: Slack will deliver it again
        assert deliver(slack_bot, request, retry=1) == 503
    assert deliver(slack_bot, request, retry=2) == 200
    assert deliver(slack_bot, request, retry=3) == 200  # a late duplicate delivery: recognised

    assert count(slack_bot, ItemRow) == 1 and count(slack_bot, MeetingNoteRow) == 1
    cards = wait_until(
        lambda: [c for c in slack_bot.fake.calls_to("chat.postMessage") if c.lines()[:1] == ["Action item #1"]]
    )
    assert len(cards) == 1
    assert slack_bot.fake.calls_to("chat.postEphemeral") == []


def test_when_slacks_last_retry_fails_too_the_writer_is_told_directly(slack_bot: SlackBot) -> None:
    slack_bot.command("start", command="/meeting")
    queued_before = count(slack_bot, OutboxRow)  # "The meeting has started."
    request = line("#action Jon Masters to send the <minutes> by 2099-03-06".replace("<", "&lt;").replace(">", "&gt;"))
    with database_down(slack_bot.store):
        assert [deliver(slack_bot, request, retry) for retry in (0, 1, 2, 3)] == [503, 503, 503, 200]
        [told] = slack_bot.wait_for("chat.postEphemeral")
    assert (told.args["channel"], told.args["user"]) == ("C1", "U2")
    assert told.lines() == [
        "⚠️ I could not record your line (the record is unavailable); nothing was saved:",
        "“#action Jon Masters to send the &lt;minutes&gt; by 2099-03-06”",  # as typed, escaped again
        "Please post it again in a few minutes.",
    ]
    assert count(slack_bot, ItemRow) == 0 and count(slack_bot, OutboxRow) == queued_before  # not via the outbox


def test_ordinary_chat_lost_on_the_last_retry_bothers_nobody(slack_bot: SlackBot) -> None:
    slack_bot.command("start", command="/meeting")
    with database_down(slack_bot.store):
        assert [deliver(slack_bot, line("good morning all"), retry) for retry in (0, 3)] == [503, 200]
    assert wait_until(lambda: slack_bot.fake.calls_to("chat.postEphemeral"), timeout=0.5) == []
