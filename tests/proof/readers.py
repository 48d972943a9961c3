"""Annotations written into a real proof the way PDF readers write them, for the tests of the proof reader.

Each function adds what one reader saves for one kind of mark (ISO 32000-1 12.5.6, and the readers' own habits):

- Acrobat Reader: /T author, /Subj, /NM, /CreationDate and /M as D:YYYYMMDDHHmmSS+hh'mm', /Contents and the
  same words again as XHTML in /RC, a /Popup; quads top-left, top-right, bottom-left, bottom-right. Replace
  text: a Caret (/IT /Replace, the new text) with a StrikeOut (/IT /StrikeOutTextEdit, /IRT the caret, /RT
  /Group). Replies: Text annotations with /IRT; review states: /StateModel /Review, /State, hidden.
- macOS Preview: dates with Z00'00', no /RC, an AAPL:AKExtras dictionary, quads in the specification's
  counterclockwise order (bottom-left first); a note on a mark is the mark's own /Contents. No caret: to
  replace words, a strike-out with the new words in its note.
- Okular and Evince (poppler): /T and /Contents as UTF-16BE, /NM okular-..., /Name /Note; a typewriter is
  FreeText with /IT /FreeTextTypeWriter; strike-out with the new words in its pop-up note.
- Firefox (pdf.js): FreeText with /DA and /Contents only, no author; Ink with /InkList, /BS, /CA; Highlight with
  quads and /CA; Stamp (an image). Forms: /V set on the field.
- PDF-XChange and Foxit: replace text with the strike-out as the primary and the caret grouped to it.

Where a mark goes comes from the page's own text, found with pdfplumber's search (not with the code under test),
so the tests can say what text each mark covers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pikepdf
from pikepdf import Array, Dictionary, Name, String

ACROBAT_DATE = "D:20240502101112+02'00'"
PREVIEW_DATE = "D:20240503081500Z00'00'"
OKULAR_DATE = "D:20240504143000+03'00'"
PDFJS_DATE = "D:20240505091010"
AUTHOR = "Matthew C. Pope"


@dataclass(frozen=True)
class Line:
    """One printed line of a target, in PDF user space."""

    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Target:
    page: int  # 1-based
    lines: tuple[Line, ...]
    text: str


def utf16(text: str) -> String:
    return String(b"\xfe\xff" + text.encode("utf-16-be"))


def xhtml(text: str) -> str:
    paragraphs = "".join(f'<p dir="ltr">{p}</p>' for p in text.split("\n"))
    return ('<?xml version="1.0"?><body xmlns="http://www.w3.org/1999/xhtml" '
            'xmlns:xfa="http://www.xfa.org/schema/xfa-data/1.0/" xfa:APIVersion="Acrobat:23.8.0" '
            f'xfa:spec="2.0.2">{paragraphs}</body>')


def quads(lines: tuple[Line, ...], order: str, pad: float = 1.0) -> Array:
    values: list[float] = []
    for line in lines:
        x0, y0, x1, y1 = line.x0, line.y0 - pad, line.x1, line.y1 + pad
        if order == "acrobat":  # top-left, top-right, bottom-left, bottom-right
            values += [x0, y1, x1, y1, x0, y0, x1, y0]
        else:  # the specification's counterclockwise order, from the bottom left
            values += [x0, y0, x1, y0, x1, y1, x0, y1]
    return Array([round(v, 3) for v in values])


def around(lines: tuple[Line, ...], pad: float = 1.0) -> Array:
    return Array([round(min(line.x0 for line in lines) - pad, 3), round(min(line.y0 for line in lines) - pad, 3),
                  round(max(line.x1 for line in lines) + pad, 3), round(max(line.y1 for line in lines) + pad, 3)])


class Annotator:
    """A proof PDF opened for adding annotations, and its text for finding where they go."""

    def __init__(self, proof: Path):
        self.pdf = pikepdf.open(proof)
        self.text = pdfplumber.open(proof)
        self.serial = 0

    def close(self) -> None:
        self.text.close()
        self.pdf.close()

    # --- finding text -------------------------------------------------------------------------------------------

    def find(self, phrase: str, after_page: int = 0) -> Target:
        """The first place the phrase is printed (its words may run over a line end)."""
        pattern = r"\s+".join(re.escape(word) for word in phrase.split())
        for number, page in enumerate(self.text.pages, start=1):
            if number <= after_page:
                continue
            hits = page.search(pattern, regex=True, return_chars=True)
            if hits:
                return Target(number, self._lines(page, hits[0]["chars"]), phrase)
        raise AssertionError(f"the proof does not print {phrase!r}")

    def find_all(self, phrase: str, page_number: int) -> list[Target]:
        """Every place the phrase is printed on one page."""
        pattern = r"\s+".join(re.escape(word) for word in phrase.split())
        page = self.text.pages[page_number - 1]
        return [Target(page_number, self._lines(page, hit["chars"]), phrase)
                for hit in page.search(pattern, regex=True, return_chars=True)]

    def chars_target(self, page_number: int, chars: list[dict], text: str) -> Target:
        return Target(page_number, self._lines(self.text.pages[page_number - 1], chars), text)

    @staticmethod
    def _lines(page, chars: list[dict]) -> tuple[Line, ...]:
        rows: list[list[dict]] = []
        for char in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
            if rows and abs(rows[-1][-1]["top"] - char["top"]) < 2:
                rows[-1].append(char)
            else:
                rows.append([char])
        height = float(page.height)
        return tuple(Line(min(c["x0"] for c in row), height - max(c["bottom"] for c in row),
                          max(c["x1"] for c in row), height - min(c["top"] for c in row)) for row in rows)

    # --- writing --------------------------------------------------------------------------------------------------

    def add(self, page: int, entries: dict, popup: dict | None = None) -> pikepdf.Object:
        """Add an annotation (and its pop-up window) to a page; returns the annotation."""
        annot = self.pdf.make_indirect(Dictionary({"/Type": Name.Annot, **entries}))
        page_obj = self.pdf.pages[page - 1].obj
        if "/Annots" not in page_obj:
            page_obj.Annots = Array()
        page_obj.Annots.append(annot)
        annot.P = page_obj
        if popup is not None:
            window = self.pdf.make_indirect(Dictionary({"/Type": Name.Annot, "/Subtype": Name.Popup,
                                                        "/Parent": annot, **popup}))
            annot.Popup = window
            page_obj.Annots.append(window)
        return annot

    def name(self, reader: str) -> String:
        self.serial += 1
        return String(f"{reader}-{self.serial:04d}")

    def save(self, path: Path, object_streams: bool = False) -> Path:
        mode = pikepdf.ObjectStreamMode.generate if object_streams else pikepdf.ObjectStreamMode.preserve
        self.pdf.save(path, object_stream_mode=mode, deterministic_id=True, static_id=False)
        return path


def _popup_rect(rect: Array) -> Array:
    x1, y1 = float(rect[2]), float(rect[3])
    return Array([x1 + 10, y1 - 80, x1 + 190, y1])


# --- Acrobat Reader ---------------------------------------------------------------------------------------------


def acrobat_markup(a: Annotator, subtype: str, target: Target, comment: str = "", subject: str | None = None,
                   **extra) -> pikepdf.Object:
    rect = around(target.lines)
    entries = {"/Subtype": Name("/" + subtype), "/Rect": rect, "/QuadPoints": quads(target.lines, "acrobat"),
               "/T": String(AUTHOR), "/Subj": String(subject or subtype), "/NM": a.name("acrobat"),
               "/CreationDate": String(ACROBAT_DATE), "/M": String(ACROBAT_DATE), "/F": 4,
               "/C": Array([1, 0.82, 0]), "/CA": 1, "/Contents": String(comment), **extra}
    if comment:
        entries["/RC"] = String(xhtml(comment))
    return a.add(target.page, entries, popup={"/Rect": _popup_rect(rect), "/Open": False, "/F": 28})


def acrobat_note(a: Annotator, page: int, x: float, y: float, text: str, rich: str | None = None) -> pikepdf.Object:
    rect = Array([x, y - 20, x + 20, y])
    return a.add(page, {"/Subtype": Name.Text, "/Rect": rect, "/Name": Name.Comment, "/T": String(AUTHOR),
                        "/Subj": String("Sticky Note"), "/NM": a.name("acrobat"), "/Contents": String(text),
                        "/RC": String(xhtml(rich if rich is not None else text)),
                        "/CreationDate": String(ACROBAT_DATE), "/M": String(ACROBAT_DATE), "/F": 28,
                        "/C": Array([1, 0.82, 0]), "/Open": False},
                 popup={"/Rect": _popup_rect(rect), "/Open": False, "/F": 28})


def acrobat_reply(a: Annotator, parent: pikepdf.Object, page: int, text: str, author: str = "Production Editor",
                  state: str | None = None) -> pikepdf.Object:
    entries = {"/Subtype": Name.Text, "/Rect": parent.Rect, "/IRT": parent, "/T": String(author),
               "/Subj": String("Sticky Note"), "/NM": a.name("acrobat-reply"), "/Contents": String(text),
               "/RC": String(xhtml(text)), "/CreationDate": String(ACROBAT_DATE), "/M": String(ACROBAT_DATE),
               "/F": 28, "/Name": Name.Comment, "/Open": False}
    if state:
        entries.update({"/StateModel": String("Review"), "/State": String(state), "/F": 30})
    return a.add(page, entries)


def caret_rect(target: Target, at_end: bool = True) -> Array:
    """Acrobat's caret: under the insertion point, its top reaching into the line."""
    line = target.lines[-1] if at_end else target.lines[0]
    x = line.x1 if at_end else line.x0
    height = line.y1 - line.y0
    return Array([round(x - 3.5, 3), round(line.y0 - height * 0.3, 3), round(x + 3.5, 3),
                  round(line.y0 + height * 0.4, 3)])


