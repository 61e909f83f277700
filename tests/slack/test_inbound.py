"""Slack's wire format decoded at the edge: each form Slack sends becomes the words the person saw, with what
its mentions, channels and links point at kept beside them."""

from __future__ import annotations

import pytest

from bot.core.kernel.boundary import LinkRef, Said
from bot.slack.inbound import decode

NAMES = {"U2": "Kevin Zhao", "U4": "Jon Masters"}


def names(user_id: str) -> str | None:
    return NAMES.get(user_id)


@pytest.mark.parametrize(
    ("sent", "seen"),
    [
        ("compare a &lt; b &amp; c", Said("compare a < b & c")),
        ("Andy, Jon &amp; me", Said("Andy, Jon & me")),
        ("&amp;lt; is how you write &lt;", Said("&lt; is how you write <")),
        (
            "<@U2> and <@U4|jon> review",
            Said("@Kevin Zhao and @Jon Masters review", {"@Kevin Zhao": "U2", "@Jon Masters": "U4"}),
        ),
        ("ask <@U9|ana>", Said("ask @ana", {"@ana": "U9"})),
        ("ask <@U9>", Said("ask @U9", {"@U9": "U9"})),
        ("tell <!channel> and <!here|here>", Said("tell @channel and @here", groups=frozenset({"@channel", "@here"}))),
        ("<!subteam^S1|@infra-team> to patch", Said("@infra-team to patch", groups=frozenset({"@infra-team"}))),
        ("see <#C2|lab> and <#C3>", Said("see #lab and #C3", channels={"#lab": "C2", "#C3": "C3"})),
        (
            "<https://fosdem.org>",
            Said("https://fosdem.org", links=(LinkRef("https://fosdem.org", "https://fosdem.org"),)),
        ),
        ("<https://fosdem.org/|fosdem.org>", Said("fosdem.org", links=(LinkRef("https://fosdem.org/", "fosdem.org"),))),
        (
            "read <https://example.org/x?a=1&amp;b=2|the spec>",
            Said(
                "read the spec (https://example.org/x?a=1&b=2)",
                links=(LinkRef("https://example.org/x?a=1&b=2", "the spec"),),
            ),
        ),
        (
            "<https://evil.example/x|https://fosdem.org>",
            Said(
                "https://evil.example/x",
                links=(LinkRef("https://evil.example/x", "https://fosdem.org"),),
            ),
        ),
        ("<mailto:a@b.org|a@b.org>", Said("a@b.org", links=(LinkRef("mailto:a@b.org", "a@b.org"),))),
        (
            "Brussels <https://fosdem.org/2024/|fosdem.org>",
            Said("Brussels https://fosdem.org/2024/", links=(LinkRef("https://fosdem.org/2024/", "fosdem.org"),)),
        ),
        ("due <!date^1709280000^{date_short}|Mar 1, 2024>", Said("due Mar 1, 2024")),
        ("", Said("")),
        ("<ryan> #action carol to draft", Said("<ryan> #action carol to draft")),  # pasted, not Slack's markup
        ("nul\x00 in <@U2|k\x00evin> text", Said("nul in @Kevin Zhao text", {"@Kevin Zhao": "U2"})),
    ],
)
def test_each_form_slack_sends_reads_as_the_person_saw_it(sent: str, seen: Said) -> None:
    assert decode(sent, names) == seen


def test_two_people_with_the_same_name_stay_two_mentions() -> None:
    said = decode("<@U2|kevin> and <@U3|kevin>")
    assert said == Said("@kevin and @kevin (U3)", {"@kevin": "U2", "@kevin (U3)": "U3"})
