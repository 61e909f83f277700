"""**Import into Steerbot** end to end: signed message shortcuts, clicks and modal submits through the HTTP server
and Bolt, files served by the fake Slack. Pasted notes and attached files previewed to the importer alone, the
meeting's date asked in a modal, Record recording once, Cancel removing the preview, and every bad input answered
with nothing recorded."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

from bot.core.kernel.boundary import Scope
from bot.core.kernel.model import Status
from bot.core.records.previews import CANCEL, RECORD
from bot.slack import files
from bot.slack.listeners.imports import BLOCK, DATE_BUTTON, FIELD, MODAL, SHORTCUT
from tests.fake_slack import Call, FakeSlack, shown
from tests.slack.conftest import SlackBot, wait_until
from tests.slack_requests import block_actions_body, message_shortcut_body, view_submission_body

EXAMPLE = Path(__file__).parents[2].parent / "shared" / "examples" / "meeting-notes-confluence-export.txt"
MINUTES = Path(__file__).parents[1] / "core" / "records" / "documents" / "markdown" / "nodejs-tsc-2018-08-29.md"


def slack_text(text: str) -> str:
    """Text as Slack sends what was typed: `&`, `<` and `>` escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def message(text: str = "", attached: list[dict[str, Any]] | None = None, ts: str = "1704888000.000100") -> dict:
    found: dict[str, Any] = {"type": "message", "user": "U2", "ts": ts, "text": text}
    if attached:
        found["files"] = attached
    return found


def use_shortcut(bot: SlackBot, on: dict[str, Any], *, channel: str = "C1", reply: str | None = "shortcut") -> None:
    response_url = bot.fake.response_url(reply) if reply else None
    sent = bot.send(message_shortcut_body(SHORTCUT, on, user_id="U1", channel_id=channel, response_url=response_url))
    assert sent.status == 200 and sent.body == ""  # acknowledged at once; the answer follows


def answers(fake: FakeSlack, reply: str, count: int = 1) -> list[Call]:
    """What was sent to the response_url of that name, once there are `count` of them."""
    return (
        wait_until(
            lambda: (
                (found := [c for c in fake.calls_to("response_url") if c.name == reply])
                and len(found) >= count
                and found
            )  # fmt: skip
        )
        or []
    )


def answer_lines(fake: FakeSlack, reply: str, count: int = 1) -> list[str]:
    found = answers(fake, reply, count)
    assert len(found) >= count, f"no answer {count} at {reply}"
    return shown(found[count - 1].args.get("blocks") or [])


def button_value(call: Call, action_id: str) -> str:
    for block in call.args.get("blocks") or []:
        for element in block.get("elements", []) if block["type"] == "actions" else []:
            if element["action_id"] == action_id:
                return str(element["value"])
    raise AssertionError(f"no {action_id} button")


def submit_date(bot: SlackBot, view_call: Call, day: str) -> None:
    view = view_call.decoded("view")
    values = {BLOCK: {FIELD: {"type": "datepicker", "selected_date": day}}}
    sent = bot.send(view_submission_body(MODAL, values, user_id="U1", private_metadata=view["private_metadata"]))
    assert sent.status == 200 and sent.body == ""  # the modal closes


def press(bot: SlackBot, action_id: str, value: str, *, user: str = "U1", reply: str = "preview") -> None:
    sent = bot.send(
        block_actions_body(action_id, value, user_id=user, channel_id="C1", response_url=bot.fake.response_url(reply))
    )
    assert sent.status == 200


def recorded(bot: SlackBot, channel: str = "C1") -> tuple[int, int, int, int]:
    """Items, decisions, events and meetings of the committee in that channel."""
    with bot.store.uow() as uow:
        committee = uow.committees.find(Scope("T1", channel))
        if committee is None:
            return (0, 0, 0, 0)
        items = uow.items.find(committee, statuses=tuple(Status))
        meetings = uow.meetings.held(committee)
        return len(items), len(uow.decisions.find(committee)), len(uow.events.find(committee)), len(meetings)


def preview_then_record(bot: SlackBot, reply: str = "shortcut") -> list[str]:
    """The preview's lines; then Record pressed, and the record's answer checked."""
    [preview] = answers(bot.fake, reply)
    lines = shown(preview.args["blocks"])
    assert preview.args.get("response_type") == "ephemeral"
    press(bot, RECORD, button_value(preview, RECORD))
    [done] = answers(bot.fake, "preview")
    assert done.args.get("replace_original") is True  # the preview becomes what was recorded
    assert shown(done.args["blocks"])[0].startswith("Imported: ")
    return lines


