"""Run a command as production staff would, and measure what it cost: exit status, output, seconds, peak memory.

Peak memory is the largest resident set of the process and of the children it waited for (pandoc), as the
kernel reports it to `wait4` for that one process: no other test's processes count.
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


def run(command: list[str], env: dict[str, str] | None = None, timeout: float = 300, cwd: Path = PROJECT
        ) -> Measured:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=cwd, env=env, start_new_session=True)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                os.killpg(process.pid, signal.SIGKILL)
                os.wait4(process.pid, 0)
                process.returncode = -9
                raise AssertionError(f"{' '.join(command)} ran over {timeout} s")
            time.sleep(0.05)
        seconds = time.monotonic() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Measured(process.returncode, out.read().decode("utf-8", "replace"),
                        err.read().decode("utf-8", "replace"), seconds, usage.ru_maxrss / 1024)
