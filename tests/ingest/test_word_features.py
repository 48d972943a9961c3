"""Regression tests for Word features that once broke ingest (invalid JATS or lost text), each on a tiny
hand-made Word file or pandoc fragment, and named after the problem it pins (docs/ingest-support.md)."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from pipeline.diagnostics import PipelineError
from pipeline.ingest import IngestResult, conservation, convert, wordfile
from pipeline.ingest.blocks import Block, flatten, recovered
from pipeline.ingest.figures import build_figures
from pipeline.ingest.labels import FIGURE_LEGEND, TABLE_CAPTION, journal_words
from pipeline.ingest.repair import repair
from pipeline.ingest.segment import TableParts, segment
from pipeline.ingest.tables import build_tables
from pipeline.ingest.titlepage import parse_author_line, read_title_page
from pipeline.ingest.wordfile import SourceParagraph
from pipeline.jats import plain_text
from tests.ingest.converted import JOURNAL, ingest, opening
from tests.ingest.wordxml import (
    AFFILIATION,
    AUTHORS,
    bookmark,
    internal_link,
    make_docx,
    manuscript,
    p,
    r,
    table,
    text_box,
)


def codes(result: IngestResult) -> list[str]:
    return [f.code for f in result.findings]


def raw(body: str) -> etree._Element:
    return etree.fromstring(f'<pandoc-jats xmlns:xlink="http://www.w3.org/1999/xlink"><pandoc-meta/>'
                            f"<body>{body}</body><back/></pandoc-jats>")


def notes_text(result: IngestResult) -> str:
    return plain_text(result.article.find("back/notes[@notes-type='unplaced']"))


# --- what the conservation check counts ------------------------------------------------------------------------

def test_symbol_font_character_is_not_read_as_a_letter(tmp_path: Path) -> None:
    """Symbol's 0xDA is ∨, not Ú: unicode.docx lost “ÚÚ” because the inventory took the glyph code for Unicode."""
    sym = '<w:r><w:sym w:font="Symbol" w:char="F0DA"/></w:r><w:r><w:sym w:font="Symbol" w:char="00DA"/></w:r>'
    result = ingest(make_docx(tmp_path, manuscript(p("This costs €10.", runs=sym))))
    assert "€10." in plain_text(result.article.find("body"))


def test_a_word_split_over_superscript_runs_is_one_word(tmp_path: Path) -> None:
    """scz-fc's figure note is set all in superscript, and Word split words over runs ("gre" + "y line"). Pandoc reads
    the runs as one superscript; the inventory made each a word of its own, so "grey" looked skipped by the reader
    and the note was kept a second time from the Word file, with spaces inside its words ("gre y", "W eight s")."""
    note = (r("Note. The solid dark gre", sup=True) + r("y line refers to encoding; W", sup=True)
            + r("eight", sup=True) + r("s were summed", sup=True) + r(" below the line, cited")
            + r("1,", sup=True) + r("2", sup=True))
    path = make_docx(tmp_path, manuscript(p("Small things were imaged.") + p(runs=note)))
    [source] = [s for s in wordfile.inventory(wordfile.WordFile(path)) if s.text.lstrip().startswith("Note.")]
    assert " ".join(source.text.split()) == ("Note. The solid dark grey line refers to encoding; Weights were summed "
                                             "below the line, cited 1,2")
    result = ingest(path)
    assert "ingest.unplaced" not in codes(result)
    assert result.article.find("back/notes[@notes-type='unplaced']") is None  # kept once, where it stands
    assert "dark grey line refers to encoding; Weights were summed" in plain_text(result.article.find("body"))

def test_text_box_with_a_fallback_copy_is_read_once(tmp_path: Path) -> None:
    """Word 2010+ writes a text box twice (DrawingML and its VML copy in mc:Fallback): counted twice, it was
    reported lost once (text-box.docx: “Datum plane”)."""
    path = make_docx(tmp_path, manuscript(p(runs=text_box("Datum plane")) + p("After the box.")))
    word = wordfile.WordFile(path)
    assert [s.where for s in wordfile.inventory(word) if s.text == "Datum plane"] == ["text box 1"]
    assert wordfile.inspect(word).text_boxes == 1
    assert "Datum plane" in plain_text(ingest(path).article.find("body"))


