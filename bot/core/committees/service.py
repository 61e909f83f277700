"""A committee's settings and admins: `/committee`, `/committee set …`, `/committee admin add|remove …`; and where
`/committee export …` is answered when the way in cannot send files."""

from __future__ import annotations

from collections.abc import Callable
from typing import assert_never

from bot.core.committees.grammar import (
    CalendarFeed,
    ExportRecord,
    SetAdmin,
    SetSetting,
    ShowSettings,
    parse_committee_command,
)
from bot.core.events.settings import SETTING_KEYS, CalendarCommands, describe
from bot.core.items.owners import known_names, resolve
from bot.core.kernel.boundary import Caller, Said
from bot.core.kernel.context import Context
from bot.core.kernel.documents import Doc, Mention, Section, Strong, line, say
from bot.core.kernel.grammar import Help
from bot.core.kernel.model import Committee
from bot.core.kernel.ports import UnitOfWork
from bot.core.kernel.zones import zone
from bot.core.language import read_owners
from bot.core.meetings.agenda import lead_text, set_agenda_lead
from bot.core.reminders.planning import set_reminders

USAGE = (
    "`/committee` shows this channel's settings. Admins can change them: "
    "`/committee set timezone Europe/London`, `/committee set dates day-first` (or `month-first`), "
    "`/committee admin add @someone`, `/committee admin remove @someone`, "
    "`/committee set digest monday 09:00` (or `off`), `/committee set event-reminder 7d` (or `off`), "
    "`/committee calendar` (the calendar feed's address). "
    "Anyone can have the whole record sent to them as a file: `/committee export md` (or `csv`, `json`, `ics`)."
)
EXPORT_USAGE = (
    "`/committee export md` sends you this committee's whole record as a file: `md` (one Markdown page for a wiki), "
    "`csv` (a zip of spreadsheet tables), `json` (everything, which imports back) or `ics` (the calendar)."
)
NO_FILES_HERE = (
    "Exports come as a file, which I can only send in Slack (`/committee export md`). "
    "From a terminal: `steerbot export` (`steerbot export --help` lists its formats)."
)


class CommitteeService:
    def __init__(self, uow: Callable[[], UnitOfWork], context: Context, calendar: CalendarCommands) -> None:
        self._uow = uow
        self._ctx = context
        self._calendar = calendar  # digest, event-reminder and calendar feed settings

    def handle(self, caller: Caller, said: Said) -> Doc:
        match parse_committee_command(said.text):
            case ShowSettings():
                return self.show(caller)
            case SetSetting(key=key, value=value) if key in SETTING_KEYS:
                return self._calendar.set(caller, key, value)
            case SetSetting(key=key, value=value):
                return self.set(caller, key, value)
            case SetAdmin(add=add, who=who):
                return self.admin(caller, add, Said(who, said.people, said.groups))
            case CalendarFeed(what=what):
                return self._calendar.calendar(caller, what)
            case ExportRecord(format=None):
                return say(EXPORT_USAGE)
            case ExportRecord():  # the Slack edge sends the file itself (bot/slack/listeners/exports.py)
                return say(NO_FILES_HERE)
            case Help():
                return say(USAGE)
            case unreachable:
                assert_never(unreachable)

    def show(self, caller: Caller) -> Doc:
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            digest, event_reminder = describe(uow.events.settings(committee))
            reminders = uow.reminders.settings(committee).describe()
            agenda_lead = lead_text(uow, committee)
            uow.commit()
        admins = sorted(committee.admins)
        admin_parts: list = []
        for i, user_id in enumerate(admins):
            member = self._ctx.directory.member(caller.team_id, user_id)
            admin_parts += [*([", "] if i else []), Mention(user_id=user_id, name=member.label if member else user_id)]
        lines = (
            line(Strong(text="Time zone: "), committee.timezone),
            line(
                Strong(text="Numeric dates: "),
                "day first (1/3 is 1 March)" if committee.day_first else "month first (1/3 is 3 January)",
            ),
            line(Strong(text="Admins: "), *admin_parts),
            line(Strong(text="Reminders: "), reminders, " · `/committee set reminders 3,0 at 09:00 nudges 4`"),
            line(digest, " ", event_reminder),
            line(Strong(text="Agenda: "), f"posted {agenda_lead} ahead of each meeting · `set agenda-lead 2d`"),
            line(USAGE),
        )
        return Doc(
            summary=f"Settings of #{committee.name}",
            sections=(Section(heading=f"Settings of #{committee.name}", lines=lines),),
        )

    def set(self, caller: Caller, key: str, value: str) -> Doc:
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            if not self._ctx.is_admin(caller, committee):
                return say("Only a committee admin can change its settings. `/committee` shows who they are.")
            if key in ("reminders", "reminder"):
                answer = set_reminders(uow, self._ctx, committee, value)
                uow.commit()
                return say(answer)
            if key in ("agenda-lead", "agenda"):
                answer = set_agenda_lead(uow, committee, value)
                uow.commit()
                return say(answer)
            answer = _apply(committee, key, value.strip())
            if answer.startswith("✓"):
                uow.committees.save_settings(committee)
                uow.commit()
        return say(answer)

    def admin(self, caller: Caller, add: bool, who: Said) -> Doc:
        members = self._ctx.directory.members(caller.team_id)
        speaker = self._ctx.speaker(caller)
        refs = read_owners(who.text, names=known_names(members), mentions=who.people, groups=who.groups)
        resolved = resolve(refs, members, speaker or caller.user_id, who.people)
        people = [o for o in resolved.owners if o.user_id]
        if resolved.questions or not people:
            return say(f"I couldn't tell who “{who.text}” is. Mention them: `/committee admin add @someone`.")
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            if not self._ctx.is_admin(caller, committee):
                return say("Only a committee admin can change who the admins are.")
            if not add and len(committee.admins - {p.user_id for p in people}) == 0:
                return say("A committee needs at least one admin; add another before removing the last.")
            for person in people:
                assert person.user_id is not None
                uow.committees.set_admin(committee, person.user_id, add)
            uow.commit()
        names = ", ".join(p.name for p in people)
        return say(f"✓ {names} {'is now' if add else 'is no longer'} a committee admin.")


def _apply(committee: Committee, key: str, value: str) -> str:
    """Changes one setting on the committee; the answer starts with ✓ when it took."""
    if key in ("timezone", "tz", "zone"):
        if zone(value) is None:
            return f"“{value}” is not a time zone I know. Use a name such as Europe/London or America/New_York."
        committee.timezone = value
        return f"✓ Time zone set to {value}."
    if key == "dates":
        if value.lower() not in ("day-first", "month-first"):
            return "Dates can be `day-first` (1/3 is 1 March) or `month-first` (1/3 is 3 January)."
        committee.day_first = value.lower() == "day-first"
        return f"✓ Numeric dates are now read {value.lower()}."
    return f"I don't know the setting “{key}”. {USAGE}"
