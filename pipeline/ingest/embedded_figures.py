"""The pictures pasted into a Word manuscript -> figure images, each paired with the legend it sits beside.

Many authors paste their figures into the manuscript. The main text is read in document order (body, table
cells, text boxes; a drawing's VML copy in mc:Fallback is the same picture and is read once; deleted pictures
are not read), and each picture (DrawingML `a:blip`, VML `v:imagedata`) is paired with a legend:

- the legend paragraph that holds it ("Figure 2: … [picture]");
- otherwise the legend beside it: the first paragraph with text after it, or before it (past one title line
  when the paragraph before that is a bare label, "Figure 4" / title / picture, as APA has it). Pictures with
  nothing but empty paragraphs between them are one run and go to one legend, as its parts a, b, c. Where a
  run has a legend on both sides, the side most of the manuscript's pictures have theirs on wins;
- otherwise the figure its alt text names ("Fig 3"), when no picture sits beside that figure's legend.

A legend is a "Figure N" / "Fig. N" paragraph (figures.legend_number). What is not a figure is not taken: a picture
in a page header (a logo; headers are not the main text), the preview image of an embedded object (an equation
typed in Equation Editor or MathType, `w:object`), a picture inline in a line of running text, a picture with no
legend beside it. The same picture placed twice for one figure is taken once.

Pictures are returned with their bytes (from the package, within its limits), their pixel size and the width they
are placed at in Word, from which their resolution is judged (`resolution`).
"""

from __future__ import annotations

import io
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from PIL import Image, UnidentifiedImageError

from pipeline.config.journal import Limits
from pipeline.diagnostics import Finding
from pipeline.ingest import labels, wordfile
from pipeline.ingest.figures import BARE_LABEL, FigureFile, FigureKey, FromManuscript, figure_key, legend_number
from pipeline.ingest.wordfile import NS, WordFile, paragraph_text
from pipeline.xmlio import write_bytes_atomic

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
EMU_PER_INCH = 914_400
POINTS_PER_INCH = 72
# What Pillow reads (and the pipeline converts, as it converts supplied figures: render/figures.py).
RASTER_FORMATS = {"PNG": ".png", "JPEG": ".jpg", "TIFF": ".tif", "GIF": ".gif", "BMP": ".bmp"}
# An alt text that names a figure: "Fig 3", "Figure S2: …" (the label alone, read as a bare label).
_NAMED = re.compile(r"^\s*(?:supplementa(?:ry|l)\s+)?(?:figure|fig\.?)\s*" + labels.NUMBER, re.I)
_VML_WIDTH = re.compile(r"(?:^|;)\s*width\s*:\s*([\d.]+)\s*(pt|in|cm|mm|px)?", re.I)
_UNIT_INCHES = {"pt": 1 / POINTS_PER_INCH, "in": 1.0, "cm": 1 / 2.54, "mm": 1 / 25.4, "px": 1 / 96, "": 1 / 96}


@dataclass
class Picture:
    part: str  # the picture's part in the Word file: word/media/image3.png
    where: str  # for people: "paragraph 12", "Word table 2, row 1, cell 1"
    width_inches: float | None  # the width it is placed at in the manuscript
    description: str = ""  # its alt text and title in Word ("Fig 3")
    data: bytes = b""
    format: str | None = None  # Pillow's name for it (PNG, JPEG …); None: no image Pillow reads (EMF, WMF …)
    pixels: tuple[int, int] = (0, 0)

    @property
    def kind(self) -> str:
        """What the picture is, for people: 'PNG', or the part's extension for what cannot be read ('EMF')."""
        return self.format or posixpath.splitext(self.part)[1].lstrip(".").upper() or "unknown"

    @property
    def suffix(self) -> str:
        return RASTER_FORMATS.get(self.format or "", "")

    def resolution(self) -> int | None:
        """Pixels per inch at the width the author placed it at (None when Word does not say the width)."""
        if not self.width_inches or not self.pixels[0]:
            return None
        return round(self.pixels[0] / self.width_inches)


@dataclass
class EmbeddedFigure:
    """The pictures the manuscript holds for one legend, in order (more than one: its parts a, b, c)."""

    numbered: labels.ObjectNumber  # the legend's number ("Figure A1": series A, number 1)
    pictures: list[Picture] = field(default_factory=list)
    legend_start: str = ""  # the first words of the legend it was paired with

    @property
    def key(self) -> FigureKey:
        return figure_key(self.numbered)


@dataclass
class Found:
    figures: list[EmbeddedFigure]
    not_figures: list[tuple[Picture, str]]  # pictures not taken, and why


