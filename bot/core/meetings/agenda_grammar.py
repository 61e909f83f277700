"""The grammar of `/agenda`: show, for <date>, post, export, add/remove/move topics."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.core.kernel.grammar import Help, Invalid, number


@dataclass(frozen=True)
class Show:
    how: Literal["show", "post", "export"] = "show"
    when: str = ""  # "for <date>": a later meeting's agenda
    again: bool = False  # post it even though it was posted already


@dataclass(frozen=True)
class AddTopic:
    title: str
    owner: str = ""  # as typed, "(Kevin)"
    minutes: int | None = None


@dataclass(frozen=True)
class RemoveTopic:
    number: int


@dataclass(frozen=True)
class MoveTopic:
    number: int
    to: int


AgendaCommand = Show | AddTopic | RemoveTopic | MoveTopic | Help | Invalid
MAX_TOPIC = 500

USAGE = (
    "`/agenda` the next meeting's agenda · `/agenda for 2024-03-12` · `/agenda post` (`post again`: once more) · "
    "`/agenda export` (Markdown) · "
    "`/agenda add Budget review (Kevin) for 15m` · `/agenda remove 2` · `/agenda move 3 1`"
)
_TIMEBOX = re.compile(r"\s+for\s+(\d{1,3})\s*(m|min|mins|minutes|h|hr|hour|hours)\.?$", re.I)
_OWNER = re.compile(r"\s*\(([^()]{1,100})\)\s*$")


def parse_agenda_command(text: str) -> AgendaCommand:
    head, _, rest = text.strip().partition(" ")
    verb, rest = head.lower(), rest.strip()
    if verb in ("", "show", "next"):
        return Show()
    if verb in ("help", "?"):
        return Help()
    if verb in ("post", "export"):
        again = verb == "post" and bool(re.match(r"again\b", rest, flags=re.I))
        when = (
            re.sub(r"^(?:again\s*)?(?:for\s+)?", "", rest, flags=re.I)
            if again
            else re.sub(r"^for\s+", "", rest, flags=re.I)
        )
        return Show(verb, when, again)  # type: ignore[arg-type]
    if verb == "for":
        return Show("show", rest) if rest else Invalid("For which meeting? For example `/agenda for 2024-03-12`.")
    if verb == "add":
        return _add(rest)
    if verb in ("remove", "delete", "drop"):
        topic = number(rest)
        return RemoveTopic(topic) if topic is not None else Invalid("Which topic? For example `/agenda remove 2`.")
    if verb == "move":
        parts = [number(p) for p in re.split(r"\s+(?:to\s+)?", rest) if p]
        if len(parts) == 2 and parts[0] is not None and parts[1] is not None:
            return MoveTopic(parts[0], parts[1])
        return Invalid("Move which topic where? For example `/agenda move 3 1` puts topic 3 first.")
    return Invalid(f"I don't know “{head}”. {USAGE}")


def _add(rest: str) -> AgendaCommand:
    minutes = None
    if match := _TIMEBOX.search(rest):
        amount = int(match.group(1))
        minutes = amount * 60 if match.group(2).lower().startswith("h") else amount
        rest = rest[: match.start()]
    owner = ""
    if match := _OWNER.search(rest):
        owner, rest = match.group(1).strip(), rest[: match.start()]
    title = rest.strip()
    if not title:
        return Invalid("What is the topic? For example `/agenda add Budget review (Kevin) for 15m`.")
    if len(title) > MAX_TOPIC:
        return Invalid(f"That topic is {len(title):,} characters long; please keep it under {MAX_TOPIC}.")
    if minutes is not None and not 1 <= minutes <= 600:
        return Invalid("A time box is between 1 minute and 10 hours, for example `for 15m`.")
    return AddTopic(title, owner, minutes)
