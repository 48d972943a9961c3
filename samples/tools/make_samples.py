"""Build the sample issue from its sources: samples/src/*.txt -> .docx manuscripts, figure images, issue.yaml.

Each manuscript source (format: samples/src/FORMAT.md) becomes a Word file
written the way the journal's instructions for authors ask; each
`@figure-file` becomes a plain image that names its figure part; the
`.meta.yaml` files (samples/src/META.md) become the issue manifest. The
reference lists come from samples/src/references.txt (real references, see
samples/tools/reference_pool.py), dealt out in article order.

Everything written is byte-for-byte reproducible: `python samples/tools/make_samples.py --check`
rebuilds in a temporary folder and compares with what is committed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import io
import re
import sys
import tempfile
import zipfile
from pathlib import Path

import docx
import yaml
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent))
import msrc

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "samples" / "src"
OUT = ROOT / "samples" / "vol29-issue4"
FIXED_TIME = dt.datetime(2023, 6, 1, 9, 0, 0)
ZIP_TIME = (2023, 6, 1, 9, 0, 0)

# The issue as printed (seed: Contents page and first pages).
ISSUE = {"volume": 29, "issue": 4, "year": 2023, "month": "July", "publication_date": dt.date(2023, 7, 21),
         "first_page": 563}
# Manuscript numbers known from the printed DOIs; the other articles get a placeholder (see samples/README.md).
KNOWN_MANUSCRIPT_NUMBERS = {"02-pope": "232299", "12-tsukahara": "222045"}
# Multicentre studies (the printed title says so), for which the author limit does not apply.
MULTICENTRE = {"03-oktay"}


# --- reference pool ---------------------------------------------------------------------------------------------

def read_pool(path: Path) -> list[str]:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        lines.append(line.split("\t", 1)[0].strip())
    return lines


def deal_references(sources: dict[str, msrc.Source], pool: list[str]) -> dict[str, list[str]]:
    """Give each article as many references as it cites, in article order, without repeats while the pool lasts."""
    dealt, cursor = {}, 0
    for slug, src in sources.items():
        count = sum(b.count for b in src.blocks if b.kind == "refs")
        refs = []
        for _ in range(count):
            refs.append(pool[cursor % len(pool)])
            cursor += 1
        dealt[slug] = refs
    return dealt


# --- docx ---------------------------------------------------------------------------------------------------------

def _add_runs(paragraph, runs: list[msrc.Run]) -> None:
    for run in runs:
        if run.line_break:
            paragraph.add_run().add_break()
            continue
        if run.link:
            _add_hyperlink(paragraph, run)
            continue
        r = paragraph.add_run(run.text)
        r.bold = run.bold or None
        r.italic = run.italic or None
        if run.sup:
            r.font.superscript = True
        if run.sub:
            r.font.subscript = True


def _add_hyperlink(paragraph, run: msrc.Run) -> None:
    rel = paragraph.part.relate_to(run.link, docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    r = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    props.append(style)
    r.append(props)
    text = OxmlElement("w:t")
    text.text = run.text
    text.set(qn("xml:space"), "preserve")
    r.append(text)
    link.append(r)
    paragraph._p.append(link)


def _heading(document, block: msrc.Block, bold_headings: bool) -> None:
    if bold_headings:
        p = document.add_paragraph()
        _add_runs(p, [msrc.Run(r.text, r.sup, r.sub, r.italic, True, r.link, r.line_break) for r in block.runs])
    else:
        p = document.add_paragraph(style=f"Heading {block.level}")
        _add_runs(p, block.runs)


def _list_item(document, block: msrc.Block) -> None:
    base = "List Bullet" if block.kind == "bullet" else "List Number"
    style = base if block.level == 0 else f"{base} {block.level + 1}"
    p = document.add_paragraph(style=style)
    _add_runs(p, block.runs)


def _references(document, refs: list[str], numbered: bool) -> None:
    for n, text in enumerate(refs, 1):
        if numbered:
            p = document.add_paragraph(style="List Number")
            p.add_run(text)
        else:
            document.add_paragraph(f"{n}. {text}")


def _table(document, block: msrc.Block) -> None:
    rows, cols = len(block.rows), len(block.rows[0])
    table = document.add_table(rows=rows, cols=cols)
    table.style = "Table Grid"
    for r, row in enumerate(block.rows):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            target = table.cell(r, c)
            if cell.colspan > 1 or cell.rowspan > 1:
                target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
            paragraph = target.paragraphs[0]
            _add_runs(paragraph, cell.runs)
    for r in range(block.header_rows):
        tr_pr = table.rows[r]._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        tr_pr.append(header)


def _page_break(document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def build_docx(src: msrc.Source, refs: list[str]) -> bytes:
    document = docx.Document()
    styles = document.styles
    styles["Normal"].font.name = "Times New Roman"
    styles["Normal"].font.size = Pt(12)
    bold_headings = src.directive("headings", "styles") == "bold"
    numbered_refs = src.directive("references", "typed") == "numbered"
    for block in src.blocks:
        if block.kind == "title":
            _add_runs(document.add_paragraph(style="Title"), block.runs)
        elif block.kind == "heading":
            _heading(document, block, bold_headings)
        elif block.kind == "para":
            _add_runs(document.add_paragraph(), block.runs)
        elif block.kind in ("bullet", "numbered"):
            _list_item(document, block)
        elif block.kind == "pagebreak":
            _page_break(document)
        elif block.kind == "refs":
            _references(document, refs[: block.count], numbered_refs)
        elif block.kind == "table":
            _table(document, block)
        else:
            raise ValueError(f"{src.path}:{block.line}: unknown block kind {block.kind}")
    props = document.core_properties
    props.author = props.last_modified_by = ""
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    props.title = ""
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue())


def normalise_zip(data: bytes, when: tuple[int, int, int, int, int, int] = ZIP_TIME) -> bytes:
    """Rewrite a zip with fixed timestamps so the same content gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, when)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


