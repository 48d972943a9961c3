"""The cite-as line: the five lines the printed issue shows, character for character, from the same metadata."""

from __future__ import annotations

import pytest
import yaml

from pipeline.enrich.citeas import cite_as
from pipeline.names import PersonName
from tests.conftest import PROJECT

SRC = PROJECT / "samples" / "src"
PRINTED = {p.name.split(".")[0]: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(SRC.glob("*.meta.yaml"))}
WITH_LINE = [k for k, v in PRINTED.items() if v.get("cite_as_printed")]


def test_the_issue_prints_five_lines() -> None:
    assert WITH_LINE == ["01-dogan", "02-pope", "05-park", "08-maruyama", "12-tsukahara"]


@pytest.mark.parametrize("article_id", WITH_LINE)
def test_matches_the_printed_line(article_id: str) -> None:
    meta = PRINTED[article_id]
    fpage, lpage = meta["pages_printed"].split("-")
    authors = [PersonName(a["surname"], a["given_names"]) for a in meta["authors"]]
    line = cite_as(authors, meta["title"], "Diagn Interv Radiol", 2023, "29", "4", fpage, lpage)
    assert line == meta["cite_as_printed"]


def test_question_mark_title_gets_no_full_stop() -> None:
    line = cite_as([PersonName("Doe", "Jane")], "Can it work?", "Diagn Interv Radiol", 2023, "29", "4", "1", "2")
    assert line == "Doe J. Can it work? Diagn Interv Radiol. 2023;29(4):1-2."


def test_seven_authors_give_three_and_et_al() -> None:
    authors = [PersonName(f"S{i}", "Ann Bea") for i in range(7)]
    assert cite_as(authors, "T", "J", 2023, "1", "2").startswith("S0 AB, S1 AB, S2 AB, et al. T. J.")


def test_six_authors_all_listed() -> None:
    authors = [PersonName(f"S{i}", "Ann") for i in range(6)]
    assert cite_as(authors, "T", "J", 2023, "1", "2").startswith("S0 A, S1 A, S2 A, S3 A, S4 A, S5 A. T.")


def test_without_pages_the_line_ends_at_the_issue() -> None:
    line = cite_as([PersonName("Kobe", "Adrian")], "Thermal ablation", "Diagn Interv Radiol", 2023, "29", "4")
    assert line == "Kobe A. Thermal ablation. Diagn Interv Radiol. 2023;29(4)."


def test_particles_and_compound_surnames() -> None:
    authors = [PersonName("de Baère", "Thierry"), PersonName("Rahal Junior", "Antônio"), PersonName("Park", "Sung-Soo")]
    assert cite_as(authors, "T", "J", 2023, "1", "2").startswith("de Baère T, Rahal Junior A, Park SS. T.")
