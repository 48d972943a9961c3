"""A test manuscript converted for DIR, with what every conversion must give checked: DTD-valid JATS, no text lost;
the opening of the small manuscripts tests write with python-docx; and what tests read back from a conversion."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx import Document

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


def opening(introduction: str) -> Document:
    """A python-docx manuscript's title page, abstract and first paragraph of its Introduction; the test adds
    the rest."""
    document = Document()
    document.add_paragraph("Imaging of small things", style="Title")
    document.add_paragraph("Ayşe Yılmaz, John Smith")
    document.add_paragraph("Abstract", style="Heading 1")
    document.add_paragraph("We studied small things and found them small.")
    document.add_paragraph("Keywords: small things, imaging")
    document.add_paragraph("Introduction", style="Heading 1")
    document.add_paragraph(introduction)
    return document


def title_page_table(document: Document, title: str, authors: Sequence[tuple[str, str]],
                     affiliations: Sequence[tuple[str, str]] = ()) -> None:
    """A title page laid out in a one-column table, as many manuscripts have it: the title, then the author line
    (names, each with its affiliation marker in superscript: ("Jane Roe", "1")), then, when given, one cell with
    the affiliations, each a paragraph after its superscript marker."""
    grid = document.add_table(rows=3 if affiliations else 2, cols=1)
    grid.cell(0, 0).paragraphs[0].add_run(title)
    line = grid.cell(1, 0).paragraphs[0]
    for n, (name, marker) in enumerate(authors):
        line.add_run(name if n == 0 else f", {name}")
        line.add_run(marker).font.superscript = True
    for n, (marker, text) in enumerate(affiliations):
        paragraph = grid.cell(2, 0).paragraphs[0] if n == 0 else grid.cell(2, 0).add_paragraph()
        paragraph.add_run(marker).font.superscript = True
        paragraph.add_run(text)


def messages(result: IngestResult, code: str) -> list[str]:
    """The messages of the conversion's findings of `code`."""
    return [f.message for f in result.findings if f.code == code]


def surnames(result: IngestResult) -> list[str]:
    """The authors' surnames, in order."""
    return [n.findtext("surname") for n in result.article.iterfind("front/article-meta/contrib-group/contrib/name")]
