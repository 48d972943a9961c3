"""Read a .docx directly (OOXML), independently of pandoc: what it contains and all its text.

Three jobs, all on the Word file itself:
- `inspect()` lists the Word features the pipeline treats specially (tracked changes,
  comments, embedded images, text boxes, charts, OLE objects) so that none is lost silently;
- `inventory()` lists every paragraph of author text (body, tables, text boxes, footnotes,
  endnotes) with where it is, for the conservation check (a drawing's VML copy in mc:Fallback
  is the same text again and is read once);
- `prepare_for_pandoc()` writes a copy in which page breaks are visible to pandoc (pandoc drops
  them, but a page break is how a manuscript separates its title page and abstract), the
  paragraphs in the Word `Abstract` style are bounded by marks (pandoc's JATS says nothing of
  paragraph styles, and the style is the surest sign of where an abstract ends), and text
  boxes stand as paragraphs after the paragraph that anchors them (pandoc would read that
  paragraph as the box alone, and lose its own text).
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pipeline.config.journal import Limits
from pipeline.diagnostics import fail
from pipeline.ingest import budgets, filekind
from pipeline.ingest.package import Package

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
NS = {
    "w": W,
    "m": M,
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "v": "urn:schemas-microsoft-com:vml",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "dgm": "http://schemas.openxmlformats.org/drawingml/2006/diagram",
    "o": "urn:schemas-microsoft-com:office:office",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
# A paragraph made of this text stands for a page break in what pandoc reads; it is not author text.
PAGE_BREAK_MARK = "\ue000page-break\ue000"
# Paragraphs made of these texts stand where the paragraphs in the Word Abstract style (with the headings
# among them) start and end; not author text either.
ABSTRACT_START_MARK = "\ue000abstract-start\ue000"
ABSTRACT_END_MARK = "\ue000abstract-end\ue000"
MARKS = (PAGE_BREAK_MARK, ABSTRACT_START_MARK, ABSTRACT_END_MARK)

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False)


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass
class Features:
    insertions: int = 0
    deletions: int = 0
    moves: int = 0
    format_changes: int = 0
    comments: int = 0
    text_boxes: int = 0
    charts: int = 0
    diagrams: int = 0
    ole_objects: int = 0
    equations: int = 0
    footnotes: int = 0
    endnotes: int = 0
    page_breaks: int = 0
    header_footer_text: list[str] = field(default_factory=list)

    @property
    def tracked_changes(self) -> int:
        return self.insertions + self.deletions + self.moves + self.format_changes


@dataclass(frozen=True)
class SourceParagraph:
    """One paragraph of author text as Word holds it, and where it is."""

    text: str
    where: str  # "paragraph 12", "table 2, row 3, cell 1", "footnote 1", "text box 1"
    in_math: bool = False


class WordFile:
    """An opened .docx: its package (read within the journal's limits, package.py) and its parts as parsed XML
    trees. The main part is the one the package relationships name (word/document.xml in most files); the
    parts it uses are found through its own relationships."""

    def __init__(self, path: Path, limits: Limits | None = None):
        self.path = path
        self.limits = limits or Limits()
        self.package = Package(path, self.limits)
        self._trees: dict[str, etree._Element] = {}

    @property
    def main(self) -> str:
        return self.package.main

    def tree(self, part: str | None) -> etree._Element | None:
        if part is None or not self.package.has(part):
            return None
        if part not in self._trees:
            try:
                root = etree.fromstring(self.package.read(part), _PARSER)
            except etree.XMLSyntaxError as exc:
                raise fail("input.not-docx", f"the Word file is damaged: {part} is not well-formed XML ({exc})",
                           file=str(self.path)) from None
            budgets.check_nesting(root, part, self.limits, str(self.path))
            self._trees[part] = root
        return self._trees[part]

    def related_tree(self, kind: str) -> etree._Element | None:
        """The first part of a kind the main part uses (styles, comments, footnotes, endnotes), parsed."""
        parts = self.package.related(kind)
        return self.tree(parts[0]) if parts else None

    @property
    def document(self) -> etree._Element:
        doc = self.tree(self.main)
        assert doc is not None
        if doc.tag != _w("document"):
            raise fail("input.not-docx", filekind.not_word_document(etree.QName(doc).namespace or ""),
                       file=str(self.path))
        return doc


def inspect(word: WordFile) -> Features:
    doc = word.document
    f = Features()
    f.insertions = len(doc.findall(".//w:ins", NS))
    f.deletions = len(doc.findall(".//w:del", NS))
    f.moves = len(doc.findall(".//w:moveFrom", NS)) + len(doc.findall(".//w:moveTo", NS))
    f.format_changes = sum(len(doc.findall(f".//w:{t}", NS)) for t in ("rPrChange", "pPrChange", "tblPrChange",
                                                                        "trPrChange", "tcPrChange", "sectPrChange"))
    comments = word.related_tree("comments")
    f.comments = len(comments.findall("w:comment", NS)) if comments is not None else 0
    f.text_boxes = len(_outside_fallback(doc.iterfind(".//w:txbxContent", NS)))
    f.charts = len(doc.findall(".//c:chart", NS))
    f.diagrams = len(doc.findall(".//dgm:relIds", NS))
    f.ole_objects = len(doc.findall(".//o:OLEObject", NS))
    f.equations = len(doc.findall(".//m:oMath", NS))
    f.page_breaks = len(_page_break_paragraphs(doc))
    for kind in ("footnote", "endnote"):
        tree = word.related_tree(kind + "s")
        if tree is not None:
            notes = [n for n in tree.findall(f"w:{kind}", NS) if n.get(_w("type")) in (None, "normal")]
            setattr(f, f"{kind}s", len(notes))
    for name in sorted(word.package.related("header") + word.package.related("footer")):
        text = " ".join(paragraph_text(p) for p in word.tree(name).iter(_w("p"))).strip()
        if text:
            f.header_footer_text.append(text)
    return f


# --- text ---------------------------------------------------------------------------------------------------------

def paragraph_text(p: etree._Element) -> str:
    """The text of a paragraph as it reads once tracked changes are accepted: no deleted text, no
    field instructions, no math (counted apart), no text-box content (listed apart)."""
    out: list[str] = []
    _collect(p, out)
    text = "".join(out)
    for start, end in _SCRIPT_MARKS.values():
        # Runs of one vertical alignment side by side are one stretch, as pandoc reads them (one sup element):
        # Word splits a word over runs at will ("gre" + "y"). Only where the stretch begins and ends is a word's end.
        text = text.replace(end + start, "").replace(start, " ").replace(end, " ")
    return text


_SKIP = {_w("del"), _w("moveFrom"), _w("instrText"), _w("delInstrText"), _w("txbxContent"), _w("rPr"), _w("pPr"),
         f"{{{M}}}oMath", f"{{{M}}}oMathPara", _w("commentReference"), _w("footnoteReference"),
         _w("endnoteReference")}


# Where a run raised or lowered begins and ends, while a paragraph's text is collected: control characters, which
# XML 1.0 allows in no text, so no manuscript has them.
_SCRIPT_MARKS = {"superscript": ("\x01", "\x02"), "subscript": ("\x03", "\x04")}


def _collect(el: etree._Element, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _w("r") and (align := child.find("w:rPr/w:vertAlign", NS)) is not None and align.get(
                _w("val")) in _SCRIPT_MARKS:
            # A superscript is a word of its own (a citation, a marker), as the JATS sup element makes it.
            start, end = _SCRIPT_MARKS[align.get(_w("val"))]
            out.append(start)
            _collect(child, out)
            out.append(end)
        elif tag == _w("t"):
            out.append(child.text or "")
        elif tag in (_w("tab"), _w("br"), _w("cr")):
            out.append(" ")
        elif tag == _w("noBreakHyphen"):
            out.append("\u2011")
        elif tag == _w("sym"):
            out.append(_symbol(child))
        elif tag == f"{{{NS['mc']}}}AlternateContent":
            choice = child.find("mc:Choice", NS)
            if choice is not None:
                _collect(choice, out)
        else:
            _collect(child, out)


def _symbol(sym: etree._Element) -> str:
    """A character inserted from a symbol font (Insert > Symbol: Symbol, Wingdings, Webdings...). Its code is a
    glyph of that font, not a Unicode character (Symbol's 0xDA is ∨, not Ú; Webdings' 0x68 is 🚑, not h);
    pandoc translates the fonts it knows. The check counts words, and these are signs, so the symbol only
    separates words here."""
    return " "


def _inside_box(box: etree._Element, limit: etree._Element) -> bool:
    for ancestor in box.iterancestors():
        if ancestor is limit:
            return False
        if ancestor.tag == _w("txbxContent"):
            return True
    return False


def _outside_fallback(elements) -> list[etree._Element]:
    """The elements that are not inside an mc:Fallback (the copy of a drawing kept for old Word versions)."""
    fallback = f"{{{NS['mc']}}}Fallback"
    return [e for e in elements if not any(a.tag == fallback for a in e.iterancestors())]


def inventory(word: WordFile) -> list[SourceParagraph]:
    """Every paragraph of author text in the manuscript, with where it is, in document order."""
    items: list[SourceParagraph] = []
    body = word.document.find("w:body", NS)
    counters = {"paragraph": 0, "table": 0, "box": 0}
    if body is not None:
        _inventory_block(body, items, counters, table_place=None)
    for kind in ("footnote", "endnote"):
        tree = word.related_tree(kind + "s")
        if tree is None:
            continue
        number = 0
        for note in tree.findall(f"w:{kind}", NS):
            if note.get(_w("type")) not in (None, "normal"):
                continue
            number += 1
            for p in note.iter(_w("p")):
                text = paragraph_text(p)
                if text.strip():
                    items.append(SourceParagraph(text, f"{kind} {number}"))
    return items


def paragraph_places(word: WordFile) -> dict[etree._Element, str]:
    """Each paragraph of the main text (w:p) and where it is, as `inventory` names it for people ("paragraph 12",
    "Word table 2, row 1, cell 1", "text box 3")."""
    places: dict[etree._Element, str] = {}
    body = word.document.find("w:body", NS)
    if body is not None:
        _inventory_block(body, [], {"paragraph": 0, "table": 0, "box": 0}, table_place=None, places=places)
    return places


def _inventory_block(container: etree._Element, items: list[SourceParagraph], counters: dict[str, int],
                     table_place: str | None, places: dict[etree._Element, str] | None = None) -> None:
    for child in container:
        if child.tag == _w("p"):
            if table_place is None:
                counters["paragraph"] += 1
                where = f"paragraph {counters['paragraph']}"
            else:
                where = table_place
            if places is not None:
                places[child] = where
            text = paragraph_text(child)
            if text.strip():
                items.append(SourceParagraph(text, where))
            for box in _outside_fallback(child.iter(_w("txbxContent"))):
                if _inside_box(box, child):
                    continue  # a text box in a text box: read with the box that holds it
                counters["box"] += 1
                _inventory_block(box, items, counters, f"text box {counters['box']}", places)
        elif child.tag == _w("tbl"):
            counters["table"] += 1
            number = counters["table"]
            for r, row in enumerate(child.findall("w:tr", NS), 1):
                for c, cell in enumerate(row.findall("w:tc", NS), 1):
                    _inventory_block(cell, items, counters, f"Word table {number}, row {r}, cell {c}", places)
        elif child.tag in (_w("sdt"), _w("customXml"), _w("ins"), _w("moveTo"), _w("smartTag")):
            content = child.find("w:sdtContent", NS) if child.tag == _w("sdt") else child
            if content is not None:
                _inventory_block(content, items, counters, table_place, places)


def table_sizes(word: WordFile) -> list[tuple[int, str]]:
    """(cells, where) of every table of the main text, nested tables counted in the table that holds them."""
    return [(sum(1 for _ in table.iter(_w("tc"))), f"Word table {n}")
            for n, table in enumerate(word.document.iter(_w("tbl")), 1)]


# --- the copy pandoc reads ----------------------------------------------------------------------------------------

def _page_break_paragraphs(doc: etree._Element) -> list[tuple[etree._Element, str]]:
    """Paragraphs with a page or section break: (paragraph, 'after' or 'before')."""
    found = []
    for p in doc.iter(_w("p")):
        if p.find("w:pPr/w:pageBreakBefore", NS) is not None and p.find("w:pPr/w:pageBreakBefore", NS).get(
                _w("val"), "true") not in ("0", "false"):
            found.append((p, "before"))
        elif p.find(".//w:br[@w:type='page']", NS) is not None or p.find("w:pPr/w:sectPr", NS) is not None:
            found.append((p, "after"))
    return found


def _text_boxes_after_their_paragraph(doc: etree._Element) -> None:
    """Pandoc reads a paragraph that anchors a text box as the box's paragraphs alone: the paragraph's own text
    is lost. The box's paragraphs are put after the paragraph that anchors it, and the box emptied (its shape,
    and any picture beside it, stay)."""
    for p in list(doc.iter(_w("p"))):
        if any(a.tag == _w("txbxContent") for a in p.iterancestors()):
            continue  # inside a box: moved out with its box first, then handled in its new place
        boxes = [box for box in _outside_fallback(p.iter(_w("txbxContent"))) if not _inside_box(box, p)]
        if not boxes:
            continue
        anchor = p
        for box in boxes:
            for block in list(box):
                if block.tag in (_w("p"), _w("tbl"), _w("sdt")):
                    anchor.addnext(block)
                    anchor = block
        for box in list(p.iter(_w("txbxContent"))):  # the boxes and their VML copies
            holder = box.getparent()
            if holder is not None and holder.getparent() is not None:
                holder.getparent().remove(holder)


def paragraph_styles(word: WordFile) -> dict[str, str]:
    """Paragraph style id -> the style's name, lower case ("Heading1" -> "heading 1", "AbstractTitle" ->
    "abstract title"). A style the file does not define is known by its id."""
    styles = word.related_tree("styles")
    names: dict[str, str] = {}
    if styles is not None:
        for style in styles.iterfind("w:style", NS):
            name = style.find("w:name", NS)
            if style.get(_w("type")) == "paragraph" and style.get(_w("styleId")) and name is not None:
                names[style.get(_w("styleId"))] = (name.get(_w("val")) or "").lower()
    return names


_HEADING_STYLE = re.compile(r"^heading\s*\d$")


def _style_of(p: etree._Element, styles: dict[str, str]) -> str:
    style = p.find("w:pPr/w:pStyle", NS)
    if style is None:
        return ""
    value = style.get(_w("val")) or ""
    return styles.get(value, value.lower())


def _abstract_region(body: etree._Element, styles: dict[str, str]) -> tuple[etree._Element, etree._Element] | None:
    """The first and last paragraph of the manuscript's abstract as its Word styles give it: the first run of
    paragraphs in the Abstract style, with the headings (and an "Abstract Title" paragraph) just before and
    among them, up to the last Abstract paragraph before anything else. None when no paragraph has that style."""
    paragraphs = [child for child in body if child.tag in (_w("p"), _w("tbl"))]
    kinds = []
    for child in paragraphs:
        style = _style_of(child, styles) if child.tag == _w("p") else "table"
        if style == "abstract":
            kinds.append("abstract")
        elif _HEADING_STYLE.match(style) or style in ("abstract title", "abstracttitle"):
            kinds.append("heading")
        elif child.tag == _w("p") and paragraph_text(child).strip() in ("", PAGE_BREAK_MARK) and child.find(
                ".//w:drawing", NS) is None:
            kinds.append("empty")
        else:
            kinds.append("other")
    if "abstract" not in kinds:
        return None
    first = kinds.index("abstract")
    start = first
    while start > 0 and kinds[start - 1] == "heading":
        start -= 1
    last = first
    for n in range(first + 1, len(kinds)):
        if kinds[n] == "abstract":
            last = n
        elif kinds[n] == "other":
            break
    return paragraphs[start], paragraphs[last]


def _mark(text: str) -> etree._Element:
    marker = etree.Element(_w("p"))
    run = etree.SubElement(marker, _w("r"))
    etree.SubElement(run, _w("t")).text = text
    return marker


def _escape_image_descriptions(doc: etree._Element) -> None:
    """Pandoc 3.9's JATS writer copies an image's description (Word's alt text, the drawing's descr attribute)
    into <alt-text> without escaping it, so "Attention & Motivation" made its output unreadable XML. Escaped
    here, the description comes out of pandoc as well-formed XML that reads back as the author wrote it
    (tests/test_pandoc.py pins this behaviour)."""
    for node in doc.iter():
        if not isinstance(node.tag, str) or not node.tag.startswith(_DRAWING_NAMESPACES):
            continue
        for attribute in ("descr", "title"):
            value = node.get(attribute)
            if value and any(c in value for c in "&<>"):
                node.set(attribute, value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


# Word's drawing and picture elements (wp:docPr, pic:cNvPr), in transitional and strict namespaces.
_DRAWING_NAMESPACES = ("{http://schemas.openxmlformats.org/drawingml/", "{http://purl.oclc.org/ooxml/drawingml/")


def prepare_for_pandoc(word: WordFile) -> bytes:
    """The .docx for pandoc to read: text boxes after the paragraph that anchors them, a marker paragraph at
    each page break, marker paragraphs around the abstract the Word styles mark, and image descriptions escaped
    for pandoc's JATS writer."""
    doc = copy.deepcopy(word.document)
    _escape_image_descriptions(doc)
    _text_boxes_after_their_paragraph(doc)
    for p, side in _page_break_paragraphs(doc):
        if p.getparent() is None or p.getparent().tag != _w("body"):
            continue  # breaks inside tables or text boxes do not separate manuscript parts
        marker = _mark(PAGE_BREAK_MARK)
        if side == "before":
            p.addprevious(marker)
        else:
            p.addnext(marker)
    body = doc.find("w:body", NS)
    region = _abstract_region(body, paragraph_styles(word)) if body is not None else None
    if region is not None:  # inside the page breaks around it
        region[0].addprevious(_mark(ABSTRACT_START_MARK))
        region[1].addnext(_mark(ABSTRACT_END_MARK))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in word.package.parts():
            z.writestr(name, etree.tostring(doc, xml_declaration=True, encoding="UTF-8", standalone=True)
                       if name == word.main else data)
    return out.getvalue()
