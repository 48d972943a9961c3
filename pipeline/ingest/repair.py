"""Pandoc's raw JATS -> the same JATS, repaired where pandoc writes what the JATS DTD does not allow, and
with embedded images taken out (their descriptions kept).

Pandoc's JATS writer follows its own document model, and a few of its
constructions are not valid JATS wherever the pipeline may put them:

- a Word heading inside a table cell is a `title` in a `p`: it becomes bold text;
- a link inside a link (a table of contents entry and its page number): the inner one becomes text;
- a line break (`break`) where the DTD has none: inside bold, italic, sub/superscript, underline, small caps
  or a link it is moved out by splitting them ("<bold>a<break/>b</bold>" -> "<bold>a</bold><break/>
  <bold>b</bold>"), up to the cell, title or heading that may hold it; where nothing around it may (a
  paragraph, a list item) it becomes a line end in the text, as pandoc writes a line break in a paragraph;
- a table whose rows are all header rows has an empty `tbody`: the header rows become its body
  (they stay `th` cells);
- a table of one or two cells that only lays out a figure (its image and its "Figure N." legend) is no
  table of the article: its contents take its place, so that the legend is read as a legend;
- an image (`graphic`, `inline-graphic`, a `fig` around one) points at a file inside the Word file, which
  the article does not carry: figures come only from the figure files supplied. The image is taken out,
  and its alt text and title are returned with where it stood, to be kept in the article and reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from pipeline.ingest import labels
from pipeline.jats import el, keep_tail, remove_keep_tail
from pipeline.xmlio import NS

XLINK_TITLE = f"{{{NS['xlink']}}}title"


@dataclass
class EmbeddedImage:
    description: str  # alt text and title, as the author (or Word) wrote them; may be empty
    where: str  # for people: "in the paragraph starting “…”"


def repair(raw: etree._Element) -> list[EmbeddedImage]:
    """Repair pandoc's JATS in place; returns the images taken out, in document order."""
    _figures_to_captions(raw)
    _figure_layout_tables(raw)
    images = _take_out_images(raw)
    _titles_in_paragraphs(raw)
    _links_in_links(raw)
    _header_only_tables(raw)
    _breaks_where_allowed(raw)
    return images


def _figures_to_captions(raw: etree._Element) -> None:
    """A pandoc `fig` (an image with a Word caption) -> its caption paragraphs and its image, in its place."""
    for fig in list(raw.iter("fig")):
        parent = fig.getparent()
        if parent is None:
            continue
        replacement: list[etree._Element] = []
        for child in fig:
            if child.tag == "caption":
                for part in child:
                    if part.tag == "title":
                        part.tag = "p"
                    replacement.append(part)
            elif child.tag in ("graphic", "media", "alternatives"):
                replacement.append(child)
            elif child.tag == "label":
                child.tag = "p"
                replacement.append(child)
        index = parent.index(fig)
        keep_tail(fig)
        parent.remove(fig)
        for offset, node in enumerate(replacement):
            parent.insert(index + offset, node)


def _figure_layout_tables(raw: etree._Element) -> None:
    """A table holding an image and a legend ("Figure 1: PRISMA flow diagram") in one or two cells -> the
    cells' contents, in its place. Authors lay figures out so; read as a table it would be an unlabelled
    table and the legend would not be found."""
    for wrap in list(raw.iter("table-wrap")):
        cells = list(wrap.iter("td", "th"))
        if not 1 <= len(cells) <= 2 or next(wrap.iter("graphic", "inline-graphic"), None) is None:
            continue
        content: list[etree._Element] = []
        for cell in cells:
            content.extend(_as_blocks(cell))
        texts = [" ".join("".join(c.itertext()).split()) for c in content]
        first = next((t for t in texts if t), "")
        if not labels.is_legend(first) or len([t for t in texts if t]) > 3:
            continue
        caption = wrap.find("caption")
        if caption is not None:  # a Word caption on the layout table: part of the legend's text all the same
            for part in caption:
                if part.tag == "title":
                    part.tag = "p"
            content = list(caption) + content
        parent = wrap.getparent()
        index = parent.index(wrap)
        keep_tail(wrap)
        parent.remove(wrap)
        for offset, node in enumerate(content):
            parent.insert(index + offset, node)


def _as_blocks(cell: etree._Element) -> list[etree._Element]:
    """A cell's contents as block elements: its paragraphs (and images), or its inline text as one paragraph."""
    if (cell.text or "").strip() or any(child.tag not in ("p", "graphic", "list", "disp-quote") for child in cell):
        p = el("p")
        p.text = cell.text
        p.extend(list(cell))
        return [p]
    return list(cell)


def _take_out_images(raw: etree._Element) -> list[EmbeddedImage]:
    images: list[EmbeddedImage] = []
    for image in list(raw.iter("graphic", "inline-graphic")):
        if image.getparent() is None:
            continue
        alt = " ".join("".join(t.itertext()) for t in image.iter("alt-text")).strip()
        title = (image.get(XLINK_TITLE) or "").strip()
        description = " — ".join(dict.fromkeys(x for x in (title, alt) if x))
        images.append(EmbeddedImage(" ".join(description.split()), _where(image)))
        keep_tail(image)
        image.getparent().remove(image)
    return images


