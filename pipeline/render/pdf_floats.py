"""Top floats: a first layout with blank page feet -> the wide tables and figures moved to the top of the next
page, as the print stylesheet's `top-floats` parameter.

WeasyPrint has no page floats. A wide item (across both columns) that does not fit in what is left of a page
moves to the next page and leaves the rest of the page blank (pdf_layout.py measures it). The journal prints
such items at the top of the next page, with the text running on through the page before. WeasyPrint can do
that with two features it has: a running element (`position: running(name)`) is taken out of the flow where it
stands, and a page's note area (`@page :nth(P) { @note-area { content: element(name) } }`) prints it at the
top of that page, above the text. So the stylesheet, given "N:P", leaves the N-th wide item in the columns as a
running element and has page P's note area print it; the columns are no longer cut at its place.

The pass is driven by the layout: lay out, find the first page whose blank foot is larger than GAP_SHARE of
its text height while the next page starts with a wide item (pdf_layout.gaps), make that item a top float of
the next page, lay out again, and keep the change only if it holds:

- the item prints once, at the top of that page (its anchor, where the JATS places it, is on the page with the
  gap, before the note area of the next page is laid out): never before its first citation, never more than
  a page from where the JATS places it;
- the gap is gone (that page's blank foot is below the threshold, or the article now ends there), or at least
  much smaller (by MIN_GAIN): then the wide item right below the floated one is the next gap's starter;
- figures still print in their order, and tables in theirs, and no figure that was on one page is cut in two
  (WeasyPrint can break a figure's rows of parts below a page's note area);
- no text is lost and the article has no more pages than before.

When the float leaves the gap because the wide item after it, with too little text between the two to fill the
gap, now starts the next page in its place, that item floats to the same page's top too, in one more layout of
the same trial (`_next_starter`; refused alone, the first item would stay refused when later floats above it
make the gap larger). Then the next gap, in the new layout, until none is left or MAX_TRIES layouts were made.
Items that run over more than a page (long tables) are never floated: a running element cannot break over pages.

A column-wide figure leaves the same kind of gap: too tall for what is left of a page's columns, it starts the
next page's first column and the columns before it stay blank. When no wide item is to blame, the pass moves
such a figure after the paragraph that follows it ("ID+K": the block with id ID printed K blocks later, a
heading going with its paragraph), so that the paragraph runs on through the gap, and keeps the move under the
same conditions. So too for any block kept whole (a figure, the key-points box, a boxed text) that begins a
column of its column block and leaves the column before it blank at its foot (_column_deferral), and for a
landscape table (_landscape_deferral): its pages are of their own size, so the page before it ends where it
starts; it moves after as many of the blocks that follow it as that page's blank columns hold. A block moved
for a column's foot is kept only if the flow's blank column feet shrink. A landscape table is never a top float.

Such a move is judged on a layout without the tables' parts ("Table N. Continued", pdf_table_parts.py: made after
this pass), and a table split into parts takes a line or two more or less than one WeasyPrint breaks. So when the
move leaves no band more than NEAR_SHARE over GAP_SHARE, and the caller can say which parts the trial's layout asks
for (`parts`), the move is judged again on one more layout with the parts of the tables that begin by the move's
page (those of later tables cannot change it, and would be judged against a layout without them), and the parts go
on with it.

Same input, same layouts, same decisions: the result is a function of the HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import pairwise

from pipeline.render.pdf_boxes import (
    box_classes,
    children,
    element_classes,
    elements_with_class,
    per_layout,
    root_element,
)
from pipeline.render.pdf_columns import (
    BALANCE_LINES,
    COLUMNS_CLASS,
    LINE_PX,
    blank_areas,
    column_blanks,
    column_feet,
    flow_columns,
    unbalanced_end,
)
from pipeline.render.pdf_layout import (
    GAP_SHARE,
    TOP_FLOAT_CLASS,
    WIDE_CLASS,
    column_starter,
    gaps,
    page_spaces,
    wide_elements,
)
from pipeline.render.pdf_pages import pages_before
from pipeline.render.pdf_text import lost_letters

MAX_TRIES = 8  # layouts after the first, at most
MAX_STARTS = 2  # layouts tried for the last page's balance
MAX_DEFERRAL = 3  # blocks a column-wide figure may move (headings, then the paragraph they head)
NEAR_SHARE = 0.02  # of a page's text height (about 5 mm, a line or two): a move's bands this near GAP_SHARE may
# be judged again with the tables' parts
MIN_GAIN = 0.05  # of a page's text height (about 13 mm): a float that leaves a gap must shrink it at least so
ORDERED = ("fig", "table-wrap")  # classes whose items keep their order in the pages
HEADINGS = ("h2", "h3", "h4", "h5", "h6")
LANDSCAPE_CLASS = "landscape"  # a table printed on landscape pages of its own (pdf_tables.py)
MOVABLE = ("fig", "main-points", "boxed-text")  # column-wide blocks kept whole that may move after a paragraph


@dataclass
class Placed:
    """The result of the pass: the HTML and its layout, and the floats it has (item number -> page)."""
    html: bytes
    document: object
    floats: dict[int, int] = field(default_factory=dict)
    extra: object = None  # what the layout function returned besides HTML and document (its messages)
    tried: int = 0  # layouts made after the first
    deferred: dict[str, int] = field(default_factory=dict)  # column-wide figure id -> blocks later
    starts: tuple[str, ...] = ()  # ids of the blocks that start the right column of the article's last block
    parts: str = ""  # the tables' parts the layout was made with when the pass chose them (pdf_table_parts tokens)
    kept: int = 0  # decisions kept: each a layout the article's pages need (the others, tried, were not kept)


def parameter(floats: dict[int, int], deferred: dict[str, int] | None = None, starts: tuple[str, ...] = ()) -> str:
    """The stylesheet's top-floats parameter: "N:P" pairs in item order, then "ID+K" pairs by figure id, then
    "ID^" for a block that starts a column (the last page's balance)."""
    return " ".join([f"{item}:{page}" for item, page in sorted(floats.items())]
                    + [f"{figure}+{blocks}" for figure, blocks in sorted((deferred or {}).items())]
                    + [f"{block}^" for block in sorted(starts)])


def _flow_children(page_box) -> list:
    return sorted(page_box.children, key=lambda box: box.position_y)  # the note area before the columns


def appearance_order(document, class_name: str) -> list:
    """The elements of this class in the order the pages print them first (page by page, the top floats first,
    then the flow)."""
    from weasyprint.formatting_structure import boxes

    seen: dict[int, object] = {}

    def walk(box) -> None:
        if isinstance(box, boxes.MarginBox):
            return
        if class_name in box_classes(box, pseudo=False):
            seen.setdefault(id(box.element), box.element)
        for child in children(box):
            walk(child)

    for page in document.pages:
        for child in _flow_children(page._page_box):
            walk(child)
    return list(seen.values())


def in_order(document) -> bool:
    """Figures print in their document order, and tables in theirs."""
    for class_name in ORDERED:
        expected = elements_with_class(document, class_name)
        printed = appearance_order(document, class_name)
        if [id(e) for e in printed] != [id(e) for e in expected]:
            return False
    return True


def _pages_of(spaces, number: int) -> list[tuple[int, bool]]:
    return [(space.page, item.top_float) for space in spaces for item in space.wide if item.number == number]


@per_layout
def _spaces(document) -> tuple:
    """The pages' spaces (pdf_layout.page_spaces) with each page's foot blank from where its shorter column ends: a
    column block that ends in one column (a paragraph too short to split) before a wide item on the next page
    leaves the other column's foot blank, a gap as much as a blank foot across the page."""
    feet = column_feet(document)
    return tuple(replace(space, content_bottom=min(space.content_bottom, feet.get(space.page, space.content_bottom)))
                 for space in page_spaces(document))


def _holds(before, after, html: bytes, floats: dict[int, int], page: int, article_end: str) -> bool:
    spaces = _spaces(after)
    for number, float_page in floats.items():
        if _pages_of(spaces, number) != [(float_page, True)]:
            return False
    last = pages_before(after, article_end)
    if any(float_page > last for float_page in floats.values()):
        return False  # printed on what follows the article (the proof's queries page), not on one of its pages
    gap_page = spaces[page - 1] if page <= len(spaces) else None
    if gap_page is None:
        return False
    if gap_page.blank_share > GAP_SHARE and page < last:
        # not gone, but much smaller is progress too: the next item, under this one, may take the rest
        was = _spaces(before)[page - 1]
        if was.blank_share - gap_page.blank_share < MIN_GAIN:
            return False
    if len(after.pages) > len(before.pages) or not in_order(after):
        return False
    if _cut_figures(before, after):
        return False
    return not lost_letters(html, after)


def _cut_figures(before, after) -> dict[int, int]:
    """Wide figures that fitted on one page before and are cut in two after (a table may run on, its head
    repeated): number -> the last page they run onto."""
    spaces = page_spaces(after)
    figures = {item.number for space in spaces for item in space.wide if item.kind == "fig"}
    cut = (_single_page_items(page_spaces(before)) - _single_page_items(spaces)) & figures
    return {number: max(page for page, _ in _pages_of(spaces, number)) for number in sorted(cut)}


def _single_page_items(spaces) -> set[int]:
    pages: dict[int, int] = {}
    for space in spaces:
        for item in space.wide:
            pages[item.number] = pages.get(item.number, 0) + 1
    return {number for number, count in pages.items() if count == 1}


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _siblings_after(document, element) -> list | None:
    """The elements after this one in its parent (None: it has no parent); WeasyPrint's ElementTree elements know
    no parent."""
    parent = next((node for node in root_element(document).iter() if any(child is element for child in node)), None)
    if parent is None:
        return None
    siblings = list(parent)
    return siblings[[id(c) for c in siblings].index(id(element)) + 1:]


def _next_sibling(document, element):
    """The element after this one in its parent."""
    following = _siblings_after(document, element)
    return following[0] if following else None


def _blocks_to_paragraph(document, figure) -> int | None:
    """How many blocks after `figure` end with the first paragraph that follows it in its column block (a
    heading goes with its paragraph); None when a figure or table comes first, or more than 3 blocks."""
    following = _siblings_after(document, figure)
    return None if following is None else _to_paragraph(following)


def _to_paragraph(following) -> int | None:
    """How many of the blocks `following` (at most MAX_DEFERRAL) end with the first paragraph, headings going with
    it; None when anything else comes first."""
    for count, block in enumerate(following[:MAX_DEFERRAL], start=1):
        if _local(block.tag) == "p":
            return count
        if _local(block.tag) not in HEADINGS:
            return None
    return None


def _deferral(document, spaces, last: int, excluded: set[str]) -> tuple[int, str, int] | None:
    """The first page (before `last`) whose blank foot is a gap while the next page's columns start with a
    column-wide figure that may move after the next paragraph: (page, figure id, blocks)."""
    for space, following in pairwise(spaces):
        if space.page >= last or space.blank_share <= GAP_SHARE:
            continue
        figure = column_starter(document, following.page)
        figure_id = figure.get("id") if figure is not None else None
        if not figure_id or figure_id in excluded:
            continue
        blocks = _blocks_to_paragraph(document, figure)
        if blocks is not None:
            return space.page, figure_id, blocks
    return None


def _element_heights(document, elements: list) -> dict[int, float]:
    """The height (margins included) each of these elements takes in the layout, over all its fragments."""
    from weasyprint.formatting_structure import boxes

    wanted = {id(element) for element in elements}
    heights = dict.fromkeys(wanted, 0.0)

    def walk(box) -> None:
        if isinstance(box, boxes.MarginBox):
            return
        element = getattr(box, "element", None)
        if id(element) in wanted and not (getattr(box, "element_tag", None) or "").startswith("::"):
            if TOP_FLOAT_CLASS not in box_classes(box, pseudo=False):
                heights[id(element)] += box.margin_height()
            return
        for child in children(box):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return heights


def _movable(document, spaces) -> set[int]:
    """The wide items that may float to the top of a page: on one page, and not landscape (a landscape table's
    pages are of their own size: it moves on instead)."""
    return _single_page_items(spaces) - {number for number, element in enumerate(wide_elements(document), start=1)
                                         if LANDSCAPE_CLASS in element_classes(element)}


def _column_bands(document, article_end: str) -> list[float]:
    """The blank column bands over GAP_SHARE before the article's last page (shares of a page's text height,
    pdf_columns.blank_areas): what moving a block must lessen (`_fewer_bands`). A page whose foot is blank above a
    wide item that may float (pdf_layout.gaps) is the float pass's next step, not counted."""
    last = pages_before(document, article_end)
    spaces = _spaces(document)
    movable = _movable(document, spaces)
    floatable = {gap.page for gap in gaps(spaces, last_page=last) if gap.item in movable}
    return [blank.share for blank in blank_areas(document, last_page=last) if blank.page not in floatable]


def _fewer_bands(after: list[float], before: list[float]) -> bool:
    """The bands of a layout are fewer than before, or as many and the tallest lower."""
    return len(after) < len(before) or (len(after) == len(before) and bool(after) and max(after) < max(before))


def _flat_flow(document) -> list:
    """The article's blocks in the order they print: the column blocks' children, and the wide items between."""
    article = next((e for e in root_element(document).iter() if _local(e.tag) == "article"), None)
    flow = []
    for child in article if article is not None else ():
        if not isinstance(child.tag, str):
            continue
        if COLUMNS_CLASS in element_classes(child):
            flow.extend(c for c in child if isinstance(c.tag, str))
        else:
            flow.append(child)
    return flow


def _blocks_past_wide(document, block) -> int | None:
    """How many blocks after `block` end with the first paragraph after the wide item that ends its column block
    (the blocks of its column block after it, the wide items, then headings with their paragraph); None when
    its column block ends the article, or something else comes first."""
    flow = _flat_flow(document)
    index = next((i for i, e in enumerate(flow) if e is block), None)
    if index is None:
        return None
    rest = flow[index + 1:]
    passed = False
    for count, element in enumerate(rest, start=1):
        classes = element_classes(element)
        if WIDE_CLASS in classes and TOP_FLOAT_CLASS not in classes:
            passed = True
        elif passed and _local(element.tag) == "p":
            return count
        elif passed and _local(element.tag) not in HEADINGS:
            return None
    return None


def _flow_blocks_to_paragraph(document, element) -> int | None:
    """How many blocks of the article's flow after `element` end with the first paragraph that follows it (a heading
    goes with its paragraph); None when anything else comes first."""
    flow = _flat_flow(document)
    index = next((i for i, e in enumerate(flow) if e is element), None)
    return None if index is None else _to_paragraph(flow[index + 1:])


def _end_deferral(document, spaces, last: int, excluded: set[str]) -> tuple[int, str, int] | None:
    """The first column block that ends on a page before `last` above a wide item with a blank band over GAP_SHARE
    of the page at the foot of its shorter column (its two columns that far apart, or WeasyPrint's balance of the
    paragraphs overshooting): (page, an id, blocks). First the wide item moves after the paragraph that follows
    it, so that the paragraph runs on in the columns; else (that move refused), when a block kept whole in the
    taller column (a column-wide figure, the key-points box, a boxed text) is to blame, the block moves past the
    wide item to after the paragraph that follows it, so that the text before the wide item balances."""
    ends: dict[int, list] = {}
    for column in flow_columns(document):
        ends.setdefault(id(column.block), [])
        if ends[id(column.block)] and ends[id(column.block)][-1].page != column.page:
            ends[id(column.block)] = []
        ends[id(column.block)].append(column)
    bands = {(blank.page, blank.column): blank for blank in column_blanks(document)}
    for end in ends.values():
        page = end[0].page
        if page >= last:
            continue
        left, right = end[0], end[1] if len(end) > 1 else None
        right_bottom = right.bottom if right is not None else left.top
        shorter = (0, left.bottom) if left.bottom < right_bottom else (1, right_bottom)
        band = bands.get((page, shorter[0]))
        below = band is not None and band.share > GAP_SHARE and abs(band.top - shorter[1]) <= LINE_PX
        if abs(left.bottom - right_bottom) <= GAP_SHARE * spaces[page - 1].text_height and not below:
            continue
        wide = _next_sibling(document, left.block)
        wide_id = wide.get("id") if wide is not None else None
        if wide_id and wide_id not in excluded and WIDE_CLASS in element_classes(wide):
            blocks = _flow_blocks_to_paragraph(document, wide)
            if blocks is not None:
                return page, wide_id, blocks
        taller = left if left.bottom > right_bottom or right is None else right
        for block in (taller.last, taller.first):
            block_id = block.get("id") if block is not None else None
            classes = element_classes(block)
            if not block_id or block_id in excluded or WIDE_CLASS in classes or not set(MOVABLE) & set(classes):
                continue
            blocks = _blocks_past_wide(document, block)
            if blocks is not None:
                return page, block_id, blocks
    return None


def _column_deferral(document, last: int, excluded: set[str]) -> tuple[int, str, int] | None:
    """The first column (on a page before `last`) whose foot is blank over GAP_SHARE because the block that begins
    the next column of the same column block is kept whole and did not fit there (a column-wide figure, the
    key-points box, a boxed text): (page, its id, blocks), the block moved after the paragraph that follows it."""
    for column, following in pairwise(flow_columns(document)):
        if (column.page >= last or column.foot <= GAP_SHARE or following.block is not column.block
                or following.first is None or following.first is column.last):
            continue  # not a gap, another block, or the same block running on
        block = following.first
        block_id = block.get("id")
        classes = element_classes(block)
        if not block_id or block_id in excluded or WIDE_CLASS in classes or not set(MOVABLE) & set(classes):
            continue
        blocks = _blocks_to_paragraph(document, block)
        if blocks is not None:
            return column.page, block_id, blocks
    return None


def _landscape_deferral(document, spaces, last: int, excluded: set[str],
                        at_most: dict[str, int]) -> tuple[int, str, int] | None:
    """The first page (before `last`) whose columns end blank because a landscape table starts the next page (its
    pages are of their own size: the columns cannot run on past it): (page, table id, blocks), the table moved
    after as many of the blocks that follow it as the blank feet of that page's columns hold (a heading goes with
    its paragraph, and nothing moves past another wide item), and at most `at_most` blocks (a move of more that
    was not kept)."""
    wide = wide_elements(document)
    blanks = column_blanks(document)
    for space, following in pairwise(spaces):
        if space.page >= last or space.blank_share <= GAP_SHARE:
            continue
        starter = next((item for item in following.wide if item.starts_flow and item.first_fragment), None)
        if starter is None or not 0 < starter.number <= len(wide):
            continue
        table = wide[starter.number - 1]
        table_id = table.get("id")
        if LANDSCAPE_CLASS not in element_classes(table) or not table_id or table_id in excluded:
            continue
        after = _next_sibling(document, table)
        if after is None or COLUMNS_CLASS not in element_classes(after):
            continue
        room = sum(blank.height for blank in blanks if blank.page == space.page
                   and blank.top + blank.height >= space.text_bottom - 1)
        blocks = list(after)
        heights = _element_heights(document, blocks)
        count, used = 0, 0.0
        for block in blocks:
            if WIDE_CLASS in element_classes(block) or used + heights[id(block)] > room:
                break
            used += heights[id(block)]
            count += 1
        count = min(count, at_most.get(table_id, count))
        while count and _local(blocks[count - 1].tag) in HEADINGS:
            count -= 1  # a heading at the foot of the page goes on with its paragraph
        if count:
            return space.page, table_id, count
    return None


def _parse(placement: str) -> tuple[dict[int, int], dict[str, int], tuple[str, ...]]:
    """The floats ("N:P"), moved figures ("ID+K") and column starts ("ID^") of a placement parameter."""
    floats = {int(n): int(p) for n, p in re.findall(r"(?<!\S)(\d+):(\d+)(?!\S)", placement)}
    deferred = {f: int(k) for f, k in re.findall(r"(?<!\S)([A-Za-z][\w.-]*)\+(\d+)(?!\S)", placement)}
    starts = tuple(sorted(re.findall(r"(?<!\S)([A-Za-z][\w.-]*)\^(?!\S)", placement)))
    return floats, deferred, starts


def floats_hold(document, floats: dict[int, int]) -> bool:
    """Every top float printed once, at the top of the page it was placed on; figures and tables in order; no wide
    figure over two pages (what a later layout of the same decisions must keep)."""
    spaces = page_spaces(document)
    if any(_pages_of(spaces, number) != [(page, True)] for number, page in floats.items()):
        return False
    figures = {item.number for space in spaces for item in space.wide if item.kind == "fig"}
    return not (figures - _single_page_items(spaces)) and in_order(document)


def replay(lay_out: Callable[[str], tuple[bytes, object, object]], placement: str) -> Placed | None:
    """The layout with decisions the pass made for the same pages before (the first pagination pass, before
    the page numbers were known; the final PDF, for its archive copy), when they still hold: every float
    printed once at the top of its page, figures and tables in order, no wide figure over two pages, no text
    lost. None when they do not, and the pass is run afresh."""
    floats, deferred, starts = _parse(placement)
    html, document, extra = lay_out(parameter(floats, deferred, starts))
    if not floats_hold(document, floats) or lost_letters(html, document):
        return None
    return Placed(html, document, floats, extra, deferred=deferred, starts=starts)


def place_top_floats(lay_out: Callable[[str], tuple[bytes, object, object]], article_end: str,
                     parts: Callable[[object, str, int], str] | None = None) -> Placed:
    """Lay out with `lay_out(top_floats_parameter) -> (html, document, extra)` until no wide item leaves a gap
    it can fill, and no block kept whole (a column-wide figure, the key-points box) or landscape table one that
    the blocks after it can fill. `article_end` is the
    class of what follows the article's pages (the proof's queries page). `parts(document, made, page)`, when
    given, says which parts (pdf_table_parts tokens) the tables that begin by `page` ask for in a layout made with
    the parts `made` ("" for the caller's own); `lay_out` takes such tokens after the parameter."""
    html, document, extra = lay_out(parameter({}))
    placed = Placed(html, document, {}, extra)

    def with_placed_parts(decisions: str) -> str:
        return _joined(decisions, placed.parts)

    refused: set[int] = set()
    refused_figures: set[str] = set()
    fewer: dict[str, int] = {}  # landscape table id -> the most blocks it may move after
    while placed.tried < MAX_TRIES:
        spaces = _spaces(placed.document)
        movable = _movable(placed.document, spaces)
        last = pages_before(placed.document, article_end)
        found = next((gap for gap in gaps(spaces, last_page=last)
                      if gap.item in movable and gap.item not in refused and gap.item not in placed.floats), None)
        floats, deferred = placed.floats, placed.deferred
        column_move = None  # a block moved for a column's blank foot: kept only if the flow's blank feet shrink
        landscape_move = None
        if found is not None:
            page = found.page
            floats = {**floats, **dict.fromkeys(_wide_run(placed.document, spaces, found, movable - refused),
                                                  found.page + 1)}
        else:
            excluded = refused_figures | set(deferred)
            deferral = _deferral(placed.document, spaces, last, excluded)
            if deferral is None:
                deferral = column_move = _column_deferral(placed.document, last, excluded)
            if deferral is None:
                deferral = landscape_move = _landscape_deferral(placed.document, spaces, last, excluded, fewer)
            if deferral is None:
                deferral = column_move = _end_deferral(placed.document, spaces, last, excluded)
            if deferral is None:
                break
            page, figure_id, blocks = deferral
            deferred = {**deferred, figure_id: blocks}
        html, document, extra = lay_out(with_placed_parts(parameter(floats, deferred)))
        placed.tried += 1
        cut = _cut_figures(placed.document, document)
        if cut and found is not None and placed.tried < MAX_TRIES and not set(cut) & (refused | set(floats)):
            # WeasyPrint cuts a wide figure that comes first below a page's note area (it takes the page for
            # empty): print that one at the top of the page it runs onto as well
            floats = {**floats, **cut}
            html, document, extra = lay_out(with_placed_parts(parameter(floats, deferred)))
            placed.tried += 1
        made = placed.parts
        shrinks = column_move is None or _fewer_bands(_column_bands(document, article_end),
                                                      _column_bands(placed.document, article_end))
        if not shrinks and parts is not None and placed.tried < MAX_TRIES and _near(document, article_end):
            # a line or two over: the tables' parts, made after this pass, may take them (one more layout)
            asked = parts(document, placed.parts, page)
            if asked != placed.parts:
                made = asked
                html, document, extra = lay_out(_joined(parameter(floats, deferred), made))
                placed.tried += 1
                shrinks = _fewer_bands(_column_bands(document, article_end),
                                       _column_bands(placed.document, article_end))
        holds = shrinks and _holds(placed.document, document, html, floats, page, article_end)
        following = _next_starter(document, found, floats, refused, article_end) if found is not None else None
        if not holds and following and placed.tried < MAX_TRIES:
            # the floated item took the next page's top, and the wide item after it, with too little text between
            # them to fill the gap, now starts that page and leaves the same gap: it floats there too
            floats = {**floats, **dict.fromkeys(following, page + 1)}
            html, document, extra = lay_out(with_placed_parts(parameter(floats, deferred)))
            placed.tried += 1
            holds = _holds(placed.document, document, html, floats, page, article_end)
        if holds:
            placed = Placed(html, document, floats, extra, placed.tried, deferred, parts=made, kept=placed.kept + 1)
        elif found is not None:
            refused.add(found.item)
        elif landscape_move is not None and blocks > 1:
            fewer[figure_id] = blocks - 1  # the blocks moved overfilled the page: try one fewer
        else:
            refused_figures.add(figure_id)
    return _balance_last_page(lambda decisions: lay_out(with_placed_parts(decisions)), placed, article_end)


def _joined(*decisions: str) -> str:
    """Decision strings (the pass's parameter, table-part tokens) as one, the empty ones left out."""
    return " ".join(part for part in decisions if part)


def _near(document, article_end: str) -> bool:
    """No blank column band of this layout is more than NEAR_SHARE over GAP_SHARE (`_column_bands`)."""
    return all(band <= GAP_SHARE + NEAR_SHARE for band in _column_bands(document, article_end))


def _next_starter(document, gap, floats: dict[int, int], refused: set[int], article_end: str) -> list[int]:
    """After `gap`'s item was floated to the next page's top: the wide items (a run, `_wide_run`) that now start
    that page's flow below it and leave the same page's foot blank; [] when the gap is gone or another one."""
    spaces = _spaces(document)
    movable = _movable(document, spaces) - refused - set(floats)
    last = pages_before(document, article_end)
    now = next((g for g in gaps(spaces, last_page=last) if g.page == gap.page), None)
    if now is None or now.item == gap.item or now.item not in movable or floats.get(gap.item) != gap.page + 1:
        return []
    return _wide_run(document, spaces, now, movable)


def _wide_run(document, spaces, gap, movable: set[int]) -> list[int]:
    """The gap's starter and the wide items that follow it in the text with nothing between them and start the same
    page: they float to its top together (floated alone, the starter would leave the next one where the text
    should run on, and the gap as it was)."""
    wide = wide_elements(document)
    numbers = {id(element): n for n, element in enumerate(wide, start=1)}
    following = _siblings_after(document, wide[gap.item - 1]) or []
    run = [gap.item]
    for element in following:
        number = numbers.get(id(element))
        if (number is None or number not in movable
                or _pages_of(spaces, number) != [(gap.page + 1, False)]):
            break
        run.append(number)
    return run


def _first_boxes(document) -> dict[int, tuple[int, object]]:
    """id(element) -> (page from 1, its first block box) for every element with an id that a block box is made
    for, in the order the pages print them."""
    from weasyprint.formatting_structure import boxes

    found: dict[int, tuple[int, object]] = {}

    def walk(box, page: int) -> None:
        if isinstance(box, boxes.MarginBox):
            return
        element = getattr(box, "element", None)
        if (isinstance(box, boxes.BlockBox) and element is not None and hasattr(element, "get") and element.get("id")
                and not (getattr(box, "element_tag", None) or "").startswith("::")):
            found.setdefault(id(element), (page, box))
        for child in children(box):
            walk(child, page)

    for index, page in enumerate(document.pages, start=1):
        walk(page._page_box, index)
    return found


def _column_start(document, page: int, excluded: set[str]) -> list[str]:
    """For the article's last column block when its columns on `page` (its last) do not end level
    (pdf_columns.unbalanced_end): the blocks with an id that begin in its stretch on that page, best first, as the
    block to start its right column so that the two hold as much each (WeasyPrint balances by adding a whole
    block's height to the columns and overshoots where the blocks are long: the back matter is one); only those
    that the blocks' heights say would end the columns closer."""
    end = unbalanced_end(document, page, BALANCE_LINES)
    columns = [column for column in flow_columns(document) if column.page == page]
    if end is None or not columns:
        return []
    block = columns[-1].block
    top = columns[-1].top
    half = ((end[0] - top) + (end[1] - top)) / 2
    now = abs(end[0] - end[1]) / 2  # how far each column ends from `half` now
    page_box = document.pages[page - 1]._page_box
    middle = page_box.content_box_x() + page_box.width / 2
    inside = {id(element) for element in block.iter()}
    before_it = {id(child): previous for node in block.iter() for previous, child in pairwise(list(node))}
    ranked = []
    for key, (first_page, box) in _first_boxes(document).items():
        element = box.element
        if first_page != page or key not in inside or element is block or element.get("id") in excluded:
            continue
        previous = before_it.get(key)
        if previous is None or _local(previous.tag) in HEADINGS:
            continue  # the first of its list or section, or under a heading: the heading would stay behind
        box_top = box.position_y + box.margin_top
        before = box_top - top if box.position_x < middle else (end[0] - top) + (box_top - top)
        # not the first block of the left column; and where the two columns would end, from the blocks' heights
        # (each as far from `half`): a block that would leave them no closer than they are is not worth a layout
        # (the one that starts the right column already, which would change nothing, is one)
        if before > LINE_PX and abs(before - half) < now:
            ranked.append((abs(before - half), element.get("id")))
    return [block_id for _, block_id in sorted(ranked)]


def _balance_last_page(lay_out: Callable[[str], tuple[bytes, object, object]], placed: Placed,
                       article_end: str) -> Placed:
    """The article's last column block ends with its columns level: when WeasyPrint's balance leaves them more
    than BALANCE_LINES apart, the block nearest the middle of the last page's stretch starts the right column
    (a forced column break, "ID^"), kept if the columns end closer and nothing else changes for the worse (no
    more pages, floats where they were, figures and tables in order, no text lost); MAX_STARTS candidates."""
    last = pages_before(placed.document, article_end)
    end = unbalanced_end(placed.document, last, BALANCE_LINES)
    if end is None:
        return placed
    for block_id in _column_start(placed.document, last, set(placed.starts))[:MAX_STARTS]:
        starts = (*placed.starts, block_id)
        html, document, extra = lay_out(parameter(placed.floats, placed.deferred, starts))
        after = unbalanced_end(document, last, BALANCE_LINES) if len(document.pages) == len(placed.document.pages) \
            else end
        if (len(document.pages) == len(placed.document.pages) and pages_before(document, article_end) == last
                and (after is None or abs(after[0] - after[1]) < abs(end[0] - end[1]))
                and floats_hold(document, placed.floats) and not lost_letters(html, document)):
            return Placed(html, document, placed.floats, extra, placed.tried + 1, placed.deferred, starts,
                          placed.parts, placed.kept + 1)
    return placed
