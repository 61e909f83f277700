"""Due-date phrases -> dates: hand-written English rules, dateparser (English, fixed settings) as fallback.

Everything resolves against an explicit ``today`` (the speaker's local date); nothing here reads the clock.

Two entry points:

* ``parse_when(text, today=...)`` reads a whole text as one date phrase (``/action due 1 <when>``).
* ``find_due(text, today=...)`` finds the deadline inside a longer line (used by ``bot.core.language.reading``) and
  says where it is, so the reader can take the phrase out of the task text.

The parts: ``vocabulary`` (the words of dates and calendar helpers), ``periods`` (date arithmetic the forms
share), ``forms`` (each way to write a date: name, pattern, resolver), ``ranking`` (which dates in a line are
deadlines: the rank rules), ``anchors`` ("before FOSDEM"), ``fallback`` (dateparser).  Each module's docstring
holds the decisions on ambiguous phrases it implements; each one is tested in tests/core/language/test_dates.py.

As a whole phrase (``parse_when``) "01.03" is that day-first date, a bare number ("3", "#3") is not a date, and
"the fifth" is that day.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date

from bot.core.kernel.model import Anchors
from bot.core.language.dates.anchors import bare_event
from bot.core.language.dates.fallback import fallback_date, warm_up_fallback
from bot.core.language.dates.periods import numeric
from bot.core.language.dates.ranking import candidates, choose
from bot.core.language.dates.values import Candidate, DateError, Due, Found

__all__ = ["DateError", "Due", "Found", "find_due", "parse_when", "warm_up"]

_NO_ANCHORS = Anchors()


def find_due(text: str, *, today: date, day_first: bool = True, anchors: Anchors = _NO_ANCHORS) -> Found | None:
    """The deadline in a line, with its position; ``Found.error`` is set when that deadline cannot exist."""
    chosen = choose(text, candidates(text, today, day_first, anchors))
    if chosen is None:
        return None
    phrase = text[chosen.start : chosen.end].strip()
    if chosen.error is not None or chosen.resolved is None:
        return Found(None, chosen.start, chosen.end, chosen.error or "I could not read that date.")
    r = chosen.resolved
    return Found(Due(r.on, phrase, r.anchor, r.alternatives), chosen.start, chosen.end)


_WHOLE_TRIM = re.compile(r"^[\s(\[]+|[\s.!?,;)\]]+$")
_DOTTED_WHOLE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?$")
_BARE_NUMBER = re.compile(r"^#?\d+$")


def _whole_due(c: Candidate, phrase: str) -> Due | None:
    """The Due of a form spanning the whole phrase: None when it is ranked no deadline; DateError when impossible."""
    if c.rank == 0:
        return None
    if c.error is not None or c.resolved is None:
        raise DateError(c.error or "I could not read that date.")
    r = c.resolved
    return Due(r.on, phrase, r.anchor, r.alternatives)


def _day_first(dotted: re.Match[str], phrase: str, today: date) -> Due | None:
    """A whole "01.03" is a day and month written day first (an impossible one is no date)."""
    try:
        r = numeric(int(dotted.group(1)), int(dotted.group(2)), None, today, True)
    except DateError:
        return None
    return Due(r.on, phrase, None, r.alternatives)


def parse_when(text: str, *, today: date, day_first: bool = True, anchors: Anchors = _NO_ANCHORS) -> Due | None:
    """The whole text as a date phrase (for `/action due 1 <when>`): a Due, or None when it is not a date.

    Raises DateError for impossible dates."""
    phrase = _WHOLE_TRIM.sub("", text)
    if not phrase or len(phrase) > 200:
        return None
    cands = candidates(phrase, today, day_first, anchors, in_line=False)
    whole = next((c for c in cands if c.start == 0 and c.end == len(phrase)), None)
    if whole is not None:
        return _whole_due(whole, phrase)
    event = bare_event(phrase, today, anchors)  # "FOSDEM"
    if event is not None:
        return event
    dotted = _DOTTED_WHOLE.match(phrase)
    if dotted:
        return _day_first(dotted, phrase, today)
    if _BARE_NUMBER.match(phrase):
        return None  # "3", "#3": a number, not a date
    found = fallback_date(phrase, today, day_first)
    return Due(found, phrase) if found else None


def warm_up() -> None:
    """Load everything (regexes, dateparser's English data) so the first command after start-up is fast."""
    warm_up_fallback()
    today = date(2024, 2, 20)
    for text in (
        "Leonardo check Rust by 2024-03-01",
        "by Friday",
        "in 2 weeks",
        "//01-03-2024",
        "end of Q2",
        "before the next meeting",
        "3/4",
    ):
        find_due(text, today=today)
        with contextlib.suppress(DateError):
            parse_when(text, today=today)
