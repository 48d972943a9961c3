"""A test manuscript converted for DIR, with what every conversion must give checked: DTD-valid JATS, no text lost."""

from __future__ import annotations

from pathlib import Path

from pipeline.config import load_journal
from pipeline.ingest import IngestResult, convert
from tests.conftest import PROJECT

JOURNAL = load_journal(PROJECT / "config" / "journals" / "dir.yaml")


def ingest(path: Path, folder: Path | None = None, supplied: list[Path] | None = None) -> IngestResult:
    """`path` converted, the pictures pasted beside its legends written into `folder`, with the figure files
    `supplied`."""
    result = convert(path, supplied or [], JOURNAL, None, embedded_folder=folder)
    bad = [str(f) for f in result.findings if f.code in ("validate.dtd", "ingest.lost-text")]
    assert not bad, bad
    assert result.stats["lost"] == 0
    return result
