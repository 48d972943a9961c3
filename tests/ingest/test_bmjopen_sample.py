"""Ingest on the BMJ Open sample manuscript (samples/bmjopen) with BMJ Open's config: nothing is lost, the parts every
journal has are found, and the journal's own (its abstract's labels, the "Strengths and limitations of this study"
box) are recognised by the words its config gives."""

from __future__ import annotations

from functools import cache

import yaml

from pipeline.config import load_journal
from pipeline.ingest import IngestResult, convert
from pipeline.jats import plain_text
from tests.conftest import PROJECT

SAMPLE = PROJECT / "samples" / "bmjopen" / "vol4-issue1"
JOURNAL = load_journal(PROJECT / "config" / "journals" / "bmjopen.yaml")
ENTRY = yaml.safe_load((SAMPLE / "issue.yaml").read_text(encoding="utf-8"))["articles"][0]


@cache
def ingest() -> IngestResult:
    return convert(SAMPLE / ENTRY["manuscript"], [SAMPLE / f for f in ENTRY["figures"]], JOURNAL, ENTRY["type"])


def test_valid_and_nothing_lost() -> None:
    result = ingest()
    codes = [f.code for f in result.findings]
    assert "validate.dtd" not in codes and "ingest.lost-text" not in codes
    assert result.stats["lost"] == 0 and result.stats["words"] > 5000
    assert not [f for f in result.findings if f.severity == "error"], [str(f) for f in result.findings]
    assert not {"ingest.abstract-structure", "ingest.no-main-points"} & set(codes)  # the journal's own parts


def test_the_box_is_the_key_points() -> None:
    article = ingest().article
    box = article.find("front/article-meta/abstract[@abstract-type='key-points']")
    assert plain_text(box.find("title")) == "Strengths and limitations of this study"
    assert len(box.findall(".//list-item")) == 3
    assert "Strengths and limitations of this study" not in [plain_text(t) for t in article.iterfind("body/sec/title")]


def test_title_page_abstract_and_keywords() -> None:
    meta = ingest().article.find("front/article-meta")
    names = [" ".join(plain_text(n.find(k)) for k in ("given-names", "surname"))
             for n in meta.iterfind("contrib-group/contrib/name")]
    assert names == [f"{a['given_names']} {a['surname']}" for a in ENTRY["authors"]]
    assert len(meta.findall("contrib-group/aff")) + len(meta.findall("aff")) == 3
    assert "akouamc@yahoo.fr" in plain_text(meta.find("author-notes/corresp"))
    assert [plain_text(s.find("title")) for s in meta.find("abstract").iterfind("sec")] == [
        "Objectives", "Design", "Setting", "Participants", "Primary and secondary outcome measures", "Results",
        "Conclusions"]
    assert [plain_text(k) for k in meta.iterfind("kwd-group/kwd")] == ["Virology", "Infectious Diseases"]


def test_citations_references_tables_and_figures() -> None:
    article = ingest().article
    refs = article.findall("back/ref-list/ref")
    assert len(refs) == 43
    # The Vancouver entries BMJ printed read as journal articles ("Emerg Infect Dis 2003;9:565–71.").
    first = refs[0].find("element-citation")
    assert [plain_text(first.find(k)) for k in ("source", "year", "volume", "fpage", "lpage")] == [
        "Emerg Infect Dis", "2003", "9", "565", "71"]
    cited = {rid for x in article.iter("xref") if x.get("ref-type") == "bibr" for rid in x.get("rid").split()}
    assert cited == {r.get("id") for r in refs}  # "[1, 2]", "[16–21]" and "Malawi [40]" all linked
    assert [plain_text(t.find("label")) for t in article.iter("table-wrap")] == ["Table 1", "Table 2"]
    figures = list(article.iter("fig"))
    assert [plain_text(f.find("label")) for f in figures] == ["Figure 1", "Figure 2", "Figure 3"]
    assert all(f.find("graphic") is not None for f in figures)
