"""Every Word file of the shared corpus (../shared/corpus/docx: test files of pandoc, mammoth, docx2python,
python-docx, docxjs, the Open XML SDK, and the real manuscripts of real-manuscripts and real-manuscripts-2)
converts to DTD-valid JATS with nothing lost, or fails with a PipelineError that says why; none crashes.

Slow (97 files; with the rest of tests/ingest it took 167-182 s of wall time on the shared 2-core machine; time
it alone with `pytest tests/ingest/test_corpus_docx.py --durations=5`); skipped with the reason when the corpus is
absent. `make eval-ingest` reports the same files
per manuscript (docs/ingest-evaluation.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import load_journal
from pipeline.diagnostics import PipelineError
from pipeline.ingest import convert
from tests.conftest import CORPUS, PROJECT, need_corpus

DOCX = CORPUS / "docx"
FILES = sorted(str(f.relative_to(DOCX)) for f in DOCX.rglob("*.docx")) if DOCX.is_dir() else ["(corpus absent)"]
JOURNAL = load_journal(PROJECT / "config" / "journals" / "dir.yaml")
pytestmark = [pytest.mark.corpus, pytest.mark.slow]

# Files that cannot be converted, with the finding code they must fail with and why. None today: every
# corpus file converts. A file added here must fail with a PipelineError, never an other exception.
CANNOT_CONVERT: dict[str, tuple[str, str]] = {}


@pytest.mark.parametrize("name", FILES)
def test_converts_valid_with_nothing_lost(name: str) -> None:
    need_corpus()
    path = DOCX / name
    if name in CANNOT_CONVERT:
        code, reason = CANNOT_CONVERT[name]
        with pytest.raises(PipelineError) as failure:
            convert(path, [], JOURNAL, None)
        assert failure.value.finding.code == code, reason
        assert failure.value.finding.message
        return
    result = convert(path, [], JOURNAL, None)
    bad = [str(f) for f in result.findings if f.code in ("validate.dtd", "ingest.lost-text")]
    assert not bad, "\n".join(bad)
    assert result.stats["lost"] == 0


def test_the_corpus_is_there() -> None:
    need_corpus()
    assert len(FILES) >= 70, f"expected the shared corpus's 75 Word files, found {len(FILES)}"
    real = [f for f in FILES if f.startswith("real-manuscripts-2/")]
    assert len(real) >= 22, f"expected real-manuscripts-2's 22 manuscripts, found {len(real)}"


def test_a_file_that_is_not_a_word_file_fails_clearly(tmp_path: Path) -> None:
    for name, content in (("empty.docx", b""), ("text.docx", b"not a zip"), ("zip.docx", _zip({"a.txt": b"x"})),
                          ("damaged.docx", _zip({"word/document.xml": b"<w:document"}))):
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(PipelineError) as failure:
            convert(path, [], JOURNAL, None)
        assert failure.value.finding.code == "input.not-docx", name


def _zip(parts: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()
