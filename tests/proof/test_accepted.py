"""Accepted corrections applied to a JATS tree: each at its characters of its element, markup kept, the rounds in
order; a correction whose text is gone is refused by name, and the file is checked before anything is made."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from pipeline.diagnostics import PipelineError, Severity
from pipeline.proof import accepted
from pipeline.proof.accepted import Correction
from pipeline.proof.text_edit import replace_range, string_value

ARTICLE = """<article><body><sec><title>Statistical analysis</title>
<p>Subsequently, this <italic>entity</italic> was described in several multisite studies.<xref ref-type="bibr"
rid="r1">5</xref> It is typically found in cirrhosis.</p></sec></body></article>"""
P = "/article/body/sec/p"


def tree() -> etree._Element:
    return etree.fromstring(ARTICLE)


def at(text: str, article: etree._Element | None = None, xpath: str = P) -> tuple[int, int]:
    value = string_value((article if article is not None else tree()).xpath(xpath)[0])
    start = value.index(text)
    return start, start + len(text)


def correction(cid: str, action: str, text: str, new: str = "", round_: int = 1, xpath: str = P,
               **extra: str) -> Correction:
    start, end = at(text, xpath=xpath) if text else (extra.pop("point"), extra.pop("point_end", 0) or 0)
    if not text:
        end = start
    return Correction(cid, round_, action, xpath, start, end, text, new, **extra)


def test_a_replace_a_delete_and_an_insert_change_exactly_their_words_and_keep_the_markup() -> None:
    article = tree()
    p = article.xpath(P)[0]
    value = string_value(p)
    point = value.index("cirrhosis")
    made = accepted.apply(article, [
        correction("C1", "replace", "Subsequently", "Later"),
        correction("C2", "delete", "multisite "),
        Correction("C3", 1, "insert", P, point, point, "", "liver ", before="found in ", after="cirrhosis"),
    ])
    assert [f.code for f in made] == ["correction.applied"] * 3
    assert string_value(p) == ("Later, this entity was described in several studies.5 It is typically found in "
                               "liver cirrhosis.")
    assert p.find("italic").text == "entity" and p.find("xref").get("rid") == "r1"


def test_text_across_an_inline_element_is_edited_in_its_text_nodes_and_an_emptied_element_goes() -> None:
    article = tree()
    p = article.xpath(P)[0]
    start, end = at("this entity was", article)
    replace_range(p, start, end, "it was")
    assert string_value(p).startswith("Subsequently, it was described") and p.find("italic") is None
    point = string_value(p).index(" described")
    replace_range(p, point, point, " first")
    assert "it was first described" in string_value(p)


def test_a_correction_whose_text_is_gone_is_an_error_naming_it_and_the_others_are_made() -> None:
    article = tree()
    gone = correction("C7", "replace", "typically", "usually", where="section “Statistical analysis”, paragraph 1")
    article.xpath(P)[0].xpath("xref")[0].tail = " It is often found in cirrhosis."  # the manuscript changed
    made = accepted.apply(article, [gone, correction("C2", "delete", "multisite ")])
    errors = [f for f in made if f.severity is Severity.ERROR]
    assert len(errors) == 1 and errors[0].code == "correction.gone"
    assert "correction C7 of round 1 (replace “typically” with “usually”" in errors[0].message
    assert "no longer at that place" in errors[0].message and errors[0].xpath == P
    assert "multisite" not in string_value(article.xpath(P)[0])


def test_an_insert_checks_the_words_either_side() -> None:
    article = tree()
    point = at("cirrhosis")[0]
    moved = Correction("C3", 1, "insert", P, point, point, "", "liver ", before="seen in ", after="cirrhosis")
    assert [f.code for f in accepted.apply(article, [moved])] == ["correction.gone"]


def test_the_rounds_apply_in_order_each_on_the_text_its_proof_showed() -> None:
    article = tree()
    first = correction("C1", "replace", "Subsequently", "Later")
    p = etree.fromstring(ARTICLE)
    replace_range(p.xpath(P)[0], *at("Subsequently"), "Later")
    start, end = at("Later, this", p)
    second = Correction("C1", 2, "replace", P, start, end, "Later, this", "Later, the")
    made = accepted.apply(article, [second, first])
    assert [f.code for f in made] == ["correction.applied"] * 2
    assert string_value(article.xpath(P)[0]).startswith("Later, the entity")


def test_a_file_that_cannot_be_used_says_what_is_wrong_where(tmp_path: Path) -> None:
    path = accepted.path_for(tmp_path, "02-pope")
    assert accepted.load(path) == []
    accepted.write(path, "02-pope", [correction("C1", "replace", "Subsequently", "Later")])
    assert accepted.load(path) == [correction("C1", "replace", "Subsequently", "Later")]
    path.write_text("article: 02-pope\ncorrections:\n- {id: C1, round: 1, action: swap, xpath: /article, start: 0, "
                    "end: 0}\n", encoding="utf-8")
    with pytest.raises(PipelineError) as err:
        accepted.load(path)
    assert err.value.finding.code == "correction.invalid"
    assert "item 1 (C1)" in err.value.finding.message and "must be one of delete, insert, replace" in \
        err.value.finding.message
    path.write_text("article: 02-pope\ncorrections:\n- {id: C1, round: 1, action: delete, xpath: /article, start: 0, "
                    "end: 4, text: abc}\n", encoding="utf-8")
    with pytest.raises(PipelineError, match="not the length"):
        accepted.load(path)


def test_an_accepted_manifest_answer_is_a_warning_at_every_build_until_the_manifest_has_it(tmp_path: Path) -> None:
    import dataclasses

    from pipeline.config import load_issue
    from tests.conftest import SAMPLE_ISSUE

    entry = next(a for a in load_issue(SAMPLE_ISSUE).manifest.articles if a.id == "02-pope")
    path = accepted.path_for(tmp_path, "02-pope")
    accepted.write(path, "02-pope", [], [accepted.ManifestAnswer("AQ1", 1, "running_title", "Liver changes"),
                                         accepted.ManifestAnswer("AQ3", 1, "orcid", "0000-0002-1825-0097", 2)])
    answers = accepted.read(path).answers
    found = accepted.manifest_findings(answers, entry, "issue.yaml")
    assert [f.code for f in found] == ["correction.manifest"] * 2
    assert "set running_title to 'Liver changes' for 02-pope in issue.yaml" in found[0].message
    assert f"set the orcid: of author 2 ({entry.authors[1].given_names} {entry.authors[1].surname}) to " \
        "'0000-0002-1825-0097'" in found[1].message
    authors = list(entry.authors)
    authors[1] = dataclasses.replace(authors[1], orcid="https://orcid.org/0000-0002-1825-0097")
    done = dataclasses.replace(entry, running_title="Liver changes", authors=authors)
    assert accepted.manifest_findings(answers, done, "issue.yaml") == []
