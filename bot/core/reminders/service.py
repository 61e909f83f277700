"""Reminders as their owners answer them: the DM's buttons (Done, Snooze 1 day, Snooze 1 week, Change date),
and what happens when Slack says a person cannot be reached."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from bot.core.items.cards import owners_parts
from bot.core.items.service import ActionService
from bot.core.kernel.boundary import Caller, Post, Said, Scope
from bot.core.kernel.context import Context
from bot.core.kernel.documents import Doc, Strong, Text, line, message, say
from bot.core.kernel.model import Change, Committee, Item, MessageRef, Status
from bot.core.kernel.ports import UnitOfWork
from bot.core.kernel.zones import local_today, show_date, show_time
from bot.core.reminders.dm import DONE, SNOOZE_DAY, SNOOZE_WEEK, Target, reminder_doc
from bot.core.reminders.job import KEY
from bot.core.reminders.planning import zone_of
from bot.core.reminders.policy import snooze_end

log = logging.getLogger(__name__)

GONE = {"user_not_found", "account_inactive", "user_disabled", "cannot_dm_bot"}


class ReminderService:
    def __init__(self, uow: Callable[[], UnitOfWork], context: Context, actions: ActionService) -> None:
        self._uow = uow
        self._ctx = context
        self._actions = actions

    # -- the DM's buttons --------------------------------------------------------------------------------

    def press(self, caller: Caller, action_id: str, value: str, dm: MessageRef | None = None) -> Doc:
        """Done or a snooze from a reminder DM; returns the DM as it now reads (and updates `dm` to it)."""
        target = Target.read(value)
        if target is None:
            return say("That button is broken.")
        committee_caller = Caller(caller.team_id, target.channel_id, caller.user_id)
        if not self._may_see(committee_caller, target):
            return say("That reminder is not yours.")  # a forged button shows nothing of anyone's item
        if action_id == DONE:
            answer = self._actions.set_status(committee_caller, "done", [target.number])
            doc = self._current(committee_caller, target, note=answer.summary)
        elif action_id in (SNOOZE_DAY, SNOOZE_WEEK):
            doc = self.snooze(committee_caller, target, 1 if action_id == SNOOZE_DAY else 7)
        else:  # Change date where there is no modal (the console)
            note = f"To change the date, type `/action due {target.number} <date>`."
            return self._current(committee_caller, target, note=note)
        return self._shown(caller.team_id, dm, doc)

    def snooze(self, caller: Caller, target: Target, days: int) -> Doc:
        now = self._ctx.clock.now()
        with self._uow() as uow:
            committee = uow.committees.find(caller.scope)
            item = uow.items.get_by_id(committee, target.item_id) if committee else None
            if committee is None or item is None:
                return say("That item no longer exists.")
            if item.status is not Status.OPEN:
                return self._doc(uow, committee, item, caller.user_id, note=f"#{item.number} is already {item.status}.")
            plan = uow.reminders.get(caller.team_id, target.item_id, caller.user_id)
            if plan is None:
                return self._doc(uow, committee, item, caller.user_id, note="You have no reminders for this item.")
            tz = zone_of(self._ctx, committee, caller.user_id)
            plan.snoozed_until = snooze_end(now, days, tz, uow.reminders.settings(committee))
            plan.next_at = plan.snoozed_until
            uow.reminders.save(plan)
            uow.items.record(committee, item, Change(now, caller.user_id, "snoozed", show_time(plan.snoozed_until, tz)))
            uow.commit()
            note = f"😴 Snoozed: I'll remind you again {show_time(plan.snoozed_until, tz)}."
            return self._doc(uow, committee, item, caller.user_id, note=note)

    def change_date(
        self, caller: Caller, value: str, due: date | None, dm: MessageRef | None = None
    ) -> tuple[str | None, Doc | None]:
        """The Change date modal: a field error, or the DM as it now reads (and `dm` is updated to it)."""
        target = Target.read(value)
        if target is None:
            return "That reminder is broken; use `/action due NUMBER DATE`.", None
        if due is None:
            return "Pick a date.", None
        committee_caller = Caller(caller.team_id, target.channel_id, caller.user_id)
        if not self._may_see(committee_caller, target):
            return "That reminder is not yours.", None
        with self._uow() as uow:
            committee = uow.committees.find(committee_caller.scope)
            if committee is None:
                return "That item no longer exists.", None
            today = local_today(self._ctx.clock.now(), zone_of(self._ctx, committee, caller.user_id))
        if due < today:
            return f"{show_date(due)} is in the past; pick today or a later day.", None
        answer = self._actions.redate(committee_caller, target.number, due.isoformat(), Said(due.isoformat()))
        doc = self._current(committee_caller, target, note=answer.summary)
        with self._uow() as uow:
            committee = uow.committees.find(committee_caller.scope)
            item = uow.items.get_by_id(committee, target.item_id) if committee else None
        if item is None or item.due != due:
            return answer.summary, None
        return None, self._shown(caller.team_id, dm, doc)

    # -- Slack's answers ---------------------------------------------------------------------------------

    def undeliverable(self, team_id: str, key: str, error: str) -> None:
        """A reminder could not reach its person (they left): their plan is flagged, the item's history
        says so, and the creator is told once."""
        parts = key.split(":")
        if len(parts) < 4 or parts[0] != KEY or error not in GONE or not parts[1].isdigit():
            return
        item_id, user_id = int(parts[1]), parts[2]
        now = self._ctx.clock.now()
        with self._uow() as uow:
            plan = uow.reminders.get(team_id, item_id, user_id)
            committee = uow.committees.find(Scope(team_id, plan.channel_id)) if plan else None
            item = uow.items.get_by_id(committee, item_id) if committee else None
            if plan is None or committee is None or item is None:
                return
            plan.problem, plan.next_at = error, None
            uow.reminders.save(plan)
            # the history reads "@Kevin could not be reminded: account_inactive": the item is flagged
            uow.items.record(committee, item, Change(now, user_id, "could not be reminded", error))
            if item.created_by != user_id:
                who = next((o for o in item.owners if o.user_id == user_id), None)
                name = who.name if who else user_id
                text = f"I couldn't remind {name} about #{item.number} ({error}): they may have left the workspace."
                said = line(
                    "⚠️ I couldn't remind ",
                    *(owners_parts([who]) if who else [user_id]),
                    f" about #{item.number} ({error}): they may have left the workspace. Reassign it with ",
                    Strong(text=f"/action assign {item.number} @someone"),
                    ".",
                )
                doc = message(text, said, line(Text(text=item.task)))
                uow.outbox.add(Post(team_id, doc, user=item.created_by, key=f"{KEY}-failed:{item_id}:{user_id}"))
            uow.commit()
        log.warning("reminder of #%s to %s undeliverable (%s); item flagged", item.number, user_id, error)

    # -- helpers -----------------------------------------------------------------------------------------

    def _may_see(self, caller: Caller, target: Target) -> bool:
        """Whether the clicker is reminded of the item, owns it, recorded it or is an admin of its committee."""
        with self._uow() as uow:
            committee = uow.committees.find(caller.scope)
            item = uow.items.get_by_id(committee, target.item_id) if committee else None
            if committee is None or item is None:
                return True  # nothing to show: the answer says the item no longer exists
            reminded = uow.reminders.get(caller.team_id, target.item_id, caller.user_id) is not None
        mine = reminded or item.owned_by(caller.user_id) or item.created_by == caller.user_id
        return mine or self._ctx.is_admin(caller, committee)

    def _shown(self, team_id: str, dm: MessageRef | None, doc: Doc) -> Doc:
        """The DM the button was in now reads `doc` (replaced in place)."""
        if dm is not None:
            with self._uow() as uow:
                uow.outbox.add(Post(team_id, doc, update=dm))
                uow.commit()
        return doc

    def _current(self, caller: Caller, target: Target, *, note: str) -> Doc:
        with self._uow() as uow:
            committee = uow.committees.find(caller.scope)
            item = uow.items.get_by_id(committee, target.item_id) if committee else None
            if committee is None or item is None:
                return say("That item no longer exists.")
            return self._doc(uow, committee, item, caller.user_id, note=note)

    def _doc(self, uow: UnitOfWork, committee: Committee, item: Item, user_id: str, *, note: str) -> Doc:
        if item.due is None:
            return say(note)
        plan = uow.reminders.get(committee.team_id, item.id or 0, user_id)
        today = local_today(self._ctx.clock.now(), zone_of(self._ctx, committee, user_id))
        return reminder_doc(item, committee, today, about=plan.about if plan else "", note=note)
