"""Every inline formatting combination Word allows, with line breaks in every position, in every place a
manuscript puts text (a table cell, a list in a cell, a heading, a table title, a figure legend, a list item,
a footnote): the JATS ingest makes is valid against the JATS 1.3 DTD and keeps every word.

issue 17: a line break inside bold text in a table cell gave 28 "Element break is not declared in bold list of
possible children" errors in one summary-of-findings table; a list item's content broke the DTD's model.
The Word files are made with python-docx (tests/ingest/wordxml.py), one per place, each holding the whole
matrix of formats and break positions, so that a combination missed anywhere fails its place's test.
"""

from __future__ import annotations

import itertools
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from lxml import etree

from pipeline.config import load_journal
from pipeline.ingest import IngestResult, convert, repair
from pipeline.ingest.blocks import words_of
from tests.conftest import PROJECT
from tests.ingest.wordxml import bookmark, make_docx, manuscript, p, table

JOURNAL = load_journal(PROJECT / "config" / "journals" / "dir.yaml")

# Run properties of each format Word offers (w:rPr children), alone and nested.
FORMATS: dict[str, str] = {
    "bold": "<w:b/>",
    "italic": "<w:i/>",
    "underline": '<w:u w:val="single"/>',
    "sub": '<w:vertAlign w:val="subscript"/>',
    "sup": '<w:vertAlign w:val="superscript"/>',
    "smallcaps": "<w:smallCaps/>",
    "strike": "<w:strike/>",
    "bold-italic": "<w:b/><w:i/>",
    "bold-sup": '<w:b/><w:vertAlign w:val="superscript"/>',
    "italic-underline-sub": '<w:i/><w:u w:val="single"/><w:vertAlign w:val="subscript"/>',
    "bold-smallcaps-underline": '<w:b/><w:smallCaps/><w:u w:val="single"/>',
}
# Where the break stands in the formatted run.
# "alone": the break in a run of its own with the same formatting (Word writes it so after Shift+Enter);
# "between": the break in an unformatted run between two formatted ones.
POSITIONS = ("middle", "start", "end", "twice", "alone", "between")
LINKED = ("link", "link-bold")  # a link (to a bookmark) around the formatted text


def _run(props: str, inner: str) -> str:
    return f"<w:r><w:rPr>{props}</w:rPr>{inner}</w:r>"


def _t(text: str) -> str:
    return f'<w:t xml:space="preserve">{escape(text)}</w:t>'


def formatted(props: str, position: str, word: str) -> str:
    """One formatted run with line breaks where `position` says, its words `<word>a` and `<word>b`."""
    a, b = _t(f"{word}a"), _t(f"{word}b")
    if position == "alone":
        return _run(props, a) + _run(props, "<w:br/>") + _run(props, b)
    if position == "between":
        return _run(props, a) + "<w:r><w:br/></w:r>" + _run(props, b)
    inner = {"middle": a + "<w:br/>" + b, "start": "<w:br/>" + a + _t(" ") + b, "end": a + _t(" ") + b + "<w:br/>",
             "twice": a + "<w:br/><w:br/>" + b}[position]
    return _run(props, inner)


def combinations() -> list[tuple[str, str]]:
    """(name, runs) of every format and position, plain runs around them, and links around formatted text."""
    out = []
    for n, (fmt, position) in enumerate(itertools.product(FORMATS, POSITIONS)):
        word = f"w{n}"
        out.append((f"{fmt}/{position}", _t_run(f"{word}x ") + formatted(FORMATS[fmt], position, word)
                    + _t_run(f" {word}y")))
    for m, (kind, position) in enumerate(itertools.product(LINKED, POSITIONS), start=len(out)):
        word = f"w{m}"
        props = "<w:b/>" if kind == "link-bold" else ""
        out.append((f"{kind}/{position}", _t_run(f"{word}x ") + f'<w:hyperlink w:anchor="target">'
                    f"{formatted(props, position, word)}</w:hyperlink>" + _t_run(f" {word}y")))
    return out


def _t_run(text: str) -> str:
    return f"<w:r>{_t(text)}</w:r>"


