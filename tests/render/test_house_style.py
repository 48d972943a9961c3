"""A journal is configuration: another journal's words, dates, colours, fonts, reference style and key-points box,
and an online-only article cited by its e-location id, reach the web page and the print HTML through the journal
config alone, with no stylesheet or code of their own.

The other journal here is the DIR config with BMJ Open's choices put in its place (dataclasses.replace): what the
lead's config/journals/bmjopen.yaml will hold.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from pipeline import xmlio
from pipeline.config import load_journal
from pipeline.config.journal import Colours, Journal
from pipeline.enrich.citeas import cite_as
from pipeline.render import pdf
from pipeline.render.html import render_article_html
from tests.conftest import FIXTURES, PROJECT

DIR = load_journal(PROJECT / "config" / "journals" / "dir.yaml")
XHTML = {"h": "http://www.w3.org/1999/xhtml"}


def other_journal() -> Journal:
    style = DIR.house_style
    colours = Colours(print={**style.colours.print, "accent": "#7a1f5c"},
                      web={**style.colours.web, "accent": "#7a1f5c"})
    return dataclasses.replace(
        DIR, title="BMJ Open", abbrev_title="BMJ Open",
        house_style=dataclasses.replace(
            style, colours=colours,
            fonts=dataclasses.replace(style.fonts, web='"Helvetica Neue", Arial, sans-serif'),
            words={**style.words, "keywords": "Key words", "cite_as": "To cite:", "epub": "First published:"},
            print_words={"keywords": "KEY WORDS"},
            history={"received": "received", "rev-request": "revisions requested", "accepted": "accepted"},
            dates=dataclasses.replace(style.dates, print_publication="[D1] [MNn] [Y0001]"),
            key_points=dataclasses.replace(style.key_points, title="Strengths and limitations of this study",
                                           print_placement="after-abstract"),
            reference_style="vancouver"))


def online_only(journal: Journal) -> etree._Element:
    """The profile article as an online-only journal publishes it: an e-location id, no pages."""
    root = xmlio.parse(FIXTURES / "profile-article.xml").getroot()
    meta = root.find("front/article-meta")
    for tag in ("fpage", "lpage"):
        meta.remove(meta.find(tag))
    elocation = etree.Element("elocation-id")
    elocation.text = "e003269"
    meta.find("issue").addnext(elocation)
    meta.find("abstract[@abstract-type='key-points']").remove(meta.find("abstract[@abstract-type='key-points']/title"))
    for value in meta.iterfind("custom-meta-group/custom-meta"):
        if value.findtext("meta-name") == "citation":
            value.find("meta-value").text = cite_as(meta, journal)
    return root


@pytest.fixture(scope="module")
def journal() -> Journal:
    return other_journal()


@pytest.fixture(scope="module")
def article(journal: Journal) -> etree._Element:
    return online_only(journal)


@pytest.fixture(scope="module")
def printed(journal: Journal, article: etree._Element) -> etree._Element:
    data = pdf.print_html(article, journal, pdf.VARIANTS["final"], first_page=1, issue_date=dt.date(2023, 7, 21))
    return lxml_html.document_fromstring(data)


@pytest.fixture(scope="module")
def web(journal: Journal, article: etree._Element, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web")
    source = folder / "source.xml"
    xmlio.write_jats(source, article)
    return render_article_html(source, folder / "out", journal, pdf_name="bmjopen-2013-003269.pdf")


def text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_the_cite_as_line_gives_the_elocation_id_in_the_journal_s_style(article: etree._Element,
                                                                        printed: etree._Element, web: Path) -> None:
    line = article.findtext("front/article-meta/custom-meta-group/custom-meta/meta-value")
    assert line.endswith("BMJ Open. 2023;29(4):e003269.")
    assert text(printed.find_class("cite-as")[0]) == f"To cite: {line}"
    page = etree.parse(str(web), xmlio.safe_parser()).getroot()
    (cite,) = page.xpath("//h:p[@class='cite-as']", namespaces=XHTML)
    assert text(cite) == f"To cite: {line}"
    assert page.xpath("//h:meta[@name='citation_firstpage']/@content", namespaces=XHTML) == ["e003269"]
    assert not page.xpath("//h:meta[@name='citation_lastpage']", namespaces=XHTML)


def test_the_print_page_takes_the_journal_s_words_dates_and_box(printed: etree._Element) -> None:
    header = printed.find_class("first-page")[0]
    assert [text(h) for h in header.find_class("abstract-label")][-1] == "KEY WORDS"
    assert text(header.find_class("history")[0]) == \
        "Received 09 May 2023; revisions requested 16 May 2023; accepted 30 May 2023."
    assert text(header.find_class("epub")[0]) == "First published: 13 June 2023"
    # the key points under the abstract on the first page, with the journal's title; none before the first section
    (box,) = printed.find_class("main-points")
    assert box.getparent().get("class") == "front-main line-strip"
    assert text(box.find("h2")) == "Strengths and limitations of this study"


def test_references_follow_the_journal_s_style(printed: etree._Element, web: Path) -> None:
    page = lxml_html.document_fromstring(web.read_bytes())
    for root in (printed, page):
        first = text(root.find_class("ref")[0])
        assert "Clin Sports Med. 2012;31(4):675-92." in first  # Vancouver: shortened page range
        assert not root.xpath("//i[contains(@class, 'ref-source')]")  # and no italics


def test_colours_and_fonts_come_from_the_config(journal: Journal, web: Path) -> None:
    css = (web.parent / "article.css").read_text(encoding="utf-8")
    assert "--accent: #7a1f5c;" in css and '--font: "Helvetica Neue", Arial, sans-serif;' in css
    from pipeline.render.house import css_variables

    assert "--accent: #7a1f5c;" in css_variables(journal, "print")
