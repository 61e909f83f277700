"""Reading lines as real minutes write them (issue 10): markers, owners, dates, run-together table rows, several
items on one line.  Every example here is made up for its rule; none is a line of the real corpus."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.language import Reading, read_action, read_items

TUE = date(2024, 2, 20)


def one(text: str, today: date = TUE, day_first: bool = True) -> Reading:
    """The line read as one item (read_action), which read_items agrees with when the line holds one item."""
    r = read_action(text, today=today, day_first=day_first)
    assert read_items(text, today=today, day_first=day_first) == (r,), text
    return r


def owners(r: Reading) -> list[str]:
    return [o.text for o in r.owners]


@pytest.mark.parametrize(
    ("line", "who", "task"),
    [
        ("o ACTION - Dana will file the bug.", ["Dana"], "file the bug"),
        ("B. Prepare the budget notice", [], "Prepare the budget notice"),
        ("[12] Dana will archive the report.", ["Dana"], "archive the report"),
        ("(14:02:11) Dana: send the slides", ["Dana"], "send the slides"),
        ("ACTIONS: Dana to send the proposal", ["Dana"], "send the proposal"),
        ("[ACTION] dana to follow up with the TC", ["dana"], "follow up with the TC"),
        ("- Next action: Merge the pull request", [], "Merge the pull request"),
        ("**Action assigned to Dana and Lee**: Review both drafts", ["Dana", "Lee"], "Review both drafts"),
        ("**[Action Point #3](https://example.org/issues/3) (Dana): prepare a plan**", ["Dana"], "prepare a plan"),
        ("Waiting for @dana to estimate the costs", ["dana"], "estimate the costs"),
        ("• budget: ACTION: Dana to put the questions in the wiki. STATUS: On hold.", ["Dana"],
         "put the questions in the wiki"),
        ("ACTION: Dana to check the hotel [DONE; booked on Monday]", ["Dana"], "check the hotel"),
        ("ACTION: @dana Create the survey (@lee:example.org, 14:11:34)", ["dana"], "Create the survey"),
        ("Action Dana from Acme:: will provide the name", ["Dana"], "provide the name"),
    ],
)  # fmt: skip
def test_markers_of_pasted_minutes(line: str, who: list[str], task: str) -> None:
    r = one(line)
    assert (owners(r), r.task) == (who, task)


@pytest.mark.parametrize(
    ("line", "who", "task"),
    [
        ("ACTION: Dana keeps organizing", ["Dana"], "keeps organizing"),
        ("ACTION: Dana P waiting for the lawyers", ["Dana P"], "waiting for the lawyers"),
        ("ACTION: Dana has been talking to the vendor", ["Dana"], "talking to the vendor"),
        ("ACTIONS: Dana will be sending reminders", ["Dana"], "sending reminders"),
        ("dkhan investigate the crash", ["dkhan"], "investigate the crash"),
        ("Dana has taken the action to be editor", ["Dana"], "be editor"),
        ("DT members are invited to join the discussion", ["DT members"], "join the discussion"),
        ("We will document the process", ["We"], "document the process"),
        ("all send comments to the list", ["all"], "send comments to the list"),
        ("Anyone can make pull requests", ["Anyone"], "make pull requests"),
        ("FESCo to provide the list", ["FESCo"], "provide the list"),
        ("Students to submit a patch", ["Students"], "submit a patch"),
        ("Waiting for review by the infra-team", ["infra-team"], "review"),
        ("Will be discussed async by the chairs", ["chairs"], "Will be discussed async"),
        ("Mark to review the deck", ["Mark"], "review the deck"),
    ],
)
def test_owners_as_minutes_name_them(line: str, who: list[str], task: str) -> None:
    r = one(line)
    assert (owners(r), r.task) == (who, task)


@pytest.mark.parametrize(
    "line",
    [
        "We will not work on that",  # a decision, not an item of "we"
        "Eventually start the badge process",  # an adverb is no name
        "Request to bring in the logs",  # a verb is a name only when it is also a first name ("Mark")
        "Initial meeting notes to be pushed to the repo",  # after a capitalised word, "meeting" is no imperative
        "Dana moves to approve the budget",  # a motion reported, not an item (no marker)
    ],
)
def test_words_that_are_not_owners(line: str) -> None:
    assert one(line).owners == ()


@pytest.mark.parametrize(
    ("line", "today", "who", "task", "due"),
    [
        ("LR31 Jan provide the estimated budget", date(2003, 1, 21), ["LR"], "provide the estimated budget",
         date(2003, 1, 31)),
        ("Editors28 FebRevise the draft and circulate it", date(2003, 1, 21), ["Editors"],
         "Revise the draft and circulate it", date(2003, 2, 28)),
        ("SB1 Aprilto update the website", date(2003, 3, 18), ["SB"], "update the website", date(2003, 4, 1)),
        ("JU, JF 31 May 2007Develop a survey", date(2007, 5, 5), ["JU", "JF"], "Develop a survey",
         date(2007, 5, 31)),
        ("DO Dec. 18Formulate the question", date(2006, 12, 13), ["DO"], "Formulate the question",
         date(2006, 12, 18)),
        ("KZ March 2007Send out the call", date(2007, 1, 29), ["KZ"], "Send out the call", date(2007, 3, 31)),
        ("CW? to draft the terms", TUE, ["CW"], "draft the terms", None),
        ("MP, MDasap to review the drafts", TUE, ["MP", "MD"], "asap review the drafts", None),
        ("DO, DP, JF Continue the discussion", TUE, ["DO", "DP", "JF"], "Continue the discussion", None),
        ("All Review the draft and comment", TUE, ["All"], "Review the draft and comment", None),
    ],
)  # fmt: skip
def test_table_rows_whose_cells_ran_together(
    line: str, today: date, who: list[str], task: str, due: date | None
) -> None:
    r = one(line, today)
    assert (owners(r), r.task, r.due.on if r.due else None) == (who, task, due)


@pytest.mark.parametrize("line", ["Send 1 March the agenda", "Budget 31 March approve it", "PR Review the change"])
def test_rows_start_with_owners_only(line: str) -> None:
    assert one(line).owners == ()


@pytest.mark.parametrize(
    ("line", "today", "due", "task"),
    [
        ("KZ to draft the charter 2024\\-03\\-10", TUE, date(2024, 3, 10), "draft the charter"),
        ("KZ circulate the report to the list 7 mar 24", TUE, date(2024, 3, 7), "circulate the report to the list"),
        ("KZ to send it by 1 March 15 people", TUE, date(2024, 3, 1), "send it 15 people"),
    ],
)
def test_dates_as_minutes_write_them(line: str, today: date, due: date, task: str) -> None:
    r = one(line, today)
    assert (r.due.on if r.due else None, r.task) == (due, task)