# -- pasted notes --------------------------------------------------------------------------------------------------


def test_the_example_pasted_into_a_message_is_previewed_dated_and_recorded_once(slack_bot: SlackBot) -> None:
    fake = slack_bot.fake
    use_shortcut(slack_bot, message(slack_text(EXAMPLE.read_text(encoding="utf-8"))))
    [modal] = slack_bot.wait_for("views.open")  # the page gives no date: asked at once, with the shortcut's trigger
    view = modal.decoded("view")
    assert view["callback_id"] == MODAL and view["blocks"][1]["element"]["type"] == "datepicker"
    assert "does not say when its meeting was" in view["blocks"][0]["text"]["text"]
    assert recorded(slack_bot) == (0, 0, 0, 0)

    submit_date(slack_bot, modal, "2024-01-10")
    lines = preview_then_record(slack_bot)
    assert lines[0] == "Import preview: notes pasted in #steering (wiki)"
    assert lines[1].startswith("Would record from notes pasted in #steering: 1 meeting, 1 action")
    assert "[Record]" in lines and "[Cancel]" in lines
    assert recorded(slack_bot) == (1, 1, 2, 1)
    assert not fake.calls_to("chat.postMessage")  # only the importer saw any of it

    fake.reset()
    use_shortcut(slack_bot, message(slack_text(EXAMPLE.read_text(encoding="utf-8"))))
    submit_date(slack_bot, slack_bot.wait_for("views.open")[0], "2024-01-10")
    again = answer_lines(fake, "shortcut")
    assert "nothing new; 9 already in the record" in again[1] and "[Record]" not in again
    assert recorded(slack_bot) == (1, 1, 2, 1)


def test_notes_that_give_their_date_are_previewed_at_once(slack_bot: SlackBot) -> None:
    notes = "Date: 10 January 2024\n" + EXAMPLE.read_text(encoding="utf-8")
    use_shortcut(slack_bot, message(slack_text(notes)))
    preview_then_record(slack_bot)
    assert not slack_bot.fake.calls_to("views.open") and recorded(slack_bot) == (1, 1, 2, 1)


def test_when_the_modal_cannot_open_a_button_asks_for_the_date(slack_bot: SlackBot) -> None:
    fake = slack_bot.fake
    fake.fail("views.open", error="expired_trigger_id")  # the trigger's 3 seconds were up
    use_shortcut(slack_bot, message(slack_text(EXAMPLE.read_text(encoding="utf-8"))))
    [asked] = answers(fake, "shortcut")
    assert shown(asked.args["blocks"])[-1] == "[Give the date]"
    press(slack_bot, DATE_BUTTON, button_value(asked, DATE_BUTTON), reply="asked")
    modal = slack_bot.wait_for("views.open", 2)[1]
    submit_date(slack_bot, modal, "2024-01-10")
    preview_then_record(slack_bot, reply="asked")  # answered where the button was pressed
    assert recorded(slack_bot) == (1, 1, 2, 1)


def test_without_a_response_url_the_answer_is_a_direct_message(slack_bot: SlackBot) -> None:
    notes = "Date: 10 January 2024\n" + EXAMPLE.read_text(encoding="utf-8")
    use_shortcut(slack_bot, message(slack_text(notes)), reply=None)
    [dm] = slack_bot.wait_for("chat.postMessage")
    assert dm.args["channel"] == "U1" and dm.lines()[0].startswith("Import preview: ")
    press(slack_bot, CANCEL, button_value(dm, CANCEL))
    [gone] = answers(slack_bot.fake, "preview")
    assert gone.args.get("delete_original") is True
    assert recorded(slack_bot) == (0, 0, 0, 0)


def test_cancel_removes_the_preview_and_its_record_button_then_does_nothing(slack_bot: SlackBot) -> None:
    notes = "Date: 10 January 2024\n" + EXAMPLE.read_text(encoding="utf-8")
    use_shortcut(slack_bot, message(slack_text(notes)))
    [preview] = answers(slack_bot.fake, "shortcut")
    press(slack_bot, CANCEL, button_value(preview, CANCEL))
    [gone] = answers(slack_bot.fake, "preview")
    assert gone.args.get("delete_original") is True
    press(slack_bot, RECORD, button_value(preview, RECORD), reply="late")
    assert "is no longer waiting" in answer_lines(slack_bot.fake, "late")[0]
    assert recorded(slack_bot) == (0, 0, 0, 0)