def acrobat_insert(a: Annotator, target: Target, text: str, paragraph: bool = False) -> pikepdf.Object:
    """Insert text after the target (Acrobat's "Insert text at cursor")."""
    entries = {"/Subtype": Name.Caret, "/Rect": caret_rect(target), "/RD": Array([0.5, 0.5, 0.5, 0.5]),
               "/Sy": Name.P if paragraph else Name("/None"), "/T": String(AUTHOR),
               "/Subj": String("Inserted Text"), "/NM": a.name("acrobat"), "/Contents": String(text),
               "/CreationDate": String(ACROBAT_DATE), "/M": String(ACROBAT_DATE), "/F": 4,
               "/C": Array([0, 0, 1])}
    if text:
        entries["/RC"] = String(xhtml(text))
    return a.add(target.page, entries, popup={"/Rect": _popup_rect(entries["/Rect"]), "/Open": False, "/F": 28})


def acrobat_replace(a: Annotator, target: Target, new_text: str) -> tuple[pikepdf.Object, pikepdf.Object]:
    """Acrobat's "Replace text": the caret is the group's primary and holds the new text."""
    caret = a.add(target.page, {
        "/Subtype": Name.Caret, "/Rect": caret_rect(target), "/RD": Array([0.5, 0.5, 0.5, 0.5]),
        "/Sy": Name("/None"), "/IT": Name.Replace, "/T": String(AUTHOR), "/Subj": String("Inserted Text"),
        "/NM": a.name("acrobat"), "/Contents": String(new_text), "/RC": String(xhtml(new_text)),
        "/CreationDate": String(ACROBAT_DATE), "/M": String(ACROBAT_DATE), "/F": 4, "/C": Array([0, 0, 1])},
        popup={"/Rect": _popup_rect(caret_rect(target)), "/Open": False, "/F": 28})
    strike = a.add(target.page, {
        "/Subtype": Name.StrikeOut, "/Rect": around(target.lines), "/QuadPoints": quads(target.lines, "acrobat"),
        "/IRT": caret, "/RT": Name.Group, "/IT": Name.StrikeOutTextEdit, "/T": String(AUTHOR),
        "/Subj": String("Cross-Out"), "/NM": a.name("acrobat"), "/CreationDate": String(ACROBAT_DATE),
        "/M": String(ACROBAT_DATE), "/F": 4, "/C": Array([0, 0, 1])})
    return caret, strike


