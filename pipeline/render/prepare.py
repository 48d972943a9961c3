"""The render preparation step: a JATS article + the journal -> the same article with what every page prints
computed once, for the stylesheets (xslt/jats-to-html.xsl, xslt/jats-to-print.xsl) only to print.

The model is the NCBI JATS preview stylesheets' citations-prep step: the reference list is formatted before the
main transform, so that no stylesheet formats a reference. Here, in the namespace PREPARED (prefix w):

- each contributor: w:name, its name as people read it ("Matthew C. Pope"), w:initials ("M.C.P.") and, for a
  person, w:inverted-name ("Pope, Matthew C."), as pipeline/names.py writes them;
- each ORCID contrib-id: w:uri, the https://orcid.org/ URI (the form enrich writes; pipeline/identifiers.py);
- article-meta: w:running-authors, the running head's authors (custom-meta "running-head-authors", which enrich
  writes, else "Pope et al.");
- each citation without text of its own (an element-citation): a w:formatted child, the reference in the
  journal's style (pipeline/refstyle.py): text, and w:title, w:source (@italic), w:comment, w:link (holding the
  ext-link) and w:doi (the bare DOI) for the stylesheets to mark up. Citations with their own text (mixed
  citations) are printed as the author wrote them.

The input is not changed: the result is a copy, and it is never written to the build (the JATS stays the
single source of truth; this is a private view of it).
"""

from __future__ import annotations

import copy

from lxml import etree

from pipeline.config.journal import Journal
from pipeline.identifiers import ORCID_PATTERN, orcid_uri
from pipeline.jats import contrib_display_name, person_name, plain_text
from pipeline.names import dotted_initials, initials_of_text, short_author_head
from pipeline.refstyle import Marked, format_citation, from_element_citation

PREPARED = "urn:x-pipeline:prepared"
W = f"{{{PREPARED}}}"
CITATIONS = ("element-citation", "mixed-citation", "citation", "nlm-citation")


def prepare(root: etree._Element, journal: Journal) -> etree._Element:
    """A prepared copy of the article `root`."""
    article = copy.deepcopy(root)
    meta = article.find("front/article-meta")
    if meta is not None:
        _contributors(meta)
        meta.set(f"{W}running-authors", _running_authors(meta))
    style = journal.reference_style
    for ref in article.iter("ref"):
        for citation in ref:
            if citation.tag in CITATIONS and not _has_own_text(citation):
                formatted = etree.SubElement(citation, f"{W}formatted", nsmap={"w": PREPARED})
                _append_pieces(formatted, format_citation(from_element_citation(citation), style))
    return article


def _contributors(meta: etree._Element) -> None:
    for contrib in meta.iter("contrib"):
        contrib.set(f"{W}name", contrib_display_name(contrib))
        found = (contrib.find(path) for path in ("name", "name-alternatives/name", "string-name"))
        name = next((n for n in found if n is not None), None)
        person = person_name(name) if name is not None else None
        if person is not None:
            contrib.set(f"{W}initials", dotted_initials(person))
            contrib.set(f"{W}inverted-name", person.inverted())
        else:
            contrib.set(f"{W}initials", initials_of_text(contrib.get(f"{W}name")))
        for orcid in contrib.iterfind("contrib-id[@contrib-id-type='orcid']"):
            value = " ".join((orcid.text or "").split())
            if ORCID_PATTERN.match(value):
                orcid.set(f"{W}uri", orcid_uri(value))


def _running_authors(meta: etree._Element) -> str:
    for item in meta.iterfind("custom-meta-group/custom-meta"):
        if plain_text(item.find("meta-name")) == "running-head-authors" and plain_text(item.find("meta-value")):
            return plain_text(item.find("meta-value"))
    surnames = []
    for contrib in meta.iterfind("contrib-group/contrib"):
        if contrib.get("contrib-type", "author") != "author":
            continue
        surname = plain_text(contrib.find("name/surname")) or plain_text(contrib.find("string-name/surname"))
        surnames.append(surname or plain_text(contrib.find("collab")))
    return short_author_head([s for s in surnames if s])


def _has_own_text(citation: etree._Element) -> bool:
    return bool((citation.text or "").strip()) or any((child.tail or "").strip() for child in citation)


def _append_pieces(parent: etree._Element, pieces: list) -> None:
    for piece in pieces:
        if isinstance(piece, str):
            _append_text(parent, piece)
            continue
        assert isinstance(piece, Marked)
        holder = etree.SubElement(parent, f"{W}{piece.role}")
        if piece.role == "source":
            holder.set("italic", "true" if piece.italic else "false")
        if isinstance(piece.content, str):
            holder.text = piece.content
        elif piece.role == "link":
            link = copy.deepcopy(piece.content)
            link.tail = None
            holder.append(link)
        else:
            holder.text = piece.content.text
            for child in piece.content:
                holder.append(copy.deepcopy(child))


def _append_text(parent: etree._Element, text: str) -> None:
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text
