"""Pandoc's and the zip library's messages reach staff in their words (issue 16, problem 7): "couldn't parse
docx file: DocxError" and "couldn't unpack docx container: Can't read ZIP64 archive" were shown as they are."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from pipeline.diagnostics import PipelineError
from pipeline.ingest import convert, filekind, pandoc
from tests.deposit import JOURNAL
from tests.hostile import cases


def _zip64(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w", force_zip64=True) as stream:
                stream.write(data)
    return out.getvalue()


ZIP64_WORDS = ("the Word file is packed in a large-zip format (ZIP64) that pandoc cannot read: ask the author to "
               "send the file again")


def test_pandocs_zip64_complaint_is_translated() -> None:
    said = "couldn't unpack docx container: Can't read ZIP64 archive."
    message = filekind.pandoc_problem(said)
    assert message.startswith(ZIP64_WORDS) and message.endswith(f"(pandoc said: {said})")


def test_pandocs_own_words_are_translated(tmp_path: Path) -> None:
    parts = cases.parts_of(cases.small_manuscript(tmp_path))
    try:
        pandoc.read_docx(_zip64(parts), "zip64.docx")
    except PipelineError as zip64:  # the pinned pandoc refuses the ZIP64 that Python 3.11.7's zipfile writes
        assert zip64.finding.message.startswith(ZIP64_WORDS)
        assert zip64.finding.message.endswith("(pandoc said: couldn't unpack docx container: Can't read ZIP64 "
                                              "archive.)")
    # (Debian's Python 3.11.2 writes a ZIP64 that pandoc reads: then there is nothing to translate.)
    no_main = {**parts, "_rels/.rels": parts["_rels/.rels"].replace(b"word/document.xml", b"word/missing.xml")}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in no_main.items():
            archive.writestr(name, data)
    with pytest.raises(PipelineError) as docx_error:
        pandoc.read_docx(buffer.getvalue(), "nomain.docx")
    assert docx_error.value.finding.message.startswith("pandoc found no document text it could read in the Word file")


def test_a_small_zip64_manuscript_converts_because_pandoc_reads_the_pipelines_own_copy(tmp_path: Path) -> None:
    """Some tools write every zip as ZIP64; pandoc cannot read those, but it reads the copy ingest prepares."""
    parts = cases.parts_of(cases.small_manuscript(tmp_path))
    path = tmp_path / "zip64.docx"
    path.write_bytes(_zip64(parts))

    result = convert(path, [], JOURNAL, None)

    assert result.stats["words"] > 20 and result.stats["lost"] == 0
