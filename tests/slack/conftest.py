"""End-to-end harness: the real Bolt app behind waitress on a local port, talking to the fake Slack."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from bot.app import Storage
from bot.app import slack_bot as build_bot
from bot.slack.http import wsgi_app
from bot.slack.sender import SlackSender
from tests.fake_slack import FakeSlack, member, shown
from tests.fakes import MEMBERS
from tests.slack_requests import SlackRequest, block_actions_body, slash_command_body
from tests.wsgi_server import serving

SECRET = "test-signing-secret"
PUBLIC_URL = "https://bot.example.org"
SLACK_USERS = [
    member(m.user_id, m.name, real_name=m.real_name, tz=m.tz or "", is_admin=m.is_admin, is_bot=m.is_bot)
    for m in MEMBERS
]


@dataclass
class Reply:
    status: int
    body: str

    def json(self) -> Any:
        return json.loads(self.body) if self.body else {}

    @property
    def text(self) -> str:
        """The visible text of an ephemeral reply, its lines joined."""
        return "\n".join(self.lines()) or self.json().get("text", "")

    def lines(self) -> list[str]:
        return shown(self.json().get("blocks", []))


@dataclass
class SlackBot:
    fake: FakeSlack
    base: str
    store: Storage
    sender: SlackSender

    def send(self, request: SlackRequest, headers: dict[str, str] | None = None) -> Reply:
        sent = urllib.request.Request(
            self.base + "/slack/events",
            data=request.body,
            headers=headers if headers is not None else request.headers(SECRET),
            method="POST",
        )
        try:
            with urllib.request.urlopen(sent, timeout=10) as answer:
                return Reply(answer.status, answer.read().decode())
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read().decode())

    def command(self, text: str, *, user: str = "U1", channel: str = "C1", command: str = "/action") -> Reply:
        return self.send(
            slash_command_body(command, text, user_id=user, channel_id=channel, response_url=self.fake.response_url())
        )

    def click(
        self, action_id: str, value: str, *, user: str = "U1", channel: str = "C1", message_ts: str = "1.1"
    ) -> Reply:
        return self.send(
            block_actions_body(
                action_id,
                value,
                user_id=user,
                channel_id=channel,
                message_ts=message_ts,
                response_url=self.fake.response_url(),
            )
        )

    def get(self, path: str) -> Reply:
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as answer:
                return Reply(answer.status, answer.read().decode())
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read().decode())

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Any]:
        """The calls to `method` once there are at least `count` (lazy listeners send after the ack)."""
        return wait_until(lambda: (c := self.fake.calls_to(method)) and len(c) >= count and c, timeout) or []


def wait_until(condition: Callable[[], Any], timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.02)
    return condition()


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack(users=SLACK_USERS, channels={"C1": "steering", "C2": "other"}) as fake:
        yield fake


@pytest.fixture
def slack_bot(store: Storage, fake_slack: FakeSlack) -> Iterator[SlackBot]:
    built = build_bot(
        store,
        token="xoxb-test",
        signing_secret=SECRET,
        api_url=fake_slack.url,
        default_timezone="UTC",
        public_url=PUBLIC_URL,
    )
    with serving(wsgi_app(built.app, SECRET, built.services.feeds.feed)) as base:
        yield SlackBot(fake_slack, base, store, built.sender)
