"""The grammar of `/action`: text -> one typed command (create, list, done, due, assign ...)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.core.kernel.grammar import NUMBER, Help, Invalid, leading_number

ListFilter = Literal["open", "mine", "overdue", "done", "soon", "all", "owner"]
Verb = Literal["done", "reopen", "cancel"]


@dataclass(frozen=True)
class Create:
    text: str


@dataclass(frozen=True)
class ListItems:
    which: ListFilter = "open"
    owner: str = ""  # the owner as typed, for which == "owner"


@dataclass(frozen=True)
class SetStatus:
    verb: Verb
    numbers: tuple[int, ...]


@dataclass(frozen=True)
class Redate:
    number: int
    when: str


@dataclass(frozen=True)
class Assign:
    number: int
    owners: str


@dataclass(frozen=True)
class Edit:
    number: int
    text: str


@dataclass(frozen=True)
class Note:
    number: int
    text: str


@dataclass(frozen=True)
class Show:
    number: int


ActionCommand = Help | Create | ListItems | SetStatus | Redate | Assign | Edit | Note | Show | Invalid

_LIST_WORDS: dict[str, ListFilter] = {
    "": "open",
    "open": "open",
    "mine": "mine",
    "my": "mine",
    "me": "mine",
    "overdue": "overdue",
    "late": "overdue",
    "done": "done",
    "closed": "done",
    "soon": "soon",
    "due soon": "soon",
    "all": "all",
}
_ONE_ITEM = {"due": "a date", "assign": "owners", "edit": "the new text", "note": "the note"}


def parse_action_command(text: str) -> ActionCommand:
    text = text.strip()
    head, _, rest = text.partition(" ")
    verb = head.lower()
    rest = rest.strip()
    if verb in ("", "help", "?"):
        return Help()
    if verb == "list":
        key = rest.lower()
        if key in _LIST_WORDS:
            return ListItems(_LIST_WORDS[key])
        return ListItems("owner", rest)
    if verb in ("done", "reopen", "cancel"):
        return _status(verb, rest)  # type: ignore[arg-type]
    if verb in ("show", "history"):
        number, _ = leading_number(rest)
        return Show(number) if number is not None else _no_number(verb, rest)
    if verb in _ONE_ITEM:
        number, tail = leading_number(rest)
        if number is None:
            return _no_number(verb, rest)
        if not tail:
            return Invalid(f"Please give {_ONE_ITEM[verb]} after the item number: `/action {verb} {number} …`.")
        if verb == "due":
            return Redate(number, tail)
        if verb == "assign":
            return Assign(number, tail)
        if verb == "edit":
            return Edit(number, tail)
        return Note(number, tail)
    return Create(text)


def _status(verb: Verb, rest: str) -> ActionCommand:
    words = [w for w in re.split(r"[\s,]+", rest) if w and w.lower() != "and"]
    if not words:
        return Invalid(f"Which item? For example `/action {verb} 12`, or several: `/action {verb} 3 5 #8`.")
    numbers: list[int] = []
    for word in words:
        match = NUMBER.fullmatch(word)
        if not match:
            return Invalid(f"“{word}” is not an item number. Item numbers look like `12` or `#12`.")
        numbers.append(int(match.group(1)))
    return SetStatus(verb, tuple(dict.fromkeys(numbers)))


def _no_number(verb: str, rest: str) -> Invalid:
    shown = rest.split(" ")[0] if rest else ""
    if not shown:
        return Invalid(f"Which item? For example `/action {verb} 12 …`.")
    return Invalid(f"“{shown}” is not an item number. Item numbers look like `12` or `#12`.")