def bullet(runs: str) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="ListBullet"/></w:pPr>{runs}</w:p>'


def heading(runs: str, style: str, numbered: bool = False) -> str:
    numbering = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>' if numbered else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{numbering}</w:pPr>{runs}</w:p>'


def footnote_reference(number: int) -> str:
    return f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{number}"/></w:r>'


TARGET = p("The target paragraph.", runs=bookmark("target", 900))


def place(kind: str) -> tuple[str, str, dict[int, str]]:
    """(main text, back matter, footnotes) of a manuscript holding the whole matrix in one kind of place."""
    combos = combinations()
    if kind == "table-cell":
        rows = [[p(runs=runs) for _, runs in combos[i:i + 2]] for i in range(0, len(combos) - 1, 2)]
        return p("See Table 1.") + p("Table 1. Combinations") + table(rows, header_rows=1) + TARGET, "", {}
    if kind == "list-in-cell":
        cells = [[bullet(runs) + bullet(_t_run("next item"))] for _, runs in combos]
        return p("See Table 1.") + p("Table 1. Lists") + table(cells) + TARGET, "", {}
    if kind == "heading-in-cell":
        rows = [[heading(runs, "Heading3") for _, runs in combos[i:i + 2]] for i in range(0, len(combos) - 1, 2)]
        return p("See Table 1.") + p("Table 1. Headings in cells") + table(rows) + TARGET, "", {}
    if kind == "heading-list-in-cell":
        cells = [[heading(runs, "Heading2", numbered=True) + bullet(_t_run("next item"))] for _, runs in combos]
        return p("See Table 1.") + p("Table 1. Numbered headings") + table(cells) + TARGET, "", {}
    if kind == "heading":
        body = "".join(f'<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr>{runs}</w:p>' + p(f"Text {n}.")
                       for n, (_, runs) in enumerate(combos))
        return body + TARGET, "", {}
    if kind == "table-title":
        body = "".join(p(f"See Table {n}.") + p("", runs=_t_run(f"Table {n}. ") + runs)
                       + table([["a", "b"], ["1", "2"]]) for n, (_, runs) in enumerate(combos, start=1))
        return body + TARGET, "", {}
    if kind == "figure-legend":
        mentions = p("See " + ", ".join(f"Figure {n}" for n in range(1, len(combos) + 1)) + ".")
        legends = p("Figure legends", style="Heading1") + "".join(
            p("", runs=_t_run(f"Figure {n}. ") + runs) for n, (_, runs) in enumerate(combos, start=1))
        return mentions + TARGET, legends, {}
    if kind == "quote-in-list":  # a numbered paragraph in Word's Quote style: pandoc's disp-quote in a list item
        return "".join(bullet(_t_run("item")) + heading(runs, "Quote", numbered=True) for _, runs in combos) \
            + TARGET, "", {}
    if kind == "list-item":
        return "".join(bullet(runs) for _, runs in combos) + TARGET, "", {}
    if kind == "footnote":
        notes = {n: runs for n, (_, runs) in enumerate(combos, start=2)}
        body = "".join(p(f"Sentence {n}.", runs=footnote_reference(n)) for n in notes)
        return body + TARGET, "", notes
    if kind == "paragraph":
        return "".join(p("", runs=runs) for _, runs in combos) + TARGET, "", {}
    raise ValueError(kind)


PLACES = ("table-cell", "list-in-cell", "heading-in-cell", "heading-list-in-cell", "heading", "table-title",
          "figure-legend", "quote-in-list", "list-item", "footnote", "paragraph")


def build(folder: Path, kind: str) -> Path:
    main, back, notes = place(kind)
    path = make_docx(folder, manuscript(main, back), name=f"{kind}.docx")
    if notes:
        add_footnotes(path, notes)
    return path


FOOTNOTES_PART = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                  '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                  '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                  '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
                  "</w:p></w:footnote>{notes}</w:footnotes>")


