"""The HTTP server: Slack at POST /slack/events (signature checked first), health at GET /healthz, calendars at
GET /calendar/TOKEN.ics."""

from __future__ import annotations

import io
import logging
import re
import time
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier

log = logging.getLogger("steerbot.requests")

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
Feed = Callable[[str], bytes | None]  # a calendar token -> that committee's calendar; None for any other token
_CALENDAR = re.compile(r"/calendar/(?P<token>[^/]+)\.ics")
MAX_BODY = 1_000_000  # bytes: Slack's requests are far smaller


def wsgi_app(app: App, signing_secret: str, calendar: Feed | None = None) -> WsgiApp:
    slack = SlackRequestHandler(app, path="/slack/events")
    verifier = SignatureVerifier(signing_secret)

    def route(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "")
        started, status = time.perf_counter(), "404 Not Found"
        body, content_type = b"not found\n", "text/plain; charset=utf-8"
        if path == "/slack/events" and method == "POST":
            status, body = _signed(environ, verifier)
            if status == "200 OK":
                environ["wsgi.input"] = io.BytesIO(body)  # Bolt reads the body again from here
                return slack(environ, start_response)  # logged by the app's dispatch
        elif path == "/healthz" and method in ("GET", "HEAD"):
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


def _signed(environ: dict[str, Any], verifier: SignatureVerifier) -> tuple[str, bytes]:
    """The request body when Slack signed it ("200 OK"), else the refusal: the signature is checked before
    anything reads the body, so no malformed body from anyone else is ever parsed."""
    length = environ.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BODY:
        return "413 Content Too Large", b"too large\n"
    body = environ["wsgi.input"].read(int(length))
    timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")
    signature = environ.get("HTTP_X_SLACK_SIGNATURE", "")
    if not (timestamp.isdigit() and signature and verifier.is_valid(body, timestamp, signature)):
        return "401 Unauthorized", b"invalid request signature\n"
    return "200 OK", body


def serve(app: App, signing_secret: str, host: str, port: int, calendar: Feed | None = None) -> None:
    import waitress

    log.info("serving Slack requests at http://%s:%d/slack/events", host, port)
    waitress.serve(wsgi_app(app, signing_secret, calendar), host=host, port=port, threads=8, ident="steerbot")
