"""A page of a proof PDF -> its characters with their boxes, and the text under a mark, at a caret or in a shape.

The characters are pdfplumber's (pdfminer's), in the order the page draws them (WeasyPrint draws a page's
text in reading order, column after column), each with its box in the PDF's own user space (points, y up,
the space of /Rect and /QuadPoints), so an annotation's coordinates are compared as they are. A character's
index in that order is its position on the page: what a mark records, and what the later mapping to proof
lines and to the JATS starts from.

The proof's line numbers (pipeline/render/pdf_lines.py draws them as small grey digits in the margins) and
the PROOF watermark's huge letters are furniture: never part of a marked text, never a caret's or a note's
place.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipeline.render.pdf_lines import NUMBER_SIZE

LINE_NUMBER_PT = NUMBER_SIZE * 0.75  # CSS px -> pt
HYPHENATION = "\u2010"  # what WeasyPrint prints where it breaks a word (CSS hyphenate-character: auto)
BREAK_AFTER = ("-", "\u2013", "\u2014", "/", HYPHENATION)  # a line that ends in these runs on without a space
CONTEXT = 40  # characters of text either side of a caret, for people and for finding the place again
WATERMARK_RATIO = 4.0  # a character this many times the page's usual size is the watermark, not text


@dataclass(frozen=True)
class Box:
    """A rectangle in PDF user space: x0 < x1, y0 < y1 (y up)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @classmethod
    def around(cls, xs: Iterable[float], ys: Iterable[float]) -> Box:
        xs, ys = list(xs), list(ys)
        return cls(min(xs), min(ys), max(xs), max(ys))

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2

    def contains(self, x: float, y: float, slack: float = 0.0) -> bool:
        return self.x0 - slack <= x <= self.x1 + slack and self.y0 - slack <= y <= self.y1 + slack

    def ellipse_contains(self, x: float, y: float) -> bool:
        """Whether (x, y) lies in the ellipse this box bounds."""
        rx, ry = (self.x1 - self.x0) / 2, (self.y1 - self.y0) / 2
        cx, cy = self.centre
        return rx > 0 and ry > 0 and ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1

    def taller(self, by: float) -> Box:
        return Box(self.x0, self.y0 - by, self.x1, self.y1 + by)

    def as_list(self) -> list[float]:
        return [round(v, 2) for v in (self.x0, self.y0, self.x1, self.y1)]


@dataclass(frozen=True)
class Char:
    text: str
    box: Box
    size: float
    furniture: bool  # a line number: never part of a marked text


@dataclass(frozen=True)
class Span:
    """Characters start..end-1 of a page (indices in the page's drawing order)."""

    page: int
    start: int
    end: int


@dataclass(frozen=True)
class Found:
    """The text a mark covers: as a reader reads it (hyphenation at line ends undone), its lines as printed,
    and where its characters are."""

    text: str
    lines: tuple[str, ...]
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Place:
    """A point between two characters of a page: before character `index` (a caret's insertion point)."""

    page: int
    index: int
    before: str  # the text just before the point, as a reader reads it
    after: str


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def _same_line(a: Char, b: Char) -> bool:
    return _overlap(a.box.y0, a.box.y1, b.box.y0, b.box.y1) >= 0.5 * min(a.box.height, b.box.height)


def _matrix_inverse(m: Sequence[float]) -> tuple[float, ...]:
    a, b, c, d, e, f = m
    det = a * d - b * c
    return (d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det)


