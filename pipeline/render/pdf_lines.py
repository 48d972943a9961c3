"""Proof line numbers: a laid-out document -> the numbered lines of each page, drawn as page backgrounds.

WeasyPrint has no line numbering, so the proof is made in two passes. The first lays the article out;
this module reads each page's line boxes from that layout (their column and baseline), numbers them
from 1 on every page (strip by strip, left to right), and writes for each page an `@page :nth(N)` rule
whose background is an SVG with the numbers at those baselines, beside the column they belong to: in the
left margin for the first column (and for anything across both columns), in the gutter for the second;
on the first page, the abstract's numbers stand in the gap beside it. The second pass renders again with
these rules. A background never changes the layout, so the lines stay where they were numbered; the
caller checks that the page count is unchanged (and a test, that the lines are the same).
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from pipeline.render.pdf_boxes import box_classes, children

# Two lines whose baselines are closer than this (CSS px) share a number: cells of one table row,
# a list bullet and its text, the two front-page columns when they happen to align.
MIN_GAP = 6.0
NUMBER_SIZE = 7.0  # CSS px (5.25 pt)
OFFSET = 6.0  # from the column's left edge to the numbers' right edge, CSS px
SKIP_CLASS = "no-line-numbers"
STRIP_CLASS = "line-strip"  # a block whose lines are numbered beside it (the first page's side column, abstract)


@dataclass(frozen=True)
class NumberedLine:
    page: int  # from 1, the document's page index + 1
    number: int  # from 1 on each page
    x: float  # right edge of the number, CSS px from the page's left edge
    baseline: float  # CSS px from the page's top edge


def _has_text(box) -> bool:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        return bool(box.text.strip())
    return any(_has_text(child) for child in children(box))


def _skipped(box) -> bool:
    return SKIP_CLASS in box_classes(box) or box.style["position"] == "fixed"


def _lines(box, column_x: float | None) -> Iterator[tuple[float | None, float]]:
    """(left edge of its column, or None outside columns, and baseline) of each top-level line box with text.

    Columns are the column boxes of the two-column body and the blocks of class "line-strip" (the first
    page's side column and abstract), so each gets its own strip of numbers."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.MarginBox) or _skipped(box):
        return
    if box.style["position"] == "absolute":
        return  # labels laid over figures
    strip = STRIP_CLASS in box_classes(box) and isinstance(box, boxes.BlockContainerBox)
    if strip or getattr(box, "is_column", False):
        column_x = box.content_box_x()
    if isinstance(box, boxes.LineBox):
        if _has_text(box):
            yield column_x, box.position_y + box.baseline
        return  # lines inside inline-blocks (fractions, icons) belong to this line
    for child in children(box):
        yield from _lines(child, column_x)


def page_lines(document) -> list[NumberedLine]:
    numbered: list[NumberedLine] = []
    for index, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        margin_x = page_box.content_box_x()
        strips: dict[float, list[float]] = {}
        roots = [child for child in page_box.children]
        footnotes = getattr(page_box, "footnote_area", None)
        if footnotes is not None and footnotes not in roots:
            roots.append(footnotes)
        for root in roots:
            for column_x, baseline in _lines(root, None):
                # the first column shares the left margin with everything outside the columns
                x = margin_x if column_x is None or column_x - margin_x < 1 else column_x
                strips.setdefault(round(x, 1), []).append(baseline)
        number = 0
        for x in sorted(strips):
            last = None
            for baseline in sorted(strips[x]):
                if last is not None and baseline - last < MIN_GAP:
                    continue
                number += 1
                last = baseline
                numbered.append(NumberedLine(index, number, x - OFFSET, baseline))
    return numbered


def _svg(width: float, height: float, lines: list[NumberedLine], font_family: str) -> str:
    texts = "".join(
        f'<text x="{line.x:.2f}" y="{line.baseline:.2f}">{line.number}</text>' for line in lines)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.2f}" height="{height:.2f}" '
            f'viewBox="0 0 {width:.2f} {height:.2f}"><g font-family={quoteattr(font_family)} '
            f'font-size="{NUMBER_SIZE}" fill="#8a8a8a" text-anchor="end">{texts}</g></svg>')


def line_number_css(document, lines: list[NumberedLine], font_family: str = "Print Sans") -> str:
    """One @page :nth(N) rule per page with numbered lines: its background draws the numbers."""
    by_page: dict[int, list[NumberedLine]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    rules = []
    for index, page in enumerate(document.pages, start=1):
        if index not in by_page:
            continue
        svg = _svg(page.width, page.height, by_page[index], font_family)
        data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        # "fixed": the image is placed on the whole page, margins included (css-page-3 painting)
        rules.append(f'@page :nth({index}) {{ background: url("data:image/svg+xml;base64,{data}") '
                     f"no-repeat fixed 0 0 / 100% 100%; }}")
    return "\n".join(rules) + "\n"
