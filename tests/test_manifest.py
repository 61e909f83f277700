"""manifest.yml is valid against Slack's published schema and agrees with the code, both ways."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from bot.app import services, storage
from bot.core.kernel.clock import Clock
from tests.conftest import START
from tests.fakes import MEMBERS, FakeDirectory

ROOT = Path(__file__).parents[1]
SCHEMA = ROOT.parent / "shared" / "slack" / "manifest-schema" / "manifest.schema.1.0.0.json"


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "manifest.yml").read_text())
    return loaded


def test_valid_against_slacks_schema(manifest: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text())
    jsonschema.validate(manifest, schema)


def test_slash_commands_match_the_code(manifest: dict[str, Any]) -> None:
    store = storage("sqlite://", Clock(START))
    handled = set(services(store, FakeDirectory(MEMBERS), "UTC").commands)
    declared = {c["command"] for c in manifest["features"]["slash_commands"]}
    assert declared == handled
    assert all(c.get("should_escape") for c in manifest["features"]["slash_commands"])  # mentions arrive as <@U…>


def test_the_shortcut_matches_the_code(manifest: dict[str, Any]) -> None:
    from bot.slack.listeners import imports

    shortcuts = manifest["features"]["shortcuts"]
    assert [(s["type"], s["callback_id"], s["name"]) for s in shortcuts] == [
        ("message", imports.SHORTCUT, "Import into Steerbot")
    ]


def test_scopes_interactivity_and_socket_mode(manifest: dict[str, Any]) -> None:
    from bot.slack.installs import SCOPES

    assert manifest["oauth_config"]["scopes"]["bot"] == list(SCOPES)  # what an OAuth install asks for: one list
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] is True


def test_event_subscriptions_match_the_listeners(manifest: dict[str, Any]) -> None:
    from bot.slack import installs
    from bot.slack.listeners import home, messages

    subscribed = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert subscribed == {*messages.EVENTS, *home.EVENTS, *installs.EVENTS}
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
