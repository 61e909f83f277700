"""Reading one line: markers, then the deadline, then the owners and the task (read_action); a bare owner list
(read_owners).  read_items (``items``) reads each item of a line with the same parts (read_part).

Decisions:

* A speaker prefix ("Ryan: Carol is drafting the charter") names who spoke.  When the words after the
  colon have their own subject (owners followed by "to", "will", "is", …, or another "Name:"), that subject owns
  the item and the speaker does not; "I" after a speaker prefix is the speaker ("Leonardo: I will ask…" is
  Leonardo's).  When the words after the colon start with "we" (not as a plan's subject), "it", "there", "the", …
  the item is unassigned.  Otherwise the prefix is the owner being addressed ("Kevin: send the slides") or offering
  ("Lee: Happy to take it").  A speaker's role in brackets ("Ryan (chair): …") is part of the prefix; "Reminder:",
  "Done:", "Outcome:" are not speakers.  An opening quote or a list number after the prefix is not the task.
* Names in brackets at the start are owners before a separator ("(Italo) - To update the code") or before words
  that have no subject ("[Dana] Proposal for the API"); before words with a subject of their own they are the
  speaker ("(Nicolas) We should …"), and before "Please …" they address the room (unassigned).  A line wholly in
  brackets is read inside them ("(Dana to respond.)").
* "remind me to …" / "remind Kevin to …" is owned by the one to remind.  "Ask Kevin to …" is not Kevin's:
  the asking is the task, and it is unassigned.
* "I'm going to …" / "I'm drafting …" and "Let me …" are the typist's ("Let me know …" is not an item).
* With no owner, a leading "Will" is the link ("Will check with Jon" is the task "check with Jon"); with owners
  after the task, so are "Need to" / "Will" / "To" ("Need to update the toolchain (Gianmarco)").  "We can …
  (Italo)" is Italo's.
* A date restated in brackets after the deadline goes with it ("by tomorrow (October 3, 2019) EOB"); "Deadline for
  X is <date>" / "Target to X is <date>" is the task X.  Markdown escapes are read as what they escape in dates
  ("2005\\-04\\-10").
* A line holding two items ("Kevin will update the wiki and Jon will book the room by Friday") is read by
  read_action as ONE item, the first owner's, because /action makes one item of a line unless the person chooses
  otherwise: the second clause is never dropped, so the task keeps "update the wiki and Jon will book the room"
  and nothing the minute-taker wrote is lost.  Only the first owners own it; the second clause's subject is words
  of the task, and a deadline anywhere in the line is the item's.  read_items reads the same line as two items.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date
from types import MappingProxyType

from bot.core.kernel.model import Anchors
from bot.core.language.dates import DateError, Due, find_due, parse_when
from bot.core.language.reading.markers import INTERJECTION, STRIKE, sanitize, strip_markers
from bot.core.language.reading.names import Known, index
from bot.core.language.reading.owners import OwnerAt, dedupe, only_owners, owner_list
from bot.core.language.reading.positions import (
    bracketed,
    bracketed_clause,
    later_link,
    lead,
    passive_agents,
    trailing,
    trailing_agent,
)
from bot.core.language.reading.rows import read_row
from bot.core.language.reading.table import read_table_row, table_row
from bot.core.language.reading.task import CONNECTIVE, clean_task, cut
from bot.core.language.reading.values import EMPTY_ERROR, EXAMPLE, NO_TASK_ERROR, OwnerRef, Reading

log = logging.getLogger(__name__)

_NO_ANCHORS = Anchors()
_NO_MENTIONS: Mapping[str, str] = MappingProxyType({})


def prepare(text: str) -> tuple[str, str]:
    """The line as read (control characters out, struck-out text dropped) and as typed.  A line struck out whole
    ("~~Emil: talk to Panos~~", done in the minutes) is read as it stands: its words are the item.  Text in angle
    brackets stays words, even when it looks like HTML: what people typed is kept (an importer reads HTML
    documents as HTML before their lines come here)."""
    line = raw = sanitize(text)
    if "~~" in line:  # struck out in the minutes: not part of the item ("~~by Friday~~ by Monday")
        kept = sanitize(STRIKE.sub(" ", line))
        line = kept if any(ch.isalnum() for ch in kept) else sanitize(line.replace("~~", " "))
    return line, raw


def read_line(text: str, today: date, day_first: bool, known: Known, anchors: Anchors) -> Reading:
    """The reading of one line (may raise on a bug; read_action never does)."""
    line, original = prepare(text)
    if not line:
        return Reading((), "", None, EMPTY_ERROR)
    row = table_row(line)
    if row is not None:
        return read_table_row(row, today, day_first, known, anchors)
    return read_part(line, original, Context(today, day_first, known, anchors))


@dataclass(frozen=True)
class Context:
    """What a line is read against: today, the committee's date order, who can be recognised, the anchors."""

    today: date
    day_first: bool
    known: Known
    anchors: Anchors


