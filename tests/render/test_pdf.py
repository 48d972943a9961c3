"""PDF proofs and final PDFs: the journal's printed pages, checked in the files WeasyPrint writes.

Rendered with the real WeasyPrint: the profile fixture (tests/fixtures/profile-article.xml, two pages) and a
long article built from it here with lxml (more authors with Turkish names, a last-revision date, a running
title, many paragraphs, a wide table that runs over a page break, a display formula, back matter, seven
references), which starts on an even page. Text is read back with pdftotext and fonts with pdffonts
(poppler-utils) where they are installed; what the pipeline itself checks (printed page numbers, missing
glyphs) is read from WeasyPrint's layout and tested without them.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
import subprocess
import zlib
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image, ImageDraw

from pipeline import xmlio
from pipeline.config import load_journal
from pipeline.diagnostics import PipelineError
from pipeline.render import pdf
from pipeline.render.pdf import Query, render_pdf
from pipeline.render.pdf_fonts import covers
from tests.conftest import FIXTURES, PROJECT

JOURNAL = load_journal(PROJECT / "config" / "journals" / "dir.yaml")
FACES = JOURNAL.house_style.fonts.print
PROFILE = FIXTURES / "profile-article.xml"
DOI = "10.4274/dir.2023.232299"
ISSUE_DATE = dt.date(2023, 7, 21)
ORCIDS = ["https://orcid.org/0000-0001-9127-5437", "https://orcid.org/0000-0003-0152-1636",
          "https://orcid.org/0000-0002-7514-1030"]
TITLE = "Chemotherapy-associated liver morphological changes in hepatic metastases (CALMCHeM)"
RUNNING_TITLE = "Liver changes after chemotherapy"
QUERIES = [
    Query(1, "Please check the affiliation of the second author.", "//contrib[2]"),
    Query(2, "Is 'exponentially' supported by reference 1?", "/article/body/p[1]"),
    Query(3, "Please confirm the received date.", "//history/date[@date-type='received']"),
    Query(4, "Table 1: please say what n stands for.", "//table-wrap[@id='t1']//th[2]"),
    Query(5, "This query points at nothing in the article.", "//fig[@id='f99']"),
]
MATH_TEXT = "Öğrenci Şebnem İlkay ığdır: α β χ μ Δ ≤ ≥ ± × − – → ↑ ↓ ° ² ½ √ ∑"

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                     reason="pdftotext (poppler-utils) is not installed")


# ----- inputs -----

def figures(folder: Path, *names: str) -> Path:
    """Small JPEG figure files, as ingest leaves them in the article's figures/ folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for index, name in enumerate(names or ("f1a.jpg", "f1b.jpg")):
        image = Image.new("RGB", (480, 360), (60 + 40 * index, 60 + 40 * index, 60 + 40 * index))
        ImageDraw.Draw(image).ellipse((120, 60, 360, 300), fill=(210, 210, 210))
        image.save(folder / name, quality=80)
    return folder


def profile() -> etree._Element:
    return xmlio.parse(PROFILE).getroot()


