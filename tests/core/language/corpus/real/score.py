"""The real corpus (lines.jsonl: action-item lines copied from public minutes, labelled by hand) and its scoring.

Each line is read with ``read_items`` (one reading per item) against its meeting's date and its document's
date order, knowing no names, no mentions and no next meeting (an importer knows no more than that).  The
scoring, per field, over the labelled items (README.md says the same):

* items are paired in order: the first reading with the first labelled item, and so on; a labelled item with
  no reading (missing) or a reading with no labelled item (extra) counts as a miss for every field;
* owners: the set of owners equals the label's, compared case-insensitively, without "@", a leading "the "
  and the label's "name:"/"group:" prefix;
* due: over labelled items that have a due date, the reading gives exactly that date (recall);
* invented: over labelled items with no due date, the share whose reading gives a date (a deadline waiting
  on a meeting not yet scheduled, ``Due.on is None``, gives no date);
* task: token F1 of the reading's task against the label's (lowercased ``\\w+`` words), averaged.

An extra reading counts once in every field's denominator, as a miss (F1 0, a wrong owner, a missed due date
and an invented one).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bot.core.kernel.model import Anchors
from bot.core.language import Reading

HERE = Path(__file__).parent
LINES = HERE / "lines.jsonl"


@dataclass(frozen=True)
class Item:
    """One labelled item: owners ("name:Dana", "group:board"), task, due date (ISO) or None."""

    owners: tuple[str, ...]
    task: str
    due: str | None


@dataclass(frozen=True)
class Line:
    """One labelled line of the real corpus."""

    text: str
    source: str
    style: str
    split: str  # "tune" or "holdout"
    today: date  # the meeting's date
    day_first: bool
    items: tuple[Item, ...]


def load(path: Path = LINES, split: str | None = None) -> list[Line]:
    """The lines of ``split`` ("tune", "holdout"), or all of them."""
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        row = json.loads(raw)
        if split is not None and row["split"] != split:
            continue
        items = tuple(Item(tuple(i["owners"]), i["task"], i["due"]) for i in row["items"])
        out.append(
            Line(
                row["text"],
                row["source"],
                row["style"],
                row["split"],
                date.fromisoformat(row["meeting_date"]),
                bool(row.get("day_first", False)),
                items,
            )
        )
    return out


Reader = Callable[[Line], Sequence[Reading]]


def read_line(line: Line) -> tuple[Reading, ...]:
    """The reader under test: read_items, as an importer would call it."""
    from bot.core.language import read_items

    return read_items(line.text, today=line.today, day_first=line.day_first, anchors=Anchors())


def norm_owner(label: str) -> str:
    """An owner as compared: no "name:"/"group:" prefix, no "@", no leading "the ", case-folded."""
    if label.startswith(("name:", "group:")):
        label = label.split(":", 1)[1]
    label = label.strip().casefold().lstrip("@")
    return label[4:].strip() if label.startswith("the ") else label


def reading_owners(r: Reading) -> frozenset[str]:
    return frozenset(norm_owner(o.text) for o in r.owners)


_WORD = re.compile(r"\w+")


def f1(got: str, want: str) -> float:
    """Token F1 of two texts (lowercased words)."""
    g, w = _WORD.findall(got.lower()), _WORD.findall(want.lower())
    if not g and not w:
        return 1.0
    common = sum((Counter(g) & Counter(w)).values())
    if not common:
        return 0.0
    p, r = common / len(g), common / len(w)
    return 2 * p * r / (p + r)


def due_of(r: Reading) -> str | None:
    return r.due.on.isoformat() if r.due is not None and r.due.on is not None else None


@dataclass
class Score:
    """Per-field counts over a set of lines, and the lines that missed a field."""

    lines: int = 0
    items: int = 0  # labelled items plus extra readings
    owners_ok: int = 0
    dated: int = 0  # labelled items with a due date (plus extra readings)
    dated_ok: int = 0
    undated: int = 0  # labelled items without a due date (plus extra readings)
    invented: int = 0
    f1_sum: float = 0.0
    misses: list[str] = field(default_factory=list)

    @property
    def owners(self) -> float:
        return 100.0 * self.owners_ok / self.items if self.items else 0.0

    @property
    def due(self) -> float:
        return 100.0 * self.dated_ok / self.dated if self.dated else 0.0

    @property
    def invented_rate(self) -> float:
        return 100.0 * self.invented / self.undated if self.undated else 0.0

    @property
    def task(self) -> float:
        return self.f1_sum / self.items if self.items else 0.0

    def add(self, want: Item | None, got: Reading | None) -> list[str]:
        """Score one pair; the fields it misses."""
        self.items += 1
        if want is None or got is None:  # an extra or a missing item: a miss for every field
            if want is None or want.due is not None:
                self.dated += 1
            if want is None or want.due is None:
                self.undated += 1
                self.invented += 1
            return ["item"]
        missed = []
        if reading_owners(got) == frozenset(norm_owner(o) for o in want.owners):
            self.owners_ok += 1
        else:
            missed.append("owners")
        got_due = due_of(got)
        if want.due is not None:
            self.dated += 1
            self.dated_ok += got_due == want.due
            missed += ["due"] * (got_due != want.due)
        else:
            self.undated += 1
            self.invented += got_due is not None
            missed += ["invented"] * (got_due is not None)
        tf1 = f1(got.task, want.task)
        self.f1_sum += tf1
        missed += ["task"] * (tf1 < 1.0)
        return missed


def _show(line: Line, got: Sequence[Reading], fields: list[str]) -> str:
    out = [f"[{line.style}] {line.text!r}  ({line.today}, misses {', '.join(fields)})"]
    for i in range(max(len(got), len(line.items))):
        w = line.items[i] if i < len(line.items) else None
        g = got[i] if i < len(got) else None
        gs = f"{sorted(o.text for o in g.owners)} {g.task!r} {due_of(g)}" if g else "-"
        ws = f"{list(w.owners)} {w.task!r} {w.due}" if w else "-"
        out.append(f"    got  {gs}\n    want {ws}")
    return "\n".join(out)


def score(lines: Iterable[Line], reader: Reader = read_line) -> Score:
    """Score ``reader`` over ``lines``."""
    s = Score()
    for line in lines:
        got = tuple(reader(line))
        s.lines += 1
        fields: list[str] = []
        for i in range(max(len(got), len(line.items))):
            want = line.items[i] if i < len(line.items) else None
            fields += s.add(want, got[i] if i < len(got) else None)
        if fields:
            s.misses.append(_show(line, got, sorted(set(fields))))
    return s
