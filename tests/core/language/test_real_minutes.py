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
    items = read_items(text, today=today, day_first=day_first)
    assert [(i.owners, i.task, i.due) for i in items] == [(r.owners, r.task, r.due)], text
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


def items(text: str, today: date = TUE) -> list[tuple[list[str], str, date | None]]:
    return [(owners(r), r.task, r.due.on if r.due else None) for r in read_items(text, today=today)]


FRI = date(2024, 2, 23)


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("Dana to file the bug. Lee will review it.", [(["Dana"], "file the bug", None), (["Lee"], "review it", None)]),
        ("Dana to file the bug, Lee to review", [(["Dana"], "file the bug", None), (["Lee"], "review", None)]),
        ("Kevin will update the wiki and Jon will book the room by Friday",
         [(["Kevin"], "update the wiki", None), (["Jon"], "book the room", FRI)]),
        ("Lee: some items — dana to reach out to Acme and sam to post to the list",
         [(["dana"], "reach out to Acme", None), (["sam"], "post to the list", None)]),
        ("@lee: can we drop it? Yes, @dana will update #142", [(["dana"], "update #142", None)]),
        ("Hylton will send the notices. He will also compile a list.",
         [(["Hylton"], "send the notices", None), (["Hylton"], "also compile a list", None)]),
        ("Emil: send the mail to the officers. Also add them to the invite.",
         [(["Emil"], "send the mail to the officers", None), (["Emil"], "add them to the invite", None)]),
        ("Dana will run the session. It will be an informal session.", [(["Dana"], "run the session", None)]),
        ("Topic one: we looked at it; ACTION: Dana to investigate the reminders.",
         [(["Dana"], "investigate the reminders", None)]),
        ("Dana to draft the plan; encourage Lee to stick to it",
         [(["Dana"], "draft the plan; encourage Lee to stick to it", None)]),
        ("Check the CLA status; assigned to Jon", [(["Jon"], "Check the CLA status", None)]),
        ("Follow up with getting Alan Day and Sumana Harihareswara to sign the form",
         [([], "Follow up with getting Alan Day and Sumana Harihareswara to sign the form", None)]),
        ("Dana with Lee and Sam will start a draft", [(["Dana", "Lee", "Sam"], "start a draft", None)]),
        ("In March, Kevin will draft the budget", [(["Kevin"], "draft the budget", date(2024, 3, 31))]),
        ("On Monday (26 February), Dana will upload the draft", [(["Dana"], "upload the draft", date(2024, 2, 26))]),
        ("Create the label and tag the issues and PRs to be in 2.0",
         [([], "Create the label and tag the issues and PRs to be in 2.0", None)]),
        ("Kevin to send the list - we will talk about it next week",
         [(["Kevin"], "send the list - we will talk about it", date(2024, 3, 1))]),
        ('Dana: "We have a page on the site. I\'ll keep it up to date."', [(["Dana"], "keep it up to date", None)]),
        ("Send the notes. 2024\\-03\\-10", [([], "Send the notes", date(2024, 3, 10))]),
    ],
)  # fmt: skip
def test_several_items_on_one_line(line: str, want: list[tuple[list[str], str, date | None]]) -> None:
    assert items(line) == want


def test_one_item_is_read_action_reading() -> None:
    line = "Kevin to send the slides by Friday"
    assert read_items(line, today=TUE) == (read_action(line, today=TUE),)