def read_part(line: str, original: str, ctx: Context, speaker: str | None = None, dated: bool = True) -> Reading:
    """The reading of a line, or of one item's words in it: markers, then the deadline, then owners and task.
    ``original`` is the line as typed (owners must be words of it); ``speaker`` who spoke, when known before;
    ``dated=False`` leaves the deadline in the task (a quicker look at whose words they are)."""
    known = ctx.known
    line, marked, said_by, after_marker = strip_markers(line, known, speaker)
    speaker = said_by or speaker
    if not line and not marked:
        return Reading((), "", None, EMPTY_ERROR)
    plain, at = unescape(line)
    row = None if marked else read_row(plain, line, at, known, (ctx.today, ctx.day_first, ctx.anchors))
    if row is not None:  # "LR31 Jan provide the budget": a table row whose cells ran together
        owners, task, due, error = row
        if due is None and error is None:
            task, due, error = _deadline(task, ctx)  # "SB Post the artifact to the council 2005-02-07"
        return Reading(dedupe(o.ref for o in owners), clean_task(task), due, error, speaker)
    line, due, error = _deadline(line, ctx) if dated else (line, None, None)
    only = only_owners(line, known, speaker)
    if only is not None and not marked:
        refs = dedupe(o.ref for o in only if o.ref.kind in ("user", "me") or o.ref.text in original)
        return Reading(refs, "", due, error or NO_TASK_ERROR, speaker)
    if marked:
        owners, task, ask = list(marked), CONNECTIVE.sub("", line, count=1), False
    else:
        owners, task, speaker, ask = _owners_and_task(line, known, speaker, True, after_marker)
    task = clean_task(task)
    if ask and task.endswith("?"):
        task = task[:-1].rstrip()
    # Safety net: an owner is always words of the line (never words joined across a cut).
    refs = dedupe(o.ref for o in owners if o.ref.kind in ("user", "me") or o.ref.text in original)
    if not any(ch.isalnum() for ch in task) and error is None:
        error = NO_TASK_ERROR  # nothing, or only punctuation, is left to do
    return Reading(refs, task, due, error, speaker)


def _deadline(line: str, ctx: Context) -> tuple[str, Due | None, str | None]:
    """The line without its deadline phrase, the deadline, and why it cannot be (an impossible date)."""
    masked = ctx.known.mask(line)  # the same length: positions in it are positions in the line
    plain, at = unescape(masked)
    found = find_due(plain, today=ctx.today, day_first=ctx.day_first, anchors=ctx.anchors)
    if found is None:
        return line, None, None
    start, end = at(found.start), at(found.end)
    due = found.due
    end = _restated(line, end, due, ctx)
    if due is not None and (masked is not line or plain is not masked or end != at(found.end)):
        due = replace(due, phrase=line[start:end].strip())
    return _deadline_statement(cut(line, start, end)), due, found.error


_RESTATED = re.compile(r"\s*\((?P<date>[^()]{3,40})\)(?:\s*(?:eob|cob|eod)\b)?", re.IGNORECASE)
_STATEMENT = re.compile(r"^(?:the\s+)?(?:deadline|target|goal)\s+(?:for|to)\s+(?P<what>.+?)\s+is\b", re.IGNORECASE)


