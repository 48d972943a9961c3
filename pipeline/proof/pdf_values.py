"""PDF values as an annotation carries them -> plain Python: text strings, dates, colours, rich text.

Readers disagree on the small things: Acrobat writes dates as D:20240502101112+02'00', Preview with Z00'00',
some tools leave out the D: or the closing apostrophe; text strings come as PDFDocEncoding, UTF-16BE with a
byte-order mark, or (older pdf.js, for the author's name) bare UTF-8 bytes; rich text (/RC) is an XHTML
body. Each function here reads every such form and never raises on a bad value: a value it cannot read
comes back as None (dates, colours) or as the characters it could read (text).
"""

from __future__ import annotations

import datetime as dt
import re

import pikepdf
from lxml import etree

DATE = re.compile(r"""^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?
                      \s*(?:(Z)|([+-])(\d{2})'?(\d{2})?'?)?""", re.X)
XHTML_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr"}


def text(value: object) -> str | None:
    """A PDF text string as str (None when the value is not a string), line ends as \\n."""
    if not isinstance(value, pikepdf.String):
        return None
    raw = bytes(value)
    decoded = None
    if raw.startswith((b"\xfe\xff", b"\xef\xbb\xbf")) or not any(b >= 0x80 for b in raw):
        decoded = str(value)  # UTF-16BE or UTF-8 with their marks, or plain ASCII: pikepdf's own reading
    else:
        try:
            decoded = raw.decode("utf-8")  # bare UTF-8: PDFDocEncoded text is almost never valid UTF-8
        except UnicodeDecodeError:
            decoded = str(value)
    return decoded.replace("\r\n", "\n").replace("\r", "\n")


def name(value: object) -> str | None:
    """A PDF name without its slash (/StrikeOutTextEdit -> StrikeOutTextEdit)."""
    return str(value)[1:] if isinstance(value, pikepdf.Name) else None


def number(value: object) -> float | None:
    """A PDF number (pikepdf gives int or Decimal) as float; None for anything else."""
    if isinstance(value, (bool, pikepdf.String, pikepdf.Name, pikepdf.Array, pikepdf.Dictionary)):
        return None
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def numbers(value: object) -> list[float] | None:
    """A PDF array of numbers, or None when it is not one."""
    if not isinstance(value, pikepdf.Array):
        return None
    out = [number(item) for item in value]
    return None if any(n is None for n in out) else out  # type: ignore[misc]


def date(value: object) -> str | None:
    """A PDF date string as ISO 8601 ('2024-05-02T10:11:12+02:00'; without an offset when the PDF gives none)."""
    raw = text(value) if not isinstance(value, str) else value
    if not raw:
        return None
    m = DATE.match(raw.strip())
    if not m:
        return None
    year, month, day, hour, minute, second, zulu, sign, off_h, off_m = m.groups()
    try:
        moment = dt.datetime(int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0),
                             int(second or 0))
        if zulu:
            moment = moment.replace(tzinfo=dt.UTC)
        elif sign:
            offset = dt.timedelta(hours=int(off_h), minutes=int(off_m or 0))
            moment = moment.replace(tzinfo=dt.timezone(offset if sign == "+" else -offset))
    except ValueError:
        return None
    return moment.isoformat()


def colour(value: object) -> str | None:
    """/C as #rrggbb: 1 component is grey, 3 RGB, 4 CMYK (converted naively); none (transparent) is None."""
    parts = numbers(value)
    if not parts or len(parts) not in (1, 3, 4):
        return None
    parts = [min(1.0, max(0.0, p)) for p in parts]
    if len(parts) == 1:
        rgb = parts * 3
    elif len(parts) == 3:
        rgb = parts
    else:
        c, m, y, k = parts
        rgb = [(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)]
    return "#" + "".join(f"{round(p * 255):02x}" for p in rgb)


def rich_text(value: object) -> str | None:
    """/RC (a string or a stream of XHTML) as plain text: one line per paragraph, <br/> as a line end."""
    if isinstance(value, pikepdf.Stream):
        try:
            data = value.read_bytes()
        except pikepdf.PdfError:
            return None
        markup = data.decode("utf-16") if data.startswith(b"\xfe\xff") else data.decode("utf-8", "replace")
    else:
        markup = text(value)
    if not markup or not markup.strip():
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(markup.strip().encode("utf-8"), parser)
    except etree.XMLSyntaxError:
        root = None
    if root is None:  # not XML at all: keep the characters without the tags
        return _tidy(re.sub(r"<[^>]*>", "", markup))
    pieces: list[str] = []
    _walk(root, pieces)
    return _tidy("".join(pieces))


def _walk(element: etree._Element, pieces: list[str]) -> None:
    local = etree.QName(element).localname if isinstance(element.tag, str) else ""
    if local == "br":
        pieces.append("\n")
    block = local in XHTML_BLOCKS
    if block:
        pieces.append("\n")
    if element.text and isinstance(element.tag, str):
        pieces.append(element.text)
    for child in element:
        _walk(child, pieces)
        if child.tail:
            pieces.append(child.tail)
    if block:
        pieces.append("\n")


def _tidy(value: str) -> str:
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in value.replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line) or ""


def same_words(a: str | None, b: str | None) -> bool:
    """Whether two texts say the same once spacing and line ends are set aside."""
    return " ".join((a or "").split()) == " ".join((b or "").split())
