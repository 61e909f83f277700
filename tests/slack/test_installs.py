"""Many workspaces through Slack's OAuth, end to end over HTTP against the fake Slack: two workspaces install the app
and each is served with its own token; a workspace that never installed it is refused; one that uninstalls is
forgotten at once and nothing more is sent there; rotating tokens are refreshed; an Enterprise Grid organisation's
install serves its workspaces."""

from __future__ import annotations

import logging
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.app import OAuthApp, Storage
from bot.app import slack_bot as build_bot
from bot.core.kernel.boundary import Post
from bot.core.kernel.documents import say
from bot.slack.http import wsgi_app
from storage.schema import SLACK_BOTS, ItemRow, OutboxRow
from tests.fake_slack import FakeSlack
from tests.slack.conftest import PUBLIC_URL, SECRET, SlackBot, wait_until
from tests.slack_requests import event_body, slash_command_body
from tests.wsgi_server import serving


@pytest.fixture
def installs(store: Storage, fake_slack: FakeSlack) -> Iterator[SlackBot]:
    built = build_bot(
        store,
        signing_secret=SECRET,
        api_url=fake_slack.url,
        default_timezone="UTC",
        install=OAuthApp("111.222", "client-secret", PUBLIC_URL),
    )
    with serving(wsgi_app(built.app, SECRET, built.services.feeds.feed)) as base:
        yield SlackBot(fake_slack, base, store, built.sender)


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str, Any]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as answer:
            return answer.status, answer.read().decode(), answer.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers


def install(bot: SlackBot, code: str) -> str:
    """Someone clicks Add to Slack, approves, and Slack sends them back with a code; the callback page's text."""
    status, page, headers = get(bot.base + "/slack/install")
    assert status == 200
    state = re.search(r"state=([\w-]+)", page)
    assert state is not None and "client_id=111.222" in page and "scope=commands,chat:write," in page
    cookie = headers["Set-Cookie"].split(";")[0]  # Bolt checks the browser that started the install finishes it
    status, page, _ = get(f"{bot.base}/slack/oauth_redirect?code={code}&state={state.group(1)}", {"Cookie": cookie})
    assert status == 200
    return page


def command(bot: SlackBot, text: str, team: str, **fields: Any) -> None:
    url = bot.fake.response_url()
    body = slash_command_body("/action", text, user_id="U1", channel_id="C1", team_id=team, response_url=url, **fields)
    assert bot.send(body).status == 200


def refused(bot: SlackBot) -> str:
    """What Bolt told the person, through the command's response URL, when it served no listener."""
    said = wait_until(lambda: [c for c in bot.fake.calls_to("response_url") if c.args.get("text")])
    return str(said[-1].args["text"]) if said else ""


def items(bot: SlackBot, team: str) -> int:
    with bot.store.sessions() as session:
        return session.scalar(select(func.count()).where(ItemRow.team_id == team)) or 0


def tokens_of_posts(bot: SlackBot) -> set[str | None]:
    return {call.token for call in bot.fake.calls_to("chat.postMessage")}


def test_two_workspaces_install_and_each_is_served_with_its_own_token(installs: SlackBot) -> None:
    installs.fake.add_install("code-1", "T1", "xoxb-team-1")
    installs.fake.add_install("code-2", "T2", "xoxb-team-2")
    assert "Thank you" in install(installs, "code-1") and "Thank you" in install(installs, "code-2")

    command(installs, "me check the logs by 2099-03-06", "T1")
    installs.wait_for("chat.postMessage")
    assert tokens_of_posts(installs) == {"xoxb-team-1"}
    command(installs, "me check the budget by 2099-03-06", "T2")
    installs.wait_for("chat.postMessage", 2)
    assert tokens_of_posts(installs) == {"xoxb-team-1", "xoxb-team-2"}
    assert (items(installs, "T1"), items(installs, "T2")) == (1, 1)


def test_a_workspace_that_never_installed_the_app_is_refused_and_nothing_is_recorded(installs: SlackBot) -> None:
    command(installs, "me check the logs", "T9")
    assert "install" in refused(installs).lower()
    assert items(installs, "T9") == 0 and installs.fake.calls_to("chat.postMessage") == []


def test_an_uninstalled_workspace_is_forgotten_at_once_and_its_queued_messages_dropped(
    installs: SlackBot, caplog: pytest.LogCaptureFixture
) -> None:
    installs.fake.add_install("code-2", "T2", "xoxb-team-2")
    install(installs, "code-2")
    with installs.store.uow() as uow:  # a message waiting to go, as the scheduler queues one
        uow.outbox.add(Post("T2", say("a reminder"), user="U1", key="reminder:late"))
        uow.commit()

    uninstalled = {"type": "app_uninstalled", "event_ts": "1700000000.1"}
    assert installs.send(event_body(uninstalled, team_id="T2", event_id="EvBye")).status == 200
    assert wait_until(lambda: _bots(installs, "T2") == 0)

    caplog.set_level(logging.WARNING)
    installs.sender.drain()
    assert installs.fake.calls_to("chat.postMessage") == []
    assert "workspace T2 has not installed the app" in caplog.text
    with installs.store.sessions() as session:
        assert session.scalar(select(OutboxRow.state).where(OutboxRow.key == "reminder:late")) == "failed"
    command(installs, "me do it", "T2")
    assert "install" in refused(installs).lower() and items(installs, "T2") == 0


def test_a_rotating_token_is_refreshed_before_it_runs_out(installs: SlackBot) -> None:
    installs.fake.add_install("code-1", "T1", "xoxb-rot", refresh_token="xoxe-1", expires_in=60)  # nearly out
    install(installs, "code-1")
    command(installs, "me check the logs by 2099-03-06", "T1")
    installs.wait_for("chat.postMessage")
    assert tokens_of_posts(installs) == {"xoxb-rot-r1"}  # exchanged once, then kept
    assert any(call.args.get("grant_type") == "refresh_token" for call in installs.fake.calls_to("oauth.v2.access"))


def test_an_organisation_wide_install_serves_its_workspaces(installs: SlackBot) -> None:
    installs.fake.add_install("code-org", None, "xoxb-org", enterprise_id="E1")
    install(installs, "code-org")
    command(installs, "me check the logs by 2099-03-06", "T7", enterprise_id="E1")
    installs.wait_for("chat.postMessage")
    assert tokens_of_posts(installs) == {"xoxb-org"} and items(installs, "T7") == 1


def _bots(bot: SlackBot, team: str) -> int:
    with bot.store.engine.connect() as db:
        return db.scalar(select(func.count()).select_from(SLACK_BOTS).where(SLACK_BOTS.c.team_id == team)) or 0