def el(tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.Element(tag, **attrs)
    element.text = text
    return element


def fragment(markup: str) -> etree._Element:
    return etree.fromstring(markup)


SENTENCES = [
    "Hepatic metastases were discrete in most cases and confluent or diffuse in the others.",
    "Capsular retraction was defined as the focal indentation of the hepatic capsule below the normal contour.",
    "Follow-up computed tomography and magnetic resonance imaging studies were evaluated sequentially.",
    "The time interval between studies that demonstrated new changes was recorded for each patient.",
    "Patients with bilobar metastases developed more collaterals and splenomegaly than those with unilobar disease.",
    "Nodularity of the liver surface progressed over time in most patients who received systemic chemotherapy.",
]


def paragraph(seed: int, length: int = 7) -> etree._Element:
    p = el("p")
    p.text = " ".join(SENTENCES[(seed + i) % len(SENTENCES)] for i in range(length))
    return p


def long_article(fpage: int = 572) -> etree._Element:
    """The profile article grown to several pages (see the module docstring)."""
    root = profile()
    meta = root.find("front/article-meta")
    meta.find("fpage").text = str(fpage)
    meta.find("lpage").text = str(fpage + 5)
    meta.find("title-group").append(el("alt-title", RUNNING_TITLE, **{"alt-title-type": "running-head"}))
    group = meta.find("contrib-group")
    last_contrib = group.findall("contrib")[-1]
    for surname, given in [("Doğan", "Hakan"), ("Esengür", "Ömer Tarık"), ("Güneyli", "Serkan"),
                           ("İnan", "Ayşe")]:
        contrib = fragment(f'<contrib contrib-type="author"><name><surname>{surname}</surname>'
                           f'<given-names>{given}</given-names></name><xref ref-type="aff" rid="aff3"/></contrib>')
        last_contrib.addnext(contrib)
        last_contrib = contrib
    group.findall("aff")[-1].addnext(fragment(
        '<aff id="aff3"><institution content-type="dept">Department of Radiology</institution>, '
        '<institution>Koç University Hospital</institution>, <addr-line content-type="city">İstanbul</addr-line>, '
        '<country country="TR">Türkiye</country></aff>'))
    history = meta.find("history")
    history.findall("date")[1].addnext(fragment(
        '<date date-type="rev-recd" iso-8601-date="2023-05-22"><day>22</day><month>05</month><year>2023</year></date>'))

    body = root.find("body")
    methods = body.find("sec[@id='s1']")
    for i in range(6):
        methods.find("sec").append(paragraph(i))
    results = fragment('<sec id="s3" sec-type="results"><title>Results</title></sec>')
    methods.addnext(results)
    paragraphs = [paragraph(i + 2) for i in range(4)]
    for p in paragraphs:
        results.append(p)
    table = fragment(
        '<table-wrap id="t2" position="float"><label>Table 2</label><caption><title>Findings at the final '
        'follow-up by primary tumor</title></caption><table frame="hsides" rules="groups"><thead><tr>'
        '<th scope="col">Finding</th><th scope="col">All (n = 219)</th><th scope="col">Breast</th>'
        '<th scope="col">Colorectal</th><th scope="col">Other</th></tr></thead><tbody/></table>'
        '<table-wrap-foot><fn id="t2fn1"><p>Values are n (%). ≥50%, χ² test.</p></fn></table-wrap-foot></table-wrap>')
    rows = table.find("table/tbody")
    for i in range(70):
        rows.append(fragment(f"<tr><td>Finding {i + 1} ({SENTENCES[i % 6].split()[0].lower()})</td>"
                             f"<td>{100 + i} ({40 + i % 50}.{i % 10}%)</td><td>{60 + i}</td><td>{20 + i % 9}</td>"
                             f"<td>{i % 7}</td></tr>"))
    mention = el("xref", "Table 2", **{"ref-type": "table", "rid": "t2"})
    mention.tail = " shows the findings."
    paragraphs[0].text += " "
    paragraphs[0].append(mention)
    paragraphs[0].addnext(table)
    table.addnext(fragment(
        '<disp-formula id="df1"><label>(1)</label><mml:math xmlns:mml="http://www.w3.org/1998/Math/MathML" id="m2" '
        'display="block"><mml:mi>χ</mml:mi><mml:mo>=</mml:mo><mml:mfrac><mml:mrow><mml:munderover><mml:mo>∑</mml:mo>'
        '<mml:mi>i</mml:mi><mml:mi>n</mml:mi></mml:munderover><mml:msubsup><mml:mi>x</mml:mi><mml:mi>i</mml:mi>'
        '<mml:mn>2</mml:mn></mml:msubsup></mml:mrow><mml:msqrt><mml:mi>n</mml:mi><mml:mo>−</mml:mo><mml:mn>1</mml:mn>'
        '</mml:msqrt></mml:mfrac><mml:mo>≤</mml:mo><mml:mn>0.05</mml:mn></mml:math></disp-formula>'))
    figure = fragment('<fig id="f2" position="float"><label>Figure 2</label><caption><p>Severe changes at 10 '
                      'months.</p></caption><graphic xmlns:xlink="http://www.w3.org/1999/xlink" '
                      'xlink:href="f2.jpg"/></fig>')
    mention = el("xref", "Figure 2", **{"ref-type": "fig", "rid": "f2"})
    mention.tail = " shows an example."
    paragraphs[1].text += " "
    paragraphs[1].append(mention)
    paragraphs[1].addnext(figure)
    discussion = body.find("sec[@id='s2']")
    for i in range(8):
        discussion.append(paragraph(i + 4, 6))
    special = el("p", f"Characters of the manuscript: {MATH_TEXT}.")
    discussion.append(special)

    back = root.find("back")
    back.insert(0, fragment("<ack><p>We thank the radiology technologists of the three sites.</p></ack>"))
    back.insert(1, fragment('<fn-group><fn fn-type="coi-statement"><p>The authors declared no conflicts of '
                            'interest.</p></fn></fn-group>'))
    refs = back.find("ref-list")
    for n in range(3, 8):
        names = "".join(f"<name><surname>Author{chr(64 + k)}</surname><given-names>{chr(64 + k)}J</given-names></name>"
                        for k in range(1, 9 if n == 3 else 3))
        refs.append(fragment(
            f'<ref id="ref{n}"><label>{n}</label><element-citation publication-type="journal">'
            f'<person-group person-group-type="author">{names}</person-group>'
            f"<article-title>Pseudocirrhosis in metastatic disease, part {n}</article-title>"
            f"<source>Abdom Radiol</source><year>2020</year><volume>{40 + n}</volume><issue>2</issue>"
            f"<fpage>{100 * n}</fpage><lpage>{100 * n + 9}</lpage>"
            f'<pub-id pub-id-type="doi">10.1007/s00261-020-0{n}</pub-id>'
            f"</element-citation></ref>"))
    return root


# ----- reading the PDFs -----

def pdftotext(path: Path, page: int | None = None, nodiag: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if nodiag:
        args.append("-nodiag")
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*args, str(path), "-"], check=True, capture_output=True, text=True).stdout


