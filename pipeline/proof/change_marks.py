"""A proof PDF + what changed since the round the author last got (changes.py) -> the same proof with each changed
passage marked, and a first page that lists the changes with their page and line.

Each change is found on the proof's pages by its words and the words either side (the page's characters, as the
returned-proof reader reads them: page_text.py, placing.py), and marked in the page's content, drawn as an artifact
(not text of the article): a light highlight under the changed words (under the words either side of a deletion)
and a bar in the outer margin beside each of their lines. They are drawn, not annotations, so that reading the
proof back never takes them for the author's marks. A change that cannot be found on the pages (a figure file, a
value the page does not print) is listed on the first page without a place.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf

from pipeline.config.journal import Journal
from pipeline.proof.changes import Change
from pipeline.proof.corrections_page import lines_words
from pipeline.proof.page_text import Box, PageText
from pipeline.proof.placing import Keyed, LineNumber, common_prefix, common_suffix, line_numbers, line_of

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
HIGHLIGHT = (1.0, 0.93, 0.45)  # RGB, multiplied over the text
BAR = (0.85, 0.35, 0.0)
BAR_WIDTH, BAR_INSET = 3.0, 16.0  # points; the bar's distance from the page's edge
MIN_POINT_KEY = 4


@dataclass(frozen=True)
class Placed:
    change: Change
    page: int | None = None  # the proof's page (1-based, before the changes page is added)
    lines: tuple[int, ...] = ()
    boxes: tuple[Box, ...] = ()  # one per printed line of the marked words


def _pages(pdf: bytes) -> list[tuple[PageText, list[LineNumber], Keyed]]:
    import pdfplumber

    pages = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            text = PageText.read(page, number)
            keyed = Keyed.of([(i, c.text) for i, c in enumerate(text.chars) if not c.furniture])
            pages.append((text, line_numbers(text), keyed))
    return pages


def _find(change: Change, pages) -> Placed:
    before, after = Keyed.of([(0, change.before)]).key, Keyed.of([(0, change.after)]).key
    marked = Keyed.of([(0, change.new)]).key
    if not marked:  # a deletion: the words either side of the gap
        before_word = change.before.split()[-1:] if change.before.strip() else []
        after_word = change.after.split()[:1] if change.after.strip() else []
        head, tail = Keyed.of([(0, " ".join(before_word))]).key, Keyed.of([(0, " ".join(after_word))]).key
        marked, before, after = head + tail, before[:len(before) - len(head)], after[len(tail):]
        if len(marked) < MIN_POINT_KEY:
            return Placed(change)
    best: tuple[int, int, int, int] | None = None  # score, page, key start, key end
    for n, (_, _, keyed) in enumerate(pages):
        at = keyed.key.find(marked)
        while at >= 0:
            score = common_suffix(before, keyed.key[:at]) + common_prefix(after, keyed.key[at + len(marked):])
            if best is None or score > best[0]:
                best = (score, n, at, at + len(marked))
            at = keyed.key.find(marked, at + 1)
    if best is None:
        return Placed(change)
    _, n, start, end = best
    page, numbers, keyed = pages[n]
    indices = sorted(set(keyed.origin[start:end]))
    lines = tuple(sorted({number for i in indices if (number := line_of(numbers, page, i)) is not None}))
    return Placed(change, n + 1, lines, tuple(_line_boxes(page, indices)))


def _line_boxes(page: PageText, indices: Sequence[int]) -> list[Box]:
    boxes: list[list] = []
    for index in indices:
        char = page.chars[index]
        last = boxes[-1][-1] if boxes else None
        if last is not None and min(last.box.y1, char.box.y1) - max(last.box.y0, char.box.y0) >= \
                0.5 * min(last.box.height, char.box.height):  # on the same printed line
            boxes[-1].append(char)
        else:
            boxes.append([char])
    return [Box.around([c.box.x0 for c in run] + [c.box.x1 for c in run], [c.box.y0 for c in run] +
                       [c.box.y1 for c in run]) for run in boxes]


def _content(boxes: Sequence[Box], width: float) -> bytes:
    ops = ["/Artifact BMC q /ProofChange gs"]
    ops.append("{:.3f} {:.3f} {:.3f} rg".format(*HIGHLIGHT))
    for box in boxes:
        ops.append(f"{box.x0 - 0.5:.2f} {box.y0 - 1:.2f} {box.x1 - box.x0 + 1:.2f} {box.height + 2:.2f} re f")
    ops.append("Q q {:.3f} {:.3f} {:.3f} rg".format(*BAR))
    for box in boxes:
        x = BAR_INSET if (box.x0 + box.x1) / 2 < width / 2 else width - BAR_INSET - BAR_WIDTH
        ops.append(f"{x:.2f} {box.y0 - 1:.2f} {BAR_WIDTH:.2f} {box.height + 2:.2f} re f")
    ops.append("Q EMC")
    return ("\n" + "\n".join(ops) + "\n").encode("ascii")


@dataclass
class MarkedRound:
    """A proof's round (pipeline/proof/rounds.py ProofRound) whose proof marks the changes since round `since`. The
    marks are made inside `choose`, on each proof the round makes, so that the proof compared with the one last
    sent is the marked one: a rebuild of a round sent makes it again, the same bytes."""

    inner: Any  # the ProofRound
    since: int
    changes: list[Change]
    journal: Journal
    placed: list[Placed] = field(default_factory=list)  # where the last proof made shows each change

    @property
    def stamp(self) -> Any:
        return self.inner.stamp

    def choose(self, make: Callable[[Any], bytes]) -> tuple[bytes, Any]:
        def marked(stamp: Any) -> bytes:
            data, self.placed = mark_changes(make(stamp), self.changes, self.since, self.journal)
            return data

        return self.inner.choose(marked)


def _labels(document: pikepdf.Pdf, first_page: int) -> list[str]:
    """The number printed on each page: its page label where the proof labels its pages (a cover first)."""
    if "/PageLabels" in document.Root:
        return [page.label for page in document.pages]
    return [str(first_page + n) for n in range(len(document.pages))]


def _shift_labels(document: pikepdf.Pdf, added: int) -> None:
    """The page labels of a proof `added` pages longer at its start: those pages are "Changes"."""
    labels = document.Root.get("/PageLabels")
    if labels is None:
        return
    nums = list(labels.Nums)
    shifted: list[Any] = [0, pikepdf.Dictionary(P=pikepdf.String("Changes "), S=pikepdf.Name.D)]
    for n in range(0, len(nums), 2):
        shifted += [int(nums[n]) + added, nums[n + 1]]
    document.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array(shifted))


def mark_changes(pdf: bytes, changes: Sequence[Change], since_round: int, journal: Journal,
                 first_page: int = 1) -> tuple[bytes, list[Placed]]:
    """The proof with its changes marked and listed on a first page; and where each change was found."""
    pages = _pages(pdf)
    placed = [_find(change, pages) for change in changes]
    document = pikepdf.open(io.BytesIO(pdf))
    with document:
        labels = _labels(document, first_page)
        for number in sorted({p.page for p in placed if p.page}):
            page = document.pages[number - 1]
            boxes = [box for p in placed if p.page == number for box in p.boxes]
            if "/Resources" not in page.obj:
                page.obj.Resources = pikepdf.Dictionary()
            resources = page.obj.Resources
            if "/ExtGState" not in resources:
                resources.ExtGState = pikepdf.Dictionary()
            resources.ExtGState["/ProofChange"] = pikepdf.Dictionary({"/Type": pikepdf.Name.ExtGState,
                                                                      "/BM": pikepdf.Name.Multiply})
            width = float(page.mediabox[2]) - float(page.mediabox[0])
            # the page's own content may leave its coordinate system changed: it is wrapped in q … Q first
            page.contents_add(pikepdf.Stream(document, b"q\n"), prepend=True)
            page.contents_add(pikepdf.Stream(document, b"\nQ" + _content(boxes, width)), prepend=False)
        listing = pikepdf.open(io.BytesIO(_listing_pdf(placed, since_round, journal, labels)))
        with listing:
            for n, extra in enumerate(listing.pages):
                document.pages.insert(n, extra)
            _shift_labels(document, len(listing.pages))
        out = io.BytesIO()
        document.save(out, deterministic_id=True, static_id=True)
    return out.getvalue(), placed


def _listing_pdf(placed: Sequence[Placed], since_round: int, journal: Journal, labels: Sequence[str]) -> bytes:
    import jinja2
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from pipeline.render import house
    from pipeline.render.pdf_fonts import font_face_css

    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                                     undefined=jinja2.StrictUndefined)
    items = [{"where": p.change.where, "what": p.change.describe(), "old": p.change.old, "new": p.change.new,
              "page": labels[p.page - 1] if p.page else None,
              "lines": lines_words(p.lines) if p.lines else ""} for p in placed]
    html = environment.get_template("proof-changes.html.j2").render(
        items=items, since=since_round, round=since_round + 1, journal=journal.title)
    fonts = FontConfiguration()
    css = font_face_css(journal.house_style.fonts.print) + house.css_variables(journal, "print")
    return HTML(string=html).write_pdf(stylesheets=[CSS(string=css, font_config=fonts)], font_config=fonts)
