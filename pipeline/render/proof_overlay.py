"""The proof's furniture: where the numbers and flags go -> a PDF of overlay pages, and the proof with each overlay
page drawn under its page's content, marked as an artifact.

Line numbers, author-query flags and the PROOF watermark are not the article's content: a screen reader must not
read them and a tagged PDF (PDF/UA) marks them as artifacts. They are drawn after the layout, from it, so the
article is laid out once (the pages are the final PDF's): one small SVG page per proof page (proof-overlay.css
says how they look), laid out by WeasyPrint, then each put under its page as a form XObject inside an /Artifact
marked-content sequence (pikepdf). The same step names the pages for PDF readers (/PageLabels: "Cover", the
article's own page numbers, "Queries 1" …) and writes the proof's stamp into its document information.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import pikepdf

from pipeline.render.pdf_lines import NUMBER_SIZE, OFFSET, NumberedLine

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"
OVERLAY_CSS = TEMPLATES / "proof-overlay.css"
FURNITURE = "/ProofFurniture"  # the overlay's name among a page's resources, before the page's number
NUMBERS_WIDTH = 15.0  # CSS px: room for a three-digit line number beside the left column
FLAG_GAP = 3.0  # CSS px between the numbers and a flag in the left margin, or the text and a flag in the right
# (text, bold) -> its width in CSS px at NUMBER_SIZE, in the overlay's face: numbers are set from their right edge
# and flags get a box of their width without asking the SVG renderer to align text (which costs a PDF group per
# number: several hundred per page)
Measure = Callable[[str, bool], float]


@dataclass(frozen=True)
class Flag:
    label: str  # "AQ3", or "AQ3–5" for the queries of one line
    line: NumberedLine


@dataclass(frozen=True)
class OverlayPage:
    width: float  # CSS px
    height: float
    text_left: float  # the page's text area, CSS px from its left edge
    text_right: float
    lines: tuple[NumberedLine, ...] = ()
    flags: tuple[Flag, ...] = ()


def _flag_svg(flag: Flag, page: OverlayPage, measure: Measure) -> str:
    width = measure(flag.label, True) + 2
    if flag.line.side == "right":
        x = page.text_right + OFFSET
    else:
        x = page.text_left - OFFSET - NUMBERS_WIDTH - FLAG_GAP - width
    y = flag.line.baseline
    return (f'<rect class="query-flag-box" x="{x:.2f}" y="{y - NUMBER_SIZE * 0.85:.2f}" width="{width:.2f}" '
            f'height="{NUMBER_SIZE * 1.1:.2f}"/><text class="query-flag" x="{x + 1:.2f}" y="{y:.2f}">'
            f"{escape(flag.label)}</text>")


def _page_svg(page: OverlayPage, watermark: str, css: str, measure: Measure) -> str:
    numbers = "".join(f'<text class="line-number" x="{line.x - measure(str(line.number), False):.2f}" '
                      f'y="{line.baseline:.2f}">{line.number}</text>' for line in page.lines)
    flags = "".join(_flag_svg(flag, page, measure) for flag in page.flags)
    centre_x, centre_y = page.width / 2, page.height / 2
    mark = (f'<text class="watermark" transform="translate({centre_x:.2f} {centre_y + 55:.2f}) rotate(-50)">'
            f"{escape(watermark)}</text>") if watermark else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{page.width:.2f}" height="{page.height:.2f}" '
            f'viewBox="0 0 {page.width:.2f} {page.height:.2f}"><style>{escape(css)}</style>{mark}{numbers}{flags}'
            "</svg>")


def overlay_html(pages: Sequence[OverlayPage], watermark: str, measure: Measure) -> str:
    """One page of the overlay document per proof page, each exactly the size of its proof page."""
    css = OVERLAY_CSS.read_text(encoding="utf-8")
    sheets = []
    for n, page in enumerate(pages):
        name = f"p{n}"
        sheets.append(f"<style>@page {name} {{ size: {page.width:.3f}px {page.height:.3f}px; margin: 0 }}</style>"
                      f'<div class="sheet" style="page: {name}; break-after: page">'
                      f"{_page_svg(page, watermark, css, measure)}</div>")
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(watermark)}</title>'
            f"<style>body {{ margin: 0 }} svg {{ display: block }}</style></head><body>{''.join(sheets)}"
            "</body></html>")


def underlay(proof: bytes, overlay: bytes, labels: Sequence[tuple[int, dict[str, object]]],
             info: dict[str, str]) -> bytes:
    """`proof` with page i of `overlay` drawn under page i, as an artifact; `labels` are the /PageLabels entries
    (first page index, label dictionary), `info` entries for the document information. Same inputs, same bytes:
    the first part of the file's /ID is kept, the second derived from the content."""
    with pikepdf.open(io.BytesIO(proof)) as pdf, pikepdf.open(io.BytesIO(overlay)) as furniture:
        if len(furniture.pages) != len(pdf.pages):
            raise ValueError(f"{len(furniture.pages)} overlay pages for {len(pdf.pages)} proof pages")
        for number, (page, sheet) in enumerate(zip(pdf.pages, furniture.pages, strict=True), start=1):
            drawing = pdf.copy_foreign(sheet.as_form_xobject())
            # a name of its own per page (WeasyPrint's pages share one resource dictionary), and a fixed one: a
            # random one (add_resource's prefix) changes the order the file's objects are written in
            name = page.add_resource(drawing, pikepdf.Name.XObject, pikepdf.Name(f"{FURNITURE}{number}"),
                                     replace_existing=False)
            page.contents_add(b"/Artifact BMC q " + name.unparse() + b" Do Q EMC\n", prepend=True)
        nums = pikepdf.Array()
        for index, label in labels:
            nums.append(index)
            nums.append(pikepdf.Dictionary({f"/{key}": _pdf_value(value) for key, value in label.items()}))
        pdf.Root.PageLabels = pdf.make_indirect(pikepdf.Dictionary(Nums=nums))
        for key, value in info.items():
            pdf.docinfo[pikepdf.Name(key)] = pikepdf.String(value)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


def _pdf_value(value: object) -> object:
    if isinstance(value, str) and value.startswith("/"):
        return pikepdf.Name(value)
    if isinstance(value, str):
        return pikepdf.String(value)
    return value
