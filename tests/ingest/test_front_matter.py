"""Front matter and table titles as real submissions have them (issue 17): a thesis's title page, contents
lists and dedication; a title page laid out in a table; authors in one "Authors:" paragraph; tables titled by a
caption below them or in a merged first row; equations laid out in tables. Each on a Word file python-docx
writes, and on the real manuscripts of the shared corpus where the problem was found."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml

from pipeline.ingest import IngestResult
from pipeline.jats import plain_text
from tests.conftest import CORPUS, need_corpus
from tests.ingest.converted import ingest, title_page_table
from tests.ingest.converted import messages as codes
from tests.ingest.converted import surnames as names

LONG = ("This paragraph is running text of the main body, long enough that no contents list or title page would "
        "ever hold a line like it, and it goes on for a while to make that plain. ")


def body_text(result: IngestResult) -> str:
    return plain_text(result.article.find("body"))


def page_break(doc: Document) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def abstract_and_introduction(doc: Document) -> None:
    """What follows a title page: a page break, the abstract, the introduction's heading."""
    page_break(doc)
    doc.add_heading("Abstract", level=1)
    doc.add_paragraph("We imaged small things. " * 5)
    doc.add_heading("Introduction", level=1)


def converted(doc: Document, path: Path) -> IngestResult:
    doc.save(path)
    return ingest(path)


def superscripted(doc: Document, pieces: list[tuple[str, bool]]) -> None:
    p = doc.add_paragraph()
    for text, sup in pieces:
        p.add_run(text).font.superscript = sup


# --- a thesis ---------------------------------------------------------------------------------------------------

def thesis(path: Path) -> Path:
    doc = Document()
    doc.add_paragraph("HI-BREED: A MOBILE APPLICATION FOR PET OWNERS")
    for line in ("A Capstone Research Proposal", "Presented to the Faculty of the College of Computer Studies",
                 "In Partial Fulfillment of the Requirements", "For the Degree of Bachelor of Science", "By:",
                 "Dionico Noe Alegarbes", "Kemberly Nicole Tayong", "Kenneth Dela Cruz", "", "Engr. Edsel Paray",
                 "Adviser", "December 2022"):
        doc.add_paragraph(line)
    page_break(doc)
    doc.add_paragraph().add_run("ABSTRACT").bold = True
    doc.add_paragraph("The researchers analyze a problem and propose an application. " * 4)
    page_break(doc)
    doc.add_paragraph().add_run("DEDICATION").bold = True
    doc.add_paragraph("This study is dedicated to our parents.")
    page_break(doc)
    doc.add_paragraph().add_run("TABLE OF CONTENTS").bold = True
    for line in ("Page No.", "Abstract\tI", "Dedication\tII", "CHAPTER I: INTRODUCTION\t1", "Rationale of the Study\t2",
                 "Scope of the Study\t3"):
        doc.add_paragraph(line)
    doc.add_paragraph().add_run("REFERENCES").bold = True  # an entry of the contents, typed like the heading
    doc.add_paragraph().add_run("LIST OF FIGURES").bold = True
    doc.add_paragraph("Figure 1 Flow of the Study\t4")
    doc.add_paragraph("Figure 2 Use Case Diagram\t9")
    page_break(doc)
    doc.add_heading("INTRODUCTION", level=1)
    doc.add_paragraph(LONG + "Pets matter [1].")
    doc.add_heading("Rationale of the Study", level=2)
    doc.add_paragraph(LONG)
    doc.add_heading("References", level=1)
    doc.add_paragraph("1. Smith J. Small things. Radiology. 2020;1(1):1-2.")
    doc.save(path)
    return path


def test_a_thesis_contents_list_is_left_out_with_one_finding_and_its_front_matter_kept_in_one_note(
        tmp_path: Path) -> None:
    """capstone_Manuscript: 110 'could not be placed' paragraphs, because the contents' own "REFERENCES" line
    started the back matter and the thesis's title-page lines fit nowhere."""
    result = ingest(thesis(tmp_path / "thesis.docx"))
    assert not codes(result, "ingest.unplaced")
    [left_out] = codes(result, "ingest.left-out")
    assert "TABLE OF CONTENTS" in left_out and "LIST OF FIGURES" in left_out
    [front] = codes(result, "ingest.front-matter")
    assert "In Partial Fulfillment" in front
    notes = plain_text(result.article.find("back/notes[@notes-type='front-matter']"))
    assert "In Partial Fulfillment of the Requirements" in notes and "dedicated to our parents" in notes
    assert "Adviser" in notes and "Engr. Edsel Paray" in notes
    assert names(result) == ["Alegarbes", "Tayong", "Cruz"] or names(result) == ["Alegarbes", "Tayong", "Dela Cruz"]
    # the adviser ("Engr. Edsel Paray" over "Adviser") is not an author
    body = body_text(result)
    assert "Pets matter" in body and "Rationale of the Study" in body
    assert "Page No." not in plain_text(result.article) and "Use Case Diagram" not in plain_text(result.article)
    assert len(result.article.findall("back/ref-list/ref")) == 1


