"""Installing the app in many workspaces through Slack's OAuth: the install page (`GET /slack/install`), Slack's
redirect back (`GET /slack/oauth_redirect`, where the code is exchanged with `oauth.v2.access`), the scopes asked
for (the manifest's: tests/test_manifest.py keeps them equal), and forgetting a workspace that uninstalls."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import App, BoltContext
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store import InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
SCOPES = (
    "commands",
    "chat:write",
    "chat:write.public",
    "im:write",
    "users:read",
    "channels:history",
    "groups:history",
    "im:history",
    "channels:read",
    "groups:read",
    "im:read",
    "mpim:read",
    "files:read",  # a file attached to the message an import is asked for: files.info and its private URL
    "files:write",  # /committee export: the file uploaded into the asker's direct message
)
EVENTS = ("app_uninstalled", "tokens_revoked")  # the manifest's subscriptions this module answers


@dataclass(frozen=True)
class Install:
    """What serving OAuth installs needs: the app's credentials, where Slack sends people back, the stores."""

    client_id: str
    client_secret: str
    public_url: str  # STEERBOT_PUBLIC_URL: the redirect is this + REDIRECT_PATH
    installations: InstallationStore
    states: OAuthStateStore
    rotation_minutes: int = 10  # a rotating bot token this close to its end is exchanged before a request uses it

    def settings(self) -> OAuthSettings:
        return OAuthSettings(
            client_id=self.client_id,
            client_secret=self.client_secret,
            scopes=list(SCOPES),
            redirect_uri=self.public_url.rstrip("/") + REDIRECT_PATH,
            install_path=INSTALL_PATH,
            redirect_uri_path=REDIRECT_PATH,
            installation_store=self.installations,
            state_store=self.states,
            token_rotation_expiration_minutes=self.rotation_minutes,
        )


def register(app: App, install: Install | None, remember_grid: Callable[[str, str], None] | None = None) -> None:
    """With installs: a workspace that uninstalls (or revokes the bot's token) is forgotten at once, and which
    Enterprise Grid organisation each request's workspace belongs to is remembered (`remember_grid(team,
    enterprise)`), for sending to it later. With one token: those events are only logged."""
    if install is None:

        @app.event("app_uninstalled")
        @app.event("tokens_revoked")
        def noted(event: dict[str, Any], context: BoltContext) -> None:
            log.warning(
                "Slack says %s in workspace %s; SLACK_BOT_TOKEN will stop working", event["type"], context.team_id
            )

        return
    app.enable_token_revocation_listeners()  # slack_sdk's store deletes the workspace's tokens
    seen: set[str] = set()

    @app.middleware
    def remember_grid_workspace(context: BoltContext, next: Any) -> Any:
        team, enterprise = context.team_id, context.enterprise_id
        if remember_grid is not None and team and enterprise and team not in seen:
            remember_grid(team, enterprise)
            seen.add(team)
        return next()
