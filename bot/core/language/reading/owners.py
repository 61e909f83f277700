"""One owner and lists of owners: mentions, @names, "me", known and unknown names, groups, organisations.

Decisions:

* Groups ("chairs", "the TAC", "the SC", "TSC members", "everyone", "all members", "all new directors", "the
  toolchain team", "infra-team", "students", "the secretary") are owners of kind "group"; a leading "the" is dropped
  from their text.  "the release team" is a group even though "release" is also a verb; without an article a
  lowercase word before the head must be a noun ("board members", not "prompt Council members").  "All"/"Anyone"
  before "to", "will", "can", "please" or a verb ("all send comments") are groups, and so are "those interested".
* "We" as the subject of a plan ("We will document …", "We need to …") is the group "We"; "we will not …" is a
  decision, not an item, and has no owner.
* "Both Sergio and Dan" lists Sergio and Dan; "Gianmarco with Italo and Daniel will …" lists all three (at the start
  of a line only).
* "me", "myself" and "I" are the person typing (kind "me"), unless a speaker prefix says who "I" is: "I", "me"
  after an IRC ``<nick>`` or a speaker prefix are that speaker.
* An affiliation or role in brackets right after an owner ("Kevin (Arm) to review", "Priya (Google) and Jon",
  "Kevin (lead) and Jon to …", "Kevin (with Jon) to …"), or after "from" ("Daniel from Oracle:: will …"), is
  neither part of the name nor of the task.
* A GitHub team mention ("@org/infra-team") is a group; "et al.", "& co", "and others" after an owner are not
  owners.
* "the LF to …", "the Linux Foundation will …": an organisation after "the" at the start is an owner (name, without
  "the").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.language.reading.names import Known, Mode, extend_name, unknown_name
from bot.core.language.reading.values import OwnerRef
from bot.core.language.reading.vocabulary import FUNCTION_WORDS, NOUNS, base_verb, is_capitalised, verb_like


@dataclass(frozen=True)
class OwnerAt:
    """An owner and where it stands in the text."""

    ref: OwnerRef
    start: int
    end: int
    strong: bool  # a mention, @name, me, group or known name (not just a capitalised word)


_GITHUB_TEAM = re.compile(r"@(?P<team>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*[A-Za-z0-9])")
_AT_NAME = re.compile(r"@(?P<name>[^\W_](?:[\w'’.-]*[\w])?)")
_ME = re.compile(r"(?P<me>me|myself|I)(?=['’](?:ll|m)\b|[^\w'’-]|$)", re.IGNORECASE)
_GROUP_HEADS = (
    r"chairs|co-chairs|cochairs|chair|members|member\s+companies|editors|board|committee|tac|tsc|toc|pmc|wg|"
    r"working\s+group|group|team|teams|maintainers|staff|organi[sz]ers|reviewers|volunteers|leads|"
    r"leadership|secretariat|officers|admins|participants|attendees|partners|speakers|authors|"
    r"contributors|sig|sponsors|owners|steering\s+committee|sc|contacts|directors|students|admin|secretary|"
    r"treasurer|community|members-at-large|[\w.]+-team"
)
_HEAD = re.compile(_GROUP_HEADS, re.IGNORECASE)
_GROUP = re.compile(
    rf"(?:(?P<the>the|all(?:\s+the)?|our|both)\s+)?(?:(?P<mod>[\w'’&.-]+(?:\s+[\w'’&.-]+)?)\s+)?"
    rf"(?P<head>{_GROUP_HEADS})(?![\w'’-])"
    r"|(?P<all>everyone|everybody|all\s+of\s+us|(?:those|anyone)\s+interested|(?:all|anyone|anybody)(?=\s*:|\s+to\b|\s+will\b|\s*,?\s+(?:please|should|must|can)\b))"
    r"(?![\w'’-])"
    r"|(?P<we>we)(?=\s+(?:will|shall|should|must|can|to|need\s+to|needs\s+to|have\s+to|are\s+going\s+to|plan\s+to)"
    r"\s+(?!not\b|never\b)|['’]ll\s)",
    re.IGNORECASE,
)


def _at_owner(text: str, pos: int, known: Known) -> OwnerAt | None:
    """A GitHub team ("@org/infra-team"), or an @name ("@kevin"), known or not."""
    m = _GITHUB_TEAM.match(text, pos)
    if m:
        return OwnerAt(OwnerRef("group", m.group("team")), pos, m.end(), True)
    end = known.match(text, pos + 1)
    if end is None:
        m = _AT_NAME.match(text, pos)
        if not m:
            return None
        end = m.end()
    end = extend_name(text, pos + 1, end, known)
    return OwnerAt(OwnerRef("name", text[pos + 1 : end]), pos, end, True)


def _me(text: str, pos: int, mode: Mode, speaker: str | None) -> OwnerAt | None:
    """The typist ("me", "myself", "I"; not a lowercase "i" after the task), or the speaker when one is known."""
    m = _ME.match(text, pos)
    if not m or (m.group() == "i" and mode == "trail"):
        return None
    if speaker is not None:
        return OwnerAt(OwnerRef("name", speaker), pos, m.end(), True)
    return OwnerAt(OwnerRef("me", "me"), pos, m.end(), True)


def _known(text: str, pos: int, known: Known) -> OwnerAt | None:
    end = known.match(text, pos)
    if end is None:
        return None
    end = extend_name(text, pos, end, known)
    return OwnerAt(OwnerRef("name", text[pos:end]), pos, end, True)


_ALL_BEFORE_A_VERB = re.compile(r"(?:all|everyone)(?=\s+(?P<w>[A-Za-z]+)\b)", re.IGNORECASE)


def _group(text: str, pos: int) -> OwnerAt | None:
    """A group: "the chairs", "all members", "everyone", "the release team" (after an article a verb-like word is the
    team's kind), "all" before a verb ("all send comments"); not "Canvass members" (a verb) nor "of the members"
    (a function word)."""
    m = _GROUP.match(text, pos)
    if not m:
        every = _ALL_BEFORE_A_VERB.match(text, pos)
        if every and base_verb(every.group("w")):
            return OwnerAt(OwnerRef("group", every.group()), pos, every.end(), True)
        return None
    mod = m.group("mod")
    article = (m.group("the") or "").casefold() in ("the", "our", "all the")
    if mod and any(_not_a_kind(w, article or bool(m.group("the"))) for w in mod.split()):
        return None
    label = m.group()
    if m.group("the") and m.group("the").casefold() == "the":
        label = label[len(m.group("the")) :].lstrip()
    return OwnerAt(OwnerRef("group", label), pos, m.end(), True)


_GROUP_AGE = frozenset({"new", "old", "former", "current", "other"})


def _not_a_kind(word: str, after_article: bool) -> bool:
    """Whether a word before a group's head cannot say which group it is: a function word ("of the members"), a
    verb ("Canvass members"), or, with no article before it, a lowercase word that is no noun ("prompt Council
    members"); "all new directors", "DT members", "board members", "the release team" are groups."""
    w = word.casefold()
    if w in _GROUP_AGE:
        return False
    if w in FUNCTION_WORDS or (verb_like(word) and not after_article):
        return True
    return not after_article and word[:1].islower() and w not in NOUNS and "-" not in word and not _HEAD.fullmatch(w)


def _unknown(text: str, pos: int, mode: Mode, known: Known) -> OwnerAt | None:
    end = unknown_name(text, pos, mode, known)
    return None if end is None else OwnerAt(OwnerRef("name", text[pos:end]), pos, end, False)


def _organisation(text: str, pos: int, mode: Mode, known: Known) -> OwnerAt | None:
    """An organisation after "the" at the start ("the LF to send the invoice"), named without "the"."""
    if mode != "lead" or text[pos : pos + 4].casefold() != "the ":
        return None
    end = unknown_name(text, pos + 4, mode, known)
    org = text[pos + 4 : end] if end is not None else ""
    if org and (" " in org or (org.isupper() and len(org) > 1)) and not verb_like(org.split()[0]):
        return OwnerAt(OwnerRef("name", org), pos, pos + 4 + len(org), False)
    return None


def one_owner(text: str, pos: int, known: Known, mode: Mode, speaker: str | None) -> OwnerAt | None:
    """The owner that starts at ``pos``, if one does."""
    first = text[pos : pos + 1]
    if first in known.firsts:
        mentioned = known.mention(text, pos)
        if mentioned is not None:
            return OwnerAt(mentioned[0], pos, mentioned[1], True)
    if first == "@":
        return _at_owner(text, pos, known)
    return (
        _me(text, pos, mode, speaker)
        or _known(text, pos, known)
        or _group(text, pos)
        or _unknown(text, pos, mode, known)
        or _organisation(text, pos, mode, known)
    )


_AFFILIATION = re.compile(
    r" (?:[(\[][A-Z][\w&.'’-]*(?: (?:of |&|and )?[A-Z&][\w&.'’-]*){0,3}[)\]](?=[\s,:;/&+]|$)"
    r"|[(\[][^()\[\]]{1,30}[)\]](?=:)"  # "Ryan (chair): …"
    r"|from (?:the )?[A-Z][\w&.'’-]*(?: [A-Z&][\w&.'’-]*){0,2}(?=\s*(?::|,|to\b|will\b|and\b|&))"  # "Dan from Oracle:"
    r"|[(\[][a-z][\w'’-]*(?: [\w'’-]+)?[)\]](?=\s*(?:,|&|\+|/|and\b|to\b|will\b))"  # "Kevin (lead) and Jon to …"
    r"|(?:et al\.?|(?:&|and|\+) (?:co\.?|others|friends))(?=[\s,:]|$))"  # "Jon et al. to …", "Jon & co"
)
_SEP = re.compile(r"\s*(?:,\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*|\s*/\s*|\s*\+\s*|\s+(?=@))", re.IGNORECASE)
_SPACE1 = re.compile(r" ")
_WITH = re.compile(r"\s+with\s+(?=[@A-Z])")  # "Gianmarco with Italo and Daniel will start a draft": all three


_BOTH = re.compile(r"(?:both|all\s+of)\s+(?=[@A-Z])", re.IGNORECASE)


def owner_list(text: str, pos: int, known: Known, mode: Mode, speaker: str | None = None) -> list[OwnerAt]:
    """The owners listed from ``pos``: joined by ",", "and", "&", "/", "+", or spaces before mentions and known
    names; at most 12.  "Both Sergio and Dan" lists Sergio and Dan."""
    out: list[OwnerAt] = []
    both = _BOTH.match(text, pos)
    o = one_owner(text, both.end() if both else pos, known, mode, speaker)
    while o is not None:
        aff = _AFFILIATION.match(text, o.end) if o.ref.kind in ("name", "user") else None
        if aff:  # "Kevin (Arm) to review …": the affiliation is neither the owner's name nor the task
            o = OwnerAt(o.ref, o.start, aff.end(), o.strong)
        out.append(o)
        if len(out) >= 12:
            break
        sep = _SEP.match(text, o.end) or (
            _WITH.match(text, o.end) if mode == "lead" and not plain_word_owner(o) else None
        )
        if (
            (not sep or sep.end() == o.end)
            and o.strong
            and text[o.end : o.end + 1] == " "
            and known.match(text, o.end + 1)
        ):
            sep = _SPACE1.match(text, o.end)
        if not sep or sep.end() == o.end:
            break
        o = one_owner(text, sep.end(), known, mode, speaker)  # the list goes on only if another owner follows
    return out


def dedupe(owners: Iterable[OwnerRef]) -> tuple[OwnerRef, ...]:
    """The owners in order, each once."""
    seen: list[OwnerRef] = []
    for o in owners:
        if o not in seen:
            seen.append(o)
    return tuple(seen)


def only_owners(line: str, known: Known, speaker: str | None) -> list[OwnerAt] | None:
    """The owners when the whole line is nothing but an owner list ("Kevin", "@Kevin Zhao and me")."""
    stripped = line.rstrip(" .!?,;:")
    if len(stripped) > 160:
        return None  # twelve owners at most: a longer line holds more than owners
    owners = owner_list(stripped, 0, known, "lead", speaker)
    if not owners or owners[-1].end != len(stripped):
        return None
    for o in owners:
        if not o.strong and (
            o.ref.text.casefold() in NOUNS or verb_like(o.ref.text.split()[0]) or not is_capitalised(o.ref.text)
        ):
            return None
    return owners


def plain_word_owner(o: OwnerAt) -> bool:
    """An unknown one-word owner that is also a verb or noun ("Mark", "Talk", "Budget")."""
    return not o.strong and " " not in o.ref.text and (o.ref.text.casefold() in NOUNS or verb_like(o.ref.text))