def test_paragraph_anchoring_a_text_box_keeps_its_text(tmp_path: Path) -> None:
    """Pandoc reads a paragraph that anchors a text box as the box alone: the paragraph's own text was lost.
    The box's paragraphs now follow the paragraph that anchors it."""
    path = make_docx(tmp_path, manuscript(p("The anchoring paragraph.", runs=text_box("Datum plane"))))
    body = [plain_text(x) for x in ingest(path).article.iterfind("body/sec/p")]
    assert body == ["The anchoring paragraph.", "Datum plane"]


def test_text_the_word_reader_skips_is_kept_from_the_word_file(tmp_path: Path) -> None:
    """A row wider than the table's grid (table_gridbefore.docx): pandoc drops its last cell. The cell's text
    is kept from the Word file in the unplaced notes, with a warning saying where it was."""
    def cell(text: str, span: int = 1) -> str:
        grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        return f'<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/>{grid_span}</w:tcPr>{p(text)}</w:tc>'

    before = '<w:trPr><w:gridBefore w:val="1"/></w:trPr>'
    grid = '<w:gridCol w:w="2000"/>' * 3
    rows = (f"<w:tbl><w:tblGrid>{grid}</w:tblGrid><w:tr>{before}{cell('a')}{cell('b')}</w:tr>"
            f"<w:tr>{before}{cell('d', 2)}{cell('CODED TEXT')}</w:tr></w:tbl>")
    result = ingest(make_docx(tmp_path, manuscript(p("Text.") + rows)))
    assert "CODED TEXT" in notes_text(result)
    [warning] = [f for f in result.findings if f.code == "ingest.unplaced"]
    assert "did not carry over" in warning.message and "Word table 1, row 2, cell 2" in warning.message


def test_not_read_names_the_paragraphs_pandoc_dropped() -> None:
    source = [SourceParagraph("Alpha beta", "paragraph 1"),
              SourceParagraph("CODED TEXT", "Word table 1, row 13, cell 10")]
    skipped = conservation.not_read(source, raw("<p>Alpha beta</p>"))
    assert skipped == [(source[1], ["coded", "text"])]
    [block] = recovered(skipped)
    assert block.kind == "detached" and block.text == "CODED TEXT" and "row 13, cell 10" in block.note
    with journal_words(JOURNAL.house_style):
        assert segment([block]).unplaced == [block]


def test_words_of_scripts_without_spaces_are_single_characters() -> None:
    """instrText_hyperlink.docx: “Mitchell的<ext-link>Foundations</ext-link>” was one word in Word, two in JATS."""
    assert conservation.words("Mitchell的Foundations 世界") == ["mitchell", "的", "foundations", "世", "界"]
    article = etree.fromstring("<article><body><p>看Mitchell的<ext-link>Foundations</ext-link>，排挤<ext-link>"
                               "<underline>其他</underline></ext-link>供应商</p></body></article>")
    findings, stats = conservation.check([SourceParagraph("看Mitchell的Foundations，排挤其他供应商", "paragraph 1")],
                                         article, [], "x.docx")
    assert findings == [] and stats["lost"] == 0


# --- what pandoc writes that the DTD does not allow --------------------------------------------------------------

def test_heading_in_a_table_cell_becomes_bold_text(tmp_path: Path) -> None:
    """Pandoc writes a heading in a cell as `p/title` (checked_boxes.docx, 2003_Consumer_Confidence_Report.docx)."""
    cell = p("Lives With", style="Heading1")
    result = ingest(make_docx(tmp_path, manuscript(p("Text.") + table([[cell, "x"], ["a", "b"]]))))
    assert result.article.find(".//td//bold").text.strip() == "Lives With"
    assert result.article.find(".//td//title") is None


def test_table_of_header_rows_only_gets_a_body(tmp_path: Path) -> None:
    """An empty tbody is invalid: the header rows become the body, still as th cells."""
    rows = table([["Name:", "LAKE BERRYESSA"], ["Report date:", "June 27, 2004"]], header_rows=2)
    result = ingest(make_docx(tmp_path, manuscript(p("Text.") + rows)))
    body_rows = result.article.findall(".//table-wrap/table/tbody/tr")
    assert len(body_rows) == 2 and body_rows[0][0].tag == "th"


