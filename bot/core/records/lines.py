"""What any reader needs to know about one line of minutes: a speaker prefix, a decision, the next meeting, a
section's name, a list of people, a date in a title. Each rule is a small named function; the readers and
`sections` combine them.

Decisions, made on the real documents in tests/core/records/documents/:

* A speaker prefix is one to four capitalised words (or one lower-case nick) and a colon: "Leonardo: …",
  "Eric Huss: …", "kathyeng: …". Labels that are not people ("Note:", "Goal:", "Q:", "TODO:") are not speakers.
* A decision is a line marked as one ("AGREED:", "RESOLVED:", "Resolution:", "Decision:") or one that says so
  ("We will not …", "We won't …", "We agreed to …", "Resolved to merge.", "No objections to …"), after any
  speaker prefix. "We will continue …" states a plan, not a decision, and stays in the minutes.
* The next meeting is a date in a line that says "next meeting" (or "next call"), read against the meeting's own
  day ("Next meeting is on Aug 3rd", "2 weeks from now" under a "Next meeting" heading).
"""

from __future__ import annotations

import re
from datetime import date

from bot.core.language import MONTHS, DateError, find_due, make_date

_SPEAKER = re.compile(
    r"^(?P<name>(?:[A-Z][\w'’.\-]*|@[\w.\-]+)(?:\s+[A-Z][\w'’.\-]*){0,3}|[a-z][a-z0-9_\-]{1,30})"
    r"\s*(?:\([^()]{1,40}\))?\s*:\s+(?P<text>\S.*)$"
)
NOT_SPEAKERS = frozenset(
    [
        "note",
        "notes",
        "nb",
        "todo",
        "to-do",
        "action",
        "actions",
        "ai",
        "q",
        "a",
        "goal",
        "goals",
        "edit",
        "decision",
        "decisions",
        "resolution",
        "resolved",
        "agreed",
        "accepted",
        "rejected",
        "update",
        "updates",
        "link",
        "links",
        "info",
        "reminder",
        "done",
        "outcome",
        "question",
        "answer",
        "proposal",
        "proposed",
        "agenda",
        "topic",
        "topics",
        "summary",
        "status",
        "date",
        "time",
        "when",
        "where",
        "who",
        "what",
        "why",
        "how",
        "re",
        "fyi",
        "eta",
        "pr",
        "url",
        "name",
        "height",
        "recording",
        "tldr",
        "also",
        "example",
        "context",
        "background",
        "result",
        "results",
        "conclusion",
        "problem",
        "issue",
        "issues",
        "idea",
        "help",
        "minutes",
        "present",
        "regrets",
        "chair",
        "chairs",
        "scribe",
        "scribes",
        "attendees",
        "attendance",
        "council",
        "apologies",
        "observers",
        "guests",
        "absent",
        "missing",
        "participants",
        "previous",
        "discussion",
        "next",
        "steps",
        "next",
        "meeting",
        "project",
        "mailing",
        "list",
        "deadline",
        "owner",
        "owners",
        "due",
        "see",
        "warning",
        "important",
        "announcement",
        "announcements",
        "agreement",
        "consensus",
        "vote",
        "votes",
        "motion",
        "follow-up",
        "follow",
        "up",
        "ps",
        "p.s",
        "e.g",
        "i.e",
        "etc",
        "http",
        "https",
        "mailto",
    ]
)
_MULTI_WORD_LABELS = frozenset(
    {"previous discussion", "next steps", "next meeting", "project mailing list", "follow up", "github issue"}
)

_MARKED_DECISION = re.compile(
    r"^(?:\*\*)?(?:AGREED|ACCEPTED|RESOLVED|RESOLUTION(?:\s*#?\d+)?|DECISION|DECIDED)(?:\*\*)?\s*:\s*(?P<text>\S.*)$",
    re.IGNORECASE,
)
_SAID_DECISION = re.compile(
    r"^(?:we\s+will\s+not|we\s+won['’]t|we\s+will\s+no\s+longer|we\s+(?:have\s+|had\s+)?(?:agreed|decided)\b"
    r"|(?:it\s+was\s+|it\s+is\s+)?(?:agreed|decided)\s+(?:to|that|on)\b|resol(?:ved|ution)\s+to\b"
    r"|no\s+objections?\s+to\b|consensus\s+(?:is|was|to|that|on)\b)",
    re.IGNORECASE,
)
_NEXT_MEETING = re.compile(r"\bnext\s+(?:meeting|call|sync|telecon|teleconf)\b", re.IGNORECASE)

_SECTIONS = {
    "actions": "action items|action item|actions|action points|action list|tasks|todo|to do|to-dos|todos|next steps"
    "|follow-ups|follow ups|followups|new action items",
    "updates": "project updates|updates|status updates|workstream updates|project status|projects|updates by project",
    "decisions": "decisions|decision log|decisions made|resolutions|summary of resolutions|agreements",
    "events": "events|upcoming events|conferences|events and conferences",
    "attendees": "attendees|attendance|present|participants|people present|who is here|roll call|members present",
    "regrets": "regrets|apologies|absent|missing|not present",
    "next": "next meeting|next meetings|upcoming meetings|next call",
    "agenda": "agenda|agenda items|proposed agenda",
    "minutes": "minutes|notes|discussion|discussion items|discussion topics|meeting notes|meeting minutes|discussions",
    "date": "date|meeting date|when",
    "other": "links|goals|related materials|related info|resources|whiteboard|contents|content|table of contents"
    "|any other business|aob|diagnostics",
}
SECTION_OF = {name: kind for kind, names in _SECTIONS.items() for name in names.split("|")}
_DECORATION = re.compile(r"^[^\w@#(\[]+|[\s:：.*_#]+$")


