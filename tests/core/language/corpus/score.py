"""The labelled action-line corpus (actions.jsonl + context.json) and how a reading is scored against it.

Slack lines are written as Slack sends them (``<@U0123ABCD|kevin>``); they are read as the Slack edge hands them
to the core, decoded by tests/core/language/markup.py (text and task label alike)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bot.core.kernel.model import Anchors
from bot.core.language import OwnerRef, Reading, read_action
from bot.slack.inbound import decode

HERE = Path(__file__).parent
FILES = ("actions.jsonl", "holdout.jsonl", "holdout2.jsonl", "holdout3.jsonl", "holdout4.jsonl")
NEXT_MEETING = "next meeting"  # a label meaning Due(on=None, anchor="next meeting")


@dataclass(frozen=True)
class Case:
    """One labelled line: how it must read."""

    style: str
    wire: str  # the line as written in the corpus file (as Slack would send it)
    text: str  # as the edge hands it to the core: Slack's markup decoded
    owners: tuple[str, ...]  # "name:Kevin", "user:U1", "me", "group:chairs"
    task: str
    due: str | None  # ISO date, NEXT_MEETING, or None
    error: bool
    today: date
    day_first: bool
    anchors: Anchors
    names: tuple[str, ...]
    mentions: Mapping[str, str] = field(default_factory=dict)
    groups: frozenset[str] = frozenset()


def load(path: Path = HERE / "actions.jsonl") -> list[Case]:
    ctx = json.loads((HERE / "context.json").read_text())
    names = tuple(ctx["names"])
    events = {k: date.fromisoformat(v) for k, v in ctx["events"].items()}
    meeting = date.fromisoformat(ctx["next_meeting"])
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        anchors = Anchors(None if row.get("no_meeting") else meeting, events)
        said = decode(row["text"])
        cases.append(
            Case(
                style=row["style"],
                wire=row["text"],
                text=said.text,
                owners=tuple(row["owners"]),
                task=decode(row["task"]).text,
                due=row["due"],
                error=bool(row.get("error")),
                today=date.fromisoformat(row.get("today", ctx["today"])),
                day_first=row.get("day_first", True),
                anchors=anchors,
                names=names,
                mentions=said.people,
                groups=said.groups,
            )
        )
    return cases


def owner_label(o: OwnerRef) -> str:
    return "me" if o.kind == "me" else f"{o.kind}:{o.text}"


_WS = re.compile(r"\s+")


def same_task(got: str, want: str) -> bool:
    return _WS.sub(" ", got).strip() == _WS.sub(" ", want).strip()


def due_label(r: Reading) -> str | None:
    if r.due is None:
        return None
    if r.due.on is None:
        return NEXT_MEETING if r.due.anchor == NEXT_MEETING else f"pending:{r.due.anchor}"
    return r.due.on.isoformat()


@dataclass
class Score:
    """Per-field accuracy over a corpus, with the lines that missed."""

    total: int = 0
    owners_ok: int = 0
    due_ok: int = 0
    task_ok: int = 0
    false_due: int = 0
    misses: list[str] = field(default_factory=list)  # each missed line, readably
    missed: list[tuple[Case, tuple[str, ...]]] = field(default_factory=list)  # each missed line and its fields

    def pct(self, n: int) -> float:
        return 100.0 * n / self.total if self.total else 0.0

    @property
    def owners(self) -> float:
        return self.pct(self.owners_ok)

    @property
    def due(self) -> float:
        return self.pct(self.due_ok)

    @property
    def task(self) -> float:
        return self.pct(self.task_ok)

    @property
    def false_due_rate(self) -> float:
        return self.pct(self.false_due)


def read_case(c: Case) -> Reading:
    return read_action(
        c.text,
        today=c.today,
        day_first=c.day_first,
        names=c.names,
        anchors=c.anchors,
        mentions=c.mentions,
        groups=c.groups,
    )


def score(cases: Iterable[Case], reader: Callable[[Case], Reading] = read_case) -> Score:
    s = Score()
    for c in cases:
        r = reader(c)
        s.total += 1
        owners = tuple(owner_label(o) for o in r.owners)
        got_due = due_label(r)
        owners_ok = owners == c.owners
        due_ok = (r.error is not None and r.due is None) if c.error else (got_due == c.due and r.error is None)
        task_ok = same_task(r.task, c.task)
        s.owners_ok += owners_ok
        s.due_ok += due_ok
        s.task_ok += task_ok
        if c.due is None and not c.error and got_due is not None:
            s.false_due += 1
        if not (owners_ok and due_ok and task_ok):
            fields = ("owners",) * (not owners_ok) + ("due",) * (not due_ok) + ("task",) * (not task_ok)
            s.missed.append((c, fields))
            s.misses.append(
                f"[{c.style}] {c.text!r}\n"
                f"    owners {list(owners)}{'' if owners_ok else ' != ' + str(list(c.owners))}\n"
                f"    task   {r.task!r}{'' if task_ok else ' != ' + repr(c.task)}\n"
                f"    due    {got_due}{'' if due_ok else ' != ' + str(c.due)}  error={r.error!r}"
            )
    return s