def test_link_inside_a_link_becomes_text() -> None:
    """A table of contents entry and its page number are two links, one inside the other (Complex01.docx)."""
    jats = raw('<p><xref rid="heading-1">Heading 1 <xref rid="heading-1">1</xref></xref></p>')
    repair(jats)
    xref = jats.find(".//xref")
    assert xref.find("xref") is None and "".join(xref.itertext()) == "Heading 1 1"


def test_block_quote_that_fits_nowhere_stays_a_block_quote(tmp_path: Path) -> None:
    """A disp-quote on the title page went to the unplaced notes renamed to p: p inside p (libreoffice_conversion)."""
    title_page = AUTHORS + AFFILIATION + p("Quoted on the title page", style="Quote")
    result = ingest(make_docx(tmp_path, manuscript(p("Text."), title_page=title_page)))
    assert result.article.find("back/notes/disp-quote") is not None
    assert "Quoted on the title page" in notes_text(result)


# --- internal links ------------------------------------------------------------------------------------------------

def test_link_to_a_heading_points_at_its_section(tmp_path: Path) -> None:
    """Pandoc links to its own ids for headings; the pipeline renumbers sections (Complex01, links.docx)."""
    heading = f'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>{bookmark("sec_results")}{r("Results")}</w:p>'
    main = p("We did it, see ", runs=internal_link("sec_results", "Results") + r(".")) + heading + p("It worked.")
    article = ingest(make_docx(tmp_path, manuscript(main))).article
    xref = article.find("body//xref[@ref-type='sec']")
    target = article.xpath(f"//sec[@id='{xref.get('rid')}']")[0]
    assert plain_text(target.find("title")) == "Results" and xref.text == "Results"
    assert not article.xpath("//named-content[@content-type='anchor']")


def test_link_to_a_caption_bookmark_points_at_the_table(tmp_path: Path) -> None:
    """A Word cross-reference to a table caption (a REF field or link to its bookmark, hellp_manuscript.docx):
    pandoc writes the bookmarked caption twice; it is read once and the link points at the table."""
    caption = p(style="Caption", runs=bookmark("tbl-1") + r("Table 1. Patient characteristics"))
    main = (p("", runs=r("As ") + internal_link("tbl-1", "Table 1") + r(" shows, it works."))
            + caption + table([["Age", "Sex"], ["40", "F"]], header_rows=1))
    article = ingest(make_docx(tmp_path, manuscript(main))).article
    assert article.find("body//xref").attrib == {"alt": "Table 1", "rid": "t1", "ref-type": "table"}
    wrap = article.find(".//table-wrap[@id='t1']")
    assert plain_text(wrap.find("label")) == "Table 1"
    assert plain_text(wrap.find("caption/title")) == "Patient characteristics"
    assert conservation.jats_text(article).count("Patient characteristics") == 1


def test_link_whose_target_is_not_in_the_article_keeps_its_text(tmp_path: Path) -> None:
    """A link to the title (cross_reference.docx) or to a heading that only names a part has nowhere to point."""
    title = f'<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>{bookmark("top")}{r("TITLE")}</w:p>'
    path = make_docx(tmp_path, manuscript(p("Cross-reference: ", runs=internal_link("top", "TITLE")), title=title))
    result = ingest(path)
    [warning] = [f for f in result.findings if f.code == "ingest.broken-link"]
    assert "“TITLE”" in warning.message and "Cross-reference" in warning.location
    assert not result.article.xpath("//xref[@rid='top']")
    assert "Cross-reference: TITLE" in plain_text(result.article.find("body"))


# --- tables and captions ---------------------------------------------------------------------------------------------

def test_table_caption_built_with_a_seq_field_is_the_table_title(tmp_path: Path) -> None:
    """A Caption-style "Table 2" with its number from a SEQ field: pandoc puts it inside its table-wrap,
    where build_tables did not look, and the caption was lost (table_captions_with_field.docx)."""
    seq = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> SEQ Table \\* ARABIC </w:instrText></w:r>'
           '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
           '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    caption = p(style="Caption", runs=r("Table ") + seq + r(". Scores"))
    main = p("See Table 1.") + caption + table([["One", "Two"], ["1", "2"]], header_rows=1)
    wrap = ingest(make_docx(tmp_path, manuscript(main))).article.find(".//table-wrap")
    assert (plain_text(wrap.find("label")), plain_text(wrap.find("caption/title"))) == ("Table 1", "Scores")