@pytest.mark.parametrize(("user", "value"), [("U1", "forged-key"), ("U2", None)])
def test_a_forged_or_someone_elses_record_button_records_nothing(
    slack_bot: SlackBot, user: str, value: str | None
) -> None:
    notes = "Date: 10 January 2024\n" + EXAMPLE.read_text(encoding="utf-8")
    use_shortcut(slack_bot, message(slack_text(notes)))
    [preview] = answers(slack_bot.fake, "shortcut")
    press(slack_bot, RECORD, value or button_value(preview, RECORD), user=user, reply="forged")
    assert "is no longer waiting" in answer_lines(slack_bot.fake, "forged")[0]
    assert recorded(slack_bot) == (0, 0, 0, 0)


def test_typed_text_is_escaped_in_the_preview(slack_bot: SlackBot) -> None:
    notes = "Date: 10 January 2024\nAction Items\n- Kevin Zhao to check <!channel> & <@U9> rules //01-03-2024\n"
    use_shortcut(slack_bot, message(slack_text(notes)))
    lines = answer_lines(slack_bot.fake, "shortcut")
    item = next(line for line in lines if "rules" in line)
    assert "&lt;!channel&gt; &amp; &lt;@U9&gt;" in item and "<!channel>" not in item


# -- attached files ------------------------------------------------------------------------------------------------


def test_an_attached_markdown_file_is_downloaded_with_the_bot_token_and_recorded(slack_bot: SlackBot) -> None:
    fake = slack_bot.fake
    info = fake.add_file(MINUTES.name, MINUTES.read_bytes(), mimetype="text/markdown")
    use_shortcut(slack_bot, message("The TSC minutes", [{"id": info["id"], "name": MINUTES.name}]))
    lines = preview_then_record(slack_bot)
    assert lines[0] == f"Import preview: {MINUTES.name} (markdown)"
    [download] = fake.calls_to("url_private")
    assert download.token == "xoxb-test" and download.args["file"] == info["id"]
    assert fake.calls_to("files.info")[0].args["file"] == info["id"]
    assert recorded(slack_bot)[3] == 1  # its meeting


def test_only_the_id_of_an_attached_file_is_enough(slack_bot: SlackBot) -> None:
    info = slack_bot.fake.add_file("minutes.txt", ("Date: 10 January 2024\n" + EXAMPLE.read_text()).encode())
    use_shortcut(slack_bot, message("", [{"id": info["id"], "file_access": "check_file_info"}]))
    assert answer_lines(slack_bot.fake, "shortcut")[0] == "Import preview: minutes.txt (wiki)"


# -- bad inputs: a clear answer each, nothing recorded ----------------------------------------------------------------


def attached(fake: FakeSlack, name: str, content: bytes, **kwargs: Any) -> dict[str, Any]:
    info = fake.add_file(name, content, **kwargs)
    return message("", [{"id": info["id"], "name": name}])


@pytest.mark.parametrize(
    ("arrange", "said", "downloaded"),
    [
        (lambda fake: message(""), "That message holds no text and no file", 0),
        (lambda fake: message("Lunch at noon, anyone?"), "I found nothing to record", 0),
        (lambda fake: attached(fake, "notes.txt", b"\x00\x01\x02PK\x03\x04"), "not text (it holds binary data)", 1),
        (lambda fake: attached(fake, "notes.txt", b"   \n"), "That file is empty", 1),
        (
            lambda fake: attached(fake, "notes.txt", b"tiny", size=5 * 1024 * 1024),
            "“notes.txt” is 5.0 MB; I import minutes up to 1.0 MB. Nothing was recorded.",
            0,  # refused on files.info's word: not downloaded
        ),
        (lambda fake: attached(fake, "slides.pdf", b"%PDF-1.7"), "“slides.pdf” is not a file I import", 0),
        (
            lambda fake: attached(fake, "page.html", b"<html><body><p>Hello</p></body></html>", mimetype="text/html"),
            "That is an HTML page, but not minutes I know",
            1,
        ),
    ],
)
def test_bad_input_is_answered_and_nothing_recorded(
    slack_bot: SlackBot, arrange: Any, said: str, downloaded: int
) -> None:
    use_shortcut(slack_bot, arrange(slack_bot.fake))
    lines = answer_lines(slack_bot.fake, "shortcut")
    assert said in lines[0]
    assert len(slack_bot.fake.calls_to("url_private")) == downloaded
    assert recorded(slack_bot) == (0, 0, 0, 0) and not slack_bot.fake.calls_to("views.open")


