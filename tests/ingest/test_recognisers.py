"""The recognisers on small, hand-written inputs: each rule and its edge cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from pipeline.ingest import conservation
from pipeline.ingest.citations import Targets, expand, link_citations, link_mentions
from pipeline.ingest.figures import legend_parts, read_file_name
from pipeline.ingest.titlepage import _from_the, parse_author_line
from pipeline.ingest.wordfile import SourceParagraph
from pipeline.names import PersonName, dotted_initials


def p(xml: str) -> etree._Element:
    return etree.fromstring(f"<p>{xml}</p>")


def test_expand_lists_and_ranges() -> None:
    assert expand("2-5,8") == [("2-5", [2, 3, 4, 5]), (",", []), ("8", [8])]
    assert expand("2–3") == [("2–3", [2, 3])]
    assert expand("13,14") == [("13", [13]), (",", []), ("14", [14])]


def test_citations_after_punctuation_but_not_units() -> None:
    body = etree.fromstring("<body><p>as of June 2022.<sup>1</sup> A 1 cm<sup>2</sup> area, "
                            "x10<sup>6</sup>/kg; reported<sup>2-4</sup> and r<sup>2</sup>.</p></body>")
    report = link_citations([body], 10, "test")
    xrefs = [(x.text, x.get("rid")) for x in body.iter("xref")]
    assert xrefs == [("1", "ref1"), ("2-4", "ref2 ref3 ref4")]
    assert report.cited == {1, 2, 3, 4}


def test_citation_beyond_the_list_is_an_error() -> None:
    body = etree.fromstring("<body><p>known.<sup>12</sup></p></body>")
    report = link_citations([body], 10, "test")
    assert [f.code for f in report.findings] == ["ingest.citation-unresolved"]
    assert "12" in report.findings[0].message and "10 entries" in report.findings[0].message


def test_mentions_of_tables_and_figure_parts() -> None:
    body = etree.fromstring("<body><p>See Table 1 and Figure 2b, c; Tables 2 and 3; Supplementary Table 1; "
                            "Figure 9.</p></body>")
    targets = Targets(tables={"1": "t1", "2": "t2", "3": "t3"}, figures={"2": "f2"}, supp_tables={"1": "st1"})
    _, findings = link_mentions([body], targets, "test")
    links = [(x.text, x.get("ref-type"), x.get("rid")) for x in body.iter("xref")]
    assert ("Table 1", "table", "t1") in links
    assert ("Figure 2b, c", "fig", "f2") in links
    assert ("Tables 2", "table", "t2") in links and ("3", "table", "t3") in links
    assert ("Supplementary Table 1", "supplementary-material", "st1") in links
    assert [f.code for f in findings] == ["ingest.object-unresolved"]  # Figure 9
    assert "".join(body.itertext()) == ("See Table 1 and Figure 2b, c; Tables 2 and 3; Supplementary Table 1; "
                                        "Figure 9.")


@pytest.mark.parametrize(("name", "number", "part", "supp"), [
    ("fig1a.tif", 1, "a", False), ("Figure 1a.jpg", 1, "a", False), ("F1b.png", 1, "b", False),
    ("Figure1a.tiff", 1, "a", False), ("figure-1a.png", 1, "a", False), ("figure-S2b.png", 2, "b", True),
    ("FigureS1.tiff", 1, None, True), ("fig2.tif", 2, None, False), ("Supplementary Figure 3.jpg", 3, None, True),
    ("FigureA1.tif", 1, None, False), ("fig_A2b.png", 2, "b", False), ("Figure S1a.png", 1, "a", True),
])
def test_figure_file_names(name: str, number: int, part: str | None, supp: bool) -> None:
    info = read_file_name(Path(name))
    assert (info.number, info.part, info.supplementary) == (number, part, supp)
    assert info.series == ("A" if "A" in name else "")


def test_unreadable_figure_name() -> None:
    assert read_file_name(Path("scan_0042.tif")) is None


def test_legend_parts() -> None:
    assert legend_parts("(a-c) Case 1. Axial (d) coronal") == ["a", "b", "c", "d"]
    assert legend_parts("Comparison of (a) area and (b) index") == ["a", "b"]
    assert legend_parts("(a, b) The proportions") == ["a", "b"]


def test_author_line_with_markers_and_degrees() -> None:
    line = "Hakan Doğan<sup>1</sup>, Evren Uzer, MD<sup>1,2</sup>, Thierry de Baère<sup>*</sup>"
    authors = parse_author_line(p(line))
    assert [(a.name.given_names, a.name.surname, a.markers, a.degrees) for a in authors] == [
        ("Hakan", "Doğan", ["1"], None), ("Evren", "Uzer", ["1", "2"], "MD"), ("Thierry", "de Baère", ["*"], None)]
    assert authors[2].corresponding


def test_a_sentence_is_not_an_author_line() -> None:
    assert parse_author_line(p("This retrospective study was approved by the board.")) == []


def test_from_the_form() -> None:
    entries = _from_the("From the Department of Radiology (Y.T. tsukahara@shinshu-u.ac.jp, K.T.), Shinshu University "
                        "School of Medicine, Matsumoto, Japan; Department of Radiology (T.S.), Nagano Municipal "
                        "Hospital, Nagano, Japan.")
    assert [e.text for e in entries] == ["Department of Radiology, Shinshu University School of Medicine, Matsumoto, "
                                         "Japan", "Department of Radiology, Nagano Municipal Hospital, Nagano, Japan"]
    assert entries[0].author_initials == ["Y.T.", "K.T."]
    assert (entries[0].email, entries[0].email_initials) == ("tsukahara@shinshu-u.ac.jp", "Y.T.")
    assert dotted_initials(PersonName("Park", "Sung-Soo")) == "S.S.P."


def test_conservation_names_the_lost_paragraph() -> None:
    source = [SourceParagraph("The first paragraph is here.", "paragraph 1"),
              SourceParagraph("A second paragraph that will vanish entirely.", "paragraph 2")]
    article = etree.fromstring("<article><body><p>The first paragraph is here.</p></body></article>")
    findings, stats = conservation.check(source, article, [], "m.docx")
    assert stats["lost"] == 7
    assert [f.location for f in findings] == ["paragraph 2"]
    assert "vanish" in findings[0].message


def test_conservation_accepts_moved_and_restructured_text() -> None:
    source = [SourceParagraph("Table 1. Sizes", "paragraph 3"), SourceParagraph("Keywords: liver, CT", "paragraph 4")]
    article = etree.fromstring("<article><kwd-group><kwd>liver</kwd><kwd>CT</kwd></kwd-group>"
                               "<table-wrap><label>Table 1</label><caption><title>Sizes</title></caption>"
                               "</table-wrap></article>")
    findings, stats = conservation.check(source, article, ["Keywords: "], "m.docx")
    assert findings == [] and stats["lost"] == 0