def test_table_that_continues_below_keeps_its_parts_together(tmp_path: Path) -> None:
    """cardioclassifier_manuscript.docx: "Table continues below" between a caption and a table split by
    columns; the line was lost and the second part had no caption."""
    main = (p("As Table 2 shows, it works.") + p("Table 2. Features") + p("Table continues below", style="Caption")
            + table([["Feature", "Description"], ["a", "b"]], header_rows=1)
            + table([["Tool A", "Tool B"], ["yes", "no"]], header_rows=1) + p("After the table."))
    result = ingest(make_docx(tmp_path, manuscript(main)))
    [wrap] = result.article.findall(".//table-wrap")
    assert len(wrap.findall("table")) == 2 and plain_text(wrap.find("label")) == "Table 2"
    assert "continues" not in plain_text(result.article.find("body")).lower()


def test_same_table_number_twice_gets_two_ids() -> None:
    def block(kind: str, xml: str) -> Block:
        return Block(kind, etree.fromstring(xml))

    def part(title: str) -> TableParts:
        return TableParts(block("table", "<table-wrap><table><tbody><tr><td>x</td></tr></tbody></table></table-wrap>"),
                          block("para", f"<p>{title}</p>"))

    built, findings, _ = build_tables([part("Table 2. A"), part("Table 3. B"), part("Table 2. C")])
    assert [t.id for t in built] == ["t2", "t3", "t2-3"]
    assert "ingest.table-numbering" in [f.code for f in findings]


# --- figure legends ------------------------------------------------------------------------------------------------

def test_chapter_numbered_figure_line_is_not_a_legend_of_figure_3() -> None:
    """capstone_Manuscript.docx: “Figure 3.1: Program Workflow” was read as a second legend of Figure 3."""
    assert FIGURE_LEGEND.match("Figure 3.1: Program Workflow") is None
    assert FIGURE_LEGEND.match("Figure 31. Workflow").group("num") == "31"
    assert TABLE_CAPTION.match("Table 3.1 Modules") is None


def test_second_legend_with_the_same_number_is_kept() -> None:
    """Two floats with one id: placing floats by id dropped the first legend and every paragraph after it."""
    legends = [Block("para", etree.fromstring(f"<p>{text}</p>")) for text in (
        "Figure 3: Program workflow (users)", "Figure 3 shows what users do.", "Figure 3: Program workflow (admins)")]
    figures, findings, leftover, _ = build_figures(legends, [], "figure legends")
    assert [f.id for f in figures] == ["f3"] and len(figures[0].element.findall("caption/p")) == 2
    assert [b.text for b in leftover] == ["Figure 3: Program workflow (admins)"]
    assert "ingest.figure-numbering" in [f.code for f in findings]


def test_legends_after_the_references_lose_no_paragraph(tmp_path: Path) -> None:
    back = (p("Figure 3: Program Workflow (General users)") + p("Figure 3 shows the workflow of the users.")
            + p("Figure 3.1: Program Workflow (Breeders)") + p("Figure 3.1 shows the workflow of the breeders.")
            + p("Figure 3: Program Workflow (Admins)") + p("The admin oversees the list."))
    result = ingest(make_docx(tmp_path, manuscript(p("See Figure 3."), back=back)))
    assert result.stats["lost"] == 0
    assert "ingest.figure-numbering" in codes(result)


# --- embedded images -----------------------------------------------------------------------------------------------

def test_embedded_image_is_taken_out_and_its_alt_text_kept(tmp_path: Path) -> None:
    """pic_alt_text.docx, image.docx: a graphic left in a paragraph put alt-text inside p (invalid)."""
    import docx as python_docx

    png = io.BytesIO()
    Image.new("RGB", (4, 4)).save(png, "PNG")
    document = python_docx.Document()
    document.add_paragraph("Imaging of small things")
    document.add_paragraph("Introduction", style="Heading 1")
    document.add_paragraph("An image:")
    shape = document.add_picture(io.BytesIO(png.getvalue()))
    shape._inline.docPr.set("descr", "A jellyfish in water")
    path = tmp_path / "image.docx"
    document.save(path)
    result = ingest(path)
    assert "ingest.embedded-image" in codes(result)
    assert not result.article.xpath("//graphic | //inline-graphic | //alt-text")
    assert "A jellyfish in water" in notes_text(result)
    assert any("A jellyfish in water" in f.message and "An image:" in f.message for f in result.findings
               if f.code == "ingest.unplaced")


