"""Shared test fixtures: project paths, and ../shared (the corpus) when it is present."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

from pipeline.issue.progress import Progress

PROJECT = Path(__file__).resolve().parent.parent


def tool(name: str) -> ModuleType:
    """A script of tools/ (not a package), imported by name as the scripts import each other."""
    folder = str(PROJECT / "tools")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    return importlib.import_module(name)
SHARED = PROJECT.parent / "shared"
CORPUS = SHARED / "corpus"
SEED = SHARED / "seeds" / "000_b973fccd68929e19.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE_ISSUE = PROJECT / "samples" / "dir" / "vol29-issue4" / "issue.yaml"


class Quiet(Progress):
    """An issue build's progress, printed nowhere (the tests read the build's state)."""

    def _print(self, text: str = "", end: str = "\n") -> None:
        pass


def need_corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present (a user's clone): corpus tests need the shared test corpus")
    return CORPUS


@pytest.fixture
def corpus() -> Path:
    return need_corpus()


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory):
    """The sample issue built once for the whole test session (the end-to-end and browser tests share it), two
    articles at a time."""
    from pipeline.issue.build import build_issue

    return build_issue(SAMPLE_ISSUE, tmp_path_factory.mktemp("sample-build"), Quiet(), jobs=2)


def sample_pages() -> list[str]:
    """The article pages the sample issue's build writes, relative to its folder (known before it is built)."""
    from pipeline.config import load_issue
    from pipeline.identifiers import file_base

    issue = load_issue(SAMPLE_ISSUE)
    return [f"articles/{a.id}/{file_base(issue.doi_of(a))}.html" for a in issue.manifest.articles]
