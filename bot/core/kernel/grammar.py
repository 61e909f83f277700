"""What every command grammar shares: the two answers that are not commands (help, and why a line is not
one), and item numbers as people type them (`12`, `#12`)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Help:
    """The command was asked for its usage (`/action`, `/action help`)."""


@dataclass(frozen=True)
class Invalid:
    """The line is not a command of this grammar; `message` says why, kindly."""

    message: str


NUMBER = re.compile(r"#?(\d{1,9})")


def number(word: str) -> int | None:
    """`12` or `#12` as a number; None for anything else."""
    found = NUMBER.fullmatch(word.strip())
    return int(found.group(1)) if found else None


def leading_number(text: str) -> tuple[int | None, str]:
    """The number that starts the text (a word of its own) and the rest: `3 next Friday` -> (3, "next Friday")."""
    found = NUMBER.match(text)
    if not found or (found.end() < len(text) and not text[found.end()].isspace()):
        return None, text
    return int(found.group(1)), text[found.end() :].strip()
