"""Slack's wire format both ways, end to end: what Slack sends for typed text (`&lt;`, `&amp;`, mentions, links,
channels) is kept as the person saw it, and every surface shows it back exactly, escaped for that surface:
the card and the DM (Slack's mrkdwn), a list, the Home tab, the agenda's Markdown and the calendar feed."""

from __future__ import annotations

import json
from typing import Any

import pytest
from icalendar import Calendar
from sqlalchemy import select

from bot.slack.blocks import escape
from storage.schema import ItemOwnerRow, ItemRow
from tests.slack.conftest import SlackBot, wait_until
from tests.slack.test_calendar_http import feed_path
from tests.slack_requests import JSON, SlackRequest, event_body

# (what Slack sends, the task as the person saw it, as Slack's mrkdwn shows it, as Markdown shows it, its owners)
CASES = [
    (
        "Andy compare a &lt; b &amp; c by 2099-03-06",
        "compare a < b & c",
        "compare a &lt; b &amp; c",
        r"compare a \< b \& c",
        ["U5"],
    ),
    (
        "Andy, Jon &amp; me draft the charter by 2099-03-06",
        "draft the charter",
        "draft the charter",
        "draft the charter",
        ["U5", "U4", "U1"],
    ),
    (
        "<@U2|kevin> read <https://example.org/spec|the spec> by 2099-03-06",
        "read the spec (https://example.org/spec)",
        "read the spec (https://example.org/spec)",
        "read the spec (https://example.org/spec)",
        ["U2"],
    ),
    (
        "me ping <!channel> about &lt;b&gt; by 2099-03-06",
        "ping @channel about <b>",
        "ping @channel about &lt;b&gt;",
        r"ping @channel about \<b\>",
        ["U1"],
    ),
    (
        "me review <#C2|other> with *bold* by 2099-03-06",
        "review #other with *bold*",
        "review #other with *bold*",
        r"review #other with \*bold\*",
        ["U1"],
    ),
]


def stored(bot: SlackBot) -> tuple[str, list[str]]:
    with bot.store.sessions() as session:
        item = session.scalars(select(ItemRow)).one()
        owners = session.scalars(select(ItemOwnerRow.user_id).order_by(ItemOwnerRow.position))
        return item.task, [o for o in owners if o]


@pytest.mark.parametrize(("sent", "typed", "mrkdwn", "markdown", "owners"), CASES)
def test_a_slash_command_is_kept_as_typed_and_shown_back_on_every_surface(
    slack_bot: SlackBot, sent: str, typed: str, mrkdwn: str, markdown: str, owners: list[str]
) -> None:
    slack_bot.command(sent, user="U1")
    assert stored(slack_bot) == (typed, owners)

    card = next(c for c in slack_bot.wait_for("chat.postMessage") if c.args["channel"] == "C1")
    assert card.lines()[1] == mrkdwn
    assert f"• *#1* {mrkdwn} · due Fri 6 Mar 2099" in slack_bot.command("list", user="U1").lines()
    # the Markdown comes as a Slack message: Slack shows its `&lt;` as the `<` to copy into a wiki
    assert f"- #1 {escape(markdown)} · " in slack_bot.command("export", command="/agenda").text

    summary = _calendar_summary(slack_bot)
    assert summary == f"#1 {typed} (open)"

    home = {"type": "app_home_opened", "user": owners[0], "channel": "D1", "tab": "home", "event_ts": "1.1"}
    slack_bot.send(event_body(home, event_id="EvHome"))
    view = slack_bot.wait_for("views.publish")[0]
    assert f"• *#1* {mrkdwn} · due Fri 6 Mar 2099" in view.lines()


def test_a_channel_line_in_a_meeting_is_kept_as_typed(slack_bot: SlackBot) -> None:
    slack_bot.command("start", command="/meeting")
    event = {"type": "message", "channel": "C1", "user": "U2", "ts": "1709046000.000100"}
    event["text"] = "#action <@U4> compare a &lt; b &amp; c by 2099-03-06"
    assert slack_bot.send(SlackRequest(event_body(event, event_id="Ev1").body, JSON)).status == 200
    assert wait_until(lambda: stored(slack_bot) if _has_item(slack_bot) else None) == ("compare a < b & c", ["U4"])
    card = wait_until(lambda: next((c for c in slack_bot.fake.calls_to("chat.postMessage") if _is_card(c)), None))
    assert card.lines()[1] == "compare a &lt; b &amp; c"


def _calendar_summary(bot: SlackBot) -> str:
    served = bot.get(feed_path(bot.command("calendar", command="/committee").text))
    [vevent] = Calendar.from_ical(served.body).walk("VEVENT")
    return str(vevent["SUMMARY"])


def _has_item(bot: SlackBot) -> bool:
    with bot.store.sessions() as session:
        return session.scalar(select(ItemRow.id)) is not None


def _is_card(call: Any) -> bool:
    return bool(call.args.get("blocks")) and json.dumps(call.decoded("blocks")).count("Action item #1") == 1
