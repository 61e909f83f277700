"""The grammar of `/meeting`: schedule (next, every, cancel, list) and live capture (start, end, minutes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.core.kernel.grammar import Help, Invalid


@dataclass(frozen=True)
class ScheduleOnce:
    text: str  # "2024-02-13 15:00 Europe/London"


@dataclass(frozen=True)
class ScheduleEvery:
    text: str  # "second Tuesday at 15:00 Europe/London"


@dataclass(frozen=True)
class Cancel:
    text: str  # the day, as typed


@dataclass(frozen=True)
class Plain:
    verb: Literal["list", "start", "end", "clear"]


@dataclass(frozen=True)
class Minutes:
    text: str  # the day, as typed; empty: the latest meeting


MeetingCommand = ScheduleOnce | ScheduleEvery | Cancel | Plain | Minutes | Help | Invalid

USAGE = (
    "`/meeting next 2024-02-13 15:00` (the committee's time zone unless you add one, e.g. Europe/London) · "
    "`/meeting every second Tuesday at 15:00 Europe/London` · `/meeting cancel 2024-02-13` · `/meeting list` · "
    "`/meeting clear` (no more meetings) · `/meeting start` · `/meeting end` · `/meeting minutes [date]`"
)


def parse_meeting_command(text: str) -> MeetingCommand:
    head, _, rest = text.strip().partition(" ")
    verb, rest = head.lower(), rest.strip()
    if verb in ("", "help", "?"):
        return Help()
    if verb in ("list", "schedule", "start", "end", "clear") and not rest:
        return Plain("list" if verb == "schedule" else verb)  # type: ignore[arg-type]
    if verb in ("next", "on", "add"):
        return ScheduleOnce(rest) if rest else Invalid("When? For example `/meeting next 2024-02-13 15:00`.")
    if verb == "every":
        return ScheduleEvery(rest) if rest else Invalid("Every what? For example `/meeting every Tuesday at 15:00`.")
    if verb == "cancel":
        return Cancel(rest) if rest else Invalid("Which meeting? For example `/meeting cancel 2024-02-13`.")
    if verb == "minutes":
        return Minutes(rest)
    return Invalid(f"I don't know “{head}”. {USAGE}")