@pytest.mark.parametrize(
    ("line", "who", "task"),
    [
        ("(Dana to respond.)", ["Dana"], "respond"),
        ("document the process (dana)", ["dana"], "document the process"),
        ("document the process (optional)", [], "document the process (optional)"),
        ("[Dana] Proposal for the API", ["Dana"], "Proposal for the API"),
        ("(Italo) - To update the JSON code", ["Italo"], "update the JSON code"),
        ("(Nicolas) We should try to answer the comment", ["We"], "try to answer the comment"),
        ("[David L] Please look at the bugs", [], "Please look at the bugs"),
        ("imbalanced-learn (Guillaume will open an issue)", ["Guillaume"], "imbalanced-learn (open an issue)"),
        ("Lee: Happy to take it", ["Lee"], "take it"),
        ("ryan: 1. Louis: continue the list of events", ["Louis"], "continue the list of events"),
        ("Dana apologizes for the delay and will be emailing the list", ["Dana"], "emailing the list"),
        ("The board started the review and plans to decide", ["board"], "decide"),
        ("OWNER: Dana needs to update the wiki", ["Dana"], "update the wiki"),
        ("CARRIEDOVER: Dana to send the notes", ["Dana"], "send the notes"),
        ("Assign to Dana: review the budget", ["Dana"], "review the budget"),
        ("Action item: DK add the slides", ["DK"], "add the slides"),
        ("Will check with Oliver about the hotel", [], "check with Oliver about the hotel"),
        ("Need to update the toolchain (Gianmarco)", ["Gianmarco"], "update the toolchain"),
        ("We can move it to the appendix (Italo)", ["Italo"], "move it to the appendix"),
        ("Both Sergio and Dan will review it", ["Sergio", "Dan"], "review it"),
        ("All, please review the draft", ["All"], "review the draft"),
        ("ACTIONS: Martin still needs to check the room", ["Martin"], "check the room"),
        ("Many people signed up, Dana will need to pick who can attend", ["Dana"], "pick who can attend"),
        ("20:01 * kevin jon/ana to help draft the policy", ["jon", "ana"], "help draft the policy"),
        ("ACTION: Dana to follow up with the vendor (what about the others?)", ["Dana"], "follow up with the vendor"),
        ("Action Dana:: Need to find a maintainer. - ✓", ["Dana"], "find a maintainer"),
        ("Will be discussed by the board", ["board"], "Will be discussed"),
        ("Colin to chair next TB meeting", ["Colin"], "chair next TB meeting"),
    ],
)
def test_owners_in_brackets_prefixes_and_later_links(line: str, who: list[str], task: str) -> None:
    (r,) = read_items(line, today=TUE)
    assert (owners(r), r.task) == (who, task)


@pytest.mark.parametrize(
    ("line", "today", "due", "task"),
    [
        ("Daniel should send his comments by tomorrow (October 3, 2019) EOB", date(2019, 10, 2), date(2019, 10, 3),
         "send his comments"),
        ("Deadline for replying to the poll is Wednesday October 31 COB", date(2018, 10, 17), date(2018, 10, 31),
         "replying to the poll"),
        ("@tcr to apply within next two days", TUE, date(2024, 2, 22), "apply"),
    ],
)  # fmt: skip
def test_more_deadline_phrases(line: str, today: date, due: date, task: str) -> None:
    (r,) = read_items(line, today=today)
    assert (r.due.on if r.due else None, r.task) == (due, task)


@pytest.mark.parametrize(
    ("line", "due", "task"),
    [
        ("Dana to fix it within the next day or so", date(2024, 2, 21), "fix it"),
        ("Dana to punt the review for two weeks", date(2024, 3, 5), "punt the review"),
        ("Dana to visit the site for two weeks", None, "visit the site for two weeks"),
        ("Review pushed to 5/22", date(2024, 5, 22), "Review"),
        ("Dana to send it by 29", date(2024, 2, 29), "send it"),
        ("Dana to raise the limit by 5 votes", None, "raise the limit by 5 votes"),
        ("Dana to send 29 slides", None, "send 29 slides"),
        ("Dana to send it by 31/12/9999", date(9999, 12, 31), "send it"),
        ("Dana to send it by 9999-12-31", date(9999, 12, 31), "send it"),
        ("Dana to review it before Jan 30, or Feb 6 at latest", date(2025, 2, 6), "review it before Jan 30"),
        ("Target to complete the selection is March 31st, 2024", date(2024, 3, 31), "complete the selection"),
        ("Kevin to host the next call", None, "host the next call"),
        ("build 1234-5-6 failed", None, "build 1234-5-6 failed"),
    ],
)
def test_deadlines_real_minutes_write(line: str, due: date | None, task: str) -> None:
    """A year out of the record's range is still a date: the caller refuses it with a clear answer."""
    r = one(line)
    assert (r.due.on if r.due else None, r.task) == (due, task)


@pytest.mark.parametrize(
    ("line", "who", "task"),
    [
        ("\\[Dana Lee\\] Update the charter", ["Dana Lee"], "Update the charter"),
        ("send the <b>draft</b> to Kevin", [], "send the <b>draft</b> to Kevin"),  # typed tags stay words
        ("send <draft> to Kevin", [], "send <draft> to Kevin"),
        ("Those interested please contact Dana", ["Those interested"], "contact Dana"),
        ("MZ, JF, and DP ? Discuss the role", ["MZ", "JF", "DP"], "Discuss the role"),
    ],
)
def test_pasted_markup(line: str, who: list[str], task: str) -> None:
    r = one(line)
    assert (owners(r), r.task) == (who, task)
