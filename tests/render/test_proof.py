"""The author proof, read back from the PDF WeasyPrint and the pipeline write: its cover and queries pages, the
article's pages as the final PDF prints them, the line numbers and the query flags beside the lines they concern,
the answer fields, the tagging.

Rendered with the real WeasyPrint from the profile fixture and the long article of test_pdf.py. What the PDF
shows is read with pdfplumber (characters with their marked-content tags, words with their boxes), pypdf (page
labels, form fields) and pikepdf (structure); where a flag should stand is worked out from the print HTML (the
words beside each query's marker), not from the code that places it.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from lxml import etree
from lxml import html as lxml_html
from pypdf import PdfReader, PdfWriter

from pipeline import clock
from pipeline.proof.annotations import read_returned_proof
from pipeline.proof.deadline import due_after, spelled
from pipeline.proof.fields import COMMENTS_FIELD
from pipeline.render import pdf
from pipeline.render.pdf import Query
from pipeline.render.pdf_boxes import root_element
from pipeline.render.pdf_lines import line_layout
from tests.render.test_pdf import ISSUE_DATE, JOURNAL, PROFILE, figures, long_article, render

MM = 72 / 25.4  # points
QUERIES = [
    Query(1, "Please check the affiliation of the second author.", "//contrib[2]"),
    Query(2, "Is 'exponentially' supported by reference 1?", "/article/body/p[1]", at="exponentially"),
    Query(3, "Please confirm the received date.", "//history/date[@date-type='received']"),
    Query(4, "Table 1: please say what n stands for.", "//table-wrap[@id='t1']//th[2]"),
    Query(5, "This query points at nothing in the article.", "//fig[@id='f99']"),
    Query(6, "Please confirm the funding statement.", None),
    Query(7, "Is the less-than-or-equal sign meant?", "/article/body", at="≤ 50%"),
]
WHOLE_ARTICLE = {5, 6}  # nothing to flag: listed first, as concerning the whole article


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("proof")


@pytest.fixture(scope="module")
def final(out: Path) -> pdf.RenderedPdf:
    return render(out, "final", PROFILE, "final", 571)


@pytest.fixture(scope="module")
def proof(out: Path, final: pdf.RenderedPdf) -> pdf.RenderedPdf:
    return render_proof(out, "proof", PROFILE, 571, QUERIES, final.top_floats)


@pytest.fixture(scope="module")
def long_proof(out: Path) -> pdf.RenderedPdf:
    queries = [*QUERIES[:4], Query(8, "Please check the χ² test.", "/article/body", at="χ² test"),
               Query(9, "Finding 40: is the number right?", "//table-wrap[@id='t2']//tr[40]/td[1]")]
    return render_proof(out, "long-proof", long_article(), 572, queries)


def render_proof(out: Path, name: str, source, first_page: int, queries: list[Query],
                 placement: str | None = None) -> pdf.RenderedPdf:
    folder = figures(out / "figures", "f1a.jpg", "f1b.jpg", "f2.jpg")
    return pdf.render_pdf(source, out / f"{name}.pdf", JOURNAL, "proof", figures_dir=folder, first_page=first_page,
                          issue_date=ISSUE_DATE, queries=queries, placement=placement)


# ----- reading the proof -----

def artifact(obj: dict) -> bool:
    return obj.get("tag") == "Artifact"


def content_words(page) -> list[dict]:
    return page.filter(lambda o: o.get("object_type") != "char" or not artifact(o)).extract_words(
        keep_blank_chars=False, extra_attrs=["size"])


def furniture_words(page) -> list[dict]:
    return page.filter(lambda o: o.get("object_type") != "char" or artifact(o)).extract_words(
        keep_blank_chars=False, extra_attrs=["size"])


def flags_on(page) -> list[dict]:
    return [w for w in furniture_words(page) if re.fullmatch(r"AQ\d+(–\d+)?", w["text"])]


def numbers_on(page) -> list[dict]:
    return [w for w in furniture_words(page) if w["text"].isdigit() and abs(w["size"] - 5.25) < 0.01]


def flag_numbers(label: str) -> list[int]:
    first, _, last = label[2:].partition("–")
    return list(range(int(first), int(last or first) + 1))


def number_nearest(page, flag: dict) -> int:
    """The line number printed nearest a flag at its height: the line a reader takes the flag to mark."""
    level = [n for n in numbers_on(page) if abs(n["bottom"] - flag["bottom"]) < 3]
    return int(min(level, key=lambda n: min(abs(n["x0"] - flag["x1"]), abs(flag["x0"] - n["x1"])))["text"])


def words_at_marker(print_html: str, marker: str) -> list[str]:
    """The words printed right beside a marker in the print HTML: the last word before it in its element, and the
    first word after it (the oracle for where its flag must stand)."""
    tree = lxml_html.fromstring(print_html)
    (span,) = tree.xpath(f"//span[@id='{marker}']")
    parent = span.getparent()
    previous = span.getprevious()
    while previous is not None and previous.get("class") == "query-mark" and not (previous.tail or "").strip():
        previous = previous.getprevious()  # the markers of other queries at the same place
    before = (previous.tail if previous is not None else parent.text) or ""
    after = "".join(span.tail or "") or "".join(t for t in span.xpath("following::text()")[:3])
    found = [w for w in re.findall(r"[\w≤]+", before)[-1:] + re.findall(r"[\w≤]+", after)[:1]
             if len(w) >= 2 or not w.isalnum()]  # a sign ("≤") is a word of its own
    if not found:  # the marker begins its element: the element's own first words
        found = re.findall(r"\w{3,}", " ".join(parent.itertext()))[:1] or re.findall(r"\w+", " ".join(
            parent.itertext()))[:1]  # a table heading "n (%)"
    return found


# ----- the pages -----

def test_a_cover_page_the_articles_pages_and_the_queries_page(proof: pdf.RenderedPdf) -> None:
    assert (proof.cover_pages, proof.article_pages, proof.pages) == (1, 2, 4)
    assert proof.printed_numbers == [None, 571, 572, None]
    assert PdfReader(proof.path).page_labels == ["Cover", "571", "572", "Queries 1"]
    with pdfplumber.open(proof.path) as document:
        cover = " ".join(w["text"] for w in content_words(document.pages[0]))
        queries_page = " ".join(w["text"] for w in content_words(document.pages[-1]))
    made = clock.build_date()
    for expected in ("Proof of your article in Diagnostic and Interventional Radiology", "Manuscript number 232299",
                     "DOI 10.4274/dir.2023.232299", "Proof round 1", f"Proof made on {spelled(made)}",
                     f"Please return it by {spelled(due_after(made, JOURNAL.proofs))}", "3 working days",
                     "Adobe Acrobat Reader", "Preview (macOS)", "Okular", "web browser", "line number",
                     "What can still change", "ORCID iD of every author", "production@example.org"):
        assert expected in cover, expected
    assert "Author queries" in queries_page
    for query in proof.queries:
        assert query.text.split()[0] in queries_page
    assert queries_page.split().count("whole") == len(WHOLE_ARTICLE)  # "The whole article", over two lines


def test_the_cover_and_queries_pages_print_no_page_number_of_the_article(proof: pdf.RenderedPdf) -> None:
    with pdfplumber.open(proof.path) as document:
        for index in (0, len(document.pages) - 1):
            page = document.pages[index]
            head = page.crop((0, 0, page.width, 20 * MM))
            foot = page.crop((0, page.height - 16 * MM, page.width, page.height))
            margins = " ".join(w["text"] for part in (head, foot) for w in content_words(part))
            assert not re.search(r"\d", margins), (index, margins)


def test_the_articles_pages_are_the_final_pdfs(proof: pdf.RenderedPdf, final: pdf.RenderedPdf) -> None:
    """The same characters (a ligature read as its letters in both) at the same places. Within 0.05 pt: the proof's
    fonts are shared with its cover, whose other sizes change a glyph's width in the PDF's width table by a few
    thousandths of an em, which is where a reader puts the next glyph of a run; what is drawn is not moved."""
    with pdfplumber.open(proof.path) as made, pdfplumber.open(final.path) as published:
        for index, page in enumerate(published.pages):
            proofed = [c for c in made.pages[proof.cover_pages + index].chars if not artifact(c) and c["text"].strip()]
            printed = [c for c in page.chars if c["text"].strip()]  # spaces: where a reader guesses them
            assert [c["text"] for c in proofed] == [c["text"] for c in printed], index
            assert max(max(abs(a["x0"] - b["x0"]), abs(a["top"] - b["top"]))
                       for a, b in zip(proofed, printed, strict=True)) < 0.05, index


# ----- flags and line numbers -----

def test_each_flag_stands_in_the_margin_beside_the_words_its_query_concerns(proof: pdf.RenderedPdf,
                                                                             long_proof: pdf.RenderedPdf,
                                                                             out: Path) -> None:
    for made, source, first, given in ((proof, PROFILE, 571, QUERIES), (long_proof, long_article(), 572, None)):
        root = pdf.xmlio.parse(source).getroot() if isinstance(source, Path) else source
        provisional = {q.text: q.number for q in (given or _given(made))}
        html = pdf.print_html(root, JOURNAL, pdf.VARIANTS["proof"], first_page=first, issue_date=ISSUE_DATE,
                              queries=given or _given(made)).decode()
        with pdfplumber.open(made.path) as document:
            for query in made.queries:
                if query.page is None:
                    continue
                page = document.pages[made.cover_pages + query.page - first]
                (flag,) = [f for f in flags_on(page) if query.number in flag_numbers(f["text"])]
                left = flag["x1"] < 16 * MM
                assert left or flag["x0"] > page.width - 16 * MM, "a flag stands in a margin"
                targets = words_at_marker(html, f"qm{provisional[query.text]}")
                near = [w for w in content_words(page) if abs(w["bottom"] - flag["bottom"]) < 3
                        and any(w["text"].startswith(t[:4]) for t in targets)]
                assert near, (query.label, targets, flag)
                # and the line number printed beside those words is the one the queries page gives
                word = near[0]
                beside = [n for n in numbers_on(page)
                          if abs(n["bottom"] - word["bottom"]) < 3 and n["x1"] <= word["x0"]]
                assert int(max(beside, key=lambda n: n["x1"])["text"]) == query.line, query.label
                assert number_nearest(page, flag) == query.line, (query.label, "the flag is nearest its line's number")


def _given(made: pdf.RenderedPdf) -> list[Query]:
    texts = {q.text for q in made.queries}
    candidates = [*QUERIES[:4], Query(8, "Please check the χ² test.", "/article/body", at="χ² test"),
                  Query(9, "Finding 40: is the number right?", "//table-wrap[@id='t2']//tr[40]/td[1]")]
    return [q for q in candidates if q.text in texts]


def test_queries_are_numbered_whole_article_first_then_in_reading_order(proof: pdf.RenderedPdf,
                                                                        long_proof: pdf.RenderedPdf) -> None:
    numbers = [q.number for q in proof.queries]
    assert numbers == list(range(1, len(QUERIES) + 1))
    whole = [q for q in proof.queries if q.page is None]
    assert {q.text for q in whole} == {q.text for q in QUERIES if q.number in WHOLE_ARTICLE}
    assert [q.number for q in whole] == [1, 2]
    for made in (proof, long_proof):
        placed = [(q.page, q.line) for q in made.queries if q.page is not None]
        assert placed == sorted(placed), "flags are numbered down the pages, line by line"
        with pdfplumber.open(made.path) as document:
            for page in document.pages[made.cover_pages:made.cover_pages + made.article_pages]:
                labels = [flag_numbers(f["text"]) for f in flags_on(page)]
                lines = [int(min(numbers_on(page), key=lambda n: abs(n["bottom"] - f["bottom"]))["text"])
                         for f in flags_on(page)]
                by_line = [n for _, ns in sorted(zip(lines, labels, strict=True)) for n in ns]
                assert by_line == sorted(by_line)


def test_every_page_numbers_its_lines_once_each_from_1(proof: pdf.RenderedPdf, long_proof: pdf.RenderedPdf) -> None:
    for made in (proof, long_proof):
        with pdfplumber.open(made.path) as document:
            for index in range(made.cover_pages, made.cover_pages + made.article_pages):
                numbers = sorted(int(n["text"]) for n in numbers_on(document.pages[index]))
                assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 7, index  # 572: 7 lines
            for index in (0, len(document.pages) - 1):  # the cover and queries pages have none
                assert numbers_on(document.pages[index]) == []


def test_line_numbers_follow_the_reading_order_column_after_column(out: Path) -> None:
    """Read against the print HTML: numbered in order, the lines' elements come in document order (the text's
    order), but for the foot of the first page (the cite-as line, first in the HTML so that it stays on that page)
    and wide items printed at the top of a page."""
    source = long_article()
    folder = figures(out / "figures", "f1a.jpg", "f1b.jpg", "f2.jpg")
    html = pdf.print_html(source, JOURNAL, pdf.VARIANTS["proof"], first_page=572, issue_date=ISSUE_DATE)
    document = pdf._layout(html, folder, JOURNAL)
    layout = line_layout(document)
    order = {id(e): n for n, e in enumerate(root_element(document).iter())}
    exempt = {id(e) for e in root_element(document).iter()
              if any(c in (e.get("class") or "").split() for c in ("cite-as", "top-float"))}

    def position(element) -> int:
        return order[id(element)]

    for page in range(1, len(document.pages) + 1):
        lines = layout.on_page(page)
        assert [line.number for line in lines] == list(range(1, len(lines) + 1))
        positions = [min(position(e) for e in line.elements) for line in lines
                     if not any(id(a) in exempt for e in line.elements for a in _ancestors(document, e))]
        assert positions == sorted(positions), page
    first = layout.on_page(1)
    abstract = [line.number for line in first if _in_class(document, line, "front-main")]
    body = [line.number for line in first if _in_class(document, line, "columns")]
    assert abstract and body and max(abstract) < min(body), "the abstract beside the authors comes before the text"


def _ancestors(document, element) -> list:
    parents = {id(c): p for p in root_element(document).iter() for c in p}
    found = [element]
    while id(found[-1]) in parents:
        found.append(parents[id(found[-1])])
    return found


def _in_class(document, line, name: str) -> bool:
    return any(name in (a.get("class") or "").split() for e in line.elements for a in _ancestors(document, e))


# ----- answers, tagging, layouts -----

def test_each_query_has_a_form_field_a_pdf_library_fills_and_the_reader_reads_back(proof: pdf.RenderedPdf,
                                                                                   tmp_path: Path) -> None:
    reader = PdfReader(proof.path)
    fields = reader.get_fields()
    assert set(fields) == {q.label for q in proof.queries} | {COMMENTS_FIELD}
    assert fields["AQ3"]["/TU"] == "Your answer to query AQ3"
    answers = {q.label: f"Answer {q.number}: ğüşıöç “quoted”" for q in proof.queries}
    answers[COMMENTS_FIELD] = "All figures are fine."
    writer = PdfWriter(clone_from=reader)
    writer.update_page_form_field_values(writer.pages[-1], answers, auto_regenerate=False)
    returned = tmp_path / "returned.pdf"
    writer.write(returned)
    read = read_returned_proof(returned)
    assert {a.field: a.value for a in read.answers} == answers
    assert {a.field: a.query for a in read.answers} == {**{q.label: q.number for q in proof.queries},
                                                       COMMENTS_FIELD: None}


def test_the_proof_is_tagged_and_its_furniture_is_artifacts(proof: pdf.RenderedPdf) -> None:
    with pikepdf.open(proof.path) as document:
        assert "/StructTreeRoot" in document.Root and bool(document.Root.MarkInfo.Marked)
        with document.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1"
        widgets = [a for page in document.pages for a in page.get("/Annots", []) if a.get("/Subtype") == "/Widget"]
        assert len(widgets) == len(proof.queries) + 1 and all("/StructParent" in w for w in widgets)
    with pdfplumber.open(proof.path) as document:
        for number, page in enumerate(document.pages, start=1):
            furniture = [c for c in page.chars if artifact(c)]
            assert "".join(c["text"] for c in furniture if c["size"] > 50) == "PROOF", number
            small = [c for c in page.chars if abs(c["size"] - 5.25) < 0.01]
            assert all(artifact(c) for c in small), number  # line numbers and flags
            assert all(c.get("tag") not in (None, "Artifact") for c in page.chars
                       if not artifact(c)), number  # everything else is tagged content


def test_the_proof_is_laid_out_once_when_the_final_pdfs_placement_holds(out: Path, final: pdf.RenderedPdf,
                                                                       monkeypatch) -> None:
    """As many layouts of the article as its final PDF takes with the same placement (the tables' fitting, then the
    article once): the numbers and flags are read from that layout, not from a second one."""
    layouts = []
    original = pdf._layout
    monkeypatch.setattr(pdf, "_layout", lambda *args, **kwargs: layouts.append(1) or original(*args, **kwargs))
    folder = figures(out / "figures", "f1a.jpg", "f1b.jpg", "f2.jpg")
    pdf.render_pdf(PROFILE, None, JOURNAL, "final", figures_dir=folder, first_page=571, issue_date=ISSUE_DATE,
                   placement=final.top_floats)
    final_layouts = len(layouts)
    render_proof(out / "once", "proof", PROFILE, 571, QUERIES, final.top_floats)
    assert len(layouts) - final_layouts == final_layouts <= 2


def test_a_proof_without_queries_says_so_and_keeps_the_comments_field(out: Path) -> None:
    made = render_proof(out, "no-queries", PROFILE, 571, [])
    assert made.queries == []
    with pdfplumber.open(made.path) as document:
        text = " ".join(w["text"] for w in content_words(document.pages[-1]))
    assert "The proof raises no queries." in text
    assert set(PdfReader(made.path).get_fields()) == {COMMENTS_FIELD}


def test_the_tree_and_the_queries_given_are_not_changed(out: Path) -> None:
    root = pdf.xmlio.parse(PROFILE).getroot()
    before, given = etree.tostring(root), copy.deepcopy(QUERIES)
    render_proof(out / "tree", "proof", root, 571, QUERIES)
    assert etree.tostring(root) == before and given == QUERIES
    assert all(dataclasses.is_dataclass(q) for q in QUERIES)
