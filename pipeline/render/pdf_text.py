"""Text conservation in the PDF: the print HTML and its layout -> the letters and digits no page shows.

A layout engine can drop content without an error (WeasyPrint's column-span did, for a spanning table
that broke over a page). This check counts the letters and digits of the HTML's body text and of every
text box WeasyPrint laid out (page content and footnote areas, not the running heads); any letter the
HTML has more often than the pages is lost text. Generated text (list numbers, page references, the
watermark) only adds to the pages' side, so the comparison is one-way.
"""

from __future__ import annotations

from collections import Counter

import lxml.html

from pipeline.render.pdf_boxes import children


def _letters(text: str) -> Counter[str]:
    return Counter(char for char in text.casefold() if char.isalnum())


def html_letters(html: bytes) -> Counter[str]:
    root = lxml.html.document_fromstring(html)
    body = root.find("body")
    return _letters("".join(body.itertext())) if body is not None else Counter()


def layout_letters(document) -> Counter[str]:
    from weasyprint.formatting_structure import boxes

    counts: Counter[str] = Counter()

    def walk(box) -> None:
        if isinstance(box, boxes.MarginBox):
            return
        if isinstance(box, boxes.TextBox):
            counts.update(_letters(box.text))
        for child in children(box):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return counts


def lost_letters(html: bytes, document) -> Counter[str]:
    """Letters and digits of the HTML's text that no page shows, with how many are missing."""
    return html_letters(html) - layout_letters(document)
