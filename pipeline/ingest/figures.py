"""Figure legends + the image files supplied beside the manuscript -> JATS fig (or supplementary-material).

Authors supply one file per figure part, named as they like ("fig1a.tif",
"Figure 1a.jpg", "F1b.png", "figure-S1.png"). Each file name is read for its
figure number, part letter and whether it is supplementary; each legend
("Figure 1. ... (a) ... (b) ...") for its number and the parts it describes.
A figure gets one graphic per supplied part, in part order, so the parts stay
together as one figure. A legend without a file, or a file without a legend,
is an error that names both sides.

A figure whose legend has no file takes the pictures pasted beside its legend
in the manuscript (embedded_figures.py), when there are any; a supplied file
wins over them. Each of these decisions is a finding, and so is a picture
whose resolution is below the journal's rule (config `figures.min_dpi`).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pipeline.diagnostics import Finding
from pipeline.ingest import labels
from pipeline.ingest.blocks import Block, strip_label
from pipeline.ingest.conservation import words
from pipeline.jats import el, sub

# "fig1a", "Figure S2", "figA1" (an appendix's figure: labels.ObjectNumber's series)
FILE_NAME = re.compile(r"^(?:fig(?:ure)?|f)[\s._-]*(?:(?P<supp>s(?:upp?l?)?)|(?P<series>[a-z](?=\d)))?[\s._-]*"
                       r"(?P<num>\d+)"
                       r"[\s._-]*\(?(?P<part>[a-z])?\)?$", re.I)
SUPPLEMENTARY_PREFIX = re.compile(r"^(?:supplementa(?:ry|l)|supp?l?)[\s._-]*", re.I)
PART_IN_LEGEND = re.compile(r"\(([a-z])(?:\s*[-–—]\s*([a-z]))?((?:\s*,\s*[a-z])*)\)")
IMAGE_SUFFIXES = {".tif", ".tiff", ".jpg", ".jpeg", ".png", ".eps", ".gif", ".bmp"}
# "Figure 4" alone on its line (APA styles put the title on the next line).
BARE_LABEL = re.compile(r"^(?P<supp>(?i:supplementa(?:ry|l))\s+)?(?i:figure|fig\.?)\s+(?P<num>(?i:"
                        + labels.NUMBER + r"))\s*[.:]?$")
# What a figure is told apart by: supplementary or not, and labels.ObjectNumber.key ("Figure S1" and
# "Supplementary Figure 1" are (True, "1"); "Figure A1" is (False, "A1"), not Figure 1).
FigureKey = tuple[bool, str]


def legend_number(text: str) -> labels.ObjectNumber | None:
    """The number of a paragraph that is a figure legend or a figure's bare label; None otherwise."""
    text = " ".join(text.split())
    m = labels.FIGURE_LEGEND_LOOSE.match(text) or BARE_LABEL.match(text)
    return labels.object_number(m) if m else None


def figure_key(numbered: labels.ObjectNumber) -> FigureKey:
    return numbered.supplementary, numbered.key


@dataclass(frozen=True)
class FromManuscript:
    """A figure image taken from a picture pasted into the manuscript."""

    where: str  # where the picture is in the Word file ("paragraph 12")
    kind: str  # its format, for people: PNG, JPEG, EMF
    resolution: int | None  # pixels per inch at the width it is placed at in the manuscript
    problem: str | None = None  # why it cannot be the figure's image (a format the pipeline cannot convert)


@dataclass(frozen=True)
class FigureFile:
    path: Path
    number: int
    part: str | None
    supplementary: bool
    embedded: FromManuscript | None = None  # taken from the manuscript, not supplied as a file
    series: str = ""  # "A" in figA1.tif (labels.ObjectNumber's series)

    @property
    def target_name(self) -> str:
        """The name the figure takes in the build, in a format every reader displays: 'f1a.jpg', 'sf2.png'.
        JPEG stays JPEG; TIFF and the rest become PNG (lossless). The PMC package makes its TIFFs from the
        files the author supplied, not from these."""
        stem = f"{'sf' if self.supplementary else 'f'}{self.series}{self.number}{self.part or ''}"
        return stem + (".jpg" if self.path.suffix.lower() in (".jpg", ".jpeg") else ".png")


