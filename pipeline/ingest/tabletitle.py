"""A Word table whose title is typed in its own first row (cells merged across the table) -> that title as a
caption paragraph, and the table without the row.

Authors who keep a table and its title together often type "Table 2: Overview of …" in a first row merged
across all columns (or in the first cell of a row whose other cells are empty), sometimes as two rows: "Table
1" and then the title. Those rows are not data: they become the table's caption (the segmenter treats the
paragraph made here as any "Table N." line), and the finding says where the title was taken from.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from lxml import etree

from pipeline.ingest import labels
from pipeline.ingest.blocks import Block

TITLE_ROWS = 3  # at most this many rows (empty ones, the "Table N" row and its title) open a table as its title


@dataclass
class TitleRow:
    caption: Block  # a paragraph "Table N: title", as if typed above the table
    where: str  # where it was taken from, for the finding
    after: list[Block] = field(default_factory=list)  # what a wrapping table's other rows held, to follow the table


def title_row(table: Block) -> TitleRow | None:
    """The caption a table's first rows hold, taken out of the table; None when they hold none."""
    every = [tr for section in table.element.findall("table") for tr in _rows(section)]
    rows = every[:TITLE_ROWS]
    texts: list[etree._Element] = []  # the one cell with text of each title row
    taken: list[etree._Element] = []
    for tr in rows:
        cells = list(tr)
        filled = [c for c in cells if _text(c)]
        if any(int(c.get("rowspan", "1")) > 1 for c in cells):
            break
        if not filled and not texts:
            taken.append(tr)  # an empty row above the title
            continue
        if len(filled) != 1:
            break
        if not texts and filled[0].find(".//table-wrap") is not None:
            return _wrapper(table, filled[0], every)
        if not texts and not labels.TABLE_CAPTION.match(_text(filled[0])):
            return None
        if texts and labels.TABLE_CAPTION.match(_text(texts[0])).group("rest").strip():
            break  # the first row has the whole title ("Table 2: Overview …"); this row is the table's
        texts.append(filled[0])
        taken.append(tr)
    if not texts:
        return None
    caption = etree.Element("p")
    for n, cell in enumerate(texts):
        _append_inline(caption, cell, separator=". " if n else "")
    for tr in taken:
        section = tr.getparent()
        section.remove(tr)
        if not len(section) and section.tag in ("thead", "tbody", "tfoot"):
            section.getparent().remove(section)
    rows_said = "row" if len(texts) == 1 else "rows"
    return TitleRow(Block("para", caption, index=table.index), f"the table's first {rows_said}")


def _wrapper(table: Block, cell: etree._Element, rows: list[etree._Element]) -> TitleRow | None:
    """A table of one column whose first cell holds the title and, below it, the real table (nested): the title,
    and the nested table in place of the one that wraps it. What the wrapper's other rows hold (a figure and its
    legend, laid out the same way) goes on after the table, as the paragraphs of their cells."""
    titles = [p for p in cell if p.tag == "p" and p.find(".//table-wrap") is None and _text(p)]
    nested = cell.find(".//table-wrap")
    others = [tr for tr in rows if tr is not cell.getparent() and _text(tr)]  # a figure in the next row, say
    if any(len(tr) > 1 for tr in others) or any(tr.find(".//table-wrap") is not None for tr in others) or \
            not titles or not labels.TABLE_CAPTION.match(_text(titles[0])):
        return None
    after = []
    for tr in others:
        for held in [p for c in tr for p in ([p for p in c if p.tag == "p"] or [c]) if _text(p)]:
            p = copy.deepcopy(held)
            p.tag = "p"
            p.attrib.clear()
            after.append(Block("para", p, index=table.index))
    caption = etree.Element("p")
    for n, p in enumerate(titles):
        _append_inline(caption, p, separator=" " if n else "")
    for old in table.element.findall("table"):
        table.element.remove(old)
    for inner in nested.findall("table"):
        table.element.append(inner)
    return TitleRow(Block("para", caption, index=table.index), "the table's first row", after)


def _rows(table: etree._Element) -> list[etree._Element]:
    rows: list[etree._Element] = []
    for section in table:
        if section.tag == "tr":
            rows.append(section)
        elif section.tag in ("thead", "tbody"):
            rows.extend(section.findall("tr"))
    return rows


def _text(cell: etree._Element) -> str:
    return " ".join("".join(cell.itertext()).split())


def _append_inline(target: etree._Element, cell: etree._Element, separator: str) -> None:
    """The inline content of a cell (its paragraphs run together) at the end of a paragraph."""
    holders = ([p for p in cell if p.tag == "p"] or [cell]) if cell.tag != "p" else [cell]
    for holder in holders:
        part = copy.deepcopy(holder)
        lead = separator + (part.text or "")
        separator = " "
        if len(target):
            target[-1].tail = (target[-1].tail or "") + lead
        else:
            target.text = (target.text or "") + lead
        for child in part:
            target.append(child)
    target.text = (target.text or "").lstrip() or None
