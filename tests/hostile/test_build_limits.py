"""A build that is killed, and articles that pass a stage's time or memory limit (issue 16).

- `make issue` killed (SIGKILL) while it lays an article out: no WeasyPrint or pandoc temporary folder is left, in
  the system's temporary folder or the build's, and `make deposit DRY_RUN=1` refuses to show anything as sendable.
- A manuscript with a huge table, let through by the raised limits of a test journal config (tmp/journals/
  slow.yaml: the sample journal's with paragraph and table limits raised and a short stage time or a small
  memory cap), stops its article at the stage that passed the limit, with an input.over-limit error naming the
  stage and the limit; the issue's other article (the sample's 11-deshmukh) builds and is deposit-ready.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from pipeline.config import journal as journal_config
from pipeline.issue.build import build_issue
from tests.conftest import PROJECT, SAMPLE_ISSUE, Quiet
from tests.hostile import cases
from tests.hostile.measure import run_pipeline

pytestmark = pytest.mark.slow
SAMPLES = SAMPLE_ISSUE.parent



def _issue(folder: Path, *, table_rows: int = 0, journal: str = "dir") -> Path:
    """An issue of the sample's 11-deshmukh, after an article whose manuscript has a table of `table_rows` rows
    (none: only 11-deshmukh)."""
    data = yaml.safe_load(SAMPLE_ISSUE.read_text(encoding="utf-8"))
    deshmukh = next(a for a in data["articles"] if a["id"] == "11-deshmukh")
    for name in [deshmukh["manuscript"], *deshmukh["figures"]]:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes((SAMPLES / name).read_bytes())
    data["articles"] = [deshmukh]
    if table_rows:
        cases.huge_table(folder / "manuscripts", rows=table_rows, columns=4)
        data["articles"].insert(0, {"id": "01-table", "section": deshmukh["section"], "type": "Technical Note",
                                    "manuscript_number": "239999", "manuscript": "manuscripts/table.docx",
                                    "figures": [], "authors": [{"given_names": "Jane", "surname": "Smith"}]})
    data["journal"] = journal
    (folder / "issue.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder / "issue.yaml"


def _slow_journal(folder: Path, **limits: int) -> Path:
    """The sample journal's config as journal "slow", with its limits changed."""
    text = (PROJECT / "config" / "journals" / "dir.yaml").read_text(encoding="utf-8")
    config = yaml.safe_load(text)
    config["limits"].update(limits)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "slow.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def _leftovers(*folders: Path) -> list[str]:
    """The temporary files and folders under `folders`. The workers may be removing them while this looks: what is
    gone by the time it is read is not left over (os.walk passes over a folder it can no longer list, where
    Path.rglob raised FileNotFoundError and failed the test)."""
    found = []
    for folder in folders:
        for parent, dirs, files in os.walk(folder):
            found += [str(Path(parent, name)) for name in (*dirs, *files)
                      if name.startswith(("weasyprint-", "pandoc-", "tmp"))]
    return sorted(found)


def test_a_killed_build_leaves_no_temporary_folder_and_cannot_be_delivered(tmp_path: Path) -> None:
    manifest = _issue(tmp_path / "issue")
    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    build = tmp_path / "build"
    env = {**os.environ, "TMPDIR": str(system_tmp)}
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "issue", str(manifest), "--build", str(build)],
                               cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while not any(Path(p).name.startswith("weasyprint-")  # a layout is under way
                      for p in _leftovers(build / "dir-29-04" / ".tmp")):
            assert process.poll() is None and time.monotonic() < deadline, "the build ended before any layout"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait()

    deadline = time.monotonic() + 10  # the workers notice their build is gone, clear up and end
    while _leftovers(system_tmp, build) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _leftovers(system_tmp, build) == []
    assert not (build / "dir-29-04" / "finished.json").exists()

    dry_run = run_pipeline("deposit", str(manifest), "--build", str(build), "--dry-run")

    assert dry_run.status == 1 and "Traceback" not in dry_run.output
    assert (f"ERROR [deliver.not-built] {build / 'dir-29-04' / 'finished.json'}: Nothing is delivered: the build "
            "of dir-29-04 did not finish (it was stopped, or is still running): build it again (make issue) and let "
            "it finish; nothing was sent.") in dry_run.stderr
    assert "would be sent" not in dry_run.output


@pytest.mark.parametrize(("limits", "rows", "expected"), [
    ({"stage_seconds": 30}, 5000, "took longer than 30 s (limits.stage_seconds in the journal config) and was "
                                  "stopped"),
    ({"stage_memory_mb": 700}, 15000, "needed more memory than the cap of 700 MB (limits.stage_memory_mb in the "
                                      "journal config) and was stopped"),
], ids=["time", "memory"])
def test_a_stage_over_its_limit_stops_its_article_and_the_issue_goes_on(tmp_path: Path, monkeypatch,
                                                                        limits: dict, rows: int, expected: str) -> None:
    """5,000 rows of a table are about 100 pages: reading and laying them out takes well over 30 s. Reading 15,000
    takes pandoc alone about 700 MB (10,000: 485 MB), while a worker building 11-deshmukh, a 3-page article, holds
    up to about 375 MB (sampled every 20 ms): a cap of 700 MB stops the one and not the other. (A cap of 350 MB
    stopped 11-deshmukh's render stage too whenever the memory was looked at during its peak.)"""
    journals = _slow_journal(tmp_path / "journals", paragraph_characters=10_000_000, table_cells=1_000_000,
                             **limits)
    monkeypatch.setattr(journal_config, "JOURNALS", journals)
    manifest = _issue(tmp_path / "issue", table_rows=rows, journal="slow")

    started = time.monotonic()
    build = build_issue(manifest, tmp_path / "build", Quiet(), jobs=2)

    table, deshmukh = build.articles
    # which stage passes the limit first depends on the machine (reading the table or laying it out)
    assert table.failed in ("ingest", "enrich", "validate", "render")
    (finding,) = [f for f in table.errors if f.code == "input.over-limit"]
    assert finding.article == "01-table" and finding.stage == table.failed
    assert finding.message.startswith(f"the {table.failed} stage {expected}")
    assert deshmukh.deposit_ready, [f"{f.stage}: {f.message}" for f in deshmukh.errors]
    assert deshmukh.pages == (563, 565)  # the failed article holds no pages
    report = json.loads((build.out / "report.json").read_text(encoding="utf-8"))
    assert [a["status"] for a in report["articles"]] == [f"failed at {table.failed}", "deposit-ready"]
    assert (build.out / "finished.json").is_file()
    assert time.monotonic() - started < 600