def _restated(line: str, end: int, due: Due | None, ctx: Context) -> int:
    """Where the deadline phrase ends, taking in the same date restated in brackets after it ("by tomorrow (October
    3, 2019) EOB", "on Monday (22 October)")."""
    m = _RESTATED.match(line, end)
    if m is None or due is None or due.on is None:
        return end
    try:
        again = parse_when(m.group("date"), today=ctx.today, day_first=ctx.day_first)
    except DateError:
        return end
    return m.end() if again is not None and again.on == due.on else end


def _deadline_statement(task: str) -> str:
    """The task of a stated deadline is what the deadline is for: "Deadline for replying to the poll is <date>",
    "Target to complete the selection is <date>"."""
    m = _STATEMENT.match(task)
    return m.group("what") + task[m.end() :] if m else task


_ESCAPE = re.compile(r"\\(?=[-.\\/()\[\]<>&*_#+!])")


def unescape(text: str) -> tuple[str, Callable[[int], int]]:
    """Markdown's backslash escapes read as what they escape ("2005\\-04\\-10" is 2005-04-10), and how to find a
    position of the result in ``text``."""
    if "\\" not in text:
        return text, lambda i: i
    keep = [i for i in range(len(text)) if not _ESCAPE.match(text, i)]
    keep.append(len(text))
    return "".join(text[i] for i in keep[:-1]), lambda i: keep[i]


_Read = tuple[list[OwnerAt], str, str | None, bool]  # owners, task, speaker, whether the line asks ("can you …?")

_LET_ME = re.compile(r"^let\s+(?P<me>me)\s+(?!know\b)(?=[a-z])", re.IGNORECASE)
_REMIND = re.compile(r"^(?:please\s+)?remind\s+(?=\S)", re.IGNORECASE)
_TO_VERB = re.compile(r"\s+to\s+(?=[a-z])")
_SUBJECTLESS_START = re.compile(
    r"^(?:we|we'll|we’ll|it|it's|there|this|that|these|those|they|the|our|as|any|although|afaict|afaik|imo|"
    r"if|so|yes|no|also|he|she|you|one|maybe|perhaps|i\s+think|i\s+agree|agreed|not|nothing|all\s+good|"
    r"i['’]d|i['’]m|i['’]ve|i\s+would|i\s+wonder|i\s+guess|i\s+believe|i\s+feel|i\s+like|i\s+was|i\s+am)\b",
    re.IGNORECASE,
)


def _let_me_or_remind(line: str, known: Known, speaker: str | None) -> _Read | None:
    """The typist owns "Let me update the wiki"; the one to remind owns "remind me to renew the domain"."""
    m = _LET_ME.match(line)
    if m:
        me = owner_list(line, m.start("me"), known, "lead", speaker)
        if me:
            return me[:1], line[m.end() :], speaker, False
    m = _REMIND.match(line)
    if m:
        listed = owner_list(line, m.end(), known, "lead", speaker)
        after = _TO_VERB.match(line, listed[-1].end) if listed else None
        if listed and after:
            return listed, line[after.end() :], speaker, False
    return None


_AFTER_PREFIX = re.compile(
    INTERJECTION.pattern + r"|^[\"“‘]\s*|^(?:\d{1,3}[.)]|[-*•])\s+(?=\S)", re.IGNORECASE
)  # what may stand between a speaker prefix and the words: "ok,", an opening quote, a list number
_SELF_OFFER = re.compile(r"^(?:happy|glad|willing|keen|ready|able|pleased)\s+to\s+(?=[a-z])", re.IGNORECASE)


