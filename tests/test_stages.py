"""The article stages as a table of functions of files: named, run one by one for one article, in this process or
in another, with a failure turned into a finding that keeps what the stage had found before it stopped."""

from __future__ import annotations

import dataclasses
import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from pipeline.articlefiles import ArticleFiles
from pipeline.config import load_issue
from pipeline.diagnostics import Finding, PipelineError
from pipeline.issue.stages import STAGES, ArticleJob, StageResult, record, run_stage, stage_named
from pipeline.issue.state import ArticleState
from tests.conftest import SAMPLE_ISSUE

ISSUE = load_issue(SAMPLE_ISSUE)
DESHMUKH = next(a for a in ISSUE.manifest.articles if a.id == "11-deshmukh")


def _job(folder: Path, **changes) -> ArticleJob:
    entry = dataclasses.replace(DESHMUKH, **changes)
    return ArticleJob(entry, ISSUE, ArticleFiles.of(ISSUE, entry, folder))


def test_the_stages_are_named_in_order_and_an_unknown_name_fails_loudly() -> None:
    assert list(STAGES) == ["ingest", "correct", "enrich", "validate", "render", "check"]
    with pytest.raises(PipelineError) as err:
        stage_named("typeset")
    assert err.value.finding.code == "build.internal"
    assert "unknown stage 'typeset'; the stages: ingest, correct, enrich, validate, render, check" in \
        err.value.finding.message


def test_a_stage_that_stops_keeps_what_it_found_before(tmp_path: Path) -> None:
    """A missing figure file is found, then the manuscript cannot be read: both are in the result, in order, with
    the article and the stage, and nothing is written."""
    issue_folder = tmp_path / "issue"
    issue_folder.mkdir()
    (issue_folder / "m.docx").write_text("not a Word file", encoding="utf-8")
    issue = dataclasses.replace(ISSUE, path=issue_folder / "issue.yaml")
    entry = dataclasses.replace(DESHMUKH, manuscript="m.docx", figures=["figures/none.tif"])
    job = ArticleJob(entry, issue, ArticleFiles.of(issue, entry, tmp_path / "build"))

    result = run_stage(STAGES["ingest"], job)

    assert result.failed
    assert [f.code for f in result.findings] == ["input.missing-file", "input.not-docx"]
    assert {(f.article, f.stage) for f in result.findings} == {("11-deshmukh", "ingest")}
    assert not job.files.ingested.exists()


def test_a_bug_in_a_stage_is_a_finding_not_a_traceback(tmp_path: Path) -> None:
    """enrich without the correct stage's file: the stage fails with build.internal naming the problem; nothing
    raises."""
    result = run_stage(STAGES["enrich"], _job(tmp_path))
    assert result.failed
    (finding,) = result.findings
    assert finding.code == "build.internal" and finding.stage == "enrich" and finding.article == "11-deshmukh"
    assert "corrected.xml" in finding.message and "please report it" in finding.message


def test_the_final_check_replaces_the_findings_of_validate(tmp_path: Path) -> None:
    state = ArticleState(DESHMUKH, ArticleFiles.of(ISSUE, DESHMUKH, tmp_path))

    def found(stage: str, message: str) -> StageResult:
        return StageResult([Finding.of("validate.jats4r", message, stage=stage)])

    record(state, STAGES["validate"], found("validate", "before the pages"))
    record(state, STAGES["render"], found("render", "from the proof"))
    record(state, STAGES["check"], found("validate", "with the pages"))
    assert [f.message for f in state.findings] == ["from the proof", "with the pages"]
    assert state.ok


def test_a_stage_runs_the_same_in_another_process(tmp_path: Path) -> None:
    """The job is all a stage reads: sent to a fresh process (spawned, nothing inherited) it writes the same
    bytes and finds the same things as in this one."""
    here, there = _job(tmp_path / "here"), _job(tmp_path / "there")
    assert pickle.loads(pickle.dumps(there)) == there
    local = run_stage(STAGES["ingest"], here)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        remote = pool.submit(run_stage, STAGES["ingest"], there).result(timeout=300)
    assert not local.failed and not remote.failed
    assert here.files.ingested.read_bytes() == there.files.ingested.read_bytes()
    assert [f.message for f in local.findings] == [f.message for f in remote.findings]
    assert local.stats == remote.stats and local.stats["figures"] == 2
    assert here.files.read_supplied() == there.files.read_supplied()