def page_texts(path: Path, pages: int) -> list[str]:
    return [pdftotext(path, page) for page in range(1, pages + 1)]


def inflated(path: Path) -> bytes:
    """The file with its Flate streams inflated, to find catalog entries that sit in object streams."""
    data = path.read_bytes()
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        start = match.end()
        end = data.find(b"endstream", start)
        try:
            parts.append(zlib.decompressobj().decompress(data[start:end]))
        except zlib.error:
            continue
    return b"\n".join(parts)


# ----- renders shared by the tests -----

def render(tmp: Path, name: str, source: etree._Element | Path, variant: str, first_page: int,
           queries: list[Query] | None = None) -> pdf.RenderedPdf:
    folder = figures(tmp / "figures", "f1a.jpg", "f1b.jpg", "f2.jpg")
    return render_pdf(source, tmp / f"{name}.pdf", JOURNAL, variant, figures_dir=folder, first_page=first_page,
                      issue_date=ISSUE_DATE, queries=queries or [])


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pdf")


@pytest.fixture(scope="module")
def final(out: Path) -> pdf.RenderedPdf:
    return render(out, "final", PROFILE, "final", 571)


@pytest.fixture(scope="module")
def proof(out: Path) -> pdf.RenderedPdf:
    return render(out, "proof", PROFILE, "proof", 571, QUERIES)


@pytest.fixture(scope="module")
def long_final(out: Path) -> pdf.RenderedPdf:
    return render(out, "long-final", long_article(), "final", 572)


# ----- the final PDF of the fixture -----

def test_the_fixture_makes_a_two_page_pdf_with_no_findings(final: pdf.RenderedPdf) -> None:
    assert final.path.read_bytes().startswith(b"%PDF-1.7")
    assert (final.pages, final.article_pages, final.last_page) == (2, 2, 572)
    assert final.findings == []


def test_pages_print_first_page_plus_index_read_from_the_layout(final: pdf.RenderedPdf,
                                                                long_final: pdf.RenderedPdf) -> None:
    assert final.printed_numbers == [571, 572]
    assert long_final.printed_numbers == list(range(572, 572 + long_final.pages))
    assert long_final.pages >= 4


