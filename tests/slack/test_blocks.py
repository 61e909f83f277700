"""Rendering documents to Block Kit: escaped, and within Slack's limits however long the document."""

from __future__ import annotations

from datetime import date

from bot.core.kernel.documents import Button, Channel, Doc, Link, Mention, Section, Strong, Text, line
from bot.slack.blocks import MAX_BLOCKS, MAX_SECTION, date_modal, escape, picked_date, render


def test_user_text_cannot_ping_or_link() -> None:
    doc = Doc(
        summary="<!here> & co", sections=(Section(lines=(line("<!channel> <@U9> <https://x|y> & <!subteam^S1>"),)),)
    )
    [msg] = render(doc)
    text = msg["blocks"][0]["text"]["text"]
    assert text == "&lt;!channel&gt; &lt;@U9&gt; &lt;https://x|y&gt; &amp; &lt;!subteam^S1&gt;"
    assert msg["text"] == "&lt;!here&gt; &amp; co"


def test_bot_parts_render_as_slack_markup() -> None:
    parts = line(
        Strong(text="#3"),
        " ",
        Mention(user_id="U1", name="x"),
        " in ",
        Channel(channel_id="C1", name="s"),
        " ",
        Link(url="https://e.org/a?b=1&c=2", label="the <doc> | notes"),
    )
    [msg] = render(Doc(summary="s", sections=(Section(lines=(parts,)),)))
    assert msg["blocks"][0]["text"]["text"] == (
        "*#3* <@U1> in <#C1> <https://e.org/a?b=1&amp;c=2|the &lt;doc&gt; ¦ notes>"
    )


def test_a_link_label_that_is_another_address_is_not_shown() -> None:
    parts = line(
        Link(url="https://evil.example/x", label="https://fosdem.org"),
        " ",
        Link(url="https://fosdem.org/", label="https://fosdem.org"),
        " ",
        Link(url="https://e.org", label="www.other.org"),
    )
    [msg] = render(Doc(summary="s", sections=(Section(lines=(parts,)),)))
    assert msg["blocks"][0]["text"]["text"] == (
        "<https://evil.example/x|https://evil.example/x> <https://fosdem.org/|https://fosdem.org> <https://e.org|https://e.org>"
    )


def test_long_documents_are_split_to_slacks_limits() -> None:
    lines = tuple(line(Text(text=f"item {i} " + "&" * 200)) for i in range(400))
    buttons = tuple(Button(label=f"b{i}", action_id=f"a{i}", value=str(i)) for i in range(60))
    doc = Doc(summary="big", sections=(Section(heading="H" * 400, lines=lines, buttons=buttons),))
    messages = render(doc)
    assert len(messages) > 1
    blocks = [b for m in messages for b in m["blocks"]]
    assert all(len(m["blocks"]) <= MAX_BLOCKS for m in messages)
    assert all(len(b["text"]["text"]) <= MAX_SECTION for b in blocks if b["type"] == "section")
    assert all(len(b["elements"]) <= 25 for b in blocks if b["type"] == "actions")
    assert len(blocks[0]["text"]["text"]) <= 150
    joined = "".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    assert all(f"item {i} " in joined for i in range(400))  # nothing dropped


def test_a_single_overlong_line_is_cut_without_half_an_escape() -> None:
    [msg] = render(Doc(summary="x", sections=(Section(lines=(line("a" * 2998 + "&&&"),)),)))
    text = msg["blocks"][0]["text"]["text"]
    assert len(text) <= MAX_SECTION and text.endswith("…") and not text.rstrip("…").endswith(("&", "&amp"))


def test_escape() -> None:
    assert escape("a<b>&c") == "a&lt;b&gt;&amp;c"


def test_a_view_keeps_to_its_block_limit() -> None:
    from bot.slack.blocks import render_view

    doc = Doc(summary="home", sections=tuple(Section(heading=f"h{i}", lines=(line("x"),)) for i in range(80)))
    blocks = render_view(doc)
    assert len(blocks) == 100 and blocks[-1]["text"]["text"] == "… 61 more blocks not shown."


def test_a_date_modal_and_the_date_read_back() -> None:
    modal = date_modal(
        callback_id="m",
        title="T",
        submit="Go",
        label="Day",
        field=("b", "a"),
        metadata="{}",
        intro="<!channel> x" * 400,
    )
    intro, picker = modal["blocks"]
    assert intro["text"]["type"] == "plain_text" and len(intro["text"]["text"]) <= 3000  # nothing in it is markup
    assert (picker["block_id"], picker["element"]) == ("b", {"type": "datepicker", "action_id": "a"})
    bare = date_modal(callback_id="m", title="T", submit="Go", label="Day", field=("b", "a"), metadata="{}")
    assert [b["type"] for b in bare["blocks"]] == ["input"]  # no intro: the picker alone

    def submitted(value: object) -> dict[str, object]:
        return {"state": {"values": {"b": {"a": {"type": "datepicker", "selected_date": value}}}}}

    assert picked_date(submitted("2024-01-10"), ("b", "a")) == date(2024, 1, 10)
    assert picked_date(submitted(None), ("b", "a")) is None
    assert picked_date(submitted("10/01/2024"), ("b", "a")) is None
    assert picked_date({}, ("b", "a")) is None
