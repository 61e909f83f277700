"""The grammar of live capture: channel lines that begin with #action, #agreed, #info, #topic, #link, #undo."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["action", "agreed", "info", "topic", "link", "undo"]
_ALIASES: dict[str, Kind] = {"agree": "agreed", "decided": "agreed", "idea": "info", "note": "info"}
_LINE = re.compile(r"^\s*#(?P<tag>[a-z]+)\b[\s:—-]*(?P<rest>.*)$", re.I | re.S)


@dataclass(frozen=True)
class Captured:
    kind: Kind
    text: str


def read_capture_line(text: str) -> Captured | None:
    """The tagged line, or None for ordinary chat (which still counts for attendance)."""
    match = _LINE.match(text)
    if not match:
        return None
    tag = match.group("tag").lower()
    kind = _ALIASES.get(tag, tag)
    if kind not in ("action", "agreed", "info", "topic", "link", "undo"):
        return None
    return Captured(kind, " ".join(match.group("rest").split()))  # type: ignore[arg-type]
