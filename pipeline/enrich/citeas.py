"""The cite-as line: the article's own JATS metadata in the journal's reference style, for instance (AMA)

    Doğan H, Uzer E, Esengür ÖT, Hassoy H, Güneyli S. Relationship between ... strength.
    J Abbrev. 2023;29(4):563-570.

or, for an online-only journal whose line ends with the DOI: "... J Abbrev 2014;4:e003269. doi:10.1000/xyz".

The one place the line is assembled: enrich writes it, pagination re-writes it once the pages are known, and
every output reads it from the JATS (custom-meta "citation"). Authors, title, volume, issue, year (the issue's:
pub-date collection) and pages (or the e-location id of an online-only journal) are all read from the JATS
article-meta; the journal's abbreviated title from the config. The style (pipeline/refstyle.py) says how many
authors are listed before "et al"; a title that ends in "?" or "!" gets no extra full stop. Without pages
(before the PDFs exist) the line ends at the issue: "2023;29(4)." — pages are never guessed.
"""

from __future__ import annotations

from lxml import etree

from pipeline.config.journal import Journal
from pipeline.jats import person_name, plain_text
from pipeline.refstyle import Citation, as_text, format_citation


def article_citation(meta: etree._Element, journal: Journal) -> Citation:
    """The article itself as a journal citation, from its article-meta."""
    authors: list = []
    for contrib in meta.iterfind("contrib-group/contrib"):
        if contrib.get("contrib-type", "author") != "author":
            continue
        name = contrib.find("name")
        person = person_name(name) if name is not None else None
        if person is not None:
            authors.append(person)
        elif contrib.find("collab") is not None:
            authors.append(plain_text(contrib.find("collab")))
    year = meta.findtext("pub-date[@date-type='collection']/year") or meta.findtext("pub-date/year")
    values = {tag: " ".join(meta.findtext(tag).split()) for tag in ("volume", "issue", "fpage", "lpage", "elocation-id")
              if meta.findtext(tag) and meta.findtext(tag).strip()}
    if year:
        values["year"] = year.strip()
    doi = meta.findtext("article-id[@pub-id-type='doi']")
    return Citation(is_journal=True, authors=authors, title=plain_text(meta.find("title-group/article-title")),
                    source=journal.abbrev_title, values=values,
                    doi=doi.strip() if doi and journal.house_style.cite_as.with_doi else None)


def cite_as(meta: etree._Element, journal: Journal) -> str:
    return as_text(format_citation(article_citation(meta, journal), journal.reference_style))
