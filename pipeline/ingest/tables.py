"""Word tables with their titles and notes -> JATS table-wrap (label, caption, table, table-wrap-foot).

Pandoc has already turned each Word table into a JATS table with colspan and
rowspan; this module adds what the manuscript says around it: the
"Table N. Title" paragraph or heading above becomes label and caption (with the paragraphs typed
between it and the table, if any, as the caption's paragraphs; a title typed below the table or in its
merged first row, found by the segmenter, is used the same way, with a finding saying so), the notes and
abbreviation lines below become footnotes, and header cells get scope. A
table that "continues below" keeps its parts as several `table` elements in
one table-wrap.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from lxml import etree

from pipeline.diagnostics import Finding
from pipeline.ingest import labels
from pipeline.ingest.blocks import strip_label
from pipeline.ingest.segment import TableParts
from pipeline.jats import el, sub


@dataclass
class BuiltTable:
    element: etree._Element  # table-wrap
    number: int | None
    supplementary: bool
    id: str
    key: str = ""  # labels.ObjectNumber.key: what mentions are matched by ("1", "A2", "1a")
    plain: bool = True  # numbered in the main series (labels.ObjectNumber.plain)


def build_tables(parts: list[TableParts]) -> tuple[list[BuiltTable], list[Finding], list[str]]:
    built: list[BuiltTable] = []
    findings: list[Finding] = []
    consumed: list[str] = []
    unlabelled = 0
    used: set[str] = set()
    for index, part in enumerate(parts, 1):
        number, supplementary, caption_title, label, typed, key, plain = None, False, None, "", "", "", True
        if part.caption is not None:
            m = labels.TABLE_CAPTION.match(part.caption.text)
            if m:
                numbered = labels.object_number(m)
                number, supplementary, key, plain = numbered.number, numbered.supplementary, numbered.key, \
                    numbered.plain
                caption_title = _caption_content(part.caption.element, m)
                label, typed = labels.object_label("Table", m)
        if number is not None and part.title_from:
            findings.append(Finding.of(
                "ingest.table-title-found", f"{label} has no title above it; its title “"
                f"{_short(part.caption.text)}” was taken from {part.title_from}", location=f"table {index}"))
        if number is None:
            unlabelled += 1
            findings.append(Finding.of(
                "ingest.table-title",
                f"table {index} of the manuscript has no “Table N.” title above it; it is kept without a label",
                location=f"table {index}, first cell “{_first_cell(part.table.element)}”"))
        table_id = f"{'st' if supplementary else 't'}{key}" if number is not None else f"tx{unlabelled}"
        if table_id in used:  # a second "Table 2" that does not continue the first: kept, with its own id
            findings.append(Finding.of(
                "ingest.table-numbering", f"the manuscript has two tables titled {label}; mentions of "
                f"{label} point at the first", location=f"table {index}, first cell "
                f"“{_first_cell(part.table.element)}”"))
            table_id = f"{table_id}-{index}"
        used.add(table_id)
        wrap = el("table-wrap", id=table_id, position="float")
        if number is not None:
            sub(wrap, "label", label)
            caption = sub(wrap, "caption")
            title = sub(caption, "title")
            if caption_title is not None:
                title.text = caption_title.text
                for child in caption_title:
                    title.append(child)
            for more in part.caption_more:  # the caption's other paragraphs, typed between title and table
                p = copy.deepcopy(more.element)
                p.tag = "p"
                p.attrib.clear()
                caption.append(p)
            consumed.append(typed)
        for block in [part.table, *part.more]:  # a table that "continues below" keeps its parts together
            for table in block.element.findall("table"):
                table = copy.deepcopy(table)
                _prepare_table(table)
                wrap.append(table)
        consumed.extend(note.text for note in part.notes)  # "Table continues below": what the parts say
        if part.footnotes:
            foot = sub(wrap, "table-wrap-foot")
            for n, note in enumerate(part.footnotes, 1):
                fn = sub(foot, "fn", id=f"{table_id}fn{n}")
                p = copy.deepcopy(note.element)
                p.tag = "p"
                p.attrib.clear()
                fn.append(p)
        built.append(BuiltTable(wrap, number, supplementary, table_id, key, plain))
    _check_numbering([t for t in built if not t.supplementary], "Table", findings)
    return built, findings, consumed


def _caption_content(caption: etree._Element, m: re.Match[str]) -> etree._Element:
    """The caption paragraph without its 'Table 1.' label, inline markup kept."""
    holder = copy.deepcopy(caption)
    strip_label(holder, labels.TABLE_CAPTION)
    return holder


def _drop_empty_rows(table: etree._Element) -> None:
    """A Word row whose every cell is merged into the cells above (vertical merges over all columns) comes out
    of pandoc as an empty <tr/>, which JATS does not allow: the row goes, and the cells that spanned it span
    one row fewer."""
    for section in [table, *table.findall("thead"), *table.findall("tbody"), *table.findall("tfoot")]:
        rows = section.findall("tr")
        for r in reversed(range(len(rows))):
            if len(rows[r]):
                continue
            for above in range(r):
                for cell in rows[above]:
                    span = int(cell.get("rowspan", "1"))
                    if above + span - 1 >= r:
                        if span - 1 > 1:
                            cell.set("rowspan", str(span - 1))
                        else:
                            cell.attrib.pop("rowspan", None)
            section.remove(rows[r])
            del rows[r]


def _prepare_table(table: etree._Element) -> None:
    _drop_empty_rows(table)
    table.attrib.pop("style", None)
    table.set("frame", "hsides")
    table.set("rules", "groups")
    for th in table.iterfind("thead/tr/th"):
        th.set("scope", "col")
    for tr in table.iterfind("tbody/tr"):
        cells = list(tr)
        if cells and cells[0].tag == "th":
            cells[0].set("scope", "row")


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _first_cell(wrap: etree._Element) -> str:
    cell = wrap.find(".//td")
    if cell is None:
        cell = wrap.find(".//th")
    text = " ".join("".join(cell.itertext()).split()) if cell is not None else ""
    return text[:40]


def _check_numbering(items: list[BuiltTable], kind: str, findings: list[Finding]) -> None:
    numbers = [t.number for t in items if t.number is not None and t.plain]
    if numbers and numbers != list(range(1, len(numbers) + 1)):
        findings.append(Finding.of(
            "ingest.table-numbering",
            f"{kind.lower()}s are numbered {', '.join(map(str, numbers))} instead of 1 to {len(numbers)}"))
