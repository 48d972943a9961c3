"""Running an issue's article work: tasks (a stage of an article, a layout) -> their results, in parallel child
processes under the journal's limits (workers.py), or from the cache when nothing they depend on changed
(cache.py).

    runner.stages(("ingest", "correct"))  each article through these stages, articles side by side
    runner.run(tasks, done)               any tasks; `done` records each result and may return tasks that follow

JOBS workers run at once (all the machine's cores by default; 1 runs one task at a time), the largest articles'
tasks first: a long article started last would leave the other workers idle while it ends. Results are recorded
in the manifest's order within an article, whatever order the tasks end in, so the outputs are the same bytes
whatever JOBS is. A task stopped by a limit becomes an input.over-limit finding that names the stage and the
limit; the article stops there and the others go on.
"""

from __future__ import annotations

import dataclasses
import os
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import clock
from pipeline.config.journal import Limits
from pipeline.diagnostics import Finding, PipelineError
from pipeline.fingerprint import code_version, font_files
from pipeline.issue.cache import Cache
from pipeline.issue.progress import Progress
from pipeline.issue.stages import ArticleJob, StageResult, job_for, over_memory, record, run_stage, stage_named
from pipeline.issue.state import ArticleState, IssueBuild
from pipeline.issue.workers import Stopped, Workers

TMP_FOLDER = ".tmp"  # the workers' temporary folders, inside the build (removed when they end)


@dataclass(frozen=True)
class Task:
    article: str  # the article's id
    name: str  # what it does, as the progress lines and the findings say it ("ingest", "layout")
    function: Callable[..., Any]  # a module function (it is sent to a worker by name)
    args: tuple
    key: str | None = None  # the cache key; None: always run
    writes: tuple[Path, ...] = ()  # the files it writes, which must be unchanged for its cached result to stand
    weight: int = 0  # how much work it is likely to be (`work_weight`): the heavier start first


def work_weight(state: ArticleState) -> int:
    """How much an article's next task is likely to cost, to start the longest first: the size of its latest JATS
    (text, tables and figures are what its layouts take time over; 0 before ingest has made one)."""
    jats = state.files.latest_jats()
    return jats.stat().st_size if jats is not None else 0


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