def test_a_list_of_figures_heading_over_the_legends_is_not_a_contents_list(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("Imaging of small things")
    doc.add_paragraph("Jane Roe, John Doe")
    page_break(doc)
    doc.add_heading("Introduction", level=1)
    doc.add_paragraph(LONG + "See Figure 1.")
    doc.add_heading("List of figures", level=1)
    doc.add_paragraph("Figure 1. Axial CT of the abdomen shows a small mass in the liver with rim enhancement in "
                      "the arterial phase and washout later.")
    result = converted(doc, tmp_path / "legends.docx")
    assert not codes(result, "ingest.left-out")
    assert "Axial CT of the abdomen" in plain_text(result.article)


# --- title pages ------------------------------------------------------------------------------------------------

def test_a_title_page_laid_out_in_a_table_gives_title_authors_and_affiliations(tmp_path: Path) -> None:
    doc = Document()
    title_page_table(doc, "Imaging of small things in large hospitals", [("Jane Roe", "1"), ("John Doe", "1,2")],
                     [("1", "Department of Radiology, City Hospital, Ankara, Türkiye"),
                      ("2", "Department of Surgery, University of Ankara, Ankara, Türkiye")])
    abstract_and_introduction(doc)
    doc.add_paragraph(LONG)
    result = converted(doc, tmp_path / "table-title-page.docx")
    meta = result.article.find("front/article-meta")
    assert plain_text(meta.find("title-group/article-title")) == "Imaging of small things in large hospitals"
    assert len(names(result)) == 2
    assert len(meta.findall("contrib-group/aff")) == 2
    doe = meta.findall("contrib-group/contrib")[1]
    assert [x.get("rid") for x in doe.findall("xref[@ref-type='aff']")] == ["aff1", "aff2"]
    assert not codes(result, "ingest.unplaced") and not codes(result, "ingest.table-title")
    assert result.stats["tables"] == 0


def test_authors_in_one_authors_paragraph_with_semicolons_and_superscript_markers(tmp_path: Path) -> None:
    """tilda-multisensory: "Authors: Rebecca J. Hirst1,2, Annalisa Setti2,3, …" was left unplaced."""
    doc = Document()
    doc.add_paragraph("Imaging of small things")
    superscripted(doc, [("Authors: Jane Roe", False), ("1", True), ("; John Doe", False), ("1,2", True),
                        ("; Ayşe Yılmaz", False), ("2", True)])
    superscripted(doc, [("1", True), ("Department of Radiology, City Hospital, Ankara, Türkiye", False)])
    superscripted(doc, [("2", True), ("Department of Surgery, University of Ankara, Ankara, Türkiye", False)])
    doc.add_paragraph("Corresponding author:")
    doc.add_paragraph("Jane Roe, jane.roe@example.org")
    doc.add_paragraph("Tel: +90 312 000 00 00")
    abstract_and_introduction(doc)
    doc.add_paragraph(LONG)
    result = converted(doc, tmp_path / "authors-line.docx")
    assert names(result) == ["Roe", "Doe", "Yılmaz"]
    assert not codes(result, "ingest.unplaced")
    assert "jane.roe@example.org" in plain_text(result.article.find("front/article-meta/author-notes"))


def test_title_label_italic_author_line_and_word_numbered_affiliations(tmp_path: Path) -> None:
    """tilda-multisensory's supplement ("Title: …" under a "SUPPLEMENTARY MATERIAL" line) and bats-swt (the
    author line all in italic, "$" marking the corresponding author, affiliations in a Word numbered list)."""
    doc = Document()
    doc.add_paragraph("---SUPPLEMENTARY MATERIAL---")
    doc.add_paragraph("Title: Imaging of small things")
    p = doc.add_paragraph()
    for text, sup in (("Jane Roe", False), ("1$", True), (", John Doe", False), ("2", True)):
        run = p.add_run(text)
        run.italic = True
        run.font.superscript = sup
    doc.add_paragraph("Department of Radiology, City Hospital, Ankara, Türkiye", style="List Number")
    doc.add_paragraph("Department of Surgery, University of Ankara, Ankara, Türkiye", style="List Number")
    doc.add_paragraph("$Corresponding author. Email: jane.roe@example.org")
    abstract_and_introduction(doc)
    doc.add_paragraph(LONG)
    result = converted(doc, tmp_path / "labels.docx")
    meta = result.article.find("front/article-meta")
    assert plain_text(meta.find("title-group/article-title")) == "Imaging of small things"
    assert names(result) == ["Roe", "Doe"]
    assert len(meta.findall("contrib-group/aff")) == 2 and not codes(result, "ingest.affiliation-marker")
    roe = meta.find("contrib-group/contrib")
    assert roe.get("corresp") == "yes"
    # only the line the title was first taken to be is left over
    [leftover] = codes(result, "ingest.unplaced")
    assert "SUPPLEMENTARY MATERIAL" in leftover


def test_word_counts_on_a_title_page_are_front_matter_not_unplaced_text(tmp_path: Path) -> None:
    """hellp, fmri-fingerprint, psilocybin-meta: "Word count: 3109", "Abstract: 213 words" each gave a finding of
    their own."""
    doc = Document()
    doc.add_paragraph("Imaging of small things")
    doc.add_paragraph("Jane Roe, John Doe")
    for line in ("Word count: 3109", "Abstract: 213 words", "Manuscript type: systematic review"):
        doc.add_paragraph(line)
    page_break(doc)
    doc.add_heading("Introduction", level=1)
    doc.add_paragraph(LONG)
    result = converted(doc, tmp_path / "counts.docx")
    assert not codes(result, "ingest.unplaced")
    [front] = codes(result, "ingest.front-matter")
    assert "Word count: 3109" in front
    assert "Manuscript type" in plain_text(result.article.find("back/notes[@notes-type='front-matter']"))


def test_without_an_abstract_the_main_text_heading_ends_the_title_page(tmp_path: Path) -> None:
    """covid-caba: no abstract, so the whole Introduction and Methods stayed on the title page (32 paragraphs
    unplaced)."""
    doc = Document()
    doc.add_paragraph("Desigualdades en morbimortalidad por COVID-19")
    doc.add_paragraph("Adrián Santoro")
    doc.add_paragraph().add_run("INTRODUCCIÓN").bold = True
    doc.add_paragraph(LONG + LONG)
    doc.add_paragraph().add_run("MÉTODOS").bold = True
    doc.add_paragraph(LONG)
    result = converted(doc, tmp_path / "no-abstract.docx")
    assert not codes(result, "ingest.unplaced")
    assert "INTRODUCCIÓN" in body_text(result) and "MÉTODOS" in body_text(result)


# --- table titles -----------------------------------------------------------------------------------------------

def _article_start(doc: Document) -> None:
    doc.add_paragraph("Imaging of small things")
    doc.add_paragraph("Jane Roe, John Doe")
    abstract_and_introduction(doc)


def _table(doc: Document, rows: list[list[str]]):
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    return table


def test_table_titles_from_a_caption_below_and_from_a_merged_first_row(tmp_path: Path) -> None:
    """fmri-fingerprint, bats-swt: "Table 1: …" below the table (in Word's Caption style, which pandoc reads as
    the caption, or typed); psilocybin-meta: "Table 2: Overview …" in a first row merged across the table. Both
    gave "no title" errors."""
    doc = Document()
    _article_start(doc)
    doc.add_paragraph(LONG + "Table 1 and Table 2 show it.")
    _table(doc, [["Group", "n"], ["Cases", "12"], ["Controls", "30"]])
    doc.add_paragraph("Table 1. Demographics of the groups", style="Caption")
    doc.add_paragraph(LONG)
    merged = _table(doc, [["", ""], ["Outcome", "Value"], ["Death", "2"]])
    title = merged.cell(0, 0).merge(merged.cell(0, 1))
    title.text = "Table 2: Outcomes at one year"
    _table(doc, [["Site", "n"], ["Liver", "4"]])
    doc.add_paragraph("Table 3: Sites of the lesions")  # typed below, in no caption style
    doc.add_paragraph(LONG + "Table 3 lists the sites.")
    # caring-15min: a one-column layout table, its first cell the title over the real table (nested), its next
    # row a figure's legend
    layout = doc.add_table(rows=2, cols=1)
    layout.cell(0, 0).paragraphs[0].add_run("Table 4: Travel times by mode")
    inner = layout.cell(0, 0).add_table(rows=2, cols=2)
    for r, row in enumerate([["Mode", "Minutes"], ["Walk", "15"]]):
        for c, text in enumerate(row):
            inner.cell(r, c).text = text
    layout.cell(1, 0).paragraphs[0].add_run("Figure 1: Where the care destinations are in the city.")
    doc.add_paragraph(LONG + "Table 4 and Figure 1 show the times.")
    result = converted(doc, tmp_path / "table-titles.docx")
    assert not codes(result, "ingest.table-title")
    wraps = {w.findtext("label"): w for w in result.article.iter("table-wrap")}
    assert plain_text(wraps["Table 1"].find("caption/title")) == "Demographics of the groups"
    assert plain_text(wraps["Table 2"].find("caption/title")) == "Outcomes at one year"
    assert "Outcomes at one year" not in plain_text(wraps["Table 2"].find("table"))
    assert len(wraps["Table 2"].findall("table//tr")) == 2
    found = codes(result, "ingest.table-title-found")
    assert any("below it" in m for m in found) and any("first row" in m for m in found)
    assert plain_text(wraps["Table 3"].find("caption/title")) == "Sites of the lesions"
    assert plain_text(wraps["Table 4"].find("caption/title")) == "Travel times by mode"
    assert [plain_text(td) for td in wraps["Table 4"].iterfind("table//td")] == ["Walk", "15"]
    assert "Where the care destinations are" in plain_text(result.article.find(".//fig"))
    assert len(result.article.findall(".//xref[@ref-type='table']")) == 4


def test_untitled_tables_right_under_a_titled_one_are_its_parts(tmp_path: Path) -> None:
    """ipv-sysrev: one appraisal table typed as four Word tables one under the other, titled once: three "no
    title" errors."""
    doc = Document()
    _article_start(doc)
    doc.add_paragraph(LONG + "Table 1 appraises the studies.")
    doc.add_paragraph("Table 1. Study quality appraisal")
    _table(doc, [["Article", "2.1"], ["Bradley 2012", "Yes"]])
    _table(doc, [["Article", "3.1"], ["Campbell 2015", "No"]])
    _table(doc, [["Article", "5.1"], ["Aktas 2020", "Yes"]])
    doc.add_paragraph(LONG)
    result = converted(doc, tmp_path / "split-table.docx")
    assert not codes(result, "ingest.table-title")
    [wrap] = result.article.findall(".//table-wrap")
    assert len(wrap.findall("table")) == 3 and "Aktas 2020" in plain_text(wrap)


OMML = ('<m:oMathPara xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><m:oMath><m:r><m:t>'
        'y=ax+b</m:t></m:r></m:oMath></m:oMathPara>')


def test_an_equation_laid_out_in_a_table_is_a_numbered_display_formula(tmp_path: Path) -> None:
    """disturbance-observer: 23 equations set in borderless one-row tables ("(2)" in the right cell) were 23
    tables with no title."""
    doc = Document()
    _article_start(doc)
    doc.add_paragraph(LONG + "The model is")
    layout = doc.add_table(rows=1, cols=2)
    layout.cell(0, 0).paragraphs[0]._p.append(parse_xml(OMML))
    layout.cell(0, 1).text = "(2)"
    doc.add_paragraph(LONG)
    result = converted(doc, tmp_path / "equation-table.docx")
    assert not codes(result, "ingest.table-title") and result.stats["tables"] == 0
    [formula] = result.article.findall("body//disp-formula")
    assert formula.findtext("label") == "(2)"


# --- the real manuscripts ---------------------------------------------------------------------------------------

def corpus_file(name: str) -> Path:
    need_corpus()
    return next((CORPUS / "docx").rglob(name))


def test_capstone_thesis_places_its_text() -> None:
    result = ingest(corpus_file("capstone_Manuscript.docx"))
    assert not codes(result, "ingest.unplaced")  # 110 before
    assert len(codes(result, "ingest.left-out")) == 1 and len(codes(result, "ingest.front-matter")) == 1
    assert len(names(result)) == 3
    assert "Animals play an essential role" in body_text(result)


def test_real_manuscripts_title_pages_and_table_titles() -> None:
    covid = ingest(corpus_file("covid-caba__paper_Actualizado_espanol.docx"))
    assert "Los primeros casos de SARS-CoV-2" in body_text(covid)
    tilda = ingest(corpus_file("tilda-multisensory__Manuscript.docx"))
    assert len(names(tilda)) == 5 and not [m for m in codes(tilda, "ingest.unplaced") if "Hirst" in m]
    speranza = ingest(corpus_file("speranza-ST__SewageMarkers12.docx"))
    assert len(speranza.article.findall("front/article-meta/contrib-group/aff")) == 3
    assert not codes(speranza, "ingest.affiliation-marker") and not codes(speranza, "ingest.unplaced")
    fmri = ingest(corpus_file("fmri-fingerprint__main_text.docx"))
    assert not codes(fmri, "ingest.table-title") and len(codes(fmri, "ingest.table-title-found")) == 2
    equations = ingest(corpus_file("disturbance-observer__manuscript_revised.docx"))
    assert not codes(equations, "ingest.table-title")  # 23 before
    labels = [plain_text(label) for label in equations.article.iterfind("body//disp-formula-group/label")] + [
        plain_text(label) for label in equations.article.iterfind("body//disp-formula/label")]
    assert "(1)" in labels and "(2)" in labels and len(labels) >= 23
