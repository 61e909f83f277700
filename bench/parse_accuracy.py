"""Accuracy of reading action lines, per field, on the labelled corpus in tests/core/corpus/.

actions.jsonl is the main corpus; holdout.jsonl, holdout2.jsonl, holdout3.jsonl and holdout4.jsonl were each written
after the reader had been tuned on what came before, and measured once before any change for them (numbers in
tests/core/corpus/README.md).

Run: .venv/bin/python bench/parse_accuracy.py [-v]   (-v lists every line that missed)
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.core.language.corpus.score import HERE, Case, load, score  # noqa: E402

CORPUS_FILES = ("actions.jsonl", "holdout.jsonl", "holdout2.jsonl", "holdout3.jsonl", "holdout4.jsonl")


def report(title: str, cases: list[Case], verbose: bool) -> None:
    s = score(cases)
    styles = Counter(c.style for c in cases)
    print(f"{title}: {s.total} lines ({', '.join(f'{k} {v}' for k, v in sorted(styles.items()))})")
    print(f"  owners     {s.owners:6.2f}%  ({s.owners_ok}/{s.total})   target >= 98%")
    print(f"  due date   {s.due:6.2f}%  ({s.due_ok}/{s.total})   target >= 98%")
    print(f"  false due  {s.false_due_rate:6.2f}%  ({s.false_due}/{s.total})   target <= 1%")
    print(f"  task text  {s.task:6.2f}%  ({s.task_ok}/{s.total})   target >= 95%")
    if verbose:
        for miss in s.misses:
            print(miss)
    elif s.misses:
        print(f"  {len(s.misses)} lines missed at least one field (-v to list them)")


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    everything: list[Case] = []
    for name in CORPUS_FILES:
        if not (HERE / name).exists():
            continue
        cases = load(HERE / name)
        report(name, cases, verbose)
        everything += cases
    report("all", everything, verbose=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
