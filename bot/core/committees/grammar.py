"""The grammar of `/committee`: show the settings, set one, add or remove an admin, the calendar feed, an export."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.kernel.grammar import Help
from bot.core.records.exports import FORMATS


@dataclass(frozen=True)
class ShowSettings:
    pass


@dataclass(frozen=True)
class SetSetting:
    key: str  # lowercased: "timezone", "dates", "reminders", "agenda-lead", "digest", "event-reminder"
    value: str


@dataclass(frozen=True)
class SetAdmin:
    add: bool
    who: str  # as typed


@dataclass(frozen=True)
class CalendarFeed:
    what: str  # "", "rotate", "off"


@dataclass(frozen=True)
class ExportRecord:
    format: str | None  # one of records.exports.FORMATS; None: missing, or one there is not


CommitteeCommand = ShowSettings | SetSetting | SetAdmin | CalendarFeed | ExportRecord | Help


def parse_committee_command(text: str) -> CommitteeCommand:
    words = text.split()
    verb = words[0].lower() if words else "show"
    if verb in ("show", "settings"):
        return ShowSettings()
    if verb == "set" and len(words) >= 3:
        return SetSetting(words[1].lower(), " ".join(words[2:]))
    if verb == "admin" and len(words) >= 3 and words[1].lower() in ("add", "remove"):
        return SetAdmin(words[1].lower() == "add", " ".join(words[2:]))
    if verb == "calendar":
        return CalendarFeed(" ".join(words[1:]))
    if verb == "export":
        wanted = " ".join(words[1:]).lower().lstrip(".")
        return ExportRecord(wanted if wanted in FORMATS else None)
    return Help()
