"""The command for one manuscript (`python -m pipeline convert`), as production staff run it before an article is
scheduled: the real pandoc, the same findings as the issue build, an exit status that says whether it is fit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pipeline import xmlio
from pipeline.validate.schemas import validate_jats
from tests.conftest import PROJECT, SAMPLE_ISSUE

SAMPLES = SAMPLE_ISSUE.parent


def run(*args: str, journal: str | None = "dir") -> subprocess.CompletedProcess[str]:
    chosen = ("--journal", journal) if journal and "--journal" not in args else ()
    return subprocess.run([sys.executable, "-m", "pipeline", "convert", *args, *chosen], capture_output=True,
                          text=True, cwd=PROJECT)


def test_a_manuscript_with_its_figures_converts_to_valid_jats(tmp_path: Path) -> None:
    out = tmp_path / "deshmukh.xml"
    result = run(str(SAMPLES / "manuscripts" / "11-deshmukh.docx"), "-o", str(out),
                 "--figures", str(SAMPLES / "figures" / "11-deshmukh"), "--type", "Technical Note")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith(f"wrote {out}: ") and "lost 0" in summary and "0 errors" in summary
    article = xmlio.parse(out).getroot()
    assert validate_jats(article) == []
    assert len(article.findall(".//fig")) == 2


def test_without_its_figures_each_legend_is_an_error_and_the_status_says_so(tmp_path: Path) -> None:
    result = run(str(SAMPLES / "manuscripts" / "11-deshmukh.docx"), "-o", str(tmp_path / "out.xml"),
                 "--type", "Technical Note")
    assert result.returncode == 1
    assert result.stdout.count("ERROR [ingest.figure-no-file]") == 2
    assert "11-deshmukh.docx, figure legends: legend of Figure 1" in result.stdout


def test_a_wrong_type_or_a_missing_figures_folder_is_named(tmp_path: Path) -> None:
    manuscript = str(SAMPLES / "manuscripts" / "11-deshmukh.docx")
    wrong_type = run(manuscript, "-o", str(tmp_path / "a.xml"), "--type", "Case Report")
    assert wrong_type.returncode == 2 and "unknown article type 'Case Report'" in wrong_type.stderr
    no_folder = run(manuscript, "-o", str(tmp_path / "b.xml"), "--figures", str(tmp_path / "nowhere"))
    assert no_folder.returncode == 2 and "the figures folder does not exist" in no_folder.stderr
    assert "Traceback" not in wrong_type.stderr + no_folder.stderr
    assert not (tmp_path / "a.xml").exists() and not (tmp_path / "b.xml").exists()


def test_an_unknown_journal_is_named_with_the_journals_there_are(tmp_path: Path) -> None:
    result = run(str(SAMPLES / "manuscripts" / "11-deshmukh.docx"), "-o", str(tmp_path / "out.xml"),
                 "--journal", "nope")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "unknown journal 'nope' (journals: bmjopen, dir)" in result.stderr
    assert not (tmp_path / "out.xml").exists()


def test_with_more_than_one_journal_the_journal_must_be_named(tmp_path: Path) -> None:
    result = run(str(SAMPLES / "manuscripts" / "11-deshmukh.docx"), "-o", str(tmp_path / "out.xml"), journal=None)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "name the journal with --journal (journals: bmjopen, dir)" in result.stderr
    assert not (tmp_path / "out.xml").exists()


def test_without_a_type_the_journals_first_is_taken(tmp_path: Path) -> None:
    """BMJ Open's sample converts as the one type its config lists ("Research"), with its own abstract labels."""
    sample = PROJECT / "samples" / "bmjopen" / "vol4-issue1"
    out = tmp_path / "bmjopen.xml"
    result = run(str(sample / "manuscripts" / "01-akoua-koffi.docx"), "-o", str(out), "--figures",
                 str(sample / "figures" / "01-akoua-koffi"), journal="bmjopen")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "abstract-structure" not in result.stdout
    assert xmlio.parse(out).getroot().findtext("front/article-meta/abstract/sec/title") == "Objectives"