@dataclass
class _Paragraph:
    text: str
    pictures: list[Picture]
    inline_in_text: bool = False  # its pictures stand inline in a line of running text
    linked: list[Picture] = field(default_factory=list)  # pictures linked from outside the file (a:blip r:link)


def find(word: WordFile) -> Found:
    """The manuscript's pictures that are figures, by legend, in document order; and the others, with why not."""
    paragraphs = _paragraphs(word)
    found = Found([], [])
    # A picture linked from outside the file shows in Word but is not in the manuscript: said, never taken.
    found.not_figures.extend((p, "linked from outside the Word file, which does not hold it")
                             for para in paragraphs for p in para.linked)
    runs = _runs(paragraphs, found)
    sides = [(_legend_after(paragraphs, end), _legend_before(paragraphs, start)) for start, end, _ in runs]
    after_first = sum(after is not None for after, _ in sides) >= sum(before is not None for _, before in sides)
    used: set[int] = set()
    by_key: dict[FigureKey, EmbeddedFigure] = {}
    unpaired: list[tuple[list[Picture], bool]] = []  # pictures with no legend beside them; whether one was used
    for (start, end, pictures), (after, before) in zip(runs, sides, strict=True):
        own = next((n for n in range(start, end + 1) if legend_number(paragraphs[n].text)), None)
        choices = [own] if own is not None else ([after, before] if after_first else [before, after])
        legend = next((n for n in choices if n is not None and n not in used), None)
        if legend is None:
            unpaired.append((pictures, any(n is not None for n in choices)))
            continue
        used.add(legend)
        numbered = legend_number(paragraphs[legend].text)
        assert numbered is not None
        key = figure_key(numbered)
        if key in by_key:  # a legend typed twice with a picture at each: the first is the figure
            found.not_figures.extend((p, f"{_label(key)} already has its picture") for p in pictures
                                     if p.part not in {q.part for q in by_key[key].pictures})
            continue
        if numbered.part and len(_distinct(pictures)) > 1:  # which of them is "Figure 1a" is not known
            found.not_figures.extend((p, f"{_label(key)} is one part of a figure and has several pictures beside it")
                                     for p in pictures)
            continue
        by_key[key] = EmbeddedFigure(numbered, _distinct(pictures), " ".join(paragraphs[legend].text.split()[:8]))
        found.figures.append(by_key[key])
    for pictures, beside_used_legend in unpaired:  # a legend beside a picture goes first; then an alt text
        named = _named(pictures)  # that names the figure ("Fig 3")
        if named is not None and figure_key(named) not in by_key:
            by_key[figure_key(named)] = EmbeddedFigure(named, _distinct(pictures), pictures[0].description)
            found.figures.append(by_key[figure_key(named)])
            continue
        reason = "a second picture beside the same legend" if beside_used_legend else "no “Figure N” legend beside it"
        found.not_figures.extend((p, reason) for p in pictures)
    return found


def _named(pictures: list[Picture]) -> labels.ObjectNumber | None:
    """The figure the pictures' alt texts all name ("Fig 3", "Figure 3: PRISMA diagram"), if they name one."""
    named = [(m := _NAMED.match(p.description)) and legend_number(m.group(0)) for p in pictures]
    if not named or None in named or len({figure_key(n) for n in named}) != 1:
        return None
    return named[0]


def _label(key: FigureKey) -> str:
    return f"{'Supplementary ' if key[0] else ''}Figure {key[1]}"


def _distinct(pictures: list[Picture]) -> list[Picture]:
    """The same picture placed twice in one run is one picture."""
    seen: dict[str, Picture] = {}
    for picture in pictures:
        seen.setdefault(picture.part, picture)
    return list(seen.values())


def _runs(paragraphs: list[_Paragraph], found: Found) -> list[tuple[int, int, list[Picture]]]:
    """(first, last paragraph, pictures) of each run of pictures with only empty paragraphs between them."""
    runs: list[tuple[int, int, list[Picture]]] = []
    for n, para in enumerate(paragraphs):
        if not para.pictures:
            continue
        if para.inline_in_text:
            found.not_figures.extend((p, "it stands inline in a line of text") for p in para.pictures)
            continue
        if runs and not legend_number(para.text) and not legend_number(paragraphs[runs[-1][1]].text) and all(
                not paragraphs[m].text.strip() for m in range(runs[-1][1] + 1, n)):
            first, _, pictures = runs[-1]
            runs[-1] = (first, n, pictures + para.pictures)
        else:
            runs.append((n, n, list(para.pictures)))
    return runs