def test_image_inside_a_paragraph_leaves_the_paragraph_text() -> None:
    jats = raw('<p>Second footnote<inline-graphic xlink:href="media/image1.png"><alt-text>A logo</alt-text>'
               "</inline-graphic> and more.</p>")
    [image] = repair(jats)
    assert plain_text(jats.find(".//p")) == "Second footnote and more."
    assert image.description == "A logo" and "Second footnote" in image.where



def _figure_in_a_table(tmp_path: Path, legend: str, legends_list: bool) -> IngestResult:
    """A manuscript that lays Figure 1 out in a one-cell table: its image, then its legend (hellp_manuscript.docx)."""

    png = io.BytesIO()
    Image.new("RGB", (4, 4)).save(png, "PNG")
    document = opening("Fifteen studies were eligible (Figure 1).")
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].add_run().add_picture(io.BytesIO(png.getvalue()))
    cell.add_paragraph(legend)
    document.add_paragraph("Discussion", style="Heading 1")
    document.add_paragraph("They were small.")
    if legends_list:
        document.add_paragraph("Figure legends", style="Heading 1")
        document.add_paragraph(legend.replace(":", ""))
    path = tmp_path / "figure-table.docx"
    document.save(path)
    figure = tmp_path / "Figure 1.png"
    figure.write_bytes(png.getvalue())
    result = convert(path, [figure], JOURNAL, None)
    assert not [str(f) for f in result.findings if f.code in ("validate.dtd", "ingest.lost-text")]
    return result


def test_a_table_that_lays_out_a_figure_is_the_figure_not_a_table(tmp_path: Path) -> None:
    result = _figure_in_a_table(tmp_path, "Figure 1: PRISMA flow diagram of the studies.", legends_list=False)
    assert not result.article.xpath("//table-wrap")
    assert "ingest.table-title" not in codes(result)
    [fig] = result.article.xpath("//fig")
    assert fig.findtext("label") == "Figure 1" and "PRISMA flow diagram" in plain_text(fig.find("caption"))
    assert result.article.xpath("//xref[@ref-type='fig'][@rid='f1']")
    assert "ingest.figure-supplied-preferred" in codes(result)  # the image itself comes from the figure file


def test_a_legend_typed_beside_the_figure_and_in_the_legends_list_is_kept_once(tmp_path: Path) -> None:
    result = _figure_in_a_table(tmp_path, "Figure 1: PRISMA flow diagram of the studies.", legends_list=True)
    [fig] = result.article.xpath("//fig")
    assert plain_text(fig.find("caption")).count("PRISMA") == 1
    assert "ingest.legend-repeated" in codes(result) and "ingest.figure-numbering" not in codes(result)
    assert result.stats["lost"] == 0 and result.article.find("back/notes[@notes-type='unplaced']") is None
    # the legend without a full stop after its number ("Figure 1 PRISMA ...") gives the label once in the alt text
    assert fig.findtext("graphic/alt-text") == "Figure 1: PRISMA flow diagram of the studies"


def test_a_legend_typed_twice_differently_keeps_both_texts() -> None:
    legends = [Block("para", etree.fromstring(f"<p>{text}</p>")) for text in (
        "Figure 1: PRISMA flow diagram.", "Figure 1. PRISMA flow diagram of the 15 studies.")]
    figures, findings, leftover, repeated = build_figures(legends, [], "figure legends")
    assert len(figures) == 1 and not repeated
    assert [b.text for b in leftover] == ["Figure 1. PRISMA flow diagram of the 15 studies."]
    assert "ingest.figure-numbering" in [f.code for f in findings]


def test_a_one_cell_table_without_an_image_stays_a_table() -> None:
    jats = raw("<table-wrap><table><tbody><tr><td><p>Figure 1: see the flow diagram.</p></td></tr></tbody></table>"
               "</table-wrap>")
    repair(jats)
    assert jats.find(".//table-wrap") is not None


# --- title page ------------------------------------------------------------------------------------------------------

def para(xml: str) -> Block:
    return Block("para", etree.fromstring(f"<p>{xml}</p>"))


