"""An article's inputs against the journal's limits (config `limits`): plain functions a stage calls.

Each check looks before the expensive work: the nesting of an XML part once it is parsed, the length of every
paragraph and the cells of every table before pandoc reads the file, the number of references before they are
parsed, a figure's size and pixels from its header before it is decoded. Over a limit the manuscript is an
error for that article alone (`input.over-limit`, a PipelineError), naming the file, the part and the limit;
a figure over a limit is a finding and the figure is left out. The zip-level budgets (unpacked sizes,
compression ratio) are package.py's, checked from the zip directory as the file is opened.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from lxml import etree
from PIL import Image, UnidentifiedImageError

from pipeline.config.journal import MB, Limits
from pipeline.diagnostics import Finding, fail

CONFIG = "in the journal config"


def check_nesting(root: etree._Element, part: str, limits: Limits, file: str) -> None:
    """Elements inside elements, counted without recursion (a crafted file nests thousands deep)."""
    depth = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > limits.nesting_depth:
            raise fail("input.over-limit", f"the Word file's {part} nests elements more than "
                       f"{limits.nesting_depth} deep (limits.nesting_depth {CONFIG}); Word documents nest fewer "
                       "than 50 (a table in a table in a table…). Ask for the file again, saved from Word.",
                       file=file)


def check_paragraphs(paragraphs: Iterable[tuple[str, str]], limits: Limits, file: str) -> None:
    """(text, where) of every paragraph: none may be longer than the limit."""
    for text, where in paragraphs:
        if len(text) > limits.paragraph_characters:
            start = " ".join(text[:60].split())
            raise fail("input.over-limit", f"the paragraph has {len(text):,} characters, over the limit of "
                       f"{limits.paragraph_characters:,} for one paragraph (limits.paragraph_characters {CONFIG}); "
                       f"it starts “{start}…”. Ask the author to break it into paragraphs.",
                       file=file, location=where)


def check_tables(tables: Iterable[tuple[int, str]], limits: Limits, file: str) -> None:
    """(cells, where) of every table."""
    for cells, where in tables:
        if cells > limits.table_cells:
            raise fail("input.over-limit", f"the table has {cells:,} cells, over the limit of {limits.table_cells:,} "
                       f"for one table (limits.table_cells {CONFIG}); a table that large belongs in a "
                       "supplementary file.", file=file, location=where)


def check_references(count: int, limits: Limits, file: str) -> None:
    if count > limits.references:
        raise fail("input.over-limit", f"the reference list has {count:,} entries, over the limit of "
                   f"{limits.references:,} (limits.references {CONFIG}); check that the list ends where the "
                   "references end.", file=file, location="references")


def check_figure(path: Path, limits: Limits) -> Finding | None:
    """None when the figure file is an image within the limits; otherwise the finding that says why not. Only the
    file's size and its header are read: the pixels are not decoded."""
    where = {"file": str(path), "stage": "ingest"}
    size = path.stat().st_size
    if size > limits.figure_mb * MB:
        return Finding.of("input.over-limit", f"the figure file {path.name} is {size / MB:,.1f} MB, over the limit "
                          f"of {limits.figure_mb} MB (limits.figure_mb {CONFIG}); it is left out. Ask for a smaller "
                          "file.", **where)
    ceiling = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None  # only the header is read here: the journal's limit decides, naming the figure
    try:
        with Image.open(path) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        return Finding.of("input.bad-image", f"the figure file {path.name} is not an image: {_not_image(path, exc)}; "
                          "it is left out. Ask for the figure again.", **where)
    finally:
        Image.MAX_IMAGE_PIXELS = ceiling
    if width * height > limits.image_pixels:
        return Finding.of("input.over-limit", f"the figure file {path.name} is {width:,} × {height:,} pixels, "
                          f"{width * height / 1e6:,.0f} megapixels, "
                          f"over the limit of {limits.image_pixels / 1e6:,.0f} megapixels (limits.image_pixels "
                          f"{CONFIG}); it is left out and was not decoded. Ask for a smaller file: 300 dpi at the "
                          "printed size is enough.", **where)
    return None


def _not_image(path: Path, exc: Exception) -> str:
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError:
        return "it cannot be read"
    if not head:
        return "the file is empty"
    if head.startswith(b"%PDF"):
        return "it is a PDF"
    if b"\x00" not in head and all(c >= 0x20 or c in b"\r\n\t" for c in head[:200]):
        return "it holds text"
    if isinstance(exc, UnidentifiedImageError):
        return "its content is no image format the pipeline can read (TIFF, JPEG, PNG, EPS)"
    return f"it is damaged ({exc})"
