"""Property-based tests (hypothesis): reading never raises, and what it reads comes from the line."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.core.kernel.boundary import Said
from bot.core.kernel.model import Anchors
from bot.core.language import DateError, OwnerRef, parse_when, read_action, read_owners
from bot.core.language.reading.line import known_for, read_line
from bot.core.language.reading.markers import sanitize
from bot.slack.inbound import decode

NAMES = ("Leonardo Garcia", "Leonardo", "Kevin", "Jon", "Carol Smith", "Kobota-san", "May")
ANCHORS = Anchors(next_meeting=date(2024, 3, 5), events={"FOSDEM 2025": date(2025, 2, 1)})

FRAGMENTS = [
    "Kevin",
    "kevin",
    "Leonardo Garcia",
    "@kevin",
    "@",
    "<@U123>",
    "<@U123|kevin>",
    "<@",
    "<!channel>",
    "<!subteam^S1|@chairs>",
    "me",
    "I",
    "I'll",
    "the chairs",
    "everyone",
    "and",
    ",",
    "&",
    "/",
    "+",
    ":",
    " - ",
    "to",
    "will",
    "is to",
    "be contacted by",
    "by",
    "before",
    "due",
    "until",
    "no later than",
    "on",
    "in",
    "Friday",
    "next Tuesday",
    "2024-03-01",
    "2024-02-30",
    "2024-13-45",
    "//01-03-2024",
    "//dd-mm-yyyy",
    "03/04",
    "2/3 of",
    "5/29",
    "29 February 2023",
    "Q2",
    "H1",
    "EOW",
    "EOD",
    "end of month",
    "in 2 weeks",
    "the next meeting",
    "FOSDEM",
    "#142",
    "v3.0",
    "ACTION:",
    "#action",
    "AI(kevin):",
    "TODO:",
    "[ ]",
    "(",
    ")",
    "[",
    "]",
    "((",
    "]]",
    "**",
    "_",
    "|",
    "review the budget",
    "send slides",
    "May",
    "Ryan:",
    "<ryan>",
    "\x00",
    "\x1b[31m",
    "\u202e",
    "مرحبا",
    "日本語",
    "🎉",
    "\n",
    "\t",
    "   ",
    "?",
    "!",
    ".",
    "…",
]

line_from_fragments = st.lists(st.sampled_from(FRAGMENTS), max_size=14).map(" ".join)
any_line = st.one_of(line_from_fragments, st.text(max_size=300), st.text(alphabet="()[]<>@|:,/- ", max_size=60))
todays = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


def owner_in_line(o: OwnerRef, said: Said, line: str) -> bool:
    if o.kind == "user":
        return any(sanitize(shown) in line for shown, user in said.people.items() if user == o.text)
    if o.kind == "me":
        return re.search(r"\b(?:me|myself|I)\b", line, re.IGNORECASE) is not None
    return o.text in line


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(text=any_line, today=todays, day_first=st.booleans())
@example(text="x" * 10_000, today=date(2024, 2, 20), day_first=True)
@example(text="(((((([[[[[<<<<@@@@", today=date(2024, 2, 20), day_first=True)
@example(text="<@U1> <@U2> <@U3> <@U4> <@U5>", today=date(2024, 2, 20), day_first=True)
@example(text="2024-02-30", today=date(2024, 2, 20), day_first=True)
@example(text="Friday //01-03-2024 Kevin", today=date(2024, 2, 20), day_first=True)  # no owner across a cut
def test_reading_never_raises_and_owners_come_from_the_line(text: str, today: date, day_first: bool) -> None:
    said = decode(text)  # as the Slack edge hands it over
    # the internal reader, so the never-raise guard in read_action cannot hide a bug
    r = read_line(said.text, today, day_first, known_for(NAMES, said.people, said.groups), ANCHORS)
    line = sanitize(said.text)
    for o in r.owners:
        assert owner_in_line(o, said, line), (o, line)
    if r.due is not None:
        assert r.due.phrase in line
    for word in r.task.split():
        assert word.strip("()[],.;:!?") in line  # the task is the user's words; only cut points are tidied
    assert r.task or r.error is not None
    assert r.error is None or r.error.endswith((".", "`."))
    again = read_action(
        said.text,
        today=today,
        day_first=day_first,
        names=NAMES,
        anchors=ANCHORS,
        mentions=said.people,
        groups=said.groups,
    )
    assert again == r


@settings(max_examples=300, deadline=None)
@given(text=any_line)
def test_read_owners_never_raises_and_owners_come_from_the_text(text: str) -> None:
    said = decode(text)
    owners = read_owners(said.text, names=NAMES, mentions=said.people, groups=said.groups)
    line = sanitize(said.text)
    for o in owners:
        assert owner_in_line(o, said, line), (o, line)


@settings(max_examples=300, deadline=None)
@given(text=any_line, today=todays)
def test_parse_when_only_raises_date_error(text: str, today: date) -> None:
    try:
        due = parse_when(text, today=today, anchors=ANCHORS)
    except DateError as exc:
        assert str(exc).startswith("There is no")
        return
    assert due is None or due.on is not None or due.anchor is not None


@given(d=st.dates(min_value=date(1990, 1, 1), max_value=date(2150, 12, 31)), today=todays)
def test_explicit_dates_read_back(d: date, today: date) -> None:
    assert parse_when(d.isoformat(), today=today) is not None
    forms = [
        d.isoformat(),
        f"//{d:%d-%m-%Y}",
        f"{d.day} {calendar.month_name[d.month]} {d.year}",
        f"{calendar.month_abbr[d.month]} {d.day}, {d.year}",
        f"by {d:%d/%m/%Y}",
    ]
    for form in forms:
        due = parse_when(form, today=today)
        assert due is not None and due.on == d, form
    due = parse_when(f"{d:%m/%d/%Y}", today=today, day_first=False)
    assert due is not None and due.on == d


@given(today=todays, wd=st.sampled_from(list(calendar.day_name)), n=st.integers(1, 60))
def test_relative_dates(today: date, wd: str, n: int) -> None:
    due = parse_when(wd, today=today)
    assert due is not None and due.on is not None
    assert 1 <= (due.on - today).days <= 7 and calendar.day_name[due.on.weekday()] == wd
    due = parse_when(f"in {n} days", today=today)
    assert due is not None and due.on == today + timedelta(days=n)
    due = parse_when("tomorrow", today=today)
    assert due is not None and due.on == today + timedelta(days=1)


@given(today=todays, d=st.integers(1, 31), m=st.integers(1, 12))
def test_yearless_dates_are_never_in_the_past(today: date, d: int, m: int) -> None:
    try:
        due = parse_when(f"{d} {calendar.month_name[m]}", today=today)
    except DateError:
        assert d > calendar.monthrange(2024, m)[1]
        return
    assert due is not None and due.on is not None
    assert today <= due.on <= today + timedelta(days=366 * 8)
    assert (due.on.day, due.on.month) == (d, m)
