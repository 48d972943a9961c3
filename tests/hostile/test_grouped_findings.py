"""Repeated findings grouped (issue 16, problem 1): an article with 2,000 references printed 1,973 separate
"Reference N is never cited" warnings. Findings of one kind are now one line with the count and the list."""

from __future__ import annotations

import copy

from lxml import etree

from pipeline import xmlio
from pipeline.diagnostics import Finding, group_repeated
from pipeline.render.queries import author_queries
from pipeline.validate import RuleParams, validate_article
from tests.conftest import FIXTURES
from tests.deposit import JOURNAL

ORIGINAL = JOURNAL.article_types["Original Article"]


def test_two_thousand_uncited_references_are_one_warning() -> None:
    article = copy.deepcopy(xmlio.parse(FIXTURES / "profile-article.xml").getroot())
    ref_list = article.find("back/ref-list")
    cited = len(ref_list)
    for n in range(cited + 1, 2001):
        ref = etree.SubElement(ref_list, "ref", id=f"ref{n}")
        etree.SubElement(ref, "label").text = str(n)
        etree.SubElement(ref, "mixed-citation").text = f"Smith J. Small things {n}. Radiology. 2020;1:{n}."

    findings = validate_article(article, JOURNAL, RuleParams(ORIGINAL, False, True), jats4r=False)

    (uncited,) = [f for f in findings if "[rule reference-cited]" in f.message]
    assert uncited.message == (f"Reference N is never cited in the text. (N = {cited + 1}–2000; {2000 - cited:,} in "
                               "all) [rule reference-cited]")
    assert uncited.location == f"reference {cited + 1}, reference {cited + 2}, reference {cited + 3}, … " \
                               f"({2000 - cited:,} places)"
    (query,) = [q for q in author_queries(findings, JOURNAL) if q.kind == "uncited-references"]
    assert query.text.startswith(f"References {cited + 1}–2000 are not cited in the text.")  # one query, the range


def test_a_few_of_a_kind_stay_apart_and_other_kinds_are_kept_in_their_place() -> None:
    def uncited(n: int) -> Finding:
        return Finding.of("validate.rule-warning", f"Reference {n} is never cited in the text. [rule reference-cited]",
                          location=f"reference {n}")

    other = Finding.of("validate.rule", "The DOI is missing. [rule doi]")
    assert group_repeated([uncited(1), other, uncited(2)]) == [uncited(1), other, uncited(2)]
    grouped = group_repeated([uncited(n) for n in (1, 2, 3, 5, 7)] + [other])
    assert [f.message for f in grouped] == [
        "Reference N is never cited in the text. (N = 1–3, 5, 7; 5 in all) [rule reference-cited]", other.message]
