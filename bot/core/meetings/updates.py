"""Use cases for project updates: `/update <project>: <text>` (project names matched case-insensitively to
earlier ones) and `/update list [<project>]`."""

from __future__ import annotations

from collections.abc import Callable
from typing import assert_never

from bot.core.kernel.boundary import Caller, Post, Said
from bot.core.kernel.context import Context
from bot.core.kernel.documents import Doc, Inline, Mention, Section, Strong, line, say
from bot.core.kernel.grammar import Help, Invalid
from bot.core.kernel.ports import UnitOfWork
from bot.core.kernel.record import Update
from bot.core.kernel.zones import show_date
from bot.core.meetings.documents import LIMIT
from bot.core.meetings.update_grammar import UPDATE_USAGE, ListUpdates, RecordUpdate, parse_update_command

MAX_UPDATE = 3000  # characters: one Slack section


class UpdateService:
    def __init__(self, uow: Callable[[], UnitOfWork], context: Context) -> None:
        self._uow = uow
        self._ctx = context

    def handle(self, caller: Caller, said: Said) -> Doc | None:
        match parse_update_command(said.text):
            case Help():
                return say(UPDATE_USAGE)
            case Invalid(message=why):
                return say(why)
            case ListUpdates(project=project):
                return self.list(caller, project)
            case RecordUpdate(project=project, text=text):
                return self.record(caller, project, text)
            case unreachable:
                assert_never(unreachable)

    def record(self, caller: Caller, project: str, text: str) -> Doc:
        if len(text) > MAX_UPDATE:
            return say(f"That update is {len(text):,} characters long; please keep it under {MAX_UPDATE:,}.")
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            known = {p.casefold(): p for p in uow.updates.projects(committee)}
            project = known.get(project.casefold(), project)  # "dcap" joins the earlier "DCAP"
            update = uow.updates.add(
                committee, Update(project=project, text=text, author=caller.user_id, at=self._ctx.clock.now())
            )
            doc = Doc(
                summary=f"Update on {project}",
                sections=(Section(lines=(line(Strong(text=f"{project}: "), text, " — ", self._who(caller)),)),),
            )
            uow.outbox.add(Post(caller.team_id, doc, channel=caller.channel_id))
            uow.commit()
        return say(f"✓ Recorded an update on {update.project}.")

    def list(self, caller: Caller, project: str) -> Doc:
        speaker = self._ctx.speaker(caller)
        with self._uow() as uow:
            committee = self._ctx.committee(uow, caller)
            found = uow.updates.find(committee, project=project or None)
            tz = self._ctx.zone(speaker, committee)
        title = f"Updates on {project}" if project else "Project updates"
        if not found:
            return say(f"{title}: none yet. {UPDATE_USAGE}")
        shown = found[-LIMIT * 3 :]  # the latest
        names = {m.user_id: m.label for m in self._ctx.directory.members(caller.team_id)}
        groups: dict[str, list[tuple[Inline, ...]]] = {}
        for update in reversed(shown):
            when = show_date(update.at.astimezone(tz).date())
            author = Mention(user_id=update.author, name=names.get(update.author, update.author))
            groups.setdefault(update.project, []).append(line("• ", update.text, f" ({when}, ", author, ")"))
        sections = [Section(heading=f"{title} ({len(found)})")]
        sections += [Section(lines=(line(Strong(text=name)), *lines)) for name, lines in groups.items()]
        if len(found) > len(shown):
            sections.append(Section(lines=(line(f"… and {len(found) - len(shown)} older ones not shown."),)))
        return Doc(summary=f"{title}: {len(found)}", sections=tuple(sections))

    def _who(self, caller: Caller) -> Mention:
        member = self._ctx.speaker(caller)
        return Mention(user_id=caller.user_id, name=member.label if member else caller.user_id)
