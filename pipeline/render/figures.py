"""Figure files as authors supplied them -> the article's figures/ folder, in formats every reader displays.

JPEG files are copied as they are; TIFF, PNG, GIF and BMP become PNG (lossless, no timestamp, so the same
input gives the same bytes). The names are those the JATS uses (ingest chose them: f1a.png, sf2.jpg).
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from pipeline.diagnostics import Finding, fail
from pipeline.xmlio import write_bytes_atomic


def materialize(figures: dict[str, Path], folder: Path) -> list[Finding]:
    findings: list[Finding] = []
    for name, source in sorted(figures.items()):
        target = folder / name
        try:
            if name.endswith(".jpg") and source.suffix.lower() in (".jpg", ".jpeg"):
                data = source.read_bytes()
                Image.open(io.BytesIO(data)).verify()
            else:
                data = to_png(source)
        except (OSError, UnidentifiedImageError, SyntaxError) as exc:
            findings.append(Finding.of("input.bad-image", f"the figure file cannot be read as an image ({exc})",
                                       file=str(source)))
            continue
        write_bytes_atomic(target, data)
    return findings


def to_png(source: Path) -> bytes:
    with Image.open(source) as image:
        image.load()
        if image.mode not in ("1", "L", "LA", "RGB", "RGBA", "P", "I;16"):
            image = image.convert("RGB")  # CMYK and other print modes: the web shows RGB
        buffer = io.BytesIO()
        image.save(buffer, "PNG", optimize=False)
    return buffer.getvalue()


def require_image(path: Path) -> None:
    try:
        with Image.open(path) as image:
            image.verify()
    except (OSError, UnidentifiedImageError, SyntaxError) as exc:
        raise fail("input.bad-image", f"not a readable image ({exc})", file=str(path)) from None
