"""Each house rule (schemas/house-rules.sch) on a passing article and on one broken for exactly that rule."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest
from lxml import etree

from pipeline import xmlio
from pipeline.config import load_journal
from pipeline.validate import RuleParams, house_rules, validate_article
from pipeline.xmlio import NS
from tests.conftest import FIXTURES, PROJECT

JOURNAL = load_journal(PROJECT / "config" / "journals" / "dir.yaml")
ORIGINAL = JOURNAL.article_types["Original Article"]
BASE = xmlio.parse(FIXTURES / "profile-article.xml").getroot()
ALI = f"{{{NS['ali']}}}"


def meta(a: etree._Element) -> etree._Element:
    return a.find("front/article-meta")


def remove(xpath: str) -> Callable[[etree._Element], None]:
    def change(a: etree._Element) -> None:
        for node in a.xpath(xpath, namespaces={"ali": NS["ali"]}):
            node.getparent().remove(node)
    return change


def set_text(xpath: str, text: str) -> Callable[[etree._Element], None]:
    def change(a: etree._Element) -> None:
        for node in a.xpath(xpath, namespaces={"ali": NS["ali"]}):
            node.text = text
    return change


def set_attr(xpath: str, name: str, value: str | None) -> Callable[[etree._Element], None]:
    def change(a: etree._Element) -> None:
        for node in a.xpath(xpath):
            if value is None:
                node.attrib.pop(name, None)
            else:
                node.set(name, value)
    return change


def history_date(kind: str, iso: str) -> Callable[[etree._Element], None]:
    def change(a: etree._Element) -> None:
        node = a.find(f"front/article-meta/history/date[@date-type='{kind}']")
        node.set("iso-8601-date", iso)
    return change


def add_body_table(a: etree._Element) -> None:
    sec = a.find("body/sec[@sec-type='discussion']")
    wrap = etree.SubElement(sec, "table-wrap", id="t9")
    etree.SubElement(wrap, "label").text = "Table 9"
    etree.SubElement(etree.SubElement(wrap, "caption"), "title").text = "Never cited"
    table = etree.SubElement(wrap, "table")
    etree.SubElement(etree.SubElement(etree.SubElement(table, "tbody"), "tr"), "td").text = "x"


def uncite_reference(a: etree._Element) -> None:
    for xref in a.iter("xref"):
        if xref.get("ref-type") == "bibr":
            xref.set("rid", " ".join(r for r in xref.get("rid").split() if r != "ref2") or "ref1")


def licence_in_statement(a: etree._Element) -> None:
    permissions = meta(a).find("permissions")
    permissions.remove(permissions.find("license"))
    permissions.find("copyright-statement").text += " Licensed under a Creative Commons licence."


def many_words(a: etree._Element) -> None:
    a.find("body/p").text = "word " * 4600


def print_date_beside_collection(a: etree._Element) -> None:
    date = copy.deepcopy(meta(a).find("pub-date[@date-type='pub']"))
    date.set("publication-format", "print")
    meta(a).find("pub-date").addnext(date)


BREAKS: dict[str, Callable[[etree._Element], None]] = {
    "journal-id-nlm-ta": remove("front/journal-meta/journal-id[@journal-id-type='nlm-ta']"),
    "journal-id-publisher": remove("front/journal-meta/journal-id[@journal-id-type='publisher-id']"),
    "issn-print": remove("front/journal-meta/issn[@pub-type='ppub']"),
    "issn-electronic": remove("front/journal-meta/issn[@pub-type='epub']"),
    "issn-form": set_text("front/journal-meta/issn[@pub-type='epub']", "1305-361"),
    "issn-pub-type": set_attr("front/journal-meta/issn[@pub-type='epub']", "pub-type", None),
    "publisher-name": set_text("front/journal-meta/publisher/publisher-name", " "),
    "doi-present": remove("front/article-meta/article-id[@pub-id-type='doi']"),
    "doi-form": set_text("front/article-meta/article-id[@pub-id-type='doi']", "10.4274/dir 2023"),
    "doi-prefix": set_text("front/article-meta/article-id[@pub-id-type='doi']", "10.1000/dir.2023.232299"),
    "title-present": set_text("front/article-meta/title-group/article-title", ""),
    "authors-present": remove("front/article-meta/contrib-group/contrib"),
    "pub-date-electronic": remove("front/article-meta/pub-date[@date-type='pub']/day"),
    "pub-date-collection": remove("front/article-meta/pub-date[@date-type='collection']"),
    "pub-date-attributes": set_attr("front/article-meta/pub-date[@date-type='pub']", "pub-type", "epub"),
    "print-and-collection": print_date_beside_collection,
    "volume-issue": remove("front/article-meta/issue"),
    "pages": remove("front/article-meta/lpage | front/article-meta/fpage"),
    "page-numbers": set_text("front/article-meta/lpage", "500"),
    "permissions": remove("front/article-meta/permissions/license"),
    "license-ref": set_text("front/article-meta/permissions/license/ali:license_ref",
                            "https://creativecommons.org/licenses/by/4.0/"),
    "licence-wording-outside-license": licence_in_statement,
    "copyright": remove("front/article-meta/permissions/copyright-year"),
    "abstract-present": remove("front/article-meta/abstract[not(@abstract-type)]"),
    "corresponding-author": set_attr("front/article-meta/contrib-group/contrib", "corresp", None),
    "orcid-uri": set_text("front/article-meta/contrib-group/contrib/contrib-id", "0000-0001-9127-5437"),
    "received-after-accepted": history_date("received", "2023-06-01"),
    "revision-out-of-order": history_date("rev-request", "2023-05-01"),
    "accepted-after-epub": history_date("accepted", "2023-06-20"),
    "epub-after-issue": set_attr("front/article-meta/pub-date[@date-type='pub']", "iso-8601-date", "2023-08-02"),
    "xref-resolves": set_attr("body//xref[@ref-type='table']", "rid", "t7"),
    "xref-kind": set_attr("body//xref[@ref-type='table']", "rid", "f1"),
    "reference-cited": uncite_reference,
    "display-cited": add_body_table,
    "limit-words": many_words,
    "limit-authors": lambda a: [meta(a).find("contrib-group").insert(0, copy.deepcopy(meta(a).find(
        "contrib-group/contrib"))) for _ in range(5)],
}


def fired(article: etree._Element, **params: bool) -> set[str]:
    rule_params = RuleParams(ORIGINAL, params.get("multicentre", False), params.get("paginated", True))
    return {f.message.rsplit("[rule ", 1)[1].rstrip("]") for f in house_rules(article, JOURNAL, rule_params)}


def test_the_profile_article_passes_every_rule() -> None:
    assert fired(BASE) == set()


@pytest.mark.parametrize("rule", sorted(BREAKS))
def test_rule_fires_on_a_broken_article(rule: str) -> None:
    article = copy.deepcopy(BASE)
    BREAKS[rule](article)
    assert rule in fired(article)


def test_author_limit_does_not_apply_to_multicentre_studies() -> None:
    article = copy.deepcopy(BASE)
    BREAKS["limit-authors"](article)
    assert "limit-authors" in fired(article)
    assert "limit-authors" not in fired(article, multicentre=True)


def test_pages_only_required_once_paginated() -> None:
    article = copy.deepcopy(BASE)
    BREAKS["pages"](article)
    assert "pages" not in fired(article, paginated=False)


# A journal published online only (its config: no print ISSN, e-location ids, licences by year): the same article
# as one of its, with an e-location id instead of pages and the licence of its year.
ONLINE = load_journal(PROJECT / "config" / "journals" / "bmjopen.yaml")
ONLINE_TYPE = ONLINE.article_types["Research"]
ONLINE_LICENCE = "cc-by-nc-3.0"


def online_article() -> etree._Element:
    article = copy.deepcopy(BASE)
    remove("front/journal-meta/issn[@pub-type='ppub'] | front/article-meta/fpage | front/article-meta/lpage")(article)
    meta(article).find("issue").addnext(etree.Element("elocation-id"))
    meta(article).find("elocation-id").text = "e003269"
    set_text("front/article-meta/article-id[@pub-id-type='doi']", "10.1136/bmjopen-2013-003269")(article)
    set_text("front/article-meta/permissions/license/ali:license_ref", ONLINE.licenses[ONLINE_LICENCE].url)(article)
    return article


def fired_online(article: etree._Element, licence: str | None = ONLINE_LICENCE) -> set[str]:
    params = RuleParams(ONLINE_TYPE, False, True, licence)
    return {f.message.rsplit("[rule ", 1)[1].rstrip("]") for f in house_rules(article, ONLINE, params)}


ONLINE_BREAKS: dict[str, Callable[[etree._Element], None]] = {
    "elocation-id": remove("front/article-meta/elocation-id"),
    "pages-in-online-journal": lambda a: [meta(a).find("elocation-id").addprevious(etree.Element(tag))
                                          for tag in ("fpage", "lpage")],
}


def test_an_online_article_passes_without_pages_or_print_issn() -> None:
    assert fired_online(online_article()) == set()


@pytest.mark.parametrize("rule", sorted(ONLINE_BREAKS))
def test_online_rule_fires_on_a_broken_article(rule: str) -> None:
    article = online_article()
    ONLINE_BREAKS[rule](article)
    assert rule in fired_online(article)


def test_the_licence_checked_is_the_articles() -> None:
    """The article carries its year's licence (the manifest names it); the journal's default would be wrong."""
    assert "license-ref" in fired_online(online_article(), licence=None)


def test_every_rule_in_the_schema_is_tested() -> None:
    schema = etree.parse(str(PROJECT / "schemas" / "house-rules.sch"))
    ids = {n.get("id") for n in schema.iter("{http://purl.oclc.org/dsdl/schematron}assert",
                                             "{http://purl.oclc.org/dsdl/schematron}report")}
    untested = ids - set(BREAKS) - set(ONLINE_BREAKS) - {"limit-abstract-words", "limit-references", "limit-tables",
                                                         "limit-figures"}
    assert untested == set()


def test_findings_say_where_in_words() -> None:
    article = copy.deepcopy(BASE)
    BREAKS["display-cited"](article)
    findings = validate_article(article, JOURNAL, RuleParams(ORIGINAL, False, True), jats4r=False)
    uncited = [f for f in findings if "display-cited" in f.message]
    assert uncited and uncited[0].location == "Table 9"
    assert uncited[0].xpath.startswith("/article/body/")


def test_the_fixture_passes_the_pmc_style_checker_and_the_dtd() -> None:
    findings = validate_article(copy.deepcopy(BASE), JOURNAL, RuleParams(ORIGINAL, False, True), jats4r=False)
    assert [str(f) for f in findings if f.severity.value == "error"] == []


def test_an_author_finding_names_the_author_as_people_write_the_name() -> None:
    article = copy.deepcopy(BASE)
    BREAKS["orcid-uri"](article)
    findings = validate_article(article, JOURNAL, RuleParams(ORIGINAL, False, True), jats4r=False)
    located = [f.location for f in findings if "orcid-uri" in f.message]
    names = article.findall("front/article-meta/contrib-group/contrib/name")
    assert located == [f"author {n} ({name.findtext('given-names')} {name.findtext('surname')})"
                       for n, name in enumerate(names, 1)]
    assert located[0] == "author 1 (Matthew C. Pope)"
