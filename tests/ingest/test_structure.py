"""Regression tests for where ingest puts a manuscript's parts (title page, abstract, main text, back matter),
each on a tiny hand-made Word file and named after the problem the ingest evaluation found
(docs/ingest-evaluation.md, "The weakest fields and why")."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from lxml import etree

from pipeline.config import load_journal
from pipeline.ingest import IngestResult, convert
from pipeline.ingest.blocks import Block
from pipeline.ingest.citations import link_citations
from pipeline.ingest.titlepage import parse_author_line, read_title_page
from pipeline.jats import plain_text
from tests.conftest import PROJECT
from tests.ingest.converted import JOURNAL, ingest
from tests.ingest.wordxml import AFFILIATION, AUTHORS, make_docx, manuscript, p, r, table

TITLE = p("Imaging of small things", style="Title")
REFERENCES = p("References", style="Heading1") + p("1. Smith J. Small things. Radiology. 2020;1(1):1-2.")


def meta(result: IngestResult) -> etree._Element:
    return result.article.find("front/article-meta")


def abstract_titles(result: IngestResult) -> list[str]:
    return [plain_text(t) for t in meta(result).iterfind("abstract/sec/title")]


def body_titles(result: IngestResult) -> list[str]:
    return [plain_text(t) for t in result.article.iterfind("body//sec/title")]


def notes_text(result: IngestResult) -> str:
    return plain_text(result.article.find("back/notes[@notes-type='unplaced']"))


def para(xml: str, kind: str = "para") -> Block:
    return Block(kind, etree.fromstring(f"<p>{xml}</p>"))


# --- 1. where the abstract ends ---------------------------------------------------------------------------------

def test_abstract_ends_where_the_word_abstract_style_ends(tmp_path: Path) -> None:
    """plosone-0091296, 1472-6831-8-11: without keywords after it, the abstract took the main text's
    "Introduction" and "Methods" for abstract sections. The Word Abstract style says where it ends; the
    headings among its paragraphs, known labels or not ("Setting"), are its sections."""
    body = (TITLE + AUTHORS + AFFILIATION + p("Abstract", style="AbstractTitle")
            + p("Background", style="Heading1") + p("Small things matter.", style="Abstract")
            + p("Setting", style="Heading1") + p("Two hospitals.", style="Abstract")
            + p("Conclusions", style="Heading1") + p("They are small.", style="Abstract")
            + p("Introduction", style="Heading1") + p("Small things are everywhere.")
            + p("Methods", style="Heading1") + p("We measured them.") + REFERENCES)
    result = ingest(make_docx(tmp_path, body, styles=("Abstract", "Abstract Title")))
    assert abstract_titles(result) == ["Background", "Setting", "Conclusions"]
    assert plain_text(meta(result).find("abstract")).endswith("They are small.")
    assert body_titles(result) == ["Introduction", "Methods"]


def test_abstract_style_on_its_heading_alone_does_not_end_the_abstract(tmp_path: Path) -> None:
    """A template that gives only the "Abstract" heading the Abstract style says nothing of where the abstract
    ends: the usual rules apply."""
    body = (TITLE + AUTHORS + p("Abstract", style="Abstract") + p("We studied small things.")
            + p("Keywords: small things") + p("Introduction", style="Heading1") + p("Text.") + REFERENCES)
    result = ingest(make_docx(tmp_path, body, styles=("Abstract",)))
    assert plain_text(meta(result).find("abstract")) == "We studied small things."
    assert body_titles(result) == ["Introduction"]


def test_main_text_heading_after_an_unstructured_abstract_ends_it(tmp_path: Path) -> None:
    """up-sta-example, acs2: "Background" and "Methods" are abstract labels, so after an abstract without
    sections they were read as the abstract's; a label is the abstract's only in a structured abstract."""
    body = (TITLE + AUTHORS + p("Abstract", style="Heading1") + p("We studied small things.")
            + p("Background", style="Heading1") + p("Small things are everywhere.")
            + p("Methods", style="Heading1") + p("We measured them.") + REFERENCES)
    result = ingest(make_docx(tmp_path, body))
    assert plain_text(meta(result).find("abstract")) == "We studied small things."
    assert abstract_titles(result) == []
    assert body_titles(result) == ["Background", "Methods"]


def test_label_that_goes_back_ends_a_structured_abstract(tmp_path: Path) -> None:
    """1472-6831-8-11 (BMC): the abstract's Background, Methods, Results, Conclusion are followed by the main
    text's Background and Methods. A label the abstract has had, or one before its last, is the main text's."""
    labelled = "".join(p(label, style="Heading2") + p(f"{label} text.")
                       for label in ("Background", "Methods", "Results", "Conclusion"))
    body = (TITLE + AUTHORS + p("Abstract", style="Heading1") + labelled
            + p("Introduction", style="Heading1") + p("Small things are everywhere.")
            + p("Methods", style="Heading1") + p("We measured them.") + REFERENCES)
    result = ingest(make_docx(tmp_path, body))
    assert abstract_titles(result) == ["Background", "Methods", "Results", "Conclusion"]
    assert body_titles(result) == ["Introduction", "Methods"]


# --- 2. headings of a structured abstract, statements before the main text --------------------------------------

def test_other_headings_of_a_structured_abstract_stay_in_it(tmp_path: Path) -> None:
    """bmjopen-4-e003269, elife-102451: "Setting", "Participants", "Funding:", "Clinical trial number:" ended
    the abstract (a Word heading that is not a label, a part heading) and went to the main text or the back."""
    sections = (("Objective", "To find small things."), ("Setting", "Two hospitals."),
                ("Results", "They were small."), ("Conclusions", "Small is common."), ("Funding:", "None."),
                ("Trial registration:", "NCT0001."))
    body = (TITLE + AUTHORS + p("Abstract", style="Heading1")
            + "".join(p(title, style="Heading2") + p(text) for title, text in sections)
            + p("Keywords: small things, imaging") + p("Introduction", style="Heading1") + p("Text.") + REFERENCES)
    result = ingest(make_docx(tmp_path, body))
    assert abstract_titles(result) == ["Objective", "Setting", "Results", "Conclusions", "Funding",
                                       "Trial registration"]
    assert [plain_text(k) for k in meta(result).iterfind("kwd-group/kwd")] == ["small things", "imaging"]
    assert body_titles(result) == ["Introduction"]
    assert meta(result).find("funding-group") is None


def test_statement_before_the_main_text_does_not_start_the_back_matter(tmp_path: Path) -> None:
    """elife-102451: a "Funding" heading before the main text started the back matter, so the whole main text
    became the funding statement. A statement before the main text is its own paragraphs only."""
    main = (p("Funding", style="Heading1") + p("This work had no funding.")
            + p("Introduction", style="Heading1") + p("Small things are everywhere."))
    body = (TITLE + AUTHORS + p("Abstract", style="Heading1") + p("We studied small things.")
            + p("Keywords: small things") + main + REFERENCES)
    result = ingest(make_docx(tmp_path, body))
    assert plain_text(meta(result).find("funding-group/funding-statement")) == "This work had no funding."
    assert body_titles(result) == ["Introduction"]
    assert "everywhere" in plain_text(result.article.find("body"))


def test_ethics_statement_in_the_methods_is_a_section_of_the_main_text(tmp_path: Path) -> None:
    """elife-02020: an "Ethics statement" subsection of the Methods started the back matter, and every
    subsection after it went into the ethics statement."""
    main = (p("Methods", style="Heading1") + p("Ethics statement", style="Heading2") + p("Approved by the board.")
            + p("Imaging", style="Heading2") + p("CT was used."))
    result = ingest(make_docx(tmp_path, manuscript(main)))
    assert body_titles(result) == ["Introduction", "Methods", "Ethics statement", "Imaging"]


def test_heading_that_gathers_statements_leaves_no_empty_note(tmp_path: Path) -> None:
    """"Additional information" (eLife) or "Declarations" (BMC) head statements under headings of their own; the
    heading alone is not a note."""
    back = (p("Additional information", style="Heading1") + p("Competing interests", style="Heading2")
            + p("None declared."))
    main = p("Text.") + back
    result = ingest(make_docx(tmp_path, manuscript(main)))
    notes = result.article.findall("back/fn-group/fn")
    assert [plain_text(n) for n in notes] == ["None declared."]
    assert notes[0].get("fn-type") == "coi-statement"


# --- 3. the reference list -----------------------------------------------------------------------------------------

def test_reference_list_ends_at_the_next_word_heading(tmp_path: Path) -> None:
    """63543879003, elife-1234567890: the appendices after the reference list became references."""
    back = (p("2. Doe J. Other things. Radiology. 2021;2(1):3-4.") + p("Appendix 1", style="Heading1")
            + p("The inclusion criteria were these."))
    result = ingest(make_docx(tmp_path, manuscript(p("Text."), back=back)))
    assert len(result.article.findall("back/ref-list/ref")) == 2
    assert "The inclusion criteria were these." in notes_text(result)


def test_reference_list_ends_where_its_numbering_breaks(tmp_path: Path) -> None:
    """A paragraph that does not go on with the typed numbering is not a reference; one after which the
    numbering goes on is the rest of the entry before it."""
    back = (p("Published online first.") + p("2. Doe J. Other things. Radiology. 2021;2(1):3-4.")
            + p("This appendix lists the cases."))
    result = ingest(make_docx(tmp_path, manuscript(p("Text."), back=back)))
    refs = result.article.findall("back/ref-list/ref")
    assert [r_.findtext("label") for r_ in refs] == ["1", "2"]
    assert plain_text(refs[0]).endswith("Published online first.")
    assert "This appendix lists the cases." in notes_text(result)


def test_references_are_numbered_from_the_typed_numbers(tmp_path: Path) -> None:
    """One entry more or less shifted every reference after it: citations then pointed at the wrong ones."""
    back = p("3. Doe J. Other things. Radiology. 2021;2(1):3-4.")
    main = p("Small things.", runs=r("3", sup=True))
    result = ingest(make_docx(tmp_path, manuscript(main, back=back)))
    refs = result.article.findall("back/ref-list/ref")
    assert [(r_.get("id"), r_.findtext("label")) for r_ in refs] == [("ref1", "1"), ("ref3", "3")]
    assert result.article.find("body//xref[@ref-type='bibr']").get("rid") == "ref3"
    assert "ingest.reference-numbering" in [f.code for f in result.findings]


def test_references_section_of_the_main_text_does_not_start_the_list(tmp_path: Path) -> None:
    """elife-00666: a main-text section titled "References" (on how to cite) started the reference list, and
    the main text after it went to the back."""
    main = (p("References", style="Heading2") + p("All references must be cited in the text.")
            + p("Discussion", style="Heading1") + p("Small things matter."))
    result = ingest(make_docx(tmp_path, manuscript(main)))
    assert body_titles(result) == ["Introduction", "References", "Discussion"]
    assert len(result.article.findall("back/ref-list/ref")) == 1


# --- 4. the author line ----------------------------------------------------------------------------------------------

def test_correspondence_run_on_after_the_last_author_is_cut_off(tmp_path: Path) -> None:
    """eLife, BMJ Open, EHP: pandoc writes the correspondence into the last author's paragraph ("Jean Jacques
    Yao AttebyCorrespondence to …"), which then was no author line: that author was lost."""
    title_page = (p("Niall M Mangan") + p("Michael P Brenner*For correspondence: brenner@example.org")
                  + p("Jean Jacques Yao AttebyCorrespondence to Professor Mangan, Abidjan"))
    result = ingest(make_docx(tmp_path, manuscript(p("Text."), title_page=title_page)))
    contribs = meta(result).findall("contrib-group/contrib")
    assert [plain_text(c.find("name/surname")) for c in contribs] == ["Mangan", "Brenner", "Atteby"]
    assert contribs[1].get("corresp") == "yes"
    corresp = plain_text(meta(result).find("author-notes/corresp"))
    assert corresp.startswith("For correspondence: brenner@example.org")
    assert "Correspondence to Professor Mangan" in corresp


