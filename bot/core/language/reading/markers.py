"""What is not words of the item: control characters, and the markers of pasted minutes around the line.

Removed: bullets (also a lone "o"), numbers ("1.", "[113]", a lettered "A. Prepare …"), checkboxes, IRC timestamps
("14:02", "(20:39:25)") and ``<nick>``, ``ACTION:``, ``ACTIONS:``, ``[ACTION]``, ``[NEW] ACTION:``, ``ACTION-12:``,
``Action item 3:``, ``Next action:``, ``OWNER:``, ``CARRIEDOVER:``, ``AI:``, ``AI(name):``, ``#action``, ``TODO:``,
``TODO(name):``, a marker written as a markdown link (``[Action Point #39](https://…)``), W3C ``[recorded in …]``
and MeetBot ``(nick, 14:02:11)`` / ``(@nick:server, 14:02:11)`` trailers.  The name inside ``AI(name):`` /
``TODO(name):`` / ``AI [name]:`` is the owner, and so are the owners right after a marker: ``ACTION Kevin:``,
``Action Matt::``, ``TODO Kevin -``, ``ACTION on Kevin to …``, ``Action assigned to Kevin:``, ``Action point:``,
``AP:``, "Kevin's action: …", "For Kevin: …", "Assigned to Kevin: …", "Assign to Kevin: …", "Waiting for @kevin to
…".  A deadline inside that bracket goes with the task (``Action (Kevin, due 1 Mar):``).  Also removed: an IRC
speaker written ``ryan: #action …`` or ``20:01 * ryan …`` (an IRC "/me" line), a topic or speaker before a marker
("• budget: ACTION: …"), a greeting before a mention ("hey @kevin can u …"), "Yes," / "ok," at the start, a trailing
status ("- OPEN", "(done)", "- ✓", "[DONE; booked on Monday]", "STATUS: On hold."), a question in brackets at the end
("(what about the others?)"), thanks ("? thanks!"), and placeholders for a missing owner ("TBD:", "TBD to …",
"??:"), which leave the item unassigned.  Text struck out in markdown (``~~by Friday~~ by Monday``, ``~~Kevin~~
Jon:``) is not read at all, unless the whole line is struck out (a done item in the minutes): then it is read as it
stands.

Decisions:

* A speaker prefix before a marker ("Ryan: ACTION: Kevin to …", "Ryan: action on me to …") names who spoke
  (so "me" is Ryan); the marker's own words decide the owner.  Interjections after a prefix or at the start
  ("Ryan: agreed. Kevin to …", "ok, I will …", "+1, …") are not the task.
* Status prefixes ("Carried over from last meeting:", "Still open:", "(carried over)") are markers, and so are
  "Next steps:" and "Follow-ups:".  "Waiting for review by …" is a status before the item.
* An explicit action marker (not a bullet, a number or a status) tells the owner readers that what follows is an
  item: a name before any form of a verb is then its owner ("ACTION: Trevor gets students onto the list").
* Decoration is not task text: Slack emoji codes at either end (":pushpin:", ":pray:"), emoji at the end, and
  trailing "!".
"""

from __future__ import annotations

import re

from bot.core.language.reading.names import Known
from bot.core.language.reading.owners import OwnerAt, owner_list
from bot.core.language.reading.vocabulary import verb_like

