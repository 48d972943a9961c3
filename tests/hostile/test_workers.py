"""The build's worker processes under a memory cap (pipeline/issue/workers.py), with real spawned workers: a task
that runs out of memory outside a stage's own handling is reported as over the cap, not as a worker that ended
for no reason, and the next task gets a fresh worker."""

from __future__ import annotations

from pathlib import Path

from pipeline.issue.workers import Stopped, Workers

CAP_MB = 200


def allocate_past_the_backstop() -> int:
    """Ask at once for more than a worker may allocate (twice the cap): the allocation fails with a MemoryError,
    before the memory in use could ever be seen near the cap."""
    return len(bytearray(3 * CAP_MB * 1024 * 1024))


def answer() -> int:
    return 42


def test_a_task_out_of_memory_is_stopped_for_memory_and_the_next_gets_a_worker(tmp_path: Path) -> None:
    with Workers(jobs=1, tmp=tmp_path / "workers", seconds=120, memory_mb=CAP_MB) as workers:
        workers.submit("greedy", allocate_past_the_backstop)
        assert workers.next_done() == ("greedy", Stopped("memory"))
        workers.submit("after", answer)
        assert workers.next_done() == ("after", 42)


UNGUARDED = """
import sys
sys.path.insert(0, {project!r})
from pathlib import Path
from pipeline.issue.build import build_issue
built = build_issue(Path({manifest!r}), Path({out!r}), jobs=2)
print("BUILT", len(built.articles), sum(1 for state in built.articles if state.failed))
"""


def test_a_script_without_a_main_guard_is_told_so_and_its_build_still_ends(tmp_path: Path) -> None:
    """Spawned workers import the main module again: a script that calls build_issue outside
    `if __name__ == "__main__":` would start a build in every worker. Each such worker stops at once saying why; the
    articles fail as a fault of the build (not as manuscripts too large for the memory cap), and the build ends."""
    import subprocess
    import sys

    from tests.conftest import PROJECT, SAMPLE_ISSUE

    script = tmp_path / "unguarded.py"
    script.write_text(UNGUARDED.format(project=str(PROJECT), manifest=str(SAMPLE_ISSUE), out=str(tmp_path / "out")),
                      encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "BUILT 12 12" in done.stdout  # every article failed, none built in a worker's own build
    assert 'must call it under `if __name__ == "__main__":`' in done.stderr
    assert "[build.internal] the ingest stage's worker process failed (exit status 1)" in done.stdout
    assert "memory cap" not in done.stdout


def test_the_workers_end_before_the_issue_outputs_are_made(tmp_path: Path) -> None:
    """The issue's outputs (PMC packages, deposits, contents, report) are made in the build's own process: by then
    no worker is left holding the memory of the last article it laid out (the build's peak would be theirs and the
    outputs' together)."""
    import psutil

    from pipeline.issue.build import build_issue
    from tests.conftest import SAMPLE_ISSUE, Quiet, tool

    class Watch(Quiet):
        def __init__(self) -> None:
            super().__init__()
            self.workers: dict[str, int] = {}

        def issue_stage(self, name: str, *args, **kwargs) -> None:
            # the spawned workers (multiprocessing's resource tracker is a child too, and stays)
            alive = [p for p in psutil.Process().children(recursive=True)
                     if p.status() != psutil.STATUS_ZOMBIE and "spawn_main" in " ".join(p.cmdline())]
            self.workers[name] = len(alive)

    manifest = tool("benchmark").copy_issue(SAMPLE_ISSUE, tmp_path / "issue", only=("11-deshmukh",))
    watch = Watch()
    built = build_issue(manifest, tmp_path / "build", watch, jobs=2)
    assert built.articles[0].ok and "PMC packages" in watch.workers
    assert watch.workers == dict.fromkeys(watch.workers, 0), watch.workers
