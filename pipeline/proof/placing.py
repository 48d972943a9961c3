"""Marks read from a returned proof (annotations.py) -> their place: the proof's line numbers, and where the text is
in the JATS (the element's XPath, character offsets in its text, the section and paragraph in words), with the edit
a strike, a caret or both propose there.

Lines: the proof prints each line's number beside it (pipeline/render/pdf_lines.py); the numbers are read back
from the page itself, so the place is the one the author saw whatever the layout code was. A character is on the
line whose number stands level with it, in the strip of numbers nearest to it (left margin, gutter).

The JATS: the marked words, and the words either side of them on the page, are looked for in the text of every
block element (paragraph, title, cell, reference …) of the JATS the `correct` stage wrote (work/corrected.xml:
the manuscript's text as the proof shows it, with the corrections already accepted), compared without spaces,
line-end hyphenation or ligatures. Where the marked words occur more than once, the occurrence with the longest
agreement of the words around them wins; a tie, or no occurrence, leaves the mark unplaced in the JATS (it keeps
its page and lines). Words the manuscript does not have but the proof prints (the cite-as line, the DOI, the
running head, made from the manifest and the journal config) are looked for in the paginated JATS and said to be
so: no text edit is proposed for them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from lxml import etree

from pipeline import xmlio
from pipeline.jats import plain_text
from pipeline.proof.annotations import Mark, ReturnedProof
from pipeline.proof.page_text import HYPHENATION, PageText
from pipeline.proof.text_edit import pieces, string_value
from pipeline.validate.locate import describe

BLOCKS = {"p", "title", "subtitle", "td", "th", "label", "mixed-citation", "element-citation", "kwd", "article-title",
          "alt-title", "trans-title", "attrib", "term", "def", "given-names", "surname", "institution", "aff",
          "copyright-statement", "license-p", "fn", "corresp", "caption"}
IGNORED = {"\u00ad", HYPHENATION}  # soft hyphens, and the hyphen WeasyPrint prints where it breaks a word
CONTEXT = 200  # characters (spaces left out) either side of a mark compared with the JATS
POINT_ANCHOR = 10  # characters either side of a point that must agree to find it at all
MIN_POINT_SCORE = 8  # how much of the words around a point must agree with the JATS


@dataclass(frozen=True)
class JatsPlace:
    xpath: str
    start: int  # characters start..end of the element's text (its XPath string value)
    end: int
    text: str  # the element's text there
    where: str  # in words: "section “Methods”, paragraph 3, starting “…”"
    manuscript: bool  # in the manuscript's text (the JATS the corrections apply to), not made from metadata


@dataclass(frozen=True)
class Proposal:
    """The edit a mark asks for, at its place in the JATS, ready to be accepted (pipeline/proof/accepted.py)."""

    action: str  # delete, insert, replace
    xpath: str
    start: int
    end: int
    text: str
    new_text: str
    before: str = ""  # an insert: the element's text just before and after the point
    after: str = ""
    certain: bool = True  # False: the new words come from a note or reply, to be read by a person


@dataclass(frozen=True)
class Placement:
    lines: tuple[int, ...] = ()  # the proof's line numbers the mark's text (or point) is on
    jats: JatsPlace | None = None
    proposal: Proposal | None = None
    unplaced: str | None = None  # why there is no place in the JATS (None: placed, or nothing to place)


# --- line numbers on the page ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineNumber:
    number: int
    x: float  # the middle of the number
    y0: float
    y1: float


def line_numbers(page: PageText) -> list[LineNumber]:
    """The line numbers printed on the page: its furniture digits, joined where they stand side by side."""
    digits = sorted((c for c in page.chars if c.furniture and c.text.isdigit()), key=lambda c: (-c.box.y0, c.box.x0))
    numbers: list[LineNumber] = []
    run: list = []

    def close() -> None:
        if run:
            numbers.append(LineNumber(int("".join(c.text for c in run)), (run[0].box.x0 + run[-1].box.x1) / 2,
                                      min(c.box.y0 for c in run), max(c.box.y1 for c in run)))
            run.clear()

    for char in digits:
        last = run[-1] if run else None
        if last and abs(last.box.y0 - char.box.y0) < 0.5 and 0 <= char.box.x0 - last.box.x1 < char.box.height:
            run.append(char)
        else:
            close()
            run.append(char)
    close()
    return numbers


def line_of(numbers: Sequence[LineNumber], page: PageText, index: int) -> int | None:
    """The number of the line character `index` of the page is on: the number level with it in the nearest strip
    of numbers to its left (a column's numbers stand left of it: in the margin, or in the gutter); for a line that
    shares its number with the one beside it, the nearest number above in that strip."""
    if not 0 <= index < len(page.chars) or not numbers:
        return None
    box = page.chars[index].box
    left = [n for n in numbers if n.x <= box.x0 + 1]
    middle = (box.y0 + box.y1) / 2
    level = [n for n in left if n.y0 - box.height * 0.4 <= middle <= n.y1 + box.height * 0.4]
    if level:  # the nearest to its left: a second column's numbers stand in the gutter, the first's in the margin
        return max(level, key=lambda n: (round(n.x), -abs((n.y0 + n.y1) / 2 - middle))).number
    above = [n for n in left if middle - box.height <= n.y0]
    if not above:
        return None
    strip_x = max(n.x for n in above)
    return min((n for n in above if abs(n.x - strip_x) < 6), key=lambda n: n.y0).number


# --- text compared without spaces -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Keyed:
    """A text with spaces, soft hyphens and ligatures taken out (`key`), and where each key character came from."""

    key: str
    origin: tuple[int, ...]  # key character -> its index in the text (a page's character index, a string offset)

    @classmethod
    def of(cls, texts: Sequence[tuple[int, str]]) -> Keyed:
        key: list[str] = []
        origin: list[int] = []
        for position, text in texts:
            for ch in unicodedata.normalize("NFKC", text):
                if ch.isspace() or ch in IGNORED:
                    continue
                key.append(ch)
                origin.append(position)
        return cls("".join(key), tuple(origin))

    def first_at(self, position: int) -> int:
        """The first key character from `position` on (len(key) if none)."""
        for k, origin in enumerate(self.origin):
            if origin >= position:
                return k
        return len(self.key)


def common_suffix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def common_prefix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


class Blocks:
    """The block elements of a JATS tree, each with its text keyed."""

    def __init__(self, root: etree._Element, manuscript: bool):
        self.root = root
        self.manuscript = manuscript
        self.tree = root.getroottree()
        self.document = Keyed("", ())  # the whole article's text keyed (made with the blocks)

    @cached_property
    def blocks(self) -> list[tuple[etree._Element, str, Keyed, int]]:
        """(element, its text, the text keyed, where its key starts in the whole article's key) of each block."""
        starts: dict[etree._Element, int] = {}
        texts: list[tuple[int, str]] = []
        at = 0
        for part in pieces(self.root):
            owner = part.owner if not part.tail else None
            if owner is not None:
                for element in (owner, *owner.iterancestors()):
                    starts.setdefault(element, at)
            texts.append((at, part.text))
            at += len(part.text)
        self.document = Keyed.of([(at + i, ch) for at, text in texts for i, ch in enumerate(text)])
        found = []
        for element in self.root.iter():
            if isinstance(element.tag, str) and etree.QName(element).localname in BLOCKS:
                text = string_value(element)
                if text.strip() and element in starts:
                    found.append((element, text, Keyed.of(list(enumerate(text))),
                                  self.document.first_at(starts[element])))
        return found

    def search(self, marked: str, before: str, after: str, lean: str = "before"
               ) -> tuple[list[tuple[int, int, int]], tuple[int, ...]]:
        """The best occurrences of the key `marked` between `before` and `after` (a point when `marked` is empty,
        which belongs with the words before it or after it: `lean`): (block, key start, key end) of each with the
        best score, deepest blocks only; and that score. The score is how many characters either side agree with
        the article's text around the occurrence (across blocks: a heading and the paragraph after it), then how
        many of the block's two ends the page's words stop at (a title is whole on the page, the same words inside
        a paragraph are not)."""
        blocks = self.blocks
        document = self.document.key
        found: list[tuple[tuple[int, ...], int, int, int]] = []
        for n, (_, _, keyed, offset) in enumerate(blocks):
            key = keyed.key
            starts: set[int] = set()
            if marked:
                at = key.find(marked)
                while at >= 0:
                    starts.add(at)
                    at = key.find(marked, at + 1)
            else:
                for probe, shift in ((before[-POINT_ANCHOR:], len(before[-POINT_ANCHOR:])), (after[:POINT_ANCHOR], 0)):
                    if not probe:
                        continue
                    at = key.find(probe)
                    while at >= 0:
                        starts.add(at + shift)
                        at = key.find(probe, at + 1)
            for start in starts:
                end = start + len(marked)
                within = common_suffix(before, key[:start]), common_prefix(after, key[end:])
                ends = (within[0] == start) + (within[1] == len(key) - end)
                suffix = common_suffix(before, document[max(0, offset + start - len(before)):offset + start])
                prefix = common_prefix(after, document[offset + end:offset + end + len(after)])
                if marked:
                    score: tuple[int, ...] = (suffix + prefix, ends)
                else:
                    score = (within[0], ends, suffix, prefix) if lean == "before" else \
                        (within[1], ends, prefix, suffix)
                found.append((score, n, start, end))
        if not found:
            return [], (0,)
        best = max(f[0] for f in found)
        top = [f[1:] for f in found if f[0] == best]
        elements = [blocks[f[0]][0] for f in top]
        # an occurrence in a paragraph that holds a list is the same as the one in the list's own paragraph
        deepest = [f for f, e in zip(top, elements, strict=True)
                   if not any(o is not e and e in o.iterancestors() for o in elements)]
        return deepest, best

    def xpath(self, n: int) -> str:
        return self.tree.getpath(self.blocks[n][0])


# --- placing the marks ------------------------------------------------------------------------------------------------


class Placer:
    """Places the marks of one returned proof against the article's JATS."""

    def __init__(self, texts: Mapping[int, PageText], manuscript: etree._Element | None,
                 paginated: etree._Element | None):
        self.texts = texts  # the pages' text as reading the marks read it (ReturnedProof.texts)
        self.sources = [Blocks(root, manuscript=root is manuscript) for root in (manuscript, paginated)
                        if root is not None]
        self._pages: dict[int, tuple[PageText, list[LineNumber], Keyed]] = {}

    def page(self, number: int) -> tuple[PageText, list[LineNumber], Keyed]:
        if number not in self._pages:
            page = self.texts[number]
            texts = [(i, c.text) for i, c in enumerate(page.chars) if not c.furniture]
            self._pages[number] = (page, line_numbers(page), Keyed.of(texts))
        return self._pages[number]

    def place(self, mark: Mark) -> Placement:
        if mark.found:
            indices = [i for span in mark.found.spans for i in range(span.start, span.end)]
            page_number = mark.found.spans[0].page
        elif mark.place:
            indices, page_number = [], mark.place.page
        else:
            return Placement()
        page, numbers, keyed = self.page(page_number)
        if indices:
            lines = sorted({n for i in indices if not page.chars[i].furniture
                            and (n := line_of(numbers, page, i)) is not None})
            kstart, kend = keyed.first_at(min(indices)), keyed.first_at(max(indices) + 1)
        else:
            point = mark.place.index
            lean = _lean(page, point, mark.rect)
            near = point - 1 if lean == "before" and point > 0 else min(point, len(page.chars) - 1)
            lines = [n] if (n := line_of(numbers, page, near)) is not None else []
            kstart = kend = keyed.first_at(point)
        marked = keyed.key[kstart:kend]
        before, after = keyed.key[max(0, kstart - CONTEXT):kstart], keyed.key[kend:kend + CONTEXT]
        jats, why = self._find(marked, before, after, lean if not indices else "before")
        placement = Placement(tuple(lines), jats, unplaced=why)
        if jats and jats.manuscript:
            return Placement(placement.lines, jats, self._propose(mark, jats), None)
        return placement

    def _find(self, marked: str, before: str, after: str, lean: str) -> tuple[JatsPlace | None, str | None]:
        if not self.sources:
            return None, "the build has no JATS of the article to place it in"
        said = f"the words “{marked[:40]}”" if marked else "the place between “…" + before[-15:] + "” and “" + \
            after[:15] + "…”"
        for blocks in self.sources:
            occurrences, score = blocks.search(marked, before, after, lean)
            if not occurrences or (not marked and score[0] < MIN_POINT_SCORE):
                continue
            if len(occurrences) > 1:
                return None, f"{said} (spaces left out) occur {len(occurrences)} times in the article with the same " \
                    "words around them"
            n, kstart, kend = occurrences[0]
            element, text, keyed, _ = blocks.blocks[n]
            start = keyed.origin[kstart] if kstart < len(keyed.key) else len(text)
            if not marked and kstart > 0 and lean == "before":
                start = keyed.origin[kstart - 1] + 1  # a point: just after the character before it
            end = keyed.origin[kend - 1] + 1 if kend > kstart else start
            xpath = blocks.xpath(n)
            return JatsPlace(xpath, start, end, text[start:end], where(element, xpath), blocks.manuscript), None
        return None, f"{said} (spaces left out) are not in the article's text: look at the mark on the proof page"

    def _propose(self, mark: Mark, jats: JatsPlace) -> Proposal | None:
        edit = mark.edit
        if edit is None or edit.paragraph:
            return None
        element = self.sources[0].tree.xpath(jats.xpath)[0]
        text = string_value(element)
        if edit.action == "delete":
            start, end = _with_a_space(text, jats.start, jats.end)
            return Proposal("delete", jats.xpath, start, end, text[start:end], "")
        new = " ".join((edit.text or "").split())
        if not new:
            return None
        if edit.action == "replace":
            return Proposal("replace", jats.xpath, jats.start, jats.end, jats.text, new, certain=edit.certain)
        point = jats.start
        new = _spaced(text, point, new)
        return Proposal("insert", jats.xpath, point, point, "", new, before=text[max(0, point - 20):point],
                        after=text[point:point + 20], certain=edit.certain)


def _lean(page: PageText, point: int, rect) -> str:
    """Whether a point between two characters (a caret's) belongs with the words before it or after it: with the
    character beside the mark on its line (at a line's or a block's end the two are on different lines)."""
    chars = page.chars

    def distance(index: int) -> float:
        if not 0 <= index < len(chars) or chars[index].furniture:
            return float("inf")
        box = chars[index].box
        dx = max(box.x0 - rect.x1, 0.0, rect.x0 - box.x1)
        dy = max(box.y0 - rect.y1, 0.0, rect.y0 - box.y1)
        return dx * dx + dy * dy

    return "after" if distance(point) < distance(point - 1) else "before"


def _with_a_space(text: str, start: int, end: int) -> tuple[int, int]:
    """Deleted words take one space with them, so that no double space or space before a stop is left."""
    if end < len(text) and text[end] == " " and (start == 0 or text[start - 1] in " ([\u201c"):
        return start, end + 1
    if start > 0 and text[start - 1] == " " and (end == len(text) or text[end] in " .,;:)]\u201d"):
        return start - 1, end
    return start, end


def _spaced(text: str, point: int, new: str) -> str:
    """Inserted words are set off by a space from the words either side, unless the caret is inside a word."""
    left = text[point - 1] if point > 0 else " "
    right = text[point] if point < len(text) else " "
    if left.isalnum() and right.isalnum():
        return new  # letters into a word
    if not left.isspace() and left not in "([\u201c" and new[0].isalnum():
        new = " " + new
    if right.isalnum() and new[-1].isalnum():
        new += " "
    return new


def where(element: etree._Element, xpath: str) -> str:
    """The element's place in words: "section “Methods”, paragraph 3, starting “…”", "heading of section …"."""
    name = etree.QName(element).localname
    parent = element.getparent()
    if name == "p" and parent is not None and parent.tag in ("sec", "body", "abstract"):
        paragraphs = [p for p in parent if p.tag == "p"]
        words = plain_text(element).split()
        start = " ".join(words[:6]) + ("…" if len(words) > 6 else "")
        title = plain_text(parent.find("title")) if parent.find("title") is not None else ""
        container = {"body": "main text", "abstract": "abstract"}.get(parent.tag, "")
        if parent.tag == "sec":
            container = f"section “{title}”" if title else "section"
            if parent.getparent() is not None and parent.getparent().tag == "abstract":
                container = f"abstract, {container}"
        return f"{container}, paragraph {paragraphs.index(element) + 1}, starting “{start}”"
    if name == "title" and parent is not None and parent.tag == "sec":
        return f"heading “{plain_text(element)}”"
    return describe(element.getroottree().getroot(), xpath) or name


def load_jats(folder: Path) -> tuple[etree._Element | None, etree._Element | None]:
    """The article's JATS in its build folder: the one the corrections apply to (work/corrected.xml, or the ingested
    JATS of a build made before there was a correct stage), and the paginated one."""
    work = folder / "work"
    manuscript = next((p for p in (work / "corrected.xml", work / "ingested.xml") if p.is_file()), None)
    paginated = sorted(p for p in folder.glob("*.xml"))
    return (xmlio.parse(manuscript).getroot() if manuscript else None,
            xmlio.parse(paginated[0]).getroot() if paginated else None)


def place_marks(proof: ReturnedProof, folder: Path) -> list[Placement]:
    """Each mark of the returned proof placed against the JATS of the article's build folder."""
    manuscript, paginated = load_jats(folder)
    placer = Placer(proof.texts, manuscript, paginated)
    return [placer.place(mark) for mark in proof.marks]
