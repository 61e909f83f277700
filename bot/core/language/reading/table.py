"""Rows of a markdown table pasted from minutes, read cell by cell.

A markdown table row ("| Kevin | Set up the list | 2024-03-01 |") is read cell by cell: the cell that is only
owners, the cell that is only a date, the rest is the task.  A line of cells separated by `` | `` reads as a table
row even without its outer pipes; row numbers and status cells are not the task.
"""

from __future__ import annotations

import re
from datetime import date

from bot.core.kernel.model import Anchors
from bot.core.language.dates import DateError, Due, parse_when
from bot.core.language.reading.markers import LEAD_JUNK
from bot.core.language.reading.names import Known
from bot.core.language.reading.owners import OwnerAt, dedupe, only_owners
from bot.core.language.reading.task import clean_task
from bot.core.language.reading.values import EMPTY_ERROR, NO_TASK_ERROR, Reading

_TABLE_ROW = re.compile(r"^\|(?:[^|]*\|){2,}$")
_PIPE_ROW = re.compile(r"^[^|]+(?: \| [^|]+){2,}$")


def table_row(line: str) -> str | None:
    """The row when ``line`` is a table row: with its outer pipes, or without them after a bullet or checkbox
    ("- [ ] Kevin | update the wiki | Friday")."""
    if _TABLE_ROW.match(line):
        return line
    if line.count(" | ") < 2:
        return None
    row = line
    for _ in range(4):
        m = LEAD_JUNK.match(row)
        if not m or not m.end():
            break
        row = row[m.end() :]
    return row if _PIPE_ROW.match(row) else None


_SKIP_CELL = re.compile(
    r"^(?:\#?\d{1,4}\.?|open|done|closed|in\s+progress|ongoing|pending|blocked|wip|not\s+started|completed?|new|"
    r"to\s?do|[✅❌☐☑✔✓-])$",
    re.IGNORECASE,
)
_TABLE_RULE = re.compile(r"^[\s|:\-]*$")


def read_table_row(line: str, today: date, day_first: bool, known: Known, anchors: Anchors) -> Reading:
    """A markdown table row from pasted minutes: one cell of owners, one of a date, the rest is the task."""
    if _TABLE_RULE.match(line):
        return Reading((), "", None, EMPTY_ERROR)
    cells = [c.strip() for c in line.strip("|").split("|")]
    owners: list[OwnerAt] = []
    due: Due | None = None
    error: str | None = None
    task_cells: list[str] = []
    for cell in cells:
        if not cell or _SKIP_CELL.match(cell):
            continue  # a row number or a status column
        if not owners:
            only = only_owners(cell, known, None)
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
    task = clean_task(" | ".join(task_cells))
    if not task and error is None:
        error = NO_TASK_ERROR
    return Reading(dedupe(o.ref for o in owners), task, due, error)
