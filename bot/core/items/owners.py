"""Typed owner names -> owners: workspace members when a name is theirs, named outsiders otherwise."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from bot.core.kernel.model import Member, Owner
from bot.core.language import OwnerRef


@dataclass(frozen=True)
class Question:
    """A typed name that fits several members: the user must choose."""

    typed: str
    candidates: tuple[Member, ...]


@dataclass(frozen=True)
class Resolved:
    owners: tuple[Owner, ...] = ()
    questions: tuple[Question, ...] = field(default_factory=tuple)


def people(members: Iterable[Member]) -> list[Member]:
    """Members who can own items: not bots, not deactivated."""
    return [m for m in members if not m.is_bot and not m.deleted]


def known_names(members: Iterable[Member]) -> tuple[str, ...]:
    """Every name the members answer to; the same tuple for the same members, so the reader's index is reused."""
    return _names_of(tuple(members))


@lru_cache(maxsize=8)
def _names_of(members: tuple[Member, ...]) -> tuple[str, ...]:
    return tuple(name for m in people(members) for name in m.names())


def matches(typed: str, members: Sequence[Member]) -> list[Member]:
    """Members a typed name could mean. A full real or display name picks its member; a handle or a first
    name may fit several people ("Kevin": @kevin, and Kevin Park), and then all of them are returned."""
    key = typed.strip().lstrip("@").casefold()
    if not key:
        return []
    full = [m for m in members if key in (m.display_name.casefold(), m.real_name.casefold())]
    if full and " " in key:
        return full
    return [m for m in members if key in (m.name.casefold(), m.display_name.casefold(), m.first_name.casefold())]


def resolve(
    refs: Sequence[OwnerRef], members: Sequence[Member], actor: Member | str, mentions: Mapping[str, str] = {}
) -> Resolved:
    """Owners for what the reader found; `mentions` (as shown -> user id) names a mentioned person the member list
    does not know (yet)."""
    candidates = people(members)
    by_id = {m.user_id: m for m in members}
    by_id |= {uid: Member(uid, shown.lstrip("@")) for shown, uid in mentions.items() if uid not in by_id}
    owners: list[Owner] = []
    questions: list[Question] = []
    for ref in refs:
        if ref.kind == "me":
            owners.append(_member_owner(actor, by_id))
        elif ref.kind == "user":
            owners.append(_member_owner(ref.text, by_id))
        elif ref.kind == "group":
            owners.append(Owner(name=ref.text, group=True))
        else:
            found = matches(ref.text, candidates)
            if len(found) == 1:
                owners.append(_member_owner(found[0], by_id))
            elif found:
                questions.append(Question(ref.text, tuple(found)))
            else:
                owners.append(Owner(name=ref.text.lstrip("@")))
    unique = tuple({(o.user_id or o.name.casefold()): o for o in owners}.values())
    return Resolved(unique, tuple(questions))


def _member_owner(who: Member | str, by_id: dict[str, Member]) -> Owner:
    member = who if isinstance(who, Member) else by_id.get(who)
    if member is None:
        return Owner(name=str(who), user_id=str(who))
    return Owner(name=member.label, user_id=member.user_id)
