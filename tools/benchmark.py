"""Time the issue build, stage by stage: an issue manifest -> a table of seconds per article and stage.

Performance is measured here and printed, never asserted in tests:

    .venv/bin/python tools/benchmark.py [samples/dir/vol29-issue4/issue.yaml] [--build /tmp/bench]

It builds the issue into a scratch folder (not build/) and prints how long each stage took for each article,
the issue-level steps, and the total.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.issue.build import build_issue  # noqa: E402
from pipeline.issue.progress import Progress  # noqa: E402


class Timing(Progress):
    """Records the time from each stage's start to its end (and between issue-level steps)."""

    def __init__(self) -> None:
        super().__init__()
        self.started: dict[tuple[str, str], float] = {}
        self.seconds: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        self.issue_steps: list[tuple[str, float]] = []
        self.last = time.perf_counter()

    def _print(self, text: str = "", end: str = "\n") -> None:
        pass

    def stage(self, state, name: str) -> None:
        self.started[(state.entry.id, name)] = time.perf_counter()

    def done(self, state, name: str, new) -> None:
        now = time.perf_counter()
        key = "paginate" if name in ("layout", "paginate") else name
        start = self.started.pop((state.entry.id, "paginate" if key == "paginate" else name), self.last)
        self.seconds[state.entry.id][key] += now - start
        self.last = now

    def issue_stage(self, name: str) -> None:
        now = time.perf_counter()
        self.issue_steps.append((name, now))
        self.last = now


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manifest", type=Path, nargs="?",
                        default=ROOT / "samples" / "dir" / "vol29-issue4" / "issue.yaml")
    parser.add_argument("--build", type=Path, default=None, help="scratch build folder (default: a temp folder)")
    args = parser.parse_args(argv)
    timing = Timing()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        start = time.perf_counter()
        build = build_issue(args.manifest, args.build or Path(tmp), timing)
        total = time.perf_counter() - start
    stages = ["ingest", "enrich", "validate", "paginate", "render", "check"]
    print(f"{'article':<16}" + "".join(f"{s:>10}" for s in stages) + f"{'pages':>8}")
    sums = defaultdict(float)
    for state in build.articles:
        row = timing.seconds[state.entry.id]
        for s in stages:
            sums[s] += row.get(s, 0.0)
        pages = state.pages[1] - state.pages[0] + 1 if state.pages else 0
        print(f"{state.entry.id:<16}" + "".join(f"{row.get(s, 0.0):>10.2f}" for s in stages) + f"{pages:>8}")
    print(f"{'all articles':<16}" + "".join(f"{sums[s]:>10.2f}" for s in stages))
    marks = [*timing.issue_steps]
    for n, (name, at) in enumerate(marks):
        end = marks[n + 1][1] if n + 1 < len(marks) else start + total
        print(f"issue: {name:<24}{end - at:>8.2f} s")
    print(f"total: {total:.1f} s for {len(build.articles)} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
