"""Planning reminders: who is reminded of an item, from when, in whose zone; replanned on every change, and
again for the whole committee when its policy changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.kernel.context import Context
from bot.core.kernel.model import Committee, Item, Status
from bot.core.kernel.ports import UnitOfWork
from bot.core.reminders.policy import Plan, SettingsError, handled_from, next_at, parse_settings, schedule


def replan(uow: UnitOfWork, ctx: Context, committee: Committee, item: Item, at: datetime, *, new: bool = False) -> None:
    """Plans the item's reminders again after a change at `at`: a new due date or new owners start
    afresh; a plan whose person and due date did not change keeps its state (and its snooze). A `new` item (made
    in this transaction) has no plans yet: none are looked for."""
    assert item.id is not None
    if item.status is not Status.OPEN or item.due is None:
        if not new:
            uow.reminders.replace(committee, item.id, [])
        return
    settings = uow.reminders.settings(committee)
    existing = {} if new else {p.user_id: p for p in uow.reminders.of_item(committee, item.id)}
    plans = []
    for user_id, about in recipients(ctx, committee, item).items():
        old = existing.get(user_id)
        if old is not None and (old.due == item.due or old.problem):
            plans.append(replace(old, about=about))
            continue
        moments = schedule(item.due, zone_of(ctx, committee, user_id), settings)
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


def set_reminders(uow: UnitOfWork, ctx: Context, committee: Committee, text: str) -> str:
    """`/committee set reminders …`: the answer starts with ✓ when the policy changed. Every plan of
    the committee moves to its next moment under the new policy; what was handled stays handled."""
    try:
        settings = parse_settings(text, uow.reminders.settings(committee))
    except SettingsError as error:
        return str(error)
    uow.reminders.save_settings(committee, settings)
    for plan in uow.reminders.of_committee(committee):
        moments = schedule(plan.due, zone_of(ctx, committee, plan.user_id), settings)
        plan.next_at = next_at(moments, plan.handled_until, plan.snoozed_until)
        uow.reminders.save(plan)
    return f"✓ Reminders: {settings.describe()}."


def zone_of(ctx: Context, committee: Committee, user_id: str) -> ZoneInfo:
    """The person's own zone (Slack profile), else the committee's; an invalid name is skipped."""
    return ctx.zone(ctx.directory.member(committee.team_id, user_id), committee)
