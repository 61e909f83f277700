"""The grammars of `/decision` (record, list, revoke) and `/update` (record, list)."""

from __future__ import annotations

import re
from dataclasses import dataclass


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


@dataclass(frozen=True)
class RecordUpdate:
    project: str
    text: str


@dataclass(frozen=True)
class ListUpdates:
    project: str = ""


@dataclass(frozen=True)
class Help:
    pass


@dataclass(frozen=True)
class Invalid:
    message: str


DecisionCommand = Record | ListDecisions | Revoke | Help | Invalid
UpdateCommand = RecordUpdate | ListUpdates | Help | Invalid

DECISION_USAGE = (
    "`/decision We will not work on BMC software this year` · `/decision list` · "
    "`/decision list since 2024-01-01 BMC` · `/decision revoke 4`"
)
UPDATE_USAGE = "`/update DCAP: QEMU can run an sbsa-ref machine with RME` · `/update list` · `/update list DCAP`"
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
        match = re.fullmatch(r"#?(\d{1,9})", rest)
        return Revoke(int(match.group(1))) if match else Invalid("Which decision? For example `/decision revoke 4`.")
    return Record(text)


def parse_update_command(text: str) -> UpdateCommand:
    text = text.strip()
    head, _, rest = text.partition(" ")
    if head.lower() in ("", "help", "?"):
        return Help()
    if head.lower() == "list":
        return ListUpdates(rest.strip())
    project, colon, body = text.partition(":")
    if not colon or not project.strip() or len(project) > 100:
        return Invalid(f"Name the project first, then a colon: {UPDATE_USAGE}")
    if not body.strip():
        return Invalid(f"What is the update on {project.strip()}? {UPDATE_USAGE}")
    return RecordUpdate(" ".join(project.split()), body.strip())
