"""The scheduler's reminder job: plans whose time came become DMs, each keyed by the item, the person, the due
date and the planned moment, so it is queued once ever, whichever scheduler (or how many) runs the pass."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.core.kernel.boundary import Post
from bot.core.kernel.context import Context
from bot.core.kernel.jobs import ERROR
from bot.core.kernel.model import Committee, Item, Status
from bot.core.kernel.ports import UnitOfWork
from bot.core.kernel.zones import local_today, show_date, show_time
from bot.core.reminders.dm import reminder_doc
from bot.core.reminders.planning import zone_of
from bot.core.reminders.policy import Moment, Plan, ReminderSettings, handled_from, next_at, pick, schedule

log = logging.getLogger(__name__)

BATCH = 500  # plans handled per transaction of a pass
RETRY_LATER = timedelta(minutes=15)  # a plan whose handling failed is tried again then
KEY = "reminder"  # outbox keys: reminder:<item id>:<user>:<due>:<kind>


class ReminderJob:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def committees(self, uow: UnitOfWork, now: datetime) -> list[Committee]:
        return [c for scope in uow.reminders.waiting(now) if (c := uow.committees.find(scope)) is not None]

    def run_for(self, uow: UnitOfWork, committee: Committee, now: datetime, dry_run: bool) -> list[str]:
        """Queues the committee's reminders due at `now`, each once ever. A plan that fails (a broken item, say)
        is tried again RETRY_LATER from now and holds up no other."""
        said: list[str] = []
        settings = uow.reminders.settings(committee)
        while True:
            plans = uow.reminders.due(now, limit=BATCH, committee=committee)
            for plan in plans:
                try:
                    said += self._remind(uow, committee, settings, plan, now, dry_run)
                except Exception:
                    log.exception("reminding %s of item %s failed", plan.user_id, plan.item_id)
                    said.append(f"{ERROR}reminder of item {plan.item_id} to {plan.user_id} failed (see the log)")
                    plan.next_at = now + RETRY_LATER
                    uow.reminders.save(plan)
            if dry_run or len(plans) < BATCH:
                return said

    def _remind(
        self,
        uow: UnitOfWork,
        committee: Committee,
        settings: ReminderSettings,
        plan: Plan,
        now: datetime,
        dry_run: bool,
    ) -> list[str]:
        """The plan's reminder, if one came since it was last handled; the plan moves on to its next moment."""
        item = uow.items.get_by_id(committee, plan.item_id)
        if item is None or item.status is not Status.OPEN or item.due is None:
            plan.next_at = None  # nothing more to say; a reopened or re-dated item is planned again
            uow.reminders.save(plan)
            return []
        tz = zone_of(self._ctx, committee, plan.user_id)
        moments = schedule(item.due, tz, settings)
        if item.due != plan.due:  # changed outside the services: plan afresh from now
            plan.due, plan.handled_until, plan.snoozed_until = item.due, handled_from(moments, now), None
        moment = pick(moments, plan.handled_until, now, plan.snoozed_until)
        if plan.snoozed_until is not None and plan.snoozed_until <= now:
            plan.snoozed_until = None
        plan.handled_until = max(plan.handled_until, now)
        plan.next_at = next_at(moments, now, plan.snoozed_until)
        uow.reminders.save(plan)
        if moment is None:
            return []
        doc = reminder_doc(item, committee, local_today(now, tz), about=plan.about)
        if not uow.outbox.add(Post(plan.team_id, doc, user=plan.user_id, key=_key(item, plan, moment))):
            return []  # another scheduler queued it already
        verb = "would send" if dry_run else "queued"
        return [
            f"{verb} reminder #{item.number} ({moment.kind}, due {show_date(item.due)}) to {plan.user_id} "
            f"in #{committee.name}, planned {show_time(moment.at, tz)}"
        ]


def _key(item: Item, plan: Plan, moment: Moment) -> str:
    assert item.due is not None
    kind = f"snoozed@{moment.at:%Y%m%dT%H%M}" if moment.kind == "snoozed" else moment.kind
    return f"{KEY}:{item.id}:{plan.user_id}:{item.due.isoformat()}:{kind}"
