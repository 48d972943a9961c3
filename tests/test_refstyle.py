"""Reference styles as data: AMA (the journal's) and Vancouver applied to JATS element-citations."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from pipeline.config.reference_style import load_reference_style
from pipeline.config.typed import ConfigError
from pipeline.refstyle import Marked, as_text, format_citation, from_element_citation

AMA = load_reference_style("ama")
VANCOUVER = load_reference_style("vancouver")
XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'


def citation(xml: str) -> etree._Element:
    return etree.fromstring(xml.replace("<element-citation", f"<element-citation {XLINK}", 1))


def names(*people: tuple[str, str]) -> str:
    return "".join(f"<name><surname>{s}</surname><given-names>{g}</given-names></name>" for s, g in people)


JOURNAL_ARTICLE = citation(
    '<element-citation publication-type="journal"><person-group person-group-type="author">'
    + names(("Economopoulos", "KJ"), ("Brockmeier", "Stephen F."))
    + "</person-group><article-title>Cartilage repair</article-title><source>Am J Sports Med</source>"
    "<year>2012</year><volume>31</volume><issue>4</issue><fpage>675</fpage><lpage>692</lpage>"
    '<pub-id pub-id-type="doi">https://doi.org/10.1177/0363546512</pub-id></element-citation>')


def test_ama_journal_article() -> None:
    pieces = format_citation(from_element_citation(JOURNAL_ARTICLE), AMA)
    assert as_text(pieces) == ("Economopoulos KJ, Brockmeier SF. Cartilage repair. Am J Sports Med. "
                               "2012;31(4):675-692. doi:10.1177/0363546512")
    marked = [p for p in pieces if isinstance(p, Marked)]
    assert [(p.role, p.italic) for p in marked] == [("title", False), ("source", True), ("doi", False)]
    assert marked[-1].content == "10.1177/0363546512"  # bare: the stylesheets make the link


def test_vancouver_journal_article_shortens_the_page_range_and_sets_no_italics() -> None:
    pieces = format_citation(from_element_citation(JOURNAL_ARTICLE), VANCOUVER)
    assert as_text(pieces).startswith("Economopoulos KJ, Brockmeier SF. Cartilage repair. Am J Sports Med. "
                                      "2012;31(4):675-92.")
    assert not any(isinstance(p, Marked) and p.italic for p in pieces)


@pytest.mark.parametrize(("count", "etal", "ama", "vancouver"), [
    (6, False, 6, 6), (7, False, 3, 6), (3, True, 3, 3),
])
def test_et_al_thresholds(count: int, etal: bool, ama: int, vancouver: int) -> None:
    xml = citation('<element-citation publication-type="journal"><person-group person-group-type="author">'
                   + names(*[(f"S{i}", "A") for i in range(count)]) + ("<etal/>" if etal else "")
                   + "</person-group><source>J</source><year>2020</year></element-citation>")
    for style, listed in ((AMA, ama), (VANCOUVER, vancouver)):
        authors = as_text(format_citation(from_element_citation(xml), style)).split(". ")[0]
        expected = ", ".join(f"S{i} A" for i in range(listed))
        assert authors == (expected + ", et al" if listed < count or etal else expected)


def test_ama_book_chapter_with_editors_and_edition() -> None:
    xml = citation(
        '<element-citation publication-type="book"><person-group person-group-type="author">'
        + names(("Smith", "John")) + '</person-group><person-group person-group-type="editor">'
        + names(("Doe", "Jane")) + "</person-group><chapter-title>Liver imaging</chapter-title>"
        "<source>Abdominal Radiology</source><edition>2nd</edition><publisher-loc>New York</publisher-loc>"
        "<publisher-name>Springer</publisher-name><year>2019</year><fpage>10</fpage><lpage>20</lpage>"
        "</element-citation>")
    assert as_text(format_citation(from_element_citation(xml), AMA)) == (
        "Smith J. Liver imaging. In: Doe J, eds. Abdominal Radiology. 2nd ed. New York: Springer; 2019:10-20.")


def test_links_that_are_dois_give_the_doi_and_other_links_stay() -> None:
    xml = citation(
        '<element-citation publication-type="webpage"><collab>World Health Organization</collab>'
        "<article-title>Rotavirus</article-title><year>2020</year><date-in-citation>May 1, 2023</date-in-citation>"
        '<ext-link ext-link-type="uri" xlink:href="https://www.who.int/rota">https://www.who.int/rota</ext-link>'
        '<ext-link ext-link-type="uri" xlink:href="https://doi.org/10.1000/x1">doi</ext-link></element-citation>')
    pieces = format_citation(from_element_citation(xml), AMA)
    assert as_text(pieces) == ("World Health Organization. Rotavirus. 2020. Accessed May 1, 2023. "
                               "https://www.who.int/rota doi:10.1000/x1")
    assert [p.role for p in pieces if isinstance(p, Marked)] == ["title", "link", "doi"]


def test_a_reference_that_is_not_a_doi_prints_no_doi() -> None:
    xml = citation('<element-citation publication-type="journal"><source>J</source><year>2020</year>'
                   '<pub-id pub-id-type="doi">not a doi</pub-id></element-citation>')
    assert as_text(format_citation(from_element_citation(xml), AMA)) == "J. 2020."


def test_an_unknown_style_names_the_styles_there() -> None:
    with pytest.raises(ConfigError, match=r"no reference style 'harvard' \(styles: ama, vancouver, vancouver-bmj\)"):
        load_reference_style("harvard")


def test_a_style_with_an_unknown_variable_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("name: Bad\nnames: {delimiter: ', ', et_al: et al, list_all_up_to: 6, "
                                       "listed_when_more: 3}\nlayout:\n  - {var: journal-title}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"layout\[0\]: unknown variable 'journal-title'"):
        load_reference_style("bad", tmp_path)


def test_an_edition_written_with_its_abbreviation_gets_no_second_full_stop() -> None:
    xml = citation('<element-citation publication-type="book"><person-group person-group-type="author">'
                   + names(("Patterson", "JW")) + "</person-group><source>Weedon's Skin Pathology</source>"
                   "<edition>4th ed.</edition><publisher-name>Churchill Livingstone</publisher-name><year>2016</year>"
                   "</element-citation>")
    assert as_text(format_citation(from_element_citation(xml), AMA)) == \
        "Patterson JW. Weedon's Skin Pathology. 4th ed. Churchill Livingstone; 2016."


def test_bmj_vancouver_prints_a_supplement_and_no_issue_number() -> None:
    """BMJ's Vancouver (BMJ Open 2014;4:e003269, reference 29) prints "202(Suppl)" but no issue number ("9(4)"):
    the condition numeric:issue, after CSL's is-numeric."""
    bmj = load_reference_style("vancouver-bmj")
    assert as_text(format_citation(from_element_citation(JOURNAL_ARTICLE), bmj)) == (
        "Economopoulos KJ, Brockmeier SF. Cartilage repair. Am J Sports Med 2012;31:675–92. doi:10.1177/0363546512")
    supplement = citation(
        '<element-citation publication-type="journal"><person-group person-group-type="author">'
        + names(("Armah", "GE"), ("Steele", "AD"), ("Esona", "MD"), ("Nyarko", "KM"))
        + "</person-group><article-title>Diversity of rotavirus strains</article-title><source>J Infect Dis</source>"
        "<year>2010</year><volume>202</volume><issue>Suppl</issue><fpage>S64</fpage><lpage>71</lpage>"
        "</element-citation>")
    assert as_text(format_citation(from_element_citation(supplement), bmj)) == (
        "Armah GE, Steele AD, Esona MD, et al. Diversity of rotavirus strains. J Infect Dis 2010;202(Suppl):S64–71.")


def test_numeric_is_a_condition_on_a_variable_only(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("name: Bad\nnames: {delimiter: ', ', et_al: et al, list_all_up_to: 6, "
                                       "listed_when_more: 3}\nlayout:\n"
                                       "  - {var: issue, when: ['numeric:is-journal']}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"unknown condition 'numeric:is-journal'"):
        load_reference_style("bad", tmp_path)