def test_author_name_with_a_decomposed_letter_is_a_name() -> None:
    """acs2: "Höss" typed as o + U+0308 (combining diaeresis) was not a name word: the author line ended there."""
    decomposed = unicodedata.normalize("NFD", "Matthias Höss")
    page = read_title_page(None, [para("Sarah Picaud"), para(decomposed), para("David S. Hewings")])
    assert [a.name.surname for a in page.authors] == ["Picaud", "Höss", "Hewings"]


def test_empty_paragraphs_between_author_paragraphs_do_not_end_the_authors() -> None:
    """elife-02935: an empty Author paragraph (a group author pandoc writes empty) ended the list after 33 of
    50 authors."""
    page = read_title_page(None, [para("Ming-Qing Du"), para(""), para(""), para("Anne Warren")])
    assert [a.name.surname for a in page.authors] == ["Du", "Warren"]


def test_marker_digits_typed_after_a_name_are_markers() -> None:
    """elife-102451: "Wei Zuo1" (the marker not superscript) became the surname "Zuo1"."""
    [author] = parse_author_line(etree.fromstring("<p>Wei Zuo1</p>"))
    assert (author.name.surname, author.markers) == ("Zuo", ["1"])
    [author] = parse_author_line(etree.fromstring("<p>Peter J Campbell*</p>"))
    assert (author.name.surname, author.markers, author.corresponding) == ("Campbell", ["*"], True)
    assert parse_author_line(etree.fromstring("<p>Table 1 shows</p>")) == []


