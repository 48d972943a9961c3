"""PDF proofs and final PDFs: a JATS article + journal config -> the journal's printed pages, one variant a file.

The markup is xslt/jats-to-print.xsl (the prepared JATS, prepare.py -> print HTML: the print layer over the writer
core the web page shares), the look templates/print.css after the journal's colours (house.py), the fonts the
journal config's (pdf_fonts.py); WeasyPrint lays the pages out. This module decides what to build: which variant
(a row of VARIANTS, never a branch elsewhere), with which parameters, and checks the result before writing it:

- each table is printed where its content fits without a word broken inside a cell (pdf_tables.py: a column, the
  page, smaller type, a landscape page);
- no wide table or figure leaves the foot of a page blank: a first layout finds such gaps (pdf_layout.py) and
  the item moves to the top of the next page, the text running on through the page before (pdf_floats.py);
- a table that runs on to a new column or page does so under "Table N. Continued" with its header rows, its
  footnotes after its last rows (pdf_table_parts.py);
- every page prints the number first_page + its index (pdf_pages.py, from WeasyPrint's own layout);
- every character has a glyph in the configured fonts (pdf_fonts.py; a finding per missing character);
- a number stays with its unit and "P =" with its value (nobreak.py: no-break spaces in render's copy);
- no text of the article is lost in the layout (pdf_text.py; a finding);
- proofs (proof.py): the same pages, laid out once with the author queries' places marked (pdf_queries.py), then
  a cover page before them and the author-queries pages after them, the line numbers, the query flags and the
  watermark drawn under the pages as artifacts; tagged as the final PDF is. The markers are out of the flow, so
  the final PDF and its archive copy are written from the proof's layout, the markers taken out (`copies`): one
  layout of the article for all three.

Same input, same bytes: the PDF's dates come from the article (Epub, else the issue date) and the issue
date, never from the clock; its /ID is derived from the DOI and the variant; WeasyPrint's own font subset
names and object order are functions of the document.
"""

from __future__ import annotations

import atexit
import datetime as dt
import hashlib
import logging
import threading
import urllib.parse
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pipeline import clock, xmlio, xslt
from pipeline.config.journal import Journal
from pipeline.diagnostics import Finding, PipelineError, fail
from pipeline.proof.rounds import ProofRound, ProofStamp, stamp_on
from pipeline.render import engine_count, engine_messages, house
from pipeline.render.nobreak import tie_spaces
from pipeline.render.pdf_floats import floats_hold, parameter, place_top_floats, replay
from pipeline.render.pdf_fonts import font_face_css, missing_glyphs
from pipeline.render.pdf_pages import check_page_numbers, pages_before, printed_page_numbers
from pipeline.render.pdf_queries import remove_marks, render_with_queries
from pipeline.render.pdf_table_parts import parse as parse_parts
from pipeline.render.pdf_table_parts import place_table_parts, tables_begun_by, wanted_breaks, with_parts, without_parts
from pipeline.render.pdf_table_parts import stylesheet_parameter as table_breaks
from pipeline.render.pdf_table_parts import tokens as part_tokens
from pipeline.render.pdf_tables import fit_tables, from_placement, in_placement, without_fits
from pipeline.render.pdf_tables import parameter as fits_parameter
from pipeline.render.pdf_text import lost_letters
from pipeline.render.prepare import prepare
from pipeline.render.proof import PROOF_CSS, answer_font_css, assemble
from pipeline.render.proof_pages import QUERIES_CLASS
from pipeline.render.queries import Query

__all__ = ["VARIANTS", "Query", "RenderedPdf", "Variant", "pdf_page_count", "printed_page_numbers", "render_html_pdf",
           "render_pdf"]

STYLESHEET = "jats-to-print.xsl"
TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"
CSS_FILE = TEMPLATES / "print.css"
# The figures' URL prefix in the HTML. WeasyPrint names each image in the PDF after a hash of its URL, so the
# URL must not depend on where the build folder is; the URL fetcher maps this prefix to the real folder.
FIGURES_URL = "file:///article/figures/"


