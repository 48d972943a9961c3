"""Fonts of the PDFs: the journal's font faces (config: house_style.fonts.print) -> @font-face CSS for
WeasyPrint, and the missing-glyph check.

templates/print.css names only families ("Print Sans", "Print Math", "Print Mono"); the journal config says
which files they are. The files are looked for in templates/fonts/ first (to pin exact font versions with the
project) and then among the fonts fontconfig knows (`make install` installs the system's DejaVu packages:
pipeline/machine/system.py).

The check reads the laid-out document: every character of every text box must have a glyph in the face
that box asks for (family, weight, style), or in a later configured family of its font-family list, which
is where Pango falls back to. A character found in none of them would be drawn from some other system
font, or as a missing-glyph box.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

from pipeline.config.journal import FontFace
from pipeline.diagnostics import fail
from pipeline.render.pdf_boxes import children

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"
FONT_DIRS: tuple[Path, ...] = (TEMPLATES / "fonts",)


Faces = Sequence[FontFace]


@cache
def system_fonts() -> dict[str, Path]:
    """File name -> path of every font fontconfig knows (the first path in sorted order, where a name is in
    several folders, so that the choice is the same on every run)."""
    if not shutil.which("fc-list"):
        return {}
    out = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, check=False).stdout
    found: dict[str, Path] = {}
    for line in sorted(set(out.splitlines())):
        if line:
            found.setdefault(Path(line).name, Path(line))
    return found


def find_font(face: FontFace) -> Path | None:
    for folder in FONT_DIRS:
        path = folder / face.file
        if path.is_file():
            return path
    path = system_fonts().get(face.file)
    return path if path is not None and path.is_file() else None


def font_path(face: FontFace) -> Path:
    path = find_font(face)
    if path is None:
        raise fail("render.failed", f"font file {face.file} ({face.family}) is not installed (not in "
                   f"{', '.join(str(folder) for folder in FONT_DIRS)}, nor known to fontconfig): run `make doctor`")
    return path


def font_face_css(faces: Faces) -> str:
    """@font-face rules for every face, with the files' absolute URLs."""
    rules = []
    for face in faces:
        rules.append(f'@font-face {{ font-family: "{face.family}"; src: url("{font_path(face).as_uri()}"); '
                     f"font-weight: {face.weight}; font-style: {face.style}; }}")
    return "\n".join(rules) + "\n"


@cache
def _codepoints(path: Path) -> frozenset[int]:
    with TTFont(str(path), lazy=True) as font:
        return frozenset(font.getBestCmap())


def _face(faces: Faces, family: str, weight: int, style: str) -> FontFace | None:
    """The face WeasyPrint picks from the faces: the family's nearest weight, italic when asked and present."""
    candidates = [face for face in faces if face.family == family]
    if not candidates:
        return None
    italic = style in ("italic", "oblique")
    styled = [face for face in candidates if (face.style == "italic") == italic] or candidates
    bold = weight >= 600
    return next((face for face in styled if (face.weight >= 600) == bold), styled[0])


@cache
def _advances(path: Path) -> tuple[dict[int, int], int]:
    with TTFont(str(path), lazy=True) as font:
        metrics = font["hmtx"].metrics
        widths = {code: metrics[name][0] for code, name in font.getBestCmap().items()}
        return widths, font["head"].unitsPerEm


def text_width(faces: Faces, family: str, weight: int, text: str, size: float) -> float:
    """The advance width of `text` set in the family's face at `size` (no kerning: for short labels such as line
    numbers, whose digits have one width); 0 when the family has no face."""
    face = _face(faces, family, weight, "normal")
    if face is None:
        return 0.0
    widths, units = _advances(font_path(face))
    return sum(widths.get(ord(char), units // 2) for char in text) * size / units


def covers(faces: Faces, families: Sequence[str], weight: int, style: str, char: str) -> bool:
    return ord(char) in _covered(tuple(faces), tuple(families), weight, style)


@cache
def _covered(faces: tuple[FontFace, ...], families: tuple[str, ...], weight: int, style: str) -> frozenset[int]:
    """The characters the faces WeasyPrint picks from these families for this weight and style can draw (worked
    out once: a page has thousands of characters, set in a handful of styles)."""
    covered: frozenset[int] = frozenset()
    for family in families:
        face = _face(faces, family, weight, style)
        if face is not None:
            covered |= _codepoints(font_path(face))
    return covered


def _text_boxes(box) -> Iterator:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        yield box
    for child in children(box):
        yield from _text_boxes(child)


def _ignorable(char: str) -> bool:
    # whitespace, controls, soft hyphens and joiners are not drawn from a glyph
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp")


def missing_glyphs(document, faces: Faces) -> list[tuple[str, int]]:
    """(character, page number from 1) for each character no configured face can draw, first place only."""
    faces = tuple(faces)
    known = {face.family for face in faces}
    missing: dict[str, int] = {}
    for index, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        roots = [page_box, getattr(page_box, "footnote_area", None)]
        for root in roots:
            if root is None:
                continue
            for text_box in _text_boxes(root):
                style = text_box.style
                families = tuple(family for family in style["font_family"] if family in known)
                covered = _covered(faces, families, int(style["font_weight"]), style["font_style"])
                for char in set(text_box.text):
                    if char not in missing and ord(char) not in covered and not _ignorable(char):
                        missing[char] = index
    return sorted(missing.items(), key=lambda item: (item[1], item[0]))