def test_marker_digits_typed_after_a_name_lose_no_word(tmp_path: Path) -> None:
    title_page = p("Wei Zuo1, John Smith1") + AFFILIATION
    result = ingest(make_docx(tmp_path, manuscript(p("Text."), title_page=title_page)))
    assert [plain_text(s) for s in meta(result).iterfind("contrib-group/contrib/name/surname")] == ["Zuo", "Smith"]


def test_authors_of_a_notice_without_an_abstract_are_read(tmp_path: Path) -> None:
    """elife-15743 (a correction), elife-66683 (an expression of concern): with no abstract, page break or
    heading to end the title page, the author lines stayed in the main text and the notice had no authors."""
    body = (TITLE + p("James Hose") + p("Chris Mun Yong") + p("We detected an error in the published abstract.")
            + p("The article has been corrected accordingly."))
    result = ingest(make_docx(tmp_path, body))
    assert [plain_text(s) for s in meta(result).iterfind("contrib-group/contrib/name/surname")] == ["Hose", "Yong"]
    assert plain_text(result.article.find("body")).startswith("We detected an error")


# --- 5. table titles ------------------------------------------------------------------------------------------------

def test_table_title_heading_with_caption_paragraphs_before_its_table(tmp_path: Path) -> None:
    """PeerJ, old eLife: the "Table N." title is a heading, or has a paragraph of caption or a DOI line between
    it and the table; the table was unlabelled and the heading a section of the main text."""
    main = (p("See Table 1 and Table 2.") + p("Table 1. Sizes of things.", style="Heading3")
            + p("Measured on CT.") + table([["A", "B"], ["1", "2"]], header_rows=1)
            + p("Table 2. Weights of things") + p("DOI: http://dx.doi.org/10.7554/eLife.02020.006")
            + table([["C", "D"], ["3", "4"]], header_rows=1))
    result = ingest(make_docx(tmp_path, manuscript(main)))
    wraps = result.article.findall(".//table-wrap")
    assert [w.findtext("label") for w in wraps] == ["Table 1", "Table 2"]
    assert [plain_text(w.find("caption/title")) for w in wraps] == ["Sizes of things.", "Weights of things"]
    assert [plain_text(x) for x in wraps[0].findall("caption/p")] == ["Measured on CT."]
    assert "DOI" in plain_text(wraps[1].find("caption/p"))
    assert body_titles(result) == ["Introduction"]


