"""Child processes for an article's work: a task (a picklable function and its arguments) -> its result, computed
in a process of its own under the journal's limits, or why that process was stopped.

The build starts JOBS workers (spawned Python processes: nothing inherited) and gives each task to an idle one;
a worker runs its tasks one after another, so that what it loaded (stylesheets, fonts, schemas) serves the next.
A task runs under two limits of the journal config (limits.stage_seconds, limits.stage_memory_mb):

- wall-clock time: when a task passes it, the worker is killed with its children (pandoc) and replaced;
- memory: the worker and its children may hold that much memory together (resident, checked every POLL_SECONDS);
  past it the worker is killed and replaced. As a backstop for faster growth, each process may allocate at most
  twice as much (RLIMIT_DATA): an allocation over that fails (a MemoryError, which the stage turns into its
  finding); a MemoryError outside the stage (sending its result back) ends the worker with OUT_OF_MEMORY, and a
  worker that ends so, or dies near the cap, counts as over it too (the memory seen every POLL_SECONDS can miss a
  fast growth, the more so on a busy machine).

Temporary files (WeasyPrint's font folders, pandoc's copies of a manuscript) go to a folder of the worker's own,
which it removes when it ends; a worker whose build was killed notices (its parent is gone), removes its folder
and ends, so that a killed build leaves no temporary folder behind.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

MB = 1024 * 1024
WATCH_SECONDS = 0.5  # how often a worker looks whether its build is still there
POLL_SECONDS = 0.25  # how often the memory of the busy workers is looked at
NEAR_CAP = 0.8  # a worker that died with this share of the cap in use died of memory
OUT_OF_MEMORY = 86  # the exit status of a worker that ran out of memory outside the stage's own handling


@dataclass(frozen=True)
class Stopped:
    """Why a task gave no result: `limit` is "time" (it ran past the wall-clock limit and was killed), "memory" (it
    held more than the cap, or died close to it) or "ended" (its process ended: killed from outside, or a crash)."""

    limit: str
    detail: str = ""


@dataclass
class _Worker:
    number: int
    process: Any
    conn: Connection
    task: Hashable | None = None
    deadline: float = 0.0
    peak: int = 0  # the most memory seen in use by the task running (bytes, the worker and its children)


@dataclass
class Workers:
    """At most `jobs` workers; each task may take `seconds` of wall-clock time, each process `memory_mb`."""

    jobs: int
    tmp: Path  # the workers' temporary folders go under it (one each)
    seconds: float
    memory_mb: int
    _idle: list[_Worker] = field(default_factory=list)
    _busy: list[_Worker] = field(default_factory=list)
    _started: int = 0

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def free(self) -> int:
        """How many more tasks can start now."""
        return self.jobs - len(self._busy)

    @property
    def running(self) -> int:
        return len(self._busy)

    def submit(self, key: Hashable, function: Callable[..., Any], *args: Any) -> None:
        if self.free <= 0:
            raise RuntimeError("no worker is free")
        worker = self._idle.pop() if self._idle else self._start()
        worker.conn.send((function, args))
        worker.task, worker.deadline, worker.peak = key, time.monotonic() + self.seconds, 0
        self._busy.append(worker)

    def next_done(self) -> tuple[Hashable, Any]:
        """Wait for a running task to end: (its key, its result or Stopped)."""
        if not self._busy:
            raise RuntimeError("no task is running")
        while True:
            now = time.monotonic()
            late = [w for w in self._busy if w.deadline <= now]
            if late:
                worker = late[0]
                self._retire(worker)
                return worker.task, Stopped("time")
            over = [w for w in self._busy if self._memory(w) > self.memory_mb * MB]
            if over:
                self._retire(over[0])
                return over[0].task, Stopped("memory")
            handles = {w.conn: w for w in self._busy} | {w.process.sentinel: w for w in self._busy}
            ready = wait(list(handles), timeout=min(POLL_SECONDS, min(w.deadline for w in self._busy) - now))
            for handle in ready:  # a result before an end: a worker that answered and then died still answered
                worker = handles[handle]
                if handle is worker.conn:
                    try:
                        result = worker.conn.recv()
                    except (EOFError, OSError):
                        break
                    self._busy.remove(worker)
                    self._idle.append(worker)
                    return worker.task, result
            for handle in ready:
                worker = handles[handle]
                if worker in self._busy:
                    self._retire(worker)
                    code = worker.process.exitcode
                    if code == OUT_OF_MEMORY or worker.peak > NEAR_CAP * self.memory_mb * MB:
                        return worker.task, Stopped("memory")
                    detail = f"signal {signal.Signals(-code).name}" if code and code < 0 else f"exit status {code}"
                    return worker.task, Stopped("ended", detail)

    @staticmethod
    def _memory(worker: _Worker) -> int:
        """The resident memory of the worker and its children now (0 when it cannot be read)."""
        import psutil

        try:
            process = psutil.Process(worker.process.pid)
            used = sum(p.memory_info().rss for p in [process, *process.children(recursive=True)])
        except psutil.Error:
            return 0
        worker.peak = max(worker.peak, used)
        return used

    def close(self) -> None:
        for worker in self._idle:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        for worker in self._idle:
            worker.process.join(5)
        for worker in [*self._busy, *self._idle]:
            if worker.process.is_alive():
                self._kill(worker)
        self._idle, self._busy = [], []
        shutil.rmtree(self.tmp, ignore_errors=True)

    def _start(self) -> _Worker:
        self._started += 1
        context = multiprocessing.get_context("spawn")
        here, there = context.Pipe()
        folder = self.tmp / f"worker-{self._started}"
        process = context.Process(target=serve, args=(there, str(folder), self.memory_mb, os.getpid()), daemon=True,
                                  name=f"pipeline worker {self._started}")
        process.start()
        there.close()
        return _Worker(self._started, process, here)

    def _retire(self, worker: _Worker) -> None:
        self._busy.remove(worker)
        self._kill(worker)
        worker.conn.close()
        shutil.rmtree(self.tmp / f"worker-{worker.number}", ignore_errors=True)
        (self.tmp / f"worker-{worker.number}.log").unlink(missing_ok=True)

    @staticmethod
    def _kill(worker: _Worker) -> None:
        try:
            os.killpg(worker.process.pid, signal.SIGKILL)  # the worker leads its own group: pandoc goes too
        except (ProcessLookupError, PermissionError):
            worker.process.kill()
        worker.process.join()


# --- in the worker ------------------------------------------------------------------------------------------------

def serve(conn: Connection, tmp: str, memory_mb: int, parent: int) -> None:
    """A worker's life: take (function, args), send back the result, until told to stop or the build is gone."""
    import resource

    os.setsid()  # a group of its own, so that stopping it stops what it started
    cap = 2 * memory_mb * MB  # the backstop: the cap itself is watched by the parent
    resource.setrlimit(resource.RLIMIT_DATA, (cap, cap))
    Path(tmp).mkdir(parents=True, exist_ok=True)
    # what a dying worker says goes to a file of its own, not among the build's lines (its task's finding says why)
    log = os.open(Path(tmp).with_suffix(".log"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(log, 2)
    os.close(log)
    tempfile.tempdir = tmp
    os.environ["TMPDIR"] = tmp
    threading.Thread(target=_watch, args=(parent, tmp), daemon=True).start()
    try:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                break
            if message is None:
                break
            function, args = message
            try:
                conn.send(function(*args))
            except MemoryError:
                shutil.rmtree(tmp, ignore_errors=True)
                os._exit(OUT_OF_MEMORY)  # at once: anything more may need memory it cannot have
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _watch(parent: int, tmp: str) -> None:
    """End the worker, and what it started, once its build is gone (killed): nothing is left to run or to keep."""
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    shutil.rmtree(tmp, ignore_errors=True)
    os.killpg(0, signal.SIGKILL)
