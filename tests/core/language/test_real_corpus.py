"""The real corpus (tests/core/language/corpus/real: lines from public minutes, labelled by hand) read with read_items:
the tune split stays above issue 10's targets; and read_items reads the team's corpus exactly as read_action does,
but for the lines that hold two items.  The holdout split is not read here (it is measured once, by
bench/parse_accuracy.py --holdout, at the end of a piece of work)."""

from __future__ import annotations

from bot.core.language import read_items
from tests.core.language.corpus.real.score import load, score
from tests.core.language.corpus.score import FILES, HERE, Case, read_case
from tests.core.language.corpus.score import load as load_team

TWO_ITEMS = {  # team lines that hold two items: read_action makes one item of each, read_items two
    "Andy brought a concern about Rust gaps; Leonardo to follow up //12-03-2024": 1,
    "Kevin will update the wiki and Jon will book the room by Friday": 2,
    "- Carol to draft the agenda; Ryan to send the invite by 1 March": 2,
    "Andy brought up the OpenJDK experience; Kevin to document it //28-03-2024": 1,
}  # (the two "Andy brought …" lines: the report before ";" is context, left out)


def test_the_tune_split_reads_above_the_targets() -> None:
    s = score(load(split="tune"))
    report = "\n".join(s.misses)
    assert s.owners >= 90.0, report
    assert s.due >= 85.0, report
    assert s.invented_rate <= 3.0, report
    assert s.task >= 0.90, report


def _items(c: Case) -> tuple[object, ...]:
    return read_items(
        c.text,
        today=c.today,
        day_first=c.day_first,
        names=c.names,
        anchors=c.anchors,
        mentions=c.mentions,
        groups=c.groups,
    )


def test_read_items_reads_the_team_corpus_as_read_action_does() -> None:
    differ = {}
    for name in FILES:
        for c in load_team(HERE / name):
            items = _items(c)
            if items != (read_case(c),):
                differ[c.text] = len(items)
    assert differ == TWO_ITEMS
