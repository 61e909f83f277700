"""A member's App Home: their open items in every committee of the workspace, overdue first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from bot.core.items import cards
from bot.core.kernel.context import Context
from bot.core.kernel.documents import Channel, Doc, Section, line
from bot.core.kernel.ports import UnitOfWork

HOME_LIMIT = 60  # items shown; a Home tab holds at most 100 blocks


class HomeService:
    def __init__(self, uow: Callable[[], UnitOfWork], context: Context) -> None:
        self._uow = uow
        self._ctx = context

    def home(self, team_id: str, user_id: str) -> Doc:
        member = self._ctx.directory.member(team_id, user_id)
        sections: list[Section] = []
        total = shown = 0
        with self._uow() as uow:
            for committee in uow.committees.of_team(team_id):
                today = self._ctx.today(member, committee)
                items = uow.items.find(committee, owner=user_id)
                items.sort(key=lambda i: (not i.is_overdue(today), i.due or date.max, i.number))
                total += len(items)
                lines = [line("• ", *cards.item_line(i, today, with_owners=False)) for i in items]
                if lines and shown < HOME_LIMIT:
                    heading = line(Channel(channel_id=committee.channel_id, name=committee.name))
                    sections.append(Section(lines=(heading, *lines[: HOME_LIMIT - shown])))
                    shown += min(len(lines), HOME_LIMIT - shown)
        title = f"Your open action items ({total})"
        if not total:
            sections.append(Section(lines=(line("Nothing on your plate. Items assigned to you show up here."),)))
        elif shown < total:
            sections.append(Section(lines=(line(f"… and {total - shown} more: `/action list mine` in each channel."),)))
        sections.append(
            Section(lines=(line("In a committee channel: `/action help` for how to record and update items."),))
        )
        return Doc(summary=title, sections=(Section(heading=title), *sections))
