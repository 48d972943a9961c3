"""One PMC deposit package per article: the paginated JATS + final PDF + figures -> <jour-vol-iss-page>.zip
(<jour-vol-iss-elocation>.zip for an article located by its e-location id).

It reads the article's files in the build and nothing else (pipeline/articlefiles.py): <base>.xml, <base>.pdf
next to it, and work/figures.json, which names the figure files the author supplied.

PMC's naming and delivery specification: the XML and the PDF share a base
name built from journal, volume, issue and first page ("jour-29-04-0571"),
zero-filled so every name has the same digits; figure files are named
"<base>-g001a.tif" (supplementary "<base>-s001.tif"), the XML refers to them
by exactly those names, and no name has spaces or special characters.
Figures are TIFF made from the files the authors supplied (not from the web
derivatives), at no less than 300 dpi. Before the zip is written the package
is checked: the XML is valid against the JATS 1.3 DTD, passes the PMC Style
Checker, every file it refers to is in the package and nothing else is.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from lxml import etree
from PIL import Image, UnidentifiedImageError

from pipeline import xmlio
from pipeline.articlefiles import ArticleFiles
from pipeline.diagnostics import Finding
from pipeline.identifiers import issue_key
from pipeline.validate import pmcstyle
from pipeline.validate.schemas import validate_jats
from pipeline.xmlio import XLINK_HREF

LEGAL_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
MIN_DPI = 300
MIN_WIDTH_PX = 1050  # 3.5 inches, one column, at 300 dpi: PMC's minimum for photographs


def package_base(article: etree._Element) -> str:
    """'jour-29-04-0571': the issue key and the first page; an article without pages (an online-only journal's)
    puts its e-location id in the page's place ('jour-4-01-e003269')."""
    meta = article.find("front/article-meta")
    journal = article.findtext("front/journal-meta/journal-id[@journal-id-type='publisher-id']")
    volume, issue, fpage = meta.findtext("volume"), meta.findtext("issue"), meta.findtext("fpage")
    if not (fpage or "").strip():
        return f"{issue_key(journal, volume, issue)}-{' '.join((meta.findtext('elocation-id') or '').split())}"
    return f"{issue_key(journal, volume, issue)}-{int(fpage):04d}"


def build_package(files: ArticleFiles, out_dir: Path) -> tuple[Path | None, list[Finding]]:
    """Write out_dir/<base>.zip for the article whose files are `files`, or nothing (with findings saying why)."""
    jats, pdf, figures = files.jats, files.pdf, files.read_supplied()
    article = copy.deepcopy(xmlio.parse(jats).getroot())
    findings: list[Finding] = []
    where = {"file": str(jats), "stage": "deposit"}
    base = package_base(article)
    files: dict[str, bytes] = {}
    renames: dict[str, str] = {}
    for graphic in article.iter("graphic", "inline-graphic"):
        href = graphic.get(XLINK_HREF)
        name = _pmc_name(base, href)
        if name is None:
            findings.append(Finding.of("deposit.package", f"cannot name the figure file {href} for PMC", **where))
            continue
        renames[href] = name
        graphic.set(XLINK_HREF, name)
    for href, name in sorted(renames.items()):
        source = figures.get(href)
        if source is None:
            findings.append(Finding.of("deposit.package", f"the XML refers to {href}, but no such figure file was "
                                       "supplied", **where))
            continue
        try:
            files[name], problem = to_tiff(source)
        except (OSError, UnidentifiedImageError) as exc:
            findings.append(Finding.of("input.bad-image", f"cannot convert to TIFF for PMC: {exc}",
                                       file=str(source), stage="deposit"))
            continue
        if problem:  # PMC accepts the file; production should still ask for a better one
            findings.append(Finding.of("validate.rule-warning", f"{source.name}: {problem}", file=str(source),
                                       stage="deposit"))
    for uri in article.iter("self-uri"):
        uri.set(XLINK_HREF, f"{base}.pdf")
    files[f"{base}.pdf"] = pdf.read_bytes()
    xml = xmlio.to_bytes(article, xmlio.JATS_DOCTYPE)
    files[f"{base}.xml"] = xml
    findings += check_package(base, files)
    if any(f.severity.value == "error" for f in findings):
        return None, findings
    target = out_dir / f"{base}.zip"
    xmlio.write_bytes_atomic(target, deterministic_zip(files, _date_of(article)))
    return target, findings


def _pmc_name(base: str, href: str) -> str | None:
    m = re.match(r"^(s?f)(\d+)([a-z]?)\.\w+$", href)
    if not m:
        return None
    kind = "s" if m.group(1) == "sf" else "g"
    return f"{base}-{kind}{int(m.group(2)):03d}{m.group(3)}.tif"


def to_tiff(source: Path) -> tuple[bytes, str | None]:
    """The supplied image as an LZW TIFF at no less than 300 dpi; and a note when its pixels are too few."""
    with Image.open(source) as image:
        image.load()
        dpi = image.info.get("dpi", (72, 72))
        dpi = max(MIN_DPI, round(float(dpi[0])))
        if image.mode not in ("1", "L", "RGB", "CMYK"):
            image = image.convert("RGB")
        buffer = io.BytesIO()
        image.save(buffer, "TIFF", compression="tiff_lzw", dpi=(dpi, dpi))
        width = image.width
    problem = None
    if width < MIN_WIDTH_PX:
        problem = (f"only {width} pixels wide: below PMC's minimum for a photograph ({MIN_WIDTH_PX} px, one column "
                   "at 300 dpi); ask the author for a larger file")
    return buffer.getvalue(), problem


def check_package(base: str, files: dict[str, bytes]) -> list[Finding]:
    """The package as PMC will receive it: legal names, matching base names, references resolved, XML valid."""
    findings: list[Finding] = []
    where = {"file": f"{base}.zip", "stage": "deposit"}
    for name in files:
        if not LEGAL_NAME.match(name):
            findings.append(Finding.of("deposit.package", f"the file name {name!r} is not legal for PMC", **where))
    xml = etree.fromstring(files[f"{base}.xml"], xmlio.safe_parser())
    referenced = {g.get(XLINK_HREF) for g in xml.iter("graphic", "inline-graphic", "media",
                                                          "supplementary-material") if g.get(XLINK_HREF)}
    referenced |= {u.get(XLINK_HREF) for u in xml.iter("self-uri")}
    present = set(files) - {f"{base}.xml"}
    for name in sorted(referenced - present):
        findings.append(Finding.of("deposit.package", f"the XML refers to {name}, which is not in the package",
                                   **where))
    for name in sorted(present - referenced):
        findings.append(Finding.of("deposit.package", f"{name} is in the package but the XML never refers to it",
                                   **where))
    for finding in validate_jats(xml, file=f"{base}.xml"):
        findings.append(Finding.of("deposit.package", f"the package XML is not valid: {finding.message}", **where))
    for finding in pmcstyle.check(xml):
        if finding.code == "validate.pmc-style":
            findings.append(Finding.of("deposit.package", f"the package XML fails the PMC Style Checker: "
                                       f"{finding.message}", **where))
    return findings


def deterministic_zip(files: dict[str, bytes], date: dt.date) -> bytes:
    """A zip whose bytes depend only on the files: sorted names, the issue's date as every timestamp."""
    buffer = io.BytesIO()
    stamp = (date.year, date.month, date.day, 0, 0, 0)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, files[name])
    return buffer.getvalue()


def _date_of(article: etree._Element) -> dt.date:
    date = article.find("front/article-meta/pub-date[@date-type='pub']")
    return dt.date(int(date.findtext("year")), int(date.findtext("month")), int(date.findtext("day") or 1))
