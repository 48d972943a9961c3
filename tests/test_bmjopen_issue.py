"""End to end: the second journal's sample issue (BMJ Open Vol 4 Issue 1, samples/bmjopen) built by configuration
alone, with the real pandoc, SaxonC, WeasyPrint and the official schemas.

BMJ Open is published online only: its articles are located by e-location ids and have no pages, which every output
shows where pages would be; its structured abstract has its own labels, its key points are the "Strengths and
limitations of this study" box, its references are Vancouver as BMJ prints them, and its 2014 article carries the
licence of its year. Expected values come from the journal's config and manifest, and from the article as BMJ
Open published it (docs/journal-bmjopen.md, source S1).
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont
from lxml import etree

from pipeline import xmlio
from pipeline.config import load_issue
from pipeline.issue.build import build_issue
from pipeline.issue.state import ArticleState, IssueBuild
from pipeline.render.pdf_fonts import font_path
from pipeline.validate import pmcstyle
from pipeline.validate.schemas import validate_crossref, validate_jats, validate_pubmed
from tests.conftest import PROJECT, Quiet
from tests.test_no_journal_strings import identifying, journals

pytestmark = pytest.mark.slow
MANIFEST = PROJECT / "samples" / "bmjopen" / "vol4-issue1" / "issue.yaml"
ISSUE = load_issue(MANIFEST)
JOURNAL = ISSUE.journal
ENTRY = ISSUE.manifest.articles[0]
ELOCATION = ENTRY.elocation_id  # e003269
CITATION = f"BMJ Open 2014;4:{ELOCATION}. doi:{ENTRY.doi}"  # as the first pages of BMJ Open print it (S5, S6)
LABELS = JOURNAL.article_types[ENTRY.type].abstract_sections
BOX = JOURNAL.house_style.key_points.title
# Reference 1 as BMJ Open printed it (S1; tests/test_bmjopen_config.py rebuilds it from the JATS).
REFERENCE_1 = ("Parashar UD, Hummelman EG, Bresee JS, et al. Global Illness and deaths caused by rotavirus disease "
               "in children. Emerg Infect Dis 2003;9:565–71.")
CROSSREF = {"c": "http://www.crossref.org/schema/5.3.1", "ai": "http://www.crossref.org/AccessIndicators.xsd"}



@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> IssueBuild:
    return build_issue(MANIFEST, tmp_path_factory.mktemp("bmjopen-build"), Quiet())


@pytest.fixture(scope="module")
def article(built: IssueBuild) -> ArticleState:
    (state,) = built.articles
    return state


def meta_of(state: ArticleState) -> etree._Element:
    return xmlio.parse(state.path(".xml")).getroot().find("front/article-meta")


def pdf_text(pdf: Path, page: int | None = None) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run([pdftotext, *pages, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def words(text: str) -> str:
    return " ".join(text.split())


def test_deposit_ready_with_every_output(built: IssueBuild, article: ArticleState) -> None:
    assert article.deposit_ready, [str(f) for f in article.errors]
    assert [f for f in built.findings if f.severity.value == "error"] == []
    for name in ("pubmed.xml", "crossref.xml", "toc.html", "toc.pdf", "toc.json", "report.html", "report.json"):
        assert (built.out / name).is_file(), name
    for suffix in (".xml", ".html", ".pdf", ".proof.pdf", ".archive.pdf"):
        assert article.path(suffix).is_file(), suffix
    assert built.out.name == "bmjopen-04-01"


def test_jats_is_valid_and_located_by_its_elocation_id(article: ArticleState) -> None:
    tree = xmlio.parse(article.path(".xml"), with_dtd=False)
    assert validate_jats(tree) == []
    assert [f for f in pmcstyle.check(tree.getroot()) if f.severity.value == "error"] == []
    meta = tree.getroot().find("front/article-meta")
    assert meta.findtext("elocation-id") == ELOCATION
    assert meta.find("fpage") is None and meta.find("lpage") is None  # no pages, none made up
    assert tree.getroot().find("front/journal-meta/issn[@pub-type='ppub']") is None  # online only
    assert meta.findtext("custom-meta-group/custom-meta/meta-value").endswith(f"a cross-sectional study. {CITATION}")
    assert article.pages is None


def test_the_licence_is_the_one_of_its_year(article: ArticleState, built: IssueBuild) -> None:
    licence = JOURNAL.licenses[ENTRY.license]  # CC BY-NC 3.0 in 2014; the journal's default is 4.0 today
    permissions = meta_of(article).find("permissions")
    assert permissions.findtext("license/{http://www.niso.org/schemas/ali/1.0/}license_ref") == licence.url
    assert permissions.findtext("license/license-p") == licence.license_text
    assert "CC BY-NC 3.0" in words(pdf_text(article.path(".pdf"), 1))
    crossref = xmlio.parse(built.out / "crossref.xml").getroot()
    assert crossref.xpath(".//ai:license_ref/text()", namespaces=CROSSREF) == [licence.url]


def test_abstract_labels_and_the_box(article: ArticleState, built: IssueBuild) -> None:
    meta = meta_of(article)
    assert [t.text for t in meta.iterfind("abstract/sec/title")] == LABELS
    box = meta.find("abstract[@abstract-type='key-points']")
    assert box.findtext("title") == BOX and len(box.findall(".//list-item")) == 3
    assert "Strengths and limitations of this study" not in [t.text for t in article_body_titles(article)]
    pubmed = xmlio.parse(built.out / "pubmed.xml", with_dtd=True).getroot()
    assert [t.get("Label") for t in pubmed.iterfind("Article/Abstract/AbstractText")] == LABELS
    html = etree.HTML(article.path(".html").read_bytes())
    assert [words("".join(h.itertext())) for h in html.xpath("//section[contains(@class, 'abstract')]//h3")] == LABELS
    assert BOX in [words("".join(h.itertext())) for h in html.xpath("//h2 | //h3")]
    text = words(pdf_text(article.path(".pdf")))
    assert all(label in text for label in LABELS) and BOX in text


def article_body_titles(state: ArticleState) -> list[etree._Element]:
    return xmlio.parse(state.path(".xml")).getroot().findall("body/sec/title")


def test_references_are_vancouver_as_bmj_prints_them(article: ArticleState) -> None:
    html = etree.HTML(article.path(".html").read_bytes())
    (first,) = html.xpath("//*[@id='ref1']//*[contains(@class, 'citation')]")
    assert words("".join(first.itertext())) == REFERENCE_1
    assert REFERENCE_1 in words(pdf_text(article.path(".pdf")))


def test_the_pdf_prints_the_elocation_id_where_pages_would_be(article: ArticleState) -> None:
    pages = article.printed
    assert pages == list(range(1, len(pages) + 1))  # each PDF numbers its own pages, as BMJ Open's do
    first = words(pdf_text(article.path(".pdf"), 1))
    assert f"{JOURNAL.house_style.words['cite_as']} " in first and CITATION in first
    verso = words(pdf_text(article.path(".pdf"), 2))
    assert f"2 • January 2014 • BMJ Open • {ELOCATION}" in verso  # the running head


def test_the_page_carries_the_elocation_id(article: ArticleState) -> None:
    html = etree.HTML(article.path(".html").read_bytes())

    def meta(name: str) -> list[str]:
        return html.xpath(f"//meta[@name='{name}']/@content")

    assert meta("citation_firstpage") == [ELOCATION] and meta("citation_lastpage") == []
    assert meta("citation_fulltext_html_url") == [f"https://bmjopen.bmj.com/content/4/1/{ELOCATION}"]
    assert CITATION in words("".join(html.xpath("//p[@class='cite-as']")[0].itertext()))


def test_its_own_look(article: ArticleState) -> None:
    css = (article.folder / "article.css").read_text(encoding="utf-8")
    assert f"--accent: {JOURNAL.house_style.colours.web['accent']};" in css
    configured = {TTFont(font_path(face))["name"].getDebugName(4) for face in JOURNAL.house_style.fonts.print}
    embedded = embedded_fonts(article.path(".pdf"))  # the faces' full names, from their name tables
    assert embedded and embedded <= configured, (embedded, configured)  # its faces ("DejaVu Serif"), no other


def embedded_fonts(pdf: Path) -> set[str]:
    faces = set()
    with pikepdf.open(pdf) as document:
        for item in document.objects:
            if isinstance(item, pikepdf.Dictionary) and item.get("/Type") == "/FontDescriptor" \
                    and item.get("/FontFile2") is not None:
                faces.add(TTFont(io.BytesIO(item.FontFile2.read_bytes()))["name"].getDebugName(4))
    return faces


def test_table_of_contents_lists_the_elocation_id(built: IssueBuild) -> None:
    toc = json.loads((built.out / "toc.json").read_text(encoding="utf-8"))
    (entry,) = [a for s in toc["sections"] for a in s["articles"]]
    assert entry["elocation_id"] == ELOCATION and entry["fpage"] is None
    assert toc["first_page"] is None and toc["publication_date"] is None
    contents = xmlio.parse(built.out / "toc.html").getroot()
    assert [p.xpath("string()").strip() for p in contents.iterfind(".//{*}p[@class='entry-page']")] == [ELOCATION]
    assert ELOCATION in pdf_text(built.out / "toc.pdf")


def test_deposits_are_valid_and_carry_the_elocation_id(built: IssueBuild) -> None:
    pubmed = xmlio.parse(built.out / "pubmed.xml", with_dtd=True)
    assert validate_pubmed(pubmed) == []
    (item,) = pubmed.getroot().findall("Article")
    assert item.find("FirstPage") is None and item.find("LastPage") is None
    assert {e.get("EIdType"): e.text for e in item.iterfind("ELocationID")} == {"doi": ENTRY.doi, "pii": ELOCATION}
    date = item.find("Journal/PubDate")  # online only: cited by its online date (S2)
    assert date.get("PubStatus") == "epublish" and [date.findtext(k) for k in ("Year", "Month", "Day")] == [
        "2014", "01", "31"]
    crossref = xmlio.parse(built.out / "crossref.xml")
    assert validate_crossref(crossref) == []
    (work,) = crossref.getroot().iterfind(".//c:journal_article", CROSSREF)
    assert work.find("c:pages", CROSSREF) is None
    assert work.xpath("c:publisher_item/c:item_number[@item_number_type='article_number']/text()",
                      namespaces=CROSSREF) == [ELOCATION]
    assert work.xpath("string(c:doi_data/c:resource)", namespaces=CROSSREF) == \
        f"https://bmjopen.bmj.com/content/4/1/{ELOCATION}"
    (package,) = (built.out / "pmc").glob("*.zip")
    assert package.name == f"bmjopen-04-01-{ELOCATION}.zip"
    with zipfile.ZipFile(package) as archive:
        xml = xmlio.parse_bytes(archive.read(f"{package.stem}.xml"))
        assert xml.findtext("front/article-meta/elocation-id") == ELOCATION


def test_nothing_of_another_journal(built: IssueBuild) -> None:
    """No name, word, colour or address of another journal's config reaches BMJ Open's pages, files and deposits."""
    others = [journal for journal_id, journal in journals() if journal_id != ISSUE.manifest.journal]
    assert others
    files = [p for p in built.out.rglob("*")
             if p.suffix in (".html", ".css", ".xml", ".json") and "work" not in p.parts]
    found = []
    for journal in others:
        for what, pattern in identifying(journal).items():
            if what.startswith("name word"):  # a word of its title may be the article's own ("DDL Diagnostic")
                continue
            found += [f"{path.name}: {what}" for path in files if pattern.search(path.read_text(encoding="utf-8"))]
    assert found == []
