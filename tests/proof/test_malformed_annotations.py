"""Annotations as careless writers leave them: no /QuadPoints, a broken /Rect, no /Subtype, replies that answer
each other in a loop, an annotation listed twice or written inline, a page whose text cannot be read. Each
is read without a traceback, kept, and counted; a small PDF made here with one line of Helvetica text on each
of two pages."""

from __future__ import annotations

import warnings
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String

from pipeline.proof.annotations import read_returned_proof
from pipeline.proof.page_text import PageText

# "Hello world" in Helvetica 12 pt at (20, 150): "Hello" runs from x 20 to about 47.3
HELLO = [19, 161, 48, 161, 19, 146, 48, 146]


def annot(pdf: pikepdf.Pdf, **entries) -> pikepdf.Object:
    return pdf.make_indirect(Dictionary(Type=Name.Annot, **entries))


@pytest.fixture
def careless(tmp_path: Path) -> Path:
    pdf = pikepdf.new()
    for _ in range(2):
        page = pdf.add_blank_page(page_size=(300, 200))
        font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
        page.Resources = Dictionary(Font=Dictionary(F1=font))
        page.Contents = pdf.make_stream(b"BT /F1 12 Tf 20 150 Td (Hello world) Tj ET")
    first, second = pdf.pages[0].obj, pdf.pages[1].obj
    no_quads = annot(pdf, Subtype=Name.Highlight, Rect=Array([48, 161, 19, 146]), Contents=String("no quads"))
    bad_quads = annot(pdf, Subtype=Name.Underline, Rect=Array([19, 146, 48, 161]),
                      QuadPoints=Array([1, 2, 3, 4, 5, 6, 7]), Contents=String("seven numbers"))
    no_subtype = annot(pdf, Rect=Array([0, 0, 10, 10]), Contents=String("no subtype"))
    no_rect = annot(pdf, Subtype=Name.Text, Contents=42)
    loop_a = annot(pdf, Subtype=Name.Text, Rect=Array([100, 100, 120, 120]), Contents=String("loop a"))
    loop_b = annot(pdf, Subtype=Name.Text, Rect=Array([130, 100, 150, 120]), Contents=String("loop b"), IRT=loop_a)
    loop_a.IRT = loop_b
    popup = annot(pdf, Subtype=Name.Popup, Rect=Array([0, 0, 1, 1]))
    to_popup = annot(pdf, Subtype=Name.Text, Rect=Array([0, 0, 1, 1]), IRT=popup, Contents=String("to a popup"))
    attachment = annot(pdf, Subtype=Name.FileAttachment, Rect=Array([200, 10, 210, 20]),
                       FS=Dictionary(Type=Name.Filespec, UF=String("figure-2-new.tif")), Contents=String("new file"))
    redact = annot(pdf, Subtype=Name.Redact, Rect=Array([19, 146, 48, 161]))
    inline = Dictionary(Type=Name.Annot, Subtype=Name.StrikeOut, Rect=Array([19, 146, 48, 161]),
                        QuadPoints=Array(HELLO))
    first.Annots = Array([no_quads, bad_quads, no_subtype, no_rect, loop_a, loop_b, popup, to_popup, attachment,
                          redact, inline, no_quads, pikepdf.Object.parse(b"null")])
    second.Annots = Array([annot(pdf, Subtype=Name.Highlight, Rect=Array([19, 146, 48, 161]),
                                 QuadPoints=Array(HELLO), Contents=String("on page 2"))])
    parent = pdf.make_indirect(Dictionary(T=String("loop"), FT=Name.Tx))
    parent.Kids = Array([parent])  # a field tree that loops
    pdf.Root.AcroForm = Dictionary(Fields=Array([parent, Dictionary(FT=Name.Tx, V=String("no name"))]))
    unlisted = pdf.make_indirect(Dictionary(FT=Name.Tx, T=String("AQ7"), V=String("answer the form forgot")))
    unlisted_widget = annot(pdf, Subtype=Name.Widget, Parent=unlisted, Rect=Array([200, 100, 280, 120]))
    unlisted.Kids = Array([unlisted_widget])
    second.Annots.append(unlisted_widget)
    path = tmp_path / "careless.pdf"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)  # about the unlisted widget, made on purpose
        pdf.save(path)
    return path


def test_careless_annotations_are_each_read_and_counted(careless: Path) -> None:
    proof = read_returned_proof(careless)
    by_comment = {m.comment.text: m for m in proof.marks}
    assert by_comment["no quads"].marked_text == "Hello"  # /Rect (given upside down) stands for the quads
    assert by_comment["no quads"].details["quads"] == "no /QuadPoints: the rectangle was used"
    assert by_comment["seven numbers"].marked_text == "Hello"
    assert by_comment["no subtype"].kind == "other" and by_comment["no subtype"].details == {"subtype": "(none)"}
    assert by_comment[""].rect.as_list() == [0, 0, 0, 0]  # no /Rect, /Contents not a string
    assert {"loop a", "loop b", "to a popup"} <= set(by_comment)  # replies in a loop, a reply to a popup: marks
    assert by_comment["new file"].details == {"file": "figure-2-new.tif"}
    assert [m.kind for m in proof.marks if m.subtypes == ("Redact",)] == ["other"]
    inline = next(m for m in proof.marks if m.kind == "strike-out")
    assert inline.refs == ("page 1 annotation 11",) and inline.marked_text == "Hello"
    assert by_comment["on page 2"].page == 2 and by_comment["on page 2"].marked_text == "Hello"
    c = proof.counts  # the one listed twice counts once, the null not at all
    assert c.balanced() and c.annotations == 13 and c.popups == 1 and c.form_widgets == 1 and c.marks == 11
    assert [(a.field, a.query, a.value, a.page) for a in proof.answers] == [
        ("AQ7", 7, "answer the form forgot", 2), ("(a field without a name)", None, "no name", None),
        ("loop", None, None, None)]


def test_a_page_whose_text_the_parser_cannot_read_keeps_its_marks_unplaced(careless: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """pdfminer reads almost anything; should it raise on a page, that page's marks stay, saying why."""
    real = PageText.read

    def read(plumber_page, number: int) -> PageText:
        if number == 2:
            raise ValueError("a content stream pdfminer cannot parse")
        return real(plumber_page, number)

    monkeypatch.setattr(PageText, "read", staticmethod(read))
    proof = read_returned_proof(careless)
    on_two = next(m for m in proof.marks if m.page == 2)
    assert on_two.unplaced == "the text of page 2 could not be read" and on_two.comment.text == "on page 2"
    assert next(m for m in proof.marks if m.comment.text == "no quads").marked_text == "Hello"