def speaker(line: str) -> tuple[str, str] | None:
    """(speaker, what they said) when the line starts with a speaker prefix, else None."""
    found = _SPEAKER.match(line)
    if found is None:
        return None
    name = found.group("name").strip()
    key = name.lstrip("@").casefold()
    if key in NOT_SPEAKERS or key in _MULTI_WORD_LABELS or name.split()[0].casefold() in ("the", "our", "this"):
        return None
    if name.isupper() and len(name) > 3 and " " not in name:
        return None  # "ACTION:", "TODO:", "RELENG:": a marker or a label, not a person
    return name.lstrip("@"), found.group("text").strip()


def decision(line: str) -> str | None:
    """The decision a line records (without its marker or speaker prefix), or None."""
    text = line.strip()
    said = speaker(text)
    if said is not None:
        text = said[1]
    marked = _MARKED_DECISION.match(text)
    if marked is not None:
        return marked.group("text").strip().strip("*").strip()
    if _SAID_DECISION.match(text):
        return text
    return None


def section_kind(title: str) -> str | None:
    """What a heading's section holds ("actions", "updates", "decisions", "events", "attendees", "regrets", "next",
    "agenda", "minutes", "date", "other"), or None for a topic of its own. Emoji, numbering, bold and a trailing
    colon are not part of the name ("✅ Action items", "5. Action Items", "Attendees:")."""
    name = _DECORATION.sub("", title.strip())
    name = re.sub(r"^\d+[.)]\s*", "", name)
    return SECTION_OF.get(" ".join(name.split()).casefold())


def next_meeting(line: str, meeting_day: date | None, *, under_heading: bool = False) -> date | None:
    """The next meeting's date when the line names it ("Next meeting is on Aug 3rd"); with `under_heading` the line
    is under a "Next meeting" heading and need not say so itself. Read against the meeting's own day."""
    if meeting_day is None:
        return None
    found = _NEXT_MEETING.search(line)
    if found is None and not under_heading:
        return None
    rest = line[found.end() :] if found else line
    due = find_due(rest, today=meeting_day)
    if due is None or due.due is None or due.due.on is None or due.due.on <= meeting_day:
        return None
    return due.due.on


_NAME_NOISE = re.compile(r"\s*(?:\([^()]*\)|\[[^\]]*\]|<[^>]*>)\s*")
_HANDLE = re.compile(r"(?<=\S)\s+@[\w.\-]+")
_CHECKBOX = re.compile(r"^\[( |x|X)\]\s+")


def people(line: str) -> list[str]:
    """The names in an attendee line: "Colin Ihrig @cjihrig (TSC)", "@Hrvoje Dakovic", "Carol, Mark, Eric Holk",
    "Florian Rivoal (Florian), Kris Maglione (kamg)". A label before a colon is not a name."""
    text = _CHECKBOX.sub("", line.strip())
    if ":" in text and not text.startswith("http"):
        head, _, tail = text.partition(":")
        if len(head.split()) <= 3:
            text = tail
    found = []
    for part in re.split(r",|;|\band\b|&", text):
        name = _HANDLE.sub("", _NAME_NOISE.sub(" ", part)).strip().strip(".*_ ").lstrip("@").replace("_", " ")
        name = " ".join(name.split())
        if name and name != "-" and len(name) <= 80 and any(ch.isalpha() for ch in name):
            found.append(name)
    return found


_ISO = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_COMPACT = re.compile(r"(?<!\d)(20\d{2}|19\d{2})(\d{2})(\d{2})(?!\d)")
_DAY_MONTH_YEAR = re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})(?!\d)")
_MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)")


def date_in(text: str) -> date | None:
    """A whole date written in a title or a file name: 2024-01-05, 2019/01/18, 20190118, 28 October 2021,
    May 5, 2016. The first that exists."""
    for pattern, order in ((_ISO, "ymd"), (_DAY_MONTH_YEAR, "dmy"), (_MONTH_DAY_YEAR, "mdy"), (_COMPACT, "ymd")):
        for found in pattern.finditer(text):
            day = _make(found.groups(), order)
            if day is not None:
                return day
    return None


def _make(groups: tuple[str, ...], order: str) -> date | None:
    parts = dict(zip(order, groups, strict=True))
    month = parts["m"]
    number = MONTHS.get(month.lower()) if not month.isdigit() else int(month)
    if not number:
        return None
    try:
        return make_date(int(parts["y"]), number, int(parts["d"]))
    except (DateError, ValueError):
        return None


def title_like(line: str) -> bool:
    """A line that reads as a heading: short, no sentence end, no speaker, no table."""
    text = line.strip()
    return (
        0 < len(text) <= 120
        and len(text.split()) <= 10
        and not text.endswith((".", "!", "?", ":", ";", ","))
        and "|" not in text
        and speaker(text) is None
        and (text[0].isupper() or text[0].isdigit())
    )


_ACRONYM = re.compile(r"\(([A-Z][A-Z0-9&\-]{1,15})\)\s*$")


def project_name(heading: str) -> str:
    """A project's short name: the acronym in brackets ("Deploy CCA on Arm Platforms (DCAP)" is DCAP), else the
    heading without a trailing colon."""
    found = _ACRONYM.search(heading)
    return found.group(1) if found else heading.strip().rstrip(":").strip()


def names_a_project(heading: str) -> bool:
    """A heading that names a project rather than a topic: it carries its acronym, or is at most three words."""
    return _ACRONYM.search(heading) is not None or len(heading.rstrip(":").split()) <= 3
