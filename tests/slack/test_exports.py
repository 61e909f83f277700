"""`/committee export md|csv|json|ics` end to end: answered at once, then the file uploaded (files upload v2) into
the asker's direct message with the workspace's token; its bytes checked against the record's own exports. An
unknown format gets the usage, a committee with nothing recorded a kind answer, a failed upload a kind message."""

from __future__ import annotations

import io
import json
import logging
import zipfile

import icalendar
import pytest

from bot.core.kernel.boundary import Scope
from bot.core.kernel.context import Context
from bot.core.records.page import markdown_page
from bot.core.records.service import RecordsService
from bot.slack.directory import SlackDirectory
from bot.slack.workspaces import OneWorkspace
from tests.fake_slack import Json
from tests.slack.conftest import SlackBot, wait_until

STEERING = Scope("T1", "C1")


@pytest.fixture
def recorded(slack_bot: SlackBot) -> SlackBot:
    """A committee with an item, a decision and an event, recorded through the commands."""
    for command, text in [
        ("/action", "Kevin Zhao to check the CI logs by 2024-03-08"),
        ("/decision", "We will not work on BMC software this year"),
        ("/event", "FOSDEM 2025, Feb 1-2 2025, Brussels, Belgium (Confidential Computing dev room)"),
    ]:
        assert slack_bot.command(text, command=command).status == 200
    slack_bot.wait_for("chat.postMessage", 4)  # the card, the owner's DM, the decision, the event: all sent
    slack_bot.fake.reset()
    return slack_bot


def records(bot: SlackBot) -> RecordsService:
    """The record as the bot sees it (the same directory, so the same names)."""
    return RecordsService(
        bot.store.uow, Context(SlackDirectory(OneWorkspace("xoxb-test", bot.fake.url)), bot.store.clock)
    )


def exported(bot: SlackBot, format: str) -> Json:
    """The file `/committee export FORMAT` sent, once it is there."""
    answer = bot.command(f"export {format}", command="/committee")
    assert answer.status == 200 and "I'll send it to you in a direct message" in answer.text
    [sent] = wait_until(lambda: bot.fake.shared_files()) or [None]
    assert sent is not None, "no file was sent"
    return sent


def test_markdown_is_the_page_sent_to_the_asker_alone(recorded: SlackBot) -> None:
    sent = exported(recorded, "md")
    found = records(recorded).export(STEERING)
    assert found is not None and sent["content"].decode() == markdown_page(found)
    assert (sent["name"], sent["title"]) == ("steering-2024-02-26.md", "#steering: Markdown page")
    [opened] = recorded.fake.calls_to("conversations.open")
    assert opened.args["users"] == "U1" and sent["channel"] == "DU1"  # a DM with the asker, not the channel
    uploads = [c.method for c in recorded.fake.calls if c.method.startswith(("files.", "upload"))]
    assert uploads == ["files.getUploadURLExternal", "upload", "files.completeUploadExternal"]
    assert {c.token for c in recorded.fake.calls if c.method != "upload"} == {"xoxb-test"}  # the workspace's own
    assert not recorded.fake.calls_to("chat.postMessage")  # nothing in the channel


def test_json_is_the_records_json_export(recorded: SlackBot) -> None:
    sent = exported(recorded, "json")
    assert sent["name"].endswith(".json")
    assert json.loads(sent["content"]) == json.loads(records(recorded).json_text(STEERING) or "")


def test_csv_is_one_zip_of_the_five_tables(recorded: SlackBot) -> None:
    sent = exported(recorded, "csv")
    assert sent["name"] == "steering-2024-02-26.zip"
    with zipfile.ZipFile(io.BytesIO(sent["content"])) as archive:
        assert sorted(archive.namelist()) == ["decisions.csv", "events.csv", "items.csv", "meetings.csv", "updates.csv"]
        items = archive.read("items.csv").decode("utf-8-sig")
    assert "check the CI logs" in items and "2024-03-08" in items


def test_ics_is_the_calendar(recorded: SlackBot) -> None:
    sent = exported(recorded, "ics")
    assert sent["name"] == "steering-2024-02-26.ics"
    calendar = icalendar.Calendar.from_ical(sent["content"])
    summaries = sorted(str(e["summary"]) for e in calendar.walk("VEVENT"))
    assert "FOSDEM 2025" in summaries and "#1 check the CI logs (open)" in summaries


@pytest.mark.parametrize("text", ["export", "export pdf", "export md twice"])
def test_an_unknown_format_gets_the_usage_and_nothing_is_sent(recorded: SlackBot, text: str) -> None:
    answer = recorded.command(text, command="/committee")
    assert answer.text.startswith("`/committee export md` sends you this committee's whole record as a file")
    assert not recorded.fake.calls_to("files.getUploadURLExternal")


def test_a_committee_with_nothing_recorded_gets_a_kind_answer(slack_bot: SlackBot) -> None:
    answer = slack_bot.command("export md", command="/committee", channel="C2")
    assert answer.status == 200
    said = wait_until(lambda: slack_bot.fake.calls_to("response_url"))
    assert said and said[0].args["text"].startswith("This committee has nothing recorded yet")
    assert not slack_bot.fake.calls_to("files.getUploadURLExternal")


@pytest.mark.parametrize(
    "fail",
    [
        dict(method="files.getUploadURLExternal", error="invalid_auth"),
        dict(method="upload", status=500),
        dict(method="files.completeUploadExternal", error="channel_not_found"),
        dict(method="conversations.open", error="cannot_dm_bot"),
    ],
)
def test_an_upload_that_fails_is_told_to_the_asker_and_logged(
    recorded: SlackBot, fail: Json, caplog: pytest.LogCaptureFixture
) -> None:
    recorded.fake.fail(**fail)
    with caplog.at_level(logging.ERROR, logger="bot.slack.listeners.exports"):
        assert recorded.command("export md", command="/committee").status == 200
        said = wait_until(lambda: recorded.fake.calls_to("response_url"))
    assert said and said[0].args["text"].startswith("⚠️ I made the export but Slack would not take the file")
    assert "uploading the md export of C1 to U1 failed" in caplog.text
    assert recorded.fake.shared_files() == []


def test_other_committee_commands_still_reach_the_core(recorded: SlackBot) -> None:
    assert recorded.command("", command="/committee").text.startswith("Settings of #steering")
    assert (
        "Only a committee admin" in recorded.command("set timezone Europe/Paris", command="/committee", user="U2").text
    )