def acrobat_square(a: Annotator, page: int, rect: list[float], comment: str) -> pikepdf.Object:
    box = Array(rect)
    return a.add(page, {"/Subtype": Name.Square, "/Rect": box, "/RD": Array([1, 1, 1, 1]),
                        "/BS": Dictionary(W=2, S=Name.S), "/IC": Array([]), "/C": Array([1, 0, 0]),
                        "/T": String(AUTHOR), "/Subj": String("Rectangle"), "/NM": a.name("acrobat"),
                        "/Contents": String(comment), "/RC": String(xhtml(comment)),
                        "/CreationDate": String(ACROBAT_DATE), "/M": String(ACROBAT_DATE), "/F": 4},
                 popup={"/Rect": _popup_rect(box), "/Open": False, "/F": 28})


def acrobat_cloud(a: Annotator, page: int, rect: list[float], comment: str) -> pikepdf.Object:
    x0, y0, x1, y1 = rect
    return a.add(page, {"/Subtype": Name.Polygon, "/Rect": Array([x0 - 4, y0 - 4, x1 + 4, y1 + 4]),
                        "/Vertices": Array([x0, y0, x1, y0, x1, y1, x0, y1]), "/IT": Name.PolygonCloud,
                        "/BE": Dictionary(S=Name.C, I=1), "/C": Array([1, 0, 0]), "/T": String(AUTHOR),
                        "/Subj": String("Cloud"), "/NM": a.name("acrobat"), "/Contents": String(comment),
                        "/RC": String(xhtml(comment)), "/CreationDate": String(ACROBAT_DATE),
                        "/M": String(ACROBAT_DATE), "/F": 4})


