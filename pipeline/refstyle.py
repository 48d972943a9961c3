"""A reference style applied to a citation: a JATS element-citation, or an article's own metadata -> the reference
as the journal prints it, in pieces that become plain text (the cite-as line) or marked-up XML (the reference
lists of the web page and the PDF, through pipeline/render/prepare.py).

The style is data (config/reference-styles/*.yaml, typed by pipeline/config/reference_style.py); this module
only reads the citation's parts and walks the style's layout. Names are written by pipeline/names.py.

    Economopoulos KJ, Brockmeier SF. Title. <i>Am J Sports Med</i>. 2012;31(4):675-692. doi:10.1177/x
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from pipeline.config.reference_style import NUMERIC, Node, ReferenceStyle
from pipeline.identifiers import cited_doi
from pipeline.names import PersonName, ama_name

ANONYMOUS = object()  # the JATS <anonymous/> author
Name = PersonName | str | object  # a person, a name as written (a collaboration), or ANONYMOUS


@dataclass(frozen=True)
class Marked:
    """A piece printed with markup of its own: role title, source, comment or link (its content is a JATS element
    whose children are printed), or doi (its content is the bare DOI)."""

    role: str
    content: etree._Element | str
    italic: bool = False

    def text(self) -> str:
        raw = self.content if isinstance(self.content, str) else "".join(self.content.itertext())
        return " ".join(raw.split())


Piece = str | Marked


@dataclass
class Citation:
    """What a style can print of one reference."""

    is_journal: bool = False
    authors: list[Name] = field(default_factory=list)
    authors_etal: bool = False
    editors: list[Name] = field(default_factory=list)
    editors_etal: bool = False
    title: etree._Element | str | None = None  # the article's, dataset's or part's title
    chapter_title: etree._Element | None = None
    source: etree._Element | str | None = None  # journal or book
    values: dict[str, str] = field(default_factory=dict)  # year, volume, issue, edition, fpage ... (plain text)
    comments: list[etree._Element] = field(default_factory=list)
    links: list[etree._Element] = field(default_factory=list)
    doi: str | None = None


def _text(node: etree._Element | None) -> str:
    return " ".join("".join(node.itertext()).split()) if node is not None else ""


def _name(node: etree._Element) -> Name:
    if node.tag == "anonymous":
        return ANONYMOUS
    surname = _text(node.find("surname"))
    if node.tag in ("name", "string-name") and surname:
        return PersonName(surname, _text(node.find("given-names")) or None, _text(node.find("suffix")) or None)
    return _text(node)


def from_element_citation(citation: etree._Element) -> Citation:
    """The parts of an element-citation (or an NLM citation) a style prints, as the JATS gives them."""
    kind = (citation.get("publication-type") or "").lower()
    authors = next((g for g in citation.findall("person-group")
                    if g.get("person-group-type") in (None, "author")), None)
    editors = next((g for g in citation.findall("person-group") if g.get("person-group-type") == "editor"), None)
    if authors is not None:
        author_names = [n for n in authors if n.tag in ("name", "string-name", "collab", "anonymous")]
    else:
        author_names = [n for n in citation if n.tag in ("name", "string-name", "collab")]
    first = {tag: citation.find(tag) for tag in ("volume", "issue", "publisher-name")}
    values = {}
    for tag in ("year", "volume", "issue", "edition", "fpage", "lpage", "page-range", "elocation-id",
                "publisher-loc", "publisher-name"):
        value = _text(citation.find(tag))
        if value:
            values[tag] = value
    accessed = _text(citation.find("date-in-citation"))
    if accessed:
        values["accessed"] = accessed
    links = [e for e in citation if e.tag in ("ext-link", "uri")]
    doi_candidates = [_text(e) for e in citation.findall("pub-id[@pub-id-type='doi']")[:1]]
    doi_candidates += [e.get("{http://www.w3.org/1999/xlink}href") or "" for e in citation.findall("ext-link")
                       if cited_doi(e.get("{http://www.w3.org/1999/xlink}href"))]
    return Citation(
        is_journal=kind in ("journal", "periodical") or (
            not kind and (first["volume"] is not None or first["issue"] is not None)
            and first["publisher-name"] is None),
        authors=[_name(n) for n in author_names],
        authors_etal=(authors if authors is not None else citation).find("etal") is not None,
        editors=[] if editors is None else [_name(n) for n in editors if n.tag in ("name", "string-name", "collab")],
        editors_etal=editors is not None and editors.find("etal") is not None,
        title=next((e for e in (citation.find(t) for t in ("article-title", "data-title", "part-title"))
                    if e is not None), None),
        chapter_title=citation.find("chapter-title"),
        source=citation.find("source"),
        values=values,
        comments=[c for c in citation.findall("comment") if _text(c)],
        links=[e for e in links if not (cited_doi(e.get("{http://www.w3.org/1999/xlink}href")) or cited_doi(_text(e)))],
        doi=cited_doi(doi_candidates[0]) if doi_candidates else None,
    )


# ----- the style's rules -----

def name_list(names: list[Name], etal: bool, style: ReferenceStyle) -> str:
    rules = style.names
    written = [rules.anonymous if n is ANONYMOUS else
               ama_name(n.surname, n.given_names, n.suffix, rules.initials_delimiter) if isinstance(n, PersonName)
               else str(n) for n in names]
    if len(written) > rules.list_all_up_to:
        written = [*written[:rules.listed_when_more], rules.et_al]
    elif etal:
        written.append(rules.et_al)
    return rules.delimiter.join(written)


def page_range(values: dict[str, str], style: ReferenceStyle) -> str:
    """'675-692' (or '675-92' where the style shortens ranges); one page; else the page range or e-location."""
    first, last = values.get("fpage", ""), values.get("lpage", "")
    if first and last and first != last:
        if style.pages.abbreviate and first.isdigit() and last.isdigit() and len(first) == len(last):
            shared = next((i for i, (a, b) in enumerate(zip(first, last, strict=True)) if a != b), len(last) - 1)
            last = last[shared:]
        return f"{first}{style.pages.range_delimiter}{last}"
    return first or values.get("page-range", "") or values.get("elocation-id", "")


def _variable(citation: Citation, name: str, style: ReferenceStyle, node: Node | None = None) -> list[Piece]:
    """The pieces of one variable (a list variable gives one piece per item); [] when the citation lacks it."""
    italic = node is not None and node.italic
    if name == "authors":
        return [name_list(citation.authors, citation.authors_etal, style)] if citation.authors else []
    if name == "editors":
        return [name_list(citation.editors, citation.editors_etal, style)] if citation.editors else []
    if name == "title":
        title = citation.chapter_title if citation.chapter_title is not None else citation.title
        return [Marked("title", title)] if title is not None and _plain(title) else []
    if name == "chapter-title":
        return [Marked("title", citation.chapter_title)] if _text(citation.chapter_title) else []
    if name == "source":
        return [Marked("source", citation.source, italic)] if citation.source is not None and _plain(citation.source) \
            else []
    if name == "pages":
        pages = page_range(citation.values, style)
        return [pages] if pages else []
    if name == "comments":
        return [Marked("comment", c) for c in citation.comments]
    if name == "links":
        return [Marked("link", e) for e in citation.links]
    if name == "doi":
        return [Marked("doi", citation.doi)] if citation.doi else []
    value = citation.values.get(name, "")
    return [value] if value else []


def _plain(value: etree._Element | str) -> str:
    return " ".join(value.split()) if isinstance(value, str) else _text(value)


def _holds(citation: Citation, condition: str, style: ReferenceStyle) -> bool:
    name = condition.removeprefix("!")
    if name.startswith(NUMERIC):
        present = citation.values.get(name.removeprefix(NUMERIC), "").isdigit()
    else:
        present = citation.is_journal if name == "is-journal" else bool(_variable(citation, name, style))
    return present != condition.startswith("!")


def _render(node: Node, citation: Citation, style: ReferenceStyle) -> tuple[list[Piece], bool]:
    """The node's pieces, and whether a variable printed in it (a group without one is left out, as in CSL)."""
    if not all(_holds(citation, c, style) for c in node.when):
        return [], False
    if node.text is not None:
        return [node.text], False
    if node.var is not None:
        pieces: list[Piece] = []
        for item in _variable(citation, node.var, style, node):
            if node.ensure_ending and isinstance(item, str):
                word = node.ensure_ending.strip()
                if not re.search(re.escape(word) + r"\.?$", item):
                    item += node.ensure_ending
            if pieces and node.delimiter:
                pieces.append(node.delimiter)
            ending = item.text() if isinstance(item, Marked) else item
            stop = (" " if re.search(r"[.?!]$", ending) else ". ") if node.stop else ""
            pieces += [p for p in (node.prefix, item, stop, node.suffix) if p]
        return pieces, bool(pieces)
    parts = [_render(child, citation, style) for child in node.group or []]
    if any(child.var is not None or child.group is not None for child in node.group or []) and \
            not any(printed for _, printed in parts):
        return [], False
    joined: list[Piece] = []
    for pieces, _ in parts:
        if pieces:
            if joined and node.delimiter:
                joined.append(node.delimiter)
            joined += pieces
    if not joined:
        return [], False
    return [p for p in (node.prefix, *joined, node.suffix) if p], True


def format_citation(citation: Citation, style: ReferenceStyle) -> list[Piece]:
    """The reference in the style, as text and marked pieces in reading order."""
    pieces: list[Piece] = []
    for node in style.layout:
        pieces += _render(node, citation, style)[0]
    return pieces


def as_text(pieces: list[Piece]) -> str:
    """The pieces as one line of plain text (the cite-as line): spaces collapsed, no space at the ends."""
    return " ".join("".join(p.text() if isinstance(p, Marked) else p for p in pieces).split())
