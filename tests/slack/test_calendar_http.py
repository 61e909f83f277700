"""The calendar feed over HTTP, end to end: an admin gets the URL from Slack, a calendar reads it; a wrong or
revoked token gets the same 404 as any unknown path, and the token never reaches the logs."""

from __future__ import annotations

import logging
import re
import urllib.error
import urllib.request

import pytest
from icalendar import Calendar

from tests.slack.conftest import SlackBot


@pytest.fixture
def bot(slack_bot: SlackBot) -> SlackBot:
    return slack_bot


def feed_path(text: str) -> str:
    found = re.search(r"https://bot\.example\.org(/calendar/[A-Za-z0-9_-]+\.ics)", text)
    assert found, text
    return found.group(1)


def test_the_admin_gets_a_url_that_serves_the_calendar_and_rotating_revokes_it(
    bot: SlackBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    assert bot.command("FOSDEM 2024, Feb 3-4 2024, Brussels", command="/event").status == 200
    first = feed_path(bot.command("calendar", command="/committee").text)
    served = bot.get(first)
    assert served.status == 200
    [event] = Calendar.from_ical(served.body).walk("VEVENT")
    assert str(event["SUMMARY"]) == "FOSDEM 2024"

    second = feed_path(bot.command("calendar rotate", command="/committee").text)
    assert second != first
    assert bot.get(second).status == 200
    gone, unknown = bot.get(first), bot.get("/no/such/path")
    assert (gone.status, gone.body) == (404, unknown.body) == (404, "not found\n")
    assert first.split("/")[-1].removesuffix(".ics") not in caplog.text  # the secret is never logged


def test_members_who_are_not_admins_do_not_see_the_url(bot: SlackBot) -> None:
    bot.command("calendar", command="/committee")  # U1 creates the committee and is its admin
    answer = bot.command("calendar", user="U2", command="/committee")
    assert "Only a committee admin" in answer.text and "/calendar/" not in answer.text


@pytest.mark.parametrize("path", ["/calendar/" + "A" * 32 + ".ics", "/calendar/.ics", "/calendar/x/../y.ics"])
def test_wrong_tokens_get_404(bot: SlackBot, path: str) -> None:
    bot.command("calendar", command="/committee")
    assert (bot.get(path).status, bot.get(path).body) == (404, "not found\n")


def test_a_feed_turned_off_gets_404(bot: SlackBot) -> None:
    path = feed_path(bot.command("calendar", command="/committee").text)
    assert "feed is off" in bot.command("calendar off", command="/committee").text
    assert bot.get(path).status == 404


def test_an_event_named_here_pings_nobody_and_bad_lines_write_nothing(bot: SlackBot) -> None:
    assert "not a leap year" in bot.command("Leap, Feb 29 2023", command="/event").text
    assert "ends (Sat 3 Feb 2024) before it starts" in bot.command("X, Feb 4-3 2024", command="/event").text
    assert bot.command("<!here> <!channel> party, Mar 1 2024", command="/event").status == 200
    [post] = bot.wait_for("chat.postMessage")
    assert post.lines()[0] == "📅 *#1* @here @channel party · Fri 1 Mar 2024"
    assert post.args["text"] == "Event #1: @here @channel party, Fri 1 Mar 2024"
    assert "Upcoming events (1 event)\n• *#1* @here @channel party" in bot.command("list", command="/event").text


def test_a_calendar_app_that_has_the_current_version_gets_304_and_a_change_gets_the_new_one(bot: SlackBot) -> None:
    path = feed_path(bot.command("calendar", command="/committee").text)
    first = urllib.request.urlopen(bot.base + path, timeout=10)
    etag = first.headers["ETag"]
    assert first.status == 200 and etag.startswith('"')

    again = urllib.request.Request(bot.base + path, headers={"If-None-Match": etag})
    with pytest.raises(urllib.error.HTTPError) as not_modified:
        urllib.request.urlopen(again, timeout=10)
    assert not_modified.value.code == 304 and not_modified.value.headers["ETag"] == etag

    bot.command("FOSDEM 2024, Feb 3-4 2024, Brussels", command="/event")
    changed = urllib.request.urlopen(
        urllib.request.Request(bot.base + path, headers={"If-None-Match": etag}), timeout=10
    )
    assert changed.status == 200 and changed.headers["ETag"] != etag and b"FOSDEM 2024" in changed.read()
