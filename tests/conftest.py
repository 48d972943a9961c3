"""Shared test fixtures: project paths, and ../shared (the corpus) when it is present."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"
CORPUS = SHARED / "corpus"
SEED = SHARED / "seeds" / "000_b973fccd68929e19.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE_ISSUE = PROJECT / "samples" / "vol29-issue4" / "issue.yaml"


def need_corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present (a user's clone): corpus tests need the shared test corpus")
    return CORPUS


@pytest.fixture
def corpus() -> Path:
    return need_corpus()
