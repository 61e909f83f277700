"""Action items as documents: the channel card, the owner's DM, lists, history and help."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.core.kernel.documents import Button, Channel, Doc, Inline, Mention, Section, Strong, Text, line, message
from bot.core.kernel.model import Change, Item, Owner, Status
from bot.core.kernel.zones import show_date

LIST_LIMIT = 100  # items shown in one list; the rest are counted
TASK_IN_LIST = 300  # characters of a task shown in a list line
DONE = "item_done"  # the Done button on a card


def owner_part(owner: Owner) -> Inline:
    if owner.user_id:
        return Mention(user_id=owner.user_id, name=owner.name)
    return Text(text=f"{owner.name} ({'group' if owner.group else 'not in Slack'})")


def owners_parts(owners: Sequence[Owner]) -> list[Inline]:
    if not owners:
        return [Text(text="unassigned")]
    parts: list[Inline] = []
    for i, owner in enumerate(owners):
        if i:
            parts.append(Text(text=" and " if i == len(owners) - 1 else ", "))
        parts.append(owner_part(owner))
    return parts


def due_text(item: Item, today: date | None = None) -> str:
    if item.due is not None:
        late = " — overdue" if today is not None and item.is_overdue(today) else ""
        return f"due {show_date(item.due)}{late}"
    if item.due_phrase:
        return f"due: {item.due_phrase} — none scheduled yet"
    return "no due date"


def _due_value(item: Item, today: date | None = None) -> str:
    """The due text without its leading "due", for a "Due:" field."""
    text = due_text(item, today).removeprefix("due").lstrip(": ")
    return text[:1].upper() + text[1:]


def status_text(item: Item) -> str:
    return {Status.OPEN: "", Status.DONE: " ✅ done", Status.CANCELLED: " ✖ cancelled"}[item.status]


def item_line(item: Item, today: date | None = None, *, with_owners: bool = True) -> tuple[Inline, ...]:
    task = item.task if len(item.task) <= TASK_IN_LIST else item.task[: TASK_IN_LIST - 1] + "…"
    parts: list[Inline] = [Strong(text=f"#{item.number}"), Text(text=" " + task + " · ")]
    if with_owners:
        parts += [*owners_parts(item.owners), Text(text=" · ")]
    parts.append(Text(text=due_text(item, today) + status_text(item)))
    return tuple(parts)


def card(item: Item, today: date | None = None) -> Doc:
    """The item as posted in the channel, with a Done button while it is open."""
    buttons: tuple[Button, ...] = ()
    if item.status is Status.OPEN:
        buttons = (Button(label="Done", action_id=DONE, value=str(item.id), style="primary"),)
    heading = f"Action item #{item.number}{status_text(item)}"
    lines = (
        line(Text(text=item.task)),
        line(Strong(text="Owner: "), *owners_parts(item.owners)),
        line(Strong(text="Due: "), Text(text=_due_value(item, today))),
    )
    return Doc(
        summary=f"#{item.number} {item.task}", sections=(Section(heading=heading, lines=lines, buttons=buttons),)
    )


def assigned(item: Item, by: Owner, channel: Channel) -> Doc:
    return message(
        f"You have a new action item #{item.number}",
        line(owner_part(by), f" assigned you action item #{item.number} in ", channel),
        line(Text(text=item.task)),
        line(Strong(text="Due: "), _due_value(item)),
    )


def item_list(title: str, items: Sequence[Item], today: date, *, empty: str) -> Doc:
    """Items grouped by owner, overdue first in each group, then by due date."""
    if not items:
        return message(empty, line(empty))
    groups: dict[str, tuple[Sequence[Inline], list[Item]]] = {}
    for item in items:
        for owner in item.owners or [Owner(name="Unassigned", group=True)]:
            key = owner.user_id or "~" + owner.name.casefold()
            label: Sequence[Inline] = [owner_part(owner)] if item.owners else [Text(text="Unassigned")]
            groups.setdefault(key, (label, []))[1].append(item)
    sections: list[Section] = []
    shown = 0
    for label, group in sorted(groups.values(), key=lambda g: (not g[1][0].owners, _plain(g[0]).casefold())):
        group.sort(key=lambda i: (not i.is_overdue(today), i.due or date.max, i.number))
        lines = [line(*label)]
        for item in group[: max(LIST_LIMIT - shown, 0)]:
            lines.append(line("• ", *item_line(item, today, with_owners=False)))
            shown += 1
        if len(lines) > 1:
            sections.append(Section(lines=tuple(lines)))
    hidden = len(items) - min(len(items), LIST_LIMIT)
    count = f"{len(items)} item{'s' if len(items) != 1 else ''}"
    heading = Section(heading=f"{title} ({count})")
    tail = (
        (Section(lines=(line("… and more not shown. Narrow the list: `/action list @someone`."),)),) if hidden else ()
    )
    return Doc(summary=f"{title}: {count}", sections=(heading, *sections, *tail))


def history(item: Item, changes: Sequence[Change], today: date) -> Doc:
    lines = [
        line(
            f"{c.at:%Y-%m-%d %H:%M} UTC · ",
            Mention(user_id=c.actor, name=c.actor),
            f" {c.action}",
            *((": " + c.detail,) if c.detail else ()),
        )
        for c in changes
    ]
    return Doc(
        summary=f"#{item.number} {item.task}",
        sections=(
            Section(heading=f"Action item #{item.number}", lines=(item_line(item, today),)),
            Section(heading="History", lines=tuple(lines)),
        ),
    )


def _plain(parts: Sequence[Inline]) -> str:
    return "".join(p.name if isinstance(p, Mention | Channel) else getattr(p, "text", "") for p in parts)


HELP = Doc(
    summary="How to use /action",
    sections=(
        Section(
            heading="Action items",
            lines=(
                line(Strong(text="/action Leonardo check Rust with the toolchain team by 2024-03-01")),
                line(
                    "  records an item for this channel's committee. Owners: @mentions, names, “me”; several with "
                    "“and” or commas. Dates: 2024-03-01, 1/3/2024 (day first), 1 March, Friday, tomorrow, "
                    "in 2 weeks, end of month."
                ),
                line(
                    Strong(text="/action list"),
                    " open items by owner · ",
                    Strong(text="list mine"),
                    " · ",
                    Strong(text="list @someone"),
                    " · ",
                    Strong(text="list overdue"),
                    " · ",
                    Strong(text="list done"),
                ),
                line(
                    Strong(text="/action done 3"),
                    " (or #3, or several: done 3 5 8) · ",
                    Strong(text="reopen 3"),
                    " · ",
                    Strong(text="cancel 3"),
                ),
                line(Strong(text="/action due 3 next Friday"), " · ", Strong(text="/action assign 3 Kevin and me")),
                line(
                    Strong(text="/action edit 3 new text"),
                    " · ",
                    Strong(text="/action note 3 progress so far"),
                    " · ",
                    Strong(text="/action show 3"),
                    " (with its history)",
                ),
                line("Only an item's owners, its creator or a committee admin can change it."),
            ),
        ),
    ),
)
