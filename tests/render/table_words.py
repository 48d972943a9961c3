"""Checking a PDF's tables as an editor does: every word of every cell printed whole (issue 11).

The words a cell should print are read from the print HTML (a <sup>/<sub> is a word of its own: the PDF sets it
apart); the words the PDF prints are pdfplumber's, inside the table's boxes as WeasyPrint laid them out (CSS px,
0.75 pt each), so that the same word printed whole in the text around the table does not hide a broken one.
A word may end a line at a hyphen or dash it holds ("Pre-" / "operative"), so both sides are cut after those.
A cell word is printed whole when as many PDF words inside the table contain it as cell words do.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import lxml.html

PX_TO_PT = 0.75
CUT = re.compile(r"[\s\u00ad]+|(?<=[-\u2010\u2011\u2013\u2014/])")


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).casefold()
    return [w for w in CUT.split(text) if w]


def _cell_text(node) -> list[str]:
    """The cell's text nodes, each apart (a <sup>, a list item, a line is set apart in the PDF), without the links
    (a URL or DOI may break after its dots and slashes, as print.css lets it)."""
    if node.tag == "a" and "mailto:" not in (node.get("href") or ""):
        return []
    pieces = [node.text or ""]
    for child in node:
        pieces += _cell_text(child)
        pieces.append(child.tail or "")
    return pieces


def cell_words(html: bytes) -> list[str]:
    """Every word of every table cell of the print HTML."""
    root = lxml.html.document_fromstring(html)
    found = []
    for cell in root.xpath("//table[contains(concat(' ', @class, ' '), ' table ')]//*[self::td or self::th]"):
        for piece in _cell_text(cell):
            found += words(piece)
    return found


def table_regions(document) -> list[tuple[int, tuple[float, float, float, float]]]:
    """(page index from 0, (x0, top, x1, bottom) in pt) of every table fragment WeasyPrint laid out."""
    from weasyprint.formatting_structure import boxes

    from pipeline.render.pdf_boxes import children

    found = []

    def walk(box, page: int) -> None:
        if isinstance(box, boxes.TableBox):
            x = box.position_x + box.margin_left
            y = box.position_y + box.margin_top
            found.append((page, (x * PX_TO_PT, y * PX_TO_PT, (x + box.border_width()) * PX_TO_PT,
                                 (y + box.border_height()) * PX_TO_PT)))
            return
        for child in children(box):
            walk(child, page)

    for index, page in enumerate(document.pages):
        walk(page._page_box, index)
    return found


def printed_table_words(pdf: Path, regions) -> list[str]:
    import pdfplumber

    found = []
    with pdfplumber.open(pdf) as document:
        for page, (x0, top, x1, bottom) in regions:
            sheet = document.pages[page]
            box = (max(0, x0 - 1), max(0, top - 1), min(sheet.width, x1 + 1), min(sheet.height, bottom + 1))
            for word in sheet.crop(box).extract_words(x_tolerance=1.5, y_tolerance=2):
                found += words(word["text"])
    return found


def broken_words(expected: list[str], printed: list[str]) -> list[str]:
    """The cell words fewer PDF words inside the tables contain than cell words do (each once, sorted)."""
    cells = Counter(expected)
    broken = []
    for word in sorted(cells):
        need = sum(n for other, n in cells.items() if word in other)
        have = sum(1 for p in printed if word in p)
        if have < need:
            broken.append(word)
    return broken
