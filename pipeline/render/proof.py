"""The author proof: the article's laid-out pages (with its query markers) + its queries, the journal and the proof's
round -> the proof PDF, its queries numbered in reading order.

    cover page(s)           proof_pages.py: what the proof is, dates, how to mark corrections   (unnumbered)
    the article's pages     exactly the final PDF's pages, with line numbers and query flags    (its page numbers)
    author-queries page(s)  proof_pages.py: each query, where its flag is, a form field         (unnumbered)

The article is laid out once, by the caller; the numbers and flags are read from that layout (pdf_lines.py) and
drawn under the pages afterwards, as artifacts, with the watermark (proof_overlay.py): no second layout. Queries
about the whole article come first; the others are numbered in the order their flags are read (page, line,
left to right), so AQ1, AQ2 … run down the pages like the text. The proof is tagged (PDF/UA-1) as the final PDF is.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree

from pipeline.config.journal import Journal
from pipeline.diagnostics import Finding
from pipeline.proof.fields import query_field_name
from pipeline.proof.rounds import ProofRound, ProofStamp, stamp_info
from pipeline.render import engine_count, house
from pipeline.render.pdf_fonts import font_face_css, missing_glyphs, text_width
from pipeline.render.pdf_lines import NUMBER_SIZE, LineLayout, line_layout
from pipeline.render.pdf_pages import pages_before
from pipeline.render.pdf_queries import marker_id
from pipeline.render.proof_overlay import TEMPLATES, Flag, OverlayPage, overlay_html, underlay
from pipeline.render.proof_pages import QUERIES_CLASS, ArticleFacts, pages_html
from pipeline.render.queries import Query

PROOF_CSS = TEMPLATES / "proof.css"
# The answer fields' face: the text face under a family name of its own. A PDF form embeds the whole font its fields
# use, with a character map read from the font file rather than from the text laid out; shared with the article's
# text it would change that text's widths and turn its "fi" into "ﬁ" for whoever copies or searches it.
TEXT_FAMILY, ANSWER_FAMILY = "Print Sans", "Proof Answer"
OVERLAY_FAMILY = TEXT_FAMILY  # the numbers' and flags' face (templates/proof-overlay.css)
PDF_VARIANT = "pdf/ua-1"  # tagged, as the final PDF


@dataclass(frozen=True)
class Proof:
    data: bytes
    queries: list[Query]  # numbered as printed, each with the page and line of its flag
    stamp: ProofStamp
    cover_pages: int
    article_pages: int
    queries_pages: int
    lines: LineLayout
    findings: list[Finding] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return self.cover_pages + self.article_pages + self.queries_pages


def number_queries(queries: Sequence[Query], lines: LineLayout, first_page: int) -> list[Query]:
    """The queries in proof order and numbered so: those about the whole article (or whose marker is not on any
    page) first, as given; then by the page, line and place of their flags. Each placed one records the page
    number printed on its flag's page and the line number beside it."""
    markers = {marker.id: marker for marker in lines.markers}
    whole, placed = [], []
    for order, query in enumerate(queries):
        marker = None if query.whole_article else markers.get(marker_id(query.number))
        if marker is None or marker.line is None:
            whole.append(dataclasses.replace(query, page=None, line=None))
        else:
            placed.append(((marker.page, marker.line.number, marker.x, order),
                           dataclasses.replace(query, page=first_page + marker.page - 1, line=marker.line.number)))
    ordered = whole + [query for _, query in sorted(placed, key=lambda pair: pair[0])]
    return [dataclasses.replace(query, number=n) for n, query in enumerate(ordered, 1)]


def flags(queries: Sequence[Query], lines: LineLayout, first_page: int) -> dict[int, list[Flag]]:
    """Document page -> the flags on it: one per line with queries, "AQ3" or "AQ3–5" for several."""
    by_line: dict[tuple[int, int], list[int]] = {}
    for query in queries:
        if query.page is not None and query.line is not None:
            by_line.setdefault((query.page - first_page + 1, query.line), []).append(query.number)
    found: dict[int, list[Flag]] = {}
    for (page, number), numbers in sorted(by_line.items()):
        line = next(line for line in lines.on_page(page) if line.number == number)
        label = query_field_name(numbers[0]) + (f"–{numbers[-1]}" if len(numbers) > 1 else "")
        found.setdefault(page, []).append(Flag(label, line))
    return found


