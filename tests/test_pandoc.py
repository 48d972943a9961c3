"""The pandoc the pipeline ships (pypandoc-binary) and the behaviour of its DOCX reader that ingest relies on.

A new pandoc that changes any of this fails here first, before a manuscript loses anything.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from lxml import etree

from pipeline.ingest import pandoc, wordfile
from pipeline.xmlio import NS
from tests.conftest import need_corpus


def _raw(document: docx.document.Document, folder: Path) -> etree._Element:
    """What pandoc makes of a Word file, prepared as ingest prepares it."""
    path = folder / "test.docx"
    document.save(str(path))
    return pandoc.read_docx(wordfile.prepare_for_pandoc(wordfile.WordFile(path)), "test.docx")


def test_the_pinned_pandoc_is_the_one_that_runs() -> None:
    assert pandoc.pandoc_version() == pandoc.PANDOC_VERSION


def test_merged_cells_and_header_rows(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "spans two columns"
    table.cell(0, 2).text = "P"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "spans two rows"
    for r, c in ((1, 1), (1, 2), (2, 1), (2, 2)):
        table.cell(r, c).text = f"{r}{c}"
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    raw = _raw(document, tmp_path)
    assert raw.find(".//thead/tr/*[@colspan='2']") is not None
    assert raw.find(".//tbody//*[@rowspan='2']") is not None


def test_superscripts_headings_and_page_breaks(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Title page")
    document.add_paragraph().add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
    p = document.add_paragraph("As of June 2022.")
    run = p.add_run("1")
    run.font.superscript = True
    document.add_heading("Methods", level=1)
    document.add_heading("Study population", level=2)
    document.add_paragraph("Text.")
    raw = _raw(document, tmp_path)
    assert raw.findtext(".//p/sup") == "1"
    assert [t.text for t in raw.iterfind(".//sec/title")] == ["Methods", "Study population"]
    assert raw.find(".//sec/sec/title") is not None  # heading levels nest
    assert any("".join(p.itertext()) == wordfile.PAGE_BREAK_MARK for p in raw.iter("p"))


def test_footnotes_equations_and_tracked_changes_from_real_files() -> None:
    corpus = need_corpus() / "docx" / "pandoc"
    notes = pandoc.read_docx((corpus / "notes.docx").read_bytes(), "notes.docx")
    assert notes.find(".//xref[@ref-type='fn']") is not None and notes.find("back/fn-group/fn") is not None
    equations = pandoc.read_docx((corpus / "equations.docx").read_bytes(), "equations.docx")
    assert equations.find(f".//{{{NS['mml']}}}math") is not None
    inserted = pandoc.read_docx((corpus / "track_changes_insertion.docx").read_bytes(), "ins.docx")
    deleted = pandoc.read_docx((corpus / "track_changes_deletion.docx").read_bytes(), "del.docx")
    assert "".join(inserted.itertext()).strip() and "".join(deleted.itertext()).strip()


def test_an_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    from pipeline.diagnostics import PipelineError

    with pytest.raises(PipelineError) as err:
        pandoc.read_docx(b"this is not a zip", "broken.docx")
    assert err.value.finding.code == "ingest.pandoc-failed"
    assert err.value.finding.file == "broken.docx"
