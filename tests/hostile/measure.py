"""Run a command as production staff would, and measure what it cost: exit status, output, seconds, peak memory.

Peak memory is the largest resident set of the process and of the children it waited for (pandoc), as the
kernel reports it. The command runs under a small launcher (a fresh Python that only starts it and waits): a
child forked straight from the test process would be charged the test process's own memory, which the kernel
counts in a child's peak up to its exec.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import PROJECT


@dataclass(frozen=True)
class Measured:
    status: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_pipeline(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> Measured:
    """`python -m pipeline ARGS` from the project folder; stopped (and the test failed) after `timeout` seconds."""
    return run([sys.executable, "-m", "pipeline", *args], env=env, timeout=timeout)


LAUNCHER = ("import resource, subprocess, sys\n"
            "status = subprocess.call(sys.argv[2:])\n"
            "with open(sys.argv[1], 'w') as report:\n"
            "    report.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
            "sys.exit(status)\n")


def run(command: list[str], env: dict[str, str] | None = None, timeout: float = 300, cwd: Path = PROJECT
        ) -> Measured:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r", suffix=".peak") as peak:
        start = time.monotonic()
        process = subprocess.Popen([sys.executable, "-c", LAUNCHER, peak.name, *command], stdout=out, stderr=err,
                                   cwd=cwd, env=env, start_new_session=True)
        try:
            status = process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise AssertionError(f"{' '.join(command)} ran over {timeout} s") from None
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        return Measured(status, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                        seconds, int(peak.read() or 0) / 1024)