def answer_font_css(journal: Journal) -> str:
    """@font-face rules of the answer fields' face. The article's layout needs them too: its document is the one
    that writes the proof, fields included, with the fonts it knows."""
    faces = journal.house_style.fonts.print
    return font_face_css([dataclasses.replace(face, family=ANSWER_FAMILY) for face in faces
                          if face.family == TEXT_FAMILY])


def _overlay_page(page, lines=(), page_flags=()) -> OverlayPage:
    box = page._page_box
    return OverlayPage(page.width, page.height, box.content_box_x(), box.content_box_x() + box.width, tuple(lines),
                       tuple(page_flags))


def _render(html: str, journal: Journal, forms: bool = False):
    """A document of the proof's own (its cover and queries pages, or its overlay), in the journal's fonts."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    fonts = FontConfiguration()
    fetcher = URLFetcher(allowed_protocols={"file", "data"})  # no network
    house_css = font_face_css(journal.house_style.fonts.print) + answer_font_css(journal) + \
        house.css_variables(journal, "print")
    sheets = [CSS(string=house_css, font_config=fonts, url_fetcher=fetcher),
              CSS(filename=str(PROOF_CSS), font_config=fonts, url_fetcher=fetcher)]
    with engine_count.counted("proof page layouts"):  # small documents, not the article: counted apart
        return HTML(string=html, base_url=TEMPLATES.as_uri() + "/", url_fetcher=fetcher).render(
            font_config=fonts, stylesheets=sheets, pdf_forms=forms)


def assemble(document, root: etree._Element, journal: Journal, queries: Sequence[Query], *, first_page: int,
             identifier: bytes, proof_round: ProofRound, doi: str | None = None) -> Proof:
    """The proof PDF of the article laid out in `document` (print HTML with the queries' markers)."""
    lines = line_layout(document)
    numbered = number_queries(queries, lines, first_page)
    page_flags = flags(numbered, lines, first_page)
    facts = ArticleFacts.of(root)
    wording = journal.proof_wording
    watermark = wording.watermark
    findings: list[Finding] = []
    faces = journal.house_style.fonts.print

    def measure(text: str, bold: bool) -> float:
        return text_width(faces, OVERLAY_FAMILY, 700 if bold else 400, text, NUMBER_SIZE)

    made: list = []  # the proof's own pages, as last laid out

    def make(stamp: ProofStamp) -> bytes:
        own = _render(pages_html(facts, journal, stamp, numbered), journal, forms=True)
        cover = pages_before(own, QUERIES_CLASS)
        pages = [*own.pages[:cover], *document.pages, *own.pages[cover:]]
        with engine_count.counted("writes"):
            data = document.copy(pages).write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=identifier)
        overlay = ([_overlay_page(p) for p in own.pages[:cover]]
                   + [_overlay_page(p, lines.on_page(i), page_flags.get(i, ())) for i, p in
                      enumerate(document.pages, start=1)]
                   + [_overlay_page(p) for p in own.pages[cover:]])
        furniture_pages = _render(overlay_html(overlay, watermark, measure), journal)
        with engine_count.counted("proof page writes"):
            furniture = furniture_pages.write_pdf()
        labels = [(0, {"P": wording.cover.page_label}), (cover, {"S": "/D", "St": first_page}),
                  (cover + len(document.pages), {"P": wording.queries_page.page_label, "S": "/D", "St": 1})]
        made[:] = [own, cover]
        return underlay(data, furniture, labels, stamp_info(stamp))

    data, stamp = proof_round.choose(make)
    own, cover = made
    for char, page in missing_glyphs(own, journal.house_style.fonts.print):
        findings.append(Finding.of("render.missing-glyph", f"the character {char!r} (U+{ord(char):04X}) on page "
                                   f"{page} of the proof's cover or queries pages has no glyph in the PDF fonts",
                                   article=doi, stage="render"))
    return Proof(data, numbered, stamp, cover, len(document.pages), len(own.pages) - cover, lines, findings)
