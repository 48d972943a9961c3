"""tools/eval_ingest.py: its metrics on hand-made pairs, its ground truth, and one sample and one corpus round trip."""

from __future__ import annotations

import sys
from types import ModuleType

import pytest
from lxml import etree

from pipeline.config import load_journal
from tests.conftest import PROJECT, need_corpus
from tests.conftest import tool as load_tool


def tool() -> ModuleType:
    return load_tool("eval_ingest")


JOURNAL = load_journal(PROJECT / "config" / "journals" / "dir.yaml")


# --- metrics ---------------------------------------------------------------------------------------------------------

def test_multiset_precision_and_recall() -> None:
    outcome = tool().compare_multiset(["a", "b", "b", "c"], ["b", "c", "d"])
    assert (outcome.tally.matched, outcome.tally.given, outcome.tally.truth) == (2, 4, 3)
    assert outcome.tally.precision == 0.5
    assert outcome.tally.recall == pytest.approx(2 / 3)
    assert outcome.tally.f1 == pytest.approx(4 / 7)
    assert outcome.missing == ["d"] and outcome.extra == ["a", "b"]


def test_sequence_counts_the_longest_common_subsequence() -> None:
    given = ["methods", "results", "setting", "discussion"]
    truth = ["introduction", "methods", "results", "discussion"]
    outcome = tool().compare_sequence(given, truth)
    assert (outcome.tally.matched, outcome.tally.precision, outcome.tally.recall) == (3, 0.75, 0.75)
    assert outcome.missing == ["introduction"] and outcome.extra == ["setting"]
    # order matters: the same items swapped match only once
    assert tool().compare_sequence(["b", "a"], ["a", "b"]).tally.matched == 1


def test_counts_words_and_empty_sides() -> None:
    count = tool().compare_count(3, 5)
    assert (count.tally.precision, count.tally.recall) == (1.0, 0.6)
    text = tool().compare_words("The cat, sat.", "the cat sat down")
    assert (text.tally.matched, text.tally.precision, text.tally.recall) == (3, 1.0, 0.75)
    nothing = tool().compare_multiset([], ["x"])
    assert (nothing.tally.precision, nothing.tally.recall, nothing.tally.f1) == (None, 0.0, 0.0)
    assert tool().compare_multiset([], []).tally.f1 is None
    total = count.tally + text.tally
    assert (total.matched, total.given, total.truth) == (6, 6, 9)  # micro-average: sums, not mean of ratios


def test_normalisation() -> None:
    norm = tool().norm
    assert norm("  Cafe\u0301   AU\tLait. ") == "café au lait"  # NFC, casefold, whitespace, final full stop
    assert tool().word_key("(a) Axial CT;  (b) T2-weighted") == "a axial ct b t2 weighted"


# --- ground truth ----------------------------------------------------------------------------------------------------

def test_sample_ground_truth_from_the_printed_issue() -> None:
    truth = tool().sample_truth("02-pope")
    assert truth["title"] == ["chemotherapy-associated liver morphological changes in hepatic metastases (calmchem)"]
    assert truth["authors"][0] == "matthew c. pope" and len(truth["authors"]) == 8
    assert truth["abstract sections"] == ["purpose", "methods", "results", "conclusion"]
    assert truth["keywords"] == ["liver metastases", "pseudocirrhosis", "liver tumor burden"]
    assert truth["table labels"] == [*(f"table {n}" for n in range(1, 6)), "supplementary table 1"]
    assert truth["figure parts"].count("figure 1") == 4 and len(truth["figure parts"]) == 7
    assert truth["sections"][:3] == ["methods", "study cohort", "data collection and analysis"]
    assert truth["main points count"] == 5 and truth["references"] == 27
    assert len(truth["affiliations"]) == 4 and truth["running title"] == []
    # run-in bold labels without a colon ("PURPOSE" alone on its line) are abstract sections too
    assert tool().sample_truth("01-dogan")["abstract sections"] == ["purpose", "methods", "results", "conclusion"]


def test_sample_title_and_authors_fully_recalled() -> None:
    result = tool().evaluate_sample("02-pope", JOURNAL)
    assert not result.error
    for name in ("title", "authors"):
        assert result.outcomes[name].tally.recall == 1.0, name
    assert result.outcomes["references"].tally.truth == 27


MINI = b"""<article xmlns:xlink="http://www.w3.org/1999/xlink"><front><article-meta>
<title-group><article-title>T</article-title></title-group>
<abstract><p>Aaa.</p></abstract><kwd-group><kwd>one</kwd><kwd>two</kwd></kwd-group></article-meta></front>
<body><sec><title>Intro</title><p>x</p>
<table-wrap id="t1"><label>Table 1.</label><caption><p>Cap.</p></caption><table><tr><td>b</td></tr></table></table-wrap>
<fig id="f1"><label>2</label><caption><title>Fig title.</title></caption><graphic xlink:href="g.png"/></fig>
</sec></body><back><ref-list><ref id="r1"><element-citation publication-type="journal"><person-group
person-group-type="author"><name><surname>Smith</surname><given-names>J</given-names></name></person-group>
<article-title>A title</article-title><source>J Foo</source><year>2001</year><volume>3</volume><fpage>5</fpage>
<lpage>9</lpage></element-citation></ref></ref-list></back>
<sub-article><front-stub><title-group><article-title>Decision letter</article-title></title-group></front-stub>
</sub-article></article>"""


