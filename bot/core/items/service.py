"""Use cases for action items: record, list, complete, reopen, cancel, re-date, reassign, edit, note."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from datetime import date

from bot.core.items import cards
from bot.core.items.grammar import (
    Assign,
    Create,
    Edit,
    Help,
    Invalid,
    ListItems,
    Note,
    Redate,
    SetStatus,
    parse_action_command,
)
from bot.core.items.owners import Question, known_names, resolve
from bot.core.kernel.context import Context
from bot.core.kernel.documents import Button, Channel, Doc, Inline, Section, line, message
from bot.core.kernel.model import Anchors, Caller, Change, Committee, Item, Member, Owner, Status
from bot.core.kernel.ports import AnchorSource, Post, UnitOfWork
from bot.core.kernel.zones import show_date
from bot.core.language import DateError, Due, parse_when, read_action, read_owners
from bot.core.reminders.service import replan

MAX_TASK = 3000  # characters: a longer task would not fit one Slack section
RERUN = "action_rerun"  # button that runs a command again with a choice made (a person, a date, "yes")


def rerun_value(text: str, *, past_ok: bool = False) -> str:
    return json.dumps({"text": text, "past_ok": past_ok})


class ActionService:
    def __init__(self, uow: Callable[[], UnitOfWork], context: Context, anchors: AnchorSource | None = None) -> None:
        self._uow = uow
        self._ctx = context
        self._directory = context.directory
        self._clock = context.clock
        self._anchor_source = anchors  # "before the next meeting", "before FOSDEM"

    # -- entry points ---------------------------------------------------------------------------

    def handle(self, caller: Caller, text: str, *, past_ok: bool = False) -> Doc | None:
        """Runs one `/action` command; returns what only the caller sees (None: nothing to add)."""
        command = parse_action_command(text)
        if isinstance(command, Help):
            return cards.HELP
        if isinstance(command, Invalid):
            return message(command.message, line(command.message))
        if isinstance(command, Create):
            return self.create(caller, command.text, past_ok=past_ok)
        if isinstance(command, ListItems):
            return self.list(caller, command)
        if isinstance(command, SetStatus):
            return self.set_status(caller, command.verb, command.numbers)
        if isinstance(command, Redate):
            return self.redate(caller, command.number, command.when, text, past_ok=past_ok)
        if isinstance(command, Assign):
            return self.assign(caller, command.number, command.owners)
        if isinstance(command, Edit):
            return self.edit(caller, command.number, command.text)
        if isinstance(command, Note):
            return self.note(caller, command.number, command.text)
        return self.show(caller, command.number)

    def complete_by_id(self, caller: Caller, item_id: int) -> Doc | None:
        """The Done button on a card."""
        with self._uow() as uow:
            committee = self._committee(uow, caller)
            item = uow.items.get_by_id(committee, item_id)
            if item is None:
                return _say("That item no longer exists.")
            return self._apply_status(uow, caller, committee, [item.number], "done")

    # -- use cases ----------------------------------------------------------------------------------

    def create(self, caller: Caller, text: str, *, past_ok: bool = False) -> Doc | None:
        with self._uow() as uow:
            committee = self._committee(uow, caller)
            item = self.record(uow, caller, committee, text, past_ok=past_ok)
            if not isinstance(item, Item):
                return item
            uow.commit()
        notes = _creation_notes(item, self._today(self._speaker(caller), committee))
        return message(f"Recorded #{item.number}.", *notes) if notes else None

    def record(
        self, uow: UnitOfWork, caller: Caller, committee: Committee, text: str, *, past_ok: bool = False
    ) -> Item | Doc:
        """Creates an item in the caller's transaction (also `#action` lines in a meeting); a Doc says why not."""
        if len(text) > MAX_TASK:
            return _say(f"That item is {len(text):,} characters long; please keep it under {MAX_TASK:,}.")
        members = self._directory.members(caller.team_id)
        speaker = self._speaker(caller)
        today = self._today(speaker, committee)
        reading = read_action(
            text,
            today=today,
            day_first=committee.day_first,
            names=known_names(members),
            anchors=self._anchors(uow, committee),
        )
        if reading.error:
            return _say(reading.error)
        resolved = resolve(reading.owners, members, speaker or caller.user_id)
        if resolved.questions:
            return _which_person(text, resolved.questions[0])
        if reading.due is not None and (doubt := _date_doubt(text, reading.due, today, past_ok)):
            return doubt
        now = self._clock.now()
        item = uow.items.add(
            committee,
            Item(
                committee_id=committee.id,
                number=0,
                task=reading.task,
                owners=list(resolved.owners),
                created_by=caller.user_id,
                created_at=now,
                due=reading.due.on if reading.due else None,
                due_phrase=reading.due.anchor if reading.due and reading.due.on is None else None,
            ),
        )
        uow.items.record(committee, item, Change(now, caller.user_id, "created", text))
        replan(uow, self._ctx, committee, item, now)
        uow.outbox.add(Post(caller.team_id, cards.card(item, today), channel=caller.channel_id, item_id=item.id))
        by = _owner_of(speaker, caller.user_id)
        channel = Channel(channel_id=caller.channel_id, name=committee.name)
        for owner in item.owners:
            if owner.user_id and owner.user_id != caller.user_id:
                uow.outbox.add(Post(caller.team_id, cards.assigned(item, by, channel), user=owner.user_id))
        return item

    def list(self, caller: Caller, command: ListItems) -> Doc:
        speaker = self._speaker(caller)
        with self._uow() as uow:
            committee = self._committee(uow, caller)
            today = self._today(speaker, committee)
            which, owner_id, title = command.which, None, "Open action items"
            if which == "owner":
                refs = read_owners(command.owner, names=known_names(self._directory.members(caller.team_id)))
                resolved = resolve(refs, self._directory.members(caller.team_id), speaker or caller.user_id)
                if resolved.questions:
                    return _which_person(f"list {command.owner}", resolved.questions[0])
                if not resolved.owners:
                    return _say(f"I don't know who “{command.owner}” is. Try `/action list @someone`.")
                found = resolved.owners[0]
                owner_id = found.user_id or found.name
                title = f"Open action items of {found.name}"
            elif which == "mine":
                owner_id, title = caller.user_id, "Your open action items"
            statuses = {"done": (Status.DONE,), "all": tuple(Status)}.get(which, (Status.OPEN,))
            items = uow.items.find(committee, statuses=statuses, owner=owner_id)
            if which == "overdue":
                items, title = [i for i in items if i.is_overdue(today)], "Overdue action items"
            elif which == "soon":
                items, title = (
                    [i for i in items if i.due and i.due <= date.fromordinal(today.toordinal() + 7)],
                    ("Action items due within 7 days"),
                )
            elif which == "done":
                title = "Done action items"
            elif which == "all":
                title = "All action items"
        return cards.item_list(title, items, today, empty=f"{title}: none.")

    def set_status(self, caller: Caller, verb: str, numbers: Sequence[int]) -> Doc:
        with self._uow() as uow:
            committee = self._committee(uow, caller)
            return self._apply_status(uow, caller, committee, numbers, verb)

    def redate(self, caller: Caller, number: int, when: str, text: str, *, past_ok: bool = False) -> Doc:
        speaker = self._speaker(caller)
        with self._uow() as uow:
            committee = self._committee(uow, caller)
            item, refusal = self._changeable(uow, caller, committee, number)
            if item is None:
                return refusal
            today = self._today(speaker, committee)
            try:
                due = parse_when(
                    when, today=today, day_first=committee.day_first, anchors=self._anchors(uow, committee)
                )
            except DateError as error:
                return _say(str(error))
            if due is None:
                return _say(
                    f"I couldn't read “{when}” as a date. Try `2024-03-01`, `1 March`, `Friday` or `in 2 weeks`."
                )
            if doubt := _date_doubt(text, due, today, past_ok):
                return doubt
            before = cards.due_text(item)
            item.due, item.due_phrase = due.on, (due.anchor if due.on is None else None)
            self.save(uow, caller, committee, item, "re-dated", f"{before} → {cards.due_text(item)}", today)
            uow.commit()
        return _say(f"#{number} is now {cards.due_text(item)}.")

    def assign(self, caller: Caller, number: int, owners_text: str) -> Doc:
        members = self._directory.members(caller.team_id)
        speaker = self._speaker(caller)
        with self._uow() as uow:
            committee = self._committee(uow, caller)
            item, refusal = self._changeable(uow, caller, committee, number)
            if item is None:
                return refusal
            resolved = resolve(read_owners(owners_text, names=known_names(members)), members, speaker or caller.user_id)
            if resolved.questions:
                return _which_person(f"assign {number} {owners_text}", resolved.questions[0])
            if not resolved.owners:
                return _say(f"I couldn't find an owner in “{owners_text}”. Try `/action assign {number} @someone`.")
            previous = {o.user_id for o in item.owners}
            before = ", ".join(o.name for o in item.owners) or "unassigned"
            item.owners = list(resolved.owners)
            today = self._today(speaker, committee)
            self.save(
                uow,
                caller,
                committee,
                item,
                "reassigned",
                f"{before} → {', '.join(o.name for o in item.owners)}",
                today,
            )
            by, channel = _owner_of(speaker, caller.user_id), Channel(channel_id=caller.channel_id, name=committee.name)
            for owner in item.owners:
                if owner.user_id and owner.user_id not in previous and owner.user_id != caller.user_id:
                    uow.outbox.add(Post(caller.team_id, cards.assigned(item, by, channel), user=owner.user_id))
            uow.commit()
        return message(
            f"#{number} reassigned.", line(f"#{number} now belongs to ", *cards.owners_parts(item.owners), ".")
        )

    def edit(self, caller: Caller, number: int, text: str) -> Doc:
        if len(text) > MAX_TASK:
            return _say(f"That text is {len(text):,} characters long; please keep it under {MAX_TASK:,}.")
        speaker = self._speaker(caller)
        with self._uow() as uow:
            committee = self._committee(uow, caller)
            item, refusal = self._changeable(uow, caller, committee, number)
            if item is None:
                return refusal
            before, item.task = item.task, text
            self.save(uow, caller, committee, item, "edited", f"was: {before}", self._today(speaker, committee))
            uow.commit()
        return _say(f"#{number} edited.")

    def note(self, caller: Caller, number: int, text: str) -> Doc:
        if len(text) > MAX_TASK:
            return _say(f"That note is {len(text):,} characters long; please keep it under {MAX_TASK:,}.")
        with self._uow() as uow:
            committee = self._committee(uow, caller)
            item = uow.items.get(committee, number)
            if item is None:
                return _no_item(number)
            uow.items.record(committee, item, Change(self._clock.now(), caller.user_id, "noted", text))
            uow.commit()
        return _say(f"Note added to #{number}.")

    def show(self, caller: Caller, number: int) -> Doc:
        speaker = self._speaker(caller)
        with self._uow() as uow:
            committee = self._committee(uow, caller)
            item = uow.items.get(committee, number)
            if item is None:
                return _no_item(number)
            return cards.history(item, uow.items.history(committee, item), self._today(speaker, committee))

    # -- shared steps ---------------------------------------------------------------------------------

    def _apply_status(
        self, uow: UnitOfWork, caller: Caller, committee: Committee, numbers: Sequence[int], verb: str
    ) -> Doc:
        today = self._today(self._speaker(caller), committee)
        target = {"done": Status.DONE, "cancel": Status.CANCELLED, "reopen": Status.OPEN}[verb]
        said: list[str] = []
        for number in numbers:
            item, refusal = self._changeable(uow, caller, committee, number)
            if item is None:
                said.append(refusal.summary)
                continue
            if item.status is target:
                said.append(f"#{number} is already {target.value}.")
                continue
            item.status = target
            item.closed_at = None if target is Status.OPEN else self._clock.now()
            action = {"done": "completed", "cancel": "cancelled", "reopen": "reopened"}[verb]
            self.save(uow, caller, committee, item, action, "", today)
            said.append(f"#{number} {action}.")
        uow.commit()
        return message(" ".join(said), *(line(s) for s in said))

    def _changeable(
        self, uow: UnitOfWork, caller: Caller, committee: Committee, number: int
    ) -> tuple[Item, Doc] | tuple[None, Doc]:
        item = uow.items.get(committee, number)
        if item is None:
            return None, _no_item(number)
        if not self._may_change(caller, committee, item):
            return None, _say(f"Only the owners of #{number}, its creator or a committee admin can change it.")
        return item, _say("")

    def _may_change(self, caller: Caller, committee: Committee, item: Item) -> bool:
        return (
            item.owned_by(caller.user_id) or item.created_by == caller.user_id or self._ctx.is_admin(caller, committee)
        )

    def save(
        self, uow: UnitOfWork, caller: Caller, committee: Committee, item: Item, action: str, detail: str, today: date
    ) -> None:
        """Writes the change, keeps it in the history, replans reminders, and refreshes the card in the channel."""
        uow.items.save(committee, item)
        uow.items.record(committee, item, Change(self._clock.now(), caller.user_id, action, detail))
        replan(uow, self._ctx, committee, item, self._clock.now())
        if item.message is not None:
            uow.outbox.add(Post(caller.team_id, cards.card(item, today), update=item.message, item_id=item.id))

    def _committee(self, uow: UnitOfWork, caller: Caller) -> Committee:
        return self._ctx.committee(uow, caller)

    def _anchors(self, uow: UnitOfWork, committee: Committee) -> Anchors:
        return self._anchor_source.anchors(uow, committee) if self._anchor_source else Anchors()

    def _speaker(self, caller: Caller) -> Member | None:
        return self._ctx.speaker(caller)

    def _today(self, speaker: Member | None, committee: Committee) -> date:
        return self._ctx.today(speaker, committee)