def _speaker_prefix(rest: str, said_by: str, known: Known) -> _Read | None:
    """A name and a colon are a speaker prefix when the rest has its own subject, or starts like a statement
    ("Ryan: Carol is drafting …", "Ryan: we will …", "ryan: Carol: send the slides"); the reading of the rest, or
    None."""
    inner = lead(rest, known, said_by)
    own_subject = inner is not None and bool(inner.owners)
    if own_subject or (inner is not None and inner.passive) or _SUBJECTLESS_START.match(rest):
        owners, task, _, ask = _owners_and_task(rest, known, said_by, False)
        return owners, task, said_by, ask
    return None


def _owners_and_task(
    line: str, known: Known, speaker: str | None, allow_prefix: bool, after_marker: bool = False
) -> _Read:
    """Owners and task of a line without markers or deadline: (owners, task, speaker, asked)."""
    asked = _let_me_or_remind(line, known, speaker) or _bracket_lead(line, known, speaker)
    if asked is not None:
        return asked
    leading = lead(line, known, speaker, after_marker)
    if leading is not None and leading.owners:
        rest = line[leading.task_start :]
        is_colon = line[leading.owners[-1].end : leading.task_start].strip().startswith(":")
        if allow_prefix and is_colon and len(leading.owners) == 1 and leading.owners[0].ref.kind != "me":
            rest = _AFTER_PREFIX.sub("", rest, count=1)  # "Ryan: ok, I will …", "Ryan: "We have …", "Ryan: 1. …"
            prefixed = _speaker_prefix(rest, leading.owners[0].ref.text, known)
            if prefixed is not None:
                return prefixed
            offer = _SELF_OFFER.match(rest)  # "Lee: Happy to take it": the speaker offers
            if offer:
                return leading.owners, rest[offer.end() :], speaker, False
        if [o.ref.text.casefold() for o in leading.owners] == ["we"]:
            named = trailing(rest, known)  # "We can move it to the appendix (Italo)": Italo's
            if named:
                return named[0], _NEED.sub("", rest[: named[1]], count=1), speaker, False
        return leading.owners, rest, speaker, leading.ask
    if leading is not None and leading.passive:
        agents = passive_agents(line, known)
        if agents:
            return agents[0], cut(line, agents[1], agents[2]), speaker, False
        return [], line, speaker, False
    return _owners_elsewhere(line, known, speaker)


_NEED = re.compile(r"^(?:need|needs|will|to)\s+(?:to\s+)?(?!be\b)(?=[a-z])", re.IGNORECASE)
_WILL = re.compile(r"^will\s+(?!be\b)(?=[a-z])", re.IGNORECASE)


def _owners_elsewhere(line: str, known: Known, speaker: str | None) -> _Read:
    """Owners that do not lead the line: after the task, in brackets, the agent of a passive, or the subject of a
    later "and will …"; with none, the line is unassigned ("Will check with Jon" is its task "check with Jon")."""
    trail = trailing(line, known)
    if trail:  # "Need to update the toolchain (Gianmarco)": "Need to" was the link
        return trail[0], _NEED.sub("", line[: trail[1]], count=1), speaker, False
    bracket = bracketed(line, known) or bracketed_clause(line, known)
    if bracket:
        return bracket[0], _NEED.sub("", cut(line, bracket[1], bracket[2]), count=1), speaker, False
    agent = trailing_agent(line, known)
    if agent:
        return agent[0], cut(line, agent[1], agent[2]), speaker, False
    later = later_link(line, known, speaker)
    if later:
        return later[0], line[later[1] :], speaker, False
    return [], _WILL.sub("", line, count=1), speaker, False


_BRACKET_LEAD = re.compile(r"^\\?[(\[](?P<who>[^()\[\]\\]{1,60})\\?[)\]]\s*(?P<sep>(?:[-–—:]+|\s)\s*)(?=\S)")
_ROOM = re.compile(r"^(?:please|pls|everyone|all)\b", re.IGNORECASE)