def test_a_file_bigger_than_slack_said_is_still_refused(slack_bot: SlackBot) -> None:
    big = b"- Kevin Zhao to check the logs\n" * 40_000  # 1.2 MB, while files.info says 1 KB
    use_shortcut(slack_bot, attached(slack_bot.fake, "notes.txt", big, size=1024))
    assert "I import minutes up to 1.0 MB" in answer_lines(slack_bot.fake, "shortcut")[0]
    assert recorded(slack_bot) == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("fail", "said"),
    [
        (dict(method="files.info", error="file_not_found"), "Slack would not show me that file (file_not_found)"),
        (dict(method="url_private", status=500), "Slack did not hand me “notes.txt” (HTTP 500)"),
        (dict(method="url_private", status=404), "Slack did not hand me “notes.txt” (HTTP 404)"),
        (dict(method="url_private", drop=True), "Downloading “notes.txt” from Slack failed"),
    ],
)
def test_a_download_that_fails_is_answered_and_nothing_recorded(
    slack_bot: SlackBot, fail: dict[str, Any], said: str
) -> None:
    notes = ("Date: 10 January 2024\n" + EXAMPLE.read_text()).encode()
    on = attached(slack_bot.fake, "notes.txt", notes)
    slack_bot.fake.fail(**fail)
    use_shortcut(slack_bot, on)
    lines = answer_lines(slack_bot.fake, "shortcut")
    assert said in lines[0] and lines[0].endswith("Please try again in a minute; nothing was recorded.")
    assert recorded(slack_bot) == (0, 0, 0, 0)


def test_a_download_that_hangs_times_out(
    slack_bot: SlackBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(files, "DOWNLOAD_TIMEOUT", 0.3)
    slack_bot.fake.slow("url_private", 1.0)
    with caplog.at_level(logging.WARNING, logger="bot.slack.files"):
        use_shortcut(slack_bot, attached(slack_bot.fake, "notes.txt", b"Date: 10 January 2024\n- x"))
        lines = answer_lines(slack_bot.fake, "shortcut")
    assert "Downloading “notes.txt” from Slack failed (the connection broke or timed out)" in lines[0]
    assert "downloading notes.txt" in caplog.text
    assert recorded(slack_bot) == (0, 0, 0, 0)


def test_a_token_slack_does_not_accept_is_sent_to_sign_in_and_not_followed(slack_bot: SlackBot) -> None:
    slack_bot.fake.tokens.clear()
    use_shortcut(slack_bot, attached(slack_bot.fake, "notes.txt", b"Date: 10 January 2024\n- x"))
    assert "Slack sent me to sign in" in answer_lines(slack_bot.fake, "shortcut")[0]
    assert len(slack_bot.fake.calls_to("url_private")) == 1  # the redirect was not followed with the token


def test_in_a_private_channel_without_the_bot_nothing_is_imported(slack_bot: SlackBot) -> None:
    slack_bot.fake.private_channels["G1"] = False
    use_shortcut(slack_bot, message(slack_text(EXAMPLE.read_text())), channel="G1")
    assert "I'm not in this conversation" in answer_lines(slack_bot.fake, "shortcut")[0]
    assert recorded(slack_bot, "G1") == (0, 0, 0, 0) and not slack_bot.fake.calls_to("views.open")


def test_the_modal_wants_a_date(slack_bot: SlackBot) -> None:
    sent = slack_bot.send(view_submission_body(MODAL, {BLOCK: {FIELD: {"type": "datepicker"}}}, user_id="U1",
                                               private_metadata=json.dumps({"key": "k", "reply": None})))  # fmt: skip
    assert sent.status == 200 and sent.json() == {
        "response_action": "errors",
        "errors": {BLOCK: "Pick the day the meeting was held."},
    }
