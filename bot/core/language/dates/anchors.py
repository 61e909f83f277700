"""Deadlines named by a recorded event ("before FOSDEM"): its first day.

"before FOSDEM" gives the start of a recorded event whose name starts with those words (case-insensitive); the
nearest upcoming one wins, other matches are alternatives.  With no such event the words stay in the task.
"""

from __future__ import annotations

import re
from datetime import date

from bot.core.kernel.model import Anchors
from bot.core.language.dates.values import Candidate, Due, Resolved
from bot.core.language.dates.vocabulary import BEFORE_KWS, OFFSET_BEFORE, norm

_EVENT_KW = re.compile(
    r"(?<![\w'’-])(?P<kw>by|before|until|till|ahead\s+of|prior\s+to|in\s+time\s+for|due)\s+(?:the\s+)?(?=\S)",
    re.IGNORECASE,
)
_EVENT_WORD = re.compile(r"[^\s,;:.!?()\[\]]+")


def _event_words(name: str) -> list[str]:
    return [w.casefold() for w in _EVENT_WORD.findall(name)]


def match_events(text: str, pos: int, anchors: Anchors) -> tuple[int, list[tuple[str, date]]] | None:
    """The longest run of words at ``pos`` that starts a recorded event's name, and the events it names."""
    words = list(_EVENT_WORD.finditer(text, pos, min(len(text), pos + 200)))[:8]
    best_end, best_events = 0, []
    for name, start_day in anchors.events.items():
        ev = _event_words(name)
        n = 0
        while (
            n < len(ev)
            and n < len(words)
            and words[n].group().casefold() == ev[n]
            and (n == 0 or text[words[n - 1].end() : words[n].start()].strip() == "")
        ):
            n += 1
        if n == 0 or words[0].start() != pos:
            continue
        end = words[n - 1].end()
        if end > best_end:
            best_end, best_events = end, [(name, start_day)]
        elif end == best_end:
            best_events.append((name, start_day))
    return (best_end, best_events) if best_events else None


def event_candidates(text: str, today: date, anchors: Anchors) -> list[Candidate]:
    """Each "by/before/until/… <event>" in ``text``: the nearest upcoming event of that name, others as
    alternatives (past ones only when none is upcoming)."""
    out: list[Candidate] = []
    if not anchors.events:
        return out
    for m in _EVENT_KW.finditer(text):
        hit = match_events(text, m.end(), anchors)
        if not hit:
            continue
        end, events = hit
        upcoming = sorted((d, n) for n, d in events if d >= today)
        past = sorted(((d, n) for n, d in events if d < today), reverse=True)
        chosen_day, chosen_name = (upcoming + past)[0]
        alts = tuple(d for d, _ in upcoming[1:] if d != chosen_day)
        kw = norm(m.group("kw"))
        rank = 2 if kw in ("for", "at") else 3
        if kw in BEFORE_KWS and OFFSET_BEFORE.search(text[max(0, m.start() - 40) : m.start()]):
            continue  # "2 weeks before KubeCon": an offset from the event, kept as words
        out.append(Candidate(m.start(), end, rank, "event", kw, Resolved(chosen_day, alts, chosen_name), None))
    return out


def bare_event(phrase: str, today: date, anchors: Anchors) -> Due | None:
    """A whole phrase that names a recorded event ("FOSDEM"): the nearest upcoming, later ones as alternatives."""
    if not anchors.events:
        return None
    hit = match_events(phrase, 0, anchors)
    if not hit or hit[0] != len(phrase):
        return None
    events = sorted(((d, n) for n, d in hit[1]), key=lambda dn: (dn[0] < today, abs(dn[0] - today)))
    first_day, first_name = events[0]
    alts = tuple(d for d, _ in events[1:] if d != first_day and d >= today)
    return Due(first_day, phrase, first_name, alts)
