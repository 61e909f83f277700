"""The values the date grammar hands its callers (Due, Found, DateError) and its parts hand each other (Resolved)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Due:
    """A deadline as read from the user's words."""

    on: date | None  # None while it waits on an anchor (no next meeting scheduled yet)
    phrase: str  # the words as typed that gave the date, e.g. "by Friday", "//01-03-2024"
    anchor: str | None = None  # "next meeting" or the event's name when the date comes from one
    alternatives: tuple[date, ...] = ()  # other plausible readings to offer, nearest first


class DateError(ValueError):
    """A date that cannot exist; ``str()`` is a kind sentence to show the user."""


@dataclass(frozen=True)
class Found:
    """Where the deadline sits in a line: ``text[start:end]`` is ``due.phrase`` (or the impossible date)."""

    due: Due | None
    start: int
    end: int
    error: str | None = None


@dataclass(slots=True)  # not frozen: made for every date in every line, and frozen ones cost three times as much
class Resolved:
    """What one matched phrase means: its date, other plausible dates, and the anchor it waits on, if any."""

    on: date | None
    alternatives: tuple[date, ...] = ()
    anchor: str | None = None


@dataclass(slots=True)  # not frozen, like Resolved
class Candidate:
    """A date (or a recorded event) found in a line, ranked: 3 after a deadline keyword, 2 self-evident, 1 only at
    the end of a line, 0 not a deadline here."""

    start: int
    end: int
    rank: int
    form: str  # the form's name, or "event"
    kw: str | None
    resolved: Resolved | None  # None when not a deadline here, or when the date cannot exist (``error``)
    error: str | None
