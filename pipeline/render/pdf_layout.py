"""Blank space in the printed pages: a laid-out document -> per page, the blank height at the foot of the text
area and the blank band above each wide table or figure.

WeasyPrint has no page floats: a figure or table across both columns ("wide" in the print HTML) that does not
fit in what is left of a page moves to the next page and leaves the rest of the page before it blank. This
module measures that from WeasyPrint's own layout (CSS px, 96 to the inch), so that the placement pass
(pdf_floats.py) can find such gaps and the tests can show they are gone.

The text area of a page is its content box, less the footnote area when the page has notes (the first page's
cite-as line). What is drawn on it is the lowest of its line boxes, images, tables and boxes with a border or
background; margins and padding are blank.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from pipeline.render.pdf_boxes import box_classes, children, elements_with_class, outermost_boxes, per_layout

WIDE_CLASS = "wide"  # tables with more than three columns and figures with several parts (print-body.xsl)
TOP_FLOAT_CLASS = "top-float"  # a wide item printed at the top of a page (pdf_floats.py)
FIGURE_CLASS = "fig"  # every figure; without WIDE_CLASS, one a column wide
# A blank foot taller than this share of the page's text height (about 26 mm of a full page) is a gap. Floating
# an item changes nothing but the text that fills the page before it, so the threshold can be low; a quarter
# left 55-60 mm blank feet in the sample issue, and 15 % feet of 32-35 mm.
GAP_SHARE = 0.10


@dataclass(frozen=True)
class WideItem:
    number: int  # from 1, the item's place among the wide items of the document
    kind: str  # "fig" or "table"
    top: float  # border-box top on this page, CSS px from the page's top edge
    band: float  # blank height between what is drawn above it on this page (or the text area's top) and its top
    starts_page: bool  # nothing is drawn above it on this page
    starts_flow: bool  # nothing but top floats is drawn above it on this page
    first_fragment: bool  # the item begins on this page (a table may run on over several)
    top_float: bool  # printed at the top of the page by the placement pass


@dataclass(frozen=True)
class PageSpace:
    page: int  # from 1
    text_top: float
    text_bottom: float
    content_bottom: float  # the lowest thing drawn in the text area (text_top on an empty page)
    wide: tuple[WideItem, ...]

    @property
    def text_height(self) -> float:
        return self.text_bottom - self.text_top

    @property
    def blank(self) -> float:
        """Blank height at the foot of the text area."""
        return max(0.0, self.text_bottom - self.content_bottom)

    @property
    def blank_share(self) -> float:
        return self.blank / self.text_height if self.text_height > 0 else 0.0


@dataclass(frozen=True)
class Gap:
    """A page whose foot is blank because the wide item that follows did not fit: it starts the next page."""
    page: int  # the page with the blank foot, from 1
    blank: float  # CSS px
    share: float  # of the page's text height
    item: int  # the wide item's number
    kind: str


def drawn_extent(box) -> tuple[float, float, float, float] | None:
    """(left, right, top, bottom) of what this box itself draws, CSS px: a line with text or an image in it, an
    image, a table, a box with a border above or below or a background (its border box); None when it draws
    nothing of its own (its children may). Visibility and the flow are the caller's."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.LineBox):
        if not any(True for _ in _line_content(box)):
            return None  # an empty line draws nothing
        return box.position_x, box.position_x + box.width, box.position_y, box.position_y + box.height
    background = box.style["background_color"]
    if (isinstance(box, boxes.ReplacedBox | boxes.TableBox) or box.border_bottom_width > 0
            or box.border_top_width > 0 or (background is not None and background.alpha > 0)):
        top = box.position_y + box.margin_top
        left = box.position_x + box.margin_left
        return left, left + box.border_width(), top, top + box.border_height()
    return None


def _line_content(line):
    """The text and images a line box holds."""
    from weasyprint.formatting_structure import boxes

    for child in children(line):
        if isinstance(child, boxes.TextBox):
            if child.text.strip():
                yield child
        elif isinstance(child, boxes.ReplacedBox | boxes.InlineBlockBox):
            yield child
        else:
            yield from _line_content(child)


def _is_drawn(box) -> float | None:
    """The bottom edge of what this box itself draws (None when it draws nothing of its own)."""
    extent = drawn_extent(box)
    return extent[3] if extent is not None else None


def _bottom(box) -> float | None:
    """The lowest edge drawn in this box; margin boxes and positioned boxes are not in the text area's flow."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.MarginBox) or box.style["position"] in ("absolute", "fixed"):
        return None
    own = _is_drawn(box) if box.style["visibility"] == "visible" else None
    if own is not None and isinstance(box, boxes.LineBox | boxes.ReplacedBox):
        return own
    bottoms = [bottom for child in children(box) if (bottom := _bottom(child)) is not None]
    if own is not None:
        bottoms.append(own)
    return max(bottoms, default=None)


def wide_elements(document) -> list:
    """The document's wide items (their HTML elements), in document order."""
    return elements_with_class(document, WIDE_CLASS)


def text_area(page_box) -> tuple[float, float, float, float]:
    """(left, right, top, bottom) of a page's text area, CSS px from the page's top left corner: its content box,
    less the footnote area when the page has notes."""
    from weasyprint.formatting_structure import boxes

    left, top = page_box.content_box_x(), page_box.content_box_y()
    bottom = top + page_box.height
    for footnotes in page_box.children:
        if isinstance(footnotes, boxes.FootnoteAreaBox) and footnotes.children:
            bottom = min(bottom, footnotes.position_y)
    return left, left + page_box.width, top, bottom


