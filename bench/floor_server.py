"""The floor for bench/action_http.py: only what any recorded-and-delivered slash command must do, built from the
libraries the bot uses. Bolt with process_before_response behind waitress (8 threads, as `steerbot run`); the ack
function does one SQLite insert-and-commit (WAL, as the bot's database) and acks; after the ack a lazy listener
posts the card to the channel and the owner's DM through slack_sdk. GET /healthz answers 200.

Usage (by the benchmarks): SLACK_BOT_TOKEN=… SLACK_SIGNING_SECRET=… SLACK_API_URL=… DATABASE_URL=sqlite:///…
python bench/floor_server.py PORT
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from sqlalchemy import create_engine, event, text
from waitress import serve


def main() -> None:
    port = int(sys.argv[1])
    engine = create_engine(os.environ["DATABASE_URL"], connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _wal(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA journal_mode=WAL")

    with engine.begin() as db:
        db.execute(text("CREATE TABLE IF NOT EXISTS floor (id INTEGER PRIMARY KEY, channel TEXT, body TEXT)"))
    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"], timeout=10)
    app = App(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"], process_before_response=True)

    def record(ack: Ack, command: dict[str, Any]) -> None:
        with engine.begin() as db:
            db.execute(
                text("INSERT INTO floor (channel, body) VALUES (:c, :b)"),
                {"c": command["channel_id"], "b": command["text"]},
            )
        ack()

    def deliver(command: dict[str, Any], client: WebClient) -> None:
        card: list[dict[str, Any]] = [
            {"type": "section", "text": {"type": "mrkdwn", "text": f"*#1* {command['text']}"}},
            {"type": "actions", "elements": [{"type": "button", "text": {"type": "plain_text", "text": "Done"},
                                              "action_id": "done", "value": "1"}]},
        ]  # fmt: skip
        client.chat_postMessage(channel=command["channel_id"], text=command["text"], blocks=card)
        client.chat_postMessage(channel="U2", text=f"You own #1: {command['text']}")

    app.command("/action")(ack=record, lazy=[deliver])
    slack = SlackRequestHandler(app)

    def route(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "3")])
            return [b"ok\n"]
        return slack(environ, start_response)

    serve(route, host="127.0.0.1", port=port, threads=8, _quiet=True)


if __name__ == "__main__":
    main()
