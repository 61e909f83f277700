"""Builders for the signed requests Slack sends an app: slash commands, clicks, message shortcuts, modal submits,
events."""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from slack_bolt.request import BoltRequest
from slack_sdk.signature import SignatureVerifier

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"

# Where Bolt's respond() would post. Port 9 (discard) refuses, so a test that forgets to pass
# FakeSlack.response_url(...) fails loudly instead of reaching hooks.slack.com.
UNROUTED_RESPONSE_URL = "http://127.0.0.1:9/response/unset"


def signed_headers(
    body: bytes, secret: str, *, timestamp: int | None = None, content_type: str = FORM
) -> dict[str, str]:
    """Headers Slack sends with `body`: a v0 HMAC-SHA256 signature of f"v0:{timestamp}:{body}"."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    assert signature is not None
    return {"x-slack-signature": signature, "x-slack-request-timestamp": ts, "content-type": content_type}


@dataclass(frozen=True)
class SlackRequest:
    """A request body exactly as Slack sends it, with its content type."""

    body: bytes
    content_type: str

    @property
    def text(self) -> str:
        return self.body.decode()

    def headers(self, secret: str, *, timestamp: int | None = None) -> dict[str, str]:
        return signed_headers(self.body, secret, timestamp=timestamp, content_type=self.content_type)

    def bolt(self, secret: str, *, timestamp: int | None = None) -> BoltRequest:
        """For `app.dispatch(...)`: the same bytes, signed, as Bolt's HTTP adapters would hand them over."""
        return BoltRequest(body=self.text, headers=dict(self.headers(secret, timestamp=timestamp)))


def _interactive(payload: dict[str, Any]) -> SlackRequest:
    return SlackRequest(f"payload={quote(json.dumps(payload))}".encode(), FORM)


def slash_command_body(
    command: str,
    text: str,
    *,
    user_id: str,
    channel_id: str,
    team_id: str = "T1",
    user_name: str = "someone",
    channel_name: str = "steering",
    trigger_id: str | None = None,
    response_url: str = UNROUTED_RESPONSE_URL,
    enterprise_id: str | None = None,
) -> SlackRequest:
    """A slash command, form-encoded with the fields in the order Slack sends them; each gets its own trigger id
    unless one is given, as each invocation does in Slack (the bot runs a command once per trigger id). With an
    `enterprise_id`, as a workspace of an Enterprise Grid organisation that installed the app org-wide sends it."""
    fields = {
        "token": "verification-token",
        "team_id": team_id,
        "team_domain": "example",
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_name,
        "command": command,
        "text": text,
        "response_url": response_url,
        "trigger_id": trigger_id or new_trigger_id(),
    }
    if enterprise_id is not None:
        fields |= {"enterprise_id": enterprise_id, "enterprise_name": "Org", "is_enterprise_install": "true"}
    return SlackRequest(urlencode(fields).encode(), FORM)


def new_trigger_id() -> str:
    """A fresh id shaped like Slack's (`13345224609.738474920.8088930838d88f008e0`)."""
    return f"{secrets.randbelow(10**11)}.{secrets.randbelow(10**9)}.{secrets.token_hex(10)}"


def block_actions_body(
    action_id: str,
    value: str,
    *,
    user_id: str,
    channel_id: str,
    team_id: str = "T1",
    message_ts: str = "1.1",
    trigger_id: str = "1.2.3",
    blocks: list[dict[str, Any]] | None = None,
    block_id: str = "b",
    response_url: str = UNROUTED_RESPONSE_URL,
) -> SlackRequest:
    """A button click on a message the bot posted (`payload=` holding block_actions JSON)."""
    return _interactive(
        {
            "type": "block_actions",
            "user": {"id": user_id, "username": "someone", "name": "someone", "team_id": team_id},
            "api_app_id": "A1",
            "token": "verification-token",
            "container": {
                "type": "message",
                "message_ts": message_ts,
                "channel_id": channel_id,
                "is_ephemeral": False,
            },
            "trigger_id": trigger_id,
            "team": {"id": team_id, "domain": "example"},
            "channel": {"id": channel_id, "name": "steering"},
            "message": {"type": "message", "user": "UBOT", "ts": message_ts, "text": "", "blocks": blocks or []},
            "state": {"values": {}},
            "response_url": response_url,
            "actions": [
                {
                    "action_id": action_id,
                    "block_id": block_id,
                    "value": value,
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Button", "emoji": True},
                    "action_ts": "1700000000.000001",
                }
            ],
        }
    )


def message_shortcut_body(
    callback_id: str,
    message: dict[str, Any],
    *,
    user_id: str,
    channel_id: str,
    team_id: str = "T1",
    channel_name: str = "steering",
    trigger_id: str | None = None,
    response_url: str | None = UNROUTED_RESPONSE_URL,
) -> SlackRequest:
    """A message shortcut used on `message` (`payload=` holding message_action JSON), which Slack sends with a
    response_url (none when `response_url` is None) and a trigger id good for opening a modal."""
    payload: dict[str, Any] = {
        "type": "message_action",
        "token": "verification-token",
        "action_ts": "1700000000.000002",
        "team": {"id": team_id, "domain": "example"},
        "user": {"id": user_id, "username": "someone", "name": "someone", "team_id": team_id},
        "channel": {"id": channel_id, "name": channel_name},
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": trigger_id or new_trigger_id(),
        "message_ts": message.get("ts", ""),
        "message": message,
    }
    if response_url is not None:
        payload["response_url"] = response_url
    return _interactive(payload)


def view_submission_body(
    callback_id: str,
    values: dict[str, Any],
    *,
    user_id: str,
    team_id: str = "T1",
    private_metadata: str = "",
    view_id: str = "V1",
) -> SlackRequest:
    """A modal submit; `values` is view.state.values: {block_id: {action_id: {"type": ..., "value": ...}}}."""
    return _interactive(
        {
            "type": "view_submission",
            "team": {"id": team_id, "domain": "example"},
            "user": {"id": user_id, "username": "someone", "name": "someone", "team_id": team_id},
            "api_app_id": "A1",
            "token": "verification-token",
            "trigger_id": "1.2.3",
            "view": {
                "id": view_id,
                "team_id": team_id,
                "type": "modal",
                "blocks": [],
                "private_metadata": private_metadata,
                "callback_id": callback_id,
                "state": {"values": values},
                "hash": "1700000000.abc",
                "title": {"type": "plain_text", "text": "Steerbot"},
                "previous_view_id": None,
                "root_view_id": view_id,
                "app_id": "A1",
                "external_id": "",
                "app_installed_team_id": team_id,
                "bot_id": "BBOT",
            },
            "response_urls": [],
        }
    )


def event_body(
    event: dict[str, Any], *, team_id: str = "T1", event_id: str = "Ev1", bot_user_id: str = "UBOT"
) -> SlackRequest:
    """An Events API event_callback envelope around `event`, as JSON."""
    event_time = int(float(event.get("event_ts") or event.get("ts") or 1_700_000_000))
    envelope = {
        "token": "verification-token",
        "team_id": team_id,
        "api_app_id": "A1",
        "event": event,
        "type": "event_callback",
        "authorizations": [
            {"team_id": team_id, "user_id": bot_user_id, "is_bot": True, "is_enterprise_install": False}
        ],
        "event_id": event_id,
        "event_time": event_time,
    }
    return SlackRequest(json.dumps(envelope).encode(), JSON)
