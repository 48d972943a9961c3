"""samples/tools/make_bmjopen.py: the BMJ Open sample is its corpus article, typed as its authors would have, with
nothing lost and nothing added, and rebuilds byte for byte."""

from __future__ import annotations

import importlib
import re
import sys
from functools import cache
from types import ModuleType

import docx
import pytest
import yaml
from lxml import etree

from tests.conftest import PROJECT, need_corpus

SAMPLE = PROJECT / "samples" / "bmjopen" / "vol4-issue1"


def generator() -> ModuleType:
    folder = str(PROJECT / "samples" / "tools")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    return importlib.import_module("make_bmjopen")


def source(article_id: str) -> etree._Element:
    need_corpus()
    make = generator()
    return make.read(next(s for s in make.ARTICLES if s.id == article_id))


def manifest() -> dict:
    return yaml.safe_load((SAMPLE / "issue.yaml").read_text(encoding="utf-8"))


@cache
def manuscript_text(article_id: str) -> str:
    """Every paragraph and table cell of the Word file, one after the other."""
    document = docx.Document(str(SAMPLE / "manuscripts" / f"{article_id}.docx"))
    cells = [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def letters(words: str) -> str:
    return re.sub(r"[\W_]+", "", words.casefold())


IDS = [s.id for s in generator().ARTICLES]


def test_rebuilds_byte_for_byte(capsys: pytest.CaptureFixture[str]) -> None:
    need_corpus()
    assert generator().main(["--check"]) == 0, capsys.readouterr().out
    assert "0 differ" in capsys.readouterr().out


def test_without_the_corpus_it_says_so_and_leaves_the_files(monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    make = generator()
    monkeypatch.setattr(make, "CORPUS", tmp_path / "no-corpus")
    before = (SAMPLE / "issue.yaml").read_bytes()
    assert make.main([]) == 0
    assert "skipped" in capsys.readouterr().out
    assert (SAMPLE / "issue.yaml").read_bytes() == before


@pytest.mark.parametrize("article_id", IDS)
def test_every_text_of_the_article_is_in_the_manuscript(article_id: str) -> None:
    """Each piece of the article's text (title, authors, affiliations, correspondence, abstract, keywords, box, main
    text, tables, statements, references, legends) is in the Word file; only the journal's parts are not."""
    article = source(article_id)
    meta = article.find("front/article-meta")
    journal_parts = [fn for fn in article.iter("fn") if generator().JOURNAL_STATEMENTS & {
        " ".join("".join(fn.findtext("label", "")).split()).casefold()}]
    assert journal_parts, "the provenance statement is the journal's and is left out"
    roots = [meta.find("title-group"), meta.find("contrib-group"), *meta.findall("aff"), meta.find("author-notes"),
             *meta.findall("abstract"), *meta.findall("kwd-group"), article.find("body"), article.find("back")]
    typed = letters(manuscript_text(article_id))
    missing = []
    for root in roots:
        for el in root.iter():
            if any(a in journal_parts for a in (el, *el.iterancestors())):
                continue
            for piece in (el.text, el.tail if el is not root else None):
                if piece and letters(piece) and letters(piece) not in typed:
                    missing.append(piece.strip()[:60])
    assert missing == []
    for fn in journal_parts:
        assert letters("".join(fn.find("p").itertext())) not in typed


@pytest.mark.parametrize("article_id", IDS)
def test_laid_out_as_an_author_submits(article_id: str) -> None:
    document = docx.Document(str(SAMPLE / "manuscripts" / f"{article_id}.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["Abstract", "Strengths and limitations of this study", "Introduction"]
    assert headings[-2:] == ["References", "Figure legends"]
    text = manuscript_text(article_id)
    assert "[1, 2]" in text and "Malawi [40]" in text and "G1P[8]" in text  # citations typed, genotypes untouched
    assert "Parashar UD, Hummelman EG, Bresee JS, et al. Global Illness" in text  # Vancouver, as BMJ printed it
    assert not any(run.element.xpath(".//w:drawing") for p in document.paragraphs for run in p.runs)  # figures apart


@pytest.mark.parametrize("article_id", IDS)
def test_manifest_holds_the_jats_values(article_id: str) -> None:
    article = source(article_id)
    meta = article.find("front/article-meta")
    issue = manifest()
    entry = next(a for a in issue["articles"] if a["id"] == article_id)
    assert (issue["volume"], issue["issue"]) == (int(meta.findtext("volume")), int(meta.findtext("issue")))
    assert entry["doi"] == meta.findtext("article-id[@pub-id-type='doi']")
    assert entry["elocation_id"] == meta.findtext("elocation-id")
    assert "first_page" not in issue and "publication_date" not in issue  # online only: no pages, no day
    names = [(n.findtext("given-names"), n.findtext("surname")) for n in meta.iterfind("contrib-group/contrib/name")]
    assert [(a["given_names"], a["surname"]) for a in entry["authors"]] == names
    assert all("orcid" not in a for a in entry["authors"])  # the JATS gives none, so none is made up
    printed = [" ".join("".join(t for t in aff.xpath("text()|*[not(self::label)]//text()")).split())
               for aff in meta.iterfind("aff")]
    parts = ("department", "institution", "city", "country")
    assert [", ".join(a[k] for k in parts if k in a) for a in entry["affiliations"]] == printed
    dates = {d.get("date-type"): "-".join(f"{int(d.findtext(k)):02d}" for k in ("year", "month", "day"))
             for d in meta.iterfind("history/date")}
    assert {k: str(v) for k, v in entry["history"].items()} == {
        "received": dates["received"], "revision_received": dates["rev-recd"], "accepted": dates["accepted"]}
    corresponding = [a for a in entry["authors"] if a.get("corresponding")]
    assert [a["email"] for a in corresponding] == [meta.findtext("author-notes/corresp/email")]
    figures = len(list(article.iter("fig")))
    assert len(entry["figures"]) == figures and all((SAMPLE / f).is_file() for f in entry["figures"])
