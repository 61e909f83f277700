"""What every service needs to place a request: its committee, the speaker, their zone and today."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from bot.core.kernel.boundary import Caller
from bot.core.kernel.clock import Clock
from bot.core.kernel.model import Committee, Member
from bot.core.kernel.ports import Directory, UnitOfWork
from bot.core.kernel.zones import local_today, pick_zone


class Context:
    def __init__(self, directory: Directory, clock: Clock, default_timezone: str = "UTC") -> None:
        self.directory = directory
        self.clock = clock
        self.default_timezone = default_timezone

    def committee(self, uow: UnitOfWork, caller: Caller) -> Committee:
        """The channel's committee, created with default settings on first use; its first user is an admin."""
        committee = uow.committees.find(caller.scope)
        if committee is None:
            committee = uow.committees.create(
                caller.scope,
                name=caller.channel_name or caller.channel_id,
                timezone=self.default_timezone,
                admin=caller.user_id,
            )
        return committee

    def speaker(self, caller: Caller) -> Member | None:
        return self.directory.member(caller.team_id, caller.user_id)

    def zone(self, speaker: Member | None, committee: Committee, explicit: str | None = None) -> ZoneInfo:
        """Explicit in the command, then the person's profile, the committee's, the configured default."""
        return pick_zone(explicit, speaker.tz if speaker else None, committee.timezone, self.default_timezone)

    def committee_zone(self, committee: Committee) -> ZoneInfo:
        """The zone of what the committee shares (channel posts, agenda, digest, feed): its own, else the default."""
        return self.zone(None, committee)

    def today(self, speaker: Member | None, committee: Committee) -> date:
        return local_today(self.clock.now(), self.zone(speaker, committee))

    def is_admin(self, caller: Caller, committee: Committee) -> bool:
        """Committee admins, and the workspace's admins and owners."""
        if caller.user_id in committee.admins:
            return True
        member = self.directory.member(caller.team_id, caller.user_id)
        return member is not None and member.is_admin