@needs_pdftotext
def test_first_page_prints_the_journals_first_page_block(final: pdf.RenderedPdf) -> None:
    text = " ".join(pdftotext(final.path, 1).split())
    squeezed = re.sub(r"\s", "", text)  # the banner is letter-spaced, as printed: "O R I G I N A L  A R T I C L E"
    assert "ABDOMINAL" in squeezed and "IMAGING" in squeezed and "ORIGINALARTICLE" in squeezed
    for expected in (TITLE, "You may cite this article as:", f"DOI: {DOI}",
                     "Received 09 May 2023; revision requested 16 May 2023; accepted 30 May 2023.",
                     "Epub: 13.06.2023", "Publication date: 21.07.2023",
                     "Copyright@Author(s) - Available online at dirjournal.org.",
                     "PURPOSE", "METHODS", "RESULTS", "CONCLUSION", "KEYWORDS", "Main points",
                     "Pope MC, Olson MC, Flicek KT, et al."):
        assert expected in text, expected
    # the address may break after its dot, as the seed's does ("venkatesh. sudhakar@mayo.edu")
    assert re.search(r"From the Department of Radiology, Division of Abdominal Imaging \(M\.C\.P\., S\.K\.V\. "
                     r"venkatesh\.\s?sudhakar@mayo\.edu\), Mayo Clinic, Minnesota, USA; Department of Radiology, "
                     r"Division of Abdominal Imaging \(N\.J\.P\.\), Mayo Clinic, Florida, USA\.", text)
    for orcid in ORCIDS:
        assert orcid in text
    # the iD markers are links to the ORCID records
    raw = inflated(final.path)
    for orcid in ORCIDS:
        assert f"/URI ({orcid})".encode() in raw


@needs_pdftotext
def test_running_heads_and_page_numbers_as_printed(final: pdf.RenderedPdf, long_final: pdf.RenderedPdf) -> None:
    first, second = page_texts(final.path, 2)
    assert first.split()[0] == "571"
    assert "Diagnostic and Interventional Radiology" not in first.split("\n")[0]
    lines = second.splitlines()
    assert lines[0] == "572 • July 2023 • Diagnostic and Interventional Radiology"
    assert "Pope et al." in lines
    # the long article starts on an even, left-hand page; odd pages carry its running title
    texts = page_texts(long_final.path, long_final.pages)
    for index, text in enumerate(texts):
        number = 572 + index
        head = text.split("\n\n")
        if index == 0:
            assert head[0] == "572"
        elif number % 2:
            assert head[0].splitlines()[0] == f"{RUNNING_TITLE} • {number}"
        else:
            lines = text.splitlines()
            assert lines[0] == f"{number} • July 2023 • Diagnostic and Interventional Radiology"
            assert "Pope et al." in lines


@needs_pdftotext
def test_long_table_repeats_its_header_row_on_the_next_page(long_final: pdf.RenderedPdf) -> None:
    texts = page_texts(long_final.path, long_final.pages)
    with_rows = [i for i, text in enumerate(texts) if re.search(r"Finding \d+ \(", text)]
    assert len(with_rows) >= 2, "the table should run over a page break"
    for index in with_rows:
        assert "All (n = 219)" in texts[index]
    assert "Finding 1 (" in texts[with_rows[0]] and "Finding 70 (" in texts[with_rows[-1]]
    whole = " ".join(" ".join(texts).split()).replace("doi: ", "doi:")  # a line may break after "doi:"
    assert "Table 2. Findings at the final follow-up by primary tumor" in whole
    assert "Figure 2. Severe changes at 10 months." in whole
    assert "Conflict of interest disclosure" in whole and "Acknowledgements" in whole
    # AMA: more than six authors -> three and et al; year;volume(issue):pages; doi
    assert ("AuthorA AJ, AuthorB BJ, AuthorC CJ, et al. Pseudocirrhosis in metastatic disease, part 3. "
            "Abdom Radiol. 2020;43(2):300-309. doi:10.1007/s00261-020-03") in whole
    assert "Economopoulos KJ, Brockmeier SF. Rotator cuff tears in overhead athletes. Clin Sports Med." in whole
    assert "last revision received 22 May 2023" in whole
    assert "(H.D., Ö.T.E., S.G., A.İ.), Koç University Hospital, İstanbul, Türkiye." in whole


def test_final_is_tagged_pdf_ua_with_the_articles_metadata(final: pdf.RenderedPdf) -> None:
    raw = inflated(final.path)
    assert b"/StructTreeRoot" in raw and b"/MarkInfo" in raw
    assert b"pdfuaid:part" in raw or b'pdfuaid:part="1"' in raw
    assert b"/Lang (en)" in raw
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(final.path)], check=True, capture_output=True, text=True).stdout
        assert f"Title:           {TITLE}" in info
        assert "Author:          Matthew C. Pope, Neema J. Patel, Sudhakar K. Venkatesh" in info
        assert "Tagged:          yes" in info
        assert DOI in info  # subject and keywords
        assert "CreationDate:    Tue Jun 13 00:00:00 2023 UTC" in info  # the Epub, not the clock


