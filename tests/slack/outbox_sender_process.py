"""Outbox drains in processes of their own, for tests/slack/test_exactly_once.py: each names the points of a send
as it passes them and, when told to, kills itself at one of them with SIGKILL.

The points: after the claim; before and after each Web API call (`before chat.postMessage #3`: the HTTP call not
made; `after chat.postMessage #3`: Slack accepted it, nothing recorded yet); before and after marking each message
sent. `late` runs the sender's clock that much ahead (a sender that comes after the claim timeout).

Run as `python -m tests.slack.outbox_sender_process`, it reads one JSON request a line on standard input
({"db", "api", "kill_at", "late", "points"}: the file to name the points in) and forks a sender for each (it has
imported everything once and holds no connection or thread, so a fork is a cheap clean process), then answers
one JSON line: {"status": the sender's exit status, -9 when it was killed}.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TextIO

from slack_sdk import WebClient

from bot.slack.sender import SlackSender
from bot.slack.workspaces import OneWorkspace
from storage.db import make_engine, session_factory
from storage.outbox import OutboxQueue

passed: Counter[str] = Counter()
kill_at = ""
named: TextIO | None = None


def point(name: str) -> None:
    passed[name] += 1
    here = f"{name} #{passed[name]}"
    if named is not None:
        named.write(here + "\n")
        named.flush()  # written before any kill
    if here == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)


def around(name: str, call: Callable[..., Any]) -> Callable[..., Any]:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        point(f"before {name}")
        result = call(*args, **kwargs)
        point(f"after {name}")
        return result

    return wrapped


def watch() -> None:
    """Names the points, in every WebClient and outbox queue of this process."""
    api_call, claim = WebClient.api_call, OutboxQueue.claim

    def calling(self: WebClient, api_method: str, **kwargs: Any) -> Any:
        return around(api_method, api_call)(self, api_method, **kwargs)

    def claiming(self: OutboxQueue, *args: Any, **kwargs: Any) -> Any:
        claimed = claim(self, *args, **kwargs)
        if claimed:
            point("after claim")
        return claimed

    WebClient.api_call = calling  # type: ignore[method-assign]
    OutboxQueue.claim = claiming  # type: ignore[method-assign]
    OutboxQueue.sent = around("marking sent", OutboxQueue.sent)  # type: ignore[method-assign]


def drain(request: dict[str, Any]) -> None:
    """In the forked child: one drain, then exit (unless killed on the way)."""
    global kill_at, named
    kill_at = request["kill_at"]
    named = open(request["points"], "w")  # noqa: SIM115 - open until the process ends, however it ends
    engine = make_engine(request["db"])
    late = timedelta(seconds=request["late"])
    queue = OutboxQueue(session_factory(engine))
    SlackSender(OneWorkspace("xoxb-test", request["api"]), queue, lambda: datetime.now(UTC) + late).drain()
    engine.dispose()
    named.close()


def main() -> int:
    watch()
    for text in sys.stdin:
        request = json.loads(text)
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                drain(request)
            except BaseException:
                code = 1
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        print(json.dumps({"status": code}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
