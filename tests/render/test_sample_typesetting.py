"""The sample issue's final PDFs measured as a production editor checks them (issue 11), from the layout each was
made from (pdf.replayed_layout with the build's placement): every word of every table cell printed whole, read
with pdfplumber from the PDF the build wrote inside the tables' boxes; captions, tables and figures at least a line
apart; blank column bands (pdf_columns.py); and the first page's blocks.
"""

from __future__ import annotations

import pytest

from pipeline import xmlio
from pipeline.render import pdf
from pipeline.render.pdf_columns import blank_areas, crowded_floats, unbalanced_end
from tests.render.table_words import broken_words, cell_words, printed_table_words, table_regions
from tests.render.test_pdf import JOURNAL

pytestmark = pytest.mark.slow
BALANCE_LINES = 4  # a reference of three lines kept whole, and a line of rounding


@pytest.fixture(scope="module")
def layouts(sample_build) -> dict[str, tuple]:
    """article id -> (state, print HTML, layout) of its final PDF."""
    found = {}
    for state in sample_build.articles:
        root = xmlio.parse(state.files.jats).getroot()
        first = int(root.findtext("front/article-meta/fpage"))
        html, document = pdf.replayed_layout(root, JOURNAL, "final", figures_dir=state.files.figures,
                                             first_page=first, issue_date=sample_build.issue.manifest.publication_date,
                                             placement=state.placement or "")
        found[state.entry.id] = (state, html, document)
    return found


def test_the_replayed_layouts_are_the_pdfs_the_build_wrote(layouts) -> None:
    for state, _html, document in layouts.values():
        assert len(document.pages) == pdf.pdf_page_count(state.outputs["pdf"]), state.entry.id


def test_every_word_of_every_table_cell_is_printed_whole(layouts) -> None:
    broken = {}
    for article, (state, html, document) in layouts.items():
        expected = cell_words(html)
        if expected:
            found = broken_words(expected, printed_table_words(state.outputs["pdf"], table_regions(document)))
            if found:
                broken[article] = found
    assert broken == {}


def test_captions_tables_and_figures_keep_a_line_between_them(layouts) -> None:
    crowded = {article: crowded_floats(document) for article, (_s, _h, document) in layouts.items()}
    assert {article: found for article, found in crowded.items() if found} == {}


def test_no_blank_column_band_over_a_tenth_but_on_an_articles_last_page(layouts) -> None:
    found = {}
    for article, (_s, _h, document) in layouts.items():
        blanks = blank_areas(document)
        if blanks:
            found[article] = [(b.page, b.column, round(b.share, 2)) for b in blanks]
    assert found == {}


def test_the_last_pages_columns_are_balanced(layouts) -> None:
    """The article's last column block ends with its two columns level, within what a block kept whole (a
    reference, a table row) or a paragraph's widows and orphans allow: BALANCE_LINES lines of the text."""
    found = {}
    for article, (_s, _h, document) in layouts.items():
        end = unbalanced_end(document, len(document.pages), BALANCE_LINES)
        if end:
            found[article] = tuple(round(bottom) for bottom in end)
    assert found == {}


def test_the_first_pages_carry_the_seeds_blocks(sample_build) -> None:
    import pdfplumber

    for state in sample_build.articles:
        with pdfplumber.open(state.outputs["pdf"]) as document:
            page = document.pages[0]
            first = page.extract_text()
            # the line's own block, as wide as its first line (the text beside it would come between its lines)
            words = page.extract_words()
            start = next(w for w in words if w["text"] == "Diagn")
            right = start["x1"]
            for word in sorted((w for w in words if abs(w["top"] - start["top"]) < 1 and w["x0"] > start["x0"]),
                               key=lambda w: w["x0"]):
                if word["x0"] - right > 12:  # a gap wider than a space: the next column
                    break
                right = word["x1"]
            box = (start["x0"] - 1, start["top"] - 1, right + 1, start["bottom"] + 40)
            column = page.within_bbox(box).extract_text()
        doi = xmlio.parse(state.files.jats).getroot().findtext(
            "front/article-meta/article-id[@pub-id-type='doi']")
        # the line may wrap inside the DOI: compared without spaces
        assert f"DiagnIntervRadiol2023;DOI:{doi}" in "".join(column.split()), state.entry.id
        if state.entry.id in ("07-lee", "09-rahal"):
            assert "ABSTRACT" in first, state.entry.id


def test_the_last_pages_balance_lays_out_only_blocks_that_would_end_the_columns_closer(layouts) -> None:
    """Where a last page's columns end apart (a reference kept whole), the float pass may start the right column at
    another block (pdf_floats._balance_last_page), one layout per block tried. It tries only the blocks that the
    blocks' heights say would end the columns closer: not the one that starts the right column already (the
    layout would change nothing), and not the last of the left column when moving it would overshoot, which a
    layout confirms."""
    from pipeline.render.pdf_boxes import root_element
    from pipeline.render.pdf_columns import BALANCE_LINES as ALLOWED
    from pipeline.render.pdf_floats import _column_start, _first_boxes

    state, _html, document = layouts["09-rahal"]
    last = len(document.pages)
    end = unbalanced_end(document, last, ALLOWED)
    assert end is not None  # its references end its columns apart
    page_box = document.pages[-1]._page_box
    middle = page_box.content_box_x() + page_box.width / 2
    references = [box for page, box in _first_boxes(document).values()
                  if page == last and box.element.get("id", "").startswith("ref")]
    starter = min((box for box in references if box.position_x > middle), key=lambda box: box.position_y)
    left_last = max((box for box in references if box.position_x < middle), key=lambda box: box.position_y)
    tried = _column_start(document, last, set())
    assert starter.element.get("id") not in tried
    assert left_last.element.get("id") not in tried

    root = xmlio.parse(state.files.jats).getroot()
    _html, moved = pdf.replayed_layout(root, JOURNAL, "final", figures_dir=state.files.figures,
                                       first_page=int(root.findtext("front/article-meta/fpage")),
                                       issue_date=None, placement=f"{state.placement} {left_last.element.get('id')}^")
    assert any(e.get("id") == left_last.element.get("id") for e in root_element(moved).iter())
    after = unbalanced_end(moved, len(moved.pages), 0)
    assert after is not None and abs(after[0] - after[1]) >= abs(end[0] - end[1])  # further apart, as predicted
