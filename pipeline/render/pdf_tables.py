"""Table fitting: the print HTML's tables -> where each is printed (in a column, across the page, in smaller type,
on a landscape page), decided from the widths its content needs, as WeasyPrint measures them.

A word or number is never broken inside a cell (print.css sets no overflow-wrap in tables). So a table needs at
least its min-content width: the longest unbreakable piece of each column ("Microcalcification", "<0.001*",
"(40.4)") and the cells' padding, side by side. Its max-content width is what it takes with no line wrapped. A
measuring document gives both for every table of the article: each table at every candidate type size in a box
narrower than anything (a table is never narrower than its min-content width, so it takes exactly that), and
once, at its own size, in a box wider than anything with its width left to its content. WeasyPrint's own table
layout computes each table's width there from the styled boxes, before any row would be laid out, so the document
is styled but never laid out in pages (`_measured_widths`). The page's geometry (a column's width, the page's, a
landscape page's) and the tables' own type size are read from probes laid out with the same stylesheet, so that
nothing here repeats a length of print.css.

For each table the first placement that holds is taken (the house style's `tables` block gives the sizes and
whether a page may turn):

  1. a column, at its own size: its min-content width fits the column, and it has three columns or fewer or fits
     there without a line wrapped (a many-column table squeezed into a column would wrap every cell);
  2. across the page, at its own size, then `type_step` smaller each time down to `smallest_type`;
  3. a landscape page, at the same sizes (when the journal allows it);

otherwise the table cannot be printed without breaking a word: an error that names it and says what it needs.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

import lxml.html
from lxml import etree

from pipeline.config.journal import TableStyle
from pipeline.diagnostics import fail
from pipeline.render.pdf_boxes import children

PLACEMENTS = ("column", "page", "landscape")
MM = 96 / 25.4  # CSS px a millimetre
PT = 96 / 72  # CSS px a point
NARROW_COLUMNS = 3  # a table of this many columns or fewer may wrap its cells in a column
# Every length is measured by the same engine in the same units; this much is rounding.
TOLERANCE = 0.5  # CSS px


@dataclass(frozen=True)
class Geometry:
    """The widths a table may take (CSS px) and the tables' own type size (pt), from print.css."""

    column: float
    page: float
    landscape: float
    size: float


@dataclass(frozen=True)
class Widths:
    """What one table's content needs (CSS px)."""

    number: int  # the table's place among the article's tables (data-table in the print HTML)
    label: str  # "Table 3", as its caption says; "table 3" when it has no label
    columns: int
    max_content: float  # at its own size
    min_content: dict[float, float]  # type size (pt) -> min-content width


@dataclass(frozen=True)
class Fit:
    number: int
    placement: str  # column, page or landscape
    size: float | None = None  # pt; None: the stylesheet's own size

    @property
    def token(self) -> str:
        return f"{self.number}:{self.placement}" + (f"@{self.size:g}" if self.size is not None else "")


def parameter(fits: list[Fit]) -> str:
    """The print stylesheet's table-fits parameter: "1:column 2:page 3:landscape@6.8"."""
    return " ".join(fit.token for fit in sorted(fits, key=lambda f: f.number))


# In a placement string (pdf.py: the decisions a later layout of the same text replays), each fit is "f" + its
# token: "f1:column f3:landscape@6.8" (an article without tables has none, and costs no measuring layout).
PLACEMENT_TOKEN = re.compile(r"(?<!\S)f(\d+:(?:column|page|landscape)(?:@\d+(?:\.\d+)?)?)(?!\S)")


def in_placement(fits: str) -> str:
    """The placement tokens of a table-fits parameter."""
    return " ".join(f"f{token}" for token in fits.split())


def from_placement(placement: str | None) -> str | None:
    """The table-fits parameter a placement string holds (None: it holds none, the tables are to be measured)."""
    found = PLACEMENT_TOKEN.findall(placement or "")
    return " ".join(found) if found else None


def without_fits(placement: str) -> str:
    return " ".join(PLACEMENT_TOKEN.sub("", placement or "").split())


def sizes(style: TableStyle, own: float) -> list[float]:
    """The type sizes a table may be set in, largest first: its own, then a step smaller each time down to the
    house style's smallest."""
    found = [round(own, 2)]
    steps = 1
    while round(own - steps * style.type_step, 2) >= style.smallest_type - 1e-9:
        found.append(round(own - steps * style.type_step, 2))
        steps += 1
    return found