def add_footnotes(path: Path, notes: dict[int, str]) -> None:
    """Give the Word file a footnotes part (python-docx writes none) with these footnotes' runs."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    body = "".join(f'<w:footnote w:id="{n}"><w:p><w:r><w:footnoteRef/></w:r>{runs}</w:p></w:footnote>'
                   for n, runs in notes.items())
    parts["word/footnotes.xml"] = FOOTNOTES_PART.format(notes=body).encode("utf-8")
    types = parts["[Content_Types].xml"].decode("utf-8")
    parts["[Content_Types].xml"] = types.replace("</Types>", (
        '<Override PartName="/word/footnotes.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')).encode("utf-8")
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    parts["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", (
        '<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/footnotes" Target="footnotes.xml"/></Relationships>')).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for part, data in parts.items():
            z.writestr(part, data)


def convert_place(folder: Path, kind: str) -> IngestResult:
    return convert(build(folder, kind), [], JOURNAL, None)


@pytest.mark.parametrize("kind", PLACES)
def test_every_inline_combination_gives_valid_jats_and_keeps_its_words(tmp_path: Path, kind: str) -> None:
    result = convert_place(tmp_path, kind)
    bad = [str(f) for f in result.findings if f.code in ("validate.dtd", "ingest.lost-text")]
    assert not bad, "\n".join(bad)
    assert result.stats["lost"] == 0
    words = set(words_of(result.article).split())  # a line break separates words
    for n, (name, _) in enumerate(combinations()):
        for part in "ab":
            assert f"w{n}{part}" in words, f"{kind}, {name}: the word w{n}{part} is not a word of the JATS"


def test_the_elements_that_may_hold_a_break_are_the_dtds() -> None:
    """repair.BREAK_HOLDERS is read off the JATS 1.3 Publishing DTD the pipeline validates against."""
    from pipeline.validate.schemas import JATS_DTD, _dtd

    def names(content) -> set[str]:  # the element names a DTD content model mentions
        if content is None:
            return set()
        return ({content.name} if content.name else set()) | names(content.left) | names(content.right)

    allowed = {e.name for e in _dtd(JATS_DTD).elements() if "break" in names(e.content)}
    assert allowed == repair.BREAK_HOLDERS


@pytest.mark.parametrize(("before", "after"), [
    ("<td><bold>a<break/>b</bold></td>", "<td><bold>a</bold><break/><bold>b</bold></td>"),
    ("<td>x <italic><bold>a<break/></bold>c</italic> y</td>", "<td>x <italic><bold>a</bold></italic><break/>"
                                                           "<italic>c</italic> y</td>"),
    ("<td><sup><break/>a</sup></td>", "<td><break/><sup>a</sup></td>"),
    ("<title><ext-link ext-link-type='uri' href='u'>a<break/>b</ext-link></title>",
     "<title><ext-link ext-link-type=\"uri\" href=\"u\">a</ext-link><break/><ext-link ext-link-type=\"uri\" "
     "href=\"u\">b</ext-link></title>"),
    ("<p>a <bold>b<break/>c</bold> d</p>", "<p>a <bold>b</bold>\nc d</p>".replace("\nc", "\n<bold>c</bold>")),
    ("<list><list-item><title>A <bold>b</bold></title></list-item></list>",
     "<list><list-item><p><bold>A <bold>b</bold></bold></p></list-item></list>"),
])
def test_a_break_moves_out_of_inline_formatting_up_to_what_may_hold_it(before: str, after: str) -> None:
    raw = etree.fromstring(f"<pandoc-jats><pandoc-meta/><body>{before}</body><back/></pandoc-jats>")
    repair.repair(raw)
    assert etree.tostring(raw.find("body")).decode() == f"<body>{after}</body>"


def test_a_line_break_separates_the_words_of_a_heading() -> None:
    """A heading typed "Methods⏎sub" in a structured abstract became the section title "Methodssub", and the
    nothing-lost check reported "methods sub" as lost."""
    from pipeline.ingest.blocks import Block

    heading = Block("heading", etree.fromstring("<title>Methods<break/><bold>sub</bold> and <i>x</i></title>"))
    assert heading.text == "Methods sub and x"
