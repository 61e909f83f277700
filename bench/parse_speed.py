"""Speed of reading action lines: per-line cost against dateparser.search_dates on the same lines, in the same
run, printed as a ratio (read_action and read_items on the team's corpus, read_items on the real corpus); and the
first call's latency in a fresh process after import + warm_up().

Run: .venv/bin/python bench/parse_speed.py [rounds]
Targets: the whole reading costs at most half of search_dates' per-line cost; the first command after
start-up (import, warm_up(), then one line) answers in under 50 ms.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.core.language.corpus.score import HERE, Case, load  # noqa: E402

FIRST_CALL = r"""
import json, time
t0 = time.perf_counter()
from datetime import date
from bot.core.language import parse_when, read_action, warm_up
from bot.core.kernel.model import Anchors
t1 = time.perf_counter()
warm_up()
t2 = time.perf_counter()
r = read_action("Leonardo check Rust with the toolchain team by next Friday", today=date(2024, 2, 20),
                names=("Leonardo", "Kevin"), anchors=Anchors(date(2024, 3, 5)))
t3 = time.perf_counter()
d = parse_when("a week from Friday", today=date(2024, 2, 20))  # the dateparser fallback path
t4 = time.perf_counter()
assert r.due is not None
print(json.dumps({"import": t1 - t0, "warm_up": t2 - t1, "first_read": t3 - t2, "first_fallback": t4 - t3}))
"""


def per_line(fn: Callable[[Case], object], cases: list[Case], rounds: int) -> float:
    """Median over rounds of the mean seconds per line."""
    samples = []
    for _ in range(rounds):
        t = time.perf_counter()
        for c in cases:
            fn(c)
        samples.append((time.perf_counter() - t) / len(cases))
    return statistics.median(samples)


def ratio(title: str, ours: Callable[[Case], object], cases: list[Case], rounds: int) -> None:
    """Our per-line cost against dateparser.search_dates on the same lines, interleaved so noise hits both alike."""
    from dateparser.search import search_dates

    def baseline(c: Case) -> object:
        base = datetime(c.today.year, c.today.month, c.today.day)
        order = "DMY" if c.day_first else "MDY"
        return search_dates(c.text, languages=["en"], settings={"RELATIVE_BASE": base, "DATE_ORDER": order})

    for c in cases[:20]:  # both warm: dateparser loads its English data on first use
        ours(c)
        baseline(c)
    ours_s, base_s = [], []
    for _ in range(rounds):
        ours_s.append(per_line(ours, cases, 1))
        base_s.append(per_line(baseline, cases, 1))
    mine, theirs = statistics.median(ours_s), statistics.median(base_s)
    print(f"{title}: {len(cases)} lines, rounds: {rounds}")
    print(f"  ours                                  {mine * 1e6:9.1f} µs/line")
    print(f"  dateparser.search_dates (dates only): {theirs * 1e6:9.1f} µs/line")
    print(f"  ratio ours / search_dates: {mine / theirs:.3f}   target <= 0.5")


def real_cases() -> list[Case]:
    """The real corpus's lines (tests/core/language/corpus/real), as cases to time (their labels are not used)."""
    from bot.core.kernel.model import Anchors
    from tests.core.language.corpus.real.score import load as load_real

    return [
        Case("real", line.text, line.text, (), "", None, False, line.today, line.day_first, Anchors(), ())
        for line in load_real()
    ]


def main(argv: list[str]) -> int:
    rounds = int(argv[0]) if argv else 5
    from bot.core.language import read_action, read_items, warm_up

    files = ("actions.jsonl", "holdout.jsonl", "holdout2.jsonl", "holdout3.jsonl", "holdout4.jsonl")
    cases = [c for name in files if (HERE / name).exists() for c in load(HERE / name)]
    real = real_cases()
    warm_up()

    def action(c: Case) -> object:
        return read_action(c.text, today=c.today, day_first=c.day_first, names=c.names, anchors=c.anchors)

    def items(c: Case) -> object:
        return read_items(c.text, today=c.today, day_first=c.day_first, names=c.names, anchors=c.anchors)

    ratio("read_action, the team's corpus", action, cases, rounds)
    ratio("read_items, the team's corpus", items, cases, rounds)
    ratio("read_items, the real corpus (all of it: timing reads no labels)", items, real, rounds)

    long_line = "Kevin to " + "review the budget and the March 1 notes " * 250
    t = time.perf_counter()
    read_action(long_line, today=cases[0].today, names=cases[0].names)
    print(f"a {len(long_line)}-character line: {(time.perf_counter() - t) * 1e3:.1f} ms")

    out = subprocess.run([sys.executable, "-c", FIRST_CALL], cwd=ROOT, capture_output=True, text=True, check=True)
    first = json.loads(out.stdout)
    print(
        "fresh process: import {:.0f} ms, warm_up() {:.0f} ms, first read_action {:.2f} ms "
        "(target < 50 ms), first dateparser-fallback parse_when {:.2f} ms".format(
            first["import"] * 1e3, first["warm_up"] * 1e3, first["first_read"] * 1e3, first["first_fallback"] * 1e3
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