def decide(widths: Widths, geometry: Geometry, style: TableStyle) -> Fit:
    """Where one table is printed (module docstring); a PipelineError when nowhere."""
    ladder = sizes(style, geometry.size)
    own = ladder[0]

    def fits(size: float, room: float) -> bool:
        return widths.min_content[size] <= room + TOLERANCE

    if fits(own, geometry.column) and (widths.columns <= NARROW_COLUMNS
                                       or widths.max_content <= geometry.column + TOLERANCE):
        return Fit(widths.number, "column")
    rooms = [("page", geometry.page)] + ([("landscape", geometry.landscape)] if style.landscape else [])
    for placement, room in rooms:
        for size in ladder:
            if fits(size, room):
                return Fit(widths.number, placement, None if size == own else size)
    smallest = ladder[-1]
    widest = max(room for _, room in rooms)
    where = "a landscape page" if style.landscape else "the page"
    raise fail("render.table-too-wide",
               f"{widths.label} cannot be printed without breaking a word or number inside a cell: even in "
               f"{smallest:g} pt type, the smallest the journal allows for tables (house_style.tables.smallest_type), "
               f"its columns need {widths.min_content[smallest] / MM:.0f} mm side by side, and {where} gives "
               f"{widest / MM:.0f} mm. Shorten its longest entries, split it into two tables, or move it to the "
               "supplementary material", location=widths.label)


# ----- measuring -----

NARROWEST, WIDEST = 1, 100000  # CSS px: the measuring boxes, narrower and wider than any table
MEASURE_CSS = f"""
.fit-min {{ width: {NARROWEST}px; }}
.fit-max {{ width: {WIDEST}px; }}
.fit-max > table {{ width: auto !important; }}
.fit-landscape {{ page: landscape; }}
.fit-own-pages {{ break-before: page; break-after: page; }}
"""


def _probe_boxes(document) -> dict[str, object]:
    """data-probe -> the first box laid out for that probe (not a pseudo-element's)."""
    found: dict[str, object] = {}

    def walk(box) -> None:
        get = getattr(getattr(box, "element", None), "get", None)
        if get is not None and get("data-probe") and not (getattr(box, "element_tag", "") or "").startswith("::"):
            found.setdefault(get("data-probe"), box)
        for child in children(box):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return found


def _html(body: str) -> bytes:
    return ('<!DOCTYPE html><html class="print variant-final"><head><meta charset="utf-8"><style>' + MEASURE_CSS
            + '</style></head><body><article class="article">' + body + "</article></body></html>").encode("utf-8")


def _document(body: str, render) -> object:
    return render(_html(body))


_GEOMETRY: dict[str, Geometry] = {}  # the stylesheets' key -> their geometry


def _geometry(render_key: str, render) -> Geometry:
    if render_key in _GEOMETRY:
        return _GEOMETRY[render_key]
    body = ('<div class="fit-probe" data-probe="page"></div>'
            '<div class="columns"><div class="fit-probe" data-probe="column"></div></div>'
            '<div class="table-wrap"><p class="fit-probe" data-probe="size">x</p></div>'
            '<div class="fit-landscape"><div class="fit-probe" data-probe="landscape"></div></div>')
    found = _probe_boxes(_document(body, render))
    geometry = Geometry(column=found["column"].width, page=found["page"].width, landscape=found["landscape"].width,
                        size=round(found["size"].style["font_size"] / PT, 2))
    _GEOMETRY[render_key] = geometry
    return geometry


def _column_count(table: etree._Element) -> int:
    counts = [sum(int(cell.get("colspan") or 1) if (cell.get("colspan") or "1").isdigit() else 1
                  for cell in row if cell.tag in ("td", "th"))
              for row in table.iter("tr")]
    return max(counts, default=0)


def _label(wrap: etree._Element, number: int) -> str:
    label = " ".join("".join(wrap.xpath("./p[contains(@class, 'table-caption')]/b[@class='caption-label']//text()"))
                     .split()).rstrip(".:")
    return label or f"table {number}"


def _table_wraps(root: etree._Element) -> list[etree._Element]:
    """The print HTML's numbered tables (div.table-wrap[data-table]), in document order."""
    return [wrap for wrap in root.iter("div") if "table-wrap" in (wrap.get("class") or "").split()
            and wrap.get("data-table")]


def _measured_widths(styled) -> dict[tuple[str, str], float]:
    """(data-fit, data-fit-size) -> the border-box width of each measuring table, computed as WeasyPrint's table
    layout computes it before it lays out any row (its auto table layout in the measuring box's width: the
    min-content width in the narrowest, the max-content in the widest); the rows, the most of a layout's cost
    here, are never laid out. `styled` is (layout context, box tree) of the measuring document."""
    from weasyprint.layout.percent import resolve_percentages
    from weasyprint.layout.table import table_wrapper_width

    context, root = styled
    found: dict[tuple[str, str], float] = {}

    def walk(box) -> None:
        for child in children(box):
            table = child.get_wrapped_table() if getattr(child, "is_table_wrapper", False) else None
            get = getattr(getattr(table, "element", None), "get", None)
            if get is not None and get("data-fit"):
                room = (WIDEST if get("data-fit-size") == "max" else NARROWEST, 0)
                resolve_percentages(child, room)  # as block layout does before it lays the table out
                table_wrapper_width(context, child, room)
                found.setdefault((get("data-fit"), get("data-fit-size") or ""), table.border_width())
            else:
                walk(child)

    walk(root)
    return found


