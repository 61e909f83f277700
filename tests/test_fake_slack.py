"""Tests of the test tools: the fake Slack Web API, driven by a real WebClient, and the request builders."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.error import URLError
from urllib.parse import parse_qs
from urllib.request import urlopen

import pytest
from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import (
    ConnectionErrorRetryHandler,
    FixedValueRetryIntervalCalculator,
    RateLimitErrorRetryHandler,
    builtin_handlers,
)
from slack_sdk.http_retry.builtin_handlers import ServerErrorRetryHandler
from slack_sdk.signature import Clock, SignatureVerifier

from tests.fake_slack import FakeSlack, member
from tests.slack_requests import (
    block_actions_body,
    event_body,
    signed_headers,
    slash_command_body,
    view_submission_body,
)

PAYLOADS = Path(__file__).parents[2] / "shared" / "slack" / "payloads"
USERS = [member(f"U{n}", f"user{n}") for n in range(1, 6)]
DM = {"type": "message", "channel": "DU1", "user": "U1", "text": "hi", "ts": "1.5", "channel_type": "im"}


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack(users=USERS, channels={"C1": "steering"}) as fake:
        yield fake


@pytest.fixture
def client(slack: FakeSlack) -> WebClient:
    return WebClient(base_url=slack.url, token="xoxb-test")


def test_auth_test_and_team_info(slack: FakeSlack, client: WebClient) -> None:
    auth = client.auth_test()
    assert (auth["user_id"], auth["team_id"], auth["bot_id"]) == ("UBOT", "T1", "BBOT")
    assert client.team_info()["team"]["id"] == "T1"
    assert [(c.method, c.token) for c in slack.calls] == [
        ("auth.test", "xoxb-test"),
        ("team.info", "xoxb-test"),
    ]


def test_users_info_and_unknown_user(client: WebClient) -> None:
    assert client.users_info(user="U2")["user"]["profile"]["display_name"] == "user2"
    with pytest.raises(SlackApiError) as raised:
        client.users_info(user="U404")
    assert raised.value.response["error"] == "user_not_found"


def test_users_list_pages_by_cursor(client: WebClient) -> None:
    first = client.users_list(limit=2)
    assert [m["id"] for m in first["members"]] == ["U1", "U2"]
    cursor = first["response_metadata"]["next_cursor"]
    second = client.users_list(limit=2, cursor=cursor)
    assert [m["id"] for m in second["members"]] == ["U3", "U4"]
    # Iterating a SlackResponse follows next_cursor (it reuses one object, so read each page as it comes).
    pages = [[m["id"] for m in page["members"]] for page in client.users_list(limit=2)]
    assert pages == [["U1", "U2"], ["U3", "U4"], ["U5"]]
    assert len(client.users_list()["members"]) == 5


def test_conversations_open_gives_a_stable_dm(client: WebClient) -> None:
    assert client.conversations_open(users="U1")["channel"]["id"] == "DU1"
    assert client.conversations_open(users=["U1"])["channel"]["id"] == "DU1"
    with pytest.raises(SlackApiError, match="user_not_found"):
        client.conversations_open(users="U404")


def test_conversations_info(client: WebClient) -> None:
    assert client.conversations_info(channel="C1")["channel"]["name"] == "steering"
    assert client.conversations_info(channel="C9")["channel"]["name"] == "general"
    assert client.conversations_info(channel="DU1")["channel"]["is_im"] is True


def test_post_update_ephemeral_permalink(slack: FakeSlack, client: WebClient) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*Due Friday*"}}]
    first = client.chat_postMessage(channel="C1", text="Item recorded", blocks=blocks)
    second = client.chat_postMessage(channel="U2", text="Reminder")
    assert re.fullmatch(r"\d{10}\.\d{6}", first["ts"]) and float(second["ts"]) > float(first["ts"])
    assert abs(float(first["ts"]) - time.time()) < 60  # Slack's ts is when it was posted
    assert first["message"]["text"] == "Item recorded" and second["channel"] == "DU2"
    updated = client.chat_update(channel="C1", ts=first["ts"], text="Done")
    assert (updated["channel"], updated["ts"]) == ("C1", first["ts"])
    assert client.chat_postEphemeral(channel="C1", user="U1", text="Only you")["message_ts"]
    link = client.chat_getPermalink(channel="C1", message_ts=first["ts"])["permalink"]
    assert link == f"https://example.slack.com/archives/C1/p{first['ts'].replace('.', '')}"

    posted = slack.calls_to("chat.postMessage")
    assert [c.args["channel"] for c in posted] == ["C1", "U2"]
    assert posted[0].decoded("blocks") == blocks
    assert [c.method for c in slack.calls] == [
        "chat.postMessage",
        "chat.postMessage",
        "chat.update",
        "chat.postEphemeral",
        "chat.getPermalink",
    ]


def test_posts_keep_their_metadata_and_history_shows_them_newest_first(slack: FakeSlack, client: WebClient) -> None:
    tagged = {"event_type": "steerbot_outbox", "event_payload": {"outbox_id": 7, "part": 1, "parts": 1}}
    before = client.chat_postMessage(channel="C1", text="before")["ts"]
    posted = [client.chat_postMessage(channel="C1", text=f"m{n}", metadata=tagged)["ts"] for n in range(3)]
    client.chat_postMessage(channel="C2", text="elsewhere")
    client.chat_postMessage(channel="U2", text="a DM", metadata=tagged)

    page = client.conversations_history(channel="C1", oldest=before, include_all_metadata=True, limit=2)
    assert [m["text"] for m in page["messages"]] == ["m2", "m1"] and page["has_more"] is True
    assert page["messages"][0]["metadata"] == tagged and page["messages"][0]["bot_id"] == slack.bot_id
    rest = client.conversations_history(
        channel="C1", oldest=before, include_all_metadata=True, limit=2, cursor=page["response_metadata"]["next_cursor"]
    )
    assert [m["ts"] for m in rest["messages"]] == [posted[0]] and rest["has_more"] is False
    assert [m["text"] for m in client.conversations_history(channel="C1", oldest=before, inclusive=True)["messages"]][
        -1
    ] == "before"
    assert "metadata" not in client.conversations_history(channel="C1")["messages"][0]  # only when asked for
    assert [m["text"] for m in client.conversations_history(channel="DU2", include_all_metadata=True)["messages"]] == [
        "a DM"
    ]
    assert [m["text"] for m in slack.messages("C1")] == ["before", "m0", "m1", "m2"]
    assert len(slack.messages()) == 6


def test_a_slow_method_takes_its_time(slack: FakeSlack, client: WebClient) -> None:
    slack.slow("chat.postMessage", 0.2)
    started = time.monotonic()
    client.chat_postMessage(channel="C1", text="slowly")
    assert time.monotonic() - started >= 0.2
    slack.slow("chat.postMessage", 0)
    started = time.monotonic()
    client.chat_postMessage(channel="C1", text="fast")
    assert time.monotonic() - started < 0.2


def test_an_answer_lost_after_the_post_leaves_the_post_in_slack(slack: FakeSlack) -> None:
    client = WebClient(base_url=slack.url, token="xoxb-test", retry_handlers=[])
    slack.fail("chat.postMessage", answer_lost=True)
    with pytest.raises((URLError, ConnectionError)):
        client.chat_postMessage(channel="C1", text="did it go?")
    slack.fail("chat.postMessage", status=500, answer_lost=True)
    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel="C1", text="and this?")
    assert [m["text"] for m in slack.messages("C1")] == ["did it go?", "and this?"]


def test_form_encoded_arguments_are_decoded_on_request(slack: FakeSlack, client: WebClient) -> None:
    blocks = [{"type": "divider"}]
    client.api_call("chat.postMessage", params={"channel": "C1", "blocks": json.dumps(blocks)})
    call = slack.calls_to("chat.postMessage")[0]
    assert isinstance(call.args["blocks"], str) and call.decoded("blocks") == blocks


def test_views_answer_with_an_id(slack: FakeSlack, client: WebClient) -> None:
    modal = {"type": "modal", "callback_id": "new_item", "title": {"type": "plain_text", "text": "New"}}
    opened = client.views_open(trigger_id="1.2.3", view=modal)["view"]
    assert opened["id"] and opened["callback_id"] == "new_item"
    assert client.views_update(view_id=opened["id"], view=modal)["view"]["id"] == opened["id"]
    home = client.views_publish(user_id="U1", view={"type": "home", "blocks": []})["view"]
    assert home["type"] == "home" and home["id"] != opened["id"]
    assert slack.calls_to("views.open")[0].decoded("view") == modal


def test_get_with_a_query_string(slack: FakeSlack) -> None:
    with urlopen(f"{slack.url}users.info?user=U1&token=xoxb-q") as response:  # WebClient always POSTs
        assert json.load(response)["user"]["id"] == "U1"
    assert slack.calls_to("users.info")[0].token == "xoxb-q"


def test_unknown_method(client: WebClient) -> None:
    with pytest.raises(SlackApiError, match="unknown_method"):
        client.api_call("nothing.here")


def test_error_answer_raises_with_the_error(slack: FakeSlack, client: WebClient) -> None:
    slack.fail("chat.postMessage", error="channel_not_found")
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C1", text="hi")
    assert raised.value.response.status_code == 200 and raised.value.response["error"] == "channel_not_found"
    assert client.chat_postMessage(channel="C1", text="hi")["ok"]  # only the next call failed
    assert len(slack.calls_to("chat.postMessage")) == 2


def test_rate_limit_is_retried_after_retry_after(slack: FakeSlack, monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr(builtin_handlers, "time", SimpleNamespace(sleep=slept.append))
    client = WebClient(base_url=slack.url, token="xoxb-test", retry_handlers=[RateLimitErrorRetryHandler()])
    slack.fail("chat.postMessage", retry_after=30)
    assert client.chat_postMessage(channel="C1", text="hi")["ok"]
    assert len(slack.calls_to("chat.postMessage")) == 2
    assert len(slept) == 1 and 30 <= slept[0] < 31


def test_rate_limit_without_a_retry_handler_raises(slack: FakeSlack, client: WebClient) -> None:
    slack.fail("chat.postMessage", retry_after=5)
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C1", text="hi")
    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "5"
    assert raised.value.response["error"] == "ratelimited"


def test_server_error_raises(slack: FakeSlack, client: WebClient) -> None:
    slack.fail("users.list", status=500)
    with pytest.raises(SlackApiError) as raised:
        client.users_list()
    assert raised.value.response.status_code == 500


def test_server_error_retry_handler_retries_a_503(slack: FakeSlack) -> None:
    handler = ServerErrorRetryHandler(interval_calculator=FixedValueRetryIntervalCalculator(0.0))
    client = WebClient(base_url=slack.url, token="xoxb-test", retry_handlers=[handler])
    slack.fail("auth.test", status=503)
    assert client.auth_test()["ok"]
    assert len(slack.calls_to("auth.test")) == 2


def test_dropped_connection_raises_a_connection_error(slack: FakeSlack) -> None:
    client = WebClient(base_url=slack.url, token="xoxb-test", retry_handlers=[])
    slack.fail("conversations.open", drop=True)
    with pytest.raises((URLError, ConnectionError)):
        client.conversations_open(users="U1")
    assert len(slack.calls_to("conversations.open")) == 1


def test_dropped_connection_is_retried(slack: FakeSlack) -> None:
    handler = ConnectionErrorRetryHandler(interval_calculator=FixedValueRetryIntervalCalculator(0.0))
    client = WebClient(base_url=slack.url, token="xoxb-test", retry_handlers=[handler])
    slack.fail("conversations.open", drop=True)
    assert client.conversations_open(users="U1")["channel"]["id"] == "DU1"
    assert len(slack.calls_to("conversations.open")) == 2


def test_fail_counts_down_and_reset_forgets(slack: FakeSlack, client: WebClient) -> None:
    slack.fail("auth.test", error="invalid_auth", times=2)
    for _ in range(2):
        with pytest.raises(SlackApiError, match="invalid_auth"):
            client.auth_test()
    assert client.auth_test()["ok"]
    slack.fail("auth.test", error="invalid_auth")
    slack.reset()
    assert slack.calls == []
    assert client.auth_test()["ok"]


def test_fail_needs_a_way_to_fail(slack: FakeSlack) -> None:
    with pytest.raises(ValueError):
        slack.fail("auth.test")


# ---- signed requests


class _Clock(Clock):
    def __init__(self, now: float) -> None:
        self._now = now

    def now(self) -> float:
        return self._now


def test_signature_matches_slacks_published_example() -> None:
    body = (PAYLOADS / "slash_command.form.txt").read_bytes()
    headers = signed_headers(body, "8f742231b10e8888abcd99yyyzzz85a5", timestamp=1531420618)
    expected = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    assert headers["x-slack-signature"] == expected
    assert headers["x-slack-request-timestamp"] == "1531420618"
    verifier = SignatureVerifier("8f742231b10e8888abcd99yyyzzz85a5", clock=_Clock(1531420618))
    assert verifier.is_valid_request(body, headers)


def test_signed_requests_verify_now_and_not_with_another_secret() -> None:
    request = slash_command_body("/action", "Ana to send the budget by Friday", user_id="U1", channel_id="C1")
    headers = request.headers("s3cret")
    assert abs(int(headers["x-slack-request-timestamp"]) - time.time()) < 5
    assert SignatureVerifier("s3cret").is_valid_request(request.body, headers)
    assert not SignatureVerifier("other").is_valid_request(request.body, headers)


def test_slash_command_is_form_encoded_in_slacks_field_order() -> None:
    request = slash_command_body("/action", "a b/c", user_id="U1", channel_id="C1")
    sample = (PAYLOADS / "slash_command.form.txt").read_text()
    assert request.content_type == "application/x-www-form-urlencoded"
    names = [field.split("=")[0] for field in request.text.split("&")]
    assert names == [field.split("=")[0] for field in sample.split("&")]
    assert "command=%2Faction&text=a+b%2Fc" in request.text


def _payload(form: str) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(parse_qs(form)["payload"][0])
    return payload


def test_block_actions_has_the_shape_of_slacks_example() -> None:
    request = block_actions_body("complete", "item-7", user_id="U1", channel_id="C1", message_ts="5.5")
    payload = _payload(request.text)
    sample = json.loads((PAYLOADS / "block_actions.json").read_text())
    assert set(sample) <= set(payload)
    assert payload["actions"][0]["action_id"] == "complete" and payload["actions"][0]["value"] == "item-7"
    assert payload["container"]["message_ts"] == payload["message"]["ts"] == "5.5"
    assert request.content_type == "application/x-www-form-urlencoded"


def test_view_submission_and_event_shapes() -> None:
    values = {"owner": {"pick": {"type": "users_select", "selected_user": "U2"}}}
    submit = view_submission_body("new_item", values, user_id="U1", private_metadata="C1")
    view = _payload(submit.text)["view"]
    assert view["callback_id"] == "new_item" and view["private_metadata"] == "C1"
    assert view["state"]["values"] == values
    request = event_body(DM)
    sample = json.loads((PAYLOADS / "message_im.json").read_text())
    assert set(json.loads(request.body)) == set(sample) and request.content_type == "application/json"


def test_bolt_dispatch_end_to_end(slack: FakeSlack) -> None:
    """A signed slash command through a real Bolt App whose WebClient talks to the fake."""
    app = App(
        signing_secret="s3cret",
        client=WebClient(base_url=slack.url, token="xoxb-test"),
        process_before_response=True,
    )

    @app.command("/action")
    def record(ack: Ack, respond: Respond, command: dict[str, Any], client: WebClient) -> None:
        ack()
        client.chat_postMessage(channel=command["user_id"], text=f"Recorded: {command['text']}")
        respond("Noted")

    @app.event("message")
    def dm(event: dict[str, Any], client: WebClient) -> None:
        client.chat_postMessage(channel=event["channel"], text="Hello")

    request = slash_command_body(
        "/action", "send budget", user_id="U1", channel_id="C1", response_url=slack.response_url()
    )
    assert app.dispatch(request.bolt("s3cret")).status == 200
    assert app.dispatch(request.bolt("wrong")).status == 401
    assert app.dispatch(event_body(DM).bolt("s3cret")).status == 200
    assert [(c.args["channel"], c.args["text"]) for c in slack.calls_to("chat.postMessage")] == [
        ("U1", "Recorded: send budget"),
        ("DU1", "Hello"),
    ]
    assert [c.args["text"] for c in slack.calls_to("response_url")] == ["Noted"]
