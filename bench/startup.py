"""Start-up of `steerbot run --http`, black box: the time from spawning the process to its first `GET /healthz` 200,
and its idle resident memory (VmRSS once it serves and has settled), against baselines measured in the same run:

- the floor (bench/floor_server.py): Bolt, slack_sdk, SQLAlchemy and waitress, started the same way;
- `python -c "import slack_bolt"`: the interpreter and Bolt alone.

The bot is started twice per run: on an empty SQLite file (it migrates it first) and again on that database (a
restart: nothing to migrate). Runs alternate between the bot and the baselines; medians are printed.
`--compare TREE` starts a second bot from another checkout in the same runs; `--imports` prints what the bot's
imports cost (python -X importtime, cumulative, the largest first).

Usage: python bench/startup.py [--runs 5] [--compare TREE] [--imports]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from blackbox import PYTHON, ROOT, Server, fake_slack, rss_mb, start_bot, start_floor  # noqa: E402

SETTLE = 2.0  # s after the first 200 before the memory is read (the scheduler's first pass, lazy imports)


def settled_rss(server: Server) -> float:
    """VmRSS once it has stopped moving (two readings 0.25 s apart within 0.5 MB), at least SETTLE s after start."""
    time.sleep(SETTLE)
    last = rss_mb(server.pid)
    for _ in range(20):
        time.sleep(0.25)
        now = rss_mb(server.pid)
        if abs(now - last) < 0.5:
            return now
        last = now
    return last


def measure(server: Server) -> tuple[float, float]:
    try:
        seconds = server.wait_healthy()
        return seconds, settled_rss(server)
    finally:
        server.stop()


def import_bolt() -> float:
    started = time.perf_counter()
    subprocess.run([PYTHON, "-c", "import slack_bolt"], check=True)
    return time.perf_counter() - started


def imports(tree: Path, fake_url: str, workdir: Path) -> None:
    """Starts the bot once under -X importtime, until its first /healthz 200, and prints the costliest imports
    (cumulative, by top-level package)."""
    server = start_bot(tree, workdir, fake_url, name="importtime", python_flags=["-X", "importtime"])
    try:
        seconds = server.wait_healthy()
    finally:
        server.stop()
    cumulative = _by_package(server.log.read_text(errors="replace"))
    print(f"under -X importtime: {seconds:.2f} s to the first /healthz 200. Import time of each package where another"
          " package first imports it (cumulative: what it imports is in it):")  # fmt: skip
    for name, micros in sorted(cumulative.items(), key=lambda kv: -kv[1])[:20]:
        print(f"  {name:28} {micros / 1000:7.1f} ms")


def _by_package(log: str) -> dict[str, int]:
    """Microseconds per top-level package, summed over the imports where another package (or the script) imports
    it. -X importtime prints children before their parent, deeper indented: read backwards, a parent comes first."""
    rows = [
        (len(m.group(3)) // 2, m.group(4), int(m.group(2)))
        for m in (re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", row) for row in log.splitlines())
        if m
    ]
    enclosing: dict[int, str] = {}
    totals: dict[str, int] = defaultdict(int)
    for depth, module, micros in reversed(rows):
        package = module.split(".")[0]
        if enclosing.get(depth - 1) != package:
            totals[package] += micros
        enclosing[depth] = package
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--compare", type=Path, help="also start the bot from this source tree")
    parser.add_argument("--imports", action="store_true", help="print what the bot's imports cost")
    args = parser.parse_args()
    trees = [("steerbot", ROOT)] + ([("compare", args.compare.resolve())] if args.compare else [])
    results: dict[str, list[tuple[float, float]]] = defaultdict(list)
    bolt: list[float] = []
    with tempfile.TemporaryDirectory() as tmp, fake_slack(Path(tmp)) as fake:
        for run in range(args.runs):
            for name, tree in trees:
                workdir = Path(tmp) / f"{name}-{run}"
                results[f"{name} (empty db)"].append(measure(start_bot(tree, workdir, fake.url, name=name)))
                results[f"{name} (restart)"].append(measure(start_bot(tree, workdir, fake.url, name=name)))
            results["floor"].append(measure(start_floor(Path(tmp) / f"floor-{run}", fake.url)))
            bolt.append(import_bolt())
        if args.imports:
            imports(ROOT, fake.url, Path(tmp) / "imports")
    floor_s = statistics.median(s for s, _ in results["floor"])
    floor_mb = statistics.median(mb for _, mb in results["floor"])
    bolt_s = statistics.median(bolt)
    print(f"{args.runs} runs; medians. Start: spawn to first GET /healthz 200. RSS: VmRSS settled after it.")
    print(f"{'':26} {'start':>8} {'/floor':>7} {'/import':>8} {'RSS':>8} {'/floor':>7}")
    for name, values in results.items():
        s = statistics.median(v for v, _ in values)
        mb = statistics.median(m for _, m in values)
        print(f"{name:26} {s:7.2f}s {s / floor_s:6.2f}x {s / bolt_s:7.2f}x {mb:6.1f}MB {mb / floor_mb:6.2f}x")
    print(f"{'python -c import slack_bolt':26} {bolt_s:7.2f}s")
    print("targets: steerbot start to first /healthz 200 <= 2 s; idle RSS <= 120 MB")


if __name__ == "__main__":
    main()
