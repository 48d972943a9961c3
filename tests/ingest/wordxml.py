"""Tiny Word files for ingest tests: a python-docx package whose body is the WordprocessingML given."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.enum.style import WD_STYLE_TYPE

DRAWING_NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
              'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"')


def make_docx(folder: Path, body: str, name: str = "manuscript.docx", styles: tuple[str, ...] = ()) -> Path:
    """A .docx whose w:body holds `body` (paragraphs, tables...), with extra paragraph styles by name."""
    document = docx.Document()
    for style in styles:
        document.styles.add_style(style, WD_STYLE_TYPE.PARAGRAPH)
    path = folder / name
    document.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    start = xml.index("<w:body>") + len("<w:body>")
    xml = xml[:start] + body + xml[start:]
    parts["word/document.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for part, data in parts.items():
            z.writestr(part, data)
    return path


def p(text: str = "", style: str | None = None, runs: str = "") -> str:
    """A paragraph: plain text, then any raw runs."""
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    plain = f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>' if text else ""
    return f"<w:p>{props}{plain}{runs}</w:p>"


def r(text: str, sup: bool = False, bold: bool = False) -> str:
    props = ("<w:b/>" if bold else "") + ('<w:vertAlign w:val="superscript"/>' if sup else "")
    return f'<w:r>{f"<w:rPr>{props}</w:rPr>" if props else ""}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def br() -> str:
    return "<w:r><w:br/></w:r>"


def table(rows: list[list[str]], header_rows: int = 0) -> str:
    out = ["<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid>"]
    out.extend('<w:gridCol w:w="2000"/>' for _ in rows[0])
    out.append("</w:tblGrid>")
    for n, row in enumerate(rows):
        head = "<w:trPr><w:tblHeader/></w:trPr>" if n < header_rows else ""
        cells = "".join(f'<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>'
                        f'{cell if cell.startswith("<w:p") else p(cell)}</w:tc>' for cell in row)
        out.append(f"<w:tr>{head}{cells}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def text_box(text: str) -> str:
    """A run holding a text box as Word 2010+ writes it: DrawingML, with a VML copy for older Word."""
    content = f"<w:txbxContent>{p(text)}</w:txbxContent>"
    return (
        f"<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor distT=\"0\" distB=\"0\" "
        f"distL=\"0\" distR=\"0\" simplePos=\"0\" relativeHeight=\"1\" behindDoc=\"0\" locked=\"0\" layoutInCell=\"1\" "
        f"allowOverlap=\"1\"><wp:simplePos x=\"0\" y=\"0\"/><wp:positionH relativeFrom=\"column\"><wp:posOffset>0"
        f"</wp:posOffset></wp:positionH><wp:positionV relativeFrom=\"paragraph\"><wp:posOffset>0</wp:posOffset>"
        f"</wp:positionV><wp:extent cx=\"2000000\" cy=\"500000\"/><wp:wrapNone/>"
        f"<wp:docPr id=\"1\" name=\"Text Box 1\"/>"
        f"<a:graphic {DRAWING_NS}><a:graphicData uri=\"http://schemas.microsoft.com/office/word/2010/"
        f"wordprocessingShape\"><wps:wsp><wps:cNvSpPr txBox=\"1\"/><wps:spPr/><wps:txbx>{content}</wps:txbx>"
        f"<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape id=\"Text Box 1\" type=\"#_x0000_t202\"><v:textbox>{content}</v:textbox>"
        f"</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>")


def bookmark(name: str, number: int = 1) -> str:
    return f'<w:bookmarkStart w:id="{number}" w:name="{name}"/><w:bookmarkEnd w:id="{number}"/>'


def internal_link(anchor: str, text: str) -> str:
    return f'<w:hyperlink w:anchor="{anchor}">{r(text)}</w:hyperlink>'


AUTHORS = p("", runs=r("Ayşe Yılmaz") + r("1", sup=True) + r(", John Smith") + r("1,*", sup=True))
AFFILIATION = p("", runs=r("1", sup=True) + r("Department of Radiology, Ankara University, Ankara, Turkey"))


def manuscript(main: str, back: str = "", title_page: str = AUTHORS + AFFILIATION, title: str | None = None) -> str:
    """A small manuscript as the journal asks for it, around the main text and back matter given."""
    return ((title if title is not None else p("Imaging of small things", style="Title"))
            + title_page
            + p("Abstract", style="Heading1") + p("We studied small things and found them small.")
            + p("Keywords: small things, imaging")
            + p("Introduction", style="Heading1") + main
            + p("References", style="Heading1")
            + p("1. Smith J. Small things. Radiology. 2020;1(1):1-2.") + back)
