"""The task text: the line without what was taken out (markers, owners, the deadline), tidied only at the cuts.

An owner is always words of the line as typed; the task is the line's own words, tidied only where a marker, an
owner or the deadline was taken out.  A task with no letters or digits is no task.
"""

from __future__ import annotations

import re

# What joins owners named apart from the task to it ("Action Dan:: will provide …", "(Italo) - To update …").
CONNECTIVE = re.compile(
    r"^(?:to|will|shall|should|must|is\s+to|is\s+going\s+to|needs?\s+to|has\s+to)\s+(?=[a-z])", re.IGNORECASE
)
_DANGLING_END = re.compile(
    r"[\s,;:\-–—|/(\[]+$|\s*(?:->|=>|→)$|\s+(?:and|or|by|due|until|before|on|at|in)$", re.IGNORECASE
)
_DANGLING_START = re.compile(r"^[\s,;:\-–—|)\]]+")


def cut(text: str, start: int, end: int) -> str:
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
    if left.endswith(("(", "[")):
        return left + right  # "imbalanced-learn (Guillaume will open an issue)" -> "imbalanced-learn (open an issue)"
    if right[:1] in ",.;!?)]" or (right[:1] == ":" and right[1:2] in ("", " ")):
        if left[-1:] in ",.;" and right[:1] == left[-1:]:
            return left + right[1:]  # "Kevin, by Friday, to send it" -> "Kevin, to send it"; no ".."
        return left + right
    return left + " " + right


_DONE_MARK = re.compile(r"\s*(?:[-–—]\s*)?[✓✔✗✘]$")
_QUOTES = ('"', "“", "”")


def clean_task(task: str) -> str:
    """The task tidied at its ends: dangling joiners and punctuation, a final full stop or "!", a done mark ("- ✓"),
    and a quotation mark whose partner was cut off ("see to it that it is up to date.\"")."""
    prev = None
    while prev != task:
        prev = task
        task = _DANGLING_END.sub("", task).strip()
        task = _DANGLING_START.sub("", task).strip()
        task = _DONE_MARK.sub("", task)
        if task.endswith(".") and not task.endswith("..") and not re.search(r"\b(?:etc|e\.g|i\.e|[A-Z])\.$", task):
            task = task[:-1].rstrip()
        task = task.rstrip("!").rstrip() if task.endswith("!") and not task.endswith("(!)") else task
        if task[-1:] in _QUOTES and sum(task.count(q) for q in _QUOTES) % 2:
            task = task[:-1].rstrip()
        if task[:1] in _QUOTES and sum(task.count(q) for q in _QUOTES) % 2:
            task = task[1:].lstrip()
    return task