def test_affiliations_in_one_paragraph_are_split_at_their_markers() -> None:
    """cardioclassifier_manuscript.docx: six affiliations in one paragraph, one per line, and a paragraph of
    symbol-marked author notes; with no author line recognised, all of it was lost."""
    authors = para("Nicola Whiffin, PhD<sup>1,2,†</sup>,Upasana Tayal, BMBCh, MRCP<sup>1,*</sup>")
    affiliations = para("<sup>1</sup>National Heart &amp; Lung Institute, Imperial College London\n"
                        "<sup>2</sup>Cardiovascular Research Centre, London, UK")
    notes = para("<sup>*</sup>These authors jointly supervised this work<break/><sup>†</sup>Corresponding author")
    page = read_title_page(None, [authors, affiliations, notes])
    assert [(a.marker, a.text) for a in page.affiliations] == [
        ("1", "National Heart & Lung Institute, Imperial College London"),
        ("2", "Cardiovascular Research Centre, London, UK")]
    assert [a.degrees for a in page.authors] == ["PhD", "BMBCh, MRCP"]
    assert page.author_notes == [notes.element] and not page.unplaced
    assert [a.corresponding for a in page.authors] == [True, False]  # "†Corresponding author", not "*"


def test_degree_not_in_the_list_is_read_by_its_shape() -> None:
    [author] = parse_author_line(etree.fromstring("<p>Laura Brett, MPhil<sup>4</sup></p>"))
    assert (author.name.surname, author.degrees, author.markers) == ("Brett", "MPhil", ["4"])


def test_affiliations_and_correspondence_are_kept_without_an_author_line(tmp_path: Path) -> None:
    title_page = (p("By the radiology team of the hospital")
                  + p(runs=r("1", sup=True) + r("Department of Radiology, Ankara University, Ankara, Turkey"))
                  + p("Correspondence should be addressed to: Dr A Smith, a.smith@example.org"))
    body = manuscript(p("Text."), title_page=title_page)
    result = ingest(make_docx(tmp_path, body))
    meta = result.article.find("front/article-meta")
    assert plain_text(meta.find("aff")).startswith("1Department of Radiology")
    assert meta.find("author-notes/corresp/email").text == "a.smith@example.org"
    assert "By the radiology team" in notes_text(result)


# --- what pandoc lifts into its metadata -----------------------------------------------------------------------------

def test_metadata_pandoc_lifts_is_kept(tmp_path: Path) -> None:
    """metadata.docx: an Abstract-styled paragraph (one paragraph: inlines, no p) and a Date paragraph that
    pandoc lifts into its metadata were lost; the text after the abstract is not abstract."""
    body = (p("The title", style="Title") + p("Mary Ann Evans", style="Author") + p("July 28, 2014", style="Date")
            + p("This is the abstract.", style="Abstract") + p("And now normal text."))
    result = ingest(make_docx(tmp_path, body, styles=("Author", "Date", "Abstract")))
    meta = result.article.find("front/article-meta")
    assert plain_text(meta.find("abstract")) == "This is the abstract."
    assert plain_text(result.article.find("body")) == "And now normal text."
    assert "July 28, 2014" in notes_text(result)


def test_flatten_keeps_a_subtitle() -> None:
    jats = etree.fromstring("<pandoc-jats><pandoc-meta><title>T</title><subtitle>A subtitle</subtitle>"
                            "<date>true</date></pandoc-meta><body/><back/></pandoc-jats>")
    assert [(b.kind, b.text) for b in flatten(jats)] == [("title", "T"), ("para", "A subtitle")]


def test_quotation_in_the_reference_list_is_kept(tmp_path: Path) -> None:
    """The reference list read only paragraphs and lists: anything else after "References" was dropped."""
    back = p("A quoted remark among the references.", style="Quote") + p("2. Doe J. Other things. Radiology. 2021;2:3.")
    result = ingest(make_docx(tmp_path, manuscript(p("Text.", runs=r("1", sup=True)), back=back)))
    assert "A quoted remark among the references." in notes_text(result)


