"""Tables in parts: a layout -> the body rows where each table runs on to a new column or page, so that the print
stylesheet prints the rest as a part of its own, under "Table N. Continued" (the house style's word) with the header
rows again, and the table's footnotes after its last part.

WeasyPrint repeats a table's header rows wherever it breaks the table, but prints no caption there, and may leave a
table's footnotes at the top of the next column on their own. So this pass reads a layout: each table's fragments
(where a table, or a part of one, is laid out on a page, in a column), the first body row of every later fragment,
and where the footnotes went. It asks the stylesheet for a part from each such row (and, when the footnotes stand
alone, from the last row, so that the last row goes with them), and lays out again; until no table runs on without
its "Continued" line. A part only ever runs on further down, so this ends; a part that no longer starts a column or
page (the text before it moved up) is joined back to the part before it; after MAX_TRIES layouts the last layout
is kept. A layout that loses text, or prints a top float elsewhere than where it was placed, is not kept.

The decisions are tokens "tN:R1,R2" (the N-th table's body rows R1, R2 ... start its later parts) in the same
placement string as the floats' (pdf_floats.py), so that a later layout of the same text replays them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.render.pdf_boxes import children, element_classes, root_element
from pipeline.render.pdf_text import lost_letters

MAX_TRIES = 6
TOKEN = re.compile(r"(?<!\S)t(\d+):(\d+(?:,\d+)*)(?!\S)")
PLACE_TOLERANCE = 2.0  # CSS px: two fragments whose left edges are this close are in the same column

Breaks = dict[int, tuple[int, ...]]


def parse(placement: str) -> Breaks:
    """The table parts of a placement string: table number -> the rows that start its later parts."""
    return {int(n): tuple(sorted({int(r) for r in rows.split(",") if int(r) > 1}))
            for n, rows in TOKEN.findall(placement or "")}


def without_parts(placement: str) -> str:
    """The placement string without its table-part tokens (what the float pass reads)."""
    return " ".join(TOKEN.sub("", placement or "").split())


def tokens(breaks: Breaks) -> str:
    return " ".join(f"t{n}:{','.join(map(str, rows))}" for n, rows in sorted(breaks.items()) if rows)


def stylesheet_parameter(placement: str) -> str:
    """The print stylesheet's table-breaks parameter ("3:12,30") from a placement string."""
    return " ".join(f"{n}:{','.join(map(str, rows))}" for n, rows in sorted(parse(placement).items()) if rows)


def with_parts(placement: str, breaks: Breaks) -> str:
    return " ".join(part for part in (without_parts(placement), tokens(breaks)) if part)


@dataclass(frozen=True)
class Fragment:
    table: int  # data-table of its table-wrap
    part: int  # from 0, which of the table's parts (a <table> of the table-wrap)
    page: int  # from 1
    x: float  # left edge, CSS px
    first_row: int | None  # from 1, the first body row it holds (None: header rows only)
    last_row: int | None


@dataclass(frozen=True)
class Foot:
    table: int
    page: int
    x: float


def _index(document) -> tuple[dict[int, tuple[int, int]], dict[int, int], dict[int, int], dict[int, int]]:
    """From the document's elements: table element -> (table number, part), row element -> its body row number
    within its table-wrap, footnotes element -> table number, and table number -> its last body row."""
    tables: dict[int, tuple[int, int]] = {}
    rows: dict[int, int] = {}
    feet: dict[int, int] = {}
    last: dict[int, int] = {}
    for wrap in root_element(document).iter():
        if not isinstance(wrap.tag, str) or "table-wrap" not in element_classes(wrap) or not wrap.get("data-table"):
            continue
        number = int(wrap.get("data-table"))
        count = 0
        for part, table in enumerate(t for t in wrap.iter("table") if "table" in element_classes(t)):
            tables[id(table)] = (number, part)
            for row in table.findall("tbody/tr"):
                count += 1
                rows[id(row)] = count
        last[number] = count
        for foot in wrap.iter("div"):
            if "table-foot" in element_classes(foot):
                feet[id(foot)] = number
    return tables, rows, feet, last


