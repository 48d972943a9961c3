"""Small builders for JATS elements that several stages write (journal-meta, dates, ids, text splicing)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable

from lxml import etree

from pipeline.config.journal import Journal
from pipeline.names import PersonName
from pipeline.xmlio import NS

ARTICLE_NSMAP = {"xlink": NS["xlink"], "mml": NS["mml"], "ali": NS["ali"]}


def el(tag: str, text: str | None = None, children: Iterable[etree._Element] = (), **attrs: str) -> etree._Element:
    """An element with optional text, children and attributes ('xlink_href' -> xlink:href)."""
    node = etree.Element(_qname(tag))
    for key, value in attrs.items():
        if value is not None:
            node.set(_qname(key.replace("__", ":").replace("_", "-")), value)
    if text is not None:
        node.text = text
    for child in children:
        node.append(child)
    return node


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    node = el(tag, text, **attrs)
    parent.append(node)
    return node


def _qname(name: str) -> str:
    if ":" in name:
        prefix, local = name.split(":", 1)
        if prefix in NS:
            return f"{{{NS[prefix]}}}{local}"
        if prefix == "xml":
            return f"{{http://www.w3.org/XML/1998/namespace}}{local}"
    return name


def new_article(article_type: str) -> etree._Element:
    article = etree.Element("article", nsmap=ARTICLE_NSMAP)
    article.set("article-type", article_type)
    article.set("dtd-version", "1.3")
    article.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
    return article


def journal_meta(journal: Journal) -> etree._Element:
    meta = el("journal-meta")
    sub(meta, "journal-id", journal.abbrev_title, journal_id_type="nlm-ta")
    sub(meta, "journal-id", journal.abbrev_title, journal_id_type="iso-abbrev")
    sub(meta, "journal-id", journal.publisher_id, journal_id_type="publisher-id")
    group = sub(meta, "journal-title-group")
    sub(group, "journal-title", journal.title)
    sub(group, "abbrev-journal-title", journal.abbrev_title, abbrev_type="nlm-ta")
    # pub-type, not publication-format: the PMC Style Checker requires issn/@pub-type.
    if journal.issn.print:  # a journal published online only has none
        sub(meta, "issn", journal.issn.print, pub_type="ppub")
    sub(meta, "issn", journal.issn.electronic, pub_type="epub")
    publisher = sub(meta, "publisher")
    sub(publisher, "publisher-name", journal.publisher.name)
    if journal.publisher.location:
        sub(publisher, "publisher-loc", journal.publisher.location)
    return meta


def date_element(tag: str, value: dt.date, *, day: bool = True, **attrs: str) -> etree._Element:
    iso = value.isoformat() if day else f"{value.year:04d}-{value.month:02d}"
    node = el(tag, iso_8601_date=iso, **attrs)
    if day:
        sub(node, "day", f"{value.day:02d}")
    sub(node, "month", f"{value.month:02d}")
    sub(node, "year", f"{value.year:04d}")
    return node


def text_nodes(root: etree._Element, skip: frozenset[str] = frozenset()) -> list[tuple[etree._Element, str]]:
    """Every (element, 'text'|'tail') slot holding text below root, in document order, outside `skip` tags."""
    slots: list[tuple[etree._Element, str]] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            slots.append((node, "text"))
        for child in node:
            if isinstance(child.tag, str) and etree.QName(child).localname not in skip:
                walk(child)
            if child.tail:
                slots.append((child, "tail"))

    walk(root)
    return slots


def splice(node: etree._Element, slot: str, pattern: re.Pattern[str],
           make: Callable[[re.Match[str]], list[etree._Element | str] | None]) -> int:
    """Replace matches of `pattern` in one text slot with the nodes `make` returns (None: leave the match)."""
    text = node.text if slot == "text" else node.tail
    if not text:
        return 0
    pieces: list[etree._Element | str] = []
    last, count = 0, 0
    for m in pattern.finditer(text):
        made = make(m)
        if made is None:
            continue
        pieces.append(text[last:m.start()])
        pieces.extend(made)
        last = m.end()
        count += 1
    if not count:
        return 0
    pieces.append(text[last:])
    # Rebuild: the first string goes in the slot, elements follow, later strings become tails.
    if slot == "text":
        node.text = None
        parent, index = node, 0
    else:
        node.tail = None
        parent, index = node.getparent(), node.getparent().index(node) + 1
    previous: etree._Element | None = None if slot == "text" else node
    for piece in pieces:
        if isinstance(piece, str):
            if previous is None:
                parent.text = (parent.text or "") + piece
            else:
                previous.tail = (previous.tail or "") + piece
        else:
            parent.insert(index, piece)
            index += 1
            previous = piece
    return count


def keep_tail(node: etree._Element) -> None:
    """Before an element is taken out: its tail text stays where it was in the document."""
    if not node.tail:
        return
    previous, parent = node.getprevious(), node.getparent()
    if previous is not None:
        previous.tail = (previous.tail or "") + node.tail
    else:
        parent.text = (parent.text or "") + node.tail
    node.tail = None


def remove_keep_tail(node: etree._Element) -> None:
    """Take an element out of the document, leaving its tail text in place."""
    keep_tail(node)
    node.getparent().remove(node)


def plain_text(node: etree._Element | None) -> str:
    if node is None:
        return ""
    return " ".join("".join(node.itertext()).split())


def remove_leading_text(node: etree._Element, count: int) -> None:
    """Remove the first `count` characters of a node's text (as itertext gives it), dropping inline elements
    that end up empty: how a 'Table 1.' or 'Figure 2.' label comes off its caption paragraph."""
    for holder, slot in text_nodes(node):
        if count <= 0:
            break
        text = holder.text if slot == "text" else holder.tail
        take = min(count, len(text))
        text = text[take:]
        count -= take
        if slot == "text":
            holder.text = text
        else:
            holder.tail = text
    for child in list(node.iter()):
        if child is node or not isinstance(child.tag, str) or child.tag in ("break", "xref", "inline-graphic"):
            continue
        if not "".join(child.itertext()).strip() and not len(child) and child.getparent() is not None:
            remove_keep_tail(child)
    if node.text:
        node.text = node.text.lstrip()


def person_name(name: etree._Element) -> PersonName | None:
    """A JATS name (or a string-name with parts) as a PersonName; None when it has no surname."""
    surname = " ".join((name.findtext("surname") or "").split())
    if not surname:
        return None

    def part(tag: str) -> str | None:
        return " ".join((name.findtext(tag) or "").split()) or None

    return PersonName(surname, part("given-names"), part("suffix"), part("prefix"),
                      eastern=name.get("name-style") == "eastern")


def contrib_display_name(contrib: etree._Element) -> str:
    """A contributor as people read them ("Hakan Doğan"); a collaboration by its own name, without the member
    list some articles nest in it; a name without parts as written."""
    name = next((n for n in (contrib.find("name"), contrib.find("name-alternatives/name"), contrib.find("string-name"))
                 if n is not None), None)
    if name is not None:
        person = person_name(name)
        return person.display() if person is not None else plain_text(name)
    collab = contrib.find("collab")
    if collab is None:
        return ""
    own = [collab.text or ""]
    for child in collab:
        if child.tag != "contrib-group":
            own.append("".join(child.itertext()))
        own.append(child.tail or "")
    return " ".join("".join(own).split())
