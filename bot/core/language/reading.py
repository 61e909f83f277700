"""Reading one line into an action item's owners, task and due date (pure: no Slack, no storage, no clock).

What is read, in order:

1. Pasted-minutes markers are removed: bullets, numbers, checkboxes, IRC timestamps and ``<nick>``,
   ``ACTION:``, ``[NEW] ACTION:``, ``ACTION-12:``, ``Action item 3:``, ``AI:``, ``AI(name):``, ``#action``,
   ``TODO:``, ``TODO(name):``, W3C ``[recorded in …]`` and MeetBot ``(nick, 14:02:11)`` trailers.
   The name inside ``AI(name):`` / ``TODO(name):`` / ``AI [name]:`` is the owner, and so are the owners right
   after a marker: ``ACTION Kevin:``, ``TODO Kevin -``, ``ACTION on Kevin to …``, ``Action point:``, ``AP:``.
   A deadline inside that bracket goes with the task (``Action (Kevin, due 1 Mar):``).  Also removed: an IRC
   speaker written ``ryan: #action …``, a greeting before a mention ("hey <@U1> can u …"), a trailing status
   ("- OPEN", "(done)", "(carried over)") and thanks ("? thanks!"), and placeholders for a missing owner
   ("TBD:", "TBD to …", "??:"), which leave the item unassigned.
   Text struck out in markdown (``~~by Friday~~ by Monday``, ``~~Kevin~~ Jon:``) is not read at all.  A line of cells
   separated by `` | `` reads as a table row even without its outer pipes; row numbers and status cells are
   not the task.
2. The deadline is found by ``bot.core.language.dates.find_due`` and its phrase is taken out of the task.
3. Owners, at the start: "X to do Y", "X will do Y", "X is to do Y", "X: do Y", "X - do Y", "X, please do Y",
   "X do Y" (when X is a known name, a mention, or a capitalised name followed by a verb); several owners
   joined by "and", ",", "&", "/", "+" or spaces between mentions.  Or at the end when none lead:
   "do Y (X)", "do Y [X]", "do Y - X", "do Y, owner X", "do Y @x".  Passives name the agent:
   "Eric to be contacted by the chairs" is owned by the chairs.
4. What is left is the task, exactly as typed except for the pieces taken out and the outer punctuation.

Decisions:

* A speaker prefix ("Ryan: Carol is drafting the charter") names who spoke.  When the words after the
  colon have their own subject (owners followed by "to", "will", "is", …), that subject owns the item and
  the speaker does not; "I" after a speaker prefix is the speaker ("Leonardo: I will ask…" is Leonardo's).
  When the words after the colon start with "we", "it", "there", "the", … the item is unassigned.
  Otherwise the prefix is the owner being addressed ("Kevin: send the slides").
* Names inside the task are never owners: "Kevin to sync with Jon about CI" is Kevin's alone.
* Groups ("chairs", "the TAC", "everyone", "all members", "the toolchain team") are owners of kind
  "group"; a leading "the" is dropped from their text.
* "me", "myself" and "I" are the person typing (kind "me"), unless a speaker prefix says who "I" is.
* "remind me to …" / "remind Kevin to …" is owned by the one to remind.  "Ask Kevin to …" is not Kevin's:
  the asking is the task, and it is unassigned.
* A known name, a mention or a group in brackets inside the line ("update the slide (Jonathan) before the
  call") is the owner; brackets of unknown words ("(CoCo)", "(optional)") stay in the task.
* A markdown table row ("| Kevin | Set up the list | 2024-03-01 |") is read cell by cell: the cell that is
  only owners, the cell that is only a date, the rest is the task.
* "I", "me" after an IRC ``<nick>`` or a speaker prefix are that speaker.
* An affiliation or role in brackets right after an owner ("Kevin (Arm) to review", "Priya (Google) and Jon",
  "Kevin (lead) and Jon to …", "Kevin (with Jon) to …") is neither part of the name nor of the task.
* "X to …" needs a verb after "to": "Welcome Priya to the group", "Onboard Priya to the infra team" are tasks with
  no owner.  A group directly followed by a word owns the item only when that word is a verb ("the chairs review
  …", not "Canvass members about …").  "Next steps:" and "Follow-ups:" are markers.
* A single unknown word that is a common noun is never a name ("Survey to close on 1 March"); an unknown
  acronym owns an item only before a verb's base form ("LG share …", not "CFP closes …").  Status prefixes
  ("Carried over from last meeting:", "Still open:", "(carried over)") are markers; "Reminder:", "Done:",
  "Outcome:" are not speakers.
* A GitHub team mention ("@org/infra-team") is a group; "et al.", "& co", "and others" after an owner are not
  owners.
* More ways to say who: "Kevin has the action to …", "Kevin is responsible for …", "Kevin: action to …",
  "Kevin's action: …", "For Kevin: …", "Assigned to Kevin: …", "… Assigned: Kevin", "… -> Kevin, 1 March".
* Initials are names: "J.S.", "K.Z. and L.G.", "J. Smith", "Leo G." (a surname's initial ends the name).
* "I'm going to …" / "I'm drafting …" and "Let me …" are the typist's ("Let me know …" is not an item).
* A speaker prefix before a marker ("Ryan: ACTION: Kevin to …", "Ryan: action on me to …") names who spoke
  (so "me" is Ryan); the marker's own words decide the owner.  A speaker's role in brackets ("Ryan (chair): …")
  is part of the prefix.  Interjections after a prefix or at the start ("Ryan: agreed. Kevin to …",
  "ok, I will …", "+1, …") are not the task.
* Right after MeetBot's ``#action``, a lowercase nick followed by a verb is the owner ("#action priya send the
  slides"), as MeetBot users write it.
* "the LF to …", "the Linux Foundation will …": an organisation after "the" at the start is an owner (name, without
  "the"); "the release team" is a group even though "release" is also a verb.
* Decoration is not task text: Slack emoji codes at either end (":pushpin:", ":pray:"), emoji at the end, and
  trailing "!".
* "Jon, can you send the minutes?" is Jon's "send the minutes" (the question mark goes with "can you").
* A line holding two items ("Kevin will update the wiki and Jon will book the room by Friday") is read as ONE
  item, the first owner's, because one line makes one item: the second clause is never dropped, so the task
  keeps "update the wiki and Jon will book the room" and nothing the minute-taker wrote is lost (the reply shows
  it, and the second item can be added on its own line).  Only the first owners own it; the second clause's
  subject is words of the task, and a deadline anywhere in the line is the item's.
* An owner is always words of the line as typed; the task is the line's own words, tidied only where a
  marker, an owner or the deadline was taken out.  A task with no letters or digits is no task.
* Without ``names``, an unknown capitalised word is an owner only in an owner position (before "to",
  "will", ":", …, or before a verb); lowercase nicknames ("carol to draft…") only before "to", "will",
  ":" and the like.  With ``names``, known names (any case, longest match) are recognised anywhere an
  owner may stand, and multi-word names end where the known name ends.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.core.kernel.model import Anchors
from bot.core.language.dates import DateError, Due, find_due, parse_when

__all__ = ["OwnerKind", "OwnerRef", "Reading", "read_action", "read_owners"]

log = logging.getLogger(__name__)

OwnerKind = Literal["user", "me", "name", "group"]


@dataclass(frozen=True)
class OwnerRef:
    """Someone (or a group) named as an owner."""

    kind: OwnerKind
    text: str  # Slack user id for "user"; "me" for "me"; the name as typed for "name" and "group"


@dataclass(frozen=True)
class Reading:
    """How a line reads as an action item."""

    owners: tuple[OwnerRef, ...]  # () = unassigned
    task: str  # the task text, owners and deadline phrase removed, user's text otherwise kept exactly
    due: Due | None
    error: str | None = None  # a kind user-facing sentence when the line can't make an item
    speaker: str | None = None  # who spoke, when a pasted line starts with a speaker prefix


_NO_ANCHORS = Anchors()
EXAMPLE = "/action Leonardo check Rust with the toolchain team by 2024-03-01"
EMPTY_ERROR = f"There is nothing to record yet: say who does what, and by when, e.g. `{EXAMPLE}`."
NO_TASK_ERROR = f"I could not find the task in that line: say what is to be done, e.g. `{EXAMPLE}`."

# ---------------------------------------------------------------------------------------------------------
# Vocabulary


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words that never start a name: pronouns, determiners, auxiliaries, prepositions, conjunctions, adverbs,
# and verbs that take "to" ("Need to…", "Try to…", "Remember to…").
_FUNCTION_WORDS = _wordset(
    """
    a an the this that these those there here it its we us our ours you your yours he him his she her hers
    they them their theirs who whom whose what which when where why how whether if then than so also too and
    or but nor not no yes ok okay please pls kindly thanks thank maybe perhaps possibly probably still just
    only even already again once twice always never ever sometimes often soon later now today tomorrow
    yesterday tonight next last first second third final new old other another each every any some all both
    either neither few many much more most less least several such same own very really quite is are was
    were be been being am do does did done doing have has had having will would shall should can could might
    must ought need needs needed want wants wanted try tries tried trying plan plans going gonna wanna
    remember remind forget hope hopes expect expects intend intends decide decided agree agreed continue
    continues start starts begin begins aim aims seem seems used got get gets let lets make makes keep keeps
    to of in on at by for with from into onto about above below over under after before during until till
    since between among through throughout across against toward towards upon within without via per as like
    unlike re vs versus etc incl including regarding concerning around near note notes action actions item
    items todo todos ai ais fyi tbd tba nb ps summary status update updates decision decisions agenda
    reminder reminders done resolved outcome outcomes context background result results info
    minutes topic topics discussion question questions issue issues follow followup follow-up up out off
    down away back everyone everybody someone somebody anyone anybody nobody noone none something anything
    nothing i me my mine myself ourselves yourself yourselves himself herself themselves itself
    """
)

# Common verbs (and nouns) that start a task in the imperative: a capitalised one is not a name there.
_VERBS = _wordset(
    """
    accept add address adjust align allocate analyse analyze announce answer apply approve archive arrange
    ask assess assign attach attend audit automate book brainstorm bring build buy calculate call cancel
    capture chair change chase check circulate clarify clean close coordinate collate collect comment
    communicate compare compile complete confirm connect consider consolidate contact contribute convene
    convert coordinate copy correct create crosscheck debug decide define delegate delete deliver demo
    deploy describe design determine develop discuss distribute document double-check download draft drive
    drop edit elect email enable engage ensure escalate establish estimate evaluate examine explain explore
    export extend facilitate file fill finalise finalize find finish fix flag forward gather generate give
    go handle help highlight host identify implement import improve include inform install integrate
    introduce investigate invite involve issue join lead learn link list locate log look maintain manage map
    mark measure meet mention merge message migrate monitor move nominate notify obtain onboard open order
    organise organize outline own pay ping pick plan polish post prepare present prioritise prioritize
    process produce propose provide publish pull push put raise reach read rebase reconcile record recruit
    reduce refine reformat register release remove rename renew reorganise reorganize reply report request
    research reserve resolve respond restart resubmit resume review revise revisit rework rewrite run save
    schedule scope secure see seek select send set setup share ship sign simplify sort speak specify split
    sponsor start streamline submit suggest summarise summarize support survey sync synchronise take talk
    test think track train transfer translate triage try update upgrade upload use validate verify vote walk
    welcome work write
    """
)

# Nouns that lead a task line but are not owners ("Budget: …", "Docs - …").
_NOUNS = _wordset(
    """
    budget doc docs document documents report slides slide deck website wiki blog newsletter survey roadmap
    release charter policy security board project projects plan proposal draft feedback review meeting call
    calls ci cd build tests test infra infrastructure demo talk paper papers spec specs specification repo
    repository code website logo event events conference workshop travel hiring contract contracts legal
    finance marketing membership members election elections vote voting funding sponsorship
    """
)

_GROUP_HEADS = (
    r"chairs|co-chairs|cochairs|chair|members|member\s+companies|editors|board|committee|tac|tsc|toc|pmc|wg|"
    r"working\s+group|group|team|teams|maintainers|staff|organi[sz]ers|reviewers|volunteers|leads|"
    r"leadership|secretariat|officers|admins|participants|attendees|partners|speakers|authors|"
    r"contributors|sig|sponsors|owners|steering\s+committee|sc|contacts"
)
_GROUP = re.compile(
    rf"(?:(?P<the>the|all(?:\s+the)?|our|both)\s+)?(?:(?P<mod>[\w'’&.-]+(?:\s+[\w'’&.-]+)?)\s+)?"
    rf"(?P<head>{_GROUP_HEADS})(?![\w'’-])"
    r"|(?P<all>everyone|everybody|all\s+of\s+us|all(?=\s*:|\s+to\b|\s+will\b|\s+(?:please|should|must)\b))"
    r"(?![\w'’-])",
    re.IGNORECASE,
)

_MENTION = re.compile(r"<@(?P<id>[A-Z0-9]+)(?:\|[^<>]*)?>")
_SUBTEAM = re.compile(r"<!subteam\^(?P<id>[A-Za-z0-9]+)(?:\|@?(?P<label>[^<>]*))?>")
_SPECIAL = re.compile(r"<!(?P<id>channel|here|everyone)(?:\|[^<>]*)?>")
_AT_NAME = re.compile(r"@(?P<name>[^\W_](?:[\w'’.-]*[\w])?)")
_ME = re.compile(r"(?P<me>me|myself|I)(?=['’](?:ll|m)\b|[^\w'’-]|$)", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?\.?")
_HONORIFIC = re.compile(r"(?:mr|mrs|ms|mx|dr|prof|sir|dame)\.?$", re.IGNORECASE)
_HONORIFIC_SUFFIX = re.compile(r"-(?:san|sama|kun|chan|sensei|senpai|shi|ji|ssi|nim)$", re.IGNORECASE)
_PARTICLES = _wordset(
    """
    van von der den de da di del della le la du dos das bin ibn al el ter ten
    """
)

# After a leading owner list: what joins it to the task.  Group "cut" ends where the task starts.
_LINK = re.compile(
    r"""^(?:
        (?P<ask>\s*[,:]?\s*(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+|pls\s+)?)
      | \s*,?\s+(?:(?:is|are)\s+)?(?:going\s+to|supposed\s+to|expected\s+to|asked\s+to|tasked\s+to)\s+
      | \s*,?\s+(?:has|have|had|need|needs|agreed|agrees|agree|volunteered|volunteers|volunteer|offered|offers|
                  promised|promises|plans|plan|intends|intend|wants|want|will\s+try|to\s+try|committed|commits|
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
    r"(?:\w+(?:ed|en|wn|ne|t|d))\b",
    re.IGNORECASE,
)
_SUBJECTLESS_START = re.compile(
    r"^(?:we|we'll|we’ll|it|it's|there|this|that|these|those|they|the|our|as|any|although|afaict|afaik|imo|"
    r"if|so|yes|no|also|he|she|you|one|maybe|perhaps|i\s+think|i\s+agree|agreed|not|nothing|all\s+good|"
    r"i['’]d|i['’]m|i['’]ve|i\s+would|i\s+wonder|i\s+guess|i\s+believe|i\s+feel|i\s+like|i\s+was|i\s+am)\b",
    re.IGNORECASE,
)

_TRAIL_LABEL = r"(?:owners?|assignees?|assigned(?:\s+to)?|responsible|who|ai|action(?:\s+on)?|lead|poc|dri)"

# ---------------------------------------------------------------------------------------------------------
# Markers of pasted minutes

_LEAD_JUNK = re.compile(
    r"""^(?:
        \s+
      | [-*•·◦▪‣+>]+\s+ | [-*•]\s*(?=\[)
      | \d{1,3}[.)]\s+ | \(\d{1,3}\)\s+ | (?-i:[a-z])[.)]\s+(?=\S) | [A-Z]\)\s+(?=\S)
      | \[[ xX✓✔]?\]\s* | [☐☑✅✔✓]\s*
      | \[?\d{1,2}:\d{2}(?::\d{2})?\]?\s+
      | \[\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?[^\]]{0,8}\]\s+
      | (?:unassigned|tbd|tba|tbc|owner\s+tbd|nobody\s+yet|\?{2,})\s*(?:[:\-–—]\s*|\s+to\s+(?=[a-z]))
      | (?:hey|hi|hello|yo)\b[,!]?\s+(?=[@<]|[A-Z])
      | (?:carried\s+over(?:\s+from\s+(?:the\s+)?(?:last|previous)\s+(?:meeting|call|week))?|still\s+open|
         open|pending|ongoing|in\s+progress|continued|new)\s*:\s*
      | \((?:carried\s+over|continued|open|pending|ongoing|new)\)\s*
      | :[a-z0-9_+-]{2,40}:\s+
      | (?:\+1|ok(?:ay)?|sure|yep|yeah|sounds\s+good)\s*[,.!]\s*(?=\S)
      | \d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?\S*\s+
      | (?:\*\*|__)(?=\w) | (?:\*\*|__)\s*
      | \#(?:action|agreed|info|topic|idea|help|link|todo)\b:?\s*
      | \[(?:new|pending|continues|continued|done|dropped|open|closed|ongoing|carried\s+over)\]\s*
      | (?:(?:new|open|pending|carried\s+over)\s+)?
        (?:action(?:\s+items?|\s+points?)?|a\.?i\.?|ap|todo|to-do|to\s+do|task|follow[-\s]?ups?|next\s+steps?)
        (?:[-\s]?\#?\d+(?:\.\d+)*)?\s*(?:\((?P<ai>[^()]{1,80})\)|\[(?P<ai2>[^\[\]]{1,80})\])?\s*(?:\*\*|__)?\s*
        [:\-–—]+\s*(?:\*\*|__)?\s*
      | (?:action|todo)\s+(?=@|<@)
      | todo\s+(?=[a-z])
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_LEAD_EMPHASIS = re.compile(r"^(?P<e>\*\*|__|\*|_)(?P<inner>[^*_\s](?:[^*_]{0,78}[^*_\s])?)(?P=e)(?=[\s:,]|$)")
_TRAIL_EMPHASIS = re.compile(r"(?P<e>\*\*|__|\*|_)(?P<inner>\([^()]{1,80}\)|\[[^\[\]]{1,80}\])(?P=e)\s*$")
_IRC_NICK = re.compile(
    r"^(?:<(?!@|!)(?P<nick>[^<>\s]{1,32})>|(?P<nick2>[A-Za-z][\w.|-]{0,31}):(?=\s+\#(?:action|agreed)\b))\s+"
)
# "ACTION Kevin: …", "TODO Kevin - …", "ACTION on Kevin: …", "Action for Kevin to …": the owners follow the marker
_MARKER_THEN_OWNERS = re.compile(
    r"^(?:(?:action(?:\s+items?|\s+points?)?|a\.?i\.?|ap|todo)\s+(?P<on>(?:on|for)\s+)?"
    r"|(?:for|assigned\s+to|assignee|owners?)\s+)(?=\S)",
    re.IGNORECASE,
)
_POSSESSIVE_MARKER = re.compile(
    r"^(?P<who>[^\s'’:]{1,30}(?: [^\s'’:]{1,30})?)['’]s\s+(?:action(?:\s+items?)?|ai|todo|task)s?\s*:\s*", re.IGNORECASE
)
_SPEAKER_MARKER = re.compile(
    r"^(?P<sp>[A-Za-z][\w.'’-]{0,31}(?: [A-Z][\w.'’-]{0,31})?):\s+"
    r"(?=\#action\b|\#agreed\b|(?:action(?:\s+items?)?|a\.?i|todo|ap)\s*(?:[:\-–—(\[]|\s(?:on|for)\s|\s(?!to\b)(?=[a-z])))",
    re.IGNORECASE,
)
_INTERJECTION = re.compile(
    r"^(?:\+1|ok(?:ay)?|sure|agreed|yes|yep|yeah|right|sounds\s+good|good\s+idea|great|fine)\s*[,.!;:]\s*(?=\S)",
    re.IGNORECASE,
)
_AI_DUE = re.compile(r"\s*[,;]?\s*(?P<when>(?:due|by|deadline|until|before)\b.*)$", re.IGNORECASE)
_AFTER_MARKER_OWNERS = re.compile(r"^\s*(?::|[-–—]\s)\s*")
_AFTER_MARKER_ON = re.compile(r"^\s+to\s+(?=[a-z])")
# A status left at the end of a pasted row: "- OPEN", "(done)"
_STRIKE = re.compile(r"~~[^~]{1,200}~~")
_TRAIL_JUNK = re.compile(
    r"""(?:
        \s*\[\s*recorded\s+in\s+[^\]]*\]
      | \s*\((?:[\w\-|`^\[\]{}]{1,32}),\s*\d{1,2}:\d{2}(?::\d{2})?\)
      | \s*\[(?:done|closed|open|pending|new|continues|ongoing)\]
      | \s*(?:[-–—|]\s*)?\((?:open|done|closed|in\s+progress|ongoing|pending|blocked|wip|carried\s+over|continued|
                           not\s+started|completed?)\)
      | \s+[-–—|]\s*(?:open|done|closed|in\s+progress|ongoing|pending|blocked|wip|not\s+started|completed?)
      | \s*[,.!?;]?\s*(?:thanks(?:\s+(?:a\s+lot|in\s+advance|all))?|thank\s+you|thx|tia|cheers|pls|please)\s*[!.]*
      | \s*🙏
      | \s+:[a-z0-9_+-]{2,40}:
      | \s*[\U0001F300-\U0001F4C4\U0001F4C8-\U0001F5FF\U0001F600-\U0001FAFF\u2728\u2B50]
      | \s*(?:\*\*|__)
      | \s*[☐☑✅]
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u2000-\u200a\u3000]+")


def _sanitize(text: str) -> str:
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


# ---------------------------------------------------------------------------------------------------------
# Known names


class _Names:
    """The workspace's names, indexed by first word (case-insensitive) for longest-match lookup."""

    def __init__(self, names: Iterable[str]) -> None:
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for raw in names:
            words = tuple(w.casefold() for w in raw.lstrip("@").split())
            if words:
                self.by_first.setdefault(words[0], []).append(words)
        for seqs in self.by_first.values():
            seqs.sort(key=len, reverse=True)

    def __bool__(self) -> bool:
        return bool(self.by_first)

    def match(self, text: str, pos: int) -> int | None:
        """End of the longest known name starting at ``pos`` (whole words only), or None."""
        if not self.by_first:
            return None
        words = _words_at(text, pos, 6)
        if not words:
            return None
        first = _fold(words[0][0])
        seqs = self.by_first.get(first)
        if seqs is None:
            stripped = _HONORIFIC_SUFFIX.sub("", first)
            seqs = self.by_first.get(stripped)
            if seqs is None:
                return None
        for seq in seqs:
            if len(seq) <= len(words) and all(
                _fold(words[i][0]) == seq[i] or (i == 0 and _HONORIFIC_SUFFIX.sub("", _fold(words[i][0])) == seq[i])
                for i in range(len(seq))
            ):
                return words[len(seq) - 1][2]
        return None


def _fold(word: str) -> str:
    return word.rstrip(".").casefold()


_WORDS_RE = re.compile(r"[^\W_][\w'’.-]*")


def _words_at(text: str, pos: int, n: int) -> list[tuple[str, int, int]]:
    """Up to ``n`` words from ``pos`` separated only by single spaces: (word, start, end)."""
    out: list[tuple[str, int, int]] = []
    i = pos
    while len(out) < n:
        m = _WORDS_RE.match(text, i)
        if not m:
            break
        word = m.group().rstrip(".'’-")
        if not word:
            break
        end = m.start() + len(word)
        # Keep a final dot on an initial or title ("J.", "Dr.").
        if text[end : end + 1] == "." and (
            len(word) == 1 or _HONORIFIC.fullmatch(word) or _INITIALS.fullmatch(word + ".")
        ):
            end += 1
            word += "."
        out.append((word, m.start(), end))
        if text[end : end + 1] != " ":
            break
        i = end + 1
    return out


_NAMES_CACHE: list[tuple[object, _Names]] = []


def _index(names: Collection[str]) -> _Names:
    if isinstance(names, tuple | frozenset):
        for key, idx in _NAMES_CACHE:
            if key is names:
                return idx
        idx = _Names(names)
        _NAMES_CACHE.insert(0, (names, idx))
        del _NAMES_CACHE[8:]
        return idx
    return _Names(names)


# ---------------------------------------------------------------------------------------------------------
# Owners

_Mode = Literal["lead", "trail", "bare"]


@dataclass(frozen=True)
class _Owner:
    ref: OwnerRef
    start: int
    end: int
    strong: bool  # a mention, @name, me, group or known name (not just a capitalised word)


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _verb_like(word: str) -> bool:
    w = word.casefold().rstrip(".")
    if w in _VERBS:
        return True
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e")):
        if w.endswith(suffix) and w[: -len(suffix)] + repl in _VERBS:
            return True
    return False


def _unknown_name(text: str, pos: int, mode: _Mode, names: _Names) -> int | None:
    """End of an unknown person's name at ``pos``: capitalised words (or a nickname), or None."""
    words = _words_at(text, pos, 4)
    if not words:
        return None
    first = words[0][0]
    idx = 0
    if _HONORIFIC.fullmatch(first) and len(words) > 1 and _is_capitalised(words[1][0]):
        idx = 1
    head = words[idx][0]
    folded = head.casefold().rstrip(".")
    if folded in _FUNCTION_WORDS or not head[:1].isalpha():
        return None
    if not _is_capitalised(head):
        if mode == "trail":
            return None
        # a lowercase nickname: one word only
        return words[idx][2]
    if _INITIALS.fullmatch(head):
        # "J.S.", "J. Smith": initials are a person's, alone or before a surname
        end = words[idx][2]
        if idx + 1 < len(words):
            w = words[idx + 1][0]
            if _is_capitalised(w) and not w.isupper() and w.casefold() not in _FUNCTION_WORDS and not _verb_like(w):
                end = words[idx + 1][2]
        return end
    if head.isupper() and len(head) > 1:
        # initials ("LG") or an acronym ("QEMU", "CoCo"): only as a lone word before a link, or in a bare list
        return words[idx][2] if (mode != "trail" and len(head) <= 3) else None
    if (
        any(ch.isupper() for ch in head[1:])
        and "-" not in head
        and "'" not in head
        and not head.startswith(("Mc", "Mac", "O'", "D'"))
    ):
        return None  # "CoCo", "OpenJDK": product names
    end = words[idx][2]
    plain = folded in _NOUNS or _verb_like(head)  # "Mark" may be a name, "Ask Kevin" is not one
    # further capitalised words of the same name ("Leonardo Garcia", "Ludwig van Beethoven")
    j = idx + 1
    while j < len(words) and j <= idx + 3:
        w = words[j][0]
        wf = w.casefold()
        if wf in _PARTICLES:
            k = j
            while k < len(words) and words[k][0].casefold() in _PARTICLES:
                k += 1
            if k < len(words) and k - j <= 2 and _is_capitalised(words[k][0]):
                j = k  # "Ludwig van Beethoven", "Jan van der Berg"
                continue
        if len(w) == 2 and _INITIALS.fullmatch(w):
            end = words[j][2]  # "Leo G.": a surname's initial ends the name
            break
        if not _is_capitalised(w) or wf in _FUNCTION_WORDS or (w.isupper() and len(w) > 1):
            break
        if _verb_like(w) or wf in _NOUNS or (plain and names.match(text, words[j][1]) is not None):
            break
        end = words[j][2]
        j += 1
    return end


def _extend_name(text: str, start: int, end: int, names: _Names) -> int:
    """A known first name followed by an unknown surname ("Jon Smith") is one person: extend to the surname."""
    if not text[start : start + 1].isupper():
        return end
    while text[end : end + 1] == " " and names.match(text, end + 1) is None:
        nxt = _words_at(text, end + 1, 1)
        if not nxt:
            break
        w = nxt[0][0]
        wf = w.casefold()
        if len(w) == 2 and _INITIALS.fullmatch(w):
            end = nxt[0][2]  # "Leo G."
            break
        if not _is_capitalised(w) or wf in _FUNCTION_WORDS or wf in _NOUNS or _verb_like(w) or w.isupper():
            break
        end = nxt[0][2]
    return end


def _one_owner(text: str, pos: int, names: _Names, mode: _Mode, speaker: str | None) -> _Owner | None:
    m = _MENTION.match(text, pos)
    if m:
        return _Owner(OwnerRef("user", m.group("id")), pos, m.end(), True)
    m = _SUBTEAM.match(text, pos)
    if m:
        return _Owner(OwnerRef("group", (m.group("label") or m.group("id")).strip()), pos, m.end(), True)
    m = _SPECIAL.match(text, pos)
    if m:
        return _Owner(OwnerRef("group", m.group("id")), pos, m.end(), True)
    m = _GITHUB_TEAM.match(text, pos)
    if m:  # "@org/infra-team": a GitHub team
        return _Owner(OwnerRef("group", m.group("team")), pos, m.end(), True)
    if text.startswith("@", pos):
        end = names.match(text, pos + 1)
        if end is None:
            m = _AT_NAME.match(text, pos)
            if not m:
                return None
            end = m.end()
        end = _extend_name(text, pos + 1, end, names)
        return _Owner(OwnerRef("name", text[pos + 1 : end]), pos, end, True)
    m = _ME.match(text, pos)
    if m and (m.group() != "i" or mode != "trail"):
        word = m.group().casefold()
        if word == "i" and m.group() != "I" and mode == "trail":
            return None
        if speaker is not None and word in ("i", "me", "myself"):
            return _Owner(OwnerRef("name", speaker), pos, m.end(), True)
        return _Owner(OwnerRef("me", "me"), pos, m.end(), True)
    end = names.match(text, pos)
    if end is not None:
        end = _extend_name(text, pos, end, names)
        return _Owner(OwnerRef("name", text[pos:end]), pos, end, True)
    m = _GROUP.match(text, pos)
    if m:
        mod = m.group("mod")
        article = (m.group("the") or "").casefold() in ("the", "our", "all the")
        if not mod or not any(
            w.casefold() in _FUNCTION_WORDS or (_verb_like(w) and not article) for w in mod.split()
        ):  # "the release team": after an article a verb-like word is the team's kind
            label = m.group()
            if m.group("the") and m.group("the").casefold() == "the":
                label = label[len(m.group("the")) :].lstrip()
            return _Owner(OwnerRef("group", label), pos, m.end(), True)
    end = _unknown_name(text, pos, mode, names)
    if end is not None:
        return _Owner(OwnerRef("name", text[pos:end]), pos, end, False)
    if mode == "lead" and text[pos : pos + 4].casefold() == "the ":
        # "the LF to send the invoice", "the Linux Foundation will …": an organisation, named without "the"
        end = _unknown_name(text, pos + 4, mode, names)
        org = text[pos + 4 : end] if end is not None else ""
        if org and (" " in org or (org.isupper() and len(org) > 1)) and not _verb_like(org.split()[0]):
            return _Owner(OwnerRef("name", org), pos, pos + 4 + len(org), False)
    return None


_SPACE1 = re.compile(r" ")
_AFFILIATION = re.compile(
    r" (?:[(\[][A-Z][\w&.'’-]*(?: (?:of |&|and )?[A-Z&][\w&.'’-]*){0,3}[)\]](?=[\s,:;/&+]|$)"
    r"|[(\[][^()\[\]]{1,30}[)\]](?=:)"  # "Ryan (chair): …"
    r"|[(\[][a-z][\w'’-]*(?: [\w'’-]+)?[)\]](?=\s*(?:,|&|\+|/|and\b|to\b|will\b))"  # "Kevin (lead) and Jon to …"
    r"|(?:et al\.?|(?:&|and|\+) (?:co\.?|others|friends))(?=[\s,:]|$))"  # "Jon et al. to …", "Jon & co"
)
_GITHUB_TEAM = re.compile(r"@(?P<team>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*[A-Za-z0-9])")
_INITIALS = re.compile(r"(?:[A-Z]\.){1,3}")  # "J.", "J.S.", "K.Z."
_SEP = re.compile(r"\s*(?:,\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*|\s*/\s*|\s*\+\s*|\s+(?=[<@]))", re.IGNORECASE)


def _owner_list(text: str, pos: int, names: _Names, mode: _Mode, speaker: str | None = None) -> list[_Owner]:
    out: list[_Owner] = []
    i = pos
    while True:
        o = _one_owner(text, i, names, mode, speaker)
        if o is None:
            break
        aff = _AFFILIATION.match(text, o.end) if o.ref.kind in ("name", "user") else None
        if aff:  # "Kevin (Arm) to review …": the affiliation is neither the owner's name nor the task
            o = _Owner(o.ref, o.start, aff.end(), o.strong)
        out.append(o)
        if len(out) >= 12:
            break
        sep = _SEP.match(text, o.end)
        if (
            (not sep or sep.end() == o.end)
            and o.strong
            and text[o.end : o.end + 1] == " "
            and names.match(text, o.end + 1)
        ):
            sep = _SPACE1.match(text, o.end)
        if not sep or sep.end() == o.end:
            break
        # "/" and spaces only join mentions, names and "me"
        nxt = _one_owner(text, sep.end(), names, mode, speaker)
        if nxt is None:
            break
        i = sep.end()
    return out


def _dedupe(owners: Iterable[OwnerRef]) -> tuple[OwnerRef, ...]:
    seen: list[OwnerRef] = []
    for o in owners:
        if o not in seen:
            seen.append(o)
    return tuple(seen)


@dataclass
class _Lead:
    owners: list[_Owner]
    task_start: int
    passive: bool = False
    ask: bool = False  # "Jon, can you …?": the question mark is not part of the task


_DETERMINER_AFTER_TO = re.compile(
    r"(?:the|a|an|our|their|his|her|its|my|your|this|that|these|those|all|each|every|some|any|us|them|him|me)\b"
)


def _plain_word_owner(o: _Owner) -> bool:
    """An unknown one-word owner that is also a verb or noun ("Mark", "Talk", "Budget")."""
    return not o.strong and " " not in o.ref.text and (o.ref.text.casefold() in _NOUNS or _verb_like(o.ref.text))


_NARRATIVE = _wordset(
    """
    was were is are has had have does did said says told brought thought felt saw made went got gave took found
    wrote ran came knew kept left lost met paid put read sent set spent stood understood won
    """
)


def _narrative(word: str) -> bool:
    """A verb form that reports ("Andy brought a concern", "Kevin mentioned …"), not one that assigns."""
    w = word.casefold()
    return w in _NARRATIVE or (w.endswith("ed") and len(w) > 4)


def _lead(text: str, names: _Names, speaker: str | None, irc_action: bool = False) -> _Lead | None:
    """Owners at the start of ``text`` and where the task starts, or None."""
    owners = _owner_list(text, 0, names, "lead", speaker)
    while owners:
        end = owners[-1].end
        rest = text[end:]
        if _PASSIVE.match(rest):
            return _Lead([], 0, passive=True)
        link = _LINK.match(rest)
        all_unknown = not any(o.strong for o in owners)
        if link:
            word = link.group().strip().casefold()
            after = rest[link.end() :]
            nxt_word = _words_at(after, 0, 1)
            nxt_verb = bool(nxt_word) and _verb_like(nxt_word[0][0])
            # "X to review", not "Talk to @jon"
            ok = (
                bool(re.match(r"[a-z]", after)) and not _DETERMINER_AFTER_TO.match(after)
                if word in ("to", ",to") or word.endswith(" to")
                else True
            )  # "X to review …", not "Welcome Priya to the group"
            if ok and len(owners) == 1 and _plain_word_owner(owners[0]):
                # "Mark to review" yes, "Budget: review" no, "Survey to close on 1 March" no: a noun is no name
                ok = nxt_verb and word[:1] not in ":-–—" and owners[0].ref.text.casefold() not in _NOUNS
            if ok and all_unknown and any(o.ref.text[:1].islower() for o in owners):
                ok = bool(_LINK_STRONG_WORD.match(rest))
            if ok:
                return _Lead(owners, end + link.end(), ask=link.group("ask") is not None)
        # "Leonardo check …": a name directly followed by a verb (or any word after a mention)
        nxt = _words_at(text, end + 1, 1) if text[end : end + 1] == " " else []
        if nxt:
            w = nxt[0][0]
            imperative = w[:1].islower() and _verb_like(w) and not w.endswith("ed")
            if any(not o.strong and o.ref.text.isupper() for o in owners):
                imperative = imperative and w.casefold() in _VERBS  # "LG share …" yes, "CFP closes …" no
            if (
                all(o.strong for o in owners)
                and (_verb_like(w) or not any(o.ref.kind == "group" and text[o.start] not in "@<" for o in owners))
                and w[:1].islower()
                and not _narrative(w)
                and (w.casefold() not in ("to", "will", "shall", "should", "and", "or", "of", "be"))
            ):
                return _Lead(owners, end + 1)  # known names, mentions: "Kevin Zhao review the deck"
            if (
                imperative
                and not any(_plain_word_owner(o) for o in owners)
                and all(
                    o.strong or _is_capitalised(o.ref.text) or (irc_action and " " not in o.ref.text) for o in owners
                )
            ):  # after MeetBot's "#action", "priya send the slides" names a nick
                return _Lead(owners, end + 1)
        # try a shorter list: "Kevin Review" does need it
        owners = owners[:-1]
    return None


_PASSIVE_AGENT = re.compile(r"\bby\s+(?=\S)", re.IGNORECASE)


def _passive_agents(text: str, names: _Names) -> tuple[list[_Owner], int, int] | None:
    for m in _PASSIVE_AGENT.finditer(text):
        owners = _owner_list(text, m.end(), names, "trail")
        if owners:
            end = owners[-1].end
            if re.match(r"^[\s.,;:!?)\]]*$|^\s*[,;(\[-]|^ [a-z]", text[end:]):
                return owners, m.start(), end
    return None


_TRAIL_BRACKET = re.compile(
    rf"[(\[]\s*(?:{_TRAIL_LABEL}\s*[:=-]?\s*)?(?P<list>[^()\[\]]{{1,120}}?)\s*[)\]]"
    r"[\s.!?;,]*$",
    re.IGNORECASE,
)
_TRAIL_SEP = re.compile(
    rf"(?:\s+(?:->|=>|→|-{{1,2}}|–|—|\|)\s*|\s*[,;]\s*|\s+)(?:{_TRAIL_LABEL}\b\s*[:=-]?\s*)?", re.IGNORECASE
)
_TRAIL_LABELLED = re.compile(rf"(?:^|[\s,;(\[-])(?P<label>{_TRAIL_LABEL})\b\s*[:=-]?\s*", re.IGNORECASE)
_OBJECT_WORDS = _wordset(
    """
    with to from for about and or of cc ping ask tell contact email invite thank remind including via loop
    involve notify inform message call meet sync help support assist introduce copy by between among than
    like re vs against into onto at on in
    """
)


def _trailing(text: str, names: _Names) -> tuple[list[_Owner], int] | None:
    """Owners at the end of ``text`` and where they begin (the task ends there), or None."""
    stripped = text.rstrip(" .!;,")
    # "(Kevin)", "[owner: Kevin, Jon]"
    m = _TRAIL_BRACKET.search(stripped)
    if m:
        owners = _owner_list(stripped, m.start("list"), names, "trail")
        labelled = (
            m.group()
            .lstrip("([ ")
            .casefold()
            .startswith(("owner", "assignee", "assigned", "responsible", "who", "ai", "action", "lead", "poc", "dri"))
        )
        if not owners and labelled:
            owners = _owner_list(stripped, m.start("list"), names, "bare")
        if owners and owners[-1].end == m.end("list"):
            return owners, m.start()
    # "owner: Kevin", "assigned to Kevin"
    for lm in _TRAIL_LABELLED.finditer(stripped):
        owners = _owner_list(stripped, lm.end(), names, "bare")
        if owners and owners[-1].end == len(stripped):
            return owners, lm.start()
    # "- Kevin", ", Kevin and Jon", "@kevin @jon"
    for sm in _TRAIL_SEP.finditer(stripped):
        if sm.start() == 0:
            continue
        owners = _owner_list(stripped, sm.end(), names, "trail")
        if not owners or owners[-1].end != len(stripped):
            continue
        sep = sm.group()
        if sep.strip() == "":
            # no separator: only mentions and @names, and not the object of "with", "to", …
            if not all(o.ref.kind == "user" or stripped[o.start] == "@" for o in owners):
                continue
            before = stripped[: sm.start()].split()
            if before and before[-1].casefold().strip(",") in _OBJECT_WORDS:
                continue
        elif sep.strip() in (",", ";"):
            # ", Kevin": only known names, mentions, groups; the task must not end in a preposition
            if not all(o.strong for o in owners):
                continue
            before = stripped[: sm.start()].split()
            if before and before[-1].casefold() in _OBJECT_WORDS:
                continue
        return owners, sm.start()
    return None


# ---------------------------------------------------------------------------------------------------------
# The task text

_DANGLING_END = re.compile(
    r"[\s,;:\-–—|/(\[]+$|\s*(?:->|=>|→)$|\s+(?:and|or|by|due|until|before|on|at|in)$", re.IGNORECASE
)
_DANGLING_START = re.compile(r"^[\s,;:\-–—|)\]]+")


def _cut(text: str, start: int, end: int) -> str:
    """``text`` without ``text[start:end]``, tidying only what the cut leaves behind at that point."""
    left, right = text[:start].rstrip(), text[end:].lstrip()
    if left.endswith(("(", "[", "{")) and right.startswith((")", "]", "}")):
        left, right = left[:-1].rstrip(), right[1:].lstrip()  # "(by Friday)" emptied
    elif not right or right.startswith((")", "]")):
        left = left.rstrip(" ,;:-–—|")  # "(Andy, by Friday)" -> "(Andy)"; "do it - 2024-03-12" -> "do it"
    elif left.endswith(("(", "[")):
        right = right.lstrip(" ,;:-–—|")  # "(by Friday, Andy)" -> "(Andy)"
    if not left:
        return right.lstrip(" ,;:-–—|")
    if not right:
        return left
    if right[:1] in ",.;!?)]" or (right[:1] == ":" and right[1:2] in ("", " ")):
        if left[-1:] in ",.;" and right[:1] == left[-1:]:
            return left + right[1:]  # "Kevin, by Friday, to send it" -> "Kevin, to send it"; no ".."
        return left + right
    return left + " " + right


def _clean_task(task: str) -> str:
    prev = None
    while prev != task:
        prev = task
        task = _DANGLING_END.sub("", task).strip()
        task = _DANGLING_START.sub("", task).strip()
        if task.endswith(".") and not task.endswith("..") and not re.search(r"\b(?:etc|e\.g|i\.e|[A-Z])\.$", task):
            task = task[:-1].rstrip()
        task = task.rstrip("!").rstrip() if task.endswith("!") and not task.endswith("(!)") else task
    return task


# ---------------------------------------------------------------------------------------------------------
# Public API


def _strip_markers(text: str, names: _Names) -> tuple[str, list[_Owner], str | None, bool]:
    """Remove minutes markers; the owners named in ``AI(name):``; the speaker; whether an IRC ``#action`` led."""
    owners: list[_Owner] = []
    speaker: str | None = None
    irc_action = False
    m = _SPEAKER_MARKER.match(text)
    if m:  # "Ryan: ACTION: Kevin to …", "Ryan: action on me to …": Ryan spoke; the marker says the rest
        speaker = m.group("sp")
        text = text[m.end() :]
    for _ in range(8):
        before = text
        m = _IRC_NICK.match(text)
        if m:
            speaker = m.group("nick") or m.group("nick2")
            text = text[m.end() :]
        m = _LEAD_JUNK.match(text)
        if m and m.end() > 0:
            irc_action = irc_action or m.group().lstrip().casefold().startswith("#action")
            ai = m.group("ai") or m.group("ai2")
            text = text[m.end() :]
            if ai:
                when = _AI_DUE.search(ai)
                if when:  # "Action (Kevin, due 1 Mar): …": the deadline goes with the task
                    ai, text = ai[: when.start()], f"{text} ({when.group('when')})"
                owners.extend(_owner_list(ai, 0, names, "bare", speaker))
        elif not owners:
            pm = _POSSESSIVE_MARKER.match(text)
            listed = _owner_list(pm.group("who"), 0, names, "bare", speaker) if pm else []
            if pm and listed and listed[-1].end == len(pm.group("who")):  # "Kevin's action: send the draft"
                owners.extend(listed)
                text = text[pm.end() :]
                continue
            m = _MARKER_THEN_OWNERS.match(text)
            listed = _owner_list(text, m.end(), names, "bare", speaker) if m else []
            if m and listed:
                after = text[listed[-1].end :]
                link = _AFTER_MARKER_OWNERS.match(after) or (m.group("on") and _AFTER_MARKER_ON.match(after))
                if link:
                    owners.extend(listed)
                    text = after[link.end() :]
        text = _TRAIL_JUNK.sub("", text)
        text = _LEAD_EMPHASIS.sub(r"\g<inner>", text, count=1)
        text = _TRAIL_EMPHASIS.sub(r"\g<inner>", text, count=1)
        if text == before:
            break
    return text.strip(), owners, speaker, irc_action


def _only_owners(line: str, names: _Names, speaker: str | None) -> list[_Owner] | None:
    """The owners when the whole line is nothing but an owner list ("Kevin", "<@U1> and me")."""
    stripped = line.rstrip(" .!?,;:")
    owners = _owner_list(stripped, 0, names, "lead", speaker)
    if not owners or owners[-1].end != len(stripped):
        return None
    for o in owners:
        if not o.strong and (
            o.ref.text.casefold() in _NOUNS or _verb_like(o.ref.text.split()[0]) or not _is_capitalised(o.ref.text)
        ):
            return None
    return owners


_TABLE_ROW = re.compile(r"^\|(?:[^|]*\|){2,}$")
_PIPE_ROW = re.compile(r"^[^|]+(?: \| [^|]+){2,}$")
_SKIP_CELL = re.compile(
    r"^(?:\#?\d{1,4}\.?|open|done|closed|in\s+progress|ongoing|pending|blocked|wip|not\s+started|completed?|new|"
    r"to\s?do|[✅❌☐☑✔✓-])$",
    re.IGNORECASE,
)
_TABLE_RULE = re.compile(r"^[\s|:\-]*$")


def _read_table_row(line: str, today: date, day_first: bool, names: _Names, anchors: Anchors) -> Reading:
    """A markdown table row from pasted minutes: one cell of owners, one of a date, the rest is the task."""
    if _TABLE_RULE.match(line):
        return Reading((), "", None, EMPTY_ERROR)
    cells = [c.strip() for c in line.strip("|").split("|")]
    owners: list[_Owner] = []
    due: Due | None = None
    error: str | None = None
    task_cells: list[str] = []
    for cell in cells:
        if not cell or _SKIP_CELL.match(cell):
            continue  # a row number or a status column
        if not owners:
            only = _only_owners(cell, names, None)
            if only is not None:
                owners = only
                continue
        if due is None and error is None:
            try:
                when = parse_when(cell, today=today, day_first=day_first, anchors=anchors)
            except DateError as exc:
                error = str(exc)
                continue
            if when is not None:
                due = when
                continue
        task_cells.append(cell)
    task = _clean_task(" | ".join(task_cells))
    if not task and error is None:
        error = NO_TASK_ERROR
    return Reading(_dedupe(o.ref for o in owners), task, due, error)


def _read(text: str, today: date, day_first: bool, names: _Names, anchors: Anchors) -> Reading:
    line = raw = _sanitize(text)
    if "~~" in line:  # struck out in the minutes: not part of the item ("~~by Friday~~ by Monday")
        line = _sanitize(_STRIKE.sub(" ", line))
    if not line:
        return Reading((), "", None, EMPTY_ERROR)
    if _TABLE_ROW.match(line):
        return _read_table_row(line, today, day_first, names, anchors)
    if line.count(" | ") >= 2:
        row = line
        for _ in range(4):  # "- [ ] Kevin | update the wiki | Friday": a row without its outer pipes
            m = _LEAD_JUNK.match(row)
            if not m or not m.end():
                break
            row = row[m.end() :]
        if _PIPE_ROW.match(row):
            return _read_table_row(row, today, day_first, names, anchors)
    original = raw  # owners must be words of the line as typed, even after struck-out text is dropped
    line, marked, speaker, irc_action = _strip_markers(line, names)
    if not line and not marked:
        return Reading((), "", None, EMPTY_ERROR)

    due: Due | None = None
    error: str | None = None
    found = find_due(line, today=today, day_first=day_first, anchors=anchors)
    if found is not None:
        due, error = found.due, found.error
        line = _cut(line, found.start, found.end)

    only = _only_owners(line, names, speaker)
    if only is not None and not marked:
        refs = _dedupe(o.ref for o in only if o.ref.kind in ("user", "me") or o.ref.text in original)
        return Reading(refs, "", due, error or NO_TASK_ERROR, speaker)
    if marked:
        owners, task, ask = list(marked), line, False
    else:
        owners, task, speaker, ask = _owners_and_task(line, names, speaker, True, irc_action)
    task = _clean_task(task)
    if ask and task.endswith("?"):
        task = task[:-1].rstrip()
    # Safety net: an owner is always words of the line (never words joined across a cut).
    refs = _dedupe(o.ref for o in owners if o.ref.kind in ("user", "me") or o.ref.text in original)
    if not any(ch.isalnum() for ch in task) and error is None:
        error = NO_TASK_ERROR  # nothing, or only punctuation, is left to do
    return Reading(refs, task, due, error, speaker)


_LET_ME = re.compile(r"^let\s+(?P<me>me)\s+(?!know\b)(?=[a-z])", re.IGNORECASE)
_REMIND = re.compile(r"^(?:please\s+)?remind\s+(?=\S)", re.IGNORECASE)


def _owners_and_task(
    line: str, names: _Names, speaker: str | None, allow_prefix: bool, irc_action: bool = False
) -> tuple[list[_Owner], str, str | None, bool]:
    """Owners and task of a line without markers or deadline: (owners, task, speaker, asked)."""
    m = _LET_ME.match(line)
    if m:
        me = _owner_list(line, m.start("me"), names, "lead", speaker)
        if me:
            return me[:1], line[m.end() :], speaker, False
    m = _REMIND.match(line)
    if m:
        # "remind me to renew the domain": the one to remind owns it
        listed = _owner_list(line, m.end(), names, "lead", speaker)
        if listed and re.match(r"\s+to\s+[a-z]", line[listed[-1].end :]):
            after = re.match(r"\s+to\s+", line[listed[-1].end :])
            assert after is not None
            return listed, line[listed[-1].end + after.end() :], speaker, False
    lead = _lead(line, names, speaker, irc_action)
    if lead is not None and lead.owners:
        rest = line[lead.task_start :]
        is_colon = line[lead.owners[-1].end : lead.task_start].strip().startswith(":")
        if allow_prefix and is_colon and len(lead.owners) == 1 and lead.owners[0].ref.kind != "me":
            # "Ryan: Carol is drafting …" — a speaker prefix when the rest has its own subject
            said_by = lead.owners[0].ref.text
            rest = _INTERJECTION.sub("", rest, count=1)  # "Ryan: ok, I will …", "Ryan: agreed. Kevin to …"
            inner = _lead(rest, names, said_by)
            own_subject = (
                inner is not None
                and bool(inner.owners)
                and not rest[inner.owners[-1].end : inner.task_start].strip().startswith(":")
            )
            if own_subject or (inner is not None and inner.passive) or _SUBJECTLESS_START.match(rest):
                owners, task, _, ask = _owners_and_task(rest, names, said_by, False)
                return owners, task, said_by, ask
        return lead.owners, rest, speaker, lead.ask
    if lead is not None and lead.passive:
        agents = _passive_agents(line, names)
        if agents:
            return agents[0], _cut(line, agents[1], agents[2]), speaker, False
        return [], line, speaker, False
    trail = _trailing(line, names)
    if trail:
        return trail[0], line[: trail[1]], speaker, False
    bracket = _bracketed(line, names)
    if bracket:
        return bracket[0], _cut(line, bracket[1], bracket[2]), speaker, False
    return [], line, speaker, False


_BRACKET = re.compile(r"[(\[](?P<list>[^()\[\]]{1,80})[)\]]")


def _bracketed(line: str, names: _Names) -> tuple[list[_Owner], int, int] | None:
    """Owners in brackets inside the line ("update the slide (Jonathan) before the call"): known names,
    mentions and groups only, so "(CoCo)" or "(optional)" stay in the task."""
    for m in _BRACKET.finditer(line):
        listed = _owner_list(line, m.start("list"), names, "trail")
        if listed and listed[-1].end == m.end("list") and all(o.strong for o in listed):
            return listed, m.start(), m.end()
    return None


def read_action(
    text: str,
    *,
    today: date,
    day_first: bool = True,
    names: Collection[str] = (),
    anchors: Anchors = _NO_ANCHORS,
) -> Reading:
    """`names`: the workspace members' known names (real names, display names, first names, aliases), used to
    tell where multi-word owner names end and to spot owners after the task. Never raises."""
    try:
        return _read(text, today, day_first, _index(names), anchors)
    except Exception:  # never let a strange line take the command down
        log.exception("could not read action line")
        return Reading(
            (),
            _sanitize(text) if isinstance(text, str) else "",
            None,
            "Sorry, I could not read that line. Try `" + EXAMPLE + "`.",
        )


_OWNER_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\+|/)\s*|\s+(?=[<@])", re.IGNORECASE)


def read_owners(text: str, *, names: Collection[str] = ()) -> tuple[OwnerRef, ...]:
    """A bare owner list, as in `/action assign 3 Leonardo and <@U123>` or `/action list @kevin`."""
    try:
        line = _sanitize(text)
        idx = _index(names)
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
            listed = _owner_list(line, pos, idx, "bare")
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
        return _dedupe(refs)
    except Exception:  # pragma: no cover - defensive, mirrors read_action
        log.exception("could not read owners")
        return ()


def _normalise_for_compare(s: str) -> str:  # used by tests and the accuracy bench
    return unicodedata.normalize("NFC", _SPACES.sub(" ", s).strip())