def acrobat_callout(a: Annotator, page: int, target: Target, box: list[float], text: str) -> pikepdf.Object:
    """A text box with an arrow (/CL) whose tip is at the start of the target."""
    tip_x, tip_y = target.lines[0].x0 + 1, (target.lines[0].y0 + target.lines[0].y1) / 2
    return a.add(page, {"/Subtype": Name.FreeText, "/IT": Name.FreeTextCallout, "/Rect": Array(box),
                        "/CL": Array([tip_x, tip_y, box[0] - 10, box[1] + 5, box[0], box[1] + 5]),
                        "/LE": Name.OpenArrow, "/DA": String("0 0 1 rg /Helv 9 Tf"),
                        "/DS": String("font: Helvetica,sans-serif 9.0pt; text-align:left; color:#0000FF"),
                        "/T": String(AUTHOR), "/Subj": String("Callout"), "/NM": a.name("acrobat"),
                        "/Contents": String(text), "/RC": String(xhtml(text)),
                        "/CreationDate": String(ACROBAT_DATE), "/M": String(ACROBAT_DATE), "/F": 4})


def acrobat_textbox_rich_only(a: Annotator, page: int, box: list[float], text: str) -> pikepdf.Object:
    """A text box whose words are only in /RC (written by a tool that leaves /Contents out)."""
    return a.add(page, {"/Subtype": Name.FreeText, "/Rect": Array(box), "/DA": String("0 g /Helv 9 Tf"),
                        "/T": String(AUTHOR), "/Subj": String("Textbox"), "/NM": a.name("acrobat"),
                        "/RC": String(xhtml(text)), "/CreationDate": String(ACROBAT_DATE),
                        "/M": String(ACROBAT_DATE), "/F": 4})


def acrobat_pencil(a: Annotator, page: int, points: list[float], comment: str) -> pikepdf.Object:
    xs, ys = points[0::2], points[1::2]
    return a.add(page, {"/Subtype": Name.Ink, "/Rect": Array([min(xs) - 2, min(ys) - 2, max(xs) + 2, max(ys) + 2]),
                        "/InkList": Array([Array(points)]), "/BS": Dictionary(W=1), "/C": Array([1, 0, 0]),
                        "/T": String(AUTHOR), "/Subj": String("Pencil"), "/NM": a.name("acrobat"),
                        "/Contents": String(comment), "/RC": String(xhtml(comment)),
                        "/CreationDate": String(ACROBAT_DATE), "/M": String(ACROBAT_DATE), "/F": 4})


