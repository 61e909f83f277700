"""Use cases for action items: record, list, complete, reopen, cancel, re-date, reassign, edit, note."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any, assert_never

from bot.core.items import cards
from bot.core.items.grammar import (
    Assign,
    Create,
    Edit,
    ListItems,
    Note,
    Redate,
    SetStatus,
    Show,
    parse_action_command,
)
from bot.core.items.owners import known_names, resolve
from bot.core.items.questions import Asked, answer, ask, date_doubt, keeping, several, which_person
from bot.core.kernel.boundary import Caller, Post, Said
from bot.core.kernel.context import Context
from bot.core.kernel.documents import Channel, Doc, Inline, line, message, say
from bot.core.kernel.grammar import Help, Invalid
from bot.core.kernel.model import Anchors, Change, Committee, Item, Member, Owner, Status
from bot.core.kernel.ports import AnchorSource, UnitOfWork
from bot.core.kernel.zones import out_of_reach, show_date
from bot.core.language import DateError, OwnerRef, Reading, parse_when, read_action, read_items, read_owners
from bot.core.reminders.planning import replan

MAX_TASK = 3000  # characters: a longer task would not fit one Slack section
_NO_ANCHORS = Anchors()


class ActionService:
    def __init__(self, uow: Callable[[], UnitOfWork], context: Context, anchors: AnchorSource | None = None) -> None:
        self._uow = uow
        self._ctx = context
        self._directory = context.directory
        self._clock = context.clock
        self._anchor_source = anchors  # "before the next meeting", "before FOSDEM"

    # -- entry points ---------------------------------------------------------------------------

    def handle(self, caller: Caller, said: Said, *, past_ok: bool = False, split: bool | None = None) -> Doc | None:
        """Runs one `/action` command; returns what only the caller sees (None: nothing to add). `split`: see record."""
        match parse_action_command(said.text):
            case Help():
                return cards.HELP
            case Invalid(message=why):
                return say(why)
            case Create():
                return self.create(caller, said, past_ok=past_ok, split=split)
            case ListItems() as command:
                return self.list(caller, command, said)
            case SetStatus(verb=verb, numbers=numbers):
                return self.set_status(caller, verb, numbers)
            case Redate(number=number, when=when):
                return self.redate(caller, number, when, said, past_ok=past_ok)
            case Assign(number=number, owners=owners):
                return self.assign(caller, number, Said(owners, said.people, said.groups))
            case Edit(number=number, text=text):
                return self.edit(caller, number, text)
            case Note(number=number, text=text):
                return self.note(caller, number, text)
            case Show(number=number):
                return self.show(caller, number)
            case unreachable:
                assert_never(unreachable)

    def choose(self, caller: Caller, value: str) -> Doc | None:
        """An answer button of a question: the command runs again with the choice made."""
        chosen = answer(self._uow, caller, value, self._clock.now())
        if chosen is None:
            return say(
                "That question was answered already, has expired or was not yours; please type the command again."
            )
        asked_in, option = chosen
        return self.handle(asked_in, option.said, past_ok=option.past_ok, split=option.split)

    def complete_by_id(self, caller: Caller, item_id: int) -> Doc | None:
        """The Done button on a card."""
        with self._uow() as uow:
            committee = self._committee(uow, caller)
            item = uow.items.get_by_id(committee, item_id)
            if item is None:
                return say("That item no longer exists.")
            return self._apply_status(uow, caller, committee, [item.number], "done")

    # -- use cases ----------------------------------------------------------------------------------

    def create(self, caller: Caller, said: Said, *, past_ok: bool = False, split: bool | None = None) -> Doc | None:
        with self._uow() as uow:
            committee = self._committee(uow, caller)
            made = self.record(uow, caller, committee, said, past_ok=past_ok, split=split)
            if isinstance(made, list):
                uow.commit()
        if isinstance(made, Asked):
            return ask(self._uow, caller, made, self._clock.now())
        if isinstance(made, Doc):
            return made
        today = self._today(self._speaker(caller), committee)
        notes = [note for item in made for note in _creation_notes(item, today)]
        numbers = " and ".join(f"#{item.number}" for item in made)
        return message(f"Recorded {numbers}.", *notes) if notes else None

    def record(
        self,
        uow: UnitOfWork,
        caller: Caller,
        committee: Committee,
        said: Said,
        *,
        past_ok: bool = False,
        split: bool | None = None,
    ) -> list[Item] | Asked | Doc:
        """Creates the line's items in the caller's transaction (also `#action` lines in a meeting); else the question
        to ask first, or a Doc that says why not. A line that holds several items ("Dana to file the bug, Lee to
        review it") is asked about (`split` None), recorded item by item (True), or as one item (False); nothing is
        recorded unless every item can be."""
        text = said.text
        if len(text) > MAX_TASK:
            return say(f"That item is {len(text):,} characters long; please keep it under {MAX_TASK:,}.")
        members = self._directory.members(caller.team_id)
        speaker = self._speaker(caller)
        today = self._today(speaker, committee)
        known: dict[str, Any] = dict(
            today=today,
            day_first=committee.day_first,
            names=known_names(members),
            anchors=self._anchors(uow, committee),
            mentions=said.people,
            groups=said.groups,
        )
        readings = (read_action(text, **known),) if split is False else read_items(text, **known)
        if len(readings) > 1 and split is None:
            return several(said, readings)
        owned = []
        for reading in readings:
            checked = self._checked(caller, said, reading, members, speaker, today, past_ok=past_ok)
            if not isinstance(checked, list):
                return keeping(checked, split) if isinstance(checked, Asked) else checked
            owned.append((reading, checked))
        return [self._add(uow, caller, committee, said, reading, owners, speaker, today) for reading, owners in owned]

    def _checked(
        self,
        caller: Caller,
        said: Said,
        reading: Reading,
        members: Sequence[Member],
        speaker: Member | None,
        today: date,
        *,
        past_ok: bool,
    ) -> list[Owner] | Asked | Doc:
        """The item's owners when it can be recorded as read; else the question to ask, or why not."""
        if reading.error:
            return say(reading.error)
        if reading.due is not None and reading.due.on is not None and (far := out_of_reach(reading.due.on)):
            return say(far)
        if unchecked := self._unchecked(caller, reading.owners):
            return unchecked
        resolved = resolve(reading.owners, members, speaker or caller.user_id, said.people)
        if resolved.questions:
            return which_person(said, resolved.questions[0])
        if reading.due is not None and (doubt := date_doubt(said, reading.due, today, past_ok)):
            return doubt
        return list(resolved.owners)

    def _add(
        self,
        uow: UnitOfWork,
        caller: Caller,
        committee: Committee,
        said: Said,
        reading: Reading,
        owners: list[Owner],
        speaker: Member | None,
        today: date,
    ) -> Item:
        now = self._clock.now()
        item = uow.items.add(
            committee,
            Item(
                committee_id=committee.id,
                number=0,
                task=reading.task,
                owners=owners,
                created_by=caller.user_id,
                created_at=now,
                due=reading.due.on if reading.due else None,
                due_phrase=reading.due.anchor if reading.due and reading.due.on is None else None,
            ),
        )
        uow.items.record(committee, item, Change(now, caller.user_id, "created", said.text))
        replan(uow, self._ctx, committee, item, now, new=True)
        uow.outbox.add(Post(caller.team_id, cards.card(item, today), channel=caller.channel_id, item_id=item.id))
        self._tell_new_owners(uow, caller, committee, item, speaker, already=set())
        return item

    def list(self, caller: Caller, command: ListItems, said: Said) -> Doc:
        speaker = self._speaker(caller)
        with self._uow() as uow:
            committee = self._committee(uow, caller)
            today = self._today(speaker, committee)
            which, owner_id, title = command.which, None, "Open action items"
            if which == "owner":
                found = self._one_owner(caller, Said(command.owner, said.people, said.groups))
                if isinstance(found, Asked):
                    return ask(self._uow, caller, found, self._clock.now())
                if isinstance(found, Doc):
                    return found
                if found is None:
                    return say(f"I don't know who “{command.owner}” is. Try `/action list @someone`.")
                owner_id, title = found.user_id or found.name, f"Open action items of {found.name}"
            elif which == "mine":
                owner_id, title = caller.user_id, "Your open action items"
            statuses = {"done": (Status.DONE,), "all": tuple(Status)}.get(which, (Status.OPEN,))
            items = uow.items.find(committee, statuses=statuses, owner=owner_id)
        if which == "overdue":
            items, title = [i for i in items if i.is_overdue(today)], "Overdue action items"
        elif which == "soon":
            soon = today + timedelta(days=7)
            items, title = [i for i in items if i.due and i.due <= soon], "Action items due within 7 days"
        elif which in ("done", "all"):
            title = {"done": "Done action items", "all": "All action items"}[which]
        return cards.item_list(title, items, today, empty=f"{title}: none.")

    def set_status(self, caller: Caller, verb: str, numbers: Sequence[int]) -> Doc:
        with self._uow() as uow:
            committee = self._committee(uow, caller)
            return self._apply_status(uow, caller, committee, numbers, verb)

    def redate(self, caller: Caller, number: int, when: str, said: Said, *, past_ok: bool = False) -> Doc:
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
                return say(str(error))
            if due is None:
                return say(
                    f"I couldn't read “{when}” as a date. Try `2024-03-01`, `1 March`, `Friday` or `in 2 weeks`."
                )
            if due.on is not None and (far := out_of_reach(due.on)):
                return say(far)
            if doubt := date_doubt(said, due, today, past_ok):
                return ask(self._uow, caller, doubt, self._clock.now())
            before = cards.due_text(item)
            item.due, item.due_phrase = due.on, (due.anchor if due.on is None else None)
            self.save(uow, caller, committee, item, "re-dated", f"{before} → {cards.due_text(item)}", today)
            uow.commit()
        return say(f"#{number} is now {cards.due_text(item)}.")

    def assign(self, caller: Caller, number: int, owners: Said) -> Doc:
        speaker = self._speaker(caller)
        with self._uow() as uow:
            committee = self._committee(uow, caller)
            item, refusal = self._changeable(uow, caller, committee, number)
            if item is None:
                return refusal
            refs = self._owner_refs(caller, owners)
            if unchecked := self._unchecked(caller, refs):
                return unchecked
            resolved = resolve(refs, self._directory.members(caller.team_id), speaker or caller.user_id, owners.people)
            if resolved.questions:
                question = which_person(
                    Said(f"assign {number} {owners.text}", owners.people, owners.groups), resolved.questions[0]
                )
                return ask(self._uow, caller, question, self._clock.now())
            if not resolved.owners:
                return say(f"I couldn't find an owner in “{owners.text}”. Try `/action assign {number} @someone`.")
            previous = {o.user_id for o in item.owners if o.user_id}
            before = ", ".join(o.name for o in item.owners) or "unassigned"
            item.owners = list(resolved.owners)
            detail = f"{before} → {', '.join(o.name for o in item.owners)}"
            self.save(uow, caller, committee, item, "reassigned", detail, self._today(speaker, committee))
            self._tell_new_owners(uow, caller, committee, item, speaker, already=previous)
            uow.commit()
        return message(
            f"#{number} reassigned.", line(f"#{number} now belongs to ", *cards.owners_parts(item.owners), ".")
        )

    def edit(self, caller: Caller, number: int, text: str) -> Doc:
        if len(text) > MAX_TASK:
            return say(f"That text is {len(text):,} characters long; please keep it under {MAX_TASK:,}.")
        speaker = self._speaker(caller)
        with self._uow() as uow:
            committee = self._committee(uow, caller)
            item, refusal = self._changeable(uow, caller, committee, number)
            if item is None:
                return refusal
            before, item.task = item.task, text
            self.save(uow, caller, committee, item, "edited", f"was: {before}", self._today(speaker, committee))
            uow.commit()
        return say(f"#{number} edited.")

    def note(self, caller: Caller, number: int, text: str) -> Doc:
        if len(text) > MAX_TASK:
            return say(f"That note is {len(text):,} characters long; please keep it under {MAX_TASK:,}.")
        with self._uow() as uow:
            committee = self._committee(uow, caller)
            item = uow.items.get(committee, number)
            if item is None:
                return _no_item(number)
            uow.items.record(committee, item, Change(self._clock.now(), caller.user_id, "noted", text))
            uow.commit()
        return say(f"Note added to #{number}.")

    def show(self, caller: Caller, number: int) -> Doc:
        speaker = self._speaker(caller)
        with self._uow() as uow:
            committee = self._committee(uow, caller)
            item = uow.items.get(committee, number)
            if item is None:
                return _no_item(number)
            return cards.history(item, uow.items.history(committee, item), self._today(speaker, committee))

    # -- shared steps ---------------------------------------------------------------------------------

    def save(
        self, uow: UnitOfWork, caller: Caller, committee: Committee, item: Item, action: str, detail: str, today: date
    ) -> None:
        """Writes the change, keeps it in the history, replans reminders, and refreshes the card in the channel."""
        uow.items.save(committee, item)
        uow.items.record(committee, item, Change(self._clock.now(), caller.user_id, action, detail))
        replan(uow, self._ctx, committee, item, self._clock.now())
        if item.message is not None:
            uow.outbox.add(Post(caller.team_id, cards.card(item, today), update=item.message, item_id=item.id))

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
            return None, say(f"Only the owners of #{number}, its creator or a committee admin can change it.")
        return item, say("")

    def _may_change(self, caller: Caller, committee: Committee, item: Item) -> bool:
        return (
            item.owned_by(caller.user_id) or item.created_by == caller.user_id or self._ctx.is_admin(caller, committee)
        )

    def _tell_new_owners(
        self,
        uow: UnitOfWork,
        caller: Caller,
        committee: Committee,
        item: Item,
        speaker: Member | None,
        already: set[str],
    ) -> None:
        """DMs each owner in Slack who was not one before, except the person who made the change."""
        by = _owner_of(speaker, caller.user_id)
        channel = Channel(channel_id=caller.channel_id, name=committee.name)
        for owner in item.owners:
            if owner.user_id and owner.user_id not in already and owner.user_id != caller.user_id:
                uow.outbox.add(Post(caller.team_id, cards.assigned(item, by, channel), user=owner.user_id))

    def _owner_refs(self, caller: Caller, owners: Said) -> tuple[OwnerRef, ...]:
        names = known_names(self._directory.members(caller.team_id))
        return read_owners(owners.text, names=names, mentions=owners.people, groups=owners.groups)

    def _unchecked(self, caller: Caller, refs: Sequence[OwnerRef]) -> Doc | None:
        """Why typed names cannot become owners now: Slack's member list cannot be read and none is cached, so a
        name would be kept as an outsider's by mistake. Mentions and "me" need no list."""
        typed = [r.text for r in refs if r.kind == "name"]
        if not typed or self._directory.known(caller.team_id):
            return None
        return say(
            f"I can't check who “{typed[0]}” is right now: Slack's member list is not answering. Nothing was saved; "
            f"mention them (@{typed[0].lstrip('@')}) or try again in a minute."
        )

    def _one_owner(self, caller: Caller, who: Said) -> Owner | Asked | Doc | None:
        """The one owner a typed name stands for (`/action list Kevin`), a question, why not now, or None."""
        members = self._directory.members(caller.team_id)
        refs = self._owner_refs(caller, who)
        if unchecked := self._unchecked(caller, refs):
            return unchecked
        resolved = resolve(refs, members, self._speaker(caller) or caller.user_id, who.people)
        if resolved.questions:
            return which_person(Said(f"list {who.text}", who.people, who.groups), resolved.questions[0])
        return resolved.owners[0] if resolved.owners else None

    def _committee(self, uow: UnitOfWork, caller: Caller) -> Committee:
        return self._ctx.committee(uow, caller)

    def _anchors(self, uow: UnitOfWork, committee: Committee) -> Anchors:
        return self._anchor_source.anchors(uow, committee) if self._anchor_source else _NO_ANCHORS

    def _speaker(self, caller: Caller) -> Member | None:
        return self._ctx.speaker(caller)

    def _today(self, speaker: Member | None, committee: Committee) -> date:
        return self._ctx.today(speaker, committee)


def _no_item(number: int) -> Doc:
    return say(f"There is no item #{number} in this channel. `/action list all` shows them.")


def _owner_of(member: Member | None, user_id: str) -> Owner:
    return Owner(name=member.label, user_id=member.user_id) if member else Owner(name=user_id, user_id=user_id)


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
