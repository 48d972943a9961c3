"""Ingest on the twelve sample manuscripts: what the printed issue shows must come out of the Word files."""

from __future__ import annotations

import re
from functools import cache

import pytest
import yaml

from pipeline.config import load_issue, load_journal
from pipeline.ingest import IngestResult, convert
from pipeline.jats import plain_text
from tests.conftest import PROJECT, SAMPLE_ISSUE

SRC = PROJECT / "samples" / "src"
JOURNAL = load_journal(PROJECT / "config" / "journals" / "dir.yaml")
ISSUE = load_issue(SAMPLE_ISSUE)
IDS = [a.id for a in ISSUE.manifest.articles]


@cache
def ingest(article_id: str) -> IngestResult:
    entry = next(a for a in ISSUE.manifest.articles if a.id == article_id)
    return convert(ISSUE.file(entry.manuscript), [ISSUE.file(f) for f in entry.figures], JOURNAL, entry.type)


def meta(article_id: str) -> dict:
    return yaml.safe_load((SRC / f"{article_id}.meta.yaml").read_text(encoding="utf-8"))


def source(article_id: str) -> str:
    return (SRC / f"{article_id}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("article_id", IDS)
def test_valid_and_nothing_lost(article_id: str) -> None:
    result = ingest(article_id)
    codes = [f.code for f in result.findings]
    assert "validate.dtd" not in codes, [str(f) for f in result.findings if f.code == "validate.dtd"]
    assert "ingest.lost-text" not in codes, [str(f) for f in result.findings if f.code == "ingest.lost-text"]
    assert result.stats["lost"] == 0 and result.stats["words"] > 900


@pytest.mark.parametrize("article_id", IDS)
def test_title_and_authors_as_printed(article_id: str) -> None:
    printed = meta(article_id)
    article = ingest(article_id).article.find("front/article-meta")
    assert plain_text(article.find("title-group/article-title")) == printed["title"]
    names = [(n.findtext("given-names"), n.findtext("surname")) for n in article.iterfind("contrib-group/contrib/name")]
    expected = [(a["given_names"], a["surname"]) for a in printed["authors"]]
    # The manuscript gives full names only; compound surnames need the manifest (enrich), so compare whole names.
    assert [" ".join(n) for n in names] == [" ".join(n) for n in expected]


@pytest.mark.parametrize("article_id", IDS)
def test_abstract_keywords_main_points(article_id: str) -> None:
    article = ingest(article_id).article.find("front/article-meta")
    abstract = article.find("abstract")
    assert abstract is not None
    kind = JOURNAL.article_types[meta(article_id)["article_type"]]
    titles = [plain_text(s.find("title")).upper() for s in abstract.findall("sec")]
    if kind.abstract_structured:
        assert titles == ["PURPOSE", "METHODS", "RESULTS", "CONCLUSION"]
    else:
        assert titles == []
    paragraphs = [" ".join(p.split()) for p in source(article_id).split("\n\n")]
    printed_keywords = [p.removeprefix("Keywords: ") for p in paragraphs if p.startswith("Keywords: ")]
    kwds = [plain_text(k) for k in article.iterfind("kwd-group/kwd")]
    if printed_keywords:
        assert kwds == [k.strip() for k in printed_keywords[0].split(",")]
    else:
        assert kwds == []  # 12-tsukahara prints none
    points = article.findall("abstract[@abstract-type='key-points']/p/list/list-item")
    assert len(points) == source(article_id).split("# Main points", 1)[1].split("# References")[0].count("\n- ")


@pytest.mark.parametrize("article_id", IDS)
def test_tables_and_figures_labelled(article_id: str) -> None:
    result = ingest(article_id)
    text = source(article_id)
    printed_tables = re.findall(r"^Table (\d+)\. ", text, re.M)
    printed_figures = re.findall(r"^Figure (\d+)\. ", text, re.M)
    tables = [t.findtext("label") for t in result.article.iter("table-wrap")
              if t.findtext("label", "").startswith("Table")]
    figures = [f.findtext("label") for f in result.article.iter("fig")]
    assert tables == [f"Table {n}" for n in printed_tables]
    assert figures == [f"Figure {n}" for n in printed_figures]
    for wrap in result.article.iter("table-wrap"):
        assert plain_text(wrap.find("caption/title")), "every table has its title"
    for fig in result.article.iter("fig"):
        assert fig.findall("graphic"), f"{fig.findtext('label')} has its image files"
        assert plain_text(fig.find("caption"))


@pytest.mark.parametrize("article_id", IDS)
def test_citations_resolve(article_id: str) -> None:
    result = ingest(article_id)
    refs = {r.get("id") for r in result.article.iter("ref")}
    declared = int(re.search(r"^\.refs (\d+)$", source(article_id), re.M).group(1))
    assert len(refs) == declared
    cited = set()
    for xref in result.article.iter("xref"):
        if xref.get("ref-type") == "bibr":
            cited.update(xref.get("rid").split())
    assert cited <= refs
    assert len(cited) >= 0.9 * len(refs)  # the sources cite nearly every reference; ranges cite the rest
    assert not [f for f in result.findings if f.code == "ingest.citation-unresolved" and f.severity.value == "error"]


def test_first_page_form_affiliations_and_email() -> None:
    article = ingest("02-pope").article.find("front/article-meta")
    affs = [plain_text(a) for a in article.iterfind("contrib-group/aff")]
    assert affs[0] == "Department of Radiology, Division of Abdominal Imaging, Mayo Clinic, Minnesota, USA"
    assert len(affs) == 4
    venkatesh = article.find("contrib-group/contrib[@corresp='yes']")
    assert venkatesh.findtext("name/surname") == "Venkatesh"
    assert article.findtext("author-notes/corresp/email") == "venkatesh.sudhakar@mayo.edu"
    patel = next(c for c in article.iterfind("contrib-group/contrib") if c.findtext("name/surname") == "Patel")
    assert [x.get("rid") for x in patel.findall("xref[@ref-type='aff']")] == ["aff2"]


def test_numbered_affiliations_and_running_title() -> None:
    article = ingest("12-tsukahara").article.find("front/article-meta")
    assert [a.findtext("label") for a in article.iterfind("contrib-group/aff")] == ["1", "2"]
    suzuki = next(c for c in article.iterfind("contrib-group/contrib") if c.findtext("name/surname") == "Suzuki")
    assert [x.get("rid") for x in suzuki.findall("xref[@ref-type='aff']")] == ["aff2"]
    assert article.findtext("title-group/alt-title") == meta("12-tsukahara")["running_title"]
    assert article.findtext("author-notes/corresp/email") == "tsukahara@shinshu-u.ac.jp"


def test_sections_nest_with_sec_types() -> None:
    body = ingest("01-dogan").article.find("body")
    top = [(s.get("sec-type"), plain_text(s.find("title"))) for s in body.findall("sec")]
    assert top == [("methods", "Methods"), ("results", "Results"), ("discussion", "Discussion")]
    methods = body.find("sec")
    assert [plain_text(s.find("title")) for s in methods.findall("sec")] == [
        "Study population", "CT image acquisition", "Assessment of PS and HS", "Assessment of TSS",
        "Statistical analysis"]
    # the journal prints no Introduction heading: the text before Methods stays in the body
    assert body[0].tag == "p"


def test_bold_headings_nest_like_styled_ones() -> None:
    body = ingest("02-pope").article.find("body")  # typed with bold lines, not heading styles
    top = [plain_text(s.find("title")) for s in body.findall("sec")]
    assert top == ["Methods", "Results", "Discussion"]
    assert [plain_text(s.find("title")) for s in body.find("sec").findall("sec")] == [
        "Study cohort", "Data collection and analysis", "Statistical analysis"]


def test_merged_cells_and_footnotes() -> None:
    table = ingest("01-dogan").article.find(".//table-wrap[@id='t1']")
    spans = [int(td.get("colspan", 1)) for td in table.iter("td")]
    assert spans.count(2) >= 5  # the P rows span each +/- pair
    assert table.find("table-wrap-foot/fn/p") is not None
    assert all(th.get("scope") == "col" for th in table.iterfind("table/thead/tr/th"))


def test_continued_table_is_one_table() -> None:
    labels = [t.findtext("label") for t in ingest("03-oktay").article.iter("table-wrap")]
    assert labels.count("Table 3") == 1


def test_citation_ranges_keep_the_printed_text() -> None:
    article = ingest("01-dogan").article
    ranges = [x for x in article.iter("xref") if x.get("ref-type") == "bibr" and "-" in (x.text or "")]
    assert ranges, "the sample cites ranges such as 2-12"
    for xref in ranges:
        first, last = (int(n) for n in xref.text.split("-"))
        assert xref.get("rid").split() == [f"ref{n}" for n in range(first, last + 1)]


def test_units_are_not_citations() -> None:
    article = ingest("01-dogan").article
    units = [s for s in article.iter("sup") if s.text == "2" and (s.getprevious() is None)]
    assert any((s.getparent().text or "").endswith("cm") or (s.getprevious() is not None) for s in units) or units == []
    body_text = plain_text(article.find("body"))
    assert "1 cm2" in body_text  # cm² kept as text, not turned into a link to reference 2


def test_figure_parts_are_one_figure_with_their_files() -> None:
    result = ingest("12-tsukahara")
    fig1 = result.article.find(".//fig[@id='f1']")
    assert [g.findtext("label") for g in fig1.findall("graphic")] == list("abcdefg")
    assert all(g.findtext("alt-text").startswith("Figure 1 part ") for g in fig1.findall("graphic"))
    assert result.figures["f1a.png"].name == "Figure 1a.tif"


def test_supplementary_figures_and_mentions() -> None:
    article = ingest("10-moschouris").article
    supp = article.findall(".//supplementary-material[@content-type='figure']")
    assert [s.findtext("label") for s in supp] == [f"Supplementary Figure {n}" for n in range(1, 5)]
    assert plain_text(supp[0].find("caption/title")) == "Supplementary images for case 1"


def test_mention_of_a_missing_table_is_reported() -> None:
    findings = ingest("08-maruyama").findings
    assert any(f.code == "ingest.object-unresolved" and "Table 3" in f.message for f in findings)
