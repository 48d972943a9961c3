"""The pinned pandoc is the one used (issue 16, problem 9): a different `pandoc` first on PATH was used instead of
the pinned 3.9, with no warning. Ingest runs pypandoc-binary's own pandoc whatever PATH says."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from pipeline.ingest import pandoc
from tests.hostile import cases
from tests.hostile.measure import run_pipeline


def test_a_different_pandoc_first_on_path_is_not_used(tmp_path: Path) -> None:
    impostor = tmp_path / "bin" / "pandoc"
    impostor.parent.mkdir()
    ran = tmp_path / "impostor-ran"
    impostor.write_text(f"#!/bin/sh\necho ran >> {ran}\necho 'pandoc 2.5'\nexit 3\n", encoding="utf-8")
    impostor.chmod(impostor.stat().st_mode | stat.S_IXUSR)
    manuscript = cases.small_manuscript(tmp_path)
    env = {**os.environ, "PATH": f"{impostor.parent}{os.pathsep}{os.environ.get('PATH', '')}"}

    run = run_pipeline("convert", "--journal", "dir", str(manuscript), "-o", str(tmp_path / "out.xml"), env=env)

    assert not ran.exists(), "the pandoc on PATH ran"
    assert "Traceback" not in run.output and "pandoc-failed" not in run.output
    assert (tmp_path / "out.xml").is_file() and "lost 0" in run.stdout
    assert Path(pandoc.pandoc_binary()).resolve() != impostor.resolve()
    assert pandoc.pandoc_version() == pandoc.PANDOC_VERSION
