"""Tests for bot.core.language.dates: due-date phrases, the documented decisions on ambiguous ones, impossible dates."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.kernel.model import Anchors
from bot.core.language import DateError, Due, find_due, parse_when, warm_up

TUE = date(2024, 2, 20)  # a Tuesday; every test passes `today` explicitly
FRI = date(2024, 2, 23)


def on(text: str, today: date = TUE, **kw: object) -> date | None:
    due = parse_when(text, today=today, **kw)  # type: ignore[arg-type]
    assert due is not None, text
    return due.on


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-01", date(2024, 3, 1)),
        ("by 2024-03-01", date(2024, 3, 1)),
        ("2024-03-01T17:00:00Z", date(2024, 3, 1)),
        ("2024-03-01 09:30", date(2024, 3, 1)),
        ("2024/03/01", date(2024, 3, 1)),
        ("//01-03-2024", date(2024, 3, 1)),
        ("// 01-03-2024", date(2024, 3, 1)),
        ("01/03/2024", date(2024, 3, 1)),
        ("1.3.2024", date(2024, 3, 1)),
        ("1/3/24", date(2024, 3, 1)),
        ("1 March", date(2024, 3, 1)),
        ("1st March", date(2024, 3, 1)),
        ("the 1st of March", date(2024, 3, 1)),
        ("March 1", date(2024, 3, 1)),
        ("Mar 1st, 2025", date(2025, 3, 1)),
        ("Friday 1 March", date(2024, 3, 1)),
        ("1 Feb", date(2025, 2, 1)),  # month names without a year: the next such date
        ("20 Feb", date(2024, 2, 20)),
        ("by the 29th", date(2024, 2, 29)),
        ("the 19th", date(2024, 3, 19)),
        ("Friday", FRI),
        ("by Friday", FRI),
        ("fri", FRI),
        ("this Thursday", date(2024, 2, 22)),
        ("this Monday", date(2024, 2, 26)),  # this week's Monday is past: the coming one
        ("tomorrow", date(2024, 2, 21)),
        ("today", TUE),
        ("EOD", TUE),
        ("COB", TUE),
        ("in 2 weeks", date(2024, 3, 5)),
        ("in two weeks", date(2024, 3, 5)),
        ("within 10 days", date(2024, 3, 1)),
        ("in 3 working days", date(2024, 2, 23)),
        ("in a month", date(2024, 3, 20)),
        ("2 weeks from now", date(2024, 3, 5)),
        ("end of month", date(2024, 2, 29)),
        ("EOM", date(2024, 2, 29)),
        ("end of the month", date(2024, 2, 29)),
        ("end of July", date(2024, 7, 31)),
        ("mid-March", date(2024, 3, 16)),
        ("end of year", date(2024, 12, 31)),
        ("2024-03", date(2024, 3, 31)),
        ("no later than 5 March", date(2024, 3, 5)),
        ("until March 3rd", date(2024, 3, 3)),
        ("due 2024-03-01", date(2024, 3, 1)),
        ("Friday 5pm", FRI),
        ("by EOD Friday", FRI),
        ("Friday at the latest", FRI),
    ],
)
def test_phrases(text: str, expected: date) -> None:
    assert on(text) == expected


class TestDecisions:
    """The documented readings of ambiguous phrases (see the module docstring)."""

    def test_by_a_month_is_its_first_day_in_a_month_its_last(self) -> None:
        assert on("by January") == date(2025, 1, 1)
        assert on("by March") == date(2024, 3, 1)
        assert on("in March") == date(2024, 3, 31)
        assert on("March") == date(2024, 3, 31)
        assert on("by February") == date(2024, 2, 29)  # already inside February: its last day

    def test_before_a_date_is_that_date(self) -> None:
        assert on("before Friday") == on("by Friday") == FRI
        assert on("before 2024-03-01") == date(2024, 3, 1)

    def test_weeks(self) -> None:
        assert on("next week") == date(2024, 3, 1)  # Friday of next week
        assert on("end of next week") == date(2024, 3, 1)
        assert on("by next week") == date(2024, 2, 26)  # Monday of next week
        assert on("first half of next week") == date(2024, 2, 28)  # Wednesday
        assert on("early next week") == date(2024, 2, 26)
        assert on("EOW") == FRI
        assert on("end of the week") == FRI
        assert on("EOW", today=date(2024, 2, 24)) == date(2024, 3, 1)  # said on a Saturday

    def test_quarters_and_halves(self) -> None:
        assert on("Q2") == date(2024, 6, 30)
        assert on("end of Q2") == date(2024, 6, 30)
        assert on("by Q2") == date(2024, 4, 1)
        assert on("Q1") == date(2024, 3, 31)  # inside Q1 now
        assert on("Q1", today=date(2024, 4, 2)) == date(2025, 3, 31)
        assert on("H1") == date(2024, 6, 30)
        assert on("H2") == date(2024, 12, 31)
        assert on("Q3 2025") == date(2025, 9, 30)

    def test_weekdays(self) -> None:
        assert on("Friday", today=FRI) == date(2024, 3, 1)  # said on a Friday: a week later
        assert on("this Friday", today=FRI) == FRI
        due = parse_when("next Friday", today=TUE)
        assert due is not None
        assert due.on == date(2024, 3, 1)
        assert due.alternatives == (FRI,)
        due = parse_when("next Tuesday", today=date(2024, 2, 23))
        assert due is not None
        assert due.on == date(2024, 2, 27)
        assert due.alternatives == ()

    def test_numeric_order_follows_the_setting_with_the_other_offered(self) -> None:
        due = parse_when("03/04", today=TUE)
        assert due == Due(date(2024, 4, 3), "03/04", None, (date(2024, 3, 4),))
        due = parse_when("03/04", today=TUE, day_first=False)
        assert due == Due(date(2024, 3, 4), "03/04", None, (date(2024, 4, 3),))
        assert on("5/29") == date(2024, 5, 29)  # only month-first is a date
        due = parse_when("13/03/2024", today=TUE)
        assert due is not None and due.alternatives == ()
        assert on("//03-04-2024", day_first=False) == date(2024, 4, 3)  # the wiki form is always day-first


class TestAnchors:
    anchors = Anchors(
        next_meeting=date(2024, 3, 5),
        events={"FOSDEM 2024": date(2024, 2, 3), "FOSDEM 2025": date(2025, 2, 1), "Linaro Connect": date(2024, 5, 15)},
    )

    @pytest.mark.parametrize(
        "text",
        [
            "before the next meeting",
            "by next meeting",
            "for the next call",
            "next meeting",
            "at the next steering committee meeting",
        ],
    )
    def test_next_meeting(self, text: str) -> None:
        due = parse_when(text, today=TUE, anchors=self.anchors)
        assert due == Due(date(2024, 3, 5), text, "next meeting")

    def test_next_meeting_not_scheduled_waits(self) -> None:
        assert parse_when("before the next meeting", today=TUE) == Due(None, "before the next meeting", "next meeting")

    def test_event(self) -> None:
        assert parse_when("before Linaro Connect", today=TUE, anchors=self.anchors) == Due(
            date(2024, 5, 15), "before Linaro Connect", "Linaro Connect"
        )
        assert parse_when("before linaro", today=TUE, anchors=self.anchors) == Due(
            date(2024, 5, 15), "before linaro", "Linaro Connect"
        )
        due = parse_when("before FOSDEM", today=date(2024, 1, 10), anchors=self.anchors)
        assert due == Due(date(2024, 2, 3), "before FOSDEM", "FOSDEM 2024", (date(2025, 2, 1),))
        assert parse_when("before FOSDEM", today=TUE, anchors=self.anchors) == Due(
            date(2025, 2, 1), "before FOSDEM", "FOSDEM 2025"
        )

    def test_unknown_event_is_not_a_date(self) -> None:
        assert parse_when("before KubeCon", today=TUE, anchors=self.anchors) is None
        assert find_due("send slides before KubeCon", today=TUE, anchors=self.anchors) is None


class TestImpossibleDates:
    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("2024-02-30", "There is no 30 February 2024"),
            ("29 February 2023", "There is no 29 February 2023: 2023 is not a leap year."),
            ("2024-13-45", "There is no month 13"),
            ("31/04/2024", "There is no 31 April 2024"),
            ("31 April", "There is no 31 April"),
            ("H3", "There is no H3"),
        ],
    )
    def test_raises_kind_error(self, text: str, message: str) -> None:
        with pytest.raises(DateError) as exc:
            parse_when(text, today=TUE)
        assert str(exc.value).startswith(message)

    def test_29_february_without_year_is_the_next_leap_day(self) -> None:
        assert on("29 Feb", today=date(2024, 3, 1)) == date(2028, 2, 29)


@pytest.mark.parametrize(
    "text",
    [
        "banana",
        "",
        "   ",
        "every two weeks",
        "since Friday",
        "last week",
        "#142",
        "v3.0",
        "2/3 of",
        "in the next 4 weeks",
        "due to the holidays",
        "2024",
    ],
)
def test_not_dates(text: str) -> None:
    assert parse_when(text, today=TUE) is None


def test_dateparser_fallback_is_relative_to_today() -> None:
    assert on("March 1st 2024 at noon") == date(2024, 3, 1)
    assert on("1 week from tomorrow", today=TUE) in (date(2024, 2, 28), date(2024, 2, 27))


class TestFindDue:
    def test_deadline_keyword_wins_over_other_dates(self) -> None:
        line = "review the March 1 release notes by Friday"
        found = find_due(line, today=TUE)
        assert found is not None and found.due is not None
        assert found.due.on == FRI and line[found.start : found.end] == "by Friday"

    @pytest.mark.parametrize(
        "line",
        [
            "invite them to the call on 5/29",
            "get 2/3 of the votes",
            "prepare the Q2 roadmap review",
            "May to review the budget",
            "postponed due to the holidays",
            "fix #142 and release v3.0",
            "list the features planned in the next 4 weeks",
            "run the sync every two weeks",
            "summarise feedback since March 1",
            "book rooms for Feb 3-4",
        ],
    )
    def test_words_that_are_not_deadlines(self, line: str) -> None:
        assert find_due(line, today=TUE) is None

    @pytest.mark.parametrize(
        ("line", "phrase", "expected"),
        [
            ("send slides by 5pm", "by 5pm", TUE),
            ("send slides by Friday 5pm", "by Friday 5pm", FRI),
            ("send slides by the first week of March", "by the first week of March", date(2024, 3, 1)),
            ("send slides in the last week of March", "in the last week of March", date(2024, 3, 31)),
            ("call Jon on Friday about CI", "on Friday", FRI),
            ("bring the question to the next meeting", "to the next meeting", date(2024, 3, 5)),
            ("prep slides for the next call", "for the next call", date(2024, 3, 5)),
            ("Kevin - 2024-03-12", "2024-03-12", date(2024, 3, 12)),
            ("review it, Friday at the latest", "Friday at the latest", FRI),
        ],
    )
    def test_deadline_phrases_in_a_line(self, line: str, phrase: str, expected: date) -> None:
        found = find_due(line, today=TUE, anchors=Anchors(next_meeting=date(2024, 3, 5)))
        assert found is not None and found.due is not None
        assert (line[found.start : found.end], found.due.on) == (phrase, expected)

    @pytest.mark.parametrize(
        "line",
        [
            "check room availability for 12/03",
            "send availability for March",
            "send slides at 5pm",
            "look into why the nightly failed on 2/14",
            "reschedule the Monday call to Tuesday",
            "send the CfC to the list, ending 2024-03-06",
            "review the budget before Friday's call",
            "chair the next session",
            "our priority this year",
        ],
    )
    def test_dates_that_say_what_or_when_else(self, line: str) -> None:
        assert find_due(line, today=TUE) is None

    def test_impossible_deadline_is_an_error(self) -> None:
        found = find_due("ship it by 2024-02-30", today=TUE)
        assert found is not None and found.due is None
        assert found.error is not None and found.error.startswith("There is no 30 February 2024")


class TestGeneralRules:
    """Rules added so that reading generalises to phrasings the corpus did not have (see the module docstring)."""

    @pytest.mark.parametrize(
        ("line", "phrase", "expected"),
        [
            ("send the slides by Friday 23rd", "by Friday 23rd", FRI),
            ("send the slides by Tues 27th", "by Tues 27th", date(2024, 2, 27)),
            ("send the slides by Friday the 29th", "by Friday the 29th", date(2024, 3, 29)),  # the 29th on a Friday
            ("send the slides by Thursday 3/7", "by Thursday 3/7", date(2024, 3, 7)),  # the weekday picks the order
            ("send the slides by Wednesday 6/3", "by Wednesday 6/3", date(2024, 3, 6)),
            ("send the slides by the 1st of next month", "by the 1st of next month", date(2024, 3, 1)),
            ("send the slides a week from Friday", "a week from Friday", date(2024, 3, 1)),
            ("get back to us in a week or two", "in a week or two", date(2024, 3, 5)),
            ("get back to us in a week or so", "in a week or so", date(2024, 2, 27)),
            ("send the slides first thing tomorrow", "first thing tomorrow", date(2024, 2, 21)),
            ("send the slides by end of business Thursday", "by end of business Thursday", date(2024, 2, 22)),
            ("send the minutes by close of play Friday", "by close of play Friday", FRI),
            ("send the slides asap, latest Friday", "latest Friday", FRI),
            ("send it by 3/5 latest", "by 3/5 latest", date(2024, 5, 3)),
            ("send the slides on or before 8 March", "on or before 8 March", date(2024, 3, 8)),
            ("send the slides by 01.03.", "by 01.03.", date(2024, 3, 1)),
            ("update the wiki 📅 2024-03-01", "📅 2024-03-01", date(2024, 3, 1)),
            ("update the wiki :calendar: 2024-03-01", ":calendar: 2024-03-01", date(2024, 3, 1)),
            ("update the wiki //2024-03-01", "//2024-03-01", date(2024, 3, 1)),
            ("review the slides monday", "monday", date(2024, 2, 26)),
            ("send the slides by the weekend", "by the weekend", FRI),
            ("send the slides over the weekend", "over the weekend", date(2024, 2, 25)),
            ("send the slides this weekend", "this weekend", date(2024, 2, 25)),
            ("circulate the draft by the March 5 call", "by the March 5 call", date(2024, 3, 5)),
            ("register before the 1 March deadline", "before the 1 March deadline", date(2024, 3, 1)),
            ("draft the response. Needed by 8 March.", "Needed by 8 March", date(2024, 3, 8)),
            ("send the invoice, ideally by Friday", "ideally by Friday", FRI),
            ("send the invoice - target 2024-03-08", "target 2024-03-08", date(2024, 3, 8)),
            ("collect the votes needed by Friday", "by Friday", FRI),
            ("send the invoice sometime next week", "sometime next week", date(2024, 3, 1)),
            ("circulate the minutes within 48h", "within 48h", date(2024, 2, 22)),
            ("circulate the minutes w/in 2 days", "w/in 2 days", date(2024, 2, 22)),
            ("publish the newsletter later this month", "later this month", date(2024, 2, 29)),
            ("send it tmr", "tmr", date(2024, 2, 21)),
            ("CI migration to complete by Q2", "by Q2", date(2024, 4, 1)),
            ("send it nxt week", "nxt week", date(2024, 3, 1)),
            ("send it by nxt mtg", "by nxt mtg", date(2024, 3, 5)),
            ("send it EOD fri", "EOD fri", FRI),
            ("send it by mon", "by mon", date(2024, 2, 26)),
            ("send it b4 friday", "b4 friday", FRI),
            ("send it by weds", "by weds", date(2024, 2, 21)),
            ("send it by end of wk", "by end of wk", FRI),
            ("send it by midday Friday", "by midday Friday", FRI),
            ("send it Monday AM", "Monday AM", date(2024, 2, 26)),
            ("publish the newsletter before month end", "before month end", date(2024, 2, 29)),
            ("review section 3 before the 2nd reading on 12 March", "on 12 March", date(2024, 3, 12)),
        ],
    )
    def test_deadlines(self, line: str, phrase: str, expected: date) -> None:
        found = find_due(line, today=TUE, anchors=Anchors(next_meeting=date(2024, 3, 5)))
        assert found is not None and found.due is not None
        assert (line[found.start : found.end], found.due.on) == (phrase, expected)

    @pytest.mark.parametrize(
        "line",
        [
            "provide on-call support 24/7",
            "split the cost 50/50",
            "give the talk a 10/10",
            "upgrade to Python 3.12.",
            "review the slides sat",
            "cancel the 12 March meeting",
            "send the invoice 2 weeks before KubeCon",
            "send a reminder the day before the next meeting",
            "prepare the year-end report",
            "hire a 3rd party auditor",
            "fix bug 12/3",
            "review item 4/5",
            "review the doc @jan",
            "on holiday 26 Feb - 1 Mar",
        ],
    )
    def test_numbers_and_words_that_are_not_deadlines(self, line: str) -> None:
        anchors = Anchors(date(2024, 3, 5), {"KubeCon EU": date(2024, 3, 19)})
        assert find_due(line, today=TUE, anchors=anchors) is None  # not a date, and not an error either

    def test_an_impossible_date_after_a_keyword_is_still_an_error(self) -> None:
        found = find_due("split the cost by 50/50", today=TUE)
        assert found is not None and found.due is None and found.error is not None

    def test_whole_phrases(self) -> None:
        assert on("01.03") == date(2024, 3, 1)  # a dotted day and month, day first
        assert parse_when("3", today=TUE) is None  # a bare number is not a date
        assert parse_when("#3", today=TUE) is None
        assert on("Thu 3/7") == date(2024, 3, 7)

    def test_mid_month_is_the_midpoint(self) -> None:
        assert on("by mid-March") == date(2024, 3, 16)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mar-01", date(2024, 3, 1)),
        ("01-Mar", date(2024, 3, 1)),
        ("1-Mar-2024", date(2024, 3, 1)),
        ("1-Mar-25", date(2025, 3, 1)),
        ("Mar-01-2025", date(2025, 3, 1)),
        ("by Mar-01", date(2024, 3, 1)),
    ],
)
def test_dashed_month_name_dates(text: str, expected: date) -> None:
    assert on(text) == expected


def test_dashed_month_name_dates_in_a_line() -> None:
    found = find_due("send the slides Mar-01", today=TUE)
    assert found is not None and found.due is not None
    assert (found.due.on, found.due.phrase) == (date(2024, 3, 1), "Mar-01")
    found = find_due("send the slides by 1-Mar-2024, thanks", today=TUE)
    assert found is not None and found.due is not None and found.due.on == date(2024, 3, 1)
    assert find_due("close the Mar-2024 milestone", today=TUE) is None


@pytest.mark.parametrize(
    ("line", "phrase", "expected"),
    [
        ("send the slides by the fifth", "by the fifth", date(2024, 3, 5)),
        ("send the slides by the 5th", "by the 5th", date(2024, 3, 5)),
        ("send the slides by the twenty-first", "by the twenty-first", date(2024, 2, 21)),
        ("send the slides by the twenty first", "by the twenty first", date(2024, 2, 21)),
        ("send the slides by the thirty-first", "by the thirty-first", date(2024, 3, 31)),
        ("send the slides on the first of April", "on the first of April", date(2024, 4, 1)),
        ("send the slides by the fifth of March", "by the fifth of March", date(2024, 3, 5)),
        ("send the slides by March fifth", "by March fifth", date(2024, 3, 5)),
        ("send the slides by the first of next month", "by the first of next month", date(2024, 3, 1)),
    ],
)
def test_spelled_out_ordinals(line: str, phrase: str, expected: date) -> None:
    found = find_due(line, today=TUE)
    assert found is not None and found.due is not None
    assert (found.due.on, found.due.phrase) == (expected, phrase)


@pytest.mark.parametrize(
    "line",
    [
        "review the first draft",
        "take a second look at the charter",
        "send the slides by the second reading",
        "send the slides the fifth",
        "rank it third",
    ],
)
def test_spelled_ordinals_that_are_not_days(line: str) -> None:
    assert find_due(line, today=TUE) is None


def test_spelled_ordinal_as_a_whole_phrase() -> None:
    assert on("the fifth") == date(2024, 3, 5)
    assert on("the twenty-first") == date(2024, 2, 21)
    assert on("first of April") == date(2024, 4, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("w/c 4 March", date(2024, 3, 8)),  # the Friday of that week, like "next week"
        ("week commencing 4 March", date(2024, 3, 8)),
        ("week beginning 4 March", date(2024, 3, 8)),
        ("w/b 4/3", date(2024, 3, 8)),  # numeric dates follow the committee's order
        ("week of March 4", date(2024, 3, 8)),
        ("the week of March 6th, 2024", date(2024, 3, 8)),  # not a Monday: the week it falls in
        ("by w/c 4 March", date(2024, 3, 4)),  # "by" a week: its Monday, like "by next week"
        ("by the week of March 4", date(2024, 3, 4)),
        ("w/c 19 Feb", FRI),  # this week, which started yesterday
        ("by w/c 19 Feb", FRI),  # its Monday is past: its Friday
    ],
)
def test_week_commencing(text: str, expected: date) -> None:
    assert on(text) == expected


def test_week_commencing_in_a_line() -> None:
    found = find_due("update the wiki w/c 4 March", today=TUE)
    assert found is not None and found.due is not None
    assert (found.due.on, found.due.phrase) == (date(2024, 3, 8), "w/c 4 March")
    assert on("next week") == date(2024, 3, 1)  # consistent: a week as a deadline is its Friday
    assert find_due("plan the agenda for the week of March 4", today=TUE) is None


@pytest.mark.parametrize(
    ("line", "phrase", "expected"),
    [
        ("send the slides sometime between 1 and 5 March", "sometime between 1 and 5 March", date(2024, 3, 5)),
        ("send the slides sometime between March 1 and 5", "sometime between March 1 and 5", date(2024, 3, 5)),
        ("send the slides due between 26 Feb and 1 March", "due between 26 Feb and 1 March", date(2024, 3, 1)),
        ("send the slides by 1-5 March", "by 1-5 March", date(2024, 3, 5)),
        ("send the slides by 26 Feb - 1 Mar", "by 26 Feb - 1 Mar", date(2024, 3, 1)),
        ("send the slides by 3/3 - 5/3", "by 3/3 - 5/3", date(2024, 3, 5)),
    ],
)
def test_a_range_as_a_deadline_is_its_last_day(line: str, phrase: str, expected: date) -> None:
    found = find_due(line, today=TUE)
    assert found is not None and found.due is not None
    assert (found.due.on, found.due.phrase) == (expected, phrase)


@pytest.mark.parametrize(
    "line",
    [
        "send the slides between 1 and 5 March",
        "hold the vote 1-5 March",
        "book the room by the 12-13 March workshop",
        "split the work between 2 and 3 people",
    ],
)
def test_ranges_without_a_deadline_keyword_stay_in_the_task(line: str) -> None:
    assert find_due(line, today=TUE) is None


def test_warm_up_runs() -> None:
    warm_up()
    assert on("tomorrow") == date(2024, 2, 21)
