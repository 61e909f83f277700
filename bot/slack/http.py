"""The HTTP server: Slack at POST /slack/events, health at GET /healthz, calendars at GET /calendar/TOKEN.ics."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

log = logging.getLogger("steerbot.requests")

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
Feed = Callable[[str], bytes | None]  # a calendar token -> that committee's calendar; None for any other token
_CALENDAR = re.compile(r"/calendar/(?P<token>[^/]+)\.ics")


def wsgi_app(app: App, calendar: Feed | None = None) -> WsgiApp:
    slack = SlackRequestHandler(app, path="/slack/events")

    def route(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "")
        if path == "/slack/events" and method == "POST":
            return slack(environ, start_response)  # logged by the app's dispatch
        started, status = time.perf_counter(), "404 Not Found"
        body, content_type = b"not found\n", "text/plain; charset=utf-8"
        if path == "/healthz" and method in ("GET", "HEAD"):
            status, body = "200 OK", b"ok\n"
        elif calendar is not None and method in ("GET", "HEAD") and (found := _CALENDAR.fullmatch(path)):
            path = "/calendar/….ics"  # the token is a secret: never logged
            feed = calendar(found.group("token"))
            if feed is not None:
                status, body, content_type = "200 OK", feed, "text/calendar; charset=utf-8"
        log.info(
            "http %s %s -> %s (%.1f ms)", method, path[:100], status.split()[0], (time.perf_counter() - started) * 1000
        )
        start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
        return [body]

    return route


def serve(app: App, host: str, port: int, calendar: Feed | None = None) -> None:
    import waitress

    log.info("serving Slack requests at http://%s:%d/slack/events", host, port)
    waitress.serve(wsgi_app(app, calendar), host=host, port=port, threads=8, ident="steerbot")