# --- figures ------------------------------------------------------------------------------------------------------

FIGURE_NAME = re.compile(r"^(?:fig(?:ure)?|f)[\s_-]*(s)?(\d+)([a-z])?$", re.I)


def figure_label(file_name: str) -> str:
    m = FIGURE_NAME.match(Path(file_name).stem)
    if not m:
        raise ValueError(f"cannot tell the figure part from the file name {file_name!r}")
    supplementary, number, part = m.groups()
    return f"{'Supplementary ' if supplementary else ''}Figure {number}{(part or '').lower()}"


def _font(size: int) -> ImageFont.ImageFont:
    for name in ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def build_figure(file_name: str, note: str = "sample image: the published figure is not in the seed") -> bytes:
    label = figure_label(file_name)
    image = Image.new("RGB", (1500, 1100), (236, 236, 236))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 1479, 1079), outline=(90, 90, 90), width=6)
    font = _font(110)
    box = draw.textbbox((0, 0), label, font=font)
    draw.text(((1500 - (box[2] - box[0])) / 2, (1100 - (box[3] - box[1])) / 2 - 40), label, fill=(30, 30, 30),
              font=font)
    small = _font(40)
    box = draw.textbbox((0, 0), note, font=small)
    draw.text(((1500 - (box[2] - box[0])) / 2, 800), note, fill=(80, 80, 80), font=small)
    suffix = Path(file_name).suffix.lower()
    buffer = io.BytesIO()
    if suffix in (".jpg", ".jpeg"):
        image.save(buffer, "JPEG", quality=90, dpi=(300, 300))
    elif suffix == ".png":
        image.save(buffer, "PNG", dpi=(300, 300))
    elif suffix in (".tif", ".tiff"):
        image.save(buffer, "TIFF", compression="tiff_lzw", dpi=(300, 300))
    else:
        raise ValueError(f"unsupported figure format {suffix}")
    return buffer.getvalue()