def _bracket_lead(line: str, known: Known, speaker: str | None) -> _Read | None:
    """Owners in brackets at the start: "(Italo) - To update the code" and "[Dana] Proposal for the API" are theirs;
    before words with a subject of their own the bracket is the speaker ("(Nicolas) We should …"), and before
    "Please …" it addresses the room (unassigned).  A line wholly in brackets is read inside them."""
    if line[:1] == "(" and line[-1:] == ")" and line.count("(") == 1 and line.count(")") == 1:
        return _owners_and_task(line[1:-1].strip().rstrip("."), known, speaker, True)
    m = _BRACKET_LEAD.match(line)
    listed = owner_list(m.group("who"), 0, known, "bare", speaker) if m else []
    if not m or not listed or listed[-1].end != len(m.group("who")):
        return None
    shift = m.start("who")
    owners = [OwnerAt(o.ref, o.start + shift, o.end + shift, o.strong) for o in listed]
    rest = line[m.end() :]
    if m.group("sep").strip():
        return owners, CONNECTIVE.sub("", rest, count=1), speaker, False
    if len(owners) == 1:
        prefixed = _speaker_prefix(rest, owners[0].ref.text, known)
        if prefixed is not None:
            return prefixed
    if _ROOM.match(rest):
        return [], rest, owners[0].ref.text, False
    return owners, rest, speaker, False


def known_for(names: Collection[str], mentions: Mapping[str, str], groups: Collection[str]) -> Known:
    """Who read_line can recognise: the names, and the mentions spaced as sanitize spaces the line."""
    if mentions or groups:
        mentions = {sanitize(shown): user for shown, user in mentions.items()}
        groups = [sanitize(shown) for shown in groups]
    return Known(index(names), mentions, groups)


def read_action(
    text: str,
    *,
    today: date,
    day_first: bool = True,
    names: Collection[str] = (),
    anchors: Anchors = _NO_ANCHORS,
    mentions: Mapping[str, str] = _NO_MENTIONS,
    groups: Collection[str] = (),
) -> Reading:
    """`names`: the workspace members' known names (real names, display names, first names, aliases), used to
    tell where multi-word owner names end and to spot owners after the task.  `mentions`: the people the text
    mentions, as they stand in it ("@Kevin Zhao") -> their user ids; `groups`: the group mentions as they stand
    ("@steering-team", "@channel").  Never raises."""
    try:
        return read_line(text, today, day_first, known_for(names, mentions, groups), anchors)
    except Exception:  # never let a strange line take the command down
        log.exception("could not read action line")
        return Reading(
            (),
            sanitize(text) if isinstance(text, str) else "",
            None,
            "Sorry, I could not read that line. Try `" + EXAMPLE + "`.",
        )


_OWNER_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\+|/)\s*|\s+(?=[<@])", re.IGNORECASE)


def read_owners(
    text: str, *, names: Collection[str] = (), mentions: Mapping[str, str] = _NO_MENTIONS, groups: Collection[str] = ()
) -> tuple[OwnerRef, ...]:
    """A bare owner list, as in `/action assign 3 Leonardo and @Kevin Zhao` or `/action list @kevin`; `names`,
    `mentions` and `groups` as for read_action."""
    try:
        line = sanitize(text)
        idx = known_for(names, mentions, groups)
        refs: list[OwnerRef] = []
        pos = 0
        while pos < len(line):
            sep = _OWNER_SPLIT.match(line, pos)
            if sep and sep.end() > pos:
                pos = sep.end()
                continue
            if line[pos] == " ":
                pos += 1
                continue
            listed = owner_list(line, pos, idx, "bare")
            nxt = _OWNER_SPLIT.search(line, pos)
            stop = nxt.start() if nxt else len(line)
            if listed and listed[-1].end >= stop:
                refs.extend(o.ref for o in listed)
                pos = listed[-1].end
                continue
            # words we do not know up to the next separator: one external name, kept whole
            chunk = line[pos:stop].strip(" .!?\"'")
            if chunk and any(ch.isalpha() for ch in chunk):
                refs.append(OwnerRef("name", chunk.lstrip("@")))
            pos = max(stop, pos + 1)
        return dedupe(refs)
    except Exception:  # pragma: no cover - defensive, mirrors read_action
        log.exception("could not read owners")
        return ()
