"""The Bolt app: listeners registered with the services passed in, one log line per Slack request."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk import WebClient

from bot.core.reminders.dm import CHANGE_DATE
from bot.core.services import Services
from bot.slack import installs
from bot.slack.inbound import Names
from bot.slack.listeners import buttons, commands, exports, home, imports, messages, views
from bot.slack.listeners.common import OUTCOME_KEY
from bot.slack.sender import SlackSender
from bot.slack.workspaces import Workspaces

log = logging.getLogger("steerbot.requests")


class LazyWork(ThreadPoolExecutor):
    """Bolt's executor for the lazy halves of requests (replies, sending the outbox), which knows what still runs."""

    def __init__(self) -> None:
        super().__init__(max_workers=5, thread_name_prefix="steerbot-lazy")
        self._running: set[Future[Any]] = set()
        self._lock = threading.Lock()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future = super().submit(fn, *args, **kwargs)
        with self._lock:
            self._running.add(future)
        future.add_done_callback(self._done)
        return future

    def _done(self, future: Future[Any]) -> None:
        with self._lock:
            self._running.discard(future)

    def settle(self, timeout: float) -> int:
        """Waits up to `timeout` seconds for what runs; how many are still running then."""
        with self._lock:
            running = list(self._running)
        return len(wait(running, timeout).not_done)


class LoggedApp(App):
    """Logs each request Slack sends, with its outcome, whichever way it came (HTTP or Socket Mode); its lazy
    listeners run in `lazy_work`, which a stopping process waits for (bot/cli.py)."""

    def __init__(self, **kwargs: Any) -> None:
        self.lazy_work = LazyWork()
        super().__init__(listener_executor=self.lazy_work, **kwargs)

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        started = time.perf_counter()
        response = super().dispatch(req)
        if not req.lazy_only:
            ms = (time.perf_counter() - started) * 1000
            log.info("%s -> %s %s (%.1f ms)", _describe(req), response.status, req.context.get(OUTCOME_KEY, "-"), ms)
        return response


def build_app(
    *,
    client: WebClient,
    signing_secret: str,
    services: Services,
    sender: SlackSender,
    names: Names,
    workspaces: Workspaces,
    verify_token: bool = True,
    first_trigger: commands.FirstTrigger | None = None,
    can_post: commands.CanPost | None = None,
    install: installs.Install | None = None,
    remember_grid: Callable[[str, str], None] | None = None,
) -> LoggedApp:
    """The app; with `install`, it serves every workspace that installed it through OAuth, each with its own token
    (Bolt finds it per request), and refuses any other."""
    # process_before_response: the ack function runs to completion and its answer is the HTTP
    # response, with no ack polling; slow work (posting, DMs) runs in the lazy listeners.
    oauth: dict[str, Any] = {}
    if install is not None:
        oauth = {"installation_store": install.installations, "oauth_settings": install.settings()}
    app = LoggedApp(
        client=client,
        signing_secret=signing_secret,
        process_before_response=True,
        token_verification_enabled=verify_token and install is None,
        logger=logging.getLogger("steerbot.bolt"),
        **oauth,
    )
    installs.register(app, install, remember_grid)
    exports.register(app, services.exports, workspaces)  # before the commands: it takes `/committee export …`
    commands.register(app, services, sender, names, first_trigger, can_post)
    imports.register(app, services.imports, workspaces, names, can_post)
    views.register(app, services.reminders, sender)  # Change date opens a date picker here, not in the core
    buttons.register(app, services, sender, except_ids={CHANGE_DATE})
    messages.register(app, services.meetings.capture, sender, names)
    home.register(app, services.home)
    return app


def _describe(req: BoltRequest) -> str:
    body: dict[str, Any] = req.body if isinstance(req.body, dict) else {}
    if "command" in body:
        what = f"command {body.get('command')}"
    elif body.get("type") == "block_actions":
        what = "action " + ",".join(a.get("action_id", "?") for a in body.get("actions", []))
    elif body.get("type") == "event_callback":
        what = f"event {(body.get('event') or {}).get('type')}"
    else:
        what = str(body.get("type") or "request")
    user = body.get("user_id") or _field(body, "user", "id") or _field(body, "event", "user")
    team = body.get("team_id") or _field(body, "team", "id")
    return f"slack {what} user={user or '-'} team={team or '-'}"


def _field(body: dict[str, Any], key: str, sub: str) -> Any:
    value = body.get(key)
    return value.get(sub) if isinstance(value, dict) else None