# --- manifest -----------------------------------------------------------------------------------------------------

def manifest_entry(slug: str, meta: dict, src: msrc.Source) -> dict:
    number = KNOWN_MANUSCRIPT_NUMBERS.get(slug)
    entry: dict = {
        "id": slug,
        "section": meta["section"],
        "type": meta["article_type"],
        "manuscript_number": number or f"PLACEHOLDER-{slug[:2]}",
    }
    if number is None:
        entry["placeholder_manuscript_number"] = True
    if slug in MULTICENTRE:
        entry["multicentre"] = True
    entry["manuscript"] = f"manuscripts/{slug}.docx"
    entry["figures"] = [f"figures/{slug}/{name}" for name in src.directives.get("figure-file", [])]
    if meta.get("running_title"):
        entry["running_title"] = meta["running_title"]
    authors = []
    for author in meta["authors"]:
        item = {"given_names": author["given_names"], "surname": author["surname"]}
        for key in ("orcid", "affiliations", "corresponding", "email"):
            if author.get(key) not in (None, [], False):
                item[key] = [str(a) for a in author[key]] if key == "affiliations" else author[key]
        authors.append(item)
    entry["authors"] = authors
    if meta.get("affiliations"):
        entry["affiliations"] = [{k: (str(v) if k == "id" else v) for k, v in aff.items() if v is not None}
                                 for aff in meta["affiliations"]]
    if meta.get("history"):
        entry["history"] = meta["history"]
    if meta.get("epub"):
        entry["epub"] = meta["epub"]
    return entry


def build_manifest(metas: dict[str, dict], sources: dict[str, msrc.Source]) -> bytes:
    issue = dict(ISSUE)
    issue["articles"] = [manifest_entry(slug, metas[slug], sources[slug]) for slug in metas]
    header = (
        "# Issue manifest: Diagnostic and Interventional Radiology, Vol 29 Issue 4 (July 2023).\n"
        "# Generated by samples/tools/make_samples.py from samples/src/*.meta.yaml; values from the printed issue.\n"
        "# Articles in table-of-contents order. Manuscript numbers PLACEHOLDER-nn stand in for the ten that the\n"
        "# printed issue does not show (see samples/README.md).\n"
    )
    body = yaml.safe_dump(issue, allow_unicode=True, sort_keys=False, width=110)
    return (header + body).encode("utf-8")


# --- main -----------------------------------------------------------------------------------------------------------

def build(out: Path) -> list[Path]:
    sources = {p.stem: msrc.parse(p) for p in sorted(SRC.glob("[0-9][0-9]-*.txt"))}
    metas = {slug: yaml.safe_load((SRC / f"{slug}.meta.yaml").read_text(encoding="utf-8")) for slug in sources}
    pool = read_pool(SRC / "references.txt")
    refs = deal_references(sources, pool)
    written = []

    def write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)

    for slug, src in sources.items():
        write(out / "manuscripts" / f"{slug}.docx", build_docx(src, refs[slug]))
        for name in src.directives.get("figure-file", []):
            write(out / "figures" / slug / name, build_figure(name))
    write(out / "issue.yaml", build_manifest(metas, sources))
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="rebuild in a temporary folder and compare")
    args = parser.parse_args(argv)
    if not args.check:
        written = build(OUT)
        print(f"wrote {len(written)} files under {OUT.relative_to(ROOT)}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        written = build(Path(tmp))
        differ = [p for p in written if not filecmp.cmp(p, OUT / p.relative_to(tmp), shallow=False)
                  if (OUT / p.relative_to(tmp)).exists()]
        missing = [p for p in written if not (OUT / p.relative_to(tmp)).exists()]
        for p in differ + missing:
            print(f"differs or missing: {p.relative_to(tmp)}")
        print(f"checked {len(written)} files: {len(differ) + len(missing)} differ")
        return 1 if differ or missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
