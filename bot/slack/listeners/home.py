"""The App Home tab: published afresh each time a member opens it."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.core.items.home import HomeService
from bot.slack.blocks import render_view

EVENTS = ("app_home_opened",)


def register(app: App, home: HomeService) -> None:
    @app.event("app_home_opened")
    def home_opened(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        if event.get("tab") != "home":
            return
        doc = home.home(body.get("team_id", ""), event["user"])
        client.views_publish(user_id=event["user"], view={"type": "home", "blocks": render_view(doc)})
