"""A WSGI app served by waitress on an ephemeral local port, for as long as a `with` block lasts."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from waitress.server import create_server


@contextmanager
def serving(wsgi: Callable[..., Any], *, threads: int = 4) -> Iterator[str]:
    """Yields the base URL. The loop polls a stop flag, so closing never pulls a socket out of a running select."""
    server: Any = create_server(wsgi, host="127.0.0.1", port=0, threads=threads)
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            server.asyncore.loop(timeout=0.05, map=server._map, count=1)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()
        server.task_dispatcher.shutdown()
