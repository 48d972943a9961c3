"""WeasyPrint's laid-out boxes, read: what the modules that measure a layout (pdf_layout, pdf_columns, pdf_floats,
pdf_lines, pdf_pages, pdf_text, pdf_fonts) share. A box knows the HTML element it was made for; its pseudo-element
boxes (::marker, ::before) know the same element, and count for it only where a caller says so."""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
_MEASURED: list[weakref.WeakKeyDictionary] = []  # the memo of each measure, for `forget`


def per_layout(measure: Callable[[object], T]) -> Callable[[object], T]:
    """`measure(document)` worked out once per laid-out document: a typesetting pass reads the measures of a layout
    several times (when it judges the layout, and again when that layout is the one before its next try). The
    result is shared, so callers must not change it; `forget` a document whose boxes are changed."""
    made: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
    _MEASURED.append(made)

    @functools.wraps(measure)
    def measured(document) -> T:
        if document not in made:
            made[document] = measure(document)
        return made[document]

    return measured


def forget(document) -> None:
    """The `per_layout` measures of a document whose boxes were changed (the proof's marks taken out) are gone."""
    for made in _MEASURED:
        made.pop(document, None)


def children(box) -> list:
    return list(getattr(box, "children", None) or ())


def element_classes(element) -> list[str]:
    return (element.get("class") or "").split() if element is not None and hasattr(element, "get") else []


def box_classes(box, pseudo: bool = True) -> list[str]:
    """The classes of the element the box was made for; with `pseudo` False, none for a pseudo-element's box."""
    if not pseudo and (getattr(box, "element_tag", None) or "").startswith("::"):
        return []
    return element_classes(getattr(box, "element", None))


def root_element(document):
    """The laid-out document's <html> element."""
    return document.pages[0]._page_box.children[0].element


def elements_with_class(document, name: str) -> list:
    """The document's elements of this class, in document order."""
    if not document.pages:
        return []
    return [element for element in root_element(document).iter()
            if isinstance(element.tag, str) and name in element_classes(element)]


def outermost_boxes(box, wanted) -> list:
    """The outermost boxes under `box` (itself included) for which `wanted(classes)` holds, given the classes of
    their element (not a pseudo-element's), in flow order; margin boxes (running heads, page numbers) are not
    searched."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.MarginBox):
        return []
    if wanted(box_classes(box, pseudo=False)):
        return [box]
    return [found for child in children(box) for found in outermost_boxes(child, wanted)]
