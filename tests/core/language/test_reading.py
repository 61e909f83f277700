"""Tests for bot.core.language.reading: owners, task and due date from one line, in the phrasings people use."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.kernel.model import Anchors
from bot.core.language.reading import EMPTY_ERROR, NO_TASK_ERROR, OwnerRef, Reading, read_action, read_owners
from bot.slack.inbound import decode

TUE = date(2024, 2, 20)  # every test passes `today`
FRI = date(2024, 2, 23)
NAMES = ("Leonardo Garcia", "Leonardo", "Kevin", "Jon", "Carol", "Ryan", "Eric", "Andy", "Jonathan", "Kobota")


def name(text: str) -> OwnerRef:
    return OwnerRef("name", text)


def read(text: str, names: tuple[str, ...] = NAMES, **kw: object) -> Reading:
    """The line as Slack sends it (mentions as <@U…>), decoded as the edge does, then read."""
    said = decode(text)
    return read_action(said.text, today=TUE, names=names, mentions=said.people, groups=said.groups, **kw)  # type: ignore[arg-type]


def test_the_example_from_the_product_brief() -> None:
    r = read("Leonardo check Rust with the toolchain team by 2024-03-01", names=())
    assert r.owners == (name("Leonardo"),)
    assert r.task == "check Rust with the toolchain team"
    assert r.due is not None and r.due.on == date(2024, 3, 1) and r.due.phrase == "by 2024-03-01"
    assert r.error is None


@pytest.mark.parametrize(
    ("line", "owners", "task"),
    [
        ("<@U123> to send the deck", (OwnerRef("user", "U123"),), "send the deck"),
        (
            "<@U123|kevin> and <@W456> review the budget",
            (OwnerRef("user", "U123"), OwnerRef("user", "W456")),
            "review the budget",
        ),
        ("@kevin @jon sync on CI", (name("kevin"), name("jon")), "sync on CI"),
        ("me: update the wiki", (OwnerRef("me", "me"),), "update the wiki"),
        ("I'll draft the charter", (OwnerRef("me", "me"),), "draft the charter"),
        ("I will draft the charter", (OwnerRef("me", "me"),), "draft the charter"),
        ("Kevin to sync with Jon about CI", (name("Kevin"),), "sync with Jon about CI"),
        ("Kevin will sync with Jon", (name("Kevin"),), "sync with Jon"),
        ("Kevin is to sync with Jon", (name("Kevin"),), "sync with Jon"),
        ("Kevin: sync with Jon", (name("Kevin"),), "sync with Jon"),
        ("Kevin - sync with Jon", (name("Kevin"),), "sync with Jon"),
        ("Kevin and Jon to fix CI", (name("Kevin"), name("Jon")), "fix CI"),
        ("Kevin, Jon and Carol to fix CI", (name("Kevin"), name("Jon"), name("Carol")), "fix CI"),
        ("Kevin/Jon to fix CI", (name("Kevin"), name("Jon")), "fix CI"),
        ("Kevin & Jon to fix CI", (name("Kevin"), name("Jon")), "fix CI"),
        ("Kevin + Jon to fix CI", (name("Kevin"), name("Jon")), "fix CI"),
        ("Leonardo Garcia will check the state of Rust.", (name("Leonardo Garcia"),), "check the state of Rust"),
        ("review the budget (Kevin)", (name("Kevin"),), "review the budget"),
        ("review the budget [Kevin]", (name("Kevin"),), "review the budget"),
        ("review the budget - Kevin", (name("Kevin"),), "review the budget"),
        ("review the budget, owner Kevin", (name("Kevin"),), "review the budget"),
        ("review the budget @kevin", (name("kevin"),), "review the budget"),
        ("The chairs will send the survey", (OwnerRef("group", "chairs"),), "send the survey"),
        ("everyone to review the doc", (OwnerRef("group", "everyone"),), "review the doc"),
        ("all members to vote", (OwnerRef("group", "all members"),), "vote"),
        ("the TAC to approve the charter", (OwnerRef("group", "TAC"),), "approve the charter"),
        ("Kobota-san to review the proposal", (name("Kobota-san"),), "review the proposal"),
        ("Review the proposal", (), "Review the proposal"),
    ],
)
def test_owners_and_task(line: str, owners: tuple[OwnerRef, ...], task: str) -> None:
    r = read(line)
    assert (r.owners, r.task) == (owners, task)
    assert r.error is None


def test_passive_names_the_agent() -> None:
    r = read("Eric to be contacted by the chairs")
    assert r.owners == (OwnerRef("group", "chairs"),)
    assert r.task == "Eric to be contacted"


def test_speaker_prefix_is_not_the_owner_when_the_rest_has_a_subject() -> None:
    r = read("Ryan: Carol is drafting the charter")
    assert r.owners == (name("Carol"),) and r.speaker == "Ryan"
    r = read("Leonardo: I will ask the tool chain team about this.")
    assert r.owners == (name("Leonardo"),) and r.task == "ask the tool chain team about this"


@pytest.mark.parametrize(
    ("line", "owners", "task", "due"),
    [
        (
            "ACTION: carol to draft the charter [recorded in https://www.w3.org/2024/03/01-wg-minutes.html#action01]",
            (name("carol"),),
            "draft the charter",
            None,
        ),
        ("#action carol, bob to draft the charter", (name("carol"), name("bob")), "draft the charter", None),
        ("AI(Kevin): update the wiki //01-03-2024", (name("Kevin"),), "update the wiki", date(2024, 3, 1)),
        ("- [ ] @alice: update the roadmap by 2024-03-15", (name("alice"),), "update the roadmap", date(2024, 3, 15)),
        ("TODO: Kevin to fix CI tomorrow", (name("Kevin"),), "fix CI", date(2024, 2, 21)),
    ],
)
def test_pasted_minutes_markers(line: str, owners: tuple[OwnerRef, ...], task: str, due: date | None) -> None:
    r = read(line)
    assert (r.owners, r.task, r.due.on if r.due else None) == (owners, task, due)


@pytest.mark.parametrize(
    ("line", "task", "due"),
    [
        ("Kevin to send slides by Friday", "send slides", FRI),
        ("Kevin to review the March 1 release notes by Friday", "review the March 1 release notes", FRI),
        ("Kevin to send slides before 2024-03-01", "send slides", date(2024, 3, 1)),
        ("Kevin to send slides, due 2024-03-01", "send slides", date(2024, 3, 1)),
        ("Kevin to send slides until March 3", "send slides", date(2024, 3, 3)),
        ("Kevin to send slides in 2 weeks", "send slides", date(2024, 3, 5)),
        ("Kevin to send slides tomorrow", "send slides", date(2024, 2, 21)),
        ("Kevin to send slides end of month", "send slides", date(2024, 2, 29)),
        ("Kevin to send slides 1/3", "send slides", date(2024, 3, 1)),
        ("Kevin to send slides 1 March", "send slides", date(2024, 3, 1)),
        ("Kevin to invite them to the call on 5/29", "invite them to the call on 5/29", None),
        ("Kevin to count 2/3 of the votes", "count 2/3 of the votes", None),
        ("Kevin to fix #142 for v3.0", "fix #142 for v3.0", None),
    ],
)
def test_due_dates_come_out_of_the_task(line: str, task: str, due: date | None) -> None:
    r = read(line)
    assert r.owners == (name("Kevin"),)
    assert (r.task, r.due.on if r.due else None) == (task, due)


def test_meeting_and_event_anchors() -> None:
    anchors = Anchors(next_meeting=date(2024, 3, 5), events={"FOSDEM 2025": date(2025, 2, 1)})
    r = read("Kevin to prepare the demo before the next meeting", anchors=anchors)
    assert r.task == "prepare the demo" and r.due is not None
    assert (r.due.on, r.due.anchor) == (date(2024, 3, 5), "next meeting")
    r = read("Kevin to prepare the demo before the next meeting")
    assert r.due is not None and (r.due.on, r.due.anchor) == (None, "next meeting")
    r = read("Kevin to book the stand before FOSDEM", anchors=anchors)
    assert r.task == "book the stand" and r.due is not None
    assert (r.due.on, r.due.anchor) == (date(2025, 2, 1), "FOSDEM 2025")
    r = read("Kevin to book the stand before KubeCon", anchors=anchors)
    assert r.task == "book the stand before KubeCon" and r.due is None


class TestBadInput:
    def test_empty(self) -> None:
        assert read("").error == EMPTY_ERROR
        assert read("   \n\t").error == EMPTY_ERROR

    def test_only_a_name_or_only_a_date_has_no_task(self) -> None:
        r = read("Kevin")
        assert r.owners == (name("Kevin"),) and r.error == NO_TASK_ERROR
        r = read("by Friday")
        assert r.due is not None and r.error == NO_TASK_ERROR

    def test_impossible_date(self) -> None:
        r = read("Kevin to ship it by 2024-02-30")
        assert r.owners == (name("Kevin"),) and r.task == "ship it" and r.due is None
        assert r.error is not None and r.error.startswith("There is no 30 February 2024")

    def test_user_text_is_kept_as_typed(self) -> None:
        r = read("Kevin to post <!channel> & <script>alert(1)</script> 🎉 مرحبا")
        assert r.task == "post @channel & <script>alert(1)</script> 🎉 مرحبا"

    def test_only_punctuation(self) -> None:
        r = read("?!?!... ,,, --")
        assert r.error == NO_TASK_ERROR and r.owners == () and r.due is None

    def test_a_line_of_mentions(self) -> None:
        r = read("<@U1> <@U2> <@U3|carol>")
        assert r.owners == (OwnerRef("user", "U1"), OwnerRef("user", "U2"), OwnerRef("user", "U3"))
        assert r.error == NO_TASK_ERROR

    @pytest.mark.parametrize(
        "line",
        [
            "Kevin to (review [the (budget)",
            "Kevin to review ((the)) [[budget]] )(",
            "(((((",
            "Kevin to review the budget (by Friday",
        ],
    )
    def test_unbalanced_and_nested_brackets(self, line: str) -> None:
        r = read(line)
        assert r.error == NO_TASK_ERROR if not r.task else all(w.strip("()[]") in line for w in r.task.split())

    def test_control_characters_and_mixed_scripts(self) -> None:
        r = read("Kevin\x00 to\u200b review\x1b the budget\u202e by Friday")
        assert r.owners == (name("Kevin"),) and r.due is not None and r.due.on == FRI
        r = read("Кевин to review the 予算 by Friday مرحبا")
        assert (r.owners, r.task) == ((name("Кевин"),), "review the 予算 مرحبا")
        assert r.due is not None and r.due.on == FRI

    def test_long_line(self) -> None:
        r = read("Kevin to " + "review the budget " * 600)
        assert r.owners == (name("Kevin"),) and r.task.startswith("review the budget")


@pytest.mark.parametrize(
    ("text", "owners"),
    [
        ("Leonardo and <@U123>", (name("Leonardo"), OwnerRef("user", "U123"))),
        ("@kevin", (name("kevin"),)),
        ("me", (OwnerRef("me", "me"),)),
        ("Leonardo Garcia, Kevin", (name("Leonardo Garcia"), name("Kevin"))),
        ("Marie Curie and the chairs", (name("Marie Curie"), OwnerRef("group", "chairs"))),
        ("<@U1> <@U2>", (OwnerRef("user", "U1"), OwnerRef("user", "U2"))),
        ("", ()),
    ],
)
def test_read_owners(text: str, owners: tuple[OwnerRef, ...]) -> None:
    said = decode(text)
    assert read_owners(said.text, names=NAMES, mentions=said.people, groups=said.groups) == owners


class TestDecisions:
    """The documented readings of ambiguous lines (see the docstrings of the bot.core.language.reading modules)."""

    def test_speaker_saying_i_owns_it(self) -> None:
        r = read("Leonardo: Kevin and I will review the budget")
        assert r.owners == (name("Kevin"), name("Leonardo")) and r.speaker == "Leonardo"

    def test_speaker_with_we_or_there_assigns_nobody(self) -> None:
        for line in ("Leonardo: We will not work on BMC software this year.", "Jonathan: There are gaps in QEMU CI."):
            r = read(line)
            assert r.owners == () and r.speaker is not None and r.due is None

    def test_addressed_name_with_imperative_owns_it(self) -> None:
        assert read("Kevin: send the slides").owners == (name("Kevin"),)

    def test_irc_nick_is_the_speaker(self) -> None:
        r = read("<carol> #action I'll update the wiki page")
        assert r.owners == (name("carol"),) and r.task == "update the wiki page"

    def test_names_inside_the_task_are_not_owners(self) -> None:
        assert read("Kevin to sync with Jon and Carol about the release").owners == (name("Kevin"),)
        assert read("Ask Kevin to send the slides").owners == ()
        assert read("Talk to @jon about the CI budget").owners == ()

    def test_headings_are_not_owners(self) -> None:
        assert read("Budget: review the numbers").owners == ()
        assert read("Note: review the numbers").owners == ()

    def test_remind_me(self) -> None:
        r = read("remind me to renew the domain on 1 March")
        assert r.owners == (OwnerRef("me", "me"),) and r.task == "renew the domain"

    def test_markdown_table_row(self) -> None:
        r = read("| Carol, Ryan | Draft the election rules | end of March |")
        assert (r.owners, r.task) == ((name("Carol"), name("Ryan")), "Draft the election rules")
        assert r.due is not None and r.due.on == date(2024, 3, 31)

    def test_time_of_day_is_read_past(self) -> None:
        r = read("Kevin to send slides by 5pm")
        assert r.due is not None and r.due.on == TUE and r.task == "send slides"
        r = read("Kevin to send slides at 5pm")
        assert r.due is None and r.task == "send slides at 5pm"

    def test_past_reference_is_not_a_deadline(self) -> None:
        r = read("Kevin to look into why the nightly failed on 2/14")
        assert r.due is None and r.task == "look into why the nightly failed on 2/14"

    def test_numeric_alternative_is_offered(self) -> None:
        r = read("Kevin to update the tracker by 03/04")
        assert r.due is not None and r.due.on == date(2024, 4, 3) and r.due.alternatives == (date(2024, 3, 4),)


ME = OwnerRef("me", "me")


class TestGeneralRules:
    """Rules added so that reading generalises to phrasings the corpus did not have (see the module docstring)."""

    @pytest.mark.parametrize(
        ("line", "owners", "task"),
        [
            ("Kevin (Arm) to review the CCA spec", (name("Kevin"),), "review the CCA spec"),
            ("Priya (Google) and Jon to draft the FAQ", (name("Priya"), name("Jon")), "draft the FAQ"),
            ("J. Smith to update the deck", (name("J. Smith"),), "update the deck"),
            ("J.S. to draft the retro notes", (name("J.S."),), "draft the retro notes"),
            ("K.Z. and L.G. to update the deck", (name("K.Z."), name("L.G.")), "update the deck"),
            ("Leo G. to update the deck", (name("Leo G."),), "update the deck"),
            ("ACTION Kevin: update the wiki", (name("Kevin"),), "update the wiki"),
            ("TODO Kevin - update the wiki", (name("Kevin"),), "update the wiki"),
            ("ACTION on Kevin to update the slides", (name("Kevin"),), "update the slides"),
            ("Action point: Kevin to update the wiki", (name("Kevin"),), "update the wiki"),
            ("AI [Kevin]: update the wiki", (name("Kevin"),), "update the wiki"),
            ("TBD: update the deck", (), "update the deck"),
            ("ryan: #action kevin to update the wiki", (name("kevin"),), "update the wiki"),
            ("Kevin takes the action to update the slides", (name("Kevin"),), "update the slides"),
            ("Kevin - to send the deck", (name("Kevin"),), "send the deck"),
            ("Update the deck => Kevin", (name("Kevin"),), "Update the deck"),
            ("hey <@U123> can u update the wiki?", (OwnerRef("user", "U123"),), "update the wiki"),
            ("<@U123> could you update the wiki? thanks!", (OwnerRef("user", "U123"),), "update the wiki"),
            ("I'm going to update the wiki", (ME,), "update the wiki"),
            ("Let me update the wiki", (ME,), "update the wiki"),
            ("Let me know if the wiki is wrong", (), "Let me know if the wiki is wrong"),
            ("ACTION: Kevin to update the wiki - OPEN", (name("Kevin"),), "update the wiki"),
            ("- [ ] ~~Kevin~~ Jon: update the wiki", (name("Jon"),), "update the wiki"),
            ("the LF to send the invoice", (name("LF"),), "send the invoice"),
            ("the Linux Foundation will send the invoice", (name("Linux Foundation"),), "send the invoice"),
            ("the release team to cut the branch", (OwnerRef("group", "release team"),), "cut the branch"),
            (":pushpin: Kevin to send the deck :pray:", (name("Kevin"),), "send the deck"),
            ("Jan van der Berg to ping the LF", (name("Jan van der Berg"),), "ping the LF"),
            ("Ryan: ACTION: Kevin to send the slides", (name("Kevin"),), "send the slides"),
            ("Ryan: action on me to send the slides", (name("Ryan"),), "send the slides"),
            ("Ryan (chair): Kevin to send the slides", (name("Kevin"),), "send the slides"),
            ("Ryan: agreed. Kevin to send the slides", (name("Kevin"),), "send the slides"),
            ("Ryan: ok, I will send the slides", (name("Ryan"),), "send the slides"),
            ("<ryan> #action priya send the slides", (name("priya"),), "send the slides"),
            ("Ryan: TODO send the slides pls", (), "send the slides"),
            ("Kevin (lead) and Jon to draft the policy", (name("Kevin"), name("Jon")), "draft the policy"),
            ("Kevin has the action to update the checklist", (name("Kevin"),), "update the checklist"),
            ("Kevin: action to update the checklist", (name("Kevin"),), "update the checklist"),
            ("Kevin's action: send the draft", (name("Kevin"),), "send the draft"),
            ("Assigned to Kevin: send the draft", (name("Kevin"),), "send the draft"),
            ("Send the draft. Assigned: Kevin", (name("Kevin"),), "Send the draft"),
            ("Release checklist -> Kevin, 1 March", (name("Kevin"),), "Release checklist"),
            ("Welcome Priya to the group", (), "Welcome Priya to the group"),
            ("Onboard Priya to the infra team", (), "Onboard Priya to the infra team"),
            ("Canvass members about the date", (), "Canvass members about the date"),
            ("Next steps: Kevin to share the draft", (name("Kevin"),), "share the draft"),
            ("Survey to close on 1 March", (), "Survey to close"),
            ("Reminder: CFP closes 1 March", (), "Reminder: CFP closes 1 March"),
            ("Discussed the budget; no actions", (), "Discussed the budget; no actions"),
            ("Carried over from last meeting: Kevin to update the wiki", (name("Kevin"),), "update the wiki"),
            ("Still open: Jon to send the invoice", (name("Jon"),), "send the invoice"),
            ("- [ ] @org/infra-team rotate the tokens", (OwnerRef("group", "org/infra-team"),), "rotate the tokens"),
            ("Jon et al. to review the RFC", (name("Jon"),), "review the RFC"),
            ("Jon & co to review the RFC", (name("Jon"),), "review the RFC"),
        ],
    )
    def test_owners_and_task(self, line: str, owners: tuple[OwnerRef, ...], task: str) -> None:
        r = read(line)
        assert (r.owners, r.task) == (owners, task)

    @pytest.mark.parametrize(
        ("line", "owners", "task", "due"),
        [
            (
                "- [ ] Kevin: update the wiki ~~by Friday~~ by Monday",
                (name("Kevin"),),
                "update the wiki",
                date(2024, 2, 26),
            ),
            ("- [ ] Kevin | update the wiki | Friday", (name("Kevin"),), "update the wiki", FRI),
            (
                "| 3 | Kevin | Update the wiki | 2024-03-01 | Open |",
                (name("Kevin"),),
                "Update the wiki",
                date(2024, 3, 1),
            ),
            ("Action (Kevin, due 1 Mar): update the wiki", (name("Kevin"),), "update the wiki", date(2024, 3, 1)),
            ("- [ ] update the wiki @kevin 📅 2024-03-01", (name("kevin"),), "update the wiki", date(2024, 3, 1)),
            ("Kevin to send the slides by Friday 23rd", (name("Kevin"),), "send the slides", FRI),
            ("Kevin to provide support 24/7", (name("Kevin"),), "provide support 24/7", None),
            ("Kevin to tag release 2024.03.1", (name("Kevin"),), "tag release 2024.03.1", None),
            ("Kevin to send the summary by 17:00 Friday!", (name("Kevin"),), "send the summary", FRI),
            ("Kevin: send the summary {due: 2024-03-01}", (name("Kevin"),), "send the summary", date(2024, 3, 1)),
        ],
    )
    def test_owners_task_and_due(self, line: str, owners: tuple[OwnerRef, ...], task: str, due: date | None) -> None:
        r = read(line)
        assert (r.owners, r.task, r.due.on if r.due else None, r.error) == (owners, task, due, None)


@pytest.mark.parametrize(
    ("line", "owners", "task", "due"),
    [
        (
            "Kevin will update the wiki and Jon will book the room by Friday",
            (name("Kevin"),),
            "update the wiki and Jon will book the room",
            FRI,
        ),
        (
            "Kevin to update the wiki, and Jon to book the room by Friday",
            (name("Kevin"),),
            "update the wiki, and Jon to book the room",
            FRI,
        ),
        (
            "Kevin to update the wiki by Friday and Jon to book the room",
            (name("Kevin"),),
            "update the wiki and Jon to book the room",
            FRI,
        ),
        (
            "<@U1> will update the wiki; <@U2> will book the room",
            (OwnerRef("user", "U1"),),
            "update the wiki; @U2 will book the room",
            None,
        ),
        (
            "I will update the wiki and Jon will book the room",
            (OwnerRef("me", "me"),),
            "update the wiki and Jon will book the room",
            None,
        ),
    ],
)
def test_two_items_on_one_line_are_one_item_that_keeps_both_clauses(
    line: str, owners: tuple[OwnerRef, ...], task: str, due: date | None
) -> None:
    r = read(line)
    assert (r.owners, r.task, r.due.on if r.due else None, r.error) == (owners, task, due, None)


def test_a_range_stays_in_the_task_unless_a_keyword_makes_it_the_deadline() -> None:
    r = read("Kevin to send the slides between 1 and 5 March")
    assert (r.owners, r.task, r.due) == ((name("Kevin"),), "send the slides between 1 and 5 March", None)
    r = read("Kevin to send the slides sometime between 1 and 5 March")
    assert (r.task, r.due.on if r.due else None) == ("send the slides", date(2024, 3, 5))


class TestMentions:
    """Mentions reach the reader decoded by the edge: text as the person saw it, plus who each mention is."""

    PEOPLE = {"@Kevin Zhao": "U1", "@Kevin": "U2", "@Mark March": "U4"}
    GROUPS = frozenset({"@steering-team", "@channel"})

    def read(self, text: str) -> Reading:
        return read_action(text, today=TUE, names=NAMES, mentions=self.PEOPLE, groups=self.GROUPS)

    @pytest.mark.parametrize(
        ("line", "owners", "task"),
        [
            ("@Kevin Zhao review the PR", (OwnerRef("user", "U1"),), "review the PR"),
            ("@Kevin Zhao and @Kevin review the PR", (OwnerRef("user", "U1"), OwnerRef("user", "U2")), "review the PR"),
            ("@Kevin Zhao @Kevin review the PR", (OwnerRef("user", "U1"), OwnerRef("user", "U2")), "review the PR"),
            ("review the PR @Kevin Zhao", (OwnerRef("user", "U1"),), "review the PR"),
            ("Sync with @Kevin Zhao on the release plan", (), "Sync with @Kevin Zhao on the release plan"),
            ("@steering-team to approve the charter", (OwnerRef("group", "steering-team"),), "approve the charter"),
            ("@channel please fill in the survey", (OwnerRef("group", "channel"),), "fill in the survey"),
        ],
    )
    def test_owners_and_task(self, line: str, owners: tuple[OwnerRef, ...], task: str) -> None:
        r = self.read(line)
        assert (r.owners, r.task) == (owners, task)

    def test_a_mention_matches_as_shown(self) -> None:
        assert all(o.kind != "user" for o in self.read("@kevin zhao review the PR").owners)

    def test_a_trailing_mention_leaves_the_date_at_the_end_of_the_line(self) -> None:
        r = self.read("review the deck Friday @Kevin Zhao")
        assert (r.owners, r.task) == ((OwnerRef("user", "U1"),), "review the deck")
        assert r.due is not None and (r.due.on, r.due.phrase) == (FRI, "Friday")

    def test_no_date_is_read_inside_a_mention(self) -> None:
        r = self.read("review the budget @Mark March")
        assert (r.owners, r.task, r.due) == ((OwnerRef("user", "U4"),), "review the budget", None)
        r = self.read("@Mark March to send the deck by Friday")
        assert r.owners == (OwnerRef("user", "U4"),) and r.due is not None and r.due.phrase == "by Friday"

    def test_read_owners(self) -> None:
        owners = read_owners("@Kevin Zhao, @Kevin and @steering-team", mentions=self.PEOPLE, groups=self.GROUPS)
        assert owners == (OwnerRef("user", "U1"), OwnerRef("user", "U2"), OwnerRef("group", "steering-team"))