def test_title_page_headings_do_not_end_the_title_page(tmp_path: Path) -> None:
    """hellp_manuscript.docx styles "Authors", "Affiliation" and "Corresponding author" as headings: the first
    ended the title page, so the affiliations, the correspondence and the abstract landed in the main text."""
    title_page = (p("Authors", style="Heading1") + AUTHORS + p("Affiliation", style="Heading1")
                  + AFFILIATION + p("Corresponding author", style="Heading2") + p("John Smith")
                  + p("Address: Ankara University, Ankara, Turkey") + p("Email: john.smith@example.org")
                  + p("Word count: 3109"))
    result = ingest(make_docx(tmp_path, manuscript(p("Text."), title_page=title_page)))
    meta = result.article.find("front/article-meta")
    assert len(meta.findall("contrib-group/contrib")) == 2 and meta.find("contrib-group/aff") is not None
    corresp = plain_text(meta.find("author-notes/corresp"))
    assert corresp.startswith("John Smith; Address: Ankara University") and "john.smith@example.org" in corresp
    assert plain_text(meta.find("abstract")) == "We studied small things and found them small."
    # a word count is about the manuscript, not the article: kept with the front matter (issue 17)
    assert "Word count: 3109" in plain_text(result.article.find("back/notes[@notes-type='front-matter']"))
    assert [plain_text(t) for t in result.article.iterfind("body/sec/title")] == ["Introduction"]


def test_run_in_abstract_label_takes_its_colon() -> None:
    from pipeline.ingest.abstract import build_abstract

    with journal_words(JOURNAL.house_style):
        abstract, found = build_abstract([para("<bold>Purpose</bold>: To find things.")])
    assert found == ["Purpose"] and plain_text(abstract.find("sec/p")) == "To find things."


def test_link_to_a_supplementary_table_caption_points_at_the_supplementary_material(tmp_path: Path) -> None:
    caption = p(style="Caption", runs=bookmark("stbl") + r("Supplementary Table 1. Extra data"))
    main = (p("", runs=r("See ") + internal_link("stbl", "Supplementary Table 1") + r("."))
            + caption + table([["A", "B"], ["1", "2"]], header_rows=1))
    article = ingest(make_docx(tmp_path, manuscript(main))).article
    xref = article.find("body//xref")
    assert (xref.get("rid"), xref.get("ref-type")) == ("st1", "supplementary-material")
    assert article.find("back//supplementary-material[@id='st1']/table-wrap") is not None
    assert not article.xpath("//@retargeted")


# --- files that are not .docx -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("content", "says"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "old-format Word document (.doc"),
    (b"{\\rtf1\\ansi Imaging of small things}", "Rich Text (RTF) file"),
    (b"%PDF-1.7\n%\xe2\xe3", "this is a PDF"),
    (b"", "the file is empty"),
    (b"Imaging of small things", "not a Word .docx file that can be opened"),
])
def test_a_file_that_is_not_a_docx_says_what_it_is_and_what_to_do(tmp_path: Path, content: bytes, says: str) -> None:
    path = tmp_path / "manuscript.docx"
    path.write_bytes(content)
    with pytest.raises(PipelineError) as failure:
        convert(path, [], JOURNAL, None)
    finding = failure.value.finding
    assert finding.code == "input.not-docx" and finding.file == str(path) and says in finding.message


def test_another_journal_s_abstract_labels_and_key_points_are_configuration() -> None:
    """A journal that labels its structured abstract Objectives / Design / Results / Conclusions and calls its key
    points "Strengths and limitations of this study" (as BMJ Open does): its config alone makes ingest read them."""
    from pipeline.config.journal import AbstractSection
    from pipeline.ingest.abstract import build_abstract, build_main_points
    from pipeline.ingest.labels import current_words, part_of_heading

    style = dataclasses.replace(
        JOURNAL.house_style,
        abstract_sections=[AbstractSection("OBJECTIVES", 0, ["objectives", "objective"]),
                           AbstractSection("DESIGN", 1, ["design"]), AbstractSection("RESULTS", 2, ["results"]),
                           AbstractSection("CONCLUSIONS", 3, ["conclusions"])],
        key_points=dataclasses.replace(JOURNAL.house_style.key_points, title="Strengths and limitations of this study",
                                       headings=["strengths and limitations"]))
    with journal_words(style):
        abstract, found = build_abstract([para("<bold>Objective</bold>: To find things."),
                                          para("<bold>Design:</bold> A cross-sectional study.")])
        assert found == ["Objective", "Design"] and len(abstract.findall("sec")) == 2
        assert [current_words().label_of(f) for f in found] == ["OBJECTIVES", "DESIGN"]
        assert part_of_heading("Strengths and limitations of this study") == "main-points"
        assert part_of_heading("Strengths and limitations") == "main-points"
        assert part_of_heading("Main points") is None  # another journal's name for its box
        points = build_main_points([para("The first survey of its kind.")])
        assert points.findtext("title") == "Strengths and limitations of this study"
    with journal_words(JOURNAL.house_style):
        assert current_words().label_of("Objective") == "PURPOSE"  # the DIR journal's label for it


