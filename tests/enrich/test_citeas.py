"""The cite-as line: the five lines the printed issue shows, character for character, from the article's JATS
metadata in the journal's reference style; and the same line for an online-only article and another style."""

from __future__ import annotations

import dataclasses

import pytest
import yaml
from lxml import etree

from pipeline.config import load_journal
from pipeline.enrich.citeas import cite_as
from pipeline.jats import el, sub
from pipeline.names import PersonName
from tests.conftest import PROJECT

SRC = PROJECT / "samples" / "src"
PRINTED = {p.name.split(".")[0]: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(SRC.glob("*.meta.yaml"))}
WITH_LINE = [k for k, v in PRINTED.items() if v.get("cite_as_printed")]
JOURNAL = load_journal(PROJECT / "config" / "journals" / "dir.yaml")


def article_meta(authors: list[PersonName], title: str, year: int = 2023, volume: str = "29", issue: str = "4",
                 fpage: str | None = None, lpage: str | None = None, elocation: str | None = None,
                 doi: str = "10.4274/dir.2023.1") -> etree._Element:
    """An article-meta as enrich writes it (pagination adds fpage and lpage)."""
    meta = el("article-meta")
    sub(meta, "article-id", doi, pub_id_type="doi")
    sub(sub(meta, "title-group"), "article-title", title)
    group = sub(meta, "contrib-group")
    for author in authors:
        name = sub(sub(group, "contrib", contrib_type="author"), "name")
        sub(name, "surname", author.surname)
        if author.given_names:
            sub(name, "given-names", author.given_names)
    sub(sub(meta, "pub-date", date_type="collection"), "year", str(year))
    sub(meta, "volume", volume)
    sub(meta, "issue", issue)
    for tag, value in (("fpage", fpage), ("lpage", lpage), ("elocation-id", elocation)):
        if value:
            sub(meta, tag, value)
    return meta


def line(authors: list[PersonName], title: str, **parts: str) -> str:
    return cite_as(article_meta(authors, title, **parts), JOURNAL)


def test_the_issue_prints_five_lines() -> None:
    assert WITH_LINE == ["01-dogan", "02-pope", "05-park", "08-maruyama", "12-tsukahara"]


@pytest.mark.parametrize("article_id", WITH_LINE)
def test_matches_the_printed_line(article_id: str) -> None:
    meta = PRINTED[article_id]
    fpage, lpage = meta["pages_printed"].split("-")
    authors = [PersonName(a["surname"], a["given_names"]) for a in meta["authors"]]
    assert line(authors, meta["title"], fpage=fpage, lpage=lpage) == meta["cite_as_printed"]


def test_question_mark_title_gets_no_full_stop() -> None:
    assert line([PersonName("Doe", "Jane")], "Can it work?", fpage="1", lpage="2") == \
        "Doe J. Can it work? Diagn Interv Radiol. 2023;29(4):1-2."


def test_seven_authors_give_three_and_et_al() -> None:
    authors = [PersonName(f"S{i}", "Ann Bea") for i in range(7)]
    assert line(authors, "T").startswith("S0 AB, S1 AB, S2 AB, et al. T. Diagn Interv Radiol.")


def test_six_authors_all_listed() -> None:
    authors = [PersonName(f"S{i}", "Ann") for i in range(6)]
    assert line(authors, "T").startswith("S0 A, S1 A, S2 A, S3 A, S4 A, S5 A. T.")


def test_without_pages_the_line_ends_at_the_issue() -> None:
    assert line([PersonName("Kobe", "Adrian")], "Thermal ablation") == \
        "Kobe A. Thermal ablation. Diagn Interv Radiol. 2023;29(4)."


def test_particles_and_compound_surnames() -> None:
    authors = [PersonName("de Baère", "Thierry"), PersonName("Rahal Junior", "Antônio"), PersonName("Park", "Sung-Soo")]
    assert line(authors, "T").startswith("de Baère T, Rahal Junior A, Park SS. T.")


def test_an_online_only_article_is_cited_by_its_elocation_id() -> None:
    cited = line([PersonName("Akoua-Koffi", "Chantal")], "Rotavirus", year=2014, volume="4", issue="1",
                 elocation="e003269")
    assert cited == "Akoua-Koffi C. Rotavirus. Diagn Interv Radiol. 2014;4(1):e003269."


def test_another_journal_cites_in_its_own_style_with_its_doi() -> None:
    # Vancouver, the DOI at the end: what a journal such as BMJ Open asks for, by configuration alone.
    style = dataclasses.replace(JOURNAL.house_style, reference_style="vancouver",
                                cite_as=dataclasses.replace(JOURNAL.house_style.cite_as, with_doi=True))
    journal = dataclasses.replace(JOURNAL, abbrev_title="BMJ Open", house_style=style)
    authors = [PersonName(f"S{i}", "Ann") for i in range(7)]
    meta = article_meta(authors, "Rotavirus", year=2014, volume="4", issue="1", fpage="565", lpage="571",
                        doi="10.1136/bmjopen-2013-003269")
    assert cite_as(meta, journal) == ("S0 A, S1 A, S2 A, S3 A, S4 A, S5 A, et al. Rotavirus. BMJ Open. "
                                      "2014;4(1):565-71. doi:10.1136/bmjopen-2013-003269")
