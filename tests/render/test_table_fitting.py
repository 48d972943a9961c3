"""Tables fitted by their content (pipeline/render/pdf_tables.py), checked as an editor does: every word of every
cell printed whole (tests/render/table_words.py reads the PDF with pdfplumber inside the tables' boxes), for the
corpus's table-heavy manuscripts (pandoc's table tests, hellp_manuscript.docx through ingest; the eLife, PeerJ and
PMC articles' tables), each set in an article of the profile fixture's front matter with nothing but its tables.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from lxml import etree

from pipeline.diagnostics import PipelineError
from pipeline.render import pdf
from pipeline.render.pdf_tables import Fit, Geometry, Widths, decide
from tests.render.table_words import broken_words, cell_words, printed_table_words, table_regions
from tests.render.test_pdf import ISSUE_DATE, JOURNAL, fragment, profile

MM = 96 / 25.4
STYLE = JOURNAL.house_style.tables
GEOMETRY = Geometry(column=85 * MM, page=180 * MM, landscape=267 * MM, size=7.2)

DOCX = ["docx/pandoc/tables.docx", "docx/pandoc/table_header_rowspan.docx", "docx/pandoc/table_gridbefore.docx",
        "docx/pandoc/table_variable_width.docx", "docx/pandoc/table_captions_with_field.docx",
        "docx/pandoc/table_with_list_cell.docx", "docx/real-manuscripts/hellp_manuscript.docx"]
JATS = ["jats/elife-crossref-fixtures/elife-00666.xml", "jats/elife-crossref-fixtures/elife-1234567890-v2.xml",
        "jats/peerj/example-jats-1-1.xml", "jats/pmc-oa/1472-6831-8-11.nxml",
        "jats/elife-crossref-fixtures/cstp77-jats.xml"]
# 22 columns of "0.99%" and "(Onoda, 2015)": 277 mm at 6 pt, wider than a landscape A4 page
TOO_WIDE = {"jats/elife-crossref-fixtures/elife-1234567890-v2.xml": "Table 1 cannot be printed"}


# ----- the decision, by rule -----

def widths(min_content: float, max_content: float | None = None, columns: int = 6) -> Widths:
    """A table whose min-content width is `min_content` mm at its own size, shrinking with the type."""
    sizes = [7.2 - 0.4 * i for i in range(4)]
    return Widths(3, "Table 3", columns, (max_content or min_content * 1.5) * MM,
                  {round(s, 2): min_content * MM * s / 7.2 for s in sizes})


def test_a_table_goes_to_a_column_then_the_page_then_smaller_type_then_a_landscape_page() -> None:
    assert decide(widths(60, 80), GEOMETRY, STYLE) == Fit(3, "column")
    assert decide(widths(60, 200), GEOMETRY, STYLE) == Fit(3, "page")  # many columns: wrapped in a column
    assert decide(widths(60, 200, columns=3), GEOMETRY, STYLE) == Fit(3, "column")
    assert decide(widths(170), GEOMETRY, STYLE) == Fit(3, "page")
    assert decide(widths(190), GEOMETRY, STYLE) == Fit(3, "page", 6.8)  # 190 * 6.8 / 7.2 = 179 mm
    assert decide(widths(215), GEOMETRY, STYLE) == Fit(3, "page", 6.0)
    assert decide(widths(230), GEOMETRY, STYLE) == Fit(3, "landscape")


def test_a_table_that_fits_nowhere_is_an_error_naming_it() -> None:
    with pytest.raises(PipelineError) as error:
        decide(widths(400), GEOMETRY, STYLE)
    finding = error.value.finding
    assert finding.code == "render.table-too-wide"
    assert "Table 3" in finding.message and "6 pt" in finding.message and finding.location == "Table 3"


# ----- the check itself can fail -----

def test_the_check_finds_words_broken_inside_cells(tmp_path: Path) -> None:
    from weasyprint import HTML

    html = (b"<html><body><table class='table' style='width: 30mm; font-size: 9pt'><tr><td style='overflow-wrap: "
            b"anywhere'>Microcalcification</td><td style='overflow-wrap: anywhere'>&lt;0.001*</td></tr></table>"
            b"</body></html>")
    document = HTML(string=html.decode()).render()
    document.write_pdf(tmp_path / "broken.pdf")
    printed = printed_table_words(tmp_path / "broken.pdf", table_regions(document))
    assert "microcalcification" in broken_words(cell_words(html), printed)


# ----- the corpus's tables -----

def _tables_only(wraps: list[etree._Element]) -> etree._Element:
    """The profile fixture's front matter with a body of these tables only (links to what is not here unwrapped,
    graphics left out: the words are what is checked)."""
    root = profile()
    body = root.find("body")
    for child in list(body):
        body.remove(child)
    back = root.find("back")
    if back is not None:
        root.remove(back)
    sec = fragment("<sec id='tables'><title>Tables</title><p>The tables.</p></sec>")
    body.append(sec)
    for n, wrap in enumerate(wraps, start=1):
        wrap = copy.deepcopy(wrap)
        for tag in ("graphic", "inline-graphic", "media", "alternatives/graphic"):
            for node in wrap.findall(f".//{tag}"):
                node.getparent().remove(node)
        for node in wrap.iter("xref"):
            node.tag = "named-content"
            node.attrib.clear()
        wrap.set("id", f"ct{n}")
        for node in wrap.xpath(".//*[@id]"):
            del node.attrib["id"]
        if wrap.find("label") is None:
            label = etree.Element("label")
            label.text = f"Table {n}"
            wrap.insert(0, label)
        sec.append(wrap)
    return root


def _wraps_of(corpus: Path, source: str) -> list[etree._Element]:
    path = corpus / source
    if path.suffix == ".docx":
        from pipeline.ingest import convert

        article = convert(path, [], JOURNAL, None).article
    else:
        article = etree.parse(str(path)).getroot()
    return [w for w in article.iter("table-wrap") if w.find(".//table") is not None
            and not any(a.tag in ("sub-article", "response") for a in w.iterancestors())]


@pytest.mark.parametrize("source", DOCX + JATS)
def test_every_word_of_every_cell_is_printed_whole(corpus: Path, source: str, tmp_path: Path) -> None:
    wraps = _wraps_of(corpus, source)
    assert wraps, f"{source} has no tables"
    root = _tables_only(wraps)
    figures = tmp_path / "figures"
    figures.mkdir()
    out = tmp_path / "tables.pdf"
    if source in TOO_WIDE:  # the rule's other outcome: an error naming the table, never a silent break
        with pytest.raises(PipelineError) as error:
            pdf.render_pdf(root, out, JOURNAL, "final", figures_dir=figures, first_page=1, issue_date=ISSUE_DATE)
        assert error.value.finding.code == "render.table-too-wide"
        assert error.value.finding.message.startswith(TOO_WIDE[source]) and not out.exists()
        return
    rendered = pdf.render_pdf(root, out, JOURNAL, "final", figures_dir=figures, first_page=1,
                              issue_date=ISSUE_DATE)
    assert not [f for f in rendered.findings if f.code == "render.failed"], rendered.findings
    html, document = pdf.replayed_layout(root, JOURNAL, "final", figures_dir=figures, first_page=1,
                                         issue_date=ISSUE_DATE, placement=rendered.top_floats)
    assert len(document.pages) == rendered.pages
    expected = cell_words(html)
    assert expected
    assert broken_words(expected, printed_table_words(out, table_regions(document))) == []
