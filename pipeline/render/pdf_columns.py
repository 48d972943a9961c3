"""Blank column areas and the space between floats: a laid-out document -> what a production editor measures.

- `column_blanks`: per page and column, the tallest band of the text area where nothing is drawn (above the first
  thing drawn, between two things, below the last). The rule: no band over GAP_SHARE of the text height on any
  page but an article's last. A thing drawn across both columns (a wide figure or table, the first page's front
  matter) covers both.
- `flow_columns`: each column of the two-column flow, page by page: the blocks it begins and ends with and the blank
  at its foot (what the float pass moves a block kept whole for, pdf_floats.py); `unbalanced_end`: the article's
  last column block when its two columns do not end level (the last page's columns are balanced).
- `float_spacing`: the vertical space between a caption, table or figure and the next one below it in the same
  column: at least a line of the text (LINE_PX).

Both read WeasyPrint's boxes (CSS px, 96 to the inch); what a box draws is what pdf_layout.py counts as drawn
(drawn_extent).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from pipeline.render.pdf_boxes import box_classes, children, outermost_boxes, per_layout
from pipeline.render.pdf_layout import GAP_SHARE, WIDE_CLASS, drawn_extent, text_area

LINE_PX = 8.4 * 1.36 * 96 / 72  # a line of the body text (print.css: 8.4pt, line-height 1.36)
FLOAT_CLASSES = ("table-wrap", "fig", "table-part")
COLUMNS_CLASS = "columns"  # a block of the two-column flow between wide items (jats-to-print.xsl)
TOLERANCE = 0.5  # CSS px of rounding
BALANCE_LINES = 2  # lines of the text the last page's columns may end apart (a reference kept whole, rounding)


@dataclass(frozen=True)
class Blank:
    page: int  # from 1
    column: int  # 0 left, 1 right
    top: float  # CSS px from the page's top edge
    height: float
    share: float  # of the page's text height


@dataclass(frozen=True)
class FlowColumn:
    """A column of the two-column flow on one page (a fragment of a column block)."""
    page: int  # from 1
    column: int  # 0 left, 1 right
    block: object  # the column block's HTML element (div.columns)
    first: object | None  # the element of the block printed first in it (None: empty)
    last: object | None  # ... and last
    foot: float  # blank share of the page's text height below what it draws
    top: float  # CSS px from the page's top edge: where the column starts
    bottom: float  # ... and the lowest edge it draws (its top when empty)


@dataclass(frozen=True)
class Spacing:
    page: int
    upper: str  # "table-wrap#tab1", "fig#f2"
    lower: str
    space: float  # CSS px between what the upper draws and what the lower draws


def _drawn(box, found: list[tuple[float, float, float, float]]) -> None:
    """(left, right, top, bottom) of everything this box draws (pdf_layout.drawn_extent); margin boxes, the
    footnote area and positioned boxes are not in the text area's flow. A wide item (a figure or table across the
    page) covers its whole box: the space beside a narrow image or its caption is the item's, not a column's."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.MarginBox | boxes.FootnoteAreaBox) or box.style["position"] in ("absolute", "fixed"):
        return
    if WIDE_CLASS in box_classes(box, pseudo=False) and box.style["visibility"] == "visible":
        top, left = box.position_y + box.margin_top, box.position_x + box.margin_left
        found.append((left, left + box.border_width(), top, top + box.border_height()))
    if box.style["visibility"] == "visible":
        extent = drawn_extent(box)
        if extent is not None:
            found.append(extent)
        if isinstance(box, boxes.LineBox | boxes.ReplacedBox | boxes.TableBox):
            return
    for child in children(box):
        _drawn(child, found)


def _bands(intervals: list[tuple[float, float]], top: float, bottom: float) -> list[tuple[float, float]]:
    """The blank bands (top, height) of [top, bottom] outside the intervals."""
    bands = []
    reached = top
    for start, end in sorted(intervals):
        if start > reached:
            bands.append((reached, start - reached))
        reached = max(reached, end)
    if bottom > reached:
        bands.append((reached, bottom - reached))
    return bands


def _page_bands(document):
    """Per page and column: (page, column, blank bands (top, height), text top, text bottom); pages whose text area
    holds nothing are left out."""
    for index, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        left, right, top, bottom = text_area(page_box)
        middle = (left + right) / 2
        drawn: list[tuple[float, float, float, float]] = []
        for child in children(page_box):
            _drawn(child, drawn)
        if not drawn:
            continue
        for column, (low, high) in enumerate(((left, middle), (middle, right))):
            covered = [(max(t, top), min(b, bottom)) for (x0, x1, t, b) in drawn
                       if x0 < high - TOLERANCE and x1 > low + TOLERANCE and b > top and t < bottom]
            yield index, column, _bands(covered, top, bottom), top, bottom