def measure(root: etree._Element, style: TableStyle, render, render_key: str, styled) -> tuple[Geometry, list[Widths]]:
    """The page's geometry and each table's widths in the print HTML `root`. `render(html_bytes) -> document` lays
    a document out with the print stylesheets; `render_key` names them (the geometry is measured once per key);
    `styled(html_bytes) -> (context, boxes)` styles a document with them and makes its boxes, without a layout."""
    geometry = _geometry(render_key, render)
    wraps = _table_wraps(root)
    ladder = sizes(style, geometry.size)
    pieces = []
    described = []
    for wrap in wraps:
        number = wrap.get("data-table")
        table = next(wrap.iter("table"), None)
        if table is None:
            continue
        described.append((int(number), _label(wrap, int(number)), _column_count(table)))
        for size in ladder:
            pieces.append(_measuring_table(table, number, f"{size:g}", "fit-min", size))
        pieces.append(_measuring_table(table, number, "max", "fit-max", None))
    if not described:
        return geometry, []
    found = _measured_widths(styled(_html("".join(pieces))))
    widths = []
    for number, label, columns in described:
        key = str(number)
        widths.append(Widths(number, label, columns, found[(key, "max")],
                             {size: found[(key, f"{size:g}")] for size in ladder}))
    return geometry, widths


def _measuring_table(table: etree._Element, number: str, size_key: str, box: str, size: float | None) -> str:
    twin = copy.deepcopy(table)
    twin.tail = None
    twin.set("data-fit", number)
    twin.set("data-fit-size", size_key)
    style = f' style="font-size: {size:g}pt"' if size is not None else ""
    return (f'<div class="table-wrap"{style}><div class="{box}">' + lxml.html.tostring(twin, encoding="unicode")
            + "</div></div>")


def _ladder_from(style: TableStyle, geometry: Geometry, size: float | None) -> list[float]:
    """The type sizes from `size` (None: the tables' own) down to the house style's smallest."""
    ladder = sizes(style, geometry.size)
    start = ladder[0] if size is None else size
    return [s for s in ladder if s <= start + 1e-9]


def _landscape_pages(root: etree._Element, fits: list[Fit], geometry: Geometry, style: TableStyle,
                     render) -> dict[tuple[int, float], int]:
    """(table number, type size) -> how many landscape pages the whole table (caption, rows, footnotes) takes at
    that size, for each landscape table at its size and every smaller one the house style allows."""
    from weasyprint.formatting_structure import boxes

    wraps = {int(wrap.get("data-table")): wrap for wrap in _table_wraps(root)}
    pieces = []
    for fit in fits:
        wrap = wraps.get(fit.number)
        if fit.placement != "landscape" or wrap is None:
            continue
        for size in _ladder_from(style, geometry, fit.size):
            twin = copy.deepcopy(wrap)
            twin.tail = None
            twin.set("class", "table-wrap wide landscape fit-own-pages")
            twin.set("style", f"font-size: {size:g}pt")
            twin.set("data-fit-pages", f"{fit.number}@{size:g}")
            pieces.append(lxml.html.tostring(twin, encoding="unicode"))
    if not pieces:
        return {}
    pages: dict[tuple[int, float], set[int]] = {}

    def walk(box, page: int) -> None:
        if isinstance(box, boxes.MarginBox):
            return
        get = getattr(getattr(box, "element", None), "get", None)
        key = get("data-fit-pages") if get is not None else None
        if key:
            number, size = key.split("@")
            pages.setdefault((int(number), round(float(size), 2)), set()).add(page)
            return
        for child in children(box):
            walk(child, page)

    # after a first page of its own: the first page's margins are not a landscape page's
    for index, page in enumerate(_document('<p class="fit-probe">x</p>' + "".join(pieces), render).pages):
        walk(page._page_box, index)
    return {key: len(found) for key, found in pages.items()}


def fit_tables(html: bytes, style: TableStyle, render, render_key: str, styled) -> list[Fit]:
    """Where each table of the print HTML is printed; a PipelineError naming the first that fits nowhere.

    A landscape table prints on pages of its own, where nothing else can fill what it leaves blank: when it runs
    on to more pages at its size than at a smaller one (down to the house style's smallest), it is set at the
    largest size that takes fewest pages (a footnote's line alone on a landscape page is not printed)."""
    root = lxml.html.document_fromstring(html)
    geometry, widths = measure(root, style, render, render_key, styled)
    fits = [decide(w, geometry, style) for w in widths]
    pages = _landscape_pages(root, fits, geometry, style, render)
    for index, fit in enumerate(fits):
        counts = [(pages[(fit.number, size)], -size) for size in _ladder_from(style, geometry, fit.size)
                  if (fit.number, size) in pages]
        if counts:
            _count, best = min(counts)
            best = -best
            if best != (fit.size if fit.size is not None else geometry.size):
                fits[index] = Fit(fit.number, "landscape", best)
    return fits