@dataclass(frozen=True)
class Variant:
    name: str
    description: str
    pdf_variant: str | None = None  # WeasyPrint's pdf_variant (weasyprint --help lists them)
    proof: bool = False  # cover page, line numbers, author-query flags and pages, watermark (proof.py)
    # may be written from the layout of these variants (the same pages: only the PDF's conformance and /ID differ,
    # and what only the proof prints), so that it costs a PDF write and no layout of its own (render_pdf's `copies`)
    written_from: tuple[str, ...] = ()


VARIANTS: dict[str, Variant] = {v.name: v for v in (
    Variant("proof", "author proof: cover page, PROOF watermark, line numbers, author queries with answer fields; "
            "tagged (PDF/UA-1)", proof=True),
    Variant("final", "the published PDF: tagged, PDF/UA-1", pdf_variant="pdf/ua-1", written_from=("proof",)),
    Variant("archive", "archival copy: PDF/A-3a (PDF/A with the tagged structure of conformance level A)",
            pdf_variant="pdf/a-3a", written_from=("final", "proof")),
)}


@dataclass(frozen=True)
class RenderedPdf:
    path: Path | None  # None: laid out only (render_pdf's out=None)
    variant: str
    pages: int  # every page of the file
    article_pages: int  # the article's own pages (a proof's cover and author-queries pages are not)
    first_page: int
    printed_numbers: list[int | None]  # the number each page prints, read from the layout
    findings: list[Finding] = field(default_factory=list)
    queries: list[Query] = field(default_factory=list)  # a proof's queries, numbered and placed as it prints them
    stamp: ProofStamp | None = None  # a proof's round and dates, as its cover page prints them
    cover_pages: int = 0  # a proof's pages before the article's
    copies: dict[str, Path] = field(default_factory=dict)  # variant -> the file written from the same layout
    # every decision of the layout, for a later layout of the same text (render_pdf's `placement`): top_floats,
    # the tables in parts ("tN:R", pdf_table_parts.py) and the tables' fits ("fN:...", pdf_tables.py)
    placement: str = ""

    @property
    def top_floats(self) -> str:
        """The placement but the tables' fits: the float pass's decisions (pdf_floats.py: "N:P", "ID+K", "ID^") and
        the tables in parts (pdf_table_parts.py)."""
        return without_fits(self.placement)

    @property
    def last_page(self) -> int:
        """The article's last page number (lpage)."""
        return self.first_page + self.article_pages - 1


def variant_named(name: str) -> Variant:
    try:
        return VARIANTS[name]
    except KeyError:
        raise fail("build.internal", f"unknown PDF variant {name!r}; known: {', '.join(VARIANTS)}") from None