def _say(text: str) -> Doc:
    return message(text, line(text))


def _no_item(number: int) -> Doc:
    return _say(f"There is no item #{number} in this channel. `/action list all` shows them.")


def _owner_of(member: Member | None, user_id: str) -> Owner:
    return Owner(name=member.label, user_id=member.user_id) if member else Owner(name=user_id, user_id=user_id)


def _which_person(text: str, question: Question) -> Doc:
    """Asks which member a typed name means; each button runs the command again with that person."""
    buttons = []
    for member in question.candidates[:10]:
        chosen = _replace_word(text, question.typed, f"<@{member.user_id}>")
        buttons.append(
            Button(
                label=member.real_name or member.label, action_id=f"{RERUN}_{member.user_id}", value=rerun_value(chosen)
            )
        )
    ask = f"“{question.typed}” could be several people. Which one did you mean?"
    return Doc(summary=ask, sections=(Section(lines=(line(ask),), buttons=tuple(buttons)),))


def _date_doubt(text: str, due: Due, today: date, past_ok: bool) -> Doc | None:
    """A question when the date may not be what was meant: two readings, or a day already past."""
    if due.alternatives and due.on is not None:
        options = [due.on, *due.alternatives][:5]
        ask = f"“{due.phrase}” could mean {' or '.join(show_date(d) for d in options)}. Which one?"
        buttons = tuple(
            Button(
                label=show_date(d),
                action_id=f"{RERUN}_{d.isoformat()}",
                value=rerun_value(_replace_word(text, due.phrase, f"by {d.isoformat()}"), past_ok=past_ok),
            )
            for d in options
        )
        return Doc(summary=ask, sections=(Section(lines=(line(ask),), buttons=buttons),))
    if due.on is not None and due.on < today and not past_ok:
        warn = f"{show_date(due.on)} is in the past. Record it anyway (for minutes entered late)?"
        return Doc(
            summary=warn,
            sections=(
                Section(
                    lines=(line("⚠️ " + warn),),
                    buttons=(
                        Button(
                            label="Record it anyway", action_id=f"{RERUN}_past", value=rerun_value(text, past_ok=True)
                        ),
                    ),
                ),
            ),
        )
    return None


def _replace_word(text: str, old: str, new: str) -> str:
    """Replaces the words `old` where they stand alone (in "Kevin Zhao and Kevin", the second Kevin)."""
    spots = list(re.finditer(rf"(?<![\w@]){re.escape(old)}(?!\w)", text))
    alone = [m for m in spots if not re.match(r"\s+[A-Z]\w", text[m.end() :])]
    spot = alone[0] if alone else (spots[0] if spots else None)
    return text if spot is None else text[: spot.start()] + new + text[spot.end() :]


def _creation_notes(item: Item, today: date) -> list[tuple[Inline, ...]]:
    notes: list[tuple[Inline, ...]] = []
    if item.due is not None and item.due < today:
        notes.append(line(f"⚠️ #{item.number} is due {show_date(item.due)}, which is already past."))
    if not item.owners:
        notes.append(line(f"#{item.number} has no owner yet: `/action assign {item.number} @someone`."))
    for owner in item.owners:
        if owner.external and not owner.group:
            notes.append(line(f"“{owner.name}” is not a member of this workspace; I'll remind you instead."))
    if item.due is None and item.due_phrase:
        notes.append(line(f"#{item.number} is due at the next meeting, and none is scheduled yet."))
    return notes