@dataclass
class BuiltFigure:
    element: etree._Element  # fig, or supplementary-material for supplementary figures
    number: int
    supplementary: bool
    id: str
    files: list[FigureFile] = field(default_factory=list)
    typed_label: str = ""  # the label as the author typed it ("Fig. 2."), for the nothing-lost check
    key: str = ""  # labels.ObjectNumber.key: what mentions are matched by ("1", "A2", "1a")
    plain: bool = True  # numbered in the main series (labels.ObjectNumber.plain)


def read_file_name(path: Path) -> FigureFile | None:
    stem = path.stem.strip()
    supplementary = False
    m_supp = SUPPLEMENTARY_PREFIX.match(stem)
    if m_supp and not FILE_NAME.match(stem):
        supplementary = True
        stem = stem[m_supp.end():]
    m = FILE_NAME.match(stem)
    if not m:
        return None
    return FigureFile(path, int(m.group("num")), (m.group("part") or "").lower() or None,
                      supplementary or bool(m.group("supp")), series=(m.group("series") or "").upper())


def legend_parts(text: str) -> list[str]:
    """'(a) ... (b-d) ... (e, f)' -> ['a', 'b', 'c', 'd', 'e', 'f']."""
    letters: list[str] = []
    for m in PART_IN_LEGEND.finditer(text):
        first, last, more = m.group(1), m.group(2), m.group(3)
        span = [chr(c) for c in range(ord(first), ord(last) + 1)] if last else [first]
        span += re.findall(r"[a-z]", more or "")
        for letter in span:
            if letter not in letters:
                letters.append(letter)
    return sorted(letters)


