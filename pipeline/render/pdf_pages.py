"""Printed page numbers: a laid-out document -> the number each page prints, read from its margin boxes.

The number a page prints must be the article's first page plus the page's index: the pagination stage
writes fpage/lpage from the PDFs, and the cite-as lines, the table of contents and the deposits follow.
The check reads WeasyPrint's own layout (the text of each page's margin boxes), so the pipeline needs no
PDF tool. A running head prints its number at one end, set off by a bullet: "572 • July 2023 • Journal",
"Running title • 573"; the first page prints the number alone.
"""

from __future__ import annotations

import re

from pipeline.diagnostics import fail
from pipeline.render.pdf_boxes import box_classes, children

NUMBER_AT_START = re.compile(r"^\s*(\d+)\s*(?:•|$)")
NUMBER_AT_END = re.compile(r"•\s*(\d+)\s*$")


def _text(box) -> str:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        return box.text
    return "".join(_text(child) for child in children(box))


def margin_texts(page) -> dict[str, str]:
    """at-keyword ('@top-left' ...) -> the text that margin box prints on this page."""
    from weasyprint.formatting_structure import boxes

    return {child.at_keyword: " ".join(_text(child).split())
            for child in page._page_box.children if isinstance(child, boxes.MarginBox)}


def number_in(text: str) -> int | None:
    for pattern in (NUMBER_AT_START, NUMBER_AT_END):
        found = pattern.search(text)
        if found:
            return int(found.group(1))
    return None


def printed_page_numbers(document) -> list[int | None]:
    """The page number each page prints (None where it prints none), from the document's layout."""
    numbers: list[int | None] = []
    for page in document.pages:
        found = [n for text in margin_texts(page).values() if (n := number_in(text)) is not None]
        numbers.append(found[0] if len(set(found)) == 1 else None)
    return numbers


def check_page_numbers(document, first_page: int, *, article: str | None = None) -> None:
    """Fail unless page i prints first_page + i on every page."""
    printed = printed_page_numbers(document)
    expected = list(range(first_page, first_page + len(printed)))
    if printed != expected:
        wrong = [(index + 1, got, want) for index, (got, want) in enumerate(zip(printed, expected, strict=True))
                 if got != want]
        detail = "; ".join(f"page {index} prints {got if got is not None else 'no number'}, not {want}"
                           for index, got, want in wrong[:5])
        raise fail("render.page-numbers", f"printed page numbers disagree with first page {first_page}: {detail}",
                   article=article)


def _has_class(box, name: str) -> bool:
    return name in box_classes(box) or any(_has_class(child, name) for child in children(box))


def pages_before(document, class_name: str) -> int:
    """How many pages come before the first page holding an element of this class (all, when none does)."""
    for index, page in enumerate(document.pages):
        if _has_class(page._page_box, class_name):
            return index
    return len(document.pages)
