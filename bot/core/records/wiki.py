"""The committee's wiki page pasted as text (../shared/examples/meeting-notes-confluence-export.txt), and the same
page as Confluence storage XHTML (`confluence`): format "wiki".

The pasted page has no heading levels: bullets ("- "), section names as lines ("Action Items", "- Project
updates", "- Events"), `Speaker: text` lines. `sections.read_blocks` sorts them (see its rules); here each line is
a flat Block, told whether a speaker's line follows it. Action items on this page write their due date
`//dd-mm-yyyy`, day first, whatever the committee's setting. The page gives no date: the meeting's day comes
from the file's name when it holds one, else from whoever imports it.
"""

from __future__ import annotations

import re
from datetime import date

from bot.core.records import lines
from bot.core.records.notes import Notes, unique
from bot.core.records.sections import Block, attendees_of, read_blocks

_BULLET = re.compile(r"^\s*(?:[-*•◦▪‣]|\d{1,3}[.)])\s+")


def read_wiki_text(text: str, *, name: str = "", day: date | None = None) -> Notes:
    """`day`: the meeting's day when the page gives none, to read "next meeting on Friday" from."""
    raw = [_BULLET.sub("", line).strip() for line in text.splitlines()]
    kept = [line for line in raw if line]
    blocks = [
        Block(line, flat=True, leads=n + 1 < len(kept) and lines.speaker(kept[n + 1]) is not None)
        for n, line in enumerate(kept)
    ]
    own = _dated(kept) or (lines.date_in(name) if name else None)
    draft = read_blocks(blocks, meeting_day=own or day, day_first_actions=True)
    return Notes(
        format="wiki",
        title=_title(kept),
        date=own,
        attendees=attendees_of(draft),
        topics=unique(draft.topics),
        minutes=tuple(draft.minutes),
        actions=tuple(draft.actions),
        decisions=unique(draft.decisions),
        updates=tuple(draft.updates),
        events=tuple(draft.events),
        next_meeting=draft.next_meeting,
        skipped=tuple(draft.skipped),
    )


def _title(kept: list[str]) -> str:
    """The page's first line when it reads as a title and is not a section's name ("Action Items")."""
    first = kept[0] if kept else ""
    return first[:200] if lines.title_like(first) and lines.section_kind(first) is None else ""


def _dated(kept: list[str]) -> date | None:
    """The day a "Date: 10 January 2024" line gives."""
    for line in kept:
        label, colon, rest = line.partition(":")
        if colon and lines.section_kind(label) == "date" and (found := lines.date_in(rest)):
            return found
    return None
