"""Meetings through the real request path: channel message events (with Slack's retries), /agenda and its
"Post to channel" button, signed HTTP requests into Bolt, calls out to the fake Slack."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.schema import ItemRow, MeetingAttendeeRow, MeetingNoteRow
from tests.slack.conftest import SECRET, SlackBot, wait_until
from tests.slack_requests import JSON, SlackRequest, event_body


def count(bot: SlackBot, table: type) -> int:
    with bot.store.sessions() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def message(text: str, *, user: str = "U2", event_id: str = "Ev1", **extra: str) -> bytes:
    """A message event; each event id stands for its own message (its own `ts`), as Slack's do."""
    ts = f"1709046000.{sum(map(ord, event_id)):06d}"
    event = {"type": "message", "channel": "C1", "user": user, "text": text, "ts": ts, **extra}
    return event_body(event, event_id=event_id).body


def send_event(bot: SlackBot, body: bytes, retry: int = 0) -> int:
    request = SlackRequest(body, JSON)
    headers = request.headers(SECRET)
    if retry:
        headers |= {"x-slack-retry-num": str(retry), "x-slack-retry-reason": "http_timeout"}
    return bot.send(request, headers).status


def test_a_retried_message_event_records_nothing_twice(slack_bot: SlackBot) -> None:
    assert "Meeting started" in slack_bot.command("start", command="/meeting").text
    body = message("#action Jon Masters to send the minutes by 2099-03-06", event_id="Ev100")
    assert [send_event(slack_bot, body, retry) for retry in (0, 1, 2)] == [200, 200, 200]
    assert send_event(slack_bot, message("#info same words, new message", event_id="Ev101")) == 200

    assert count(slack_bot, ItemRow) == 1 and count(slack_bot, MeetingNoteRow) == 2
    cards = wait_until(
        lambda: [c for c in slack_bot.fake.calls_to("chat.postMessage") if c.lines()[0] == "Action item #1"]
    )
    assert len(cards) == 1


def test_edits_bots_and_joins_are_not_heard(slack_bot: SlackBot) -> None:
    slack_bot.command("start", command="/meeting")
    send_event(slack_bot, message("#info edited", subtype="message_changed", event_id="Ev1"))
    send_event(slack_bot, message("#info from a bot", bot_id="B1", event_id="Ev2"))
    send_event(slack_bot, message("joined", subtype="channel_join", event_id="Ev3"))
    assert count(slack_bot, MeetingNoteRow) == 0 and count(slack_bot, MeetingAttendeeRow) == 1  # the chair


def test_slack_markup_is_read_as_plain_words(slack_bot: SlackBot) -> None:
    slack_bot.command("start", command="/meeting")
    send_event(slack_bot, message("#info see <https://example.org|the plan> &amp; tell <!channel> &lt;3"))
    with slack_bot.store.sessions() as session:
        assert session.scalar(select(MeetingNoteRow.text)) == "see the plan (https://example.org) & tell @channel <3"


def test_the_agenda_button_posts_it_to_the_channel_once(slack_bot: SlackBot) -> None:
    slack_bot.command("every Tuesday at 15:00", command="/meeting")
    reply = slack_bot.command("", command="/agenda")
    assert "Agenda: steering, Tue 27 Feb 2024" in reply.text
    button = next(b for b in reply.json()["blocks"] if b["type"] == "actions")["elements"][0]
    assert (button["action_id"], button["text"]["text"]) == ("agenda_post", "Post to channel")

    assert slack_bot.click("agenda_post", button["value"]).status == 200
    posts = slack_bot.wait_for("chat.postMessage")
    assert posts[0].args["channel"] == "C1" and posts[0].lines()[0].startswith("Agenda: steering")
    [replaced] = slack_bot.wait_for("response_url")
    assert replaced.lines() == ["✓ Posted the agenda to the channel."] and replaced.args["replace_original"] in (
        True,
        "true",
    )