def _legend_after(paragraphs: list[_Paragraph], end: int) -> int | None:
    n = _next_text(paragraphs, end, +1)
    return n if n is not None and legend_number(paragraphs[n].text) else None


def _legend_before(paragraphs: list[_Paragraph], start: int) -> int | None:
    n = _next_text(paragraphs, start, -1)
    if n is None:
        return None
    if legend_number(paragraphs[n].text):
        return n
    label = _next_text(paragraphs, n, -1)  # "Figure 4" / its title / the picture
    if label is not None and BARE_LABEL.match(" ".join(paragraphs[label].text.split())):
        return label
    return None


def _next_text(paragraphs: list[_Paragraph], n: int, step: int) -> int | None:
    """The nearest paragraph with text from n (exclusive) in one direction, not past a paragraph of pictures."""
    n += step
    while 0 <= n < len(paragraphs):
        if paragraphs[n].text.strip():
            return n
        if paragraphs[n].pictures:
            return None
        n += step
    return None


def as_files(found: Found, folder: Path | None, limits: Limits
             ) -> tuple[dict[FigureKey, list[FigureFile]], dict[Path, Picture]]:
    """The figures' pictures as figure files, named as supplied files are (fig1.png, fig2a.jpg, figS1.png) in
    `folder` (the article's build folder: never the issue's; None: `pipeline convert`, which writes its JATS
    alone), and the picture behind each path. Nothing is written here: `write` writes the ones a figure takes.
    A picture the pipeline cannot convert (EMF, WMF) or over the journal's pixel limit comes with its problem,
    so that its legend's finding can say why the figure has no image."""
    files: dict[FigureKey, list[FigureFile]] = {}
    pictures: dict[Path, Picture] = {}
    for figure in found.figures:
        numbered, several = figure.numbered, len(figure.pictures) > 1
        series = "" if numbered.series == "S" else numbered.series
        for n, picture in enumerate(figure.pictures[:26]):
            part = chr(ord("a") + n) if several else numbered.part or None  # "Figure 1a" has one picture here
            name = (f"fig{'S' if numbered.supplementary else ''}{series}{numbered.number}{part or ''}"
                    f"{picture.suffix or '.bin'}")
            path = Path(folder or ".") / name
            pictures[path] = picture
            source = FromManuscript(picture.where, picture.kind, picture.resolution(), _problem(picture, limits))
            files.setdefault(figure.key, []).append(
                FigureFile(path, numbered.number, part, numbered.supplementary, source, series))
    return files, pictures


def write(paths: list[Path], pictures: dict[Path, Picture]) -> None:
    """The pictures the figures took, as the Word file holds them (the figure stage converts them as it converts
    supplied files)."""
    for path in sorted(paths):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(path, pictures[path].data)


def _problem(picture: Picture, limits: Limits) -> str | None:
    if picture.format is None:
        return (f"the picture beside its legend in the manuscript ({picture.where}) is {picture.kind}, which the "
                "pipeline cannot convert: ask for the figure as a TIFF or JPEG file")
    width, height = picture.pixels
    if width * height > limits.image_pixels:
        return (f"the picture beside its legend in the manuscript ({picture.where}) is {width:,} × {height:,} "
                f"pixels, over the limit of {limits.image_pixels / 1e6:,.0f} megapixels (limits.image_pixels in the "
                "journal config)")
    return None


def not_figures_finding(found: Found, unused: list[Picture], source: str) -> Finding | None:
    """One finding for the pictures of the manuscript that are no figure of the article, saying where and why."""
    left = found.not_figures + [(p, "the paragraph beside it is not read as a figure legend") for p in unused]
    if not left:
        return None
    listed = "; ".join(f"{p.where} ({p.kind}: {why})" for p, why in left[:12])
    more = f"; and {len(left) - 12} more" if len(left) > 12 else ""
    return Finding.of("ingest.embedded-image", f"{len(left)} picture(s) embedded in the Word file are not figures "
                      f"of the article and are not carried over: {listed}{more}", file=source, stage="ingest")


# --- the Word file ----------------------------------------------------------------------------------------------