def layout_fragments(document) -> tuple[list[Fragment], list[Foot], dict[int, int]]:
    """Every fragment of every table part and every table's footnotes, in page order; and each table's last row."""
    from weasyprint.formatting_structure import boxes

    tables, rows, feet, last = _index(document)
    fragments: list[Fragment] = []
    found_feet: list[Foot] = []

    def body_rows(table_box) -> list[int]:
        numbers = []
        for group in children(table_box):
            if isinstance(group, boxes.TableRowGroupBox) and not (group.is_header or group.is_footer):
                for row in children(group):
                    number = rows.get(id(getattr(row, "element", None)))
                    if number is not None:
                        numbers.append(number)
        return numbers

    def walk(box, page: int) -> None:
        if isinstance(box, boxes.MarginBox):
            return
        element = getattr(box, "element", None)
        if isinstance(box, boxes.TableBox) and id(element) in tables:
            number, part = tables[id(element)]
            held = body_rows(box)
            fragments.append(Fragment(number, part, page, box.position_x, held[0] if held else None,
                                      held[-1] if held else None))
            return
        if id(element) in feet and not (getattr(box, "element_tag", "") or "").startswith("::"):
            if not any(f.table == feet[id(element)] and f.page == page for f in found_feet):
                found_feet.append(Foot(feet[id(element)], page, box.position_x))
            return
        for child in children(box):
            walk(child, page)

    for index, page in enumerate(document.pages, start=1):
        walk(page._page_box, index)
    return fragments, found_feet, last


def tables_begun_by(document, page: int) -> set[int]:
    """The tables whose first fragment is on `page` (from 1) or before."""
    fragments, _feet, _last = layout_fragments(document)
    return {fragment.table for fragment in fragments if fragment.page <= page}


def _same_place(a: Fragment | Foot, b: Fragment | Foot) -> bool:
    return a.page == b.page and abs(a.x - b.x) <= PLACE_TOLERANCE


def wanted_breaks(document, breaks: Breaks) -> Breaks:
    """The parts the layout asks for: those given, less the ones that no longer start a column or page, and a new
    part wherever a part runs on (its later fragments) or the footnotes stand apart from the last rows."""
    fragments, feet, last = layout_fragments(document)
    wanted = {number: set(rows) for number, rows in breaks.items()}
    by_table: dict[int, list[Fragment]] = {}
    for fragment in fragments:
        by_table.setdefault(fragment.table, []).append(fragment)
    for number, found in by_table.items():
        rows = wanted.setdefault(number, set())
        starts = sorted(breaks.get(number, ()))  # part p > 0 starts at starts[p - 1]
        first_of_part: dict[int, Fragment] = {}
        last_of_part: dict[int, Fragment] = {}
        for fragment in found:
            if fragment.part in first_of_part:
                if fragment.first_row is not None and fragment.first_row not in rows:
                    # the part runs on here: a part of its own from this row, which takes in the part after it
                    # (its own start would otherwise begin a new page under a page of one or two rows)
                    rows.add(fragment.first_row)
                    if fragment.part < len(starts):
                        rows.discard(starts[fragment.part])
            else:
                first_of_part[fragment.part] = fragment
            last_of_part[fragment.part] = fragment
        for part, first in sorted(first_of_part.items()):
            before = last_of_part.get(part - 1)
            if part > 0 and before is not None and _same_place(before, first) and first.first_row is not None:
                rows.discard(first.first_row)  # printed right under the part before it: no longer a part
        foot = next((f for f in feet if f.table == number), None)
        end = last_of_part[max(last_of_part)] if last_of_part else None
        if foot is not None and end is not None and not _same_place(end, foot) and last.get(number, 0) > 1:
            rows.add(last[number])  # the footnotes stand apart: the last row goes with them
    return {number: tuple(sorted(r for r in rows if r > 1)) for number, rows in wanted.items() if rows}


def place_table_parts(lay_out: Callable[[str], tuple[bytes, object, object]], placement: str, html: bytes,
                      document, extra, holds: Callable[[object], bool]) -> tuple[str, bytes, object, object, int]:
    """Lay out (`lay_out(placement) -> (html, document, extra)`, starting from the layout given) until every table
    that runs on does so under its "Continued" line. `holds(document)` says whether a layout keeps the floats
    where they were placed. Returns the placement, HTML, layout and extra of the layout kept, and how many rounds
    were kept (each a layout the pages need; a refused one ends the pass)."""
    breaks = parse(placement)
    seen = {tokens(breaks)}
    kept = 0
    for _ in range(MAX_TRIES):
        wanted = wanted_breaks(document, breaks)
        if wanted == breaks or tokens(wanted) in seen:
            break
        seen.add(tokens(wanted))
        tried = with_parts(placement, wanted)
        new_html, new_document, new_extra = lay_out(tried)
        if lost_letters(new_html, new_document) or not holds(new_document):
            break
        placement, html, document, extra, breaks = tried, new_html, new_document, new_extra, wanted
        kept += 1
    return placement, html, document, extra, kept
