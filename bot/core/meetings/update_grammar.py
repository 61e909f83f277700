"""The grammar of `/update`: a project update (`DCAP: QEMU can run …`), and the list of updates."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.kernel.grammar import Help, Invalid


@dataclass(frozen=True)
class RecordUpdate:
    project: str
    text: str


@dataclass(frozen=True)
class ListUpdates:
    project: str = ""


UpdateCommand = RecordUpdate | ListUpdates | Help | Invalid

UPDATE_USAGE = "`/update DCAP: QEMU can run an sbsa-ref machine with RME` · `/update list` · `/update list DCAP`"


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