@contextmanager
def _weasyprint_messages() -> Iterator[list[str]]:
    """WeasyPrint's warnings during a render (a missing image, an unsupported CSS value), for findings."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                messages.append(record.getMessage())

    logger = logging.getLogger("weasyprint")
    handler = Collect()
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)


def _figure_files(root: etree._Element, figures_dir: Path) -> None:
    hrefs = sorted({href for href in root.xpath("//graphic/@xlink:href | //inline-graphic/@xlink:href",
                                               namespaces=xmlio.NS)})
    folder = figures_dir.resolve()
    outside = [href for href in hrefs if not (folder / href).resolve().is_relative_to(folder)]
    if outside:
        raise fail("render.failed", f"figure names point outside the figures folder: {', '.join(outside)}")
    missing = [href for href in hrefs if not (figures_dir / href).is_file()]
    if missing:
        raise fail("input.missing-file", f"figure files missing from {figures_dir}: {', '.join(missing)}")


def print_html(root: etree._Element, journal: Journal, spec: Variant, *, first_page: int, issue_date: dt.date | None,
               queries: Sequence[Query] = (), top_floats: str = "", table_fits: str = "",
               table_breaks: str = "") -> bytes:
    """The print HTML of the article (with the queries marked, for variants that print them). Figures are
    referred to under FIGURES_URL, whatever folder they are in. `top_floats` are the wide items printed at the
    top of a page ("N:P" pairs, pdf_floats.py), `table_fits` where each table is printed (pdf_tables.py),
    `table_breaks` the tables printed in parts (pdf_table_parts.py)."""
    params = {
        "first_page": first_page,
        "issue_date": issue_date.isoformat() if issue_date else "",
        "figures_dir": FIGURES_URL,
        "journal_title": journal.title,
        "variant": spec.name,
        "language": journal.language,
        "top_floats": top_floats,
        "table_fits": table_fits,
        "table_breaks": table_breaks,
        "house_style": house.parameter(journal, "print"),
    }

    def transform(tree: etree._Element) -> bytes:
        return xslt.transform(STYLESHEET, tie_spaces(prepare(tree, journal)), **params)

    if spec.proof:
        return render_with_queries(root, queries, transform)[0]
    return transform(root)


def _fetcher(figures_dir: Path):
    from weasyprint.urls import URLFetcher

    folder = figures_dir.resolve()

    class Fetcher(URLFetcher):
        """Local files and data: URLs only; the figures' URLs are read from the article's figures folder."""

        def fetch(self, url: str, headers=None):
            if url.startswith(FIGURES_URL):
                path = (figures_dir / urllib.parse.unquote(url[len(FIGURES_URL):])).resolve()
                if not path.is_relative_to(folder):
                    raise ValueError(f"{url} is outside the figures folder")
                url = path.as_uri()
            return super().fetch(url, headers)

    return Fetcher(allowed_protocols={"file", "data"})  # no network


def _sources(html: bytes, figures_dir: Path, journal: Journal, extra_css: str = ""):
    """The print HTML as WeasyPrint reads it, with its fonts and stylesheets (the journal's faces and colours, then
    print.css, then `extra_css`)."""
    from weasyprint import HTML

    fonts, stylesheets = _stylesheets(journal, extra_css)
    source = HTML(string=html.decode("utf-8"), base_url=CSS_FILE.parent.as_uri() + "/",
                  url_fetcher=_fetcher(figures_dir))
    return source, fonts, stylesheets


# (thread, stylesheets' key, extra CSS) -> (fonts, stylesheets)
_PARSED: dict[tuple[int, str, str], tuple[object, list]] = {}
atexit.register(_PARSED.clear)  # font configurations remove their folders while the modules they need still stand


def _stylesheets(journal: Journal, extra_css: str) -> tuple[object, list]:
    """The journal's font configuration and print stylesheets, parsed once in a thread and used for every layout it
    makes, as WeasyPrint allows: parsed again for each, they took a tenth of its time, and each layout began with
    fonts and shaping caches of its own. One set a thread, for Pango's font maps are not to be shared between
    threads (a Dask worker may run several: `pipeline rerender` on a scheduler of its own). Stylesheets fetch only
    the font files they name (a figure is fetched by the HTML's fetcher, of its own article's folder)."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    key = (threading.get_ident(), _stylesheets_key(journal), extra_css)
    if key not in _PARSED:
        fetcher = _fetcher(CSS_FILE.parent)
        fonts = FontConfiguration()
        house_css = font_face_css(journal.house_style.fonts.print) + house.css_variables(journal, "print")
        stylesheets = [CSS(string=house_css, font_config=fonts, url_fetcher=fetcher),
                       CSS(filename=str(CSS_FILE), font_config=fonts, url_fetcher=fetcher)]
        if extra_css:
            stylesheets.append(CSS(string=extra_css, font_config=fonts, url_fetcher=fetcher))
        _PARSED[key] = fonts, stylesheets
    return _PARSED[key]


def _layout(html: bytes, figures_dir: Path, journal: Journal, extra_css: str = "", counted_as: str = "layouts"):
    source, fonts, stylesheets = _sources(html, figures_dir, journal, extra_css)
    with engine_count.counted(counted_as):
        return source.render(font_config=fonts, stylesheets=stylesheets)


def _styled(html: bytes, figures_dir: Path, journal: Journal):
    """The print HTML styled and made into boxes, not laid out: (WeasyPrint's layout context, the box tree), for
    measuring what a box's content needs without the cost of pages (pdf_tables.py)."""
    from weasyprint import DEFAULT_OPTIONS
    from weasyprint.css.counters import CounterStyle
    from weasyprint.document import Document
    from weasyprint.formatting_structure.build import build_formatting_structure

    source, fonts, stylesheets = _sources(html, figures_dir, journal)
    counters = CounterStyle()
    with engine_count.counted("measures"):
        context = Document._build_layout_context(source, fonts, counters, {},
                                                 {**DEFAULT_OPTIONS, "stylesheets": stylesheets})
        root = build_formatting_structure(source.etree_element, context.style_for, context.get_image_from_uri,
                                          source.base_url, context.target_collector, counters, context.footnotes)
    return context, root