def test_archive_variant_is_pdf_a(out: Path) -> None:
    archive = render(out, "archive", PROFILE, "archive", 571)
    raw = inflated(archive.path)
    assert b"pdfaid:part" in raw and b"/OutputIntents" in raw and b"/StructTreeRoot" in raw
    assert archive.pages == 2 and archive.findings == []


def test_archive_copy_is_written_from_the_final_layout(out: Path) -> None:
    """The archive copy written from the final PDF's layout is, byte for byte, the archive laid out on its own (and
    the final PDF the final alone), for one layout of the article instead of two."""
    from pipeline.render import engine_count

    before = engine_count.snapshot()
    alone = render(out, "alone", PROFILE, "final", 571)
    final_layouts = engine_count.since(before)["layouts"]
    before = engine_count.snapshot()
    render_pdf(PROFILE, out / "alone.archive.pdf", JOURNAL, "archive", figures_dir=out / "figures", first_page=571,
               issue_date=ISSUE_DATE, placement=alone.placement)
    assert engine_count.since(before)["layouts"] >= 1
    before = engine_count.snapshot()
    both = render_pdf(PROFILE, out / "both.pdf", JOURNAL, "final", figures_dir=out / "figures", first_page=571,
                      issue_date=ISSUE_DATE, copies={"archive": out / "both.archive.pdf"})
    counts = engine_count.since(before)
    assert both.copies == {"archive": out / "both.archive.pdf"}
    assert (out / "both.pdf").read_bytes() == (out / "alone.pdf").read_bytes()
    assert (out / "both.archive.pdf").read_bytes() == (out / "alone.archive.pdf").read_bytes()
    assert b"pdfaid:part" in inflated(out / "both.archive.pdf") and b"pdfaid" not in inflated(out / "both.pdf")
    assert counts["writes"] == 2 and counts["layouts"] <= final_layouts  # the copy costs a write, no layout


def test_a_later_layout_of_the_same_text_replays_its_decisions_in_one_layout(out: Path) -> None:
    """Pagination lays an article out again with its pages: the decisions of the layout before (floats, table parts,
    the tables' fits) are replayed, in one layout and no measuring one, and make the same file."""
    from pipeline.render import engine_count

    first = render(out, "decided", PROFILE, "final", 571)
    assert first.placement == "f1:column" and first.top_floats == ""  # the profile's table, fitted in a column
    before = engine_count.snapshot()
    again = render_pdf(PROFILE, out / "replayed.pdf", JOURNAL, "final", figures_dir=out / "figures", first_page=571,
                       issue_date=ISSUE_DATE, placement=first.placement)
    assert engine_count.since(before)["layouts"] == 1
    assert again.placement == first.placement
    assert (out / "replayed.pdf").read_bytes() == (out / "decided.pdf").read_bytes()


def test_the_final_pdf_and_its_archive_copy_are_written_from_the_proofs_layout(out: Path,
                                                                              final: pdf.RenderedPdf) -> None:
    """The render stage lays an article out once: the proof (its query markers out of the flow), then the final PDF
    and its archive copy from the same pages without the markers. They read as the final PDF laid out on its own,
    page for page, and carry nothing of the proof: no marker's destination, no element of its own in the tags."""
    import pikepdf

    from pipeline.render import engine_count
    from pipeline.render.pdf_queries import marker_id

    before = engine_count.snapshot()
    made = render_pdf(PROFILE, out / "one.proof.pdf", JOURNAL, "proof", figures_dir=out / "figures", first_page=571,
                      issue_date=ISSUE_DATE, queries=QUERIES, placement=final.placement,
                      copies={"final": out / "one.pdf", "archive": out / "one.archive.pdf"})
    counts = engine_count.since(before)
    assert counts["layouts"] == 1 and counts["writes"] == 3  # the proof's article pages, the final, the archive
    assert made.copies == {"final": out / "one.pdf", "archive": out / "one.archive.pdf"}
    assert made.article_pages == final.article_pages == 2 and len(made.queries) == len(QUERIES)
    assert page_texts(out / "one.pdf", 2) == page_texts(final.path, 2)
    assert b"pdfaid:part" in inflated(out / "one.archive.pdf") and b"pdfaid" not in inflated(out / "one.pdf")
    with pikepdf.open(out / "one.pdf") as copy, pikepdf.open(final.path) as alone, \
            pikepdf.open(out / "one.proof.pdf") as proof:
        def destinations(pdf) -> set[str]:
            names = pdf.Root.Names.Dests.Names if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names else []
            return {str(name) for name in list(names)[::2]}

        def elements(pdf) -> list[str]:
            found = []

            def walk(element) -> None:
                found.append(str(element.get("/S", "")))
                kids = element.get("/K")
                for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
                    if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                        walk(kid)
            walk(pdf.Root.StructTreeRoot)
            return found

        marks = {marker_id(query.number) for query in QUERIES}
        assert marks & destinations(proof)  # the proof has them
        assert destinations(copy) == destinations(alone) and not marks & destinations(copy)
        assert elements(copy) == elements(alone)
        assert len(copy.pages) == len(alone.pages) == 2


