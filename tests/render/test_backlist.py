"""Re-rendering a backlist on a real Dask cluster (a LocalCluster of 2 worker processes): the same bytes as one
article after another (the rerender command with --serial, in a process of its own as production runs it), a
refused article reported on its own, and a run that resumes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pipeline.render.backlist import MARKER, jobs_of, rerender
from tests.conftest import PROJECT, SAMPLE_ISSUE

pytestmark = pytest.mark.slow
ARTICLES = ("09-rahal", "10-moschouris", "11-deshmukh")


def _backlist(sample_build, folder: Path) -> tuple[Path, Path]:
    """Three articles of the sample issue's build, as a built issue of its own: (manifest, build root)."""
    data = yaml.safe_load(SAMPLE_ISSUE.read_text(encoding="utf-8"))
    data["articles"] = [a for a in data["articles"] if a["id"] in ARTICLES]
    manifest = folder / "issues" / "dir" / "vol29-issue4" / "issue.yaml"
    manifest.parent.mkdir(parents=True)
    manifest.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    root = folder / "build"
    for article in ARTICLES:
        source = sample_build.out / "articles" / article
        shutil.copytree(source, root / sample_build.out.name / "articles" / article,
                        ignore=shutil.ignore_patterns("work", "*.proof.*", "report.html"))
    return manifest, root


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_cluster_of_two_workers_renders_the_same_bytes_as_one_process(sample_build, tmp_path: Path) -> None:
    from dask.distributed import LocalCluster

    manifest, root = _backlist(sample_build, tmp_path)
    jobs, missing = jobs_of([manifest.parent.parent], root, tmp_path / "serial")
    assert missing == [] and [j.article for j in jobs] == list(ARTICLES)
    done = subprocess.run([sys.executable, "-m", "pipeline", "rerender", str(manifest), "--build", str(root),
                           "--out", str(tmp_path / "serial"), "--serial"], cwd=PROJECT, capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 of 3 articles rendered again" in done.stdout

    jobs, _ = jobs_of([manifest], root, tmp_path / "cluster")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        assert len(cluster.workers) == 2
        distributed = rerender(jobs, scheduler=cluster.scheduler_address)

    assert [r.problem for r in distributed] == ["", "", ""]
    for article in ARTICLES:  # what each was made from, part by part, then every byte
        made = [json.loads((tmp_path / run / "dir-29-04" / "articles" / article / MARKER).read_text())
                for run in ("serial", "cluster")]
        assert made[1]["inputs"] == made[0]["inputs"]
    assert _files(tmp_path / "cluster") == _files(tmp_path / "serial")
    for article in ARTICLES:
        names = sorted(p.name for p in (tmp_path / "serial" / "dir-29-04" / "articles" / article).iterdir())
        base = next(p.stem for p in (root / "dir-29-04" / "articles" / article).glob("*.xml"))
        assert names == sorted([f"{base}.pdf", f"{base}.archive.pdf", f"{base}.html", "article.css", MARKER])


def test_a_refused_article_is_reported_alone_and_a_run_resumes(sample_build, tmp_path: Path) -> None:
    manifest, root = _backlist(sample_build, tmp_path)
    figures = root / "dir-29-04" / "articles" / "10-moschouris" / "figures"
    shutil.rmtree(figures)
    figures.mkdir()
    jobs, _ = jobs_of([manifest], root, tmp_path / "out")

    first = rerender(jobs, serial=True)

    assert [r.failed for r in first] == [False, True, False]
    assert first[1].job == "dir-29-04/10-moschouris" and "figure files missing" in first[1].problem
    assert not (tmp_path / "out" / "dir-29-04" / "articles" / "10-moschouris" / MARKER).exists()

    again = rerender(jobs, serial=True)  # resumed: the two made are not made again, the refused one is tried

    assert [r.resumed for r in again] == [True, False, True]
    assert [r.files for r in again] == [r.files for r in first]
