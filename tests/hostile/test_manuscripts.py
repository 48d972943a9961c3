"""Hostile and broken manuscripts through `python -m pipeline convert`, as production staff run it (issue 16).

Each case is made at run time (tests/hostile/cases.py) and must end with exit status 1, one error whose code and
words say what the file is or which limit it passed, no traceback, no JATS written, and a cost within the budget
below, measured on the process itself (tests/hostile/measure.py). Before the limits, the 2.5 GiB part reached
5.3 GB resident in 26 s, and the 1,500-deep document and the 5 MB paragraph went on to pandoc and the layout.

The budgets are ceilings that catch a blow-up (gigabytes, minutes), not speed targets: each case costs about a
second and under 60 MB when it is refused before anything large is read.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.config import load_journal
from pipeline.ingest import convert
from tests.conftest import PROJECT, SAMPLE_ISSUE
from tests.hostile import cases
from tests.hostile.measure import run_pipeline
from tests.ingest.wordxml import make_docx, manuscript, p

JOURNAL = load_journal(PROJECT / "config" / "journals" / "dir.yaml")
MEMORY_BUDGET_MB = 400  # the pipeline itself takes about 170 MB to convert a manuscript
TIME_BUDGET_S = 90

Maker = Callable[[Path], Path]

REFUSED: list[tuple[str, Maker, str, str]] = [
    # (case, how it is made, finding code, what the message says)
    ("zip64 bomb 2.5 GiB", lambda d: cases.zip64_bomb(d / "bomb.docx"), "input.over-limit",
     "the Word file unpacks to 2,560.… MB, over the limit of 300 MB (limits.unpacked_mb in the journal config); "
     "nothing of it was read"),
    ("part over its size", lambda d: cases.with_zeros_part(d / "big-part.docx", 150), "input.over-limit",
     "the part word/media/image1.png of the Word file unpacks to 150.0 MB, over the limit of 100 MB for one part"),
    ("compression ratio", lambda d: cases.with_zeros_part(d / "ratio.docx", 50), "input.over-limit",
     "the part word/media/image1.png of the Word file is packed 1,029 times smaller than it unpacks (50.0 MB), "
     "over the limit of 200"),
    ("directory that lies", lambda d: cases.lying_directory(d / "lying.docx"), "input.not-docx",
     "the Word file is damaged: its part word/document.xml cannot be unpacked (its content does not match its "
     "checksum)"),
    ("20,000 parts", lambda d: cases.many_parts(d / "parts.docx"), "input.over-limit",
     "the Word file holds 20,000 parts"),
    ("nested 1,500 deep", cases.deep_nesting, "input.over-limit",
     "the Word file's word/document.xml nests elements more than 100 deep (limits.nesting_depth"),
    ("5 MB paragraph", cases.huge_paragraph, "input.over-limit",
     "the paragraph has 5,000,003 characters, over the limit of 100,000 for one paragraph"),
    ("table of 10,100 cells", cases.huge_table, "input.over-limit",
     "the table has 10,100 cells, over the limit of 10,000 for one table"),
    ("600 references", cases.many_references, "input.over-limit",
     "the reference list has 600 entries, over the limit of 500 (limits.references"),
    ("Word 97-2003 .doc", lambda d: cases.legacy_doc(d / "manuscript.docx"), "input.not-docx",
     "this is an old-format Word document (.doc, Word 97-2003), not a .docx: open it in Word and save it as Word "
     "Document (.docx)"),
    ("password-protected .docx", lambda d: cases.encrypted_docx(d / "manuscript.docx"), "input.not-docx",
     "this Word file is protected with a password (it is encrypted), so it cannot be read: ask the author to remove "
     "the password"),
    ("Word lock file", lambda d: cases.lock_file(d / "~$nuscript.docx"), "input.not-docx",
     "this is a lock file that Word leaves beside a document while it is open"),
    ("Flat OPC XML", lambda d: cases.flat_opc(d / "manuscript.docx"), "input.not-docx",
     "this is a Word XML Document (one XML file, Word's “Word XML Document (*.xml)” format), not a .docx"),
    ("HTML saved as .doc", lambda d: cases.word_html(d / "manuscript.doc"), "input.not-docx",
     "this is a web page (HTML) that Word saved (“Web Page” format) with a Word name, not a .docx"),
    ("OpenDocument text", lambda d: cases.odt(d / "manuscript.docx"), "input.not-docx",
     "this is an OpenDocument text (.odt, from LibreOffice or OpenOffice), not a .docx"),
    ("Excel workbook", lambda d: cases.xlsx(d / "manuscript.docx"), "input.not-docx",
     "this is an Excel workbook, not a Word document"),
    ("RTF", lambda d: _bytes(d / "manuscript.docx", b"{\\rtf1\\ansi Imaging of small things}"), "input.not-docx",
     "this is a Rich Text (RTF) file, not a .docx"),
    ("PDF", lambda d: _bytes(d / "manuscript.docx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), "input.not-docx",
     "this is a PDF, not a .docx: ask for the Word file of the manuscript"),
    ("plain text", lambda d: _bytes(d / "manuscript.docx", b"Imaging of small things\n"), "input.not-docx",
     "this is a plain text file, not a Word .docx file that can be opened"),
    ("empty file", lambda d: _bytes(d / "manuscript.docx", b""), "input.not-docx", "the file is empty (0 bytes)"),
    ("cut short", lambda d: _bytes(d / "manuscript.docx", cases.small_manuscript(d, "whole.docx").read_bytes()[:3000]),
     "input.not-docx", "the file is a damaged or incomplete Word file (the file is cut short"),
    ("a folder", lambda d: _folder(d / "manuscript.docx"), "input.not-docx", "this is a folder, not a Word file"),
]


def _says(line: str, words: str) -> bool:
    """`words` are in `line`, "…" standing for anything."""
    at = 0
    for piece in words.split("…"):
        at = line.find(piece, at)
        if at < 0:
            return False
        at += len(piece)
    return True


def _bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


@pytest.mark.parametrize(("make", "code", "says"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_a_hostile_manuscript_is_refused_clearly_within_budget(tmp_path: Path, make: Maker, code: str,
                                                                says: str) -> None:
    manuscript_file = make(tmp_path)
    out = tmp_path / "out" / "article.xml"
    out.parent.mkdir()
    before = sorted(tmp_path.rglob("*"))

    run = run_pipeline("convert", "--journal", "dir", str(manuscript_file), "-o", str(out))

    assert run.status == 1, run.output
    assert "Traceback" not in run.output
    (line,) = [line for line in run.stderr.splitlines() if line.startswith("ERROR")]
    assert line.startswith(f"ERROR [{code}] {manuscript_file}") and _says(line, says), line
    assert sorted(tmp_path.rglob("*")) == before, "nothing written, no JATS, no temporary file left"
    assert run.peak_mb < MEMORY_BUDGET_MB and run.seconds < TIME_BUDGET_S, (run.peak_mb, run.seconds)


# --- files Word opens: the main part found through the relationships, Strict Open XML read --------------------------

TRACKED = ('<w:p><w:r><w:t>Small things</w:t></w:r></w:p>'
           '<w:p><w:r><w:t xml:space="preserve">Imaging of small things in </w:t></w:r>'
           '<w:ins w:id="1" w:author="A" w:date="2023-01-01T00:00:00Z"><w:r><w:t>twelve</w:t></w:r></w:ins>'
           '<w:del w:id="2" w:author="A" w:date="2023-01-01T00:00:00Z"><w:r><w:delText>ten</w:delText></w:r></w:del>'
           '<w:r><w:t xml:space="preserve"> patients.</w:t></w:r>'
           '<w:commentRangeStart w:id="0"/><w:r><w:t xml:space="preserve"> Findings were small.</w:t></w:r>'
           '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>')
COMMENT = '<w:comment w:id="0" w:author="B"><w:p><w:r><w:t>Are they?</w:t></w:r></w:p></w:comment>'
WORDS = 12  # "Small things", "Imaging of small things in twelve patients. Findings were small.": "ten" is deleted


@pytest.mark.parametrize(("main", "target", "strict"), [
    ("word/document.xml", None, True),  # Word's "Strict Open XML Document": found 0 words before
    ("word/document2.xml", "/word/document2.xml", False),  # pandoc's alternate_document_path.docx: refused before
    ("word/blah_blah.xml", "word/blah_blah.xml", False),  # docx2python's renamed_document_xml.docx: refused before
    ("word/blah_blah.xml", "word/blah_blah.xml", True),
], ids=["strict", "absolute target", "renamed main part", "strict and renamed"])
def test_what_word_opens_is_read_whole(tmp_path: Path, main: str, target: str | None, strict: bool) -> None:
    path = cases.hand_made_docx(tmp_path / "manuscript.docx", TRACKED, main=main, target=target, strict=strict,
                                comments=COMMENT)

    result = convert(path, [], JOURNAL, None)

    assert (result.stats["words"], result.stats["found"], result.stats["lost"]) == (WORDS, WORDS, 0)
    text = " ".join(result.article.itertext())
    assert "twelve" in text and "ten" not in text.split()
    messages = {f.code: f.message for f in result.findings}
    assert messages["ingest.tracked-changes"].startswith("the manuscript still has tracked changes (1 insertions, "
                                                         "1 deletions")
    assert messages["ingest.comments"].startswith("1 Word comment(s) were dropped")


def test_the_sample_manuscript_saved_as_strict_open_xml_converts_the_same(tmp_path: Path) -> None:
    """A whole real manuscript (the sample issue's 11-deshmukh.docx) in the Strict namespaces, as Word's Save As
    "Strict Open XML Document" writes them: the same article, the same words."""
    source = SAMPLE_ISSUE.parent / "manuscripts" / "11-deshmukh.docx"
    strict = tmp_path / "strict.docx"
    parts = cases.parts_of(source)
    cases.write_zip(strict, {name: _to_strict(data) if name.endswith((".xml", ".rels")) else data
                             for name, data in parts.items()})

    ordinary, converted = convert(source, [], JOURNAL, "Technical Note"), convert(strict, [], JOURNAL, "Technical Note")

    assert converted.stats == ordinary.stats and converted.stats["words"] > 1000
    assert [f.code for f in converted.findings] == [f.code for f in ordinary.findings]


def _to_strict(data: bytes) -> bytes:
    """The transitional namespaces a Word file uses for its text, spelled as Strict Open XML spells them."""
    for transitional, strict in (
            (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/", b"http://purl.oclc.org/ooxml/"
             b"officeDocument/relationships/"),
            (b"http://schemas.openxmlformats.org/wordprocessingml/2006/main", b"http://purl.oclc.org/ooxml/"
             b"wordprocessingml/main"),
            (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships", b"http://purl.oclc.org/ooxml/"
             b"officeDocument/relationships"),
            (b"http://schemas.openxmlformats.org/officeDocument/2006/math", b"http://purl.oclc.org/ooxml/"
             b"officeDocument/math"),
            (b"http://schemas.openxmlformats.org/drawingml/2006/main", b"http://purl.oclc.org/ooxml/drawingml/main")):
        data = data.replace(transitional, strict)
    return data


# --- figure files -----------------------------------------------------------------------------------------------

def test_an_image_bomb_and_a_text_file_named_tif_are_named_and_left_out(tmp_path: Path) -> None:
    """A 30000 x 30000 PNG was "build.internal … DecompressionBombError … please report it" without the figure's
    name; a text file named fig2b.tif was taken as a figure."""
    legends = (p("Figure legends", style="Heading1") + p("Figure 1. A large scan of the abdomen.")
               + p("Figure 2. Small things: (a) before, (b) after."))
    path = make_docx(tmp_path, manuscript(p("See Figure 1 and Figure 2.")) + legends)
    figures = tmp_path / "figures"
    figures.mkdir()
    cases.png_header(figures / "fig1.png", 30000, 30000)
    cases.png_header(figures / "fig2a.png", 800, 600)
    (figures / "fig2b.tif").write_text("this is not an image\n", encoding="utf-8")

    run = run_pipeline("convert", "--journal", "dir", str(path), "-o", str(tmp_path / "out.xml"), "--figures",
                       str(figures))

    assert run.status == 1 and "Traceback" not in run.output
    assert (f"ERROR [input.over-limit] {figures / 'fig1.png'}: the figure file fig1.png is 30,000 × 30,000 pixels, "
            "900 megapixels, over the limit of 100 megapixels (limits.image_pixels in the journal config); it is "
            "left out and was not decoded") in run.stdout
    assert (f"ERROR [input.bad-image] {figures / 'fig2b.tif'}: the figure file fig2b.tif is not an image: it holds "
            "text; it is left out") in run.stdout
    assert run.peak_mb < MEMORY_BUDGET_MB, run.peak_mb  # decoded, the bomb would take 2.7 GB
    assert (tmp_path / "out.xml").is_file()  # the rest of the article converts


# --- where convert writes -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("target", "says"), [
    ("{manuscript}", "this is the input manuscript.docx: writing the JATS there would destroy it"),
    ("{folder}", "this is a folder: give the name of the file to write"),
    ("{folder}/no/such/folder/article.xml", "the folder {folder}/no/such/folder does not exist"),
    ("/proc/article.xml", "the folder /proc cannot be written to"),
], ids=["over its input", "a folder", "a missing folder", "an unwritable place"])
def test_convert_writes_only_where_it_was_told(tmp_path: Path, target: str, says: str) -> None:
    """`convert m.docx -o m.docx` overwrote the manuscript with XML; -o DIR and an unwritable folder were
    tracebacks."""
    path = cases.small_manuscript(tmp_path)
    original = path.read_bytes()
    where = {"manuscript": str(path), "folder": str(tmp_path)}
    before = sorted(tmp_path.rglob("*"))

    run = run_pipeline("convert", "--journal", "dir", str(path), "-o", target.format(**where))

    assert run.status == 2 and "Traceback" not in run.output
    assert f"ERROR [config.invalid] {target.format(**where)}: {says.format(**where)}" in run.stderr
    assert path.read_bytes() == original
    assert sorted(tmp_path.rglob("*")) == before
