"""The grammar of `/decision`: record, list and search, revoke."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.kernel.grammar import Help, Invalid, number


@dataclass(frozen=True)
class Record:
    text: str


@dataclass(frozen=True)
class ListDecisions:
    since: str = ""  # as typed: "since 2024-01-01"
    words: str = ""


@dataclass(frozen=True)
class Revoke:
    number: int


DecisionCommand = Record | ListDecisions | Revoke | Help | Invalid

DECISION_USAGE = (
    "`/decision We will not work on BMC software this year` · `/decision list` · "
    "`/decision list since 2024-01-01 BMC` · `/decision revoke 4`"
)
_SINCE = re.compile(r"^since\s+(?P<when>.+?)(?:\s*[:;,]\s*(?P<words>.*))?$", re.I)


def parse_decision_command(text: str) -> DecisionCommand:
    text = text.strip()
    head, _, rest = text.partition(" ")
    verb, rest = head.lower(), rest.strip()
    if verb in ("", "help", "?"):
        return Help()
    if verb == "list" or verb == "search":
        match = _SINCE.match(rest)
        if match:
            return ListDecisions(match.group("when"), match.group("words") or "")
        return ListDecisions("", rest)
    if verb == "revoke":
        decision = number(rest)
        if decision is None:
            return Invalid("Which decision? For example `/decision revoke 4`.")
        return Revoke(decision)
    return Record(text)
