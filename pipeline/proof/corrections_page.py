"""The corrections list (corrections.yaml's data) + the returned proof -> corrections.html beside the article's
report: each mark with a crop of the proof page around it (as the author returned it, marks drawn), what the author
asked, the edit proposed and where it goes in the article; the answers with their questions.

The page is made from the same data as the file production edits, so the two always say the same. The crops are
rendered with PDFium (pypdfium2) and embedded as PNG data, so the page is one file that can be mailed or archived.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2

from pipeline import xmlio

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
FILE_NAME = "corrections.html"
SCALE = 2.0  # pixels per point of the crops (144 dpi)
MARGIN_X, MARGIN_Y = 110.0, 34.0  # points of the page shown around a mark
KIND_WORDS = {"replace": "replace", "strike-out": "strike-out (delete)", "insert": "insert (caret)",
              "note": "sticky note", "free-text": "text box", "highlight": "highlight", "underline": "underline",
              "squiggly": "squiggly underline", "square": "rectangle", "circle": "ellipse", "ink": "freehand drawing",
              "polygon": "polygon or cloud", "stamp": "stamp"}


def write_page(folder: Path, data: dict[str, Any], pdf: Path, accent: str = "#000") -> Path:
    marks = [dict(item) for item in data["items"] if item.get("kind") != "answer"]
    answers = [item for item in data["items"] if item.get("kind") == "answer"]
    crops = _crops(pdf, marks)
    for item in marks:
        item["kind_words"] = KIND_WORDS.get(item["kind"], item["kind"])
        item["place_words"] = _place(item)
        item["crop"] = crops.get(item["id"])
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                                     undefined=jinja2.ChainableUndefined, keep_trailing_newline=True)
    html = environment.get_template("corrections.html.j2").render(
        doc=data, marks=marks, answers=answers, accent=accent, yaml_name="corrections.yaml",
        unplaced=[item["id"] for item in marks if item.get("unplaced")])
    path = folder / FILE_NAME
    xmlio.write_bytes_atomic(path, html.encode("utf-8"))
    return path


def _place(item: dict[str, Any]) -> str:
    return page_words(item["page"], item.get("printed_page")) + (f", {lines_words(item['lines'])}"
                                                                   if item.get("lines") else "")


def page_words(page: int, label: str | None = None) -> str:
    """'page 3 (printed 564)': the proof's page, and the number printed on it where the proof labels its pages;
    a page that prints no number is named by its label: 'page 1 (Cover)'."""
    if not label:
        return f"page {page}"
    return f"page {page} (printed {label})" if label.isdigit() else f"page {page} ({label})"


def lines_words(numbers: Sequence[int]) -> str:
    """'line 4', 'lines 11–12', 'lines 40, 3' (a passage that goes on in the next column): the proof's line numbers,
    as the listing, this page and a round's list of changes say them."""
    if len(numbers) == 1:
        return f"line {numbers[0]}"
    if list(numbers) == list(range(numbers[0], numbers[-1] + 1)):
        return f"lines {numbers[0]}–{numbers[-1]}"
    return "lines " + ", ".join(map(str, numbers))


def _crops(pdf: Path, marks: list[dict[str, Any]]) -> dict[str, str]:
    """item id -> a PNG data URL of the page region around the mark (its rectangle, widened)."""
    import pypdfium2

    crops: dict[str, str] = {}
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        rendered: dict[int, Any] = {}
        for item in marks:
            rect = (item.get("where") or {}).get("rect")
            page_number = item.get("page")
            if not rect or not isinstance(page_number, int) or not 1 <= page_number <= len(document):
                continue
            if page_number not in rendered:
                page = document[page_number - 1]
                rendered[page_number] = (page.render(scale=SCALE, may_draw_forms=True).to_pil(), page.get_height())
            image, height = rendered[page_number]
            x0, y0, x1, y1 = rect
            box = (max(0.0, x0 - MARGIN_X) * SCALE, max(0.0, height - y1 - MARGIN_Y) * SCALE,
                   min(image.width / SCALE, x1 + MARGIN_X) * SCALE, min(height, height - y0 + MARGIN_Y) * SCALE)
            if box[2] - box[0] < 4 or box[3] - box[1] < 4:
                continue
            out = io.BytesIO()
            image.crop(tuple(round(v) for v in box)).save(out, format="PNG", optimize=True)
            crops[item["id"]] = "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")
    finally:
        document.close()
    return crops