def _paragraphs(word: WordFile) -> list[_Paragraph]:
    body = word.document.find("w:body", NS)
    if body is None:
        return []
    rels = {r.id: r.target for r in word.package.relationships(word.main)}  # r:id -> the picture's part
    out: list[_Paragraph] = []
    places = wordfile.paragraph_places(word)  # numbered as the nothing-lost check numbers them
    for p in body.iter(wordfile._w("p")):
        if _excluded(p):
            continue
        pictures, linked = [], []
        for node in p.iter(f"{{{NS['a']}}}blip", f"{{{NS['v']}}}imagedata"):
            if _excluded(node) or _owned_by_inner_paragraph(node, p):
                continue
            where = places.get(p, "the main text")
            picture = _picture(word, node, rels, where)
            if picture is not None:
                pictures.append(picture)
            elif node.get(f"{{{R}}}link") and not node.get(f"{{{R}}}embed"):
                linked.append(Picture("", where, _placed_width(node), _description(node)))
        text = " ".join(paragraph_text(p).split())
        inline = (bool(pictures) and bool(text) and legend_number(text) is None
                  and p.find(".//wp:anchor", {"wp": WP}) is None)
        out.append(_Paragraph(text, pictures, inline, linked))
    return out


def _excluded(node: etree._Element) -> bool:
    """In a drawing's VML copy (mc:Fallback), in deleted text, or the preview of an embedded object."""
    stops = {f"{{{NS['mc']}}}Fallback", wordfile._w("del"), wordfile._w("moveFrom"), wordfile._w("object")}
    return any(a.tag in stops for a in node.iterancestors())


def _owned_by_inner_paragraph(node: etree._Element, p: etree._Element) -> bool:
    """A picture in a text box is its own paragraph's, not the paragraph that anchors the box."""
    for ancestor in node.iterancestors():
        if ancestor is p:
            return False
        if ancestor.tag == wordfile._w("p"):
            return True
    return False


def _picture(word: WordFile, node: etree._Element, rels: dict[str, str], where: str) -> Picture | None:
    rid = node.get(f"{{{R}}}embed") or node.get(f"{{{R}}}id")
    part = rels.get(rid or "")
    if part is None:
        return None  # a linked picture (outside the file) or a broken reference: nothing to take
    picture = Picture(part, where, _placed_width(node), _description(node))
    picture.data = word.package.read(part)
    ceiling = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None  # only the header is read: the journal's limit decides (as_files)
    try:
        with Image.open(io.BytesIO(picture.data)) as image:  # the header only: no pixel is decoded here
            if image.format in RASTER_FORMATS:
                picture.format, picture.pixels = image.format, image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        pass  # EMF, WMF, a damaged part: reported when it would be a figure
    finally:
        Image.MAX_IMAGE_PIXELS = ceiling
    return picture


def _description(node: etree._Element) -> str:
    """The alt text and title Word keeps for the picture (wp:docPr; a VML shape's alt and o:title)."""
    if node.tag == f"{{{NS['v']}}}imagedata":
        shape = node.getparent()
        values = [] if shape is None else [shape.get("alt"), node.get(f"{{{NS['o']}}}title")]
    else:
        holder = next((a for a in node.iterancestors() if a.tag in (f"{{{WP}}}inline", f"{{{WP}}}anchor")), None)
        doc_pr = holder.find(f"{{{WP}}}docPr") if holder is not None else None
        values = [] if doc_pr is None else [doc_pr.get("descr"), doc_pr.get("title")]
    return " ".join(" ".join(v for v in values if v).split())


def _placed_width(node: etree._Element) -> float | None:
    """The width, in inches, the picture has in the manuscript (a picture in a group: its share of the group)."""
    if node.tag == f"{{{NS['v']}}}imagedata":
        shape = node.getparent()
        m = _VML_WIDTH.search(shape.get("style") or "") if shape is not None else None
        return float(m.group(1)) * _UNIT_INCHES[(m.group(2) or "").lower()] if m else None
    holder = next((a for a in node.iterancestors() if a.tag in (f"{{{WP}}}inline", f"{{{WP}}}anchor")), None)
    extent = holder.find(f"{{{WP}}}extent") if holder is not None else None
    if extent is None or not (extent.get("cx") or "").isdigit():
        return None
    width = int(extent.get("cx")) / EMU_PER_INCH
    pic = next((a for a in node.iterancestors() if a.tag == f"{{{PIC}}}pic"), None)
    group = next((a for a in node.iterancestors() if a.tag.endswith("}wgp") or a.tag.endswith("}grpSp")), None)
    if pic is not None and group is not None:
        own = pic.find(f"{{{PIC}}}spPr/{{{NS['a']}}}xfrm/{{{NS['a']}}}ext")
        whole = group.find(f".//{{{NS['a']}}}chExt")
        if own is not None and whole is not None and int(whole.get("cx") or 0) > 0:
            width *= int(own.get("cx") or 0) / int(whole.get("cx"))
    return width or None
