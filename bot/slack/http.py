"""The HTTP server: Slack at POST /slack/events (signature checked first), liveness at GET /healthz, readiness at
GET /readyz, calendars at GET /calendar/TOKEN.ics."""

from __future__ import annotations

import io
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier

from bot.core.events.feed import Served
from bot.slack.installs import INSTALL_PATH, REDIRECT_PATH

log = logging.getLogger("steerbot.requests")

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
Feed = Callable[[str, str | None], Served | None]  # (token, the ETag the asker has) -> the feed; None: no such token
Ready = Callable[[], str | None]  # None when the database answers and its schema is current, else a short reason
_CALENDAR = re.compile(r"/calendar/(?P<token>[^/]+)\.ics")
_ETAG = re.compile(r'(?:W/)?"([^"]*)"')  # the first entity tag of an If-None-Match
MAX_BODY = 1_000_000  # bytes: Slack's requests are far smaller
GRACE = 7.0  # seconds a stopping server gives the requests it has to be answered (Slack waits 3 s for each)
IDLE = 0.25  # seconds after which a stopping server closes a connection that has no request


def wsgi_app(app: App, signing_secret: str, calendar: Feed | None = None, ready: Ready | None = None) -> WsgiApp:
    slack = SlackRequestHandler(app, path="/slack/events")
    verifier = SignatureVerifier(signing_secret)

    def route(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "")
        started, status = time.perf_counter(), "404 Not Found"
        body, content_type = b"not found\n", "text/plain; charset=utf-8"
        headers: list[tuple[str, str]] = []
        if path == "/slack/events" and method == "POST":
            status, body = _signed(environ, verifier)
            if status == "200 OK":
                environ["wsgi.input"] = io.BytesIO(body)  # Bolt reads the body again from here
                return slack(environ, start_response)  # logged by the app's dispatch
        elif path in (INSTALL_PATH, REDIRECT_PATH) and method == "GET" and app.oauth_flow is not None:
            return _logged(slack, environ, start_response, started)  # Slack's OAuth install: Bolt's own pages
        elif path == "/healthz" and method in ("GET", "HEAD"):
            status, body = "200 OK", b"ok\n"  # liveness: the process serves HTTP, whatever its database does
        elif path == "/readyz" and method in ("GET", "HEAD") and ready is not None:
            status, body = _readiness(ready)
        elif calendar is not None and method in ("GET", "HEAD") and (found := _CALENDAR.fullmatch(path)):
            path = "/calendar/….ics"  # the token is a secret: never logged
            known = _ETAG.search(environ.get("HTTP_IF_NONE_MATCH", ""))
            if (served := calendar(found.group("token"), known.group(1) if known else None)) is not None:
                headers.append(("ETag", f'"{served.version}"'))  # a calendar app asks again with it: 304, nothing built
                status, body = ("304 Not Modified", b"") if served.body is None else ("200 OK", served.body)
                content_type = "text/calendar; charset=utf-8"
        log.info(
            "http %s %s -> %s (%.1f ms)", method, path[:100], status.split()[0], (time.perf_counter() - started) * 1000
        )
        start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body))), *headers])
        return [body]

    return route


def _logged(wsgi: WsgiApp, environ: dict[str, Any], start_response: StartResponse, started: float) -> Iterable[bytes]:
    """Serves the request with `wsgi`, logging it like the others (never its query: the OAuth code and state)."""

    def logging_start(status: str, headers: list[tuple[str, str]], *more: Any) -> Any:
        ms = (time.perf_counter() - started) * 1000
        log.info(
            "http %s %s -> %s (%.1f ms)", environ.get("REQUEST_METHOD"), environ.get("PATH_INFO"), status.split()[0], ms
        )
        return start_response(status, headers, *more)

    return wsgi(environ, logging_start)


def _readiness(ready: Ready) -> tuple[str, bytes]:
    """200 when ready, else 503 with the check's short reason; the check bounds its own time (storage.db.ready)."""
    try:
        reason = ready()
    except Exception:
        log.exception("the readiness check failed")
        reason = "the readiness check failed"
    if reason is None:
        return "200 OK", b"ready\n"
    return "503 Service Unavailable", f"not ready: {reason}\n".encode()


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


def serve(
    app: App,
    signing_secret: str,
    host: str,
    port: int,
    calendar: Feed | None = None,
    *,
    ready: Ready | None = None,
    stop: threading.Event | None = None,
    grace: float = GRACE,
) -> None:
    """Serves until `stop` is set (for ever without one), then stops gracefully: the listening socket takes no
    more connections (those already waiting in its backlog are taken first), every request already received is
    answered, idle keep-alive connections are closed, and it returns within `grace` seconds."""
    from waitress import wasyncore
    from waitress.server import create_server

    server: Any = create_server(wsgi_app(app, signing_secret, calendar, ready), host=host, port=port, threads=8,
                                ident="steerbot")  # fmt: skip
    log.info("serving Slack requests at http://%s:%s/slack/events", host, server.effective_port)
    stop = stop or threading.Event()
    while not stop.is_set():
        server.asyncore.loop(timeout=0.1, map=server._map, count=1, use_poll=server.adj.asyncore_use_poll)
    started = time.monotonic()
    _take_waiting(server)
    wasyncore.dispatcher.close(server)  # the listening socket: new connections are refused from now on
    log.info("stopping: no new connections; answering %d request(s) in flight", _working(server))
    while (left := _settle(server, time.time())) and time.monotonic() - started < grace:
        server.asyncore.loop(timeout=0.05, map=server._map, count=1, use_poll=server.adj.asyncore_use_poll)
    if left:
        log.warning("stopping: %d connection(s) still busy after %.0f s, closed unanswered", left, grace)
    server.task_dispatcher.shutdown(cancel_pending=True, timeout=max(0.1, grace - (time.monotonic() - started)))
    wasyncore.close_all(server._map)
    log.info("HTTP server stopped in %.1f s", time.monotonic() - started)


def _take_waiting(server: Any) -> None:
    """Accepts every connection already waiting in the listening socket's backlog, so none is cut by its close."""
    while (accepted := server.accept()) is not None:
        connection, address = accepted
        server.set_socket_options(connection)
        server.channel_class(server, connection, server.fix_addr(address), server.adj, map=server._map)


def _working(server: Any) -> int:
    """Connections with a request being received, run or answered."""
    return sum(
        bool(c.requests or c.request is not None or c.total_outbufs_len) for c in server.active_channels.values()
    )


def _settle(server: Any, now: float) -> int:
    """Closes the connections that have had no request for IDLE seconds (a fresh connection's request is read
    first; an idle keep-alive connection is closed); how many connections are still open."""
    for channel in list(server.active_channels.values()):
        with channel.requests_lock:
            working = channel.requests or channel.request is not None or channel.total_outbufs_len
            if not working and now - channel.last_activity > IDLE:
                channel.will_close = True  # the loop closes it, on this thread
    return len(server.active_channels)