def test_table_title_heading_without_its_table_is_not_a_section(tmp_path: Path) -> None:
    """elife-preprint-94685 publishes its tables as images: the "Table 1." heading became a section title."""
    main = p("Text.") + p("Table 1. Accuracy of the classifiers.", style="Heading3") + p("More text.")
    result = ingest(make_docx(tmp_path, manuscript(main)))
    assert body_titles(result) == ["Introduction"]
    assert "Table 1. Accuracy of the classifiers." in plain_text(result.article.find("body"))


def test_running_text_about_a_table_is_not_its_title(tmp_path: Path) -> None:
    main = p("Table 1 shows the sizes.") + p("They were small.") + table([["A", "B"], ["1", "2"]], header_rows=1)
    result = ingest(make_docx(tmp_path, manuscript(main)))
    assert result.article.find(".//table-wrap/label") is None
    assert "Table 1 shows the sizes." in plain_text(result.article.find("body"))


# --- 6. figure legends --------------------------------------------------------------------------------------------

def test_legend_outside_a_legends_part_ends_at_its_own_paragraph(tmp_path: Path) -> None:
    """elife-102451: a legend after the reference list took every paragraph after it (an appendix) into its
    caption."""
    back = (p("Appendix", style="Heading1") + p("Figure 1. A small thing.") + p("The appendix goes on here."))
    result = ingest(make_docx(tmp_path, manuscript(p("See Figure 1."), back=back)))
    assert plain_text(result.article.find(".//fig/caption")) == "A small thing."
    assert "The appendix goes on here." in notes_text(result)


