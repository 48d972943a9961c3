"""A returned proof PDF -> every annotation and form answer in it, as typed records (Mark, Reply, Answer).

What readers write, and how each is read (ISO 32000-1 12.5 and 12.7; the readers' own conventions):

- sticky notes (Text), free text (FreeText: a text box, a typewriter, a callout whose /CL points at the
  text), highlights, underlines, strike-outs and squiggly lines (text markup, with /QuadPoints), carets
  (Caret: Acrobat's "insert text"; /Sy /P inserts a paragraph), rectangles, ellipses, ink, polygons, lines
  (with a comment), stamps, file attachments: one Mark each, of its kind ("other" for any other subtype).
- replace-text pairs: Acrobat groups a Caret (/IT /Replace, the new text in /Contents) and a StrikeOut
  (/IT /StrikeOutTextEdit, /IRT the caret, /RT /Group); other readers make the strike-out the primary and the
  caret the subordinate, or link them with a plain /IRT. Any strike-out joined to a caret is one Mark "replace"
  whose new text is the caret's. Preview and Okular have no caret: their authors strike the words and write
  the new ones in the strike-out's note (or a reply); that is a "replace" too, its new text marked as the
  author's words, to be checked.
- groups (/RT /Group): the members are one Mark with the primary (the annotation their /IRT names), whose
  comment, author and dates stand for the group (12.5.6.2).
- replies (/IRT without /RT /Group, Acrobat's replies and review states) stay with the Mark they answer,
  replies to replies with it too.
- /Contents is the comment; /RC (rich text, XHTML) is read as text when /Contents is missing, and kept beside
  it when the two differ (an edit by a reader that updates only one). A comment kept only in the /Popup is
  read from there.
- not marks: /Popup (the window of a note), /Widget (form fields: read as answers) and /Link (the proof's own
  links). Every other annotation on a page is a Mark or part of one: `ReturnedProof.counts` says how many of
  each, and reading fails loudly if any annotation were left out.

The text a mark covers is found from its quadrilaterals against the page's characters (page_text.py); a
mark whose text cannot be found is kept with its page, rectangle and comment, and says why in `unplaced`.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

from pipeline.diagnostics import fail
from pipeline.proof import pdf_values as values
from pipeline.proof.fields import query_number
from pipeline.proof.page_text import Box, Found, PageText, Place

KINDS = {"Text": "note", "FreeText": "free-text", "Highlight": "highlight", "Underline": "underline",
         "StrikeOut": "strike-out", "Squiggly": "squiggly", "Caret": "insert", "Square": "square",
         "Circle": "circle", "Ink": "ink", "Polygon": "polygon", "PolyLine": "polyline", "Line": "line",
         "Stamp": "stamp", "FileAttachment": "attachment"}
TEXT_MARKUP = {"Highlight", "Underline", "StrikeOut", "Squiggly"}
SHAPES = {"Square", "Circle", "Ink", "Polygon", "PolyLine"}
NOT_MARKS = {"Popup": "popups", "Widget": "form widgets", "Link": "links"}
HIDDEN_FLAGS = 2 | 32  # Hidden, NoView
NOTE_REACH = 24.0  # points: how far from a note's icon its anchor text may be
INK_REACH = 3.0  # points above and below an ink drawing's strokes: a stroke through a line's middle takes its words


@dataclass(frozen=True)
class Limits:
    """What a returned proof may be before it is read (a proof is a few MB; these leave room for scans)."""

    max_bytes: int = 200 * 1024 * 1024
    max_pages: int = 2000
    max_annotations: int = 20000


@dataclass(frozen=True)
class Comment:
    """What the author wrote on a mark or in a reply, and who and when."""

    text: str = ""
    rich_text: str | None = None  # /RC read as text, only where it says something else than /Contents
    author: str | None = None  # /T
    subject: str | None = None  # /Subj ("Inserted Text", "Cross-Out", ...)
    created: str | None = None  # ISO 8601
    modified: str | None = None


@dataclass(frozen=True)
class Reply:
    ref: str
    in_reply_to: str
    kind: str
    comment: Comment
    state: str | None = None  # a review state reply: "Accepted", "Rejected", "Cancelled", "Completed", ...


@dataclass(frozen=True)
class Edit:
    """The edit a mark asks for where its form says one: strike = delete, caret = insert, both = replace."""

    action: str  # "delete", "insert" or "replace"
    text: str | None  # the new text (None for a delete, or when the mark gives none)
    source: str  # where the new text comes from: "caret", "comment", "reply" (or "strike-out" for a delete)
    certain: bool  # the form says it (a caret's text); False when the author's words are to be read by people
    paragraph: bool = False  # a caret that inserts a paragraph break (/Sy /P)


@dataclass(frozen=True)
class Mark:
    kind: str
    page: int  # 1-based, in the returned file
    rect: Box
    comment: Comment
    refs: tuple[str, ...]  # the PDF annotations the mark is made of, the main one first
    subtypes: tuple[str, ...]
    name: str | None = None  # /NM: the reader's own unique name for it
    quads: tuple[tuple[float, ...], ...] = ()  # /QuadPoints as written, eight numbers a quadrilateral
    colour: str | None = None
    intent: str | None = None  # /IT
    hidden: bool = False
    found: Found | None = None  # the text it marks, and where those characters are
    place: Place | None = None  # a caret's insertion point; the text a note or callout points at
    edit: Edit | None = None
    replies: tuple[Reply, ...] = ()
    unplaced: str | None = None  # why the text it marks was not found (None: found, or none to find)
    details: dict[str, str] = field(default_factory=dict)  # a stamp's name, an attachment's file name

    @property
    def marked_text(self) -> str | None:
        return self.found.text if self.found else None


@dataclass(frozen=True)
class Answer:
    """A form field of the proof and what the author put in it."""

    field: str  # the field's full name ("AQ1", "comments")
    query: int | None  # the author query it answers, from its name
    kind: str  # "text", "checkbox", "choice", "signature", "button"
    value: str | None  # None when left empty
    page: int | None = None
    rect: Box | None = None


@dataclass(frozen=True)
class Counts:
    annotations: int  # every annotation on the pages
    marks: int
    grouped: int  # annotations that are part of a mark (a replace pair's second half, group members)
    replies: int
    popups: int
    form_widgets: int
    links: int

    def balanced(self) -> bool:
        return self.annotations == (self.marks + self.grouped + self.replies + self.popups + self.form_widgets
                                    + self.links)


@dataclass(frozen=True)
class ReturnedProof:
    file: Path
    sha256: str
    pages: int
    identifier: str | None  # the PDF's permanent /ID (hex): readers keep it when they save
    marks: tuple[Mark, ...]
    answers: tuple[Answer, ...]
    counts: Counts
    labels: dict[int, str] = field(default_factory=dict)  # page -> the number it prints ("Cover", "564"), where
    # its page labels differ from its places
    said_round: int | None = None  # the round the proof says it is (its document information), if it says
    # the text of each page a mark is on, as read to find the marked words: placing reads it from here
    texts: dict[int, PageText] = field(default_factory=dict, repr=False, compare=False)


# --- reading --------------------------------------------------------------------------------------------------


@dataclass
class _Annot:
    ref: str
    page: int
    obj: pikepdf.Dictionary
    subtype: str
    irt: str | None = None
    group: bool = False


def read_returned_proof(path: Path, limits: Limits = Limits()) -> ReturnedProof:
    """Every annotation and form answer of the PDF at `path`. Raises PipelineError (proof.unreadable) when the
    file is missing, too large, not a PDF, damaged beyond repair or locked with a password."""
    data = _bytes(path, limits)
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise fail("proof.unreadable", "the PDF is locked with a password: ask the author to save it again without "
                   "one (File > Save As, security: none)", file=str(path)) from None
    except pikepdf.PdfError as exc:
        raise fail("proof.unreadable", f"this is not a PDF that can be read ({_first_line(exc)}): ask the author "
                   "for the annotated proof PDF itself", file=str(path)) from None
    with pdf:
        if len(pdf.pages) > limits.max_pages:
            raise fail("proof.unreadable", f"the PDF has {len(pdf.pages)} pages, more than the {limits.max_pages} "
                       "a returned proof may have", file=str(path))
        annots, excluded, refs, widgets = _annotations(pdf, path, limits)
        answers = _answers(pdf, refs, widgets)
        reader = _Marks(annots, path)
        marks, grouped, replies = reader.read()
        identifier = _identifier(pdf)
        pages = len(pdf.pages)
        labels, said_round = page_labels(pdf), _said_round(pdf)
    counts = Counts(len(annots) + sum(excluded.values()), len(marks), grouped, replies, excluded["popups"],
                    excluded["form widgets"], excluded["links"])
    if not counts.balanced():
        raise fail("build.internal", f"the annotations of {path.name} do not add up ({counts}): an annotation "
                   "was left out", file=str(path))
    return ReturnedProof(path, hashlib.sha256(data).hexdigest(), pages, identifier, tuple(marks),
                         tuple(answers), counts, labels, said_round, reader.pages)


def _bytes(path: Path, limits: Limits) -> bytes:
    if not path.is_file():
        raise fail("proof.unreadable", "the file does not exist", file=str(path))
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise fail("proof.unreadable", f"the file is {_size(size)}, more than the {_size(limits.max_bytes)} a "
                   "returned proof may be", file=str(path))
    data = path.read_bytes()
    if b"%PDF-" not in data[:1024]:
        kind = "a Word file" if data.startswith(b"PK") else "an image" if data[:4] in (
            b"\x89PNG", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xe1") else "not a PDF"
        raise fail("proof.unreadable", f"this file is {kind}, not a PDF: ask the author for the annotated proof "
                   "PDF itself", file=str(path))
    return data


def _size(count: int) -> str:
    return f"{count / 2**20:.1f} MB" if count >= 2**20 else f"{count / 1024:.0f} KB"


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _ref(obj: pikepdf.Object, page: int, index: int) -> str:
    if obj.is_indirect:
        number, generation = obj.objgen
        return f"{number} {generation} R"
    return f"page {page} annotation {index + 1}"  # written inline in /Annots (allowed by readers, not the spec)


def _annotations(pdf: pikepdf.Pdf, path: Path, limits: Limits
                 ) -> tuple[list[_Annot], dict[str, int], dict[str, int], list[pikepdf.Dictionary]]:
    """The annotations of every page in page order (each once), the number of each kind that is not a mark,
    the page of every annotation by its reference, and the form widgets."""
    annots: list[_Annot] = []
    widgets: list[pikepdf.Dictionary] = []
    excluded = dict.fromkeys(NOT_MARKS.values(), 0)
    pages: dict[str, int] = {}
    for number, page in enumerate(pdf.pages, start=1):
        listed = page.obj.get("/Annots")
        if not isinstance(listed, pikepdf.Array):
            continue
        for index, obj in enumerate(listed):
            if not isinstance(obj, pikepdf.Dictionary):
                continue  # a null or broken entry: nothing a reader shows
            ref = _ref(obj, number, index)
            if ref in pages:
                continue  # the same annotation listed twice
            pages[ref] = number
            if len(pages) > limits.max_annotations:
                raise fail("proof.unreadable", f"the PDF has more than {limits.max_annotations} annotations, more "
                           "than a returned proof may have", file=str(path))
            subtype = values.name(obj.get("/Subtype")) or ""
            if subtype in NOT_MARKS:
                excluded[NOT_MARKS[subtype]] += 1
                if subtype == "Widget":
                    widgets.append(obj)
                continue
            irt = obj.get("/IRT")
            annots.append(_Annot(ref, number, obj, subtype,
                                 irt=_ref(irt, 0, 0) if isinstance(irt, pikepdf.Dictionary) and irt.is_indirect
                                 else None,
                                 group=values.name(obj.get("/RT")) == "Group"))
    return annots, excluded, pages, widgets


def page_labels(pdf: pikepdf.Pdf) -> dict[int, str]:
    """Page (from 1) -> the label a PDF reader shows for it (the proof's own numbering: "Cover", "564"), where the
    PDF gives its pages labels that differ from their places."""
    if "/PageLabels" not in pdf.Root:
        return {}
    try:
        return {n: page.label for n, page in enumerate(pdf.pages, start=1) if page.label != str(n)}
    except pikepdf.PdfError:  # a damaged label tree: the pages are named by their places
        return {}


def _said_round(pdf: pikepdf.Pdf) -> int | None:
    said = str(pdf.docinfo.get("/ProofRound", "")) if "/Info" in pdf.trailer else ""
    return int(said) if said.isdigit() and int(said) > 0 else None


def _identifier(pdf: pikepdf.Pdf) -> str | None:
    ids = pdf.trailer.get("/ID")
    if isinstance(ids, pikepdf.Array) and len(ids) and isinstance(ids[0], pikepdf.String):
        return bytes(ids[0]).hex()
    return None


class _Marks:
    """The annotations of a file -> Marks, each with its group members and replies."""

    def __init__(self, annots: list[_Annot], path: Path):
        self.annots = annots
        self.by_ref = {a.ref: a for a in annots}
        self.path = path
        self.pages: dict[int, PageText] = {}
        self._plumber = None

    def read(self) -> tuple[list[Mark], int, int]:
        roots, members, replies = self._structure()
        marks = []
        try:
            for root in roots:
                marks.append(self._mark(root, members.get(root.ref, []), replies.get(root.ref, [])))
        finally:
            if self._plumber is not None:
                self._plumber.close()
        marks.sort(key=_reading_order)
        # counted from the marks themselves, so that the count check sees anything left out
        return marks, sum(len(m.refs) - 1 for m in marks), sum(len(m.replies) for m in marks)

    def _structure(self) -> tuple[list[_Annot], dict[str, list[_Annot]], dict[str, list[_Annot]]]:
        """Which annotations stand alone (roots), which belong to a root's group, which reply to a root."""
        def root_of(annot: _Annot) -> _Annot:
            """The annotation at the end of the /IRT chain; one in a loop of /IRT stands alone."""
            root, seen = annot, {annot.ref}
            while root.irt in self.by_ref:
                if root.irt in seen:
                    return annot
                root = self.by_ref[root.irt]
                seen.add(root.ref)
            return root

        roots: list[_Annot] = []
        members: dict[str, list[_Annot]] = {}
        replies: dict[str, list[_Annot]] = {}
        for annot in self.annots:
            root = root_of(annot)
            if root is annot:
                roots.append(annot)
            elif self._joins(annot, root):
                members.setdefault(root.ref, []).append(annot)
            else:
                replies.setdefault(root.ref, []).append(annot)
        return roots, members, replies

    def _joins(self, annot: _Annot, root: _Annot) -> bool:
        """A group member (/RT /Group) of the root, or the other half of a strike-out and caret pair."""
        if annot.irt != root.ref:
            return False
        return annot.group or {annot.subtype, root.subtype} == {"StrikeOut", "Caret"}

    # --- one mark ---------------------------------------------------------------------------------------------

    def _mark(self, root: _Annot, members: list[_Annot], replies: list[_Annot]) -> Mark:
        parts = [root, *members]
        strike = next((a for a in parts if a.subtype == "StrikeOut"), None)
        caret = next((a for a in parts if a.subtype == "Caret"), None)
        comment = _comment(root.obj)
        read_replies = tuple(self._reply(r) for r in replies)
        kind = "replace" if strike and caret else KINDS.get(root.subtype, "other")
        page = self._page(root.page)
        rect = _rect(root.obj) or Box(0, 0, 0, 0)
        details: dict[str, str] = {}
        if root.subtype not in KINDS:
            details["subtype"] = root.subtype or "(none)"
        quads, found, unplaced = _covered(parts, kind, page, details)
        place = page.caret(_inner_rect(caret.obj)) if caret is not None else _anchor(root, rect, page, details)
        if caret is not None and place is None and not quads:
            unplaced = f"no line of text at the caret on page {root.page}"
        if not page.readable and (quads or caret is not None or root.subtype in SHAPES):
            unplaced = f"the text of page {root.page} could not be read"
        edit = _edit(kind, strike, caret, comment, read_replies)
        if kind == "strike-out" and edit and edit.action == "replace":
            kind = "replace"
        return Mark(
            kind=kind, page=root.page, rect=rect, comment=comment, refs=tuple(a.ref for a in parts),
            subtypes=tuple(dict.fromkeys(a.subtype for a in parts)), name=values.text(root.obj.get("/NM")),
            quads=tuple(quads), colour=values.colour(root.obj.get("/C")), intent=values.name(root.obj.get("/IT")),
            hidden=bool(int(values.number(root.obj.get("/F")) or 0) & HIDDEN_FLAGS),
            found=found, place=place, edit=edit, replies=read_replies, unplaced=unplaced, details=details)

    def _reply(self, annot: _Annot) -> Reply:
        state = values.text(annot.obj.get("/State")) or values.name(annot.obj.get("/State"))
        return Reply(annot.ref, annot.irt or "", KINDS.get(annot.subtype, "other"), _comment(annot.obj), state)

    def _page(self, number: int) -> PageText:
        if number not in self.pages:
            import pdfplumber

            try:
                if self._plumber is None:
                    self._plumber = pdfplumber.open(self.path)
                self.pages[number] = PageText.read(self._plumber.pages[number - 1], number)
            except Exception:  # a page pdfminer cannot read: its marks stay, unplaced, with the reason
                self.pages[number] = PageText(number, [], readable=False)
        return self.pages[number]


def _covered(parts: list[_Annot], kind: str, page: PageText, details: dict[str, str]
             ) -> tuple[list[tuple[float, ...]], Found | None, str | None]:
    """The quadrilaterals of a mark's text markup, the text they or its shape cover, and why none was found."""
    root = parts[0]
    markup = [a for a in parts if a.subtype in TEXT_MARKUP]
    quads: list[tuple[float, ...]] = []
    if markup:
        for part in markup:
            part_quads = _quads(part.obj)
            part_rect = _rect(part.obj)
            if not part_quads and part_rect:
                details["quads"] = "no /QuadPoints: the rectangle was used"
                part_quads = [(part_rect.x0, part_rect.y1, part_rect.x1, part_rect.y1,
                               part_rect.x0, part_rect.y0, part_rect.x1, part_rect.y0)]
            quads += part_quads
        found = page.found(page.under([Box.around(q[0::2], q[1::2]) for q in quads]))
        return quads, found, None if found else f"no text under the {_name_of(kind)} on page {root.page}"
    if root.subtype in SHAPES:
        area = _shape_area(root.obj)
        if area and root.subtype == "Ink":
            area = area.taller(INK_REACH)
        found = page.found(page.inside(area, ellipse=root.subtype == "Circle")) if area else None
        return [], found, None if found else \
            f"no text inside the {_name_of(kind)} on page {root.page} (a figure, or blank space?)"
    return [], None, None


def _anchor(root: _Annot, rect: Box, page: PageText, details: dict[str, str]) -> Place | None:
    """The text a note, a callout's arrow or a line's arrowhead points at; a stamp's or attachment's details."""
    obj = root.obj
    if root.subtype == "Text":
        return page.nearest(rect.x0, rect.y1, NOTE_REACH)  # the icon hangs from the point clicked
    if root.subtype == "FreeText":
        callout = values.numbers(obj.get("/CL"))
        return page.nearest(callout[0], callout[1], NOTE_REACH) if callout and len(callout) >= 4 else None
    if root.subtype == "Line":
        line = values.numbers(obj.get("/L"))
        if not line or len(line) != 4:
            return None
        ends = obj.get("/LE")
        arrow_at_start = isinstance(ends, pikepdf.Array) and len(ends) == 2 and \
            values.name(ends[0]) not in (None, "None")
        x, y = (line[0], line[1]) if arrow_at_start else (line[2], line[3])
        return page.nearest(x, y, NOTE_REACH)
    if root.subtype == "Stamp":
        details["stamp"] = values.name(obj.get("/Name")) or "image"
    elif root.subtype == "FileAttachment":
        details["file"] = _attachment_name(obj)
    return None


def _reading_order(mark: Mark) -> tuple:
    top = max((max(q[1::2]) for q in mark.quads), default=mark.rect.y1)
    left = min((min(q[0::2]) for q in mark.quads), default=mark.rect.x0)
    return (mark.page, -round(top, 1), round(left, 1), mark.refs[0])


def _name_of(kind: str) -> str:
    return kind.replace("-", " ")


def _comment(obj: pikepdf.Dictionary) -> Comment:
    contents = values.text(obj.get("/Contents"))
    rich = values.rich_text(obj.get("/RC"))
    if not (contents or "").strip():
        popup = obj.get("/Popup")
        if isinstance(popup, pikepdf.Dictionary):
            contents = values.text(popup.get("/Contents"))  # kept only in its window by some writers
    text = (contents or "").strip()
    if not text and rich:
        text, rich = rich, None
    elif rich is not None and values.same_words(text, rich):
        rich = None
    return Comment(text, rich, _clean(values.text(obj.get("/T"))), _clean(values.text(obj.get("/Subj"))),
                   values.date(obj.get("/CreationDate")), values.date(obj.get("/M")))


def _typed(obj: pikepdf.Dictionary) -> str | None:
    """A caret's text exactly as typed (a leading space or a lone space is part of what is inserted)."""
    raw = values.text(obj.get("/Contents"))
    if raw:
        return raw
    return values.rich_text(obj.get("/RC"))


def _clean(value: str | None) -> str | None:
    return " ".join(value.split()) if value and value.strip() else None


def _edit(kind: str, strike: _Annot | None, caret: _Annot | None, comment: Comment,
          replies: tuple[Reply, ...]) -> Edit | None:
    words = next(((r.comment.text, "reply") for r in replies if r.comment.text and not r.state), None)
    if caret is not None:
        paragraph = values.name(caret.obj.get("/Sy")) == "P"
        text = _typed(caret.obj) or comment.text or None  # the caret's own words, spaces and all, are the new text
        source = "caret"
        if text is None and words:
            text, source = words
        action = "replace" if strike is not None else "insert"
        return Edit(action, text, source, certain=source == "caret" and (text is not None or paragraph),
                    paragraph=paragraph)
    if kind == "strike-out":
        if comment.text:
            return Edit("replace", comment.text, "comment", certain=False)
        if words:
            return Edit("replace", words[0], "reply", certain=False)
        return Edit("delete", None, "strike-out", certain=True)
    return None


def _rect(obj: pikepdf.Dictionary) -> Box | None:
    r = values.numbers(obj.get("/Rect"))
    if not r or len(r) != 4:
        return None
    return Box(min(r[0], r[2]), min(r[1], r[3]), max(r[0], r[2]), max(r[1], r[3]))


def _inner_rect(obj: pikepdf.Dictionary) -> Box:
    """/Rect less /RD (the margin some writers leave around a caret, rectangle or ellipse)."""
    rect = _rect(obj) or Box(0, 0, 0, 0)
    rd = values.numbers(obj.get("/RD"))
    if rd and len(rd) == 4 and rd[0] + rd[2] < rect.x1 - rect.x0 and rd[1] + rd[3] < rect.y1 - rect.y0:
        return Box(rect.x0 + rd[0], rect.y0 + rd[3], rect.x1 - rd[2], rect.y1 - rd[1])
    return rect


def _quads(obj: pikepdf.Dictionary) -> list[tuple[float, ...]]:
    points = values.numbers(obj.get("/QuadPoints"))
    if not points or len(points) % 8:
        return []
    return [tuple(points[i:i + 8]) for i in range(0, len(points), 8)]


def _shape_area(obj: pikepdf.Dictionary) -> Box | None:
    """The area a shape encloses: a rectangle's or ellipse's box, the box around an ink drawing's strokes or a
    polygon's vertices."""
    subtype = values.name(obj.get("/Subtype"))
    if subtype in ("Square", "Circle"):
        return _inner_rect(obj)
    points: list[float] = []
    if subtype == "Ink":
        strokes = obj.get("/InkList")
        for stroke in strokes if isinstance(strokes, pikepdf.Array) else []:
            points += values.numbers(stroke) or []
    else:
        points = values.numbers(obj.get("/Vertices")) or []
    if len(points) < 4:
        return _rect(obj)
    return Box.around(points[0::2], points[1::2])


def _attachment_name(obj: pikepdf.Dictionary) -> str:
    spec = obj.get("/FS")
    if isinstance(spec, pikepdf.Dictionary):
        return values.text(spec.get("/UF")) or values.text(spec.get("/F")) or "(no name)"
    return values.text(spec) or "(no name)"


# --- form answers ---------------------------------------------------------------------------------------------


def _answers(pdf: pikepdf.Pdf, pages: dict[str, int], widgets: list[pikepdf.Dictionary]) -> list[Answer]:
    """Every terminal form field, by full name, with the value the author left in it: the AcroForm's fields, and
    the fields of widgets on the pages that the AcroForm does not list (some writers forget to)."""
    form = pdf.Root.get("/AcroForm")
    fields = form.get("/Fields") if isinstance(form, pikepdf.Dictionary) else None
    seen: set = set()
    found = list(_terminal_fields(fields if isinstance(fields, pikepdf.Array) else pikepdf.Array(), seen=seen))
    for widget in widgets:
        top = _top_field(widget)
        if not (top.is_indirect and top.objgen in seen):
            found += _terminal_fields(pikepdf.Array([top]), seen=seen)
    answers = {}
    for name, node, inherited in found:
        if name in answers:
            continue
        widget = _widget_of(node)
        page = pages.get(_ref(widget, 0, 0)) if widget is not None and widget.is_indirect else None
        value = node.get("/V") if "/V" in node else inherited.get("/V")
        kind = _field_kind(values.name(inherited.get("/FT")), int(values.number(inherited.get("/Ff")) or 0))
        answers[name] = Answer(name, query_number(name), kind, _field_value(value, node.get("/RV")), page,
                               _rect(widget) if widget is not None else None)
    return sorted(answers.values(), key=lambda a: (a.query is None, a.query or 0, a.field))


def _top_field(widget: pikepdf.Dictionary) -> pikepdf.Dictionary:
    """The field at the top of a widget's /Parent chain (the widget itself when it has no parent)."""
    node, seen = widget, set()
    while isinstance(node.get("/Parent"), pikepdf.Dictionary) and node.objgen not in seen:
        seen.add(node.objgen)
        node = node.Parent
    return node


def _terminal_fields(kids: pikepdf.Array, prefix: str = "", inherited: dict | None = None,
                     seen: set | None = None) -> Iterator[tuple[str, pikepdf.Dictionary, dict]]:
    """(full name, field dictionary, the inheritable entries /FT /V /Ff in force) of each terminal field. A field
    met again (a loop in /Kids) is not entered twice; a field without a name is named so."""
    seen = set() if seen is None else seen
    for node in kids:
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        part = values.text(node.get("/T"))
        name = f"{prefix}.{part}" if prefix and part else (part or prefix)
        here = dict(inherited or {})
        for key in ("/FT", "/V", "/Ff"):
            if key in node:
                here[key] = node.get(key)
        children = node.get("/Kids")
        named = [k for k in children if isinstance(k, pikepdf.Dictionary) and "/T" in k
                 and not (k.is_indirect and k.objgen in seen)] if isinstance(children, pikepdf.Array) else []
        if named:
            yield from _terminal_fields(pikepdf.Array(named), name, here, seen)
        else:
            yield name or "(a field without a name)", node, here


def _widget_of(node: pikepdf.Dictionary) -> pikepdf.Dictionary | None:
    if values.name(node.get("/Subtype")) == "Widget":
        return node
    kids = node.get("/Kids")
    if isinstance(kids, pikepdf.Array) and len(kids) and isinstance(kids[0], pikepdf.Dictionary):
        return kids[0]
    return None


def _field_kind(field_type: str | None, flags: int) -> str:
    if field_type == "Btn":
        return "button" if flags & (1 << 16) else "checkbox"  # push buttons hold no value
    return {"Tx": "text", "Ch": "choice", "Sig": "signature"}.get(field_type or "", "text")


def _field_value(value: object, rich: object) -> str | None:
    if isinstance(value, pikepdf.Name):
        state = values.name(value)
        return None if state in (None, "Off") else state
    if isinstance(value, pikepdf.Array):
        chosen = [t for t in (values.text(v) for v in value) if t]
        return "; ".join(chosen) if chosen else None
    if isinstance(value, pikepdf.Dictionary):
        return "(signed)"
    text = values.text(value)
    if not (text or "").strip():
        text = values.rich_text(rich)
    return text.strip() if text and text.strip() else None