def column_blanks(document) -> list[Blank]:
    """Every page's tallest blank band in each of its two columns (pages whose text area holds nothing: none)."""
    found = []
    for index, column, bands, top, bottom in _page_bands(document):
        if bands:
            band_top, band = max(bands, key=lambda b: b[1])
            found.append(Blank(index, column, band_top, band, band / (bottom - top) if bottom > top else 0.0))
    return found


@per_layout
def column_feet(document) -> Mapping[int, float]:
    """page (from 1) -> where the blank foot of its shorter column begins (CSS px from the page's top edge; the text
    area's bottom when neither column ends blank): a page ends as high as its shorter column does."""
    feet: dict[int, float] = {}
    for index, _column, bands, _top, bottom in _page_bands(document):
        foot = next((band_top for band_top, height in bands if band_top + height >= bottom - TOLERANCE), bottom)
        feet[index] = min(feet.get(index, bottom), foot)
    return MappingProxyType(feet)


def flow_columns(document) -> list[FlowColumn]:
    """Every column of the flow in reading order (page by page, block by block, left then right): the blocks it
    begins and ends with and the blank share at its foot. WeasyPrint lays a column block out as anonymous column
    boxes of the same element, side by side."""
    found = []
    for index, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        left, right, top, bottom = text_area(page_box)
        height = bottom - top
        blocks = [box for child in children(page_box)
                  for box in outermost_boxes(child, lambda classes: COLUMNS_CLASS in classes)]
        for block in blocks:
            columns = sorted((c for c in children(block) if COLUMNS_CLASS in box_classes(c, pseudo=False)),
                             key=lambda c: c.position_x)
            for column in columns:
                flow = [c for c in children(column) if c.is_in_normal_flow()]
                drawn: list[tuple[float, float, float, float]] = []
                _drawn(column, drawn)
                lowest = max((d[3] for d in drawn), default=column.position_y)
                side = 0 if column.position_x + column.width / 2 < (left + right) / 2 else 1
                found.append(FlowColumn(index, side, block.element, flow[0].element if flow else None,
                                        flow[-1].element if flow else None,
                                        max(0.0, bottom - lowest) / height if height > 0 else 0.0,
                                        column.position_y, lowest))
    return found


def unbalanced_end(document, page: int, lines: float = 0) -> tuple[float, float] | None:
    """The article's last column block on `page` (from 1: its last page), when its columns end more than `lines`
    lines of text apart (the last page's columns are balanced: WeasyPrint balances a column block where it ends,
    as far as the blocks kept whole allow): (left bottom, right bottom) in CSS px; None when balanced."""
    columns = [column for column in flow_columns(document) if column.page == page]
    if not columns:
        return None
    end = [column for column in columns if column.block is columns[-1].block]
    left = end[0].bottom
    right = end[1].bottom if len(end) > 1 else end[0].top  # all in the left column: the right one is empty
    return (left, right) if abs(left - right) > lines * LINE_PX + TOLERANCE else None


def blank_areas(document, share: float = GAP_SHARE, last_page: int | None = None) -> list[Blank]:
    """Column bands taller than `share` of the text height, on the pages before `last_page` (default: the last)."""
    last = last_page if last_page is not None else len(document.pages)
    return [blank for blank in column_blanks(document) if blank.page < last and blank.share > share]


def _name(box) -> str:
    element = box.element
    kind = next(c for c in FLOAT_CLASSES if c in box_classes(box, pseudo=False))
    return f"{kind}#{element.get('id') or element.get('data-table') or '?'}"


def _is_float(classes: list[str]) -> bool:
    return any(c in classes for c in FLOAT_CLASSES) and "table-part" not in classes


def float_spacing(document) -> list[Spacing]:
    """The space between every caption, table or figure and the next one below it in the same column of a page."""
    found = []
    for index, page in enumerate(document.pages, start=1):
        items = [box for child in children(page._page_box) for box in outermost_boxes(child, _is_float)]
        extents = []
        for box in items:
            drawn: list[tuple[float, float, float, float]] = []
            _drawn(box, drawn)
            if drawn:
                extents.append((min(d[0] for d in drawn), max(d[1] for d in drawn), min(d[2] for d in drawn),
                                max(d[3] for d in drawn), _name(box)))
        for x0, x1, _t, b, name in extents:
            below = [(t2 - b, name2) for (u0, u1, t2, _b2, name2) in extents
                     if u0 < x1 - TOLERANCE and u1 > x0 + TOLERANCE and t2 >= b - TOLERANCE and name2 != name]
            if below:
                space, lower = min(below)
                found.append(Spacing(index, name, lower, space))
    return found


def crowded_floats(document, line: float = LINE_PX) -> list[Spacing]:
    """Pairs of captions, tables or figures closer than a line of text."""
    return [s for s in float_spacing(document) if s.space < line - TOLERANCE]