def test_an_image_description_with_an_ampersand_and_angle_brackets_reads_back_as_typed(tmp_path: Path) -> None:
    """psilocybin-meta__Manuscript.docx: pandoc wrote its alt text "Attention & Motivation" unescaped, and the
    whole manuscript failed as "pandoc's output is not well-formed XML"."""
    import docx as python_docx

    png = io.BytesIO()
    Image.new("RGB", (4, 4)).save(png, "PNG")
    document = python_docx.Document()
    document.add_paragraph("Imaging of small things")
    document.add_paragraph("Introduction", style="Heading 1")
    document.add_paragraph("A model:")
    shape = document.add_picture(io.BytesIO(png.getvalue()))
    shape._inline.docPr.set("descr", "Attention & Motivation, p < 0.05 > chance")
    shape._inline.graphic.graphicData.pic.nvPicPr.cNvPr.set("descr", "Attention & Motivation, p < 0.05 > chance")
    path = tmp_path / "ampersand.docx"
    document.save(path)
    result = ingest(path)
    assert "Attention & Motivation, p < 0.05 > chance" in notes_text(result)
    assert "ingest.pandoc-failed" not in codes(result)


@pytest.mark.parametrize(("typed", "label"), [("Fig. 2.", "Figure 2"), ("Figure S3.", "Figure S3"),
                                              ("Fig S8.", "Figure S8"), ("Supplementary Figure 1.",
                                                                         "Supplementary Figure 1")])
def test_a_legend_label_keeps_its_number_as_typed_and_loses_no_word(tmp_path: Path, typed: str, label: str) -> None:
    """real-manuscripts-2: "Fig. 1." and "Figure S3." legends lost the words "fig" and "s3" (the label became
    "Figure 1" and "Supplementary Figure 3")."""
    result = ingest(make_docx(tmp_path, manuscript(p("Some text."), back=p(f"{typed} A plot of the results."))))
    labels = [fig.findtext("label") for fig in result.article.xpath("//fig | //supplementary-material")]
    assert labels == [label]
    assert result.stats["lost"] == 0, [str(f) for f in result.findings if f.code == "ingest.lost-text"]


def test_a_table_label_keeps_its_s_number() -> None:
    table_block = Block("table", etree.fromstring("<table-wrap><table><tbody><tr><td>x</td></tr></tbody></table>"
                                                  "</table-wrap>"))
    caption = Block("para", etree.fromstring("<p>Table S2. Model results</p>"))
    tables, _, consumed = build_tables([TableParts(table_block, caption)])
    assert tables[0].element.findtext("label") == "Table S2"
    assert "Table S2." in consumed


def test_a_row_merged_into_the_rows_above_is_dropped_and_their_spans_shortened(tmp_path: Path) -> None:
    """psilocybin-meta__Manu_30.12.23.docx: a row whose every cell continues a vertical merge came out of pandoc
    as an empty <tr/>, and the JATS was not valid."""
    merged = '<w:tc><w:tcPr><w:vMerge/></w:tcPr>' + p() + "</w:tc>"
    start = '<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>'
    grid = "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
    rows = (f"<w:tr>{start}{p('low')}</w:tc>{start}{p('10 mg')}</w:tc></w:tr>" + f"<w:tr>{merged}{merged}</w:tr>"
            + f"<w:tr><w:tc>{p('high')}</w:tc><w:tc>{p('25 mg')}</w:tc></w:tr></w:tbl>")
    result = ingest(make_docx(tmp_path, manuscript(p("See Table 1.") + p("Table 1. Doses") + grid + rows)))
    table = result.article.find(".//table-wrap/table")
    assert table is not None and not [tr for tr in table.iter("tr") if not len(tr)]
    assert "validate.dtd" not in codes(result)
    assert ["".join(c.itertext()) for c in table.iter("td", "th")] == ["low", "10 mg", "high", "25 mg"]
    assert not [c for c in table.iter("td", "th") if c.get("rowspan")]
