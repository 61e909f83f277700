"""Where the owners stand in a line: before the task ("Kevin to …", "Kevin: …", "Kevin review …"), after it
("… (Kevin)", "… - Kevin", "… owner: Kevin", "… @kevin", "… (kevin)"), in brackets inside it, as the agent of a
passive, or as the subject of a later "and will …".

Decisions:

* Names inside the task are never owners: "Kevin to sync with Jon about CI" is Kevin's alone.
* A known name, a mention or a group in brackets inside the line ("update the slide (Jonathan) before the
  call") is the owner; brackets of unknown words ("(CoCo)", "(optional)") stay in the task.
* Passives name the agent: "Eric to be contacted by the chairs" is owned by the chairs, and so are "Will be discussed
  async by the infra-team" and "review and comments by the chairs" (when nothing else names an owner).
* A clause in brackets with its own owners names them ("imbalanced-learn (Guillaume will open an issue)" is
  Guillaume's "imbalanced-learn (open an issue)"); a lowercase nick alone in a final bracket is the owner ("document
  the process (dana)"), a word that qualifies the task is not ("(optional)", "(urgent)").
* "Dana apologizes for the delay and will be emailing the list": the subject of a later "and will …" / "and plans
  to …" owns what follows it.
* "X to …" needs a verb after "to": "Welcome Priya to the group", "Onboard Priya to the infra team" are tasks with
  no owner.  A group directly followed by a word owns the item only when that word is a verb ("the chairs review
  …", not "Canvass members about …").
* A single unknown word that is a common noun is never a name ("Survey to close on 1 March"), nor is a verb that is
  no first name ("Request to bring in the logs"; "Mark to review" is Mark's); an unknown acronym owns an item only
  before a verb's base form ("LG share …", not "CFP closes …").
* After a capitalised unknown name the task starts at a verb's base form ("Dana review …"), not at a report
  ("Phipps moves to …") nor at an "-ing" noun ("Initial meeting notes …"); "Elana working on the RFP" is Elana's.
  After a mention a capitalised verb starts it too ("@dana Create the survey"), and after a lowercase nick a known
  verb's base form ("dkhan investigate the crash").
* More ways to say who: "Kevin has the action to …", "Kevin has taken the action to …", "Kevin is responsible for
  …", "Kevin: action to …", "DT members are invited to …", "Kevin has been talking to …", "Kevin will be sending
  …", "Martin still needs to …", "… Assigned: Kevin", "… assign to Kevin", "… -> Kevin, 1 March".
* Right after an action marker (MeetBot's ``#action``, ``ACTION:``, ``TODO:``) a nick or a name before any form of
  a verb is the owner ("#action priya send the slides", "ACTION: Martin P keeps organizing", "ACTION: Keith waiting
  for SFLC"), as minute-takers write it; not before a past tense ("ACTIONS: Peter started the process").
* "Jon, can you send the minutes?" is Jon's "send the minutes" (the question mark goes with "can you").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.language.reading.names import Known, words_at
from bot.core.language.reading.owners import OwnerAt, owner_list, plain_word_owner
from bot.core.language.reading.vocabulary import (
    ADJECTIVES,
    FUNCTION_WORDS,
    NAME_VERBS,
    NOUNS,
    OBJECT_WORDS,
    adverb,
    base_verb,
    is_capitalised,
    narrative,
    verb_like,
    wordset,
)

# After a leading owner list: what joins it to the task.  Group "cut" ends where the task starts.
_LINK = re.compile(
    r"""^(?:
        (?P<ask>\s*[,:]?\s*(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+|pls\s+)?)
      | \s*,?\s+(?:(?:is|are)\s+)?(?:just\s+)?(?:going\s+to|supposed\s+to|expected\s+to|asked\s+to|tasked\s+to|
                  invited\s+to|requested\s+to|encouraged\s+to)\s+
      | \s*,?\s+(?:has|have)\s+(?:taken|got|accepted)\s+(?:the|an)\s+(?:action|ai|task)\s+(?:item\s+)?to\s+
      | \s*,?\s+(?:has|have)\s+been\s+(?=\w+ing\b)
      | \s*,?\s+(?:will|shall)\s+be\s+(?=\w+ing\b)
      | \s*,?\s+(?:has|have|had|need|needs|agreed|agrees|agree|volunteered|volunteers|volunteer|offered|offers|
                  promised|promises|plans|plan|intends|intend|wants|want|committed|commits|will\s+need|will\s+have|
                  undertook|undertakes|took\s+an\s+action|took\s+the\s+action|took\s+action|takes\s+an\s+action|
                  takes\s+the\s+action|will\s+take\s+the\s+action|will\s+take\s+an\s+action)
                  \s+to\s+
      | \s*,?\s+(?:is|are)\s+to\s+
      | \s*,?\s+(?:has|have|got|gets|takes|took)\s+(?:the|an)\s+(?:action|ai|task)\s+(?:item\s+)?to\s+
      | \s*,?\s+(?:is|are)\s+(?:responsible|on\s+point)\s+for\s+(?=\S)
      | \s*:\s*(?:action|ai)\s+to\s+(?=[a-z])
      | \s*,?\s+(?:will|shall|should|must|can|could|would|'ll|’ll|to)\s+(?:please\s+)?
      | ['’]ll\s+
      | ['’]m\s+(?:going\s+to|gonna|about\s+to|planning\s+to)\s+
      | ['’]m\s+(?=\w+ing\b)
      | \s*,?\s+(?:is|are)\s+(?=\w+ing\b)
      | \s*,\s*(?:can|could|would|will)\s+you\s+(?:please\s+)?
      | \s*,?\s+(?:please|pls|kindly)\s+
      | \s*(?::|-{1,2}|–|—|->|=>|→)\s*(?:(?:please|pls|will|to)\s+(?=[a-z]))?
      | \s+(?:takes|owns|handles|leads|drives)\s+(?=\S)
    )""",
    re.VERBOSE | re.IGNORECASE,
)
_LINK_STRONG_WORD = re.compile(
    r"^\s*,?\s+(?:to|will|shall|should|must|is|are|'ll|’ll|has|have|agreed|volunteered|"
    r"offered|needs|need|promised|plans|please|can|could|would)\b|^['’]ll\b|^\s*(?::|-|–|—)",
    re.IGNORECASE,
)
_PASSIVE = re.compile(
    r"^\s*,?\s+(?:(?:is|are)\s+)?(?:to|will|shall|should|must|needs?\s+to|has\s+to|have\s+to|is|are)\s+be\s+"
    r"(?:\w+(?:ed|en|wn|ne|t|d|de))\b",
    re.IGNORECASE,
)


@dataclass
class Lead:
    """The owners at the start of a line and where its task starts."""

    owners: list[OwnerAt]
    task_start: int
    passive: bool = False
    ask: bool = False  # "Jon, can you …?": the question mark is not part of the task


_DETERMINER_AFTER_TO = re.compile(
    r"(?:the|a|an|our|their|his|her|its|my|your|this|that|these|those|all|each|every|some|any|us|them|him|me)\b"
)


def lead(text: str, known: Known, speaker: str | None, marked: bool = False) -> Lead | None:
    """Owners at the start of ``text`` and where the task starts, or None."""
    owners = owner_list(text, 0, known, "lead", speaker)
    while owners:
        end = owners[-1].end
        rest = text[end:]
        if _PASSIVE.match(rest):
            return Lead([], 0, passive=True)
        link = _LINK.match(rest)
        if link and _links(owners, rest, link):
            return Lead(owners, end + link.end(), ask=link.group("ask") is not None)
        adverb = _ADVERB.match(rest)  # "Martin still needs to check the room"
        after = rest[adverb.end() :] if adverb else ""
        link = _LINK.match(after) if adverb else None
        if adverb and link and link.group().strip()[:1].isalpha() and _links(owners, after, link):
            return Lead(owners, end + len(rest) - len(after) + link.end())
        nxt = words_at(text, end + 1, 1) if text[end : end + 1] == " " else []
        if nxt and _task_follows(owners, nxt[0][0], text, marked):
            return Lead(owners, end + 1)
        owners = owners[:-1]  # try a shorter list: "Kevin Review" does need it
    return None


_LOWER = re.compile(r"[a-z]")
_ADVERB = re.compile(r"\s+(?:still|also|just|now|then|really|already|probably)(?=\s)", re.IGNORECASE)


def _links(owners: list[OwnerAt], rest: str, link: re.Match[str]) -> bool:
    """Whether the words after the owners join them to a task: "X to review …", not "Welcome Priya to the group";
    after one unknown word that is also a noun or verb, only before a verb ("Mark to review", not "Budget: review")."""
    word = link.group().strip().casefold()
    after = rest[link.end() :]
    if word in ("to", ",to") or word.endswith(" to"):
        ok = bool(_LOWER.match(after)) and not _DETERMINER_AFTER_TO.match(after)
    else:
        ok = True
    if ok and len(owners) == 1 and plain_word_owner(owners[0]):
        # "Mark to review" yes, "Budget: review" no, "Survey to close on 1 March" no: a noun is no name, and a
        # verb is one only when it is also a first name ("Request to bring in the logs" is a task)
        nxt_word = words_at(after, 0, 1)
        nxt_verb = bool(nxt_word) and verb_like(nxt_word[0][0])
        owner = owners[0].ref.text.casefold()
        ok = (
            nxt_verb and word[:1] not in ":-–—" and owner not in NOUNS and (owner in NAME_VERBS or not verb_like(owner))
        )
    if ok and not any(o.strong for o in owners) and any(o.ref.text[:1].islower() for o in owners):
        ok = bool(_LINK_STRONG_WORD.match(rest))  # "carol to draft …", not "carol drafted …"
    return ok


def _task_follows(owners: list[OwnerAt], w: str, text: str, marked: bool) -> bool:
    """Whether the word right after the owners starts the task ("Leonardo check …"): after known names and mentions
    any lowercase word that neither reports nor links ("Kevin Zhao review the deck"), or a capitalised verb
    ("@dana Create the survey"); after capitalised unknown names a verb's base form ("Dana review …", not "Phipps
    moves …" nor "Initial meeting notes …"), and after an action marker any form of a verb ("ACTION: Trevor gets
    students onto the list", "ACTION: Keith waiting for SFLC"); after a lowercase nick a known verb's base form
    ("dkhan investigate the crash")."""
    strong = all(o.strong for o in owners)
    if (
        strong
        and w[:1].isupper()
        and verb_like(w)
        and any(text[o.start] == "@" or o.ref.kind == "user" for o in owners)
    ):
        return True
    if (
        strong
        and (verb_like(w) or base_verb(w) or not any(o.ref.kind == "group" and text[o.start] != "@" for o in owners))
        and w[:1].islower()
        and not narrative(w)
        and (w.casefold() not in ("to", "will", "shall", "should", "and", "or", "of", "be"))
    ):
        return True
    if not w[:1].islower() or any(plain_word_owner(o) for o in owners):
        return False
    if marked and not narrative(w) and (verb_like(w) or base_verb(w.removesuffix("s")) or w.endswith("ing")):
        return all(o.strong or is_capitalised(o.ref.text) or " " not in o.ref.text for o in owners)
    if any(not o.strong and o.ref.text.isupper() for o in owners) or any(o.ref.text[:1].islower() for o in owners):
        return base_verb(w)  # "LG share …" yes, "CFP closes …" no; "dkhan investigate …"
    doing = w.endswith("ing") and verb_like(w) and w.casefold() not in NOUNS  # "Elana working on …"
    return (base_verb(w) or doing) and all(o.strong or is_capitalised(o.ref.text) for o in owners)


_PASSIVE_AGENT = re.compile(r"\bby\s+(?=\S)", re.IGNORECASE)


def passive_agents(text: str, known: Known) -> tuple[list[OwnerAt], int, int] | None:
    """The agents of a passive ("Eric to be contacted by the chairs"): the owners, and where "by …" starts and ends."""
    for m in _PASSIVE_AGENT.finditer(text):
        owners = owner_list(text, m.end(), known, "trail")
        if owners:
            end = owners[-1].end
            if re.match(r"^[\s.,;:!?)\]]*$|^\s*[,;(\[-]|^ [a-z]", text[end:]):
                return owners, m.start(), end
    return None


_PARTICIPLE_OR_REQUEST = re.compile(
    r"\w+(?:ed|en|wn|ne)|review|reviews|approval|comments|feedback|input|sign-off|decision", re.IGNORECASE
)


def trailing_agent(text: str, known: Known) -> tuple[list[OwnerAt], int, int] | None:
    """The agent at the end of a passive or a request, when nothing else names an owner ("Will be discussed by the
    infra-team", "review and comments by the chairs"): the owners, and where "by …" starts and ends."""
    for m in _PASSIVE_AGENT.finditer(text):
        owners = owner_list(text, m.end(), known, "trail")
        if not owners or text[owners[-1].end :].strip(" .;,!"):
            continue
        before = text[: m.start()].split()[-2:]
        if all(o.strong or is_capitalised(o.ref.text) for o in owners) and any(
            _PARTICIPLE_OR_REQUEST.fullmatch(w) for w in before
        ):
            return owners, m.start(), owners[-1].end
    return None


_TRAIL_LABEL = r"(?:owners?|assignees?|assign(?:ed)?(?:\s+to)?|responsible|who|ai|action(?:\s+on)?|lead|poc|dri)"

_TRAIL_BRACKET = re.compile(
    rf"[(\[]\s*(?:{_TRAIL_LABEL}\s*[:=-]?\s*)?(?P<list>[^()\[\]]{{1,120}}?)\s*[)\]]"
    r"[\s.!?;,]*$",
    re.IGNORECASE,
)
_TRAIL_SEP = re.compile(
    rf"(?:\s+(?:->|=>|→|-{{1,2}}|–|—|\|)\s*|\s*[,;]\s*|\s+)(?:{_TRAIL_LABEL}\b\s*[:=-]?\s*)?", re.IGNORECASE
)
_TRAIL_LABELLED = re.compile(rf"(?:^|[\s,;(\[-])(?P<label>{_TRAIL_LABEL})\b\s*[:=-]?\s*", re.IGNORECASE)


_NICK = re.compile(r"[a-z][a-z0-9_.-]{1,31}")
_BRACKET_WORDS = wordset(
    """
    optional urgent draft wip tbd tba tbc later maybe blocked pending ongoing done asap soon ideally again low high
    medium priority important minor major bonus stretch recurring weekly monthly daily yearly online offline private
    public internal external async sync
    """
)


def _lowercase_nick(word: str) -> bool:
    """A lowercase nick alone in a final bracket ("document the process (dana)"); not a word that qualifies the task
    ("(optional)", "(urgent)", "(draft)") nor any other common word."""
    w = word.strip()
    return bool(
        _NICK.fullmatch(w)
        and w not in _BRACKET_WORDS
        and w not in FUNCTION_WORDS
        and w not in NOUNS
        and w not in ADJECTIVES
        and not verb_like(w)
        and not adverb(w)
        and not w.endswith(("ed", "ing", "ly", "tion", "ment", "ness", "ity", "ive", "al", "ous", "ful", "able"))
    )


def trailing(text: str, known: Known) -> tuple[list[OwnerAt], int] | None:
    """Owners at the end of ``text`` and where they begin (the task ends there), or None."""
    stripped = text.rstrip(" .!;,")
    # "(Kevin)", "[owner: Kevin, Jon]"
    m = _TRAIL_BRACKET.search(stripped)
    if m:
        owners = owner_list(stripped, m.start("list"), known, "trail")
        labelled = (
            m.group()
            .lstrip("([ ")
            .casefold()
            .startswith(("owner", "assignee", "assign", "responsible", "who", "ai", "action", "lead", "poc", "dri"))
        )
        if not owners and (labelled or _lowercase_nick(m.group("list"))):
            owners = owner_list(stripped, m.start("list"), known, "bare")
        if owners and owners[-1].end == m.end("list"):
            return owners, m.start()
    # "owner: Kevin", "assigned to Kevin"
    tail = max(0, len(stripped) - 160)  # owners at the end are a few words: look only there
    for lm in _TRAIL_LABELLED.finditer(stripped, tail):
        owners = owner_list(stripped, lm.end(), known, "bare")
        if owners and owners[-1].end == len(stripped):
            return owners, lm.start()
    # "- Kevin", ", Kevin and Jon", "@kevin @jon"
    for sm in _TRAIL_SEP.finditer(stripped, tail):
        if sm.start() == 0:
            continue
        if not sm.group().strip() and stripped[sm.end() : sm.end() + 1] not in known.firsts | {"@"}:
            continue  # after a bare space only a mention can be an owner: do not read names there
        owners = owner_list(stripped, sm.end(), known, "trail")
        if not owners or owners[-1].end != len(stripped):
            continue
        sep = sm.group()
        if sep.strip() == "":
            # no separator: only mentions and @names, and not the object of "with", "to", …
            if not all(o.ref.kind == "user" or stripped[o.start] == "@" for o in owners):
                continue
            before = stripped[: sm.start()].split()
            if before and before[-1].casefold().strip(",") in OBJECT_WORDS:
                continue
        elif sep.strip() in (",", ";"):
            # ", Kevin": only known names, mentions, groups; the task must not end in a preposition
            if not all(o.strong for o in owners):
                continue
            before = stripped[: sm.start()].split()
            if before and before[-1].casefold() in OBJECT_WORDS:
                continue
        return owners, sm.start()
    return None


_BRACKET = re.compile(r"[(\[](?P<list>[^()\[\]]{1,80})[)\]]")


def bracketed(line: str, known: Known) -> tuple[list[OwnerAt], int, int] | None:
    """Owners in brackets inside the line ("update the slide (Jonathan) before the call"): known names,
    mentions and groups only, so "(CoCo)" or "(optional)" stay in the task."""
    for m in _BRACKET.finditer(line):
        listed = owner_list(line, m.start("list"), known, "trail")
        if listed and listed[-1].end == m.end("list") and all(o.strong for o in listed):
            return listed, m.start(), m.end()
    return None


def bracketed_clause(line: str, known: Known) -> tuple[list[OwnerAt], int, int] | None:
    """A clause in brackets that names its own owners ("imbalanced-learn (Guillaume will open an issue)"): the
    owners, and where the owners and their link stand (taken out; the rest of the bracket stays in the task)."""
    for m in _BRACKET.finditer(line):
        inner = lead(m.group("list"), known, None)
        if inner is None or not inner.owners:
            continue
        link = m.group("list")[inner.owners[-1].end : inner.task_start]
        if _LINK_STRONG_WORD.match(link) and not link.strip().startswith(("-", ":")):
            start = m.start("list")
            owners = [OwnerAt(o.ref, o.start + start, o.end + start, o.strong) for o in inner.owners]
            return owners, start, start + inner.task_start
    return None


_LATER_LINK = re.compile(
    r"(?:,\s*|\s+)and\s+(?:will|is\s+going\s+to|plans?\s+to|intends?\s+to|wants?\s+to|has\s+to)\s+"
    r"(?:be\s+(?=\w+ing\b))?(?=[a-z])",
    re.IGNORECASE,
)


def later_link(line: str, known: Known, speaker: str | None) -> tuple[list[OwnerAt], int] | None:
    """The subject of a later "and will …" ("Dana apologizes for the delay and will be emailing the list", "The
    board started the review and plans to decide"): the owners at the start, and where their task starts."""
    owners = owner_list(line, 0, known, "lead", speaker)
    if not owners or not all(o.strong or is_capitalised(o.ref.text) for o in owners):
        return None
    nxt = words_at(line, owners[-1].end + 1, 1)
    if not nxt or not nxt[0][0][:1].islower() or nxt[0][0].casefold() in ("and", "or", "of", "to"):
        return None
    m = _LATER_LINK.search(line, owners[-1].end)
    return (owners, m.end()) if m else None