def _apply(m: Sequence[float], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _layout_matrix(mediabox: Sequence[float], rotate: int) -> tuple[float, ...]:
    """The matrix pdfminer lays a page out with (PDFPageInterpreter.process_page): user space -> layout space."""
    x0, y0, x1, y1 = mediabox
    return {90: (0, -1, 1, 0, -y0, x1), 180: (-1, 0, 0, -1, x1, y1),
            270: (0, 1, -1, 0, y1, -x0)}.get(rotate % 360, (1, 0, 0, 1, -x0, -y0))


class PageText:
    """The characters of one page, and what lies under a mark."""

    def __init__(self, number: int, chars: list[Char], readable: bool = True):
        self.number = number
        self.chars = chars
        self.readable = readable  # False: the page's text could not be read, so nothing is found on it

    @classmethod
    def read(cls, plumber_page, number: int) -> PageText:
        """The characters of a pdfplumber page, their boxes taken back to the PDF's user space."""
        page_obj = plumber_page.page_obj
        to_user = _matrix_inverse(_layout_matrix([float(v) for v in page_obj.mediabox], int(page_obj.rotate or 0)))
        read = plumber_page.chars
        usual = statistics.median(float(c.get("size") or 0) for c in read) if read else 0.0
        chars = []
        shift = float(plumber_page.mediabox[0])  # pdfplumber adds the MediaBox's x origin back to x, not to y
        for c in read:
            corners = [_apply(to_user, x - shift, y) for x in (c["x0"], c["x1"]) for y in (c["y0"], c["y1"])]
            box = Box.around((p[0] for p in corners), (p[1] for p in corners))
            size = float(c.get("size") or 0)
            line_number = abs(size - LINE_NUMBER_PT) < 0.01 and c["text"].isdigit()
            chars.append(Char(c["text"], box, size, line_number or size > WATERMARK_RATIO * usual > 0))
        return cls(number, chars)

    # --- what a mark covers ---------------------------------------------------------------------------------------

    def under(self, quads: Sequence[Box]) -> list[int]:
        """The characters under a text mark's quadrilaterals: the centre across inside a quad, and at least half
        the character's height within it (so neither the next line nor the watermark is taken)."""
        found = []
        for index, char in enumerate(self.chars):
            if char.furniture:
                continue
            cx = (char.box.x0 + char.box.x1) / 2
            for quad in quads:
                if quad.x0 - 0.5 <= cx <= quad.x1 + 0.5 and \
                        _overlap(char.box.y0, char.box.y1, quad.y0, quad.y1) >= 0.5 * char.box.height:
                    found.append(index)
                    break
        return found

    def inside(self, box: Box, ellipse: bool = False) -> list[int]:
        """The characters whose centre lies inside a shape: a rectangle (or the box around a drawing), an ellipse."""
        test = box.ellipse_contains if ellipse else box.contains
        return [i for i, c in enumerate(self.chars) if not c.furniture and test(*c.box.centre)]

    def found(self, indices: Sequence[int]) -> Found | None:
        if not indices:
            return None
        text, lines = self._read(indices)
        if not text.strip():
            return None
        return Found(text.strip(), tuple(lines), tuple(self._spans(indices)))

    def _read(self, indices: Sequence[int]) -> tuple[str, list[str]]:
        """The characters as text: a line break is a space, except after a hyphen or dash (and WeasyPrint's own
        hyphenation is taken out, joining the word again)."""
        lines: list[list[int]] = []
        for index in sorted(set(indices)):
            if lines and self._continues(lines[-1][-1], index):
                lines[-1].append(index)
            else:
                lines.append([index])
        printed = [self._line_text(line) for line in lines]
        text = ""
        for line in printed:
            if not line:
                continue
            if not text:
                text = line
            elif text.endswith(HYPHENATION):
                text = text[:-1] + line
            elif text.endswith(BREAK_AFTER):
                text += line
            else:
                text += " " + line
        return text, [line for line in printed if line]

    def _line_text(self, line: list[int]) -> str:
        """One printed line's characters; where characters between two of them were left out, a space if one
        of those was a space (two words marked on one line)."""
        text = ""
        for n, index in enumerate(line):
            if n and index > line[n - 1] + 1 and any(not self.chars[i].text.strip()
                                                     for i in range(line[n - 1] + 1, index)):
                text += " "
            text += self.chars[index].text
        return " ".join(text.split()) if text.strip() else ""

    def _continues(self, previous: int, index: int) -> bool:
        """Whether character `index` is on the same printed line as `previous`, drawn after it."""
        a, b = self.chars[previous], self.chars[index]
        return _same_line(a, b) and b.box.x0 >= a.box.x0 - 0.5 and \
            all(not self.chars[i].furniture for i in range(previous + 1, index))

    def _spans(self, indices: Sequence[int]) -> list[Span]:
        spans: list[Span] = []
        for index in sorted(set(indices)):
            if spans and spans[-1].end == index:
                spans[-1] = Span(self.number, spans[-1].start, index + 1)
            else:
                spans.append(Span(self.number, index, index + 1))
        return spans

    # --- a point on the page ------------------------------------------------------------------------------------------

    def caret(self, rect: Box) -> Place | None:
        """Where a caret inserts: between the two characters of the line its point touches, nearest its middle.

        A caret is drawn under the insertion point, its top reaching into the line; so the line is the one whose
        characters the caret's box overlaps or lies nearest below, within a line's height."""
        cx = (rect.x0 + rect.x1) / 2
        reach = max(rect.x1 - rect.x0, 2.0)
        best: tuple[float, float, int] | None = None
        for index, char in enumerate(self.chars):
            if char.furniture or not char.text.strip() or not char.box.x0 - reach <= cx <= char.box.x1 + reach:
                continue
            gap = 0.0 if _overlap(char.box.y0, char.box.y1, rect.y0, rect.y1) > 0 else \
                min(abs(char.box.y0 - rect.y1), abs(rect.y0 - char.box.y1))
            if gap > char.box.height:
                continue
            key = (gap, abs((char.box.x0 + char.box.x1) / 2 - cx), index)
            if best is None or key < best:
                best = key
        if best is None:
            return None
        index = best[2]
        char = self.chars[index]
        point = index if cx < (char.box.x0 + char.box.x1) / 2 else index + 1
        return self._place(point)

    def nearest(self, x: float, y: float, within: float) -> Place | None:
        """The point beside the character nearest (x, y), on the side (x, y) is, if one is within `within` points
        (a note's anchor)."""
        best: tuple[float, int] | None = None
        for index, char in enumerate(self.chars):
            if char.furniture or not char.text.strip():
                continue
            dx = max(char.box.x0 - x, 0.0, x - char.box.x1)
            dy = max(char.box.y0 - y, 0.0, y - char.box.y1)
            distance = (dx * dx + dy * dy) ** 0.5
            if distance <= within and (best is None or (distance, index) < best):
                best = (distance, index)
        if best is None:
            return None
        char = self.chars[best[1]]
        return self._place(best[1] + (1 if x > (char.box.x0 + char.box.x1) / 2 else 0))

    def _place(self, point: int) -> Place:
        before = self._read(range(max(0, point - CONTEXT), point))[0] if point > 0 else ""
        after = self._read(range(point, min(len(self.chars), point + CONTEXT)))[0] if point < len(self.chars) else ""
        return Place(self.number, point, before[-CONTEXT:], after[:CONTEXT])
