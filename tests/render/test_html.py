"""The HTML article page: machine-readable head, the article as the JATS gives it, safe, accessible, deterministic.

Checked on the profile fixture, on variants of it built here with lxml (a hostile manuscript, more authors,
references with identifiers), and on real JATS articles of the shared corpus (PLOS ONE, eLife).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from PIL import Image

from pipeline import xmlio
from pipeline.config import load_journal
from pipeline.diagnostics import PipelineError
from pipeline.render.html import render_article_html
from pipeline.render.sitenav import Link, PageLinks
from tests.conftest import FIXTURES, PROJECT, need_corpus

JOURNAL = load_journal(PROJECT / "config" / "journals" / "dir.yaml")
PROFILE = FIXTURES / "profile-article.xml"
DOI = "10.4274/dir.2023.232299"
XHTML = "http://www.w3.org/1999/xhtml"
MATHML = "http://www.w3.org/1998/Math/MathML"
NS = {"h": XHTML, "m": MATHML}
XLINK_HREF = xmlio.XLINK_HREF


# ----- helpers -----

def render(source: Path | etree._Element, out_dir: Path, pdf_name: str = "dir-2023-232299.pdf") -> Path:
    """Render a JATS file, or a JATS tree written to a file first."""
    if isinstance(source, etree._Element):
        path = out_dir.parent / f"{out_dir.name}-source.xml"
        xmlio.write_jats(path, source)
        source = path
    return render_article_html(source, out_dir, JOURNAL, pdf_name=pdf_name)


def _written(root: etree._Element, path: Path) -> Path:
    xmlio.write_jats(path, root)
    return path


def page(path: Path) -> etree._Element:
    """The page parsed as XML (it is polyglot HTML)."""
    return etree.parse(str(path), xmlio.safe_parser()).getroot()


def xp(root: etree._Element, path: str) -> list:
    return root.xpath(path, namespaces=NS)


def text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def meta(root: etree._Element, name: str) -> list[str]:
    return [m.get("content") for m in xp(root, f"//h:head/h:meta[@name='{name}']")]


def json_ld(root: etree._Element) -> dict:
    (script,) = xp(root, "//h:script[@type='application/ld+json']")
    return json.loads(script.text)


def profile() -> etree._Element:
    return xmlio.parse(PROFILE).getroot()


def article_meta(root: etree._Element) -> etree._Element:
    return root.find("front/article-meta")


@pytest.fixture(scope="module")
def profile_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(PROFILE, tmp_path_factory.mktemp("profile"))


@pytest.fixture(scope="module")
def root(profile_page: Path) -> etree._Element:
    return page(profile_page)


def assert_sound_page(path: Path) -> etree._Element:
    """What every page must be: HTML5 and XML alike, links to ids on the page, alt text, header scopes, no inline
    script or style, only http(s)/mailto links."""
    data = path.read_bytes()
    assert data.startswith(b"<!DOCTYPE html>\n")
    root = page(path)
    lxml.html.document_fromstring(data)  # an HTML parser reads it too
    tinyhtml5 = pytest.importorskip("tinyhtml5")
    html5 = tinyhtml5.parse(data)
    # Polyglot: an HTML5 parser builds the same elements as the XML parser (no <a/> opened and left open).
    assert [e.tag for e in html5.iter()] == [e.tag for e in root.iter() if isinstance(e.tag, str)]

    ids = [e.get("id") for e in root.iter() if isinstance(e.tag, str) and e.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for href in xp(root, "//h:a/@href"):
        if href.startswith("#"):
            assert href[1:] in ids, f"link to missing id {href}"
        else:
            assert re.match(r"^(https?://|mailto:|figures/[^/]+$)", href) or href.endswith(".pdf"), href
    for img in xp(root, "//h:img"):
        assert img.get("alt", "").strip(), f"img {img.get('src')} has no alt text"
        assert img.get("src").startswith("figures/")
    for th in xp(root, "//h:th"):
        assert th.get("scope") in {"col", "row", "colgroup", "rowgroup"}
    assert len(xp(root, "//h:script")) == 1  # only the JSON-LD
    assert not xp(root, "//@style | //h:style")  # the CSP allows no inline style
    assert not [a for a in root.iter() if isinstance(a.tag, str) for name in a.attrib if name.startswith("on")]
    return root


# ----- the profile article -----

def test_page_is_polyglot_html_with_a_strict_content_security_policy(profile_page: Path) -> None:
    root = assert_sound_page(profile_page)
    assert root.get("lang") == "en"
    (csp,) = xp(root, "//h:meta[@http-equiv='Content-Security-Policy']/@content")
    assert "default-src 'none'" in csp and "script-src 'none'" in csp and "base-uri 'none'" in csp
    assert xp(root, "//h:meta[@charset='utf-8']") and xp(root, "//h:meta[@name='viewport']")
    assert xp(root, "//h:link[@rel='stylesheet']/@href") == ["article.css"]
    header = xp(root, "//h:header[@class='site-header']")[0]
    assert text(header) == f"{JOURNAL.title} Volume 29 · Issue 4 · July 2023"
    assert not xp(root, "//h:nav") and not xp(header, ".//h:p//h:a")  # rendered alone: no issue around it to link


def test_highwire_citation_meta_tags(root: etree._Element) -> None:
    title = "Chemotherapy-associated liver morphological changes in hepatic metastases (CALMCHeM)"
    assert meta(root, "citation_title") == [title]
    assert text(xp(root, "//h:title")[0]) == f"{title} | Diagnostic and Interventional Radiology"
    assert meta(root, "citation_author") == ["Pope, Matthew C.", "Patel, Neema J.", "Venkatesh, Sudhakar K."]
    assert meta(root, "citation_author_orcid")[2] == "https://orcid.org/0000-0002-7514-1030"
    # each author's institution follows that author's name
    tags = xp(root, "//h:head/h:meta[starts-with(@name, 'citation_author')]")
    names = [(m.get("name"), m.get("content")) for m in tags]
    patel = names.index(("citation_author", "Patel, Neema J."))
    assert names[patel + 2] == ("citation_author_institution",
                                "Department of Radiology, Division of Abdominal Imaging, Mayo Clinic, Florida, USA")
    assert meta(root, "citation_journal_title") == ["Diagnostic and Interventional Radiology"]
    assert meta(root, "citation_journal_abbrev") == ["Diagn Interv Radiol"]
    assert meta(root, "citation_issn") == ["1305-3825", "1305-3612"]
    assert meta(root, "citation_publisher") == ["Turkish Society of Radiology"]
    assert (meta(root, "citation_volume"), meta(root, "citation_issue")) == (["29"], ["4"])
    assert (meta(root, "citation_firstpage"), meta(root, "citation_lastpage")) == (["571"], ["578"])
    assert meta(root, "citation_doi") == [DOI]
    assert meta(root, "citation_publication_date") == ["2023/07"]
    assert meta(root, "citation_online_date") == ["2023/06/13"]
    assert meta(root, "citation_keywords") == ["Liver metastases; pseudocirrhosis; liver tumor burden"]
    assert meta(root, "citation_language") == ["en"]
    assert meta(root, "citation_pdf_url") == [JOURNAL.pdf_url(DOI)]
    assert meta(root, "citation_fulltext_html_url") == [JOURNAL.article_url(DOI)]


def test_json_ld_is_a_schema_org_scholarly_article(root: etree._Element) -> None:
    data = json_ld(root)
    assert data["@context"] == "https://schema.org" and data["@type"] == "ScholarlyArticle"
    assert data["@id"] == f"https://doi.org/{DOI}"
    assert data["identifier"] == {"@type": "PropertyValue", "propertyID": "DOI", "value": DOI}
    assert data["name"] == meta(root, "citation_title")[0]
    assert [a["name"] for a in data["author"]] == ["Matthew C. Pope", "Neema J. Patel", "Sudhakar K. Venkatesh"]
    assert data["author"][0]["sameAs"] == "https://orcid.org/0000-0001-9127-5437"
    assert data["datePublished"] == "2023-06-13"
    assert (data["pageStart"], data["pageEnd"]) == ("571", "578")
    issue = data["isPartOf"]
    assert issue["@type"] == "PublicationIssue" and issue["issueNumber"] == "4"
    assert issue["isPartOf"]["volumeNumber"] == "29"
    assert issue["isPartOf"]["isPartOf"]["issn"] == ["1305-3825", "1305-3612"]
    assert data["abstract"].startswith("PURPOSE: To review imaging findings")


def test_authors_link_their_orcid_ids_with_an_accessible_name(root: etree._Element) -> None:
    links = xp(root, "//h:ul[@class='authors']//h:a[@class='orcid']")
    assert [a.get("href") for a in links] == ["https://orcid.org/0000-0001-9127-5437",
                                              "https://orcid.org/0000-0003-0152-1636",
                                              "https://orcid.org/0000-0002-7514-1030"]
    assert links[2].get("aria-label") == "ORCID iD of Sudhakar K. Venkatesh"
    names = [text(n) for n in xp(root, "//h:ul[@class='authors']//h:span[@class='author-name']")]
    assert names == ["Matthew C. Pope", "Neema J. Patel", "Sudhakar K. Venkatesh"]
    # affiliation marks link to the affiliations; the corresponding author's to the correspondence
    venkatesh = xp(root, "//h:ul[@class='authors']/h:li")[2]
    assert xp(venkatesh, ".//h:sup//h:a/@href") == ["#aff1", "#cor1"]
    assert [text(li) for li in xp(root, "//h:ol[@class='affiliations']/h:li")] == [
        "1 Department of Radiology, Division of Abdominal Imaging, Mayo Clinic, Minnesota, USA",
        "2 Department of Radiology, Division of Abdominal Imaging, Mayo Clinic, Florida, USA"]


def test_front_matter_lines_in_the_journals_wording(root: etree._Element) -> None:
    header = xp(root, "//h:header[@class='article-header']")[0]
    assert text(xp(header, "h:p[@class='article-categories']")[0]) == "Abdominal Imaging | Original Article"
    assert text(xp(header, "h:h1")[0]).startswith("Chemotherapy-associated liver")
    corresp = xp(header, "h:p[@class='corresp']")[0]
    assert text(corresp) == "Corresponding author: Sudhakar K. Venkatesh, venkatesh.sudhakar@mayo.edu"
    assert xp(corresp, "h:a/@href") == ["mailto:venkatesh.sudhakar@mayo.edu"]
    assert text(xp(header, "h:p[@class='history']")[0]) == (
        "Received 09 May 2023; revision requested 16 May 2023; accepted 30 May 2023.")
    assert text(xp(header, "h:p[@class='pub-dates']")[0]) == "Epub: 13 June 2023 Publication date: July 2023"
    assert xp(header, "h:p[@class='doi']/h:a/@href") == [f"https://doi.org/{DOI}"]
    assert text(xp(header, "h:p[@class='cite-as']")[0]) == (
        "You may cite this article as: Pope MC, Olson MC, Flicek KT, et al. Chemotherapy-associated liver "
        "morphological changes in hepatic metastases (CALMCHeM). Diagn Interv Radiol. 2023;29(4):571-578.")
    assert xp(header, "h:p[@class='pdf-link']/h:a/@href") == ["dir-2023-232299.pdf"]
    assert text(xp(header, ".//h:p[@class='copyright']")[0]) == JOURNAL.license.copyright_statement
    (licence,) = xp(header, ".//h:p[@class='license']/h:a")
    assert licence.get("href") == JOURNAL.license.url and licence.get("rel") == "license"
    assert text(licence) == JOURNAL.license.license_text


def test_the_dates_follow_the_pdfs_rule_when_the_issue_date_is_known(tmp_path: Path) -> None:
    """The rule of the writer core that the PDF follows too: the publication date is the issue's date, and an Epub
    date is shown only when it is another day (enrich gives an article without an Epub the issue's date)."""
    built = page(render_article_html(PROFILE, tmp_path / "a", JOURNAL, pdf_name="a.pdf",
                                     issue_date=dt.date(2023, 7, 21)))
    (dates,) = xp(built, "//h:p[@class='pub-dates']")
    assert text(dates) == "Epub: 13 June 2023 Publication date: 21 July 2023"
    assert xp(dates, ".//h:time/@datetime") == ["2023-06-13", "2023-07-21"]
    same_day = profile()
    epub = article_meta(same_day).find("pub-date[@date-type='pub']")
    epub.set("iso-8601-date", "2023-07-21")
    epub.find("day").text, epub.find("month").text = "21", "07"
    built = page(render_article_html(_written(same_day, tmp_path / "b.xml"), tmp_path / "b", JOURNAL, pdf_name="b.pdf",
                                     issue_date=dt.date(2023, 7, 21)))
    (dates,) = xp(built, "//h:p[@class='pub-dates']")
    assert text(dates) == "Publication date: 21 July 2023" and not xp(dates, "h:span[@class='epub-date']")


def test_a_placeholder_doi_is_shown_as_such_and_never_linked(tmp_path: Path) -> None:
    built = page(render_article_html(PROFILE, tmp_path, JOURNAL, pdf_name="a.pdf", doi_placeholder=True))
    (line,) = xp(built, "//h:p[@class='doi']")
    assert text(line) == f"DOI: {DOI} (placeholder, not yet registered)" and not xp(line, ".//h:a")
    assert not [href for href in xp(built, "//h:a/@href") if DOI in href]
    assert "@id" not in json_ld(built)  # no claim that the doi.org URL names it
    # nor any URL or index entry made from it: the journal's URLs for that DOI name pages that will never exist
    suffix = DOI.split("/", 1)[1]
    head = xp(built, "//h:head/h:link/@href | //h:head/h:meta/@content")
    assert not [value for value in head if suffix in value], "a placeholder DOI in the page's head"
    assert suffix not in json.dumps(json_ld(built))
    registered = page(render_article_html(PROFILE, tmp_path / "registered", JOURNAL, pdf_name="a.pdf"))
    assert [v for v in xp(registered, "//h:head/h:link[@rel='canonical']/@href") if suffix in v]
    assert xp(registered, "//h:head/h:meta[@name='citation_doi']/@content") == [DOI]


def test_the_issue_frame_links_contents_previous_and_next(tmp_path: Path) -> None:
    links = PageLinks("../../toc.html", Link("../01-a/a.html", "The article before"),
                      Link("../03-c/c.html", "The article after"))
    built = page(render_article_html(PROFILE, tmp_path, JOURNAL, pdf_name="a.pdf", links=links))
    (issue,) = xp(built, "//h:header[@class='site-header']//h:p[@class='issue-line']/h:a")
    assert (issue.get("href"), text(issue)) == ("../../toc.html", "Volume 29 · Issue 4 · July 2023")
    top, end = xp(built, "//h:nav")
    assert xp(top, ".//h:a/@href") == ["../01-a/a.html", "../../toc.html", "../03-c/c.html"]
    assert [text(a) for a in xp(end, ".//h:a")] == ["Previous article The article before",
                                                    "Next article The article after", "Contents of this issue"]
    assert top.get("aria-label") != end.get("aria-label")  # two landmarks, told apart
    assert xp(built, "//h:link[@rel='prev']/@href") == ["../01-a/a.html"]
    first = page(render_article_html(PROFILE, tmp_path / "first", JOURNAL, pdf_name="a.pdf",
                                     links=PageLinks("../../toc.html", None, links.next)))
    assert xp(first, "//h:nav[1]//h:a/@href") == ["../../toc.html", "../03-c/c.html"]  # nothing before the first


def test_a_wide_table_takes_the_page_and_its_numbers_stay_whole(tmp_path: Path) -> None:
    root = profile()
    table = root.find(".//table-wrap[@id='t1']/table")
    assert not xp(page(render(root, tmp_path / "narrow")), "//h:div[contains(@class, 'table-wide')]")
    for tr in table.iter("tr"):  # thirteen columns, as 03-oktay's Table 3
        for n in range(11):
            etree.SubElement(tr, tr[0].tag).text = f"{n} (40.{n})"
    built = page(render(root, tmp_path / "wide"))
    (wrap,) = xp(built, "//h:div[@id='t1']")
    assert wrap.get("class").split() == ["table-wrap", "table-wide"]
    (hint,) = xp(wrap, "h:div[@role='region']/h:p[@class='scroll-hint']")
    assert hint.get("aria-hidden") == "true"
    assert {td.get("class") for td in xp(wrap, ".//h:td") if text(td).endswith(")")} == {"cell-figure"}


def test_structured_abstract_keywords_and_main_points(root: etree._Element) -> None:
    (abstract,) = xp(root, "//h:section[@class='abstract']")
    assert [text(h) for h in xp(abstract, "h:section/h:h3")] == ["PURPOSE", "METHODS", "RESULTS", "CONCLUSION"]
    assert xp(abstract, ".//h:i/text()") == ["P"]
    keywords = text(xp(root, "//h:p[@class='keywords']")[0])
    assert keywords == "Keywords: Liver metastases, pseudocirrhosis, liver tumor burden"
    (box,) = xp(root, "//h:aside[@class='main-points']")
    assert text(xp(box, "h:h2")[0]) == "Main points"
    assert box.get("aria-labelledby") == xp(box, "h:h2/@id")[0]
    items = [text(li) for li in xp(box, "h:ul/h:li")]
    assert items[1] == "The severity correlates with the initial metastatic liver disease burden."
    assert not xp(root, "//h:p//h:ul")  # the JATS <p><list> is not an HTML <p> holding a list


def test_body_sections_keep_ids_and_nest_headings(root: etree._Element) -> None:
    body = xp(root, "//h:div[@class='article-body']")[0]
    assert [(s.get("id"), text(xp(s, "h:h2|h:h3")[0])) for s in xp(body, ".//h:section")] == [
        ("s1", "Methods"), ("s1-1", "Patients"), ("s2", "Discussion")]
    assert xp(body, "h:section[@id='s1']/h:h2") and xp(body, "h:section/h:section[@id='s1-1']/h:h3")
    assert "5 cm3 (H2O, ±2, ≤ 50%, Ömer, Şebnem, β)" in text(body)
    assert xp(body, ".//h:a[@href='#t1']/text()") == ["Table 1"]
    assert xp(body, ".//h:a[@href='#f1']/text()") == ["Figure 1a"]


def test_table_caption_header_scopes_spans_and_footnotes(root: etree._Element) -> None:
    (wrap,) = xp(root, "//h:div[@class='table-wrap'][@id='t1']")
    (caption,) = xp(wrap, "h:div[@class='table-caption']")  # above the scrolling region, not inside the table
    assert text(caption) == "Table 1. Hepatic metastases characteristics at baseline CT or MRI"
    assert xp(wrap, ".//h:div[@class='table-scroll']/@aria-labelledby") == [caption.get("id")]
    assert xp(wrap, ".//h:table/@aria-labelledby") == [caption.get("id")]
    assert [(th.get("scope"), text(th)) for th in xp(wrap, ".//h:thead//h:th")] == [
        ("col", "Characteristic"), ("col", "n (%)")]
    assert xp(wrap, ".//h:tbody//h:td[@colspan='2']/text()") == ["Lobar distribution"]
    assert text(xp(wrap, ".//h:div[@class='table-foot']/h:div[@id='t1fn1']")[0]) == "*Statistically significant."


def test_row_headers_head_cells_and_empty_elements(tmp_path: Path) -> None:
    root = profile()
    table = root.find(".//table-wrap[@id='t1']/table")
    row = table.find("tbody/tr")
    first = row.find("td")
    first.tag = "th"
    head_cell = table.find("thead/tr/th")
    head_cell.tag = "td"  # some publishers write header cells as td
    del head_cell.attrib["scope"]
    head_cell.set("rowspan", "2")
    row.findall("td")[-1].text = None  # an empty cell, an empty paragraph, an empty italic: still polyglot
    etree.SubElement(root.find("body"), "p")
    etree.SubElement(root.find("body/p"), "italic")
    built = assert_sound_page(render(root, tmp_path / "out"))
    assert xp(built, "//h:tbody/h:tr[1]/h:th/@scope") == ["row"]
    (cell,) = xp(built, "//h:thead/h:tr/h:th[1]")
    assert (cell.get("scope"), cell.get("rowspan")) == ("col", "2")


def test_figure_parts_are_images_with_alt_text_and_a_figcaption(root: etree._Element) -> None:
    (figure,) = xp(root, "//h:figure[@id='f1']")
    parts = [("figures/f1a.jpg", "Figure 1, part a: Temporal progression of CALMCHeM."),
             ("figures/f1b.jpg", "Figure 1, part b: Temporal progression of CALMCHeM.")]
    assert [(i.get("src"), i.get("alt")) for i in xp(figure, "h:div[@class]//h:img")] == parts
    (caption,) = xp(figure, "h:figcaption")
    assert text(caption) == "Figure 1. Temporal progression of CALMCHeM. (a) Baseline CT. (b) Follow-up CT."
    assert xp(caption, ".//h:span[@class='label']/text()") == ["Figure 1."]
    # each part opens large in its own dialog, and its file is a link
    assert [(i.get("src"), i.get("alt")) for i in xp(figure, "h:dialog//h:img")] == parts
    assert xp(figure, "h:p[@class='fig-files']/h:a/@href") == ["figures/f1a.jpg", "figures/f1b.jpg"]


def test_figure_panels_are_lettered_buttons_that_open_their_dialog(root: etree._Element) -> None:
    (figure,) = xp(root, "//h:figure[@id='f1']")
    (grid,) = xp(figure, "h:div[contains(@class, 'fig-panels')]")
    assert grid.get("class").split()[:2] == ["fig-panels", "fig-cols-2"]  # two panels side by side, not stretched
    buttons = xp(grid, "h:div[@class='fig-panel']/h:button")
    assert [text(b.find(f"{{{XHTML}}}span[@class='panel-label']")) for b in buttons] == ["a", "b"]
    dialogs = xp(figure, "h:dialog")
    assert [b.get("commandfor") for b in buttons] == [d.get("id") for d in dialogs] == ["f1-view-1", "f1-view-2"]
    assert {b.get("command") for b in buttons} == {"show-modal"} and {b.get("type") for b in buttons} == {"button"}
    for dialog in dialogs:  # named by its title; a Close button that closes this dialog, focused when it opens
        (title,) = xp(dialog, ".//h:p[@class='lightbox-title']")
        assert dialog.get("aria-labelledby") == title.get("id")
        (close,) = xp(dialog, ".//h:button[@command='close']")
        assert close.get("commandfor") == dialog.get("id") and close.get("autofocus") is not None
    assert [text(t) for t in xp(figure, "h:dialog//h:p[@class='lightbox-title']")] == ["Figure 1a", "Figure 1b"]


@pytest.mark.parametrize(("panels", "columns"), [(2, 2), (3, 3), (4, 2), (5, 3), (6, 3), (7, 4), (8, 4), (9, 3)])
def test_the_panel_grid_has_columns_for_the_number_of_panels(tmp_path: Path, panels: int, columns: int) -> None:
    root = profile()
    fig = root.find(".//fig[@id='f1']")
    for old in fig.findall("graphic"):
        fig.remove(old)
    for n in range(panels):
        graphic = etree.SubElement(fig, "graphic", {XLINK_HREF: f"p{n}.png"})
        etree.SubElement(graphic, "label").text = "abcdefghi"[n]
    built = page(render(root, tmp_path / "out"))
    (grid,) = xp(built, "//h:figure[@id='f1']/h:div[contains(@class, 'fig-panels')]")
    assert f"fig-cols-{columns}" in grid.get("class").split()
    assert len(xp(grid, "h:div[@class='fig-panel']")) == panels


def test_panels_take_the_shape_of_their_images(tmp_path: Path) -> None:
    """The figure files' sizes (read from the figures folder) give each image its width and height, and the panels
    the shape nearest their median: portrait images get portrait panels."""
    out = tmp_path / "out"
    (out / "figures").mkdir(parents=True)
    for name in ("f1a.jpg", "f1b.jpg"):
        Image.new("RGB", (600, 800), "white").save(out / "figures" / name, "JPEG")
    built = page(render(profile(), out))
    (grid,) = xp(built, "//h:figure[@id='f1']/h:div[contains(@class, 'fig-panels')]")
    assert "ratio-3-4" in grid.get("class").split()
    assert {(i.get("width"), i.get("height")) for i in xp(built, "//h:figure[@id='f1']//h:img")} == {("600", "800")}


def test_alt_text_given_in_the_jats_wins(tmp_path: Path) -> None:
    root = profile()
    graphic = root.find(".//fig/graphic")
    etree.SubElement(graphic, "alt-text").text = "Axial CT at baseline showing multiple hypodense lesions"
    built = page(render(root, tmp_path / "out"))
    assert xp(built, "//h:figure//h:img/@alt")[0] == "Axial CT at baseline showing multiple hypodense lesions"


def test_mathml_is_in_the_mathml_namespace(profile_page: Path, root: etree._Element) -> None:
    (math,) = xp(root, "//h:span[@class='inline-formula'][@id='if1']/m:math")
    assert math.get("display") == "inline"
    assert xp(math, "m:msup/m:mi/text()") == ["x"]
    tinyhtml5 = pytest.importorskip("tinyhtml5")
    html5 = tinyhtml5.parse(profile_page.read_bytes())
    assert [e.tag for e in html5.iter() if e.tag.startswith(f"{{{MATHML}}}")] == [
        f"{{{MATHML}}}math", f"{{{MATHML}}}msup", f"{{{MATHML}}}mi", f"{{{MATHML}}}mn"]


def test_citations_link_to_references_and_references_link_back(root: etree._Element) -> None:
    cites = xp(root, "//h:div[@class='article-body']//h:a[contains(@class, 'xref-bibr')]")
    assert [(a.get("href"), a.get("id"), a.get("data-rids")) for a in cites] == [
        ("#ref1", "cite-1", None), ("#ref1", "cite-2", "ref1 ref2")]
    (ref1,) = xp(root, "//h:ol[@class='ref-list']/h:li[@id='ref1']")
    backlinks = xp(ref1, ".//h:a[@class='backlink']")
    assert [a.get("href") for a in backlinks] == ["#cite-1", "#cite-2"]
    assert [text(xp(a, "h:span[@class='visually-hidden']")[0]) for a in backlinks] == [
        "Back to citation 1", "Back to citation 2"]
    assert [a.get("href") for a in xp(root, "//h:li[@id='ref2']//h:a[@class='backlink']")] == ["#cite-2"]


def test_references_in_ama_style_or_as_given(root: etree._Element) -> None:
    refs = xp(root, "//h:ol[@class='ref-list']/h:li")
    assert [r.get("id") for r in refs] == ["ref1", "ref2"]
    assert text(xp(refs[0], ".//h:span[@class='citation']")[0]) == (
        "Economopoulos KJ, Brockmeier SF. Rotator cuff tears in overhead athletes. Clin Sports Med. "
        "2012;31(4):675-692.")
    assert xp(refs[0], ".//h:i[@class='ref-source']/text()") == ["Clin Sports Med"]
    assert text(xp(refs[1], ".//h:span[@class='citation']")[0]) == (
        "International Society for Infectious Diseases. ProMed-mail. Accessed February 10, 2016. "
        "http://www.promedmail.org")
    assert xp(refs[1], ".//h:span[@class='citation']/h:a/@href") == ["http://www.promedmail.org"]


def test_reference_doi_pubmed_links_and_et_al(tmp_path: Path) -> None:
    root = profile()
    citation = root.find(".//ref[@id='ref1']/element-citation")
    group = citation.find("person-group")
    for n in range(3, 8):  # seven authors in all
        name = etree.SubElement(group, "name")
        etree.SubElement(name, "surname").text = f"Author{n}"
        etree.SubElement(name, "given-names").text = "Jean-Pierre"
    etree.SubElement(citation, "pub-id", {"pub-id-type": "doi"}).text = "10.1016/j.csm.2012.07.006"
    etree.SubElement(citation, "pub-id", {"pub-id-type": "pmid"}).text = "23040552"
    built = page(render(root, tmp_path / "out"))
    (ref1,) = xp(built, "//h:li[@id='ref1']")
    assert text(xp(ref1, ".//h:span[@class='citation']")[0]) == (
        "Economopoulos KJ, Brockmeier SF, Author3 JP, et al. Rotator cuff tears in overhead athletes. "
        "Clin Sports Med. 2012;31(4):675-692. doi:10.1016/j.csm.2012.07.006")
    assert xp(ref1, ".//h:a[@class='ref-doi']/@href") == ["https://doi.org/10.1016/j.csm.2012.07.006"]
    assert xp(ref1, ".//h:a[@class='ref-pubmed']/@href") == ["https://pubmed.ncbi.nlm.nih.gov/23040552/"]


def test_manuscript_markup_and_script_links_are_neutralised(tmp_path: Path) -> None:
    root = profile()
    meta_el = article_meta(root)
    hostile = '<script>alert(1)</script> & "quotes" </script><!--'
    title = meta_el.find("title-group/article-title")
    title.text = f"Liver {hostile}"
    meta_el.find("kwd-group/kwd").text = "<img src=x onerror=alert(2)>"
    p = root.find("body/p")
    for href in ("javascript:alert(3)", " JaVaScRiPt:alert(4)", "data:text/html,<script>alert(5)</script>",
                 "java\nscript:alert(6)"):
        link = etree.SubElement(p, "ext-link", {"ext-link-type": "uri", XLINK_HREF: href})
        link.text = "click me"
    etree.SubElement(p, "email").text = "javascript:alert(7)"
    math = root.find(f".//{{{MATHML}}}math")
    math.set("onclick", "alert(8)")
    math.set("href", "javascript:alert(9)")
    semantics = etree.SubElement(math, f"{{{MATHML}}}semantics")
    etree.SubElement(semantics, f"{{{MATHML}}}mi").text = "y"
    annotation = etree.SubElement(semantics, f"{{{MATHML}}}annotation-xml", {"encoding": "text/html"})
    etree.SubElement(annotation, "script").text = "alert(10)"
    out = render(root, tmp_path / "out")
    data = out.read_bytes()
    built = assert_sound_page(out)

    assert b"<script>alert" not in data and b"<img src=x" not in data and b"alert(10)" not in data
    assert text(xp(built, "//h:h1")[0]) == f"Liver {' '.join(hostile.split())}"
    assert meta(built, "citation_title") == [f"Liver {' '.join(hostile.split())}"]
    assert json_ld(built)["name"] == f"Liver {' '.join(hostile.split())}"
    (script,) = xp(built, "//h:script")
    assert "<" not in script.text and "&" not in script.text  # JSON-LD escapes what could end the element
    targets = [re.sub(r"\s", "", h).lower() for h in xp(built, "//@href | //@src")]
    assert not [h for h in targets if h.startswith(("javascript", "data"))]
    assert xp(built, "//h:span[contains(@class, 'unlinked')]/text()").count("click me") == 4
    assert "javascript:alert(7)" in text(xp(built, "//h:div[@class='article-body']")[0])
    (formula,) = xp(built, "//m:math")
    assert set(formula.attrib) == {"display"}
    assert not xp(formula, ".//m:annotation-xml | .//h:script")
    assert "<img src=x onerror=alert(2)>" in meta(built, "citation_keywords")[0]


def test_rendering_is_deterministic_and_writes_the_css(tmp_path: Path) -> None:
    first = render(PROFILE, tmp_path / "a")
    second = render(PROFILE, tmp_path / "b")
    again = render(PROFILE, tmp_path / "a")
    assert first.name == "dir-2023-232299.html"
    assert first.read_bytes() == second.read_bytes() == again.read_bytes()
    css = (tmp_path / "a" / "article.css").read_text(encoding="utf-8")
    # the journal's colours and fonts from its config, then the stylesheet itself
    assert css.endswith((PROJECT / "templates" / "article.css").read_text(encoding="utf-8"))
    head = css.split("}", 1)[0]
    assert "--accent: #0b5394;" in head and '--font: "Source Sans 3"' in head
    assert "#0b5394" not in (PROJECT / "templates" / "article.css").read_text(encoding="utf-8")
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["article.css", "dir-2023-232299.html"]


# ----- real articles from the corpus -----

CORPUS_ARTICLES = [
    "encoda/plosone-0091296/main.jats.xml",
    "encoda/elife-30274-v1/main.jats.xml",
    "elife-crossref-fixtures/elife-00666.xml",
    "elife-crossref-fixtures/elife-02043-v2.xml",
]


@pytest.mark.corpus
@pytest.mark.parametrize("relative", CORPUS_ARTICLES)
def test_corpus_article_pages(relative: str, tmp_path: Path) -> None:
    source = need_corpus() / "jats" / relative
    jats = xmlio.parse(source, with_dtd=False).getroot()
    built = assert_sound_page(render(source, tmp_path / "out", pdf_name="article.pdf"))
    meta_el = jats.find("front/article-meta")

    title = " ".join("".join(meta_el.find("title-group/article-title").itertext()).split())
    assert meta(built, "citation_title") == [title]
    authors = [f"{c.findtext('name/surname')}, {c.findtext('name/given-names')}"
               for c in meta_el.findall("contrib-group/contrib[@contrib-type='author']") if c.find("name") is not None]
    assert [a for a in meta(built, "citation_author") if "," in a] == authors
    doi = meta_el.findtext("article-id[@pub-id-type='doi']")
    assert meta(built, "citation_doi") == [doi]
    assert meta(built, "citation_issn") == [i.text for i in jats.findall("front/journal-meta/issn")]
    data = json_ld(built)
    assert data["@type"] == "ScholarlyArticle" and data["identifier"]["value"] == doi and data["name"] == title

    # every reference links back to each place that cites it
    cites: dict[str, int] = {}
    for xref in jats.iterfind(".//xref[@ref-type='bibr']"):
        if not any(a.tag == "sub-article" for a in xref.iterancestors()):
            for rid in xref.get("rid", "").split():
                cites[rid] = cites.get(rid, 0) + 1
    for ref in jats.iterfind("back/ref-list/ref"):
        backlinks = xp(built, f"//h:li[@id='{ref.get('id')}']//h:a[@class='backlink']")
        assert len(backlinks) == cites.get(ref.get("id"), 0)
    assert max(cites.values()) > 1
    several = max(cites, key=cites.get)
    assert len(xp(built, f"//h:li[@id='{several}']//h:a[@class='backlink']")) == cites[several] > 1

    for orcid in xp(built, "//h:a[@class='orcid']/@href"):
        assert re.fullmatch(r"https://orcid\.org/\d{4}-\d{4}-\d{4}-\d{3}[\dX]", orcid)
    figures = jats.findall(".//fig")
    assert len(xp(built, "//h:figure[contains(@class, 'fig')]")) == len(
        [f for f in figures if not any(a.tag == "sub-article" for a in f.iterancestors())])
    maths = [m for m in jats.iter(f"{{{MATHML}}}math") if not any(a.tag == "sub-article" for a in m.iterancestors())]
    assert len(xp(built, "//m:math")) == len(maths)


@pytest.mark.corpus
def test_corpus_plos_specifics(tmp_path: Path) -> None:
    source = need_corpus() / "jats" / "encoda/plosone-0091296/main.jats.xml"
    built = page(render(source, tmp_path / "out", pdf_name="article.pdf"))
    assert meta(built, "citation_firstpage") == ["e91296"]  # elocation-id where there are no pages
    assert meta(built, "citation_online_date") == ["2014/03/19"]
    assert text(xp(built, "//h:p[@class='history']")[0]) == "Received 30 September 2013; accepted 11 February 2014."
    # tables given as image and table: the table is used; header cells written as td become th scope=col
    (table,) = xp(built, "//h:div[@id='pone-0091296-t001']//h:table")
    assert [th.get("scope") for th in xp(table, "h:thead//h:th")] == ["col", "col"]
    caption = xp(built, "//h:div[@id='pone-0091296-t001']/h:div[@class='table-caption']")[0]
    assert text(caption) == "Table 1. Evidence on aggregating behaviour of study species."
    (img,) = xp(built, "//h:figure[@id='pone-0091296-g001']/h:div//h:img")
    assert (img.get("src"), img.get("alt")) == ("figures/g001.png", "Figure 1: Study locations.")
    # mixed citations keep their text; parts printed side by side get a space
    ref = text(xp(built, "//h:li[@id='pone.0091296-Mora1']//h:span[@class='citation']")[0])
    assert ref.startswith("Mora C, Aburto-Oropeza O, Ayala Bocos A, Ayotte PM, Banks S, et al. (2011) Global human")
    assert "PLoS Biol 9 (4) e1000606" in ref


@pytest.mark.corpus
def test_corpus_elife_orcid_and_collaboration(tmp_path: Path) -> None:
    source = need_corpus() / "jats" / "encoda/elife-30274-v1/main.jats.xml"
    built = page(render(source, tmp_path / "out", pdf_name="article.pdf"))
    (orcid,) = xp(built, "//h:ul[@class='authors']//h:a[@class='orcid']")
    assert orcid.get("href") == "https://orcid.org/0000-0002-3758-2425"
    assert orcid.get("aria-label") == "ORCID iD of C Conover Talbot Jr"
    names = [text(n) for n in xp(built, "//h:span[@class='author-name']")]
    assert names[-1] == "Reproducibility Project: Cancer Biology"  # the collaboration, without its members
    assert "Corresponding author: Reproducibility Project: Cancer Biology, tim@cos.io, nicole@scienceexchange.com" in [
        text(p) for p in xp(built, "//h:p[@class='corresp']")]
    assert meta(built, "citation_author_orcid") == ["https://orcid.org/0000-0002-3758-2425"]


def test_a_file_that_is_not_a_jats_article_is_a_render_finding(tmp_path: Path) -> None:
    source = tmp_path / "not-jats.xml"
    source.write_text("<html><body/></html>", encoding="utf-8")
    with pytest.raises(PipelineError) as caught:
        render_article_html(source, tmp_path / "out", JOURNAL, pdf_name="x.pdf")
    assert caught.value.finding.code == "render.failed"
    assert caught.value.finding.file == str(source) and caught.value.finding.stage == "render"
    assert not (tmp_path / "out" / "x.html").exists()
