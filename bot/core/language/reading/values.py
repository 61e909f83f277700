"""What reading a line gives: the owners it names (OwnerRef), the Reading, and the sentences for lines that make
no item."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.core.language.dates import Due

OwnerKind = Literal["user", "me", "name", "group"]


@dataclass(frozen=True)
class OwnerRef:
    """Someone (or a group) named as an owner."""

    kind: OwnerKind
    text: str  # Slack user id for "user"; "me" for "me"; the name as typed for "name" and "group"


@dataclass(frozen=True)
class Reading:
    """How a line reads as an action item."""

    owners: tuple[OwnerRef, ...]  # () = unassigned
    task: str  # the task text, owners and deadline phrase removed, user's text otherwise kept exactly
    due: Due | None
    error: str | None = None  # a kind user-facing sentence when the line can't make an item
    speaker: str | None = None  # who spoke, when a pasted line starts with a speaker prefix


EXAMPLE = "/action Leonardo check Rust with the toolchain team by 2024-03-01"
EMPTY_ERROR = f"There is nothing to record yet: say who does what, and by when, e.g. `{EXAMPLE}`."
NO_TASK_ERROR = f"I could not find the task in that line: say what is to be done, e.g. `{EXAMPLE}`."