def _flows(page_box) -> list:
    """The page's boxes but its footnote area, top first: the note area (top floats) is laid out above the
    page's flow."""
    from weasyprint.formatting_structure import boxes

    return sorted((child for child in page_box.children if not isinstance(child, boxes.FootnoteAreaBox)),
                  key=lambda b: b.position_y)


def _above(box, target, limit: list[float], skip_floats: bool = False) -> bool:
    """Collect in `limit` the bottoms of what is drawn before `target` in flow order; True once it is reached.
    With `skip_floats`, what the top floats draw is not collected."""
    from weasyprint.formatting_structure import boxes

    if box is target:
        return True
    if isinstance(box, boxes.MarginBox) or box.style["position"] in ("absolute", "fixed"):
        return False  # not in the flow (the proof's watermark, the labels on figure parts)
    if skip_floats and TOP_FLOAT_CLASS in box_classes(box, pseudo=False):
        return False
    bottom = _is_drawn(box)
    if bottom is not None and isinstance(box, boxes.LineBox | boxes.ReplacedBox):
        limit.append(bottom)
        return False
    for child in children(box):
        if _above(child, target, limit, skip_floats):
            return True
    if bottom is not None:
        limit.append(bottom)
    return False


@per_layout
def page_spaces(document) -> tuple[PageSpace, ...]:
    """The text area of each page, how far down it is drawn, and the wide items on it."""
    numbers = {id(element): n for n, element in enumerate(wide_elements(document), start=1)}
    seen: set[int] = set()
    spaces = []
    for index, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        _left, _right, text_top, text_bottom = text_area(page_box)
        flows = _flows(page_box)
        bottoms = [b for child in flows if (b := _bottom(child)) is not None]
        content_bottom = max(bottoms, default=text_top)
        found = [box for child in flows for box in outermost_boxes(child, lambda classes: WIDE_CLASS in classes)]
        items = []
        for box in found:
            element = box.element
            top = box.position_y + box.margin_top
            bottom = _bottom(box)
            if bottom is None or bottom - top < 1:
                continue  # an empty fragment at a page's foot (the item really starts on the next page)
            above: list[float] = []
            for child in flows:
                if _above(child, box, above):
                    break
            floor = max((b for b in above if b <= top + 0.5), default=text_top)
            above_flow: list[float] = []
            for child in flows:
                if _above(child, box, above_flow, skip_floats=True):
                    break
            classes = box_classes(box, pseudo=False)
            items.append(WideItem(numbers.get(id(element), 0), "table" if "table-wrap" in classes else "fig",
                                  top, max(0.0, top - floor), not above, not above_flow, id(element) not in seen,
                                  TOP_FLOAT_CLASS in classes))
            seen.add(id(element))
        spaces.append(PageSpace(index, text_top, text_bottom, content_bottom, tuple(items)))
    return tuple(spaces)


def column_starter(document, page: int):
    """The column-wide figure (its HTML element) printed first in the text flow of `page` (from 1), below any
    top floats; None when text or anything else is printed first."""
    from weasyprint.formatting_structure import boxes

    def first(box) -> tuple[object | None, bool]:  # (the figure, whether the search is over)
        if isinstance(box, boxes.MarginBox) or box.style["position"] in ("absolute", "fixed"):
            return None, False
        classes = box_classes(box, pseudo=False)
        if TOP_FLOAT_CLASS in classes:
            return None, False
        if FIGURE_CLASS in classes and WIDE_CLASS not in classes:
            return box.element, True
        if _is_drawn(box) is not None:
            return None, True  # a line, an image, a table, a box with a border or background
        for child in children(box):
            found, over = first(child)
            if over:
                return found, True
        return None, False

    for child in _flows(document.pages[page - 1]._page_box):
        found, over = first(child)
        if over:
            return found
    return None


def gaps(spaces: Sequence[PageSpace], share: float = GAP_SHARE, last_page: int | None = None) -> list[Gap]:
    """Pages (before `last_page`, the article's last) whose blank foot is taller than `share` of the text
    height while the next page starts with a wide item, or with one right below the items floated to its top
    (two wide figures in a row: floating the first leaves the second where the text should run on)."""
    last = last_page if last_page is not None else len(spaces)
    found = []
    for space, following in pairwise(spaces):
        if space.page >= last or space.blank_share <= share:
            continue
        starter = next((item for item in following.wide if item.starts_flow and item.first_fragment
                        and not item.top_float), None)
        if starter is not None:
            found.append(Gap(space.page, space.blank, space.blank_share, starter.number, starter.kind))
    return found


def report(spaces: Sequence[PageSpace]) -> str:
    """One line a page: blank foot in mm and share, and the bands above wide items."""
    lines = []
    for space in spaces:
        mm = space.blank * 25.4 / 96
        wide = " ".join(f"{item.kind}#{item.number}{'^' if item.top_float else ''}"
                        f"{'(starts)' if item.starts_page else ''}:{item.band * 25.4 / 96:.0f}mm"
                        for item in space.wide)
        lines.append(f"p{space.page}: blank {mm:5.1f} mm ({space.blank_share:4.0%}) {wide}".rstrip())
    return "\n".join(lines)
