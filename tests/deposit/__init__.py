"""Deposit tests. Shared here: the two paginated articles every deposit test builds from.

The first is tests/fixtures/profile-article.xml as it is; the second is derived from it with lxml: another
DOI and manuscript number, a Review Article with an unstructured abstract, seven authors without ORCID iDs,
the next pages of the issue, and a reference whose DOI is given as a URL.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from pipeline import xmlio
from pipeline.config import load_journal
from tests.conftest import FIXTURES, PROJECT

JOURNAL = load_journal(PROJECT / "config" / "journals" / "dir.yaml")
PROFILE = FIXTURES / "profile-article.xml"
MAIN_POINT = "The severity correlates with the initial metastatic liver disease burden."
SECOND_DOI = "10.4274/dir.2023.231999"
SECOND_AUTHORS = [("Doğan", "Hakan"), ("Uzer", "Evren"), ("Şahin", "Ömer Tarık"), ("Kaya", "Ayşe"),
                  ("Yılmaz", "Zeynep"), ("Öztürk", "Cem"), ("Arslan", "Elif")]
REF_DOI_URL = "https://doi.org/10.1016/j.csm.2012.07.006"

Edit = Callable[[etree._Element], None]


def profile() -> etree._Element:
    return xmlio.parse(PROFILE).getroot()


def second() -> etree._Element:
    """The second article of the issue (see the module docstring)."""
    root = profile()
    meta = root.find("front/article-meta")
    meta.find("article-id[@pub-id-type='publisher-id']").text = "231999"
    meta.find("article-id[@pub-id-type='doi']").text = SECOND_DOI
    meta.find("article-categories/subj-group[@subj-group-type='article-type']/subject").text = "Review Article"
    root.set("article-type", "review-article")
    title = meta.find("title-group/article-title")
    title.clear()
    title.text = "Imaging of "
    italic = etree.SubElement(title, "italic")
    italic.text, italic.tail = "Echinococcus", " infection: a review"
    group = meta.find("contrib-group")
    for contrib in group.findall("contrib"):
        group.remove(contrib)
    for n, (surname, given) in enumerate(SECOND_AUTHORS):
        contrib = etree.Element("contrib", {"contrib-type": "author"})
        name = etree.SubElement(contrib, "name")
        etree.SubElement(name, "surname").text = surname
        etree.SubElement(name, "given-names").text = given
        etree.SubElement(contrib, "xref", {"ref-type": "aff", "rid": "aff1" if n % 2 == 0 else "aff2"})
        group.insert(n, contrib)
    meta.find("fpage").text, meta.find("lpage").text = "579", "585"
    abstract = meta.find("abstract")
    abstract.clear()
    for text in ("Cystic echinococcosis is endemic in Türkiye.", "This review shows its CT and MRI findings."):
        etree.SubElement(abstract, "p").text = text
    citation = root.find("back/ref-list/ref/element-citation")
    etree.SubElement(citation, "pub-id", {"pub-id-type": "doi"}).text = REF_DOI_URL
    return root


def write(root: etree._Element, folder: Path, name: str, *edits: Edit) -> Path:
    """Write a copy of `root`, changed by `edits`, as a paginated JATS file."""
    root = copy.deepcopy(root)
    for edit in edits:
        edit(root)
    path = folder / name
    xmlio.write_jats(path, root)
    return path


def two_articles(folder: Path, *first_edits: Edit) -> list[Path]:
    """The profile article (changed by `first_edits`) and the second article, in table-of-contents order."""
    return [write(profile(), folder, "dir-2023-232299.xml", *first_edits),
            write(second(), folder, "dir-2023-231999.xml")]


def remove(xpath: str) -> Edit:
    def edit(root: etree._Element) -> None:
        for element in root.xpath(xpath):
            element.getparent().remove(element)
    return edit


def set_text(xpath: str, text: str) -> Edit:
    def edit(root: etree._Element) -> None:
        root.xpath(xpath)[0].text = text
    return edit