def _where(node: etree._Element) -> str:
    """Where an element stood, in the words of the text around it."""
    ancestors = list(node.iterancestors())
    for kinds, name in ((("td", "th"), "table cell"), (("fn",), "footnote"), (("p",), "paragraph")):
        holder = next((a for a in ancestors if a.tag in kinds), None)
        if holder is not None and _start(holder):
            return f"in the {name} starting “{_start(holder)}”"
        if holder is not None and name != "paragraph":
            return f"in a {name}"
    block = node
    while block.getparent() is not None and block.getparent().tag not in ("body", "sec", "back", "pandoc-jats"):
        block = block.getparent()
    previous = block.getprevious()
    while previous is not None and not _start(previous):
        previous = previous.getprevious()
    if previous is not None:
        return f"after the paragraph starting “{_start(previous)}”"
    return "at the start of the manuscript"


def _start(node: etree._Element, count: int = 8) -> str:
    """The first words of an element's text, without the descriptions of images in it."""
    parts: list[str] = []

    def walk(n: etree._Element) -> None:
        if n.tag in ("graphic", "inline-graphic", "alt-text", "label"):
            return
        parts.append(n.text or "")
        for child in n:
            if isinstance(child.tag, str):
                walk(child)
            parts.append(child.tail or "")

    walk(node)
    words = "".join(parts).split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def _titles_in_paragraphs(raw: etree._Element) -> None:
    for title in list(raw.iter("title")):
        parent = title.getparent()
        if parent is not None and parent.tag in ("p", "td", "th", "list-item"):
            title.tag = "bold"
            title.attrib.clear()
            if parent.tag == "list-item":  # a list item holds paragraphs, not text
                p = el("p")
                p.tail = title.tail
                title.tail = None
                title.addprevious(p)
                p.append(title)


# The elements of the JATS 1.3 Publishing DTD whose content may hold a `break` (tests/ingest/test_inline_matrix.py
# checks this against the DTD), and the inline elements a break is moved out of.
BREAK_HOLDERS = frozenset({"aff", "alt-title", "article-title", "chem-struct", "disp-formula", "product", "sig",
                           "sig-block", "subtitle", "td", "th", "title", "trans-subtitle", "trans-title"})
INLINE_FORMATTING = frozenset({"bold", "italic", "underline", "overline", "sup", "sub", "sc", "monospace", "strike",
                               "roman", "sans-serif", "ext-link", "xref", "uri", "named-content", "styled-content"})


def _breaks_where_allowed(raw: etree._Element) -> None:
    """Every line break where the DTD allows one: out of inline formatting by splitting it, else a line end."""
    for line_break in list(raw.iter("break")):
        parent = line_break.getparent()
        while parent is not None and parent.tag in INLINE_FORMATTING:
            _split_at(parent, line_break)
            parent = line_break.getparent()
        if parent is not None and parent.tag not in BREAK_HOLDERS:
            tail = line_break.tail
            line_break.tail = "\n" + (tail or "")
            remove_keep_tail(line_break)


def _split_at(inline: etree._Element, child: etree._Element) -> None:
    """`inline` split around its child `child`, which then stands between the two halves (an empty half goes)."""
    after = etree.Element(inline.tag, dict(inline.attrib))
    after.text = child.tail
    child.tail = None
    for following in list(child.itersiblings()):
        after.append(following)
    after.tail = inline.tail
    inline.tail = None
    inline.remove(child)
    inline.addnext(child)
    child.addnext(after)
    for half in (inline, after):
        if not len(half) and not (half.text or "") and half.getparent() is not None:
            remove_keep_tail(half)


def _links_in_links(raw: etree._Element) -> None:
    for outer in list(raw.iter("xref", "ext-link")):
        for inner in list(outer.iter("xref", "ext-link")):
            if inner is not outer and inner.getparent() is not None:
                unwrap(inner)


def _header_only_tables(raw: etree._Element) -> None:
    for table in raw.iter("table"):
        for tbody in table.findall("tbody"):
            if tbody.find("tr") is None:
                table.remove(tbody)
        head = table.find("thead")
        if table.find("tbody") is None and table.find("tr") is None and head is not None:
            head.tag = "tbody"


def unwrap(node: etree._Element) -> None:
    """Replace an element by its content (text, children and tail stay where they were)."""
    parent = node.getparent()
    index = parent.index(node)
    previous = node.getprevious()
    text = node.text or ""
    if previous is None:
        parent.text = (parent.text or "") + text
    else:
        previous.tail = (previous.tail or "") + text
    children = list(node)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    last = children[-1] if children else previous
    tail = node.tail or ""
    parent.remove(node)
    if last is None:
        parent.text = (parent.text or "") + tail
    else:
        last.tail = (last.tail or "") + tail
