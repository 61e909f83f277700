"""Reminding owners: planning each item's reminders, the scheduler job that queues the DMs, and the
DM's buttons (Done, Snooze 1 day, Snooze 1 week, Change date).

Each DM is an outbox post whose key names the item, the person, the due date and the planned
moment, so it is queued once ever, whichever scheduler (or how many) runs the pass.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.core.items.cards import owners_parts
from bot.core.kernel.context import Context
from bot.core.kernel.documents import Button, Channel, Doc, Inline, Link, Section, Strong, Text, line, message
from bot.core.kernel.model import Caller, Change, Committee, Item, MessageRef, Scope, Status
from bot.core.kernel.ports import Post, UnitOfWork
from bot.core.kernel.zones import local_today, show_date, show_time
from bot.core.reminders.policy import (
    Moment,
    Plan,
    ReminderSettings,
    SettingsError,
    due_words,
    handled_from,
    next_at,
    parse_settings,
    pick,
    schedule,
    snooze_end,
)

if TYPE_CHECKING:
    from bot.core.items.service import ActionService

log = logging.getLogger(__name__)

BATCH = 500  # plans handled per transaction of a pass
RETRY_LATER = timedelta(minutes=15)  # a plan whose handling failed is tried again then
PREFIX = "reminder_"  # action ids of the DM's buttons
DONE, SNOOZE_DAY, SNOOZE_WEEK, CHANGE_DATE = (f"{PREFIX}{a}" for a in ("done", "snooze_1d", "snooze_1w", "redate"))
KEY = "reminder"  # outbox keys: reminder:<item id>:<user>:<due>:<kind>
GONE = {"user_not_found", "account_inactive", "user_disabled", "cannot_dm_bot"}


@dataclass(frozen=True)
class Target:
    """What a reminder's button acts on: the item, in which committee's channel, for whom."""

    item_id: int
    number: int
    channel_id: str

    def value(self) -> str:
        return json.dumps({"item": self.item_id, "number": self.number, "channel": self.channel_id})

    @staticmethod
    def read(value: str) -> Target | None:
        try:
            data = json.loads(value)
            return Target(int(data["item"]), int(data["number"]), str(data["channel"]))
        except (ValueError, KeyError, TypeError):
            return None


def replan(uow: UnitOfWork, ctx: Context, committee: Committee, item: Item, at: datetime) -> None:
    """Plans the item's reminders again after a change at `at`: a new due date or new owners start
    afresh; a plan whose person and due date did not change keeps its state (and its snooze)."""
    assert item.id is not None
    if item.status is not Status.OPEN or item.due is None:
        uow.reminders.replace(committee, item.id, [])
        return
    settings = uow.reminders.settings(committee)
    existing = {p.user_id: p for p in uow.reminders.of_item(committee, item.id)}
    plans = []
    for user_id, about in recipients(ctx, committee, item).items():
        old = existing.get(user_id)
        if old is not None and (old.due == item.due or old.problem):
            plans.append(replace(old, about=about))
            continue
        moments = schedule(item.due, _zone(ctx, committee, user_id), settings)
        handled = handled_from(moments, at)
        plans.append(Plan(item.id, user_id, item.due, handled, next_at(moments, handled), about=about))
    uow.reminders.replace(committee, item.id, plans)


def recipients(ctx: Context, committee: Committee, item: Item) -> dict[str, str]:
    """Who is reminded: each owner in Slack; the creator for owners who are not (and for no owner),
    with who they stand in for."""
    found: dict[str, list[str]] = {}
    for owner in item.owners:
        member = ctx.directory.member(committee.team_id, owner.user_id) if owner.user_id else None
        if owner.user_id and not (member and member.deleted):
            found.setdefault(owner.user_id, [])
        else:
            kind = "group" if owner.group else ("left Slack" if owner.user_id else "not in Slack")
            found.setdefault(item.created_by, []).append(f"{owner.name} ({kind})")
    if not item.owners:
        found.setdefault(item.created_by, []).append("nobody yet: it has no owner")
    return {user_id: ", ".join(about) for user_id, about in found.items()}


def reminder_doc(item: Item, committee: Committee, today: date, *, about: str = "", note: str = "") -> Doc:
    """The DM: the item, its due date with weekday and distance, the committee, the original message."""
    assert item.due is not None
    words = due_words(item.due, today)
    lines: list[tuple[Inline, ...]] = [
        line(Text(text=item.task)),
        line(Strong(text="Due: "), f"{show_date(item.due)} ({words})"),
        line(Strong(text="Owner: "), *owners_parts(item.owners)),
        line(Strong(text="Committee: "), Channel(channel_id=committee.channel_id, name=committee.name)),
    ]
    if item.message is not None:
        lines.append(line(Link(url=permalink(item.message), label="the original message")))
    if about:
        lines.append(line(f"You get this reminder because you recorded the item for {about}."))
    if note:
        lines.append(line(note))
    shown: tuple[Button, ...] = ()
    if item.status is Status.OPEN:
        value = Target(item.id or 0, item.number, committee.channel_id).value()
        shown = (
            Button(label="Done", action_id=DONE, value=value, style="primary"),
            Button(label="Snooze 1 day", action_id=SNOOZE_DAY, value=value),
            Button(label="Snooze 1 week", action_id=SNOOZE_WEEK, value=value),
            Button(label="Change date", action_id=CHANGE_DATE, value=value),
        )
    return Doc(
        summary=f"Reminder: #{item.number} {item.task[:200]} is due {show_date(item.due)} ({words})",
        sections=(Section(heading=f"Reminder: action item #{item.number}", lines=tuple(lines), buttons=shown),),
    )


def permalink(ref: MessageRef) -> str:
    """A link to a channel message; slack.com sends a signed-in member on to their workspace."""
    return f"https://slack.com/archives/{ref.channel}/p{ref.ts.replace('.', '')}"


def set_reminders(uow: UnitOfWork, ctx: Context, committee: Committee, text: str) -> str:
    """`/committee set reminders …`: the answer starts with ✓ when the policy changed. Every plan of
    the committee moves to its next moment under the new policy; what was handled stays handled."""
    try:
        settings = parse_settings(text, uow.reminders.settings(committee))
    except SettingsError as error:
        return str(error)
    uow.reminders.save_settings(committee, settings)
    for plan in uow.reminders.of_committee(committee):
        moments = schedule(plan.due, _zone(ctx, committee, plan.user_id), settings)
        plan.next_at = next_at(moments, plan.handled_until, plan.snoozed_until)
        uow.reminders.save(plan)
    return f"✓ Reminders: {settings.describe()}."


class ReminderService:
    def __init__(self, uow: Callable[[], UnitOfWork], context: Context, actions: ActionService) -> None:
        self._uow = uow
        self._ctx = context
        self._actions = actions

    # -- the scheduler job ------------------------------------------------------------------------------

    def run(self, now: datetime, *, dry_run: bool = False) -> list[str]:
        """Queues every reminder due at `now` (each once ever); a dry run queues nothing and records nothing."""
        said: list[str] = []
        while True:
            with self._uow() as uow:
                plans = uow.reminders.due(now, limit=BATCH)
                try:
                    pass_ = _Pass(uow, self._ctx, now, dry_run)
                    lines: list[str] | None = [text for plan in plans for text in pass_.handle(plan)]
                except Exception:
                    log.exception("a reminder batch failed; its plans are tried one by one")
                    lines = None
                else:
                    if not dry_run:
                        uow.commit()
            said += self._one_by_one(plans, now, dry_run) if lines is None else lines
            if dry_run or len(plans) < BATCH:
                return said

    def _one_by_one(self, plans: list[Plan], now: datetime, dry_run: bool) -> list[str]:
        """Each plan in its own transaction, so that one that fails (a broken item, say) holds up no other;
        it is tried again RETRY_LATER from now."""
        said: list[str] = []
        for plan in plans:
            try:
                with self._uow() as uow:
                    said += _Pass(uow, self._ctx, now, dry_run).handle(plan)
                    if not dry_run:
                        uow.commit()
            except Exception:
                log.exception("reminding %s of item %s failed", plan.user_id, plan.item_id)
                said.append(f"error: reminder of item {plan.item_id} to {plan.user_id} failed (see the log)")
                if not dry_run:
                    with self._uow() as uow:
                        plan.next_at = now + RETRY_LATER
                        uow.reminders.save(plan)
                        uow.commit()
        return said

    # -- the DM's buttons --------------------------------------------------------------------------------

    def press(self, caller: Caller, action_id: str, value: str, dm: MessageRef | None = None) -> Doc:
        """Done or a snooze from a reminder DM; returns the DM as it now reads (and updates `dm` to it)."""
        target = Target.read(value)
        if target is None:
            return _say("That button is broken.")
        committee_caller = Caller(caller.team_id, target.channel_id, caller.user_id)
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
                return _say("That item no longer exists.")
            if item.status is not Status.OPEN:
                return self._doc(uow, committee, item, caller.user_id, note=f"#{item.number} is already {item.status}.")
            plan = uow.reminders.get(caller.team_id, target.item_id, caller.user_id)
            if plan is None:
                return self._doc(uow, committee, item, caller.user_id, note="You have no reminders for this item.")
            tz = _zone(self._ctx, committee, caller.user_id)
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
        with self._uow() as uow:
            committee = uow.committees.find(committee_caller.scope)
            if committee is None:
                return "That item no longer exists.", None
            today = local_today(self._ctx.clock.now(), _zone(self._ctx, committee, caller.user_id))
        if due < today:
            return f"{show_date(due)} is in the past; pick today or a later day.", None
        answer = self._actions.redate(committee_caller, target.number, due.isoformat(), due.isoformat())
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
                return _say("That item no longer exists.")
            return self._doc(uow, committee, item, caller.user_id, note=note)

    def _doc(self, uow: UnitOfWork, committee: Committee, item: Item, user_id: str, *, note: str) -> Doc:
        if item.due is None:
            return _say(note)
        plan = uow.reminders.get(committee.team_id, item.id or 0, user_id)
        today = local_today(self._ctx.clock.now(), _zone(self._ctx, committee, user_id))
        return reminder_doc(item, committee, today, about=plan.about if plan else "", note=note)


class _Pass:
    """One transaction of a scheduler pass: plans whose time came -> keyed DMs, plans moved on."""

    def __init__(self, uow: UnitOfWork, ctx: Context, now: datetime, dry_run: bool) -> None:
        self._uow, self._ctx, self._now, self._dry_run = uow, ctx, now, dry_run
        self._committees: dict[Scope, Committee | None] = {}
        self._settings: dict[int, ReminderSettings] = {}

    def handle(self, plan: Plan) -> list[str]:
        uow, now = self._uow, self._now
        committee = self._committee(Scope(plan.team_id, plan.channel_id))
        item = uow.items.get_by_id(committee, plan.item_id) if committee else None
        if committee is None or item is None or item.status is not Status.OPEN or item.due is None:
            plan.next_at = None  # nothing more to say; a reopened or re-dated item is planned again
            uow.reminders.save(plan)
            return []
        tz = _zone(self._ctx, committee, plan.user_id)
        moments = schedule(item.due, tz, self._policy(committee))
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
        verb = "would send" if self._dry_run else "queued"
        return [
            f"{verb} reminder #{item.number} ({moment.kind}, due {show_date(item.due)}) to {plan.user_id} "
            f"in #{committee.name}, planned {show_time(moment.at, tz)}"
        ]

    def _committee(self, scope: Scope) -> Committee | None:
        if scope not in self._committees:
            self._committees[scope] = self._uow.committees.find(scope)
        return self._committees[scope]

    def _policy(self, committee: Committee) -> ReminderSettings:
        if committee.id not in self._settings:
            self._settings[committee.id] = self._uow.reminders.settings(committee)
        return self._settings[committee.id]


def _key(item: Item, plan: Plan, moment: Moment) -> str:
    assert item.due is not None
    kind = f"snoozed@{moment.at:%Y%m%dT%H%M}" if moment.kind == "snoozed" else moment.kind
    return f"{KEY}:{item.id}:{plan.user_id}:{item.due.isoformat()}:{kind}"


def _zone(ctx: Context, committee: Committee, user_id: str) -> ZoneInfo:
    """The person's own zone (Slack profile), else the committee's; an invalid name is skipped."""
    return ctx.zone(ctx.directory.member(committee.team_id, user_id), committee)


def _say(text: str) -> Doc:
    return message(text, line(text))
