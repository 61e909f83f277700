"""A committee's calendar settings, which admins change: when the weekly digest is posted, how long before an
event the channel is reminded of it, and the calendar feed's secret address (shown, rotated, turned off)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import replace
from datetime import time

from bot.core.kernel.boundary import Caller
from bot.core.kernel.context import Context
from bot.core.kernel.documents import Doc, Section, line, say
from bot.core.kernel.model import CalendarSettings
from bot.core.kernel.ports import UnitOfWork
from bot.core.language import WEEKDAYS

TOKEN_BYTES = 24  # 192 random bits, URL-safe: at least the 128 the feed's secrecy needs
SETTING_KEYS = ("digest", "event-reminder", "event-reminders")
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


class CalendarCommands:
    """`/committee calendar [rotate|off]`, `/committee set digest …`, `/committee set event-reminder …`."""

    def __init__(self, uow: Callable[[], UnitOfWork], context: Context, public_url: str | None = None) -> None:
        self._uow = uow
        self._ctx = context
        self._public_url = public_url.rstrip("/") if public_url else None

    def calendar(self, caller: Caller, what: str) -> Doc:
        """Shows the feed's URL to admins (making one the first time), rotates it, or turns the feed off."""
        what = what.strip().lower() or "show"
        if what not in ("show", "rotate", "off"):
            return say("`/committee calendar` shows the feed's address; `rotate` gives a new one; `off` stops it.")
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            if not self._ctx.is_admin(caller, committee):
                return say("Only a committee admin can see or change the calendar feed's address.")
            settings = uow.events.settings(committee)
            token = None if what == "off" else settings.token if what == "show" and settings.token else new_token()
            if token != settings.token:
                uow.events.save_settings(committee, replace(settings, token=token))
            uow.commit()
        if token is None:
            return say("✓ The calendar feed is off; its old address no longer works.")
        said = "A new address for" if what == "rotate" else "The address of"
        return Doc(
            summary=f"{said} #{committee.name}'s calendar feed",
            sections=(
                Section(
                    lines=(
                        line(f"{said} this committee's calendar (events, meetings, action items' due dates):"),
                        line(self.url(token)),
                        line(
                            "Anyone with it can read the calendar, so share it with care. "
                            "`/committee calendar rotate` replaces it (the old one stops working at once); "
                            "`/committee calendar off` stops the feed."
                        ),
                        *((line("The previous address no longer works."),) if what == "rotate" else ()),
                    )
                ),
            ),
        )

    def url(self, token: str) -> str:
        path = f"/calendar/{token}.ics"
        if self._public_url:
            return f"{self._public_url}{path}"
        return f"https://YOUR-BOT-HOST{path} (served in HTTP mode; set STEERBOT_PUBLIC_URL to show the address here)"

    def set(self, caller: Caller, key: str, value: str) -> Doc:
        """`/committee set digest monday 09:00|off`, `/committee set event-reminder 7d|off`."""
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            if not self._ctx.is_admin(caller, committee):
                return say("Only a committee admin can change its settings. `/committee` shows who they are.")
            settings = uow.events.settings(committee)
            changed = _digest(settings, value) if key == "digest" else _event_reminder(settings, value)
            if isinstance(changed, str):
                return say(changed)
            uow.events.save_settings(committee, changed)
            uow.commit()
        return say("✓ " + describe(changed)[0 if key == "digest" else 1])


def describe(settings: CalendarSettings) -> tuple[str, str]:
    """The digest and event-reminder settings in words."""
    digest = (
        "No weekly digest."
        if settings.digest_day is None
        else f"Weekly digest: {_DAY_NAMES[settings.digest_day]}s at {settings.digest_time:%H:%M}."
    )
    days = settings.event_reminder_days
    reminder = (
        "No event reminders." if days is None else f"Event reminders: {days} day{'s' if days != 1 else ''} before."
    )
    return digest, reminder


_TIME = re.compile(r"(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ampm>am|pm)?", re.IGNORECASE)
_LEAD = re.compile(r"(?P<n>\d{1,3})\s*(?P<unit>d|days?|w|weeks?)", re.IGNORECASE)


def _digest(settings: CalendarSettings, value: str) -> CalendarSettings | str:
    usage = "Set the digest like `/committee set digest monday 09:00`, or `off`."
    words = value.lower().split()
    if words == ["off"]:
        return replace(settings, digest_day=None)
    if not words or words[0].rstrip("s") not in WEEKDAYS:
        return usage
    at = settings.digest_time
    if len(words) > 1:
        found = _TIME.fullmatch("".join(words[1:]))
        hour = int(found.group("h")) if found else 99
        if found and found.group("ampm"):
            hour = hour % 12 + (12 if found.group("ampm").lower() == "pm" else 0)
        minute = int(found.group("m") or 0) if found else 0
        if not found or hour > 23 or minute > 59:
            return f"“{' '.join(words[1:])}” is not a time of day. {usage}"
        at = time(hour, minute)
    return replace(settings, digest_day=WEEKDAYS[words[0].rstrip("s")], digest_time=at)


def _event_reminder(settings: CalendarSettings, value: str) -> CalendarSettings | str:
    if value.strip().lower() in ("off", "none", "never"):
        return replace(settings, event_reminder_days=None)
    found = _LEAD.fullmatch(value.strip())
    if found is None:
        return "Set event reminders like `/committee set event-reminder 7d` (or `2w`), or `off`."
    days = int(found.group("n")) * (7 if found.group("unit").lower().startswith("w") else 1)
    if not 1 <= days <= 365:
        return "Event reminders can go out between 1 and 365 days before an event."
    return replace(settings, event_reminder_days=days)