def test_manuscript_copy_is_shaped_like_a_manuscript() -> None:
    copy = tool().manuscript_copy(etree.fromstring(MINI))
    text = etree.tostring(copy, encoding="unicode")
    assert "<label>" not in text and "sub-article" not in text and "ref-list" not in text
    assert copy.find(".//table-wrap/caption/p").text == "Table 1. Cap."
    assert copy.find(".//fig/caption/title").text == "Figure 2. Fig title."
    assert copy.find(".//table/tbody/tr") is not None  # pandoc reads rows only inside thead/tbody
    assert copy.find(".//abstract/p[last()]").text == "Keywords: one, two"
    references = copy.find("back/sec")
    assert references.findtext("title") == "References"
    assert references.findtext("p") == "1. Smith J. A title. J Foo. 2001;3:5-9."


# --- corpus round trip -----------------------------------------------------------------------------------------------

@pytest.mark.corpus
def test_corpus_round_trip_of_one_article(tmp_path) -> None:
    corpus = need_corpus()
    path = corpus / "jats" / "elife-crossref-fixtures" / "cstp77-jats.xml"
    result = tool().evaluate_corpus_article(path, corpus, JOURNAL, tmp_path)
    assert not result.error, result.error
    assert (tmp_path / "jats_elife-crossref-fixtures_cstp77-jats.xml" / "manuscript.docx").is_file()
    outcomes = result.outcomes
    assert outcomes["title"].tally.recall == 1.0
    # the ground truth side: 4 authors, 3 tables, 3 figures, 36 references, all element-citations with a year
    assert outcomes["authors"].tally.truth == 4
    assert (outcomes["tables"].tally.truth, outcomes["figures"].tally.truth) == (3, 3)
    assert outcomes["references"].tally.truth == 36
    assert outcomes["ref year"].tally.truth == 36
    # every reference typed into the manuscript comes back as one
    assert outcomes["references"].tally.given == 36


def test_the_quick_evaluation_runs_as_make_eval_ingest_does() -> None:
    import subprocess

    from tests.conftest import PROJECT

    result = subprocess.run([sys.executable, "tools/eval_ingest.py", "--quick"], capture_output=True, text=True,
                            cwd=PROJECT, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "title" in result.stdout and "Traceback" not in result.stderr


# --- 3. the corpus's Word files ----------------------------------------------------------------------------------

def test_a_word_file_is_reported_with_its_result_words_lost_findings_and_structure(tmp_path) -> None:
    from tests.ingest.wordxml import make_docx, manuscript, p, table

    docx_tool = load_tool("eval_docx")
    main = p("See Table 1.") + p("Table 1. Doses") + table([["dose", "n"], ["10 mg", "4"]]) + p("Methods", "Heading1")
    good = docx_tool.evaluate_docx(make_docx(tmp_path, manuscript(main)), JOURNAL, "made")
    assert good.outcome == "valid" and good.reason == ""
    assert good.lost == 0 and good.words > 20
    assert good.structure["title"] == "Imaging of small things"
    assert (good.structure["authors"], good.structure["affiliations"]) == (2, 1)
    assert (good.structure["sections"], good.structure["tables"], good.structure["references"]) == (2, 1, 1)
    assert good.findings["ingest.no-main-points"] == 1
    (tmp_path / "broken.docx").write_bytes(b"not a zip")
    refused = docx_tool.evaluate_docx(tmp_path / "broken.docx", JOURNAL, "made")
    assert refused.outcome == "refused" and refused.reason.startswith("input.not-docx: ")

    section = docx_tool.markdown([good, refused])
    assert "#### made (2 files)" in section
    assert "| manuscript.docx | valid JATS | 0 of" in section
    assert "| broken.docx | **refused**: input.not-docx:" in section
    assert "- manuscript.docx: ingest.citation-unresolved ×1 (error), ingest.no-main-points ×1" in section
    document = tmp_path / "evaluation.md"
    document.write_text(f"# Title\n\n{docx_tool.DOC_START}\nold figures\n{docx_tool.DOC_END}\n\nThe rest.\n")
    docx_tool.update_document(document, section)
    written = document.read_text()
    assert "old figures" not in written and section in written
    assert written.startswith("# Title\n\n") and written.endswith(f"{docx_tool.DOC_END}\n\nThe rest.\n")


def test_the_evaluation_document_has_the_markers_of_the_word_files_section() -> None:
    docx_tool = load_tool("eval_docx")
    text = (PROJECT / "docs" / "ingest-evaluation.md").read_text(encoding="utf-8")
    assert text.count(docx_tool.DOC_START) == 1 and text.count(docx_tool.DOC_END) == 1
