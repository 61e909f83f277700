"""Accuracy of reading action lines, per field: the team's corpus and the real corpus.

The team's corpus (tests/core/language/corpus/*.jsonl, written for this project) is read with read_action, one item
per line; holdout*.jsonl were each written after the reader had been tuned on what came before (figures in
tests/core/language/corpus/README.md).

The real corpus (tests/core/language/corpus/real/lines.jsonl: lines copied from the public minutes of 39 bodies,
labelled by hand) is read with read_items, one reading per item; the scoring is defined in
tests/core/language/corpus/real/score.py and README.md there.  Only its `tune` split is measured unless asked:
the `holdout` split (whole bodies) is measured once, at the end of a piece of work, and never tuned on.

Run: .venv/bin/python bench/parse_accuracy.py [-v] [--holdout]
  -v         list every line that missed (team corpus, and the tune split of the real corpus; never the holdout)
  --holdout  also measure the real corpus's holdout split and all of it (figures only)
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.core.language.corpus.real import score as real  # noqa: E402
from tests.core.language.corpus.score import FILES, HERE, Case, load, score  # noqa: E402

REAL_TARGETS = "targets: owners >= 90%, due >= 85%, invented <= 3%, task F1 >= 0.90"


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


def report_real(split: str | None, verbose: bool) -> None:
    lines = real.load(split=split)
    s = real.score(lines)
    styles = Counter(line.style for line in lines)
    print(f"real corpus, {split or 'all'}: {s.lines} lines, {s.items} items scored "
          f"({', '.join(f'{k} {v}' for k, v in sorted(styles.items()))})   {REAL_TARGETS}")  # fmt: skip
    print(f"  owners    {s.owners:6.2f}%  ({s.owners_ok}/{s.items})")
    print(f"  due       {s.due:6.2f}%  ({s.dated_ok}/{s.dated} items with a due date)")
    print(f"  invented  {s.invented_rate:6.2f}%  ({s.invented}/{s.undated} items with no due date)")
    print(f"  task F1   {s.task:6.3f}")
    if verbose and split == "tune":
        for miss in s.misses:
            print(miss)
    elif s.misses:
        print(f"  {len(s.misses)} lines missed at least one field")


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    everything: list[Case] = []
    for name in FILES:
        if not (HERE / name).exists():
            continue
        cases = load(HERE / name)
        report(name, cases, verbose)
        everything += cases
    report("all", everything, verbose=False)
    print()
    report_real("tune", verbose)
    if "--holdout" in argv:
        report_real("holdout", verbose=False)
        report_real(None, verbose=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