def build_figures(legends: list[Block], files: list[Path], where: str,
                  embedded: dict[FigureKey, list[FigureFile]] | None = None, min_dpi: int | None = None
                  ) -> tuple[list[BuiltFigure], list[Finding], list[Block], list[str]]:
    """Figures from legends and files (and, for a legend with no file, the pictures `embedded` beside it in the
    manuscript, by figure_key); also the findings, the legend-part blocks that belong to no legend,
    and the text of legends typed twice word for word (kept once: its words are in the JATS)."""
    embedded = embedded or {}
    findings: list[Finding] = []
    parsed: list[FigureFile] = []
    for path in files:
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            findings.append(Finding.of("input.bad-image", f"{path.name} is not an image format the journal takes "
                                       "(TIFF, JPEG, PNG, EPS)", file=str(path)))
            continue
        info = read_file_name(path)
        if info is None:
            findings.append(Finding.of(
                "ingest.file-no-figure",
                f"the file name “{path.name}” does not say which figure it is (expected names like fig1a.tif or "
                "Figure 2.jpg)", file=str(path)))
            continue
        parsed.append(info)
    entries, leftover = _legend_entries(legends)
    built: list[BuiltFigure] = []
    used: set[Path] = set()
    seen: dict[tuple[bool, str], list[str]] = {}  # the words of each figure's legend
    repeated: list[str] = []
    for entry in entries:
        supplementary, numbered, block_list = entry.supplementary, entry.numbered, entry.blocks
        label, typed = entry.label, entry.typed_label
        text = " ".join(b.text for b in block_list)
        if seen.get((supplementary, numbered.key)) == words(text) and entry.title is None:
            # The same legend twice (beside the figure in the text, and again in the legends list): one figure.
            findings.append(Finding.of(
                "ingest.legend-repeated", f"the legend of {label} is typed twice in the manuscript, word for "
                "word; the figure has it once", location=f"{where}: {label}"))
            repeated.append(text)
            continue
        if (supplementary, numbered.key) in seen:
            # Two legends with one number: the figure is the first; the second is kept as text, not dropped.
            findings.append(Finding.of(
                "ingest.figure-numbering",
                f"the manuscript has two legends for {label}; the second (“{block_list[0].text[:60]}…”) is kept "
                "at the end of the JATS under “Text the pipeline could not place”", location=f"{where}: {label}"))
            leftover.extend(([entry.title] if entry.title is not None else []) + block_list)
            continue
        seen[(supplementary, numbered.key)] = words(text)
        mine = sorted((f for f in parsed if _is_file_of(f, numbered)), key=lambda f: f.part or "")
        pasted = embedded.get(figure_key(numbered), [])
        if numbered.part and len(pasted) > 1:  # "Figure 1a" beside two pictures: which one is 1a is not known
            pasted = []
        if mine and pasted:
            findings.append(Finding.of(
                "ingest.figure-supplied-preferred",
                f"{label} is both supplied as a file ({', '.join(f.path.name for f in mine)}) and pasted into the "
                f"manuscript ({pasted[0].embedded.where}); the supplied file is used", location=f"{where}: {label}"))
        elif pasted and all(f.embedded.problem is None for f in pasted):
            mine = pasted
            findings.extend(_from_manuscript(label, pasted, min_dpi, where))
        if not mine:
            problem = next((f.embedded.problem for f in pasted if f.embedded.problem), None)
            findings.append(Finding.of(
                "ingest.figure-no-file",
                f"{label} has a legend but no image file was supplied for it (files supplied: "
                f"{', '.join(sorted(p.path.name for p in parsed if p.supplementary == supplementary)) or 'none'})"
                + (f"; {problem}" if problem else ""),
                location=f"{where}: legend of {label}"))
        used.update(f.path for f in mine)
        described = legend_parts(text)
        supplied = [f.part for f in mine if f.part]
        if described and supplied and described != supplied:
            findings.append(Finding.of(
                "ingest.unplaced",
                f"the legend of {label} describes parts {', '.join(described)}, but the files give parts "
                f"{', '.join(supplied)}", location=f"{where}: legend of {label}"))
        built.append(_figure(label, numbered, block_list, mine, entry.title, typed))
    for f in parsed:
        if f.path not in used:
            label = f"{'Supplementary ' if f.supplementary else ''}Figure {f.series}{f.number}{f.part or ''}"
            findings.append(Finding.of(
                "ingest.file-no-figure",
                f"the image file “{f.path.name}” ({label}) has no legend in the manuscript",
                file=str(f.path)))
    numbers = [b.number for b in built if not b.supplementary and b.plain]
    if numbers and numbers != list(range(1, len(numbers) + 1)):
        findings.append(Finding.of("ingest.figure-numbering",
                                   f"figures are numbered {', '.join(map(str, numbers))} instead of 1 to "
                                   f"{len(numbers)}"))
    return built, findings, leftover, repeated


def _is_file_of(f: FigureFile, numbered: labels.ObjectNumber) -> bool:
    """Whether a figure file is (a part of) the figure numbered so: fig1b.tif of Figure 1, and of Figure 1b."""
    series = "" if numbered.series == "S" else numbered.series
    return (f.supplementary, f.series, f.number) == (numbered.supplementary, series, numbered.number) and \
        (not numbered.part or f.part == numbered.part)


def _from_manuscript(label: str, pictures: list[FigureFile], min_dpi: int | None, where: str) -> list[Finding]:
    """The findings of a figure taken from the pictures in the manuscript: that it was, and any picture whose
    resolution at the size the author placed it is below the journal's rule."""
    at = f"{where}: {label}"
    kinds = ", ".join(f"{f.embedded.kind} at {f.embedded.where}" for f in pictures)
    out = [Finding.of("ingest.figure-from-manuscript", f"{label} has no figure file; its image is taken from the "
                      f"manuscript, where it is pasted beside its legend ({len(pictures)} picture(s): {kinds})",
                      location=at)]
    for f in pictures:
        dpi = f.embedded.resolution
        if min_dpi is not None and dpi is not None and dpi < min_dpi:
            part = f" part {f.part}" if f.part else ""
            out.append(Finding.of(
                "ingest.figure-low-resolution",
                f"the picture of {label}{part} in the manuscript ({f.embedded.where}) has {dpi} pixels per inch at "
                f"the size it is placed at, below the journal's {min_dpi} (figures.min_dpi in the journal config); "
                "ask the author for the figure as a file at print resolution", location=at))
    return out


