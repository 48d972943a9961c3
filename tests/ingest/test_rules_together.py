"""The rules of issue 17's four branches (figures pasted in Word, reference styles, front matter and table titles,
inline formatting and labels) meeting on one manuscript: each was tested on its own, and these are the cases
where one branch's rule undid what another's recognised, found when the evaluation was run on the merged code.
Each on a Word file python-docx writes, and on the real manuscript where it was seen."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.shared import Inches
from PIL import Image

from pipeline.jats import plain_text
from tests.conftest import CORPUS, need_corpus
from tests.ingest.converted import ingest, opening, surnames, title_page_table
from tests.ingest.converted import messages as codes

LONG = ("This paragraph is running text of the main body, long enough that no title page would ever hold a line "
        "like it, and it goes on for a while to make that plain to anyone who reads it. ")


def corpus_file(name: str) -> Path:
    need_corpus()
    return next((CORPUS / "docx").rglob(name))


# --- a long author line under a running title ---------------------------------------------------------------------

AUTHORS = [("Nicola Whiffin", "PhD", "1,2,3,†"), ("Roddy Walsh", "MSc", "1,2"), ("Risha Govind", "MSc", "1,2"),
           ("Matthew Edwards", "MSc", "4"), ("Mian Ahmad", "PhD", "1,2"), ("Xiaolei Zhang", "MSc", "1,2"),
           ("Upasana Tayal", "BMBCh", "1,2"), ("Rachel Buchan", "BSc", "1,2"), ("William Midwinter", "BSc", "1"),
           ("Alicja Wilk", "MSc", "1,2"), ("Hanna Najgebauer", "PhD", "1"), ("Paul Barton", "PhD", "1,2,*"),
           ("Stuart Cook", "PhD", "1,2,5,*"), ("James Ware", "PhD", "1,2,*")]


def test_a_long_author_line_under_a_running_title_is_the_title_page_not_running_text(tmp_path: Path) -> None:
    """cardioclassifier: a bold running title under the title, then an author line of 22 names with degrees and
    markers (58 words). The rule "without an abstract, a heading followed by running text ends the title page"
    took the running title for the main text's first heading and the author line for its running text: no
    authors, no affiliations, the abstract a section of the body."""
    doc = Document()
    doc.add_paragraph("A decision-support tool for clinical genome interpretation", style="Title")
    doc.add_paragraph().add_run("A decision-support tool for clinical variant interpretation").bold = True
    line = doc.add_paragraph()
    for n, (name, degree, markers) in enumerate(AUTHORS):
        line.add_run(f"{name}, {degree}")
        line.add_run(markers).font.superscript = True
        if n < len(AUTHORS) - 1:
            line.add_run(", ")
    affiliations = doc.add_paragraph()
    for n, place in enumerate(("National Heart & Lung Institute, Imperial College London",
                               "Cardiovascular Research Centre, Royal Brompton Hospital, London",
                               "Department of Medicine, University of Cambridge", "Genetics Laboratory, Oxford",
                               "Duke-NUS Medical School, Singapore"), 1):
        affiliations.add_run(str(n)).font.superscript = True
        affiliations.add_run(place + " ")
    assert len(" ".join(r.text for r in line.runs).split()) >= 40  # as long as a paragraph of running text
    doc.add_heading("ABSTRACT", level=2)
    doc.add_paragraph("Purpose: We built a tool. " * 6)
    doc.add_paragraph("Conclusion: It works well. " * 6)
    doc.add_heading("INTRODUCTION", level=2)
    doc.add_paragraph(LONG)
    doc.save(tmp_path / "long-author-line.docx")
    result = ingest(tmp_path / "long-author-line.docx")
    assert surnames(result) == [name.split()[-1] for name, _, _ in AUTHORS]
    assert len(result.article.findall("front/article-meta/contrib-group/aff")) == 5
    assert "We built a tool" in plain_text(result.article.find("front/article-meta/abstract"))
    assert not codes(result, "ingest.no-authors") and not codes(result, "ingest.no-abstract")
    assert [plain_text(t) for t in result.article.iterfind("body/sec/title")] == ["INTRODUCTION"]


def test_cardioclassifier_keeps_its_authors_affiliations_and_abstract() -> None:
    result = ingest(corpus_file("cardioclassifier_manuscript.docx"))
    assert len(surnames(result)) == 22  # 0 on the merged code
    assert len(result.article.findall("front/article-meta/contrib-group/aff")) == 6
    assert len(result.article.findall("front/article-meta/abstract/sec")) == 4
    assert not codes(result, "ingest.no-authors")



def test_a_heading_over_prose_that_names_a_university_still_ends_the_title_page(tmp_path: Path) -> None:
    """scz-fc's supplement: "1.2.1. Inclusion and Exclusion" over a paragraph of 238 words that names the
    University of California: running text, however many institutions it names, not an affiliation."""
    doc = Document()
    doc.add_heading("Appendix A: Methods", level=1)
    doc.add_heading("Inclusion and Exclusion", level=2)
    doc.add_paragraph("Our research acquired data from the University of California Los Angeles consortium. " + LONG)
    doc.add_heading("Participant Characteristics", level=2)
    doc.add_paragraph(LONG + LONG)
    doc.save(tmp_path / "supplement.docx")
    result = ingest(tmp_path / "supplement.docx")
    assert not codes(result, "ingest.unplaced")
    assert "University of California" in plain_text(result.article.find("body"))

# --- a table of samples at the top of a file ----------------------------------------------------------------------

def test_a_one_column_table_of_samples_at_the_top_is_a_table_not_a_title_page(tmp_path: Path) -> None:
    """docx2python's example.docx: a one-column table of formatting samples ("Bold", "Large Font", "Large
    Colored") opens the file. "Large Font" reads like a name, so the title-page-in-a-table rule unfolded the table
    into a title page: its title "Bold", the table gone, 16 of its lines unplaced."""
    doc = Document()
    grid = doc.add_table(rows=4, cols=1)
    for row, text in enumerate(("Bold", "Italics", "Large Font", "Large Colored")):
        grid.cell(row, 0).paragraphs[0].add_run(text).bold = row == 0
    doc.add_paragraph("Text outside table")
    doc.add_heading("Heading 1", level=1)
    doc.add_paragraph(LONG)
    doc.save(tmp_path / "samples.docx")
    result = ingest(tmp_path / "samples.docx")
    [table] = result.article.findall(".//table")  # kept whole (above the first heading: unplaced, as a table)
    assert "Large Font" in plain_text(table)
    assert not [m for m in codes(result, "ingest.unplaced") if m.count("“Large") or "“Italics" in m]
    assert plain_text(result.article.find("front/article-meta/title-group/article-title")) != "Bold"


def test_a_title_page_table_still_needs_names_that_read_as_an_author_line(tmp_path: Path) -> None:
    """The rule above kept: one cell of several names with markers makes a one-column table a title page."""
    doc = Document()
    title_page_table(doc, "Imaging of small things in large hospitals", [("Jane Roe", "1"), ("John Doe", "1")])
    doc.add_heading("Abstract", level=1)
    doc.add_paragraph("We imaged small things. " * 5)
    doc.add_heading("Introduction", level=1)
    doc.add_paragraph(LONG)
    doc.save(tmp_path / "title-table.docx")
    result = ingest(tmp_path / "title-table.docx")
    assert surnames(result) == ["Roe", "Doe"] and result.stats["tables"] == 0


# --- a contents list over headings that end with a number -----------------------------------------------------------

def test_a_contents_list_ends_at_the_first_heading_it_lists_even_one_ending_in_a_number(tmp_path: Path) -> None:
    """openxml-sdk's Complex01.docx: "Contents" lists "Heading 1 ... 1", "Heading 2 ... 1"; the text's own heading
    "Heading 1" right after it was read as "Heading" on page 1, not as a listed entry, and was left out with the
    contents (its words counted as carried over: a heading gone without a word lost)."""
    doc = Document()
    doc.add_paragraph("Imaging of small things")
    doc.add_paragraph("Jane Roe, John Doe")
    doc.add_heading("Contents", level=1)
    for entry in ("Study 1\t1", "Methods\t1", "Study 2\t2", "Results\t3"):
        doc.add_paragraph(entry)
    doc.add_heading("Study 1", level=1)
    doc.add_paragraph("The first study had two parts.")  # short: not yet running text by its length
    doc.add_heading("Methods", level=2)
    doc.add_paragraph(LONG)
    doc.add_heading("Study 2", level=1)
    doc.add_heading("Results", level=2)
    doc.add_paragraph(LONG)
    doc.save(tmp_path / "contents.docx")
    result = ingest(tmp_path / "contents.docx")
    [left_out] = codes(result, "ingest.left-out")
    assert "(5 paragraphs" in left_out
    assert [plain_text(t) for t in result.article.iterfind("body/sec/title")] == ["Study 1", "Study 2"]


def test_complex01_keeps_the_heading_after_its_contents() -> None:
    result = ingest(corpus_file("Complex01.docx"))
    titles = [plain_text(t) for t in result.article.iterfind("body//sec/title")]
    assert titles.count("Heading 1") == 2 and "Contents" not in titles


# --- pictures under their labels after the legends ------------------------------------------------------------------

def _picture(colour: str) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 600), colour).save(buffer, "PNG")
    buffer.seek(0)
    return buffer


def test_figure_labels_over_pictures_after_the_legends_are_the_figures_labels(tmp_path: Path) -> None:
    """cardioclassifier: the legends under "FIGURE AND TABLE LEGENDS", then "FIGURES" and, over each pasted
    picture, its label alone ("Figure 1", a heading). The pictures went to their figures; the label lines and
    the heading were reported as text that could not be placed, four findings for words the figures hold."""
    doc = opening(LONG + "See Figures 1 and 2.")
    doc.add_heading("Figure legends", level=1)
    doc.add_paragraph("Figure 1: A red square of the study.")
    doc.add_paragraph("Figure 2: A blue square seen from above.")
    doc.add_heading("FIGURES", level=1)
    for number, colour in ((1, "red"), (2, "blue")):
        doc.add_heading(f"Figure {number}", level=2)
        doc.add_picture(_picture(colour), width=Inches(3))
    doc.add_heading("References", level=1)
    doc.add_paragraph("1. Smith J. Small things. Radiology. 2020;1(1):1-2.")
    doc.save(tmp_path / "labels-over-pictures.docx")
    folder = tmp_path / "embedded"
    result = ingest(tmp_path / "labels-over-pictures.docx", folder)
    assert not codes(result, "ingest.unplaced")
    assert len(codes(result, "ingest.figure-from-manuscript")) == 2
    assert sorted(p.name for p in folder.iterdir()) == ["fig1.png", "fig2.png"]
    figures = result.article.findall(".//fig")
    assert [f.findtext("label") for f in figures] == ["Figure 1", "Figure 2"]


def test_a_figure_label_with_no_legend_of_its_number_is_still_reported(tmp_path: Path) -> None:
    doc = opening(LONG + "See Figure 1.")
    doc.add_heading("Figure legends", level=1)
    doc.add_paragraph("Figure 1: A red square of the study.")
    doc.add_heading("FIGURES", level=1)
    doc.add_heading("Figure 3", level=2)
    doc.add_heading("References", level=1)
    doc.add_paragraph("1. Smith J. Small things. Radiology. 2020;1(1):1-2.")
    doc.save(tmp_path / "stray-label.docx")
    result = ingest(tmp_path / "stray-label.docx")
    unplaced = codes(result, "ingest.unplaced")
    assert len(unplaced) == 2 and any("“FIGURES”" in m for m in unplaced) and any("“Figure 3”" in m for m in unplaced)


def test_cardioclassifier_places_its_figure_labels() -> None:
    result = ingest(corpus_file("cardioclassifier_manuscript.docx"))
    assert not [m for m in codes(result, "ingest.unplaced") if "Figure" in m or "FIGURES" in m]  # 4 before
    assert len(result.article.findall(".//fig")) == 3


def test_a_figure_label_after_the_reference_list_ends_it(tmp_path: Path) -> None:
    """ipv-sysrev: the reference list (53 entries), then "Figure 1", its title and the boxes of its flow chart:
    the chart's 31 lines were read as references 54 to 84. A reference list holds no figure."""
    doc = opening(LONG + "Small things matter (Smith, 2020; Jones, 2019).")
    doc.add_heading("References", level=1)
    doc.add_paragraph("Jones, A. (2019). Smaller things. Radiology, 2(1), 3-4.")
    doc.add_paragraph("Smith, J. (2020). Small things. Radiology, 1(1), 1-2.")
    doc.add_paragraph("Figure 1")
    for line in ("Study Flow Chart", "Records screened (n=1823)", "Non-English", "Conceptual"):
        doc.add_paragraph(line)
    doc.save(tmp_path / "figure-after-references.docx")
    result = ingest(tmp_path / "figure-after-references.docx")
    assert len(result.article.findall("back/ref-list/ref")) == 2
    unplaced = codes(result, "ingest.unplaced")
    assert any("“Figure 1”" in m for m in unplaced) and any("“Non-English”" in m for m in unplaced)


# --- a picture linked from outside the Word file ------------------------------------------------------------------

def test_a_picture_linked_from_outside_the_file_is_reported() -> None:
    """mammoth's external-picture.docx: a picture Word shows from a file beside the manuscript (a:blip r:link).
    Word's features count reported it before pasted pictures were taken as figures; then no finding said it."""
    result = ingest(corpus_file("external-picture.docx"))
    [message] = codes(result, "ingest.embedded-image")
    assert "paragraph 1" in message and "linked from outside the Word file" in message
