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
