"""/action through the real request path: signed HTTP requests into Bolt, calls out to a fake Slack."""

from __future__ import annotations

import logging
import time

import pytest
from sqlalchemy import func, select

from storage.db import make_engine
from storage.schema import ItemChangeRow, ItemRow
from tests.slack.conftest import SECRET, SlackBot, wait_until
from tests.slack_requests import SlackRequest, event_body, signed_headers, slash_command_body


def count_items(bot: SlackBot) -> int:
    with bot.store.sessions() as session:
        return session.scalar(select(func.count()).select_from(ItemRow)) or 0


def test_action_is_stored_posted_with_a_done_button_and_dms_the_owner(slack_bot: SlackBot) -> None:
    reply = slack_bot.command("Kevin Zhao check Rust with the toolchain team by 2099-03-06", user="U1")

    assert reply.status == 200
    post = slack_bot.wait_for("chat.postMessage", 2)
    card = next(c for c in post if c.args["channel"] == "C1")
    assert card.lines() == [
        "Action item #1",
        "check Rust with the toolchain team",
        "*Owner: *<@U2>",
        "*Due: *Fri 6 Mar 2099",
        "[Done]",
    ]
    button = next(b for b in card.decoded("blocks") if b["type"] == "actions")["elements"][0]
    assert button["action_id"] == "item_done"
    dm = next(c for c in post if c.args["channel"] == "DU2")
    assert dm.lines() == [
        "<@U1> assigned you action item #1 in <#C1>",
        "check Rust with the toolchain team",
        "*Due: *Fri 6 Mar 2099",
    ]
    assert count_items(slack_bot) == 1


def test_done_button_completes_and_updates_the_card_in_place(slack_bot: SlackBot) -> None:
    slack_bot.command("me write the minutes by 2099-03-06", user="U1")
    card = slack_bot.wait_for("chat.postMessage")[0]
    wait_until(lambda: _card_ts(slack_bot))  # the sender records where the card went

    reply = slack_bot.click("item_done", "1", user="U1", message_ts=card.args.get("ts", "1.1"))

    assert reply.status == 200
    update = slack_bot.wait_for("chat.update")[0]
    assert update.args["channel"] == "C1"
    assert update.lines() == ["Action item #1 ✅ done", "write the minutes", "*Owner: *<@U1>", "*Due: *Fri 6 Mar 2099"]


def _card_ts(bot: SlackBot) -> str | None:
    with bot.store.sessions() as session:
        return session.scalar(select(ItemRow.message_ts))


def test_someone_else_cannot_complete_an_item(slack_bot: SlackBot) -> None:
    slack_bot.command("Kevin Zhao review the budget", user="U1")
    slack_bot.wait_for("chat.postMessage", 2)

    reply = slack_bot.command("done 1", user="U4")  # Jon: not owner, creator or admin

    assert "Only the owners of #1" in reply.text
    with slack_bot.store.sessions() as session:
        assert session.scalar(select(ItemRow.status)) == "open"


def test_user_text_is_escaped_so_the_bot_never_pings(slack_bot: SlackBot) -> None:
    # what Slack sends when someone types @channel, @here, a user group, a person, "&" and "<script>"
    task = "me warn <!channel> <!here> <!subteam^S1|@infra> about <@U3> &amp; &lt;script&gt;alert(1)&lt;/script&gt;"
    slack_bot.command(task, user="U1")

    card = slack_bot.wait_for("chat.postMessage")[0]
    typed = "warn @channel @here @infra about @kpark & <script>alert(1)</script>"
    assert card.lines()[1] == "warn @channel @here @infra about @kpark &amp; &lt;script&gt;alert(1)&lt;/script&gt;"
    assert card.args["text"] == "#1 warn @channel @here @infra about @kpark &amp; &lt;script&gt;alert(1)&lt;/script&gt;"
    with slack_bot.store.sessions() as session:  # kept as the person saw it
        assert session.scalar(select(ItemRow.task)) == typed


def test_unsigned_wrongly_signed_and_stale_requests_get_401_and_change_nothing(slack_bot: SlackBot) -> None:
    request = slash_command_body("/action", "me do it", user_id="U1", channel_id="C1")
    unsigned = {"Content-Type": request.content_type}
    wrong = signed_headers(request.body, "not-the-secret")
    stale = signed_headers(request.body, SECRET, timestamp=int(time.time()) - 6 * 60)

    for headers in (unsigned, wrong, stale):
        assert slack_bot.send(request, headers).status == 401
    assert count_items(slack_bot) == 0
    assert slack_bot.fake.calls_to("chat.postMessage") == []


