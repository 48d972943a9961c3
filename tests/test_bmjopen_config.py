"""config/journals/bmjopen.yaml against the article BMJ Open published (the corpus's JATS, source S1 of
docs/journal-bmjopen.md): the values it gives are the JATS's, and its rules rebuild what BMJ Open printed (the
DOI, the e-location id, the abstract's labels, the box, the licence of 2014, a reference and the cite-as line)."""

from __future__ import annotations

from lxml import etree

from pipeline.config import load_journal
from pipeline.enrich.citeas import cite_as
from pipeline.refstyle import as_text, format_citation, from_element_citation
from pipeline.xmlio import safe_parser
from tests.conftest import PROJECT, need_corpus

JOURNAL = load_journal(PROJECT / "config" / "journals" / "bmjopen.yaml")
JATS = "jats/elife-crossref-fixtures/bmjopen-4-e003269.xml"


def article() -> etree._Element:
    return etree.parse(str(need_corpus() / JATS), safe_parser()).getroot()


def words(node: etree._Element | None) -> str:
    return " ".join("".join(node.itertext()).split()) if node is not None else ""


def test_identity_is_the_jats() -> None:
    root = article()
    journal, meta = root.find("front/journal-meta"), root.find("front/article-meta")
    assert JOURNAL.title == journal.findtext("journal-title-group/journal-title")
    assert JOURNAL.abbrev_title == journal.findtext("journal-id[@journal-id-type='nlm-ta']")
    assert JOURNAL.publisher_id == journal.findtext("journal-id[@journal-id-type='hwp']")
    assert JOURNAL.issn.electronic == journal.findtext("issn[@pub-type='epub']") and JOURNAL.issn.print is None
    assert JOURNAL.publisher.name == journal.findtext("publisher/publisher-name")
    number = meta.findtext("article-id[@pub-id-type='publisher-id']")
    assert JOURNAL.doi_for(2014, number) == meta.findtext("article-id[@pub-id-type='doi']")


def test_the_rule_gives_the_elocation_id() -> None:
    meta = article().find("front/article-meta")
    assert not JOURNAL.publication.paged
    assert JOURNAL.publication.elocation_for(meta.findtext("article-id[@pub-id-type='publisher-id']")) == \
        meta.findtext("elocation-id")


def test_abstract_labels_box_and_licence_are_the_jats() -> None:
    root = article()
    meta = root.find("front/article-meta")
    assert JOURNAL.article_types["Research"].abstract_sections == [t.text for t in meta.iterfind("abstract/sec/title")]
    box = root.find("body/boxed-text")
    assert JOURNAL.house_style.key_points.title == box.findtext("caption/title")
    licence = JOURNAL.licenses["cc-by-nc-3.0"]
    assert licence.license_text == words(meta.find("permissions/license/license-p"))
    assert licence.statement(2014) == words(meta.find("permissions/copyright-statement"))


def test_the_reference_style_prints_the_references_as_bmj_open_did() -> None:
    """Each journal reference of S1 formatted from its tagged parts is the reference as S1 prints it (the JATS runs
    the names together, has et al as an empty element and a supplement's parentheses in its issue: compared without
    commas, spaces and parentheses)."""
    style = JOURNAL.reference_style

    def bare(text: str) -> str:
        return "".join(c for c in text.replace("et al", "") if c not in ", ()")

    citations = article().findall("back/ref-list/ref/mixed-citation[article-title][volume]")
    for citation in citations:
        made = as_text(format_citation(from_element_citation(citation), style))
        assert bare(made) == bare(words(citation)), made
    assert len(citations) == 40
    first = article().find("back/ref-list/ref/mixed-citation")
    assert as_text(format_citation(from_element_citation(first), style)) == (
        "Parashar UD, Hummelman EG, Bresee JS, et al. Global Illness and deaths caused by rotavirus disease in "
        "children. Emerg Infect Dis 2003;9:565–71.")


def test_the_cite_as_line_is_the_one_bmj_open_prints() -> None:
    """"Akoua-Koffi C, Asse Kouadio V, Yao Atteby JJ. <title>. BMJ Open 2014;4:e003269. doi:10.1136/..." (the form
    of S5's and S6's first pages), from the article's own metadata."""
    meta = article().find("front/article-meta")
    for date in meta.findall("pub-date"):  # the date, as enrich writes it
        date.set("date-type", "collection") if date.get("pub-type") == "ppub" else None
    line = cite_as(meta, JOURNAL)
    title = words(meta.find("title-group/article-title"))
    assert line == (f"Akoua-Koffi C, Asse Kouadio V, Yao Atteby JJ. {title}. BMJ Open 2014;4:e003269. "
                    "doi:10.1136/bmjopen-2013-003269")