@dataclass
class LegendEntry:
    supplementary: bool
    number: int
    blocks: list[Block]
    title: Block | None = None  # a heading typed above a group of legends ("Supplementary images for case 1")
    label: str = ""  # the JATS label ("Figure S3")
    typed_label: str = ""  # as the author typed it ("Fig. S3.")
    numbered: labels.ObjectNumber = field(default_factory=lambda: labels.ObjectNumber("", 0))


def _legend_entries(legends: list[Block]) -> tuple[list[LegendEntry], list[Block]]:
    """Group legend paragraphs: a 'Figure N.' paragraph and the paragraphs that continue it. A heading among
    the legends titles the legend that follows it; one with no legend after it is returned as left over."""
    entries: list[LegendEntry] = []
    pending: Block | None = None
    leftover: list[Block] = []
    for block in legends:
        m = labels.FIGURE_LEGEND_LOOSE.match(block.text) if block.kind == "para" else None
        if m:
            numbered = labels.object_number(m)
            label, typed = labels.object_label("Figure", m)
            entries.append(LegendEntry(numbered.supplementary, numbered.number, [block], pending, label, typed,
                                       numbered))
            pending = None
        elif block.kind == "heading":
            if pending is not None:
                leftover.append(pending)
            pending = block
        elif entries and block.kind == "para":
            entries[-1].blocks.append(block)
        else:
            leftover.append(block)
    if pending is not None:
        leftover.append(pending)
    return entries, leftover


def _first_sentence(text: str, limit: int = 160) -> str:
    m = labels.FIGURE_LEGEND_LOOSE.match(text)  # legends are what it is given: "Figure 1 PRISMA ..." too
    rest = m.group("rest") if m else text
    rest = re.sub(r"^\(?[a-z](\s*[-–,]\s*[a-z])*\)\s*", "", rest.strip())
    sentence = re.split(r"(?<=[a-z0-9)])\.\s", rest, maxsplit=1)[0].strip().rstrip(".")
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rsplit(" ", 1)[0] + "…"


def _figure(label: str, numbered: labels.ObjectNumber, blocks: list[Block],
            files: list[FigureFile], title: Block | None, typed_label: str) -> BuiltFigure:
    supplementary = numbered.supplementary
    fig_id = f"{'sf' if supplementary else 'f'}{numbered.key}"
    caption = el("caption")
    if title is not None:
        sub(caption, "title", title.text)
    for n, block in enumerate(blocks):
        p = copy.deepcopy(block.element)
        p.tag = "p"
        p.attrib.clear()
        if n == 0:
            strip_label(p, labels.FIGURE_LEGEND_LOOSE)
        caption.append(p)
    if supplementary:
        node = el("supplementary-material", id=fig_id, content_type="figure", position="float")
    else:
        node = el("fig", id=fig_id, position="float")
    sub(node, "label", label)
    node.append(caption)
    summary = _first_sentence(" ".join(b.text for b in blocks))
    for f in files:
        graphic = sub(node, "graphic", **{"xlink:href": f.target_name})
        if f.part:
            sub(graphic, "label", f.part)
        # Alt text: which image this is, and what its legend says first (the legend is the description).
        part = f" part {f.part}" if f.part else ""
        sub(graphic, "alt-text", f"{label}{part}: {summary}" if summary else f"{label}{part}")
    return BuiltFigure(node, numbered.number, supplementary, fig_id, files, typed_label, numbered.key, numbered.plain)