def _stylesheets_key(journal: Journal) -> str:
    """What the print stylesheets are for this journal (its fonts and colours, then print.css), as a short key."""
    house_css = font_face_css(journal.house_style.fonts.print) + house.css_variables(journal, "print")
    return hashlib.sha256(house_css.encode() + CSS_FILE.read_bytes()).hexdigest()


_SIDES: dict[str, bool] = {}  # the stylesheets' key -> whether they set both sides' pages alike


def sides_alike(journal: Journal) -> bool:
    """Whether the print stylesheets give left- and right-hand pages the same text area (first pages too), so that
    the side an article starts on moves none of its text (pipeline/issue/relayout.py). Measured, not assumed: a
    probe of three pages is laid out starting on each side and its pages' text areas compared."""
    key = _stylesheets_key(journal)
    if key not in _SIDES:
        areas = []
        for classes in ("print", "print first-verso"):
            probe = (f'<!DOCTYPE html><html class="{classes}"><head><meta charset="utf-8"></head><body>'
                     '<article class="article"><div style="height: 2.5in"></div><div style="height: 2.5in"></div>'
                     '<div style="break-before: page"></div><div style="break-before: page"></div></article>'
                     '</body></html>')
            document = _layout(probe.encode("utf-8"), CSS_FILE.parent, journal, counted_as="probe layouts")
            areas.append([(round(page._page_box.content_box_x(), 2), round(page._page_box.content_box_y(), 2),
                           round(page._page_box.width, 2), round(page._page_box.height, 2))
                          for page in document.pages])
        _SIDES[key] = len(areas[0]) == len(areas[1]) == 3 and areas[0] == areas[1]
    return _SIDES[key]


def table_fits(html: bytes, journal: Journal, figures_dir: Path) -> str:
    """Where each table of this print HTML is printed (pdf_tables.py), as the stylesheet's table-fits parameter;
    a PipelineError naming a table that fits nowhere without a word broken inside a cell."""
    # its layouts measure (the page's geometry, once a process; a landscape table's pages): not the article's own
    fits = fit_tables(html, journal.house_style.tables,
                      lambda data: _layout(data, figures_dir, journal, counted_as="measure layouts"),
                      _stylesheets_key(journal), lambda data: _styled(data, figures_dir, journal))
    return fits_parameter(fits)


def _fits_for(root: etree._Element, journal: Journal, spec: Variant, placement: str | None, *, figures_dir: Path,
              first_page: int, issue_date: dt.date | None) -> str:
    """The tables' fits a placement holds, else measured from the article's print HTML (they depend on the tables
    alone, not on the pages); a PipelineError naming the article and a table that fits nowhere."""
    fits = from_placement(placement)
    if fits is not None:
        return fits
    try:
        return table_fits(print_html(root, journal, spec, first_page=first_page, issue_date=issue_date), journal,
                          figures_dir)
    except PipelineError as error:
        doi = root.findtext("front/article-meta/article-id[@pub-id-type='doi']")
        raise PipelineError(error.finding.with_context(article=doi, stage="render")) from None


def replayed_layout(root: etree._Element, journal: Journal, variant: str, *, figures_dir: Path, first_page: int,
                    issue_date: dt.date | None, placement: str):
    """The layout render_pdf kept for this placement (RenderedPdf.placement, the same decisions replayed): what
    the tests and the look tools measure (pdf_columns.py). Returns (print HTML, WeasyPrint document)."""
    spec = variant_named(variant)
    fits = _fits_for(root, journal, spec, placement, figures_dir=figures_dir, first_page=first_page,
                     issue_date=issue_date)
    placement = without_fits(placement)
    html = print_html(root, journal, spec, first_page=first_page, issue_date=issue_date,
                      top_floats=without_parts(placement), table_fits=fits, table_breaks=table_breaks(placement))
    return html, _layout(html, figures_dir, journal)