# --- macOS Preview ----------------------------------------------------------------------------------------------


def _preview_extras() -> Dictionary:
    return Dictionary({"/AAPL:AKAnnotationObject": String("YnBsaXN0MDDUAQIDBAUGBwpYJHZlcnNpb24="),
                       "/AAPL:AKPDFAnnotationDictionary": Dictionary({"/Type": Name.Annot})})


def preview_markup(a: Annotator, subtype: str, target: Target, note: str = "") -> pikepdf.Object:
    rect = around(target.lines)
    entries = {"/Subtype": Name("/" + subtype), "/Rect": rect, "/QuadPoints": quads(target.lines, "spec"),
               "/T": String("Matthew Pope"), "/M": String(PREVIEW_DATE), "/NM": a.name("preview"),
               "/C": Array([1, 0.9, 0.3]), "/F": 4, "/Contents": String(note),
               "/AAPL:AKExtras": _preview_extras()}
    return a.add(target.page, entries, popup={"/Rect": _popup_rect(rect), "/Open": False} if note else None)


def preview_note(a: Annotator, page: int, x: float, y: float, text: str) -> pikepdf.Object:
    rect = Array([x, y - 17, x + 17, y])
    return a.add(page, {"/Subtype": Name.Text, "/Rect": rect, "/Name": Name.Comment, "/Open": False,
                        "/T": String("Matthew Pope"), "/M": String(PREVIEW_DATE), "/NM": a.name("preview"),
                        "/C": Array([1, 0.9, 0.3]), "/F": 4, "/Contents": String(text),
                        "/AAPL:AKExtras": _preview_extras()},
                 popup={"/Rect": _popup_rect(rect), "/Open": False})


def preview_textbox(a: Annotator, page: int, box: list[float], text: str) -> pikepdf.Object:
    return a.add(page, {"/Subtype": Name.FreeText, "/Rect": Array(box), "/DA": String("/Helvetica 12 Tf 0 g"),
                        "/Q": 0, "/T": String("Matthew Pope"), "/M": String(PREVIEW_DATE),
                        "/NM": a.name("preview"), "/F": 4, "/Contents": String(text),
                        "/AAPL:AKExtras": _preview_extras()})


# --- Okular and Evince (poppler) -----------------------------------------------------------------------------------


def okular_markup(a: Annotator, subtype: str, target: Target, note: str = "") -> pikepdf.Object:
    rect = around(target.lines)
    return a.add(target.page, {
        "/Subtype": Name("/" + subtype), "/Rect": rect, "/QuadPoints": quads(target.lines, "acrobat", pad=0),
        "/T": utf16("Matthew C. Pope (Okular)"), "/Contents": utf16(note), "/M": String(OKULAR_DATE),
        "/CreationDate": String(OKULAR_DATE), "/NM": String(f"okular-{a.name('o')}"), "/F": 4,
        "/C": Array([0, 0.5, 0])})


def okular_note(a: Annotator, page: int, x: float, y: float, text: str) -> pikepdf.Object:
    return a.add(page, {"/Subtype": Name.Text, "/Rect": Array([x, y - 24, x + 24, y]), "/Name": Name.Note,
                        "/T": utf16("Matthew C. Pope (Okular)"), "/Contents": utf16(text),
                        "/M": String(OKULAR_DATE), "/CreationDate": String(OKULAR_DATE),
                        "/NM": String(f"okular-{a.name('o')}"), "/F": 4, "/C": Array([1, 1, 0]), "/Open": False})


def okular_typewriter(a: Annotator, page: int, box: list[float], text: str) -> pikepdf.Object:
    return a.add(page, {"/Subtype": Name.FreeText, "/IT": Name.FreeTextTypeWriter, "/Rect": Array(box),
                        "/DA": String("/Invalid_font 10 Tf 0 0 0 rg"), "/T": utf16("Matthew C. Pope (Okular)"),
                        "/Contents": utf16(text), "/M": String(OKULAR_DATE), "/CreationDate": String(OKULAR_DATE),
                        "/NM": String(f"okular-{a.name('o')}"), "/F": 4})