# --- 7. citations in brackets ---------------------------------------------------------------------------------

def test_bracket_citations_are_linked_when_the_list_is_numbered() -> None:
    """plosone-0091296, hellp_manuscript.docx cite "[9]", "[2-5]", "[1,3]": every reference was "never cited"."""
    body = etree.fromstring("<body><p>Known [1] and shown [2–3], see [1, 3].</p></body>")
    report = link_citations([body], [1, 2, 3], "test", brackets=True)
    assert [(x.text, x.get("rid")) for x in body.iter("xref")] == [
        ("1", "ref1"), ("2–3", "ref2 ref3"), ("1", "ref1"), ("3", "ref3")]
    assert "".join(body.itertext()) == "Known [1] and shown [2–3], see [1, 3]."
    assert report.cited == {1, 2, 3}


def test_numbers_in_brackets_that_are_not_citations_stay_text() -> None:
    text = "An interval [0, 1], P[6] strains, [1,2,4]triazolo, [9] beyond the list, [1.5]."
    body = etree.fromstring(f"<body><p>{text}</p></body>")
    link_citations([body], [1, 2, 3], "test", brackets=True)
    assert body.find(".//xref") is None and plain_text(body) == text


def test_bracket_numbers_are_not_citations_where_superscripts_cite_or_the_list_is_unnumbered() -> None:
    body = etree.fromstring("<body><p>Known.<sup>1</sup> A range [2, 3].</p></body>")
    link_citations([body], [1, 2, 3], "test", brackets=True)
    assert [x.text for x in body.iter("xref")] == ["1"]
    body = etree.fromstring("<body><p>Known [1].</p></body>")
    link_citations([body], [1], "test", brackets=False)
    assert body.find(".//xref") is None