def test_only_a_variant_written_from_this_one_is_a_copy(out: Path) -> None:
    with pytest.raises(PipelineError) as error:
        render_pdf(PROFILE, out / "x.pdf", JOURNAL, "final", figures_dir=out / "figures", first_page=571,
                   issue_date=ISSUE_DATE, copies={"proof": out / "x.proof.pdf"})
    assert error.value.finding.code == "build.internal" and not (out / "x.pdf").exists()


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts (poppler-utils) is not installed")
def test_fonts_are_embedded_and_only_the_configured_ones(final: pdf.RenderedPdf, long_final: pdf.RenderedPdf) -> None:
    for made in (final, long_final):
        listing = subprocess.run(["pdffonts", str(made.path)], check=True, capture_output=True, text=True).stdout
        rows = listing.splitlines()[2:]
        assert rows
        for row in rows:
            name = row.split()[0]
            assert re.match(r"^[A-Z]{6}\+Print-(Sans|Math|Mono)", name), row
            emb, _subset, uni = row.split()[-5:-2]
            assert (emb, uni) == ("yes", "yes"), row


# ----- characters -----

def test_turkish_greek_and_math_characters_all_have_glyphs(long_final: pdf.RenderedPdf) -> None:
    assert long_final.findings == []
    for char in MATH_TEXT.replace(" ", "") + "ğşıİ≤≥±×−–↑↓αβχ":
        assert covers(FACES, ["Print Sans", "Print Math"], 400, "normal", char), char
        assert covers(FACES, ["Print Sans", "Print Math"], 700, "italic", char), char


@needs_pdftotext
def test_special_characters_and_math_read_back_from_the_pdf(long_final: pdf.RenderedPdf) -> None:
    whole = " ".join(pdftotext(long_final.path).split())
    assert f"Characters of the manuscript: {MATH_TEXT}." in whole
    assert "H2O, ±2, ≤ 50%, Ömer, Şebnem, β" in whole
    assert "χ" in whole and "∑" in whole and "√" in whole


def test_a_character_no_font_has_is_a_finding(out: Path) -> None:
    root = profile()
    root.find("body/p").text = "Characters no configured font has: \u4e2d and \u0915."
    made = render(out, "missing-glyph", root, "final", 571)
    codes = [(f.code, f.message) for f in made.findings]
    assert any(code == "render.missing-glyph" and "U+4E2D" in message for code, message in codes), codes
    assert any("U+0915" in message for _, message in codes), codes


# ----- proofs -----

# The proof itself (cover, flags, line numbers, answer fields, tagging): tests/render/test_proof.py.

def test_queries_only_in_variants_that_print_them(out: Path) -> None:
    with pytest.raises(PipelineError) as error:
        render(out, "final-with-queries", PROFILE, "final", 571, QUERIES)
    assert error.value.finding.code == "build.internal"


def test_query_flags_are_printed_once(proof: pdf.RenderedPdf) -> None:
    assert [f for f in proof.findings if "Anchor" in f.message] == []
    assert proof.findings == []


# ----- determinism and failures -----

def test_same_input_same_bytes(out: Path, final: pdf.RenderedPdf, proof: pdf.RenderedPdf) -> None:
    again = render(out / "again", "final", PROFILE, "final", 571)
    assert again.path.read_bytes() == final.path.read_bytes()
    proof_again = render(out / "again", "proof", PROFILE, "proof", 571, QUERIES)
    assert proof_again.path.read_bytes() == proof.path.read_bytes()