def okular_ellipse(a: Annotator, page: int, rect: list[float], comment: str) -> pikepdf.Object:
    return a.add(page, {"/Subtype": Name.Circle, "/Rect": Array(rect), "/BS": Dictionary(W=1),
                        "/T": utf16("Matthew C. Pope (Okular)"), "/Contents": utf16(comment),
                        "/M": String(OKULAR_DATE), "/CreationDate": String(OKULAR_DATE),
                        "/NM": String(f"okular-{a.name('o')}"), "/F": 4, "/C": Array([0, 0, 1])})


def evince_markup(a: Annotator, subtype: str, target: Target, note: str) -> pikepdf.Object:
    rect = around(target.lines, pad=0)
    return a.add(target.page, {
        "/Subtype": Name("/" + subtype), "/Rect": rect, "/QuadPoints": quads(target.lines, "acrobat", pad=0),
        "/T": String("mpope"), "/M": String("D:20240506120000+02'00'"), "/F": 4, "/C": Array([0.9, 0.2, 0.2]),
        "/Contents": String(note)}, popup={"/Rect": _popup_rect(rect), "/Open": True, "/F": 24})


# --- Firefox (pdf.js) ---------------------------------------------------------------------------------------------


def pdfjs_freetext(a: Annotator, page: int, box: list[float], text: str) -> pikepdf.Object:
    contents = String(text) if text.isascii() else utf16(text)
    return a.add(page, {"/Subtype": Name.FreeText, "/CreationDate": String(PDFJS_DATE), "/M": String(PDFJS_DATE),
                        "/Rect": Array(box), "/DA": String("/Helv 10 Tf 0 g"), "/Contents": contents, "/F": 4,
                        "/Border": Array([0, 0, 0]), "/Rotate": 0})


def pdfjs_ink(a: Annotator, page: int, points: list[float]) -> pikepdf.Object:
    xs, ys = points[0::2], points[1::2]
    return a.add(page, {"/Subtype": Name.Ink, "/CreationDate": String(PDFJS_DATE), "/M": String(PDFJS_DATE),
                        "/Rect": Array([min(xs) - 1, min(ys) - 1, max(xs) + 1, max(ys) + 1]),
                        "/InkList": Array([Array(points)]), "/F": 4, "/Rotate": 0,
                        "/BS": Dictionary(W=1), "/C": Array([1, 0, 0]), "/CA": 1})


def pdfjs_highlight(a: Annotator, target: Target, comment: str = "") -> pikepdf.Object:
    entries = {"/Subtype": Name.Highlight, "/CreationDate": String(PDFJS_DATE), "/M": String(PDFJS_DATE),
               "/Rect": around(target.lines), "/F": 4, "/Border": Array([0, 0, 0]), "/Rotate": 0,
               "/QuadPoints": quads(target.lines, "acrobat"), "/C": Array([1, 1, 0.596]), "/CA": 1}
    popup = None
    if comment:
        entries["/Contents"] = String(comment)
        popup = {"/Rect": _popup_rect(entries["/Rect"]), "/Open": False}
    return a.add(target.page, entries, popup=popup)


def pdfjs_stamp(a: Annotator, page: int, box: list[float]) -> pikepdf.Object:
    image = pikepdf.Stream(a.pdf, b"\xff\x00\x00" * 4, Type=Name.XObject, Subtype=Name.Image, Width=2, Height=2,
                           ColorSpace=Name.DeviceRGB, BitsPerComponent=8)
    appearance = pikepdf.Stream(a.pdf, f"q {box[2] - box[0]} 0 0 {box[3] - box[1]} 0 0 cm /Im0 Do Q".encode(),
                                Type=Name.XObject, Subtype=Name.Form, BBox=Array([0, 0, box[2] - box[0],
                                                                                  box[3] - box[1]]),
                                Resources=Dictionary(XObject=Dictionary(Im0=image)))
    return a.add(page, {"/Subtype": Name.Stamp, "/CreationDate": String(PDFJS_DATE), "/M": String(PDFJS_DATE),
                        "/Rect": Array(box), "/F": 4, "/Border": Array([0, 0, 0]), "/Rotate": 0,
                        "/AP": Dictionary(N=appearance)})