def test_bracket_citations_in_a_manuscript(tmp_path: Path) -> None:
    main = p("Small things are known [1].")
    result = ingest(make_docx(tmp_path, manuscript(main)))
    assert result.article.find("body//xref[@ref-type='bibr']").get("rid") == "ref1"
    assert "ingest.citation-unresolved" not in [f.code for f in result.findings]


def test_mention_with_a_capital_part_letter_keeps_its_word(tmp_path: Path) -> None:
    """elife-30274: "Figure 1B" became a link "Figure 1" followed by "B", and the word "1B" was lost."""
    main = p("See Figure 1B.") + p("Figure 1. A small thing.")
    result = ingest(make_docx(tmp_path, manuscript(main)))
    assert result.article.find("body//xref[@ref-type='fig']").text == "Figure 1B"


def test_salutation_of_a_letter_is_not_its_author_line(tmp_path: Path) -> None:
    """A letter without an abstract: only author lines at the top are its title page, not "Dear Editor,"."""
    body = TITLE + p("Dear Editor,") + p("We read the article on small things with interest.")
    result = ingest(make_docx(tmp_path, body))
    assert meta(result).find("contrib-group") is None
    assert plain_text(result.article.find("body")).startswith("Dear Editor,")


def test_headings_that_name_back_parts() -> None:
    """cardioclassifier_manuscript.docx heads its legends "FIGURE AND TABLE LEGENDS"; eLife and BMC head their
    supplementary files "Additional files" and their statements "Additional information" or "Declarations"."""
    from pipeline.ingest.labels import journal_words, part_of_heading

    with journal_words(JOURNAL.house_style):
        assert part_of_heading("FIGURE AND TABLE LEGENDS") == "legends"
        assert part_of_heading("Additional files") == "supplementary"
        assert part_of_heading("Declarations") == part_of_heading("Additional information") == "declarations"
        assert part_of_heading("Competing interest statement") == "coi"
        assert part_of_heading("Key points") == part_of_heading("HIGHLIGHTS") == "main-points"


def test_footnote_on_an_author_name_does_not_end_the_author_line() -> None:
    """elife-1234567890: "Cornel West" with four Word footnotes on his name was no author."""
    line = etree.fromstring('<p>Cornel West<xref ref-type="fn" rid="fn1">1</xref> <xref ref-type="fn" rid="fn2">2'
                            '</xref></p>')
    [author] = parse_author_line(line)
    assert (author.name.surname, author.markers) == ("West", [])


def test_legends_typed_without_a_full_stop_after_the_number(tmp_path) -> None:
    """After the references, "Figure 1 PRISMA flow diagram." (no full stop after the number) is a legend."""
    import docx
    from PIL import Image

    document = docx.Document()
    document.add_paragraph("A study", style="Title")
    document.add_heading("Methods", level=1)
    document.add_paragraph("The flow is shown in Figure 1.")
    document.add_heading("References", level=1)
    document.add_paragraph("1. Economopoulos KJ, Brockmeier SF. Rotator cuff tears in overhead athletes. "
                           "Clin Sports Med. 2012;31(4):675-692.")
    document.add_paragraph("Figure 1 PRISMA flow diagram. PRISMA, Preferred Reporting Items.")
    path = tmp_path / "m.docx"
    document.save(str(path))
    figure = tmp_path / "fig1.png"
    Image.new("RGB", (1200, 800), "white").save(figure)
    result = convert(path, [figure], load_journal(PROJECT / "config" / "journals" / "dir.yaml"), "Original Article")
    fig = result.article.find(".//fig")
    assert fig is not None and fig.findtext("label") == "Figure 1"
    assert "".join(fig.find("caption").itertext()).startswith("PRISMA flow diagram.")
    assert result.article.find(".//notes") is None