def test_the_tree_given_is_not_changed(out: Path) -> None:
    root = profile()
    before = etree.tostring(root)
    render(out, "tree", root, "proof", 571, QUERIES)
    assert etree.tostring(root) == before


def test_unknown_variant_and_missing_figures_fail_loudly(out: Path, tmp_path: Path) -> None:
    with pytest.raises(PipelineError) as error:
        render(out, "x", PROFILE, "draft", 571)
    assert error.value.finding.code == "build.internal"
    with pytest.raises(PipelineError) as error:
        render_pdf(PROFILE, tmp_path / "x.pdf", JOURNAL, "final", figures_dir=tmp_path / "none", first_page=571,
                   issue_date=ISSUE_DATE)
    assert error.value.finding.code == "input.missing-file"
    assert "f1a.jpg" in error.value.finding.message
    assert not (tmp_path / "x.pdf").exists()


def test_font_table_faces_exist() -> None:
    from pipeline.render.pdf_fonts import font_path

    for face in FACES:
        assert font_path(face).is_file()


def test_an_article_without_epub_prints_only_the_publication_date(out: Path) -> None:
    root = profile()
    meta = root.find("front/article-meta")
    epub = meta.find("pub-date[@date-type='pub']")
    for tag, value in (("day", "21"), ("month", "07"), ("year", "2023")):
        epub.find(tag).text = value
    epub.set("iso-8601-date", "2023-07-21")
    html = pdf.print_html(root, JOURNAL, pdf.VARIANTS["final"], first_page=571, issue_date=ISSUE_DATE).decode()
    assert "Epub:" not in html and "Publication date: 21.07.2023" in html
    copy_root = copy.deepcopy(profile())
    html = pdf.print_html(copy_root, JOURNAL, pdf.VARIANTS["final"], first_page=571, issue_date=ISSUE_DATE).decode()
    assert "Epub: 13.06.2023" in html


def test_lost_text_is_found_by_comparing_html_and_layout(out: Path) -> None:
    from pipeline.render.pdf_text import lost_letters

    html = (b'<html><body><p>Kept text 12</p><p style="display: none">Lost words</p>'
            b'<ol><li>item</li></ol></body></html>')
    document = pdf._layout(html, out, JOURNAL)
    assert lost_letters(html, document) == Counter("lostwords")


def test_a_long_author_list_runs_on_without_losing_the_first_page(out: Path) -> None:
    root = profile()
    group = root.find("front/article-meta/contrib-group")
    last = group.findall("contrib")[-1]
    for i in range(24):
        contrib = fragment(f'<contrib contrib-type="author"><name><surname>Yıldız{i}</surname><given-names>Zeynep '
                           f'Nur</given-names></name><xref ref-type="aff" rid="affx{i}"/></contrib>')
        last.addnext(contrib)
        last = contrib
        group.append(fragment(f'<aff id="affx{i}"><institution content-type="dept">Department of Radiology'
                              f"</institution>, <institution>Hospital {i}</institution>, "
                              f"<country>Türkiye</country></aff>"))
    made = render(out, "many-authors", root, "final", 571)
    assert made.findings == [] and made.printed_numbers == list(range(571, 571 + made.pages))
    if shutil.which("pdftotext"):
        first = " ".join(pdftotext(made.path, 1).split())
        assert TITLE in first and "You may cite this article as:" in first and "Yıldız10" in first
        assert "(Z.N.Y.), Hospital 23, Türkiye." in " ".join(pdftotext(made.path).split())


def test_running_heads_print_any_title_as_text(out: Path) -> None:
    from pipeline.render.pdf_pages import margin_texts

    root = profile()
    hostile = 'A "quoted" \\ title </style><b>not bold</b>'
    root.find("front/article-meta/title-group").append(el("alt-title", hostile, **{"alt-title-type": "running-head"}))
    folder = figures(out / "figures")
    html = pdf.print_html(root, JOURNAL, pdf.VARIANTS["final"], first_page=570, issue_date=ISSUE_DATE)
    document = pdf._layout(html, folder, JOURNAL)
    assert margin_texts(document.pages[1])["@top-right"] == f"{hostile} • 571"
