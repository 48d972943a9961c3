"""Proof line numbers: a laid-out document -> each page's numbered lines in reading order, and the line each
author-query marker stands on.

WeasyPrint has no line numbering; this module reads it from the layout. A page is read top to bottom, region by
region: a line across the page (the title, a wide table's row, the foot of the first page) is a region of its own;
columns side by side (the two-column body, the first page's side column and abstract, the blocks of class
"line-strip", the blocks of a flex row such as the first page's banner) are one region, read column after column.
Lines are numbered from 1 on every page in that order; lines of one column whose baselines are closer than MIN_GAP
share a number (the cells of one table row, a bullet and its text).

A number stands beside its column: in the left margin for the first column and for lines across the page, in
the gutter for the second column, in the gap beside the first page's abstract. A query's flag stands in the
outer margin beside the line its marker (pdf_queries.py) is on: the right margin for a column that stands
mostly in the right half of the page, the left margin for the others and for lines across the page.
`NumberedLine` keeps, for the steps that map a returned proof's marks to the article, the line's box and the
print-HTML elements its text comes from.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from pipeline.render.pdf_boxes import box_classes, children
from pipeline.render.pdf_queries import MARK_CLASS

MIN_GAP = 6.0  # CSS px
NUMBER_SIZE = 7.0  # CSS px (5.25 pt): the numbers' and the flags' size
OFFSET = 6.0  # from the column's left edge to the numbers' right edge, CSS px
SKIP_CLASS = "no-line-numbers"
STRIP_CLASS = "line-strip"  # a block whose lines are numbered beside it (the first page's side column, abstract)


@dataclass(frozen=True)
class NumberedLine:
    page: int  # from 1, the document's page index + 1
    number: int  # from 1 on each page, in reading order
    x: float  # right edge of the number, CSS px from the page's left edge
    baseline: float  # CSS px from the page's top edge
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # left, top, right, bottom of its text, CSS px
    side: str = "left"  # the margin its flags stand in: "left" or "right"
    elements: tuple = field(default=(), compare=False, repr=False)  # the print-HTML elements of its text

    @property
    def top(self) -> float:
        return self.box[1]

    @property
    def bottom(self) -> float:
        return self.box[3]


@dataclass(frozen=True)
class Marker:
    """An author-query marker as laid out: its id (qmN), its page, where it stands, and the line it concerns."""

    id: str
    page: int
    x: float
    y: float
    line: NumberedLine | None  # None only on a page without a numbered line


@dataclass(frozen=True)
class LineLayout:
    lines: list[NumberedLine]
    markers: list[Marker]

    def on_page(self, page: int) -> list[NumberedLine]:
        return [line for line in self.lines if line.page == page]


@dataclass(frozen=True)
class _Found:
    """A line box or a marker met in the box tree, with the region and column it is in."""

    region: object | None  # the box whose children stand side by side (None: a line across the page)
    region_top: float
    column_x: float | None
    column_middle: float | None  # where the middle of its column is, CSS px from the page's left edge
    box: object


def _has_text(box) -> bool:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        return bool(box.text.strip())
    return any(_has_text(child) for child in children(box))


def _text_extent(box) -> tuple[float, float] | None:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        return (box.position_x, box.position_x + box.width) if box.text.strip() else None
    found = [e for child in children(box) if (e := _text_extent(child)) is not None]
    return (min(e[0] for e in found), max(e[1] for e in found)) if found else None


def _is_marker(box) -> bool:
    return MARK_CLASS in box_classes(box, pseudo=False)


def _markers_in(box) -> Iterator[object]:
    if _is_marker(box):
        yield box
        return
    for child in children(box):
        yield from _markers_in(child)


def _walk(box, parent, region: tuple[object | None, float, float | None, float | None], lines: list[_Found],
          markers: list[_Found]) -> None:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.MarginBox):
        return
    if _is_marker(box):
        markers.append(_Found(*region, box))
        return
    if SKIP_CLASS in box_classes(box) or box.style["position"] in ("absolute", "fixed"):
        return  # labels laid over figures
    strip = STRIP_CLASS in box_classes(box) and isinstance(box, boxes.BlockContainerBox)
    if strip or getattr(box, "is_column", False) or _side_by_side(parent):
        region = (parent, parent.position_y, box.content_box_x(), box.content_box_x() + box.width / 2)
    if isinstance(box, boxes.LineBox):
        if _has_text(box):
            lines.append(_Found(*region, box))
        markers.extend(_Found(*region, m) for m in _markers_in(box))
        return  # lines inside inline-blocks (fractions, icons) belong to this line
    for child in children(box):
        _walk(child, box, region, lines, markers)


def _side_by_side(box) -> bool:
    """A row of blocks of several lines (a flex row: the first page's banner, its kind and its licence): each child
    is a column. A row of single lines (a formula and its label) is one line."""
    style = getattr(box, "style", None)
    if not style or style["display"][-1:] != ("flex",) or style["flex_direction"] not in ("row", "row-reverse"):
        return False
    return len(box.children) > 1 and any(_line_count(child) > 1 for child in box.children)


def _line_count(box) -> int:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.LineBox):
        return 1
    return sum(_line_count(child) for child in children(box))


def _page_roots(page_box) -> list:
    roots = list(page_box.children)
    footnotes = getattr(page_box, "footnote_area", None)
    if footnotes is not None and footnotes not in roots:
        roots.append(footnotes)
    return roots


def line_layout(document) -> LineLayout:
    """Every page's numbered lines in reading order, and each marker with the line it concerns."""
    numbered: list[NumberedLine] = []
    placed: list[Marker] = []
    for index, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        margin_x = page_box.content_box_x()
        centre = page_box.content_box_x() + page_box.width / 2
        found_lines: list[_Found] = []
        found_markers: list[_Found] = []
        for root in _page_roots(page_box):
            _walk(root, page_box, (None, 0.0, None, None), found_lines, found_markers)

        def key(found: _Found) -> tuple[float, float, float]:
            baseline = found.box.position_y + found.box.baseline
            if found.region is None:
                return (baseline, 0.0, baseline)
            return (found.region_top, found.column_x or 0.0, baseline)

        page_lines: list[NumberedLine] = []
        numbers_of: dict[tuple[int, float | None], list[int]] = {}  # a region's column -> its line numbers
        last: tuple[tuple[int, float | None], float] | None = None
        for found in sorted(found_lines, key=key):
            box = found.box
            baseline = box.position_y + box.baseline
            group = (id(found.region), found.column_x)
            column = found.column_x if found.column_x is not None and found.column_x - margin_x >= 1 else margin_x
            extent = _text_extent(box) or (box.position_x, box.position_x + box.width)
            outline = (extent[0], box.position_y, extent[1], box.position_y + box.height)
            if last is not None and last[0] == group and baseline - last[1] < MIN_GAP:
                merged = page_lines[-1]
                union = (min(merged.box[0], outline[0]), min(merged.box[1], outline[1]),
                         max(merged.box[2], outline[2]), max(merged.box[3], outline[3]))
                page_lines[-1] = NumberedLine(index, merged.number, merged.x, merged.baseline, union, merged.side,
                                              (*merged.elements, box.element))
                continue
            # the margin nearer its column: the right one for a column mostly right of the page's middle (the
            # second column, the first page's abstract beside the authors), else the left one
            side = "right" if found.column_middle is not None and found.column_middle > centre else "left"
            page_lines.append(NumberedLine(index, len(page_lines) + 1, column - OFFSET, baseline, outline, side,
                                           (box.element,)))
            numbers_of.setdefault(group, []).append(len(page_lines))
            last = (group, baseline)
        for found in found_markers:
            y = found.box.position_y
            candidates = [page_lines[n - 1] for n in numbers_of.get((id(found.region), found.column_x), [])]
            line = next((c for c in candidates if c.bottom > y + 0.5), candidates[-1] if candidates else None)
            if line is None and page_lines:  # a marker where no line is (beside an image): the nearest line
                line = min(page_lines, key=lambda c: abs(c.baseline - y))
            placed.append(Marker(found.box.element.get("id"), index, found.box.position_x, y, line))
        numbered.extend(page_lines)
    return LineLayout(numbered, placed)


def page_lines(document) -> list[NumberedLine]:
    """Every page's numbered lines, in reading order."""
    return line_layout(document).lines
