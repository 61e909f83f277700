"""The labelled corpus (tests/core/corpus/) read end to end: the accuracy targets hold, so a regression fails."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from bot.core.language import Reading
from tests.core.language.corpus.score import HERE, Case, load, read_case, score

CASES = load(HERE / "actions.jsonl")
HOLDOUT_FILES = ("holdout.jsonl", "holdout2.jsonl", "holdout3.jsonl", "holdout4.jsonl")
HOLDOUT = [c for name in HOLDOUT_FILES for c in load(HERE / name)]


def test_corpus_is_large_and_varied() -> None:
    assert len(CASES) >= 200
    styles = Counter(c.style for c in CASES)
    assert set(styles) >= {"irc", "w3c", "markdown", "wiki", "slack"}
    assert min(styles.values()) >= 15


@pytest.mark.parametrize("cases", [CASES, HOLDOUT], ids=["corpus", "holdout"])
def test_accuracy_targets(cases: list[Case]) -> None:
    s = score(cases)
    report = "\n".join(s.misses)
    assert s.owners >= 98.0, report
    assert s.due >= 98.0, report
    assert s.false_due_rate <= 1.0, report
    assert s.task >= 95.0, report


@pytest.mark.parametrize("style", ["irc", "w3c", "markdown", "wiki", "slack"])
def test_each_style_reads_well(style: str) -> None:
    """No style may lag behind: each reaches 95% on every field."""
    s = score(c for c in CASES + HOLDOUT if c.style == style)
    report = "\n".join(s.misses)
    assert min(s.owners, s.due, s.task) >= 95.0, report


def test_third_holdout_is_large_and_varied() -> None:
    """holdout3 was written before the reader's code was read, to measure how reading generalises."""
    cases = load(HERE / "holdout3.jsonl")
    assert len(cases) >= 150
    assert min(Counter(c.style for c in cases).values()) >= 30


def test_scoring_catches_a_wrong_reading() -> None:
    """The scorer itself: a reader that drops owners scores 0 on owners for lines that have them."""

    def no_owners(c: Case) -> Reading:
        return replace(read_case(c), owners=())

    with_owners = [c for c in CASES if c.owners][:20]
    assert score(with_owners, no_owners).owners_ok == 0
