"""The code is ruff-clean (the rules in pyproject.toml), so that CI says so when it is not."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT


def test_ruff_finds_nothing() -> None:
    ruff = Path(sys.executable).parent / "ruff"
    if not ruff.exists():
        found = shutil.which("ruff")
        if found is None:
            pytest.skip("ruff is not installed (make install installs it)")
        ruff = Path(found)
    result = subprocess.run([str(ruff), "check", "pipeline", "tests", "samples/tools", "tools"], cwd=PROJECT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
