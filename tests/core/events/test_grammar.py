"""How `/event` reads its commands and event lines: ranges, years, places, notes, links and bad input."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.events.grammar import (
    AddEvent,
    DateError,
    EditEvent,
    EventLineError,
    Help,
    Invalid,
    ListEvents,
    RemoveEvent,
    parse_event_command,
    read_dates,
    read_event,
)

TODAY = date(2023, 10, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Help()),
        ("help", Help()),
        ("list", ListEvents()),
        ("list past", ListEvents(past=True)),
        ("remove #3", RemoveEvent(3)),
        ("edit 2 FOSDEM, Feb 3 2024", EditEvent(2, "FOSDEM, Feb 3 2024")),
        ("FOSDEM 2024, Feb 3-4 2024", AddEvent("FOSDEM 2024, Feb 3-4 2024")),
    ],
)
def test_commands(text: str, expected: object) -> None:
    assert parse_event_command(text) == expected


def test_edit_and_remove_need_a_number() -> None:
    assert isinstance(parse_event_command("remove FOSDEM"), Invalid)
    assert isinstance(parse_event_command("edit #2"), Invalid)


def test_the_example_lines() -> None:
    fosdem = read_event("FOSDEM 2024, Feb 3-4 2024, Brussels, Belgium (Confidential Computing dev room)", today=TODAY)
    assert (fosdem.name, fosdem.starts, fosdem.ends) == ("FOSDEM 2024", date(2024, 2, 3), date(2024, 2, 4))
    assert (fosdem.place, fosdem.notes, fosdem.link) == ("Brussels, Belgium", "Confidential Computing dev room", "")
    sc = read_event("Supercomputing SC23, November 12-17, 2023, Denver, CO, USA", today=TODAY)
    assert (sc.name, sc.starts, sc.ends, sc.place) == (
        "Supercomputing SC23",
        date(2023, 11, 12),
        date(2023, 11, 17),
        "Denver, CO, USA",
    )


@pytest.mark.parametrize(
    ("text", "starts", "ends"),
    [
        ("Feb 3-4 2024", date(2024, 2, 3), date(2024, 2, 4)),
        ("3-4 Feb 2024", date(2024, 2, 3), date(2024, 2, 4)),
        ("3 – 4 February, 2024", date(2024, 2, 3), date(2024, 2, 4)),
        ("Jan 30 - Feb 2, 2024", date(2024, 1, 30), date(2024, 2, 2)),
        ("30 Jan to 2 Feb 2024", date(2024, 1, 30), date(2024, 2, 2)),
        ("Dec 30 2024 - Jan 2 2025", date(2024, 12, 30), date(2025, 1, 2)),
        ("Dec 30 - Jan 2 2025", date(2024, 12, 30), date(2025, 1, 2)),
        ("2024-02-03 to 2024-02-05", date(2024, 2, 3), date(2024, 2, 5)),
        ("3/2/2024", date(2024, 2, 3), date(2024, 2, 3)),
        ("Sat 3 Feb 2024", date(2024, 2, 3), date(2024, 2, 3)),
        ("March 12th", date(2024, 3, 12), date(2024, 3, 12)),  # no year: the next one
        ("Oct 1", date(2023, 10, 1), date(2023, 10, 1)),  # today is the next one
        ("Sep 30", date(2024, 9, 30), date(2024, 9, 30)),
        ("Dec 30 - Jan 2", date(2023, 12, 30), date(2024, 1, 2)),  # no year, across years
        ("Sep 29 - Oct 3", date(2023, 9, 29), date(2023, 10, 3)),  # no year, running today: this one
        ("Sep 28-30", date(2024, 9, 28), date(2024, 9, 30)),  # no year, over: next year's
        ("Feb 29", date(2024, 2, 29), date(2024, 2, 29)),  # the next leap day
        ("Feb 28 - Mar 1 2024", date(2024, 2, 28), date(2024, 3, 1)),  # over a leap day
    ],
)
def test_dates_and_ranges(text: str, starts: date, ends: date) -> None:
    assert read_dates(text, today=TODAY) == (starts, ends)


def test_numeric_dates_follow_the_committee() -> None:
    assert read_dates("3/2/2024", today=TODAY, day_first=False) == (date(2024, 3, 2), date(2024, 3, 2))


@pytest.mark.parametrize("text", ["Brussels", "2024", "10", "3-4", "Feb", "next week", ""])
def test_not_dates(text: str) -> None:
    assert read_dates(text, today=TODAY) is None


def test_a_range_that_ends_before_it_starts() -> None:
    with pytest.raises(EventLineError, match=r"ends \(Sat 3 Feb 2024\) before it starts \(Sun 4 Feb 2024\)"):
        read_event("FOSDEM, Feb 4-3 2024", today=TODAY)


def test_29_february_in_a_non_leap_year() -> None:
    with pytest.raises(DateError, match="2023 is not a leap year"):
        read_event("Leap party, Feb 29 2023, Berlin", today=TODAY)


def test_no_date() -> None:
    with pytest.raises(EventLineError, match="couldn't find the event's date"):
        read_event("FOSDEM in Brussels", today=TODAY)
    with pytest.raises(EventLineError, match="needs a name"):
        read_event(", Feb 3 2024", today=TODAY)


def test_a_name_of_1000_characters() -> None:
    with pytest.raises(EventLineError, match="name is 1,000 characters long"):
        read_event("x" * 1000 + ", Feb 3 2024", today=TODAY)


def test_a_link_at_the_end() -> None:
    slack = read_event("FOSDEM, Feb 3 2024, Brussels https://fosdem.org/2024/", today=TODAY)
    bare = read_event("FOSDEM, Feb 3 2024 (dev room) https://fosdem.org/2024/", today=TODAY)
    assert (slack.place, slack.link) == ("Brussels", "https://fosdem.org/2024/")
    assert (bare.notes, bare.link) == ("dev room", "https://fosdem.org/2024/")


def test_a_name_with_a_comma_and_a_broadcast_mention_is_kept_as_typed() -> None:
    event = read_event("<!here> Linaro Connect, Madrid, May 13-17 2024", today=TODAY)
    assert (event.name, event.starts) == ("<!here> Linaro Connect, Madrid", date(2024, 5, 13))


def test_an_event_longer_than_a_year() -> None:
    with pytest.raises(EventLineError, match="more than a year"):
        read_event("Sabbatical, Jan 1 2024 - Feb 1 2025", today=TODAY)


def test_the_wiki_notes_way_with_a_colon_after_the_name() -> None:
    # as in examples/meeting-notes-confluence-export.txt
    sc = read_event("Supercomputing SC23: November 12-17, 2023, Denver, CO, USA", today=TODAY)
    assert (sc.name, sc.starts, sc.ends, sc.place) == (
        "Supercomputing SC23",
        date(2023, 11, 12),
        date(2023, 11, 17),
        "Denver, CO, USA",
    )
    connect = read_event("Linaro Connect: Madrid, May 13-17 2024 (keynote at 10:00)", today=TODAY)
    assert (connect.name, connect.starts, connect.notes) == (
        "Linaro Connect: Madrid",
        date(2024, 5, 13),
        "keynote at 10:00",
    )
