"""Incremental builds (issue 14): a build with nothing changed runs nothing and rewrites nothing; a changed
manuscript rebuilds its article, and the articles after it are laid out again only where their pages moved; and
the result is byte for byte what a cold build of the same inputs makes. Three articles of the sample issue."""

from __future__ import annotations

import copy
import filecmp
from pathlib import Path

import docx
import pytest

from pipeline.issue.build import build_issue
from tests.conftest import SAMPLE_ISSUE, tool

pytestmark = pytest.mark.slow
ARTICLES = ("09-rahal", "10-moschouris", "11-deshmukh")


def _issue(folder: Path) -> Path:
    return tool("benchmark").copy_issue(SAMPLE_ISSUE, folder, only=ARTICLES)


def _lengthen(manuscript: Path, times: int) -> None:
    """The manuscript's longest paragraph typed `times` more times after itself (a page or more of text)."""
    document = docx.Document(str(manuscript))
    longest = max(document.paragraphs, key=lambda p: len(p.text))
    for _ in range(times):
        longest._p.addnext(copy.deepcopy(longest._p))
    document.save(str(manuscript))


def _snapshot(out: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(out).as_posix(): (p.stat().st_mtime_ns, p.stat().st_ino)
            for p in sorted(out.rglob("*")) if p.is_file()}


def _differing(first: Path, second: Path) -> list[str]:
    names = {p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file() and ".cache" not in p.parts}
    names |= {p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file() and ".cache" not in p.parts}
    return sorted(n for n in names if not (first / n).is_file() or not (second / n).is_file()
                  or not filecmp.cmp(first / n, second / n, shallow=False))


def test_only_what_changed_is_built_again_and_the_result_is_a_cold_builds(tmp_path: Path) -> None:
    manifest = _issue(tmp_path / "issue")
    root = tmp_path / "build"
    cold = build_issue(manifest, root, tool("benchmark").Recorder(), jobs=2)
    out = cold.out
    pages = {s.entry.id: s.pages for s in cold.articles}
    history = (out / "deposit" / "crossref-state.json").read_bytes()  # the Crossref batches made so far

    # nothing changed: nothing runs, no file is written
    before = _snapshot(out)
    again = tool("benchmark").Recorder()
    build_issue(manifest, root, again, jobs=2)
    assert again.ran == []
    assert {stage for _, stage in again.kept} == {"ingest", "correct", "enrich", "validate", "layout", "render",
                                                  "check"}
    assert _snapshot(out) == before

    # the first article grows by a page or more: it is built again; the others keep their text (no ingest, no
    # counting layout) and their page counts (pages of the same shape), and are laid out once with their new pages
    # by the render stage
    _lengthen(manifest.parent / "manuscripts" / "09-rahal.docx", 6)
    changed = tool("benchmark").Recorder()
    rebuilt = build_issue(manifest, root, changed, jobs=2)
    moved = {s.entry.id: s.pages for s in rebuilt.articles}
    assert moved["09-rahal"][1] > pages["09-rahal"][1] and moved["11-deshmukh"] != pages["11-deshmukh"]
    assert {stage for article, stage in changed.ran if article == "09-rahal"} == {
        "ingest", "correct", "enrich", "validate", "layout", "render", "check"}
    for article in ("10-moschouris", "11-deshmukh"):
        assert {stage for a, stage in changed.ran if a == article} == {"render", "check"}
    assert all(s.deposit_ready for s in rebuilt.articles)

    # the same bytes as a cold build of the changed issue with the same Crossref history (a changed batch is
    # the next version of the last one deposited: its timestamp depends on the history by design)
    state = tmp_path / "cold" / out.name / "deposit" / "crossref-state.json"
    state.parent.mkdir(parents=True)
    state.write_bytes(history)
    fresh = build_issue(manifest, tmp_path / "cold", tool("benchmark").Recorder(), jobs=1)
    assert _differing(out, fresh.out) == []