def _identifier(root: etree._Element, spec: Variant) -> bytes:
    """The PDF's permanent /ID: the same for every render of this article and variant."""
    doi = root.findtext("front/article-meta/article-id[@pub-id-type='doi']") or ""
    key = doi.strip() or xmlio.text_of(root.find("front/article-meta/title-group/article-title"))
    return hashlib.md5(f"{key}\n{spec.name}".encode(), usedforsecurity=False).hexdigest().encode("ascii")


def _findings(html: bytes, document, messages: list[str], doi: str | None, journal: Journal) -> list[Finding]:
    """What is wrong with a rendered PDF: lost text, characters without glyphs, WeasyPrint's warnings."""
    where = {"article": doi, "stage": "render"}
    findings = []
    lost = lost_letters(html, document)
    if lost:
        sample = "".join(sorted(lost.elements())[:40])
        findings.append(Finding.of("render.failed", f"{sum(lost.values())} letters and digits of the article are "
                                   f"on no page of the PDF (the layout lost text): {sample!r}", **where))
    for char, page in missing_glyphs(document, journal.house_style.fonts.print):
        findings.append(Finding.of("render.missing-glyph", f"the character {char!r} (U+{ord(char):04X}) on page "
                                   f"{page} has no glyph in the PDF fonts", **where))
    findings += engine_messages.findings(messages, **where)
    return findings


