"""Questions asked before an item is recorded: which member a name means, which reading of a date, whether a
date already past is meant, whether a line that holds several items is several. Each answer is the command again
with the choice made; the answers wait on the server and a button carries only the question's key, so a line of
any length can be asked about."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from bot.core.items.owners import Question
from bot.core.kernel.boundary import Caller, Said
from bot.core.kernel.documents import Button, Doc, Section, line
from bot.core.kernel.ports import UnitOfWork
from bot.core.kernel.zones import show_date
from bot.core.language import Due, OwnerRef, Reading

CHOICE = "action_choice"  # action id of every answer button: "action_choice#2" (ids must differ in a message)
KEPT_FOR = timedelta(days=7)  # an older question is no longer answered
MAX_OPTIONS = 10


@dataclass(frozen=True)
class Option:
    """One answer: its button's label, and the command as it runs when chosen."""

    label: str
    said: Said
    past_ok: bool = False
    split: bool | None = None  # a line that holds several items: True records each, False one; None asks


@dataclass(frozen=True)
class Asked:
    """A question and its answers, before it is kept and shown."""

    text: str
    options: tuple[Option, ...] = field(default_factory=tuple)


def which_person(said: Said, question: Question) -> Asked:
    """A typed name fits several members: one answer per member, the name replaced by a mention of them."""
    options = []
    for member in question.candidates[:MAX_OPTIONS]:
        mention = f"@{member.label}"
        text = replace_words(said.text, question.typed, mention)
        options.append(Option(member.real_name or member.label, Said(text, {**said.people, mention: member.user_id})))
    return Asked(f"“{question.typed}” could be several people. Which one did you mean?", tuple(options))


def date_doubt(said: Said, due: Due, today: date, past_ok: bool) -> Asked | None:
    """A question when the date may not be what was meant: two readings, or a day already past."""
    if due.alternatives and due.on is not None:
        days = [due.on, *due.alternatives][:5]
        options = tuple(
            Option(
                show_date(d), Said(replace_words(said.text, due.phrase, f"by {d.isoformat()}"), said.people), past_ok
            )
            for d in days
        )
        return Asked(f"“{due.phrase}” could mean {' or '.join(show_date(d) for d in days)}. Which one?", options)
    if due.on is not None and due.on < today and not past_ok:
        warn = f"⚠️ {show_date(due.on)} is in the past. Record it anyway (for minutes entered late)?"
        return Asked(warn, (Option("Record it anyway", said, past_ok=True),))
    return None


def several(said: Said, readings: Sequence[Reading]) -> Asked:
    """The line holds several items: record each, or the whole line as one?"""
    shown = "; ".join(_reading(r, {uid: name for name, uid in said.people.items()}) for r in readings)
    return Asked(
        f"That line holds {len(readings)} action items: {shown}. Record them as {len(readings)} items, or as one?",
        (Option(f"Record {len(readings)} items", said, split=True), Option("Record as one", said, split=False)),
    )


def keeping(asked: Asked, split: bool | None) -> Asked:
    """A further question about a line already split (or kept whole): each answer keeps that choice."""
    return Asked(asked.text, tuple(replace(o, split=split) for o in asked.options)) if split is not None else asked


def ask(uow: Callable[[], UnitOfWork], caller: Caller, asked: Asked, now: datetime) -> Doc:
    """Keeps the answers for the caller and shows the question with a button for each."""
    payload = {
        "channel": caller.channel_id,
        "channel_name": caller.channel_name,
        "options": [_dump(o) for o in asked.options],
    }
    with uow() as work:
        key = work.choices.keep(caller.team_id, caller.user_id, payload, now)
        work.commit()
    buttons = tuple(
        Button(label=o.label, action_id=f"{CHOICE}#{i}", value=f"{key}:{i}") for i, o in enumerate(asked.options)
    )
    return Doc(summary=asked.text, sections=(Section(lines=(line(asked.text),), buttons=buttons),))


def answer(uow: Callable[[], UnitOfWork], caller: Caller, value: str, now: datetime) -> tuple[Caller, Option] | None:
    """The answer a button stands for, asked of this person lately; None for a forged, stale or foreign one, and for
    a question answered already: a question is answered once (a double click records once)."""
    key, _, index = value.partition(":")
    if not index.isdigit():
        return None
    with uow() as work:
        payload = work.choices.get(caller.team_id, caller.user_id, key, since=now - KEPT_FOR)
        options = (payload or {}).get("options") or []
        if payload is None or int(index) >= len(options):
            return None
        if not work.choices.drop(caller.team_id, caller.user_id, key):
            return None  # the same question answered in another transaction a moment ago
        work.commit()
    asked_in = Caller(caller.team_id, str(payload["channel"]), caller.user_id, str(payload.get("channel_name", "")))
    return asked_in, _load(options[int(index)])


def replace_words(text: str, old: str, new: str) -> str:
    """Replaces the words `old` where they stand alone (in "Kevin Zhao and Kevin", the second Kevin)."""
    spots = list(re.finditer(rf"(?<![\w@]){re.escape(old)}(?!\w)", text))
    alone = [m for m in spots if not re.match(r"\s+[A-Z]\w", text[m.end() :])]
    spot = alone[0] if alone else (spots[0] if spots else None)
    return text if spot is None else text[: spot.start()] + new + text[spot.end() :]


def _dump(option: Option) -> dict[str, Any]:
    said = option.said
    return {
        "label": option.label,
        "text": said.text,
        "people": dict(said.people),
        "groups": sorted(said.groups),
        "past_ok": option.past_ok,
        "split": option.split,
    }


def _load(data: dict[str, Any]) -> Option:
    said = Said(str(data["text"]), dict(data.get("people") or {}), frozenset(data.get("groups") or ()))
    split = data.get("split")
    return Option(str(data.get("label", "")), said, bool(data.get("past_ok")), None if split is None else bool(split))


def _reading(reading: Reading, mentioned: dict[str, str]) -> str:
    """One item as the question shows it: "@dana: file the bug (by Fri 1 Mar 2024)"."""
    owners = ", ".join(_owner(o, mentioned) for o in reading.owners) or "no owner"
    due = f" (by {show_date(reading.due.on)})" if reading.due is not None and reading.due.on is not None else ""
    return f"{owners}: {reading.task}{due}"


def _owner(ref: OwnerRef, mentioned: dict[str, str]) -> str:
    if ref.kind == "me":
        return "you"
    return mentioned.get(ref.text, ref.text) if ref.kind == "user" else ref.text
