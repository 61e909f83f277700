"""Rows of an action table whose cells ran together (who, when, what), as a web page's table reads once its cell
borders are lost: "LR31 Jan provide the budget", "Editors28 FebRevise the draft", "SB1 Aprilto update the site",
"JU, JF 31 May 2007Develop a survey", "DO Dec. 18Formulate the question", "CW? to draft the terms".

Decisions:

* The row starts with its owners: initials ("LR", "MJD"), capitalised names or groups ("Editors", "All", "Board"),
  joined by "/", ",", "&" or "and", then the "when" cell, then the task.  The cells may touch ("Aprilto",
  "2007Draft").
* The "when" cell is a day and month ("31 Jan", "1 Mar 04", "Dec. 18"), a month with an optional year
  ("March 2007", "mid-March 2007"), read as a deadline with no keyword (a month alone is its last day); or "?"
  (no date yet: not task text); or "asap" / "immediate", which stay at the front of the task ("asap review the
  drafts"), with no date.
* Without a "when" cell, owners that are initials or a group before a capitalised verb are a row too
  ("DO Arrange the mug", "DO, DP, JF Continue the discussion", "All Review the draft").
* Words that are not names never start a row: a verb that is no first name ("Send 1 March …"), a common noun
  ("Budget 31 March …"), a month or weekday, an abbreviation ("PR", "FYI", "EOD").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from bot.core.kernel.model import Anchors
from bot.core.language.dates import DateError, Due, parse_when
from bot.core.language.dates.vocabulary import MONTH, MONTHS, WEEKDAYS
from bot.core.language.reading.names import Known
from bot.core.language.reading.owners import OwnerAt, owner_list
from bot.core.language.reading.task import CONNECTIVE
from bot.core.language.reading.values import OwnerRef
from bot.core.language.reading.vocabulary import FUNCTION_WORDS, NAME_VERBS, NOUNS, base_verb, verb_like

_WHO_WORD = r"(?:[A-Z]{2,4}|[A-Z][a-z]{2,14}|all|editors|board)"
_WHO = rf"{_WHO_WORD}(?:\s*(?:/|,\s*and\b|,|&|\band\b)\s*{_WHO_WORD})*"
_WHEN = (
    rf"(?i:\d{{1,2}}\s*{MONTH}(?:\s*(?:\d{{4}}|\d{{2}}(?!\d)))?"
    rf"|(?:mid-|early-|end-|late-)?{MONTH}(?:\s*\d{{1,2}}(?![\d:]))?(?:\s*\d{{4}})?)"
)
_ROW = re.compile(
    rf"^(?P<who>{_WHO})\s*(?:(?P<when>{_WHEN})|(?P<unknown>\?)|(?P<vague>(?i:asap|immediate(?:ly)?)))?"
    r"\s*(?P<what>[A-Za-z].*)$"
)
_NOT_WHO = frozenset(
    {"pr", "ci", "cd", "qa", "api", "ui", "ux", "faq", "eta", "eod", "cob", "eow", "eom", "tbd", "tba", "fyi", "nb"}
)


def _is_who(word: str) -> bool:
    """Whether a word of the "who" cell can be an owner."""
    w = word.casefold()
    if word.isupper() and len(word) > 1:
        return w not in _NOT_WHO  # initials, even "DO" or "AN"
    if w in FUNCTION_WORDS - {"all"} or w in NOUNS - {"board", "editors"}:
        return False
    if w in MONTHS or w in WEEKDAYS:
        return False
    return not verb_like(w) or w in NAME_VERBS


def row_cells(line: str, known: Known) -> tuple[list[OwnerAt], str, str | None, int] | None:
    """The owners, the "when" words ("" for none), the vague word ("asap") and where the task starts, of a
    run-together row."""
    m = _ROW.match(line)
    if not m or not all(_is_who(w) for w in re.findall(r"[A-Za-z]+", m.group("who")) if w.casefold() != "and"):
        return None
    what = m.group("what")
    if not (m.group("when") or m.group("unknown") or m.group("vague")):
        first = what.split()[0]
        initials = all(w.isupper() or w.casefold() in ("all", "board", "editors") for w in m.group("who").split()[:1])
        if not (initials and first[:1].isupper() and base_verb(first)):
            return None
    return _owners(m.group("who"), known), m.group("when") or "", m.group("vague"), m.start("what")


_WHO_SEP = re.compile(r"\s*(?:/|,\s*and\b|,|&|\band\b)\s*")


def _owners(who: str, known: Known) -> list[OwnerAt]:
    """Each word of the "who" cell as an owner: a group ("All", "Editors") or a name ("LR", even "DO")."""
    out, pos = [], 0
    for word in _WHO_SEP.split(who):
        start = who.index(word, pos)
        pos = start + len(word)
        listed = owner_list(word, 0, known, "bare")
        if listed and listed[-1].end == len(word):
            ref = listed[0].ref
        else:
            ref = OwnerRef("group" if word.casefold() == "all" else "name", word)
        out.append(OwnerAt(ref, start, pos, False))
    return out


def read_row(
    line: str, shown: str, at: Callable[[int], int], known: Known, dates: tuple[date, bool, Anchors]
) -> tuple[list[OwnerAt], str, Due | None, str | None] | None:
    """A run-together row: its owners, its task, its deadline and why that cannot be; None when ``line`` is no row.
    ``shown`` is the line as typed and ``at`` maps a position of ``line`` (its escapes read) to one of ``shown``."""
    cells = row_cells(line, known)
    if cells is None:
        return None
    owners, when, vague, start = cells
    task = CONNECTIVE.sub("", shown[at(start) :], count=1)
    if vague:
        task = f"{vague} {task}"
    if not when:
        return owners, task, None, None
    today, day_first, anchors = dates
    try:
        due = parse_when(when, today=today, day_first=day_first, anchors=anchors)
    except DateError as exc:
        return owners, task, None, str(exc)
    return (owners, task, due, None) if due is not None else None
