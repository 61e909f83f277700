"""A line that holds several items (read_items): where it splits, which parts are items, and whose they are.

Decisions:

* A line splits into sentences (". ", "! ", "? " before a capital, a mention or a bracket; not after "Mr.",
  "e.g.", an initial "D." or inside brackets), and a sentence splits before a clause that names its own owners
  with a link: "Dana to file the bug, Lee to review", "dana to reach out to X and sam to post to Y", "Kevin will
  update the wiki - Jon will book the room", "Context: Andy needs to do more benchmarks".  It splits there only when
  the words before already make an item with owners, or are three words or more with none (so "Kevin and Jon to
  fix CI" stays whole), and not in a list of names after a verb that has someone do something ("getting Alan and
  Sumana to sign the form") or after "with".  "… - we will talk about it" is no item of its own, and neither is
  "X to be Y" (a description).  A clause after ";" is a part of its own only when it names its own owners;
  otherwise it goes on the item before it ("draft the plan; encourage PT to stick to it" is one item), and so does
  a part that only names owners or a date ("…; assigned to Jon", "… . 2005-04-10"); such a part at the start goes
  on the part after it ("In March, Kevin will …").  "After that," / "Then," before a part is not its words.
* Each part is read like a whole line.  A part is an item when it carries an action marker ("ACTION:", "AI:",
  "#action", "TODO:") and names owners or starts with a verb, when it names owners joined by a link ("to", "will",
  "should", "agreed to", …) or followed by a verb, when its task starts with a verb ("Please review the doc", "Also
  add them to the invite"; "See [the benchmark]", "Note that …" are pointers), when it is a subjectless "Need to
  …" / "Will …", a planned passive ("Schedule will be finalized"), a stated deadline ("Target to complete it is
  …") or a run-together table row.  Other parts are context ("It will be an informal session.", "Waiting on LiMo
  at this point.", "If so we can move on.", "ACTIONS: Peter started the process") and are left out; a context part
  that is little but a date gives it to the item right after it in the same sentence ("On Monday (22 October),
  Daniel will upload …").  When a line has a part with an action marker, only marked parts and the parts after them
  count ("Budget: we have a draft; ACTION: Luis to investigate …" is Luis's alone).
* A part with no owner of its own after an owned item in an earlier sentence is that item's owners' ("Emil: send
  the mail. Also add them to the invite." is two items, both Emil's), and so is a part whose subject is "he",
  "she" or "they" ("Hylton will send the notices. He will also compile a list.").  "I" after a speaker prefix
  stays the speaker's in every part.
* When no part is an item, or the line is one part, the line is one item, read whole (exactly read_action).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date
from types import MappingProxyType

from bot.core.kernel.model import Anchors
from bot.core.language.reading.line import Context, known_for, prepare, read_action, read_part, unescape
from bot.core.language.reading.names import Known
from bot.core.language.reading.positions import lead
from bot.core.language.reading.rows import row_cells
from bot.core.language.reading.table import read_table_row, table_row
from bot.core.language.reading.task import CONNECTIVE
from bot.core.language.reading.values import EMPTY_ERROR, OwnerRef, Reading
from bot.core.language.reading.vocabulary import base_verb, verb_like

# ---------------------------------------------------------------------------------------------------------
# Where a line splits

_SENTENCE_END = re.compile(r"(?<=\S)(?P<p>[.!?]|\\\.)[\"”’')\]*_]*\s+(?=(?P<next>[\"“'‘(\[*_]*\s*[A-Z0-9@#])?)|;\s+")
_ABBREVIATION = re.compile(
    r"(?:\b(?:mr|mrs|ms|mx|dr|prof|st|vs|cf|no|inc|ltd|jr|sr|co|dept|approx|fig|ca|al|etc|e\.g|i\.e|resp|ver|"
    r"vol|ed|eds|p|pp|sec|ch|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|mon|tue|tues|wed|thu|thur|thurs|fri|"
    r"sat|sun)|(?<![\w.])[A-Z]|\d)\.$",
    re.IGNORECASE,
)
_CLAUSE_SEP = re.compile(r",\s+(?:and\s+)?|\s+and\s+|\s+[-–—]\s+|\s+&\s+|:\s+")
# "getting Alan Day and Sumana to sign …": after a verb that has someone do something, "X and Y to …" is its object.
_NAMES_AFTER_CAUSATIVE = re.compile(
    r"\b(?:get|gets|getting|ask|asks|asking|tell|telling|invite|inviting|encourage|encouraging|help|helping|want|"
    r"wants|remind|reminding|allow|expect|persuade|let|have|having|with)\s+[^,.;:]*?(?-i:[@A-Z][\w.'’-]*|[A-Z]\.)$",
    re.IGNORECASE,
)
_STRONG_LINK = re.compile(
    r"^\s*,?\s+(?:to|will|shall|should|must|can|could|need\s+to|needs\s+to|has\s+to|have\s+to|is\s+to|are\s+to|"
    r"(?:agreed|agrees|volunteered|volunteers|offered|promised|plans|intends)\s+to|"
    r"(?:is|are)\s+going\s+to|will\s+\w+)\b|^['’]ll\b",
    re.IGNORECASE,
)


def _depth_before(text: str, pos: int) -> int:
    """How many brackets are open at ``pos``."""
    depth = 0
    for ch in text[:pos]:
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
    return depth


def sentences(text: str, known: Known) -> list[tuple[str, str]]:
    """The sentences of ``text``, each with what ended the one before it ("" for the first, "." or ";"); a sentence
    starts with a capital, a digit, a mention or a bracket, or with a lowercase nick that owns it ("thl will …")."""
    out: list[tuple[str, str]] = []
    start, joiner = 0, ""
    for m in _SENTENCE_END.finditer(text):
        end_mark = m.group().strip()[:1]
        if end_mark != ";" and m.group("next") is None and not _owned_clause_at(text, m.end(), known):
            continue
        if end_mark != ";" and _ABBREVIATION.search(text[max(0, m.start() - 8) : m.start() + 1]):
            continue  # "Mr. Phipps", "e.g. this", "D. Goodger", "item 4. Then"
        if _depth_before(text, m.start()):
            continue  # "(what about it? Later.)"
        out.append((text[start : m.start() if end_mark == ";" else m.end("p")], joiner))
        start, joiner = m.end(), ";" if end_mark == ";" else "."
    out.append((text[start:], joiner))
    return [(s.strip(), j) for s, j in out if any(ch.isalnum() for ch in s)]


_LINK_AHEAD = re.compile(
    r"[^,;:()]{0,80}?(?:\s(?:to|will|shall|should|must|can|could|need|needs|has|have|is|are|agreed|agrees|"
    r"volunteered|volunteers|offered|promised|plans|intends)\s|['’]ll\s)",
    re.IGNORECASE,
)  # a link soon after: the cheap test before the owners are read


def _owned_clause_at(text: str, pos: int, known: Known) -> bool:
    """Whether a clause naming its own owners with a link starts at ``pos`` ("Lee to review", "sam will post")."""
    if not _LINK_AHEAD.match(text, pos):
        return False
    found = lead(text[pos:], known, None)
    if found is None or not found.owners or found.passive:
        return False
    link = text[pos + found.owners[-1].end : pos + found.task_start]
    if link.strip() == "to" and text[pos + found.task_start :].startswith("be "):
        return False  # "… and PRs to be in 1.0" describes the PRs
    if [o.ref.text.casefold() for o in found.owners] == ["we"]:
        return False  # "… - we will talk about this next week" says what the meeting will do
    return bool(_STRONG_LINK.match(link))


def clauses(sentence: str, known: Known, ctx: Context, original: str) -> list[str]:
    """A sentence split before each clause that names its own owners with a link, where the words before make an
    owned item or a clause of at least three words of their own; not inside a list of names ("getting Alan Day and
    Sumana Harihareswara to sign …": after "getting", the names are its object)."""
    out, start = [], 0
    for m in _CLAUSE_SEP.finditer(sentence):
        if m.start() <= start or not _owned_clause_at(sentence, m.end(), known):
            continue
        before = sentence[start : m.start()]
        if _NAMES_AFTER_CAUSATIVE.search(before) and not m.group().startswith(":"):
            continue
        left = read_part(before, original, ctx, dated=False)
        words = len(_ACTION_MARKER.sub("", before, count=1).split())
        if (left.owners and left.task and left.error is None) or (not left.owners and words >= 3):
            out.append(before)
            start = m.end()
    out.append(sentence[start:])
    return out


# ---------------------------------------------------------------------------------------------------------
# Which parts are items

_ACTION_MARKER = re.compile(
    r"^[\s\-*•+>\d.)\[\]xX]*(?:\*\*|__|\*)?\[?(?:\#action\b|(?:new\s+|next\s+)?actions?(?:\s+items?|\s+points?)?\b"
    r"|a\.?i\.?\s*[:(\[]|todo\b|to-do\b)",
    re.IGNORECASE,
)
_PRONOUN_SUBJECT = re.compile(r"^(?:he|she|they)\s+", re.IGNORECASE)
_PRONOUN = re.compile(r"^(?:he|she|they)\s+(?=(?:will|to|should|shall|must|is\s+going\s+to|needs?\s+to|'ll)\b)", re.I)
_SUBJECTLESS_PLAN = re.compile(r"^(?:will|need\s+to|needs\s+to)\s+(?!be\b)(?=[a-z])", re.IGNORECASE)
_STATED = re.compile(r"^(?:the\s+)?(?:deadline|target|goal)\s+(?:for|to)\s+", re.IGNORECASE)
_ADVERB = re.compile(r"^(?:please|pls|kindly|also|then|and|just|still|first|finally|next|maybe|to)\s+", re.IGNORECASE)
_PASSIVE_PLAN = re.compile(
    r"^(?!(?:it|this|that|there|which|what|he|she|they|i|we|you)\b)[\w'’.\- ]{1,60}?\s+"
    r"(?:will|should|must|shall|needs?\s+to|has\s+to|have\s+to|is\s+to|are\s+to)\s+be\s+\w+(?:ed|en|wn|ne|t)\b",
    re.IGNORECASE,
)


def _verb_first(task: str) -> bool:
    """Whether ``task`` starts with a verb ("review the doc", "Also add them", "keep poking")."""
    task = _ADVERB.sub("", task.lstrip("\"“'‘*_ "))
    word = re.match(r"[A-Za-z][\w'’-]*", task)
    if not word:
        return False
    w = word.group().casefold()
    if w in _REFERENCES:
        return False  # "See [the benchmark](…)", "Note that …": a pointer, not a thing to do
    return verb_like(w) or base_verb(w) or w.endswith(("ize", "ise"))


_REFERENCES = frozenset({"see", "cf", "note", "fyi", "re"})


@dataclass
class Part:
    """One part of a line: its words, what ended the part before it, its reading, and whether it is an item."""

    text: str
    joiner: str
    reading: Reading
    marked: bool
    item: bool = False


def _is_item(part: Part, known: Known) -> bool:
    """Whether a part is an action item rather than context (see the module docstring)."""
    text = _ACTION_MARKER.sub("", part.text, count=1).lstrip(" :-–—*_")
    r = part.reading
    if part.marked:  # "ACTIONS: Peter started the process, thx." reports; the item is what comes after
        return bool(r.owners) or _verb_first(r.task)
    if _PRONOUN.match(text) or _SUBJECTLESS_PLAN.match(text) or _PASSIVE_PLAN.match(text) or _STATED.match(text):
        return True
    if row_cells(unescape(text)[0], known) is not None:
        return True  # "DO Dec. 18Formulate the question": a row of an action table
    if r.owners:
        found = lead(text, known, r.speaker)
        if found and found.owners and _STRONG_LINK.match(text[found.owners[-1].end : found.task_start]):
            return True
        return _verb_first(r.task)
    return _verb_first(r.task) or _verb_first(text)


_TRANSITION = re.compile(r"^(?:after\s+that|afterwards|then|next|later|meanwhile|once\s+done),\s+(?=\S)", re.IGNORECASE)


def _parts(line: str, original: str, ctx: Context) -> list[Part]:
    """The parts of a line, read, with the speaker of the first carried to the rest."""
    out: list[Part] = []
    speaker: str | None = None
    for sentence, joiner in sentences(line, ctx.known):
        for i, clause in enumerate(clauses(sentence, ctx.known, ctx, original)):
            clause = _TRANSITION.sub("", clause, count=1)  # "After that, the PR will be merged"
            reading = read_part(clause, original, ctx, speaker)
            speaker = speaker or reading.speaker
            out.append(Part(clause, joiner if i == 0 else ",", reading, bool(_ACTION_MARKER.match(clause))))
    return out


def _join_semicolons(parts: list[Part], original: str, ctx: Context) -> list[Part]:
    """A part after ";" with no owners of its own goes on the part before it, and so does a part that only names
    owners or a date ("Check the CLA status; assigned to Jon"); such a part at the start goes on the part after it
    ("In March, Kevin will …")."""
    out: list[Part] = []
    for part in parts:
        r = part.reading
        alone = not r.task and r.error is not None  # only owners or a date: "…; assigned to Jon", "… . 2005-04-10"
        if out and not part.marked and (alone or (part.joiner == ";" and not r.owners)):
            prev = out[-1]
            text = f"{prev.text}; {part.text}" if part.joiner == ";" else f"{prev.text} {part.text}"
            out[-1] = Part(text, prev.joiner, read_part(text, original, ctx, prev.reading.speaker), prev.marked)
        else:
            out.append(part)
    if len(out) > 1 and not out[0].reading.task and out[0].reading.error is not None and not out[0].marked:
        text = f"{out[0].text}, {out[1].text}"
        out[1:2] = [Part(text, "", read_part(text, original, ctx), out[1].marked)]
        del out[0]
    return out


_ALSO = re.compile(r"^(?:also|and|then)\b,?\s+(?=[a-z])", re.IGNORECASE)


def _inherit(parts: list[Part]) -> None:
    """Items with no owners of their own after an owned item in an earlier sentence take its owners ("Also add them
    to the invite": "also" was the link); so do items whose subject is "he", "she" or "they".  A deadline in a part
    that is no item ("On Monday (22 October), Daniel will upload …") goes to the item right after it."""
    owners: tuple[OwnerRef, ...] = ()
    due = None
    for part in parts:
        r = part.reading
        if not part.item:  # its date goes to the item after it in the same sentence, when it is little else
            rest = r.task.split()
            due = r.due if r.error is None and len(rest) <= 2 else None
            continue
        if part.joiner != ",":
            due = None
        if r.due is None and due is not None:
            r = replace(r, due=due)
        due = None
        text = _ACTION_MARKER.sub("", part.text, count=1).lstrip(" :-–—*_")
        if _PRONOUN.match(text):
            r = replace(r, owners=owners or r.owners, task=_strip_connective(_PRONOUN_SUBJECT.sub("", r.task)))
        elif not r.owners and part.joiner == "." and owners:
            r = replace(r, owners=owners, task=_ALSO.sub("", r.task, count=1))
        part.reading = r
        owners = r.owners


def _strip_connective(task: str) -> str:
    return CONNECTIVE.sub("", task, count=1)


def items_of(text: str, ctx: Context) -> tuple[Reading, ...]:
    """The items of one line (may raise on a bug; read_items never does)."""
    line, original = prepare(text)
    if not line:
        return (Reading((), "", None, EMPTY_ERROR),)
    row = table_row(line)
    if row is not None:
        return (read_table_row(row, ctx.today, ctx.day_first, ctx.known, ctx.anchors),)
    parts = _join_semicolons(_parts(line, original, ctx), original, ctx)
    if len(parts) == 1 and parts[0].text == line:
        return (parts[0].reading,)  # one part: the line read whole, as read_action reads it
    if len(parts) <= 1:
        return (read_part(line, original, ctx),)
    marked_from = next((i for i, p in enumerate(parts) if p.marked), 0)
    for i, part in enumerate(parts):
        part.item = i >= marked_from and _is_item(part, ctx.known)
    if not any(p.item for p in parts):
        return (read_part(line, original, ctx),)
    _inherit(parts)
    return tuple(p.reading for p in parts if p.item)


log = logging.getLogger(__name__)
_NO_ANCHORS = Anchors()
_NO_MENTIONS: Mapping[str, str] = MappingProxyType({})


def read_items(
    text: str,
    *,
    today: date,
    day_first: bool = True,
    names: Collection[str] = (),
    anchors: Anchors = _NO_ANCHORS,
    mentions: Mapping[str, str] = _NO_MENTIONS,
    groups: Collection[str] = (),
) -> tuple[Reading, ...]:
    """The items one line holds, one Reading each, in the order they stand; arguments as for read_action.  A line
    that holds one item gives one Reading: read_action's reading of it, unless sentences that are no item were left
    out ("Dana will run the session. It will be an informal session." is "run the session").  Never raises."""
    try:
        return items_of(text, Context(today, day_first, known_for(names, mentions, groups), anchors))
    except Exception:  # never let a strange line take an import or the live capture down
        log.exception("could not read the items of a line")
        return (
            read_action(
                text, today=today, day_first=day_first, names=names, anchors=anchors, mentions=mentions, groups=groups
            ),
        )
