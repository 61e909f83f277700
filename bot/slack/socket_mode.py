"""Socket Mode: Slack's requests over a WebSocket the bot opens (no public URL), served until told to stop, then
stopped gracefully: no new request is taken, the ones being handled are answered over the still-open connection,
then it is closed. A request that arrives meanwhile is left unacknowledged, so Slack delivers it again (events) or
tells the person it failed (commands); nothing of it is recorded."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from slack_bolt import App

log = logging.getLogger(__name__)

GRACE = 7.0  # seconds the requests being handled get to be answered when stopping (Slack waits 3 s for each)


class Gate:
    """Passes Slack's requests to `handle` until closed, and knows how many are being handled."""

    def __init__(self, handle: Callable[[Any, Any], None]) -> None:
        self._handle = handle
        self._open = True
        self._running = 0
        self._changed = threading.Condition()

    def __call__(self, client: Any, request: Any) -> None:
        with self._changed:
            if not self._open:
                log.info("stopping: a %s request left unacknowledged, for Slack to deliver again", request.type)
                return
            self._running += 1
        try:
            self._handle(client, request)
        finally:
            with self._changed:
                self._running -= 1
                self._changed.notify_all()

    def close(self) -> int:
        """Takes no more requests; how many are being handled."""
        with self._changed:
            self._open = False
            return self._running

    def wait(self, timeout: float) -> bool:
        """Waits up to `timeout` seconds for the requests being handled; True when none is left."""
        with self._changed:
            return self._changed.wait_for(lambda: self._running == 0, timeout)


def serve(app: App, app_token: str, stop: threading.Event, grace: float = GRACE) -> None:
    """Connects and serves until `stop` is set, then stops as the module says, within `grace` seconds."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    handler = SocketModeHandler(app, app_token)
    gate = Gate(handler.handle)
    handler.client.socket_mode_request_listeners[:] = [gate]
    log.info("connecting to Slack in Socket Mode")
    handler.connect()
    while not stop.wait(0.5):
        pass
    started = time.monotonic()
    log.info("stopping: no new requests taken from Slack; answering %d in flight", gate.close())
    if not gate.wait(grace):
        log.warning("stopping: requests still being handled after %.0f s", grace)
    handler.close()
    log.info("Socket Mode connection closed in %.1f s", time.monotonic() - started)
