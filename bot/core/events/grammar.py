"""The grammar of `/event`: text -> one typed command, and an event line -> name, dates, place, notes, link.

An event line is `<name>, <date or range>[, <place>][ (<notes>)][ <link>]`, or `<name>: <dates>, …` as
meeting notes write it. Dates: "Feb 3-4 2024", "November 12-17, 2023", "Jan 30 - Feb 2 2024",
"Dec 30 2024 - Jan 2 2025", "3-4 Feb 2024", "2024-02-03 to 2024-02-05", a single day; with no year,
the next time the event is on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.core.kernel.grammar import Help, Invalid, number
from bot.core.kernel.zones import out_of_reach, show_date
from bot.core.language import MONTHS, WEEKDAYS, DateError, make_date, next_day_month

MAX_NAME = 200
MAX_PLACE = 200
MAX_NOTES = 1000
MAX_LINK = 500
MAX_DAYS = 366  # an event longer than a year is a typing mistake

EXAMPLE = "`/event FOSDEM 2024, Feb 3-4 2024, Brussels, Belgium (Confidential Computing dev room)`"


@dataclass(frozen=True)
class AddEvent:
    text: str


@dataclass(frozen=True)
class ListEvents:
    past: bool = False


@dataclass(frozen=True)
class EditEvent:
    number: int
    text: str


@dataclass(frozen=True)
class RemoveEvent:
    number: int


EventCommand = Help | AddEvent | ListEvents | EditEvent | RemoveEvent | Invalid


def parse_event_command(text: str) -> EventCommand:
    text = text.strip()
    head, _, rest = text.partition(" ")
    verb, rest = head.lower(), rest.strip()
    if verb in ("", "help", "?"):
        return Help()
    if verb in ("list", "ls") and rest.lower() in ("", "upcoming", "past", "all"):
        return ListEvents(past=rest.lower() in ("past", "all"))
    if verb in ("edit", "remove", "delete", "rm"):
        word, _, tail = rest.partition(" ")
        found = number(word)
        if found is None:
            return Invalid(f"Which event? Give its number: `/event {verb} #2 …`. `/event list` shows the numbers.")
        if verb != "edit":
            return RemoveEvent(found)
        if not tail.strip():
            return Invalid(f"Edit #{found} how? Type the whole line again: `/event edit #2 {EXAMPLE[8:-1]}`.")
        return EditEvent(found, tail.strip())
    return AddEvent(text)


@dataclass(frozen=True)
class EventLine:
    """What an event line says."""

    name: str
    starts: date
    ends: date  # the last day, inclusive
    place: str = ""
    notes: str = ""
    link: str = ""


class EventLineError(ValueError):
    """The line cannot become an event; ``str()`` is a kind sentence to show the user."""


_LINK_AT_END = re.compile(r"\s*(?P<link>https?://\S+)\s*$")
_NOTES_AT_END = re.compile(r"\s*\((?P<notes>[^()]*)\)\s*$")
_SEPARATOR = re.compile(r",|:(?=\s)")


def read_event(text: str, *, today: date, day_first: bool = True) -> EventLine:
    """Reads `<name>, <date or range>[, <place>][ (<notes>)][ <link>]`; raises EventLineError."""
    rest, link, notes = text.strip(), "", ""
    if found := _LINK_AT_END.search(rest):
        link, rest = found.group("link"), rest[: found.start()]
    if found := _NOTES_AT_END.search(rest):
        notes, rest = found.group("notes").strip(), rest[: found.start()]
    # the line's parts, between commas (or a colon, as in the wiki's "FOSDEM 2024: February 3-4, 2024")
    cuts = [-1, *(m.start() for m in _SEPARATOR.finditer(rest)), len(rest)]
    dates: tuple[date, date] | None = None
    for first in range(1, len(cuts) - 1):
        # the longest run of parts from here that reads as dates ("November 12-17", "2023")
        for last in range(len(cuts) - 1, first, -1):
            dates = read_dates(rest[cuts[first] + 1 : cuts[last]], today=today, day_first=day_first)
            if dates is not None:
                break
        if dates is not None:
            break
    if dates is None:
        raise EventLineError(f"I couldn't find the event's date. Write the name, a comma, then the dates: {EXAMPLE}")
    name, place = rest[: cuts[first]].strip(), rest[cuts[last] + 1 :].strip()
    if not name:
        raise EventLineError(f"The event needs a name before its dates: {EXAMPLE}")
    for what, value, limit in (
        ("name", name, MAX_NAME),
        ("place", place, MAX_PLACE),
        ("notes", notes, MAX_NOTES),
        ("link", link, MAX_LINK),
    ):
        if len(value) > limit:
            raise EventLineError(
                f"The event's {what} is {len(value):,} characters long; please keep it under {limit:,}."
            )
    if far := out_of_reach(dates[0]) or out_of_reach(dates[1]):
        raise EventLineError(far)
    return EventLine(name=name, starts=dates[0], ends=dates[1], place=place, notes=notes, link=link)


_TOKEN = re.compile(
    r"\s*(?:(?P<iso>\d{4}-\d{1,2}-\d{1,2})(?!\d)"
    r"|(?P<num>\d{1,2})[/.](?P<num2>\d{1,2})[/.](?P<numy>\d{4})(?!\d)"
    r"|(?P<year>\d{4})(?!\d)"
    r"|(?P<day>\d{1,2})(?:st|nd|rd|th)?(?![\d\w])"
    r"|(?P<word>[^\W\d_]+)\.?"
    r"|(?P<dash>-|–|—)"
    r"|(?P<comma>,))",
    re.IGNORECASE,
)
_RANGE_WORDS = {"to", "until", "till", "through", "thru"}


@dataclass
class _Side:
    """One end of a range as typed: any of day, month, year, or a whole date."""

    day: int | None = None
    month: int | None = None
    year: int | None = None
    whole: date | None = None

    def set(self, field: str, value: int) -> bool:
        if getattr(self, field) is not None or self.whole is not None:
            return False
        setattr(self, field, value)
        return True

    def set_whole(self, value: date) -> bool:
        if self.whole is not None or self.day or self.month or self.year:
            return False
        self.whole = value
        return True


def read_dates(text: str, *, today: date, day_first: bool = True) -> tuple[date, date] | None:
    """A date or range -> (first day, last day); None when the text is not a date. Raises DateError or
    EventLineError for dates that are dates but cannot be (29 February 2023, a range ending before it starts)."""
    sides = _sides(text.strip(), day_first)
    if sides is None or any(s.whole is None and s.day is None for s in sides):
        return None
    if len(sides) == 1:
        if sides[0].whole is None and sides[0].month is None:
            return None
        day = _resolve(sides[0], sides[0].year, today)
        return day, day
    return _range(sides[0], sides[1], today)


def _sides(text: str, day_first: bool) -> list[_Side] | None:
    """The one or two ends the text gives, token by token; None at the first token that is not part of a date."""
    if not text:
        return None
    sides, pos = [_Side()], 0
    while pos < len(text):
        found = _TOKEN.match(text, pos)
        if found is None or found.end() == pos or not _take(found, sides, day_first):
            return None
        pos = found.end()
    return sides


def _take(token: re.Match[str], sides: list[_Side], day_first: bool) -> bool:
    """Puts one token on the current end (or starts the second end); False when it cannot be there."""
    side, kind = sides[-1], token.lastgroup
    if kind == "iso":
        y, m, d = (int(v) for v in token.group("iso").split("-"))
        return side.set_whole(make_date(y, m, d))
    if kind == "numy":
        a, b = int(token.group("num")), int(token.group("num2"))
        return side.set_whole(make_date(int(token.group("numy")), b if day_first else a, a if day_first else b))
    if kind in ("year", "day"):
        return side.set(kind, int(token.group(kind)))
    word = token.group("word").lower() if kind == "word" else ""
    if kind == "dash" or word in _RANGE_WORDS:
        sides.append(_Side())
        return len(sides) == 2
    if word in MONTHS:
        return side.set("month", MONTHS[word])
    return kind == "comma" or word in WEEKDAYS


def _range(first: _Side, last: _Side, today: date) -> tuple[date, date] | None:
    """Both ends, each taking from the other what it leaves out: "Feb 3-4 2024", "3-4 Feb 2024",
    "Jan 30 - Feb 2, 2024", "Dec 30 2024 - Jan 2 2025"."""
    if first.whole is None and first.month is None:
        first.month = last.whole.month if last.whole else last.month
    if last.whole is None and last.month is None:
        last.month = first.month
    if not _month(first) or not _month(last):
        return None
    first_year = first.year if first.whole is None else first.whole.year
    last_year = last.year if last.whole is None else last.whole.year
    if first_year is None and last_year is None:
        # no year at all: the next time the event is on, so one running today is this one
        last_year = _resolve(last, None, today).year
    if first_year is None and last_year is not None:
        # "Dec 30 - Jan 2 2025": the first day is in the year before
        first_year = last_year - 1 if _month(first) > _month(last) else last_year
    starts = _resolve(first, first_year, today)
    if last_year is None:
        last_year = starts.year + (1 if _month(last) < starts.month else 0)
    ends = _resolve(last, last_year, today)
    if ends < starts:
        raise EventLineError(f"That range ends ({show_date(ends)}) before it starts ({show_date(starts)}).")
    if (ends - starts).days >= MAX_DAYS:
        raise EventLineError("That event would last more than a year; please check its dates.")
    return starts, ends


def _month(side: _Side) -> int:
    return side.whole.month if side.whole else side.month or 0


def _resolve(side: _Side, year: int | None, today: date) -> date:
    if side.whole is not None:
        return side.whole
    if side.month is None or side.day is None:
        raise EventLineError("Which month? Write the dates like “Feb 3-4 2024”.")
    return make_date(year, side.month, side.day) if year is not None else next_day_month(today, side.month, side.day)


__all__ = [
    "AddEvent",
    "DateError",
    "EditEvent",
    "EventCommand",
    "EventLine",
    "EventLineError",
    "Help",
    "Invalid",
    "ListEvents",
    "RemoveEvent",
    "parse_event_command",
    "read_dates",
    "read_event",
]