class Runner:
    def __init__(self, build: IssueBuild, progress: Progress, jobs: int | None = None, force: bool = False):
        self.build, self.progress = build, progress
        limits = build.journal.limits
        self.limits = limits
        self.cache = Cache.open(build.out, code_version(), enabled=not force)
        self.workers = Workers(jobs or default_jobs(), build.out / TMP_FOLDER / "workers", limits.stage_seconds,
                               limits.stage_memory_mb)
        self.fonts = font_files(build.journal)
        self.ran: dict[str, int] = {}  # task name -> how many ran (not from the cache), for the benchmark

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.workers.close()
        self.cache.save()

    def articles_done(self) -> None:
        """No more article tasks: the workers end now rather than with the build, for the issue's outputs are made
        in this process and an idle worker keeps the memory of the last article it laid out."""
        self.workers.close()

    # --- any tasks -------------------------------------------------------------------------------------------

    def run(self, tasks: Iterable[Task], done: Callable[[Task, Any, bool], Iterable[Task]]) -> None:
        """Run `tasks`, and what `done(task, result, cached)` returns for each, until none is left. A result is
        the function's return value or a workers.Stopped; results that did not fail are cached."""
        queue = deque(sorted(tasks, key=lambda task: -task.weight))  # stable: equal weights in the given order
        running: dict[tuple[str, str], Task] = {}
        while queue or running:
            while queue and (self.workers.free > 0 or self._cached(queue[0]) is not None):
                task = queue.popleft()
                hit = self._cached(task)
                if hit is not None:
                    queue.extendleft(reversed(list(done(task, hit, True))))
                    continue
                self.ran[task.name] = self.ran.get(task.name, 0) + 1
                running[(task.article, task.name)] = task
                self.workers.submit((task.article, task.name), task.function, *task.args)
            if not running:
                continue
            key, result = self.workers.next_done()
            task = running.pop(key)
            if task.key is not None and not isinstance(result, Stopped) and not getattr(result, "failed", False):
                self.cache.put(f"{task.article}/{task.name}", task.key, result, task.writes)
            queue.extendleft(reversed(list(done(task, result, False))))

    def _cached(self, task: Task) -> Any | None:
        return None if task.key is None else self.cache.get(f"{task.article}/{task.name}", task.key)

    def key(self, *values: object, files: Iterable[Path] = ()) -> str:
        """A cache key for work of this build: `values`, the files, and the journal's fonts."""
        return self.cache.key(*values, self.build.out, files=[*files, *self.fonts])

    # --- the article stages ----------------------------------------------------------------------------------

    def stages(self, names: Sequence[str]) -> None:
        """The stages `names`, in order, for every article still standing; the articles side by side, each
        stopping at the first stage that fails."""
        stages = [stage_named(name) for name in names]
        build = self.build

        def task(state_id: str, n: int) -> Task:
            state = build.article(state_id)
            stage = stages[n]
            job = job_for(state, build)
            self.progress.stage(state, stage.name)
            try:
                reads = stage.reads(job)
            except PipelineError:  # a file it may not read (a path out of the issue folder): the stage says so
                key = None
            else:
                key = self.key(stage.name, *job_values(job), clock.build_date() if stage.dated else None, files=reads)
            return Task(state.entry.id, stage.name, run_stage, (stage, job), key, tuple(stage.writes(job)),
                        work_weight(state))

        def done(finished: Task, result: Any, cached: bool) -> list[Task]:
            state = build.article(finished.article)
            n = names.index(finished.name)
            stage = stages[n]
            if isinstance(result, Stopped):
                result = StageResult([stopped(result, stage.name, self.limits, finished.article)], failed=True)
            record(state, stage, result)
            self.progress.done(state, stage.name, result.findings, cached=cached)
            return [task(state.entry.id, n + 1)] if state.ok and n + 1 < len(stages) else []

        self.run([task(s.entry.id, 0) for s in build.articles if s.ok], done)


def job_values(job: ArticleJob) -> tuple:
    """What a stage is given besides files, for its cache key: the manifest entry, the issue's own values (not
    the other articles'), the manifest's folder, the journal config, the author queries and float decisions."""
    manifest = job.issue.manifest
    issue = tuple((f.name, getattr(manifest, f.name)) for f in dataclasses.fields(manifest) if f.name != "articles")
    return job.entry, issue, job.issue.path, job.issue.journal, job.files, job.queries, job.placement


def stopped(why: Stopped, stage: str, limits: Limits, article: str) -> Finding:
    """The finding for a task stopped by a limit (or that died): which stage, which limit, what to do."""
    if why.limit == "time":
        text = (f"the {stage} stage took longer than {limits.stage_seconds} s (limits.stage_seconds in the journal "
                "config) and was stopped; an input this slow to process is usually one that is far too large (a huge "
                "table or paragraph): check the manuscript, or raise the limit")
    elif why.limit == "memory":
        return over_memory(stage, limits.stage_memory_mb).with_context(article=article)
    elif why.detail.startswith("exit status"):
        # a worker that exits of itself, not killed and not out of memory: a Python error outside the stage's own
        # handling (which turns every error of the article into a finding), as when it could not start
        return Finding.of("build.internal", f"the {stage} stage's worker process failed ({why.detail}) before the "
                          "stage finished: a fault of the build, not of the manuscript; its error is printed above "
                          "the build's report", article=article, stage=stage)
    else:
        text = (f"the {stage} stage stopped before it finished ({why.detail}); with a memory cap of "
                f"{limits.stage_memory_mb} MB (limits.stage_memory_mb in the journal config) this is usually an "
                "input far too large to process: check the manuscript, or raise the limit")
    return Finding.of("input.over-limit", text, article=article, stage=stage)