@pytest.mark.parametrize(
    ("body", "timestamp"),
    [(b"[1,2]", None), (b"\xff\xfe\x00garbage", None), (b"command=%2Faction&text=me+x", "abc"), (b"", "")],
)
def test_garbage_is_refused_before_it_is_read(
    slack_bot: SlackBot, caplog: pytest.LogCaptureFixture, body: bytes, timestamp: str | None
) -> None:
    caplog.set_level(logging.INFO)
    headers = {"Content-Type": "application/json", "x-slack-signature": "v0=0"}
    if timestamp is not None:
        headers["x-slack-request-timestamp"] = timestamp
    assert slack_bot.send(SlackRequest(body, "application/json"), headers).status == 401
    logged = [r for r in caplog.records if "/slack/events" in r.getMessage()]
    assert [r.getMessage().split(" (")[0] for r in logged] == ["http POST /slack/events -> 401"]
    assert not any(r.exc_info for r in caplog.records)  # no stack trace
    assert count_items(slack_bot) == 0


def test_a_nul_character_typed_is_dropped_not_refused(slack_bot: SlackBot) -> None:
    slack_bot.command("me pay\x00 the bill by 2099-03-06", user="U1")
    with slack_bot.store.sessions() as session:
        assert session.scalar(select(ItemRow.task)) == "pay the bill"


def test_database_down_gives_a_clear_message_and_http_200(slack_bot: SlackBot) -> None:
    unreachable = make_engine("postgresql+psycopg://postgres@127.0.0.1:1/steerbot?connect_timeout=2")
    slack_bot.store.sessions.configure(bind=unreachable)

    reply = slack_bot.command("me write the minutes by 2099-03-06", user="U1")

    assert reply.status == 200
    assert "nothing was saved" in reply.text
    assert slack_bot.fake.calls_to("chat.postMessage") == []


def test_history_keeps_every_change(slack_bot: SlackBot) -> None:
    slack_bot.command("me draft the charter by 2099-03-06", user="U1")
    slack_bot.command("due 1 2099-03-13", user="U1")
    slack_bot.command("note 1 first half written", user="U1")
    slack_bot.command("done 1", user="U1")

    reply = slack_bot.command("show 1", user="U1")

    assert reply.status == 200
    for action in ("created", "re-dated", "noted", "completed"):
        assert action in reply.text
    with slack_bot.store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ItemChangeRow)) == 4


def test_healthz_answers_200(slack_bot: SlackBot) -> None:
    assert slack_bot.get("/healthz").status == 200
    assert slack_bot.get("/nothing-here").status == 404


def test_a_question_button_runs_the_command_again_and_replaces_the_question(slack_bot: SlackBot) -> None:
    reply = slack_bot.command("Kevin to sync with Jon about CI", user="U1")  # two Kevins in the workspace
    assert "could be several people" in reply.text
    buttons = next(b for b in reply.json()["blocks"] if b["type"] == "actions")["elements"]
    park = next(b for b in buttons if b["text"]["text"] == "Kevin Park")

    assert slack_bot.click(park["action_id"], park["value"], user="U1").status == 200

    dm = next(c for c in slack_bot.wait_for("chat.postMessage", 2) if c.args["channel"] == "DU3")
    assert dm.lines()[0] == "<@U1> assigned you action item #1 in <#C1>"
    answer = slack_bot.wait_for("response_url")[0]
    assert answer.args["replace_original"] in (True, "true")


def test_list_someone_with_the_escaped_mention_slack_sends(slack_bot: SlackBot) -> None:
    slack_bot.command("<@U2|kevin> fix the CI by 2099-03-06", user="U1")
    slack_bot.command("<@U4|jon> write the minutes", user="U1")

    reply = slack_bot.command("list <@U2|kevin>", user="U1")

    assert "fix the CI" in reply.text and "write the minutes" not in reply.text


def test_opening_the_home_tab_publishes_the_members_items(slack_bot: SlackBot) -> None:
    slack_bot.command("<@U2|kevin> fix the CI by 2099-03-06", user="U1")
    event = {"type": "app_home_opened", "user": "U2", "channel": "DU2", "tab": "home", "event_ts": "1700000000.1"}

    assert slack_bot.send(event_body(event, event_id="EvHome")).status == 200

    view = slack_bot.wait_for("views.publish")[0]
    assert view.args["user_id"] == "U2"
    assert view.lines()[:3] == ["Your open action items (1)", "<#C1>", "• *#1* fix the CI · due Fri 6 Mar 2099"]


def test_a_private_channel_the_bot_is_not_in_records_nothing_and_says_to_invite_it(slack_bot: SlackBot) -> None:
    slack_bot.fake.private_channels["G1"] = False
    reply = slack_bot.command("Kevin Zhao check the CI logs by 2099-03-06", user="U1", channel="G1")
    assert "/invite @Steerbot" in reply.text and "nothing was saved" in reply.text
    assert count_items(slack_bot) == 0 and slack_bot.fake.calls_to("chat.postMessage") == []

    slack_bot.fake.private_channels["G1"] = True  # invited
    slack_bot.command("Kevin Zhao check the CI logs by 2099-03-06", user="U1", channel="G1")
    assert count_items(slack_bot) == 1
    assert {c.args["channel"] for c in slack_bot.wait_for("chat.postMessage", 2)} == {"G1", "DU2"}