# What leads a pasted line: bullets, numbers, checkboxes, timestamps, greetings, statuses, action markers.
LEAD_JUNK = re.compile(
    r"""^(?:
        \s+
      | [-*•·◦▪‣+>]+\s+ | [-*•]\s*(?=\[) | (?-i:o)\s+(?=[A-Z(\[])
      | \d{1,3}[.)]\s+ | \(\d{1,3}\)\s+ | \[\d{1,4}\]\s+ | (?-i:[a-z])[.)]\s+(?=\S) | [A-Z]\)\s+(?=\S)
      | \[[ xX✓✔]?\]\s* | [☐☑✅✔✓]\s*
      | [\[(]?\d{1,2}:\d{2}(?::\d{2})?[\])]?\s+
      | \[\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?[^\]]{0,8}\]\s+
      | (?:unassigned|tbd|tba|tbc|owner\s+tbd|nobody\s+yet|\?{2,})\s*(?:[:\-–—]\s*|\s+to\s+(?=[a-z]))
      | (?:hey|hi|hello|yo)\b[,!]?\s+(?=[@<]|[A-Z])
      | (?:carried\s*over(?:\s+from\s+(?:the\s+)?(?:last|previous)\s+(?:meeting|call|week))?|still\s+open|owners?|
         open|pending|ongoing|in\s+progress|continued|new)\s*:\s*
      | \((?:carried\s+over|continued|open|pending|ongoing|new)\)\s*
      | :[a-z0-9_+-]{2,40}:\s+
      | (?:\+1|ok(?:ay)?|sure|yes|yep|yeah|sounds\s+good|agreed)\s*[,.!]\s*(?=\S)
      | \d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?\S*\s+
      | (?:\*\*\*?|__)(?=\w) | (?:\*\*\*?|__)\s*
      | \#(?:action|agreed|info|topic|idea|help|link|todo)\b:?\s*
      | \[(?:new|pending|continues|continued|done|dropped|open|closed|ongoing|carried\s+over|actions?)\]\s*
      | (?:(?:new|open|pending|carried\s+over|next)\s+)?
        (?:actions?(?:\s+items?|\s+points?)?|a\.?i\.?|ap|todo|to-do|to\s+do|task|follow[-\s]?ups?|next\s+steps?)
        (?:[-\s]?\#?\d+(?:\.\d+)*)?\s*(?:\((?P<ai>[^()]{1,80})\)|\[(?P<ai2>[^\[\]]{1,80})\])?\s*(?:\*\*|__)?\s*
        [:\-–—]+\s*(?:\*\*|__)?\s*
      | waiting\s+(?:for|on)\s+(?=(?:review|approval|feedback|comments|input|sign-off|confirmation)\b)
      | (?:action|todo)\s+(?=@)
      | action\s+(?=to\s+[a-z])
      | todo\s+(?=[a-z])
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_LEAD_EMPHASIS = re.compile(r"^(?P<e>\*\*|__|\*|_)(?P<inner>[^*_\s](?:[^*_]{0,78}[^*_\s])?)(?P=e)(?=[\s:,]|$)")
_TRAIL_EMPHASIS = re.compile(r"(?P<e>\*\*|__|\*|_)(?P<inner>\([^()]{1,80}\)|\[[^\[\]]{1,80}\])(?P=e)\s*$")
_IRC_NICK = re.compile(
    r"^(?:<(?!@|!)(?P<nick>[^<>\s]{1,32})>|(?P<nick2>[A-Za-z][\w.|-]{0,31}):(?=\s+\#(?:action|agreed)\b))\s+"
)
# An IRC "/me" line after its timestamp: "20:01 * kevin jon to review …" was said by kevin.
_IRC_ME = re.compile(r"^[\[(]?\d{1,2}:\d{2}(?::\d{2})?[\])]?\s+\*\s+(?P<nick>[\w|.\[\]`^{}-]{1,32})\s+(?=\S)")
# "ACTION Kevin: …", "TODO Kevin - …", "ACTION on Kevin: …", "Action for Kevin to …": the owners follow the marker
_MARKER_THEN_OWNERS = re.compile(
    r"^(?:(?:actions?(?:\s+items?|\s+points?)?|a\.?i\.?|ap|todo)\s+(?P<on>(?:on|for|assigned\s+to)\s+)?"
    r"|(?P<wait>waiting\s+(?:for|on)\s+)|(?:for|assign(?:ed)?\s+to|assignee|owners?)\s+)(?=\S)",
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
INTERJECTION = re.compile(
    r"^(?:\+1|ok(?:ay)?|sure|agreed|yes|yep|yeah|right|sounds\s+good|good\s+idea|great|fine)\s*[,.!;:]\s*(?=\S)",
    re.IGNORECASE,
)
_AI_DUE = re.compile(r"\s*[,;]?\s*(?P<when>(?:due|by|deadline|until|before)\b.*)$", re.IGNORECASE)
_AFTER_MARKER_OWNERS = re.compile(r"^\s*(?:\*\*|__)?\s*(?::+|[-–—]\s)\s*(?:\*\*|__)?\s*")
_AFTER_MARKER_ON = re.compile(r"^\s+to\s+(?=[a-z])")
# A marker written as a markdown link ("[Action Point #39](https://…) (Kevin): …"): its label is the marker.
_LINK_MARKER = re.compile(r"^\[(?P<label>(?:actions?|a\.?i\.?|todo)\b[^\[\]]{0,40})\]\([^()\s]{1,300}\)", re.IGNORECASE)
# A list lettered "A.", "B.": a capital, a dot, then a verb ("A. Prepare a notice"; "J. Smith will …" is a name).
_LETTER_ITEM = re.compile(r"^[A-Z]\.\s+(?=(?P<w>[A-Z][a-z]+)\b)")
# An explicit action marker (not a bullet, a number or a status): what follows it is an item.
_ACTION_WORD = re.compile(r"\s*(?:\#action|\[?actions?\b|a\.?i\.?\b|todo\b|to-do\b|next\s+actions?\b)", re.IGNORECASE)
# Text struck out in markdown: not read at all ("~~by Friday~~ by Monday").
STRIKE = re.compile(r"~~[^~]{1,200}~~")
# What is left at the end of a pasted row: a W3C or MeetBot trailer, a status ("- OPEN", "(done)"), thanks, emoji.
_TRAIL_JUNK = re.compile(
    r"""(?:
        \s*\[\s*recorded\s+in\s+[^\]]*\]
      | \s*\((?:[@\w\-|`^\[\]{}.:]{1,64}),\s*\d{1,2}:\d{2}(?::\d{2})?\)
      | \s*\[(?:done|closed|open|pending|ongoing|dropped)\s*[;:,.][^\[\]]{0,200}\]
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


def sanitize(text: str) -> str:
    """Control and invisible characters as spaces, runs of spaces as one."""
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def _bracket_owners(ai: str, text: str, known: Known, speaker: str | None) -> tuple[list[OwnerAt], str]:
    """The owners in ``AI(Kevin):``; a deadline in the bracket goes with the task (``Action (Kevin, due 1 Mar):``)."""
    when = _AI_DUE.search(ai)
    if when:
        ai, text = ai[: when.start()], f"{text} ({when.group('when')})"
    return owner_list(ai, 0, known, "bare", speaker), text


def _possessive(text: str, known: Known, speaker: str | None) -> tuple[list[OwnerAt], str] | None:
    """The owners of a possessive marker ("Kevin's action: send the draft"), and the rest."""
    pm = _POSSESSIVE_MARKER.match(text)
    listed = owner_list(pm.group("who"), 0, known, "bare", speaker) if pm else []
    if pm and listed and listed[-1].end == len(pm.group("who")):
        return listed, text[pm.end() :]
    return None


def _owners_after_marker(text: str, known: Known, speaker: str | None) -> tuple[list[OwnerAt], str] | None:
    """The owners right after a marker ("ACTION Kevin: …", "TODO Kevin - …", "ACTION on Kevin to …"), and the rest."""
    m = _MARKER_THEN_OWNERS.match(text)
    listed = owner_list(text, m.end(), known, "bare", speaker) if m else []
    if m and listed:
        after = text[listed[-1].end :]
        link = (not m.group("wait") and _AFTER_MARKER_OWNERS.match(after)) or (
            (m.group("on") or m.group("wait")) and _AFTER_MARKER_ON.match(after)
        )
        if link:
            return listed, after[link.end() :]
    return None


# A status note after the item ("… . STATUS: On hold.", "- Status: carried forward"), a question in brackets at the
# end ("(what about the others?)"): comments on the item, not its words.
_STATUS_NOTE = re.compile(r"(?:^|\s*[.;]\s+|\s+[-–—]\s+)status\s*:\s.{0,300}$", re.IGNORECASE)
_BRACKET_QUESTION = re.compile(r"\s*\([^()]{0,120}\?\)\s*$")


def _tidy_end(text: str) -> str:
    """Without a trailer, status or thanks at the end, nor emphasis around a final bracket (each, as often as they
    stand there: "- OPEN (done)")."""
    for _ in range(4):
        before = text
        if "tatus" in text or "TATUS" in text:
            text = _STATUS_NOTE.sub("", text)
        if text.endswith("?)"):
            text = _BRACKET_QUESTION.sub("", text)
        cut_at = max(0, len(text) - 200)  # what is cut at the end is short: look only there (long lines stay linear)
        text = text[:cut_at] + _TRAIL_JUNK.sub("", text[cut_at:])
        text = _TRAIL_EMPHASIS.sub(r"\g<inner>", text, count=1)
        if text == before:
            break
    return text


def strip_markers(text: str, known: Known, speaker: str | None = None) -> tuple[str, list[OwnerAt], str | None, bool]:
    """Remove minutes markers; the owners named in ``AI(name):``; the speaker (``speaker`` when the markers name
    none); whether an explicit action marker led (``#action``, ``ACTION:``, ``TODO:``, …)."""
    owners: list[OwnerAt] = []
    irc_action = False
    tidied = None  # the end of the text once tidied: markers only come off the front, so it is tidied once
    me = _IRC_ME.match(text)
    if me:
        speaker, text = me.group("nick"), text[me.end() :]
    for _ in range(8):
        before = text
        m = _SPEAKER_MARKER.match(text)
        if m and not owners:  # "Ryan: ACTION: Kevin to …", "• budget: ACTION: …": the marker says the rest
            speaker, text = m.group("sp"), text[m.end() :]
        m = _IRC_NICK.match(text)
        if m:
            speaker, text = m.group("nick") or m.group("nick2"), text[m.end() :]
        text = _LINK_MARKER.sub(r"\g<label>", text, count=1)
        m = _LETTER_ITEM.match(text)
        if m and verb_like(m.group("w")):
            text = text[m.end() :]
        m = LEAD_JUNK.match(text)
        if m and m.end() > 0:
            irc_action = irc_action or bool(_ACTION_WORD.match(m.group()))
            text = text[m.end() :]
            ai = m.group("ai") or m.group("ai2")
            if ai:
                listed, text = _bracket_owners(ai, text, known, speaker)
                owners.extend(listed)
        elif not owners:
            possessive = _possessive(text, known, speaker)
            if possessive:
                owners.extend(possessive[0])
                text = possessive[1]
                continue
            marked = _owners_after_marker(text, known, speaker)
            if marked:
                owners.extend(marked[0])
                text = marked[1]
        text = _LEAD_EMPHASIS.sub(r"\g<inner>", text, count=1)
        if text[-40:] != tidied:
            text = _tidy_end(text)
            tidied = text[-40:]
        if text == before:
            break
    return text.strip(), owners, speaker, irc_action