# --- PDF-XChange and Foxit ----------------------------------------------------------------------------------------


def xchange_replace(a: Annotator, target: Target, new_text: str) -> tuple[pikepdf.Object, pikepdf.Object]:
    """Replace text with the strike-out as the primary and the caret, holding the new text, grouped to it."""
    strike = a.add(target.page, {
        "/Subtype": Name.StrikeOut, "/Rect": around(target.lines), "/QuadPoints": quads(target.lines, "acrobat"),
        "/T": String("M. Pope"), "/Subj": String("Replace Text"), "/NM": a.name("xchange"),
        "/CreationDate": String("D:20240507100000+01'00'"), "/M": String("D:20240507100000+01'00'"), "/F": 4,
        "/C": Array([0, 0, 1])})
    caret = a.add(target.page, {
        "/Subtype": Name.Caret, "/Rect": caret_rect(target), "/IRT": strike, "/RT": Name.Group,
        "/IT": Name.Replace, "/T": String("M. Pope"), "/NM": a.name("xchange"), "/Contents": String(new_text),
        "/M": String("D:20240507100000+01'00'"), "/F": 4, "/C": Array([0, 0, 1])})
    return strike, caret


# --- forms ------------------------------------------------------------------------------------------------------


def drop_fields(a: Annotator) -> None:
    """The proof's own form fields and their widgets taken out, so that a test writes the fields as a reader would."""
    form = a.pdf.Root.get("/AcroForm")
    if form is None:
        return
    for page in a.pdf.pages:
        if "/Annots" in page.obj:
            page.obj.Annots = Array([w for w in page.obj.Annots if w.get("/Subtype") != Name.Widget])
    form.Fields = Array()


def add_text_field(a: Annotator, page: int, name: str, rect: list[float], value: str | None,
                   separate_widget: bool = False) -> pikepdf.Object:
    """A text field filled in by a reader: one dictionary that is both field and widget (as Acrobat writes
    them), or a field whose widget is its kid."""
    page_obj = a.pdf.pages[page - 1].obj
    form = a.pdf.Root.get("/AcroForm")
    if form is None:
        form = a.pdf.Root.AcroForm = a.pdf.make_indirect(Dictionary(Fields=Array(), DA=String("/Helv 0 Tf 0 g")))
    widget = Dictionary({"/Type": Name.Annot, "/Subtype": Name.Widget, "/Rect": Array(rect), "/F": 4,
                         "/P": page_obj, "/DA": String("/Helv 9 Tf 0 g")})
    if separate_widget:
        field = a.pdf.make_indirect(Dictionary({"/FT": Name.Tx, "/T": String(name)}))
        widget["/Parent"] = field
        widget = a.pdf.make_indirect(widget)
        field.Kids = Array([widget])
    else:
        widget.update({"/FT": Name.Tx, "/T": String(name)})
        field = widget = a.pdf.make_indirect(widget)
    if value is not None:
        field.V = String(value) if value.isascii() else utf16(value)
    form.Fields.append(field)
    if "/Annots" not in page_obj:
        page_obj.Annots = Array()
    page_obj.Annots.append(widget)
    return field


def add_checkboxes(a: Annotator, page: int, parent_name: str, boxes: dict[str, tuple[list[float], bool]]) -> None:
    """A parent field with a checkbox kid per item (full names parent.item), as a checklist."""
    page_obj = a.pdf.pages[page - 1].obj
    form = a.pdf.Root.AcroForm
    parent = a.pdf.make_indirect(Dictionary({"/T": String(parent_name), "/FT": Name.Btn, "/Kids": Array()}))
    for item, (rect, checked) in boxes.items():
        kid = a.pdf.make_indirect(Dictionary({
            "/Type": Name.Annot, "/Subtype": Name.Widget, "/T": String(item), "/Parent": parent, "/Rect": Array(rect),
            "/F": 4, "/P": page_obj, "/V": Name.Yes if checked else Name.Off,
            "/AS": Name.Yes if checked else Name.Off}))
        parent.Kids.append(kid)
        page_obj.Annots.append(kid)
    form.Fields.append(parent)