def render_pdf(jats: etree._Element | Path, out: Path | None, journal: Journal, variant: str, *, figures_dir: Path,
               first_page: int, issue_date: dt.date | None, queries: Sequence[Query] = (),
               placement: str | None = None, proof_round: ProofRound | None = None,
               copies: Mapping[str, Path] | None = None) -> RenderedPdf:
    """Write the article's PDF in `variant` to `out` (atomically) and say how many pages it has (`out` None: lay
    it out and say so, writing nothing: pagination's count of pages).

    `first_page` is the number the first page prints (the JATS fpage once paginated; before pagination,
    the page the issue build expects; 1 for an article without issue pages). `issue_date` is printed as
    "Publication date" (None: the issue has no day). `queries` are for variants that print author queries (the
    proof), and `proof_round` the round and dates its cover prints (pipeline/proof/rounds.py; by default round 1,
    made on the build's date). `placement` holds the decisions of a layout already made of the same text (an
    earlier pagination pass; the final PDF, for its proof): its floats are used where they still hold
    (pdf_floats.replay), and the pass runs again where they do not; its tables' fits are used as they are (they
    depend on the tables alone, not on the pages). Wrong page numbers or unknown inputs raise; lost text, missing
    glyphs and WeasyPrint's warnings come back as findings, with the file written for people to see. `copies`
    (variant -> file) are written from the same layout, with `out`: the variants whose `written_from` names this
    one (the final PDF's archive copy; the final PDF and its archive copy from the proof's layout, after the proof,
    without its query markers).
    """
    spec = variant_named(variant)
    copy_specs = {name: variant_named(name) for name in copies or {}}
    if any(spec.name not in copy.written_from for copy in copy_specs.values()) or (copy_specs and out is None):
        raise fail("build.internal", f"the {', '.join(copy_specs)} PDF is not written from the {spec.name} PDF's "
                   "layout")
    root = xmlio.parse(jats).getroot() if isinstance(jats, Path) else jats
    if queries and not spec.proof:
        raise fail("build.internal", f"the {spec.name} PDF prints no author queries")
    doi = root.findtext("front/article-meta/article-id[@pub-id-type='doi']")
    _figure_files(root, figures_dir)
    extra_css = answer_font_css(journal) + PROOF_CSS.read_text(encoding="utf-8") if spec.proof else ""

    with _weasyprint_messages() as messages:
        fits = _fits_for(root, journal, spec, placement, figures_dir=figures_dir, first_page=first_page,
                         issue_date=issue_date)
        placement = without_fits(placement) if placement is not None else None

        def lay_out(decisions: str) -> tuple[bytes, object, list[str]]:
            messages.clear()  # the warnings of the layout kept, not of the ones tried and left
            html = print_html(root, journal, spec, first_page=first_page, issue_date=issue_date, queries=queries,
                              top_floats=without_parts(decisions), table_fits=fits,
                              table_breaks=table_breaks(decisions))
            return html, _layout(html, figures_dir, journal, extra_css), list(messages)

        # the floats first (with the table parts of an earlier layout, if any), then the tables' parts
        parts = parse_parts(placement or "")

        def lay_out_floats(floats: str) -> tuple[bytes, object, list[str]]:
            # the parts the float pass chose for a trial (pdf_floats.NEAR_SHARE), else those of the earlier layout
            return lay_out(floats if parse_parts(floats) else with_parts(floats, parts))

        def asked_parts(laid_out, made: str, page: int) -> str:
            begun = tables_begun_by(laid_out, page)
            asked = wanted_breaks(laid_out, parse_parts(made) if made else parts)
            return part_tokens({number: rows for number, rows in asked.items() if number in begun})

        placed = replay(lay_out_floats, without_parts(placement)) if placement is not None else None
        engine_count.tally("replays" if placed is not None else "passes")
        if placed is None:
            placed = place_top_floats(lay_out_floats, QUERIES_CLASS, asked_parts)
        chosen = parse_parts(placed.parts) if placed.parts else parts
        placement, html, document, extra, rounds = place_table_parts(
            lay_out, with_parts(parameter(placed.floats, placed.deferred, placed.starts), chosen), placed.html,
            placed.document, placed.extra, lambda laid_out: floats_hold(laid_out, placed.floats))
        engine_count.tally("kept decisions", placed.kept + rounds)
        messages[:] = extra
        check_page_numbers(document, first_page, article=doi)
        identifier = _identifier(root, spec)
        written = {}
        if spec.proof:
            made = proof_round or ProofRound(stamp_on(clock.build_date(), 1, journal.proofs))
            proof = assemble(document, root, journal, queries, first_page=first_page, identifier=identifier,
                             proof_round=made, doi=doi)
            if out is not None:
                written[out] = proof.data
            remove_marks(document)  # what only the proof prints, before its copies are written
        if out is not None:
            # this variant first: a write may leave in the document what its conformance adds (PDF/A's colour
            # profile), which the copies then carry as a layout of their own would
            targets = [] if spec.proof else [(out, spec)]
            targets += [((copies or {})[name], copy) for name, copy in copy_specs.items()]
            for path, written_spec in targets:
                with engine_count.counted("writes"):
                    written[path] = document.write_pdf(pdf_variant=written_spec.pdf_variant,
                                                       pdf_identifier=_identifier(root, written_spec))

    findings = _findings(html, document, messages, doi, journal)
    for path, data in written.items():
        xmlio.write_bytes_atomic(path, data)
    printed = printed_page_numbers(document)
    decided = " ".join(part for part in (placement, in_placement(fits)) if part)
    if not spec.proof:
        return RenderedPdf(out, spec.name, len(document.pages), pages_before(document, QUERIES_CLASS), first_page,
                           printed, findings, copies=dict(copies or {}), placement=decided)
    return RenderedPdf(out, spec.name, proof.pages, proof.article_pages, first_page,
                       [None] * proof.cover_pages + printed + [None] * proof.queries_pages, findings + proof.findings,
                       proof.queries, proof.stamp, proof.cover_pages, copies=dict(copies or {}), placement=decided)


def pdf_page_count(pdf: Path) -> int:
    """The pages of a PDF the pipeline wrote."""
    import pikepdf

    with pikepdf.open(pdf) as document:
        return len(document.pages)


def render_html_pdf(html: str, out: Path, *, base_dir: Path, identifier: str, journal: Journal, sheet: str) -> int:
    """A PDF of a page the pipeline writes as HTML itself (the table of contents): the journal's fonts and its
    colours for `sheet` (house.py) before the page's own stylesheets, no network, same bytes for the same input
    (its dates come from dcterms meta tags in the HTML, its /ID from `identifier`). Returns the page count."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    fetcher = _fetcher(base_dir)
    house_css = font_face_css(journal.house_style.fonts.print) + house.css_variables(journal, sheet)
    document = HTML(string=html, base_url=base_dir.as_uri() + "/", url_fetcher=fetcher).render(
        font_config=fonts, stylesheets=[CSS(string=house_css, font_config=fonts, url_fetcher=fetcher)])
    data = document.write_pdf(pdf_identifier=hashlib.md5(identifier.encode(), usedforsecurity=False)
                              .hexdigest().encode("ascii"))
    xmlio.write_bytes_atomic(out, data)
    return len(document.pages)
