"""Object labels with letters before and after their number (issue 17): "Supplementary Table S1:", "Table S2",
"Table A1.", "Table 2a.", "Supplementary Figure S1.", "Fig. S2", "Figure A1", in titles and legends, in mentions
("Table S1", "Figs. S2 and S3", "Figure 1a", "Table A1") and in file names (FigureS1.png, figA1.tif), are read by
one rule (labels.ObjectNumber): the label keeps the number as typed, mentions link to it, files attach to it, and
no word is lost."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from pipeline.config import load_journal
from pipeline.ingest import convert
from pipeline.ingest.labels import FIGURE_LEGEND_LOOSE, TABLE_CAPTION, ObjectNumber, object_label
from tests.conftest import PROJECT
from tests.ingest.wordxml import make_docx, manuscript, p, table

JOURNAL = load_journal(PROJECT / "config" / "journals" / "dir.yaml")


@pytest.mark.parametrize(("typed", "key", "supplementary", "whole"), [
    ("1", "1", False, ""), ("S1", "1", True, ""), ("A2", "A2", False, ""), ("1a", "1a", False, "1"),
    ("S1a", "1a", True, "1"), ("E3", "E3", False, ""), ("2B", "2b", False, "2"),
])
def test_an_object_number_reads_its_series_number_and_part(typed: str, key: str, supplementary: bool,
                                                            whole: str) -> None:
    numbered = ObjectNumber.read(typed)
    assert (numbered.key, numbered.supplementary, numbered.whole) == (key, supplementary, whole)


@pytest.mark.parametrize(("kind", "pattern", "text", "label", "typed"), [
    ("Table", TABLE_CAPTION, "Supplementary Table S1: Baseline data", "Supplementary Table S1",
     "Supplementary Table S1:"),
    ("Table", TABLE_CAPTION, "Table S2 Model results", "Table S2", "Table S2"),
    ("Table", TABLE_CAPTION, "Table A1. Search strategy", "Table A1", "Table A1."),
    ("Table", TABLE_CAPTION, "Table 2a. Sensitivity", "Table 2a", "Table 2a."),
    ("Figure", FIGURE_LEGEND_LOOSE, "Supplementary Figure S1. Flow chart", "Supplementary Figure S1",
     "Supplementary Figure S1."),
    ("Figure", FIGURE_LEGEND_LOOSE, "Fig. S2. Funnel plot", "Figure S2", "Fig. S2."),
    ("Figure", FIGURE_LEGEND_LOOSE, "Figure A1: Map", "Figure A1", "Figure A1:"),
    ("Figure", FIGURE_LEGEND_LOOSE, "Figure 1a. Axial CT", "Figure 1a", "Figure 1a."),
])
def test_table_titles_and_figure_legends_with_letters(kind: str, pattern: re.Pattern[str], text: str, label: str,
                                                      typed: str) -> None:
    m = pattern.match(text)
    assert m is not None and object_label(kind, m) == (label, typed)


def test_chapter_numbers_and_running_text_are_not_labels() -> None:
    assert TABLE_CAPTION.match("Table 3.1 Modules") is None
    assert FIGURE_LEGEND_LOOSE.match("Figure 3.1: Program Workflow") is None
    assert FIGURE_LEGEND_LOOSE.match("Figure 2 shows the results") is None


def test_letter_labels_in_titles_legends_mentions_and_file_names(tmp_path: Path) -> None:
    files = []
    for name in ("FigureS1.png", "figS2.png", "figA1.png", "Figure 1a.png", "Figure 1b.png"):
        Image.new("RGB", (8, 8), "grey").save(tmp_path / name)
        files.append(tmp_path / name)
    main = (p("Patients are listed in Table S1 and Supplementary Table S2; the search in Table A1 and Figure A1; "
              "the plots in Figs. S1 and S2; the scan in Figure 1a and Figure 1b; see Table 1.")
            + p("Table 1. Outcomes") + table([["outcome", "n"], ["death", "2"]])
            + p("Supplementary Table S1: Patients") + table([["age", "sex"], ["54", "F"]])
            + p("Table S2 Model results") + table([["model", "AUC"], ["A", "0.8"]])
            + p("Table A1. Search strategy") + table([["database", "hits"], ["PubMed", "120"]]))
    back = (p("Figure legends", style="Heading1")
            + p("Figure 1. Axial CT (a) before and (b) after treatment.")
            + p("Supplementary Figure S1. Flow chart of the study.")
            + p("Fig. S2. Funnel plot of the studies.")
            + p("Figure A1: Map of the centres."))
    result = convert(make_docx(tmp_path, manuscript(main, back)), files, JOURNAL, None)
    problems = [str(f) for f in result.findings if f.code in ("validate.dtd", "ingest.lost-text",
                                                               "ingest.object-unresolved", "ingest.figure-no-file",
                                                               "ingest.file-no-figure", "ingest.table-title")]
    assert not problems, "\n".join(problems)
    assert result.stats["lost"] == 0
    article = result.article
    tables = {t.findtext("label"): t.get("id") for t in article.iter("table-wrap")}
    # a supplementary table is a supplementary-material holding the table-wrap (assemble.py)
    assert tables == {"Table 1": "t1", "Supplementary Table S1": "st1-table", "Table S2": "st2-table",
                      "Table A1": "tA1"}
    figures = {f.findtext("label"): (f.get("id"), [g.get("{http://www.w3.org/1999/xlink}href")
                                                   for g in f.iter("graphic")])
               for f in article.xpath("//fig | //supplementary-material[@content-type='figure']")}
    assert figures == {"Figure 1": ("f1", ["f1a.png", "f1b.png"]), "Supplementary Figure S1": ("sf1", ["sf1.png"]),
                       "Figure S2": ("sf2", ["sf2.png"]), "Figure A1": ("fA1", ["fA1.png"])}
    links = [(x.text, x.get("rid")) for x in article.find("body").iter("xref") if x.get("ref-type") != "bibr"]
    assert links == [("Table S1", "st1"), ("Supplementary Table S2", "st2"), ("Table A1", "tA1"),
                     ("Figure A1", "fA1"), ("Figs. S1", "sf1"), ("S2", "sf2"), ("Figure 1a", "f1"),
                     ("Figure 1b", "f1"), ("Table 1", "t1")]


def test_a_missing_object_is_reported_once_however_it_is_mentioned() -> None:
    """fmri-fingerprint__main_text.docx mentions Figure 2A, 2B ... 2E: one finding for Figure 2, not five."""
    from lxml import etree

    from pipeline.ingest.citations import Targets, link_mentions

    body = etree.fromstring("<body><p>See Figure 2A, Figure 2E and Figures 2B and C; Figure S1 and Supplementary "
                            "Figure 1; Table A1 and Table 1.</p></body>")
    _, findings = link_mentions([body], Targets(tables={"1": "t1"}), "main text")
    assert [f.message for f in findings] == [
        "the text mentions Figure 2, but the manuscript has no Figure 2",
        "the text mentions Figure S1, but the manuscript has no Figure S1",
        "the text mentions Table A1, but the manuscript has no Table A1"]
    assert [x.get("rid") for x in body.iter("xref")] == ["t1"]
