"""The reminder DM: the item, its due date with weekday and distance, the committee, a link to the card, and
its buttons (Done, Snooze 1 day, Snooze 1 week, Change date), whose value names the item and committee."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from bot.core.items.cards import owners_parts
from bot.core.kernel.documents import Button, Channel, Doc, Inline, Origin, Section, Strong, Text, line
from bot.core.kernel.model import Committee, Item, Status
from bot.core.kernel.zones import show_date
from bot.core.reminders.policy import due_words

PREFIX = "reminder_"  # action ids of the DM's buttons
DONE, SNOOZE_DAY, SNOOZE_WEEK, CHANGE_DATE = (f"{PREFIX}{a}" for a in ("done", "snooze_1d", "snooze_1w", "redate"))


@dataclass(frozen=True)
class Target:
    """What a reminder's button acts on: the item, in which committee's channel."""

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


def reminder_doc(item: Item, committee: Committee, today: date, *, about: str = "", note: str = "") -> Doc:
    """The DM as of `today` in the person's zone; `about` says whom the creator stands in for."""
    assert item.due is not None
    words = due_words(item.due, today)
    lines: list[tuple[Inline, ...]] = [
        line(Text(text=item.task)),
        line(Strong(text="Due: "), f"{show_date(item.due)} ({words})"),
        line(Strong(text="Owner: "), *owners_parts(item.owners)),
        line(Strong(text="Committee: "), Channel(channel_id=committee.channel_id, name=committee.name)),
    ]
    if item.message is not None:
        lines.append(line(Origin(channel=item.message.channel, ts=item.message.ts, label="the original message")))
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
