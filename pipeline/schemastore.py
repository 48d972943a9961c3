"""The schema store: official schemas in schemas/store/, pinned by sha256, used offline.

`install()` fills the store from a folder laid out like it (SCHEMA_SOURCE, e.g.
../shared/schemas) or from the official download locations in
schemas/schemas.lock (or a mirror of the store given by SCHEMA_MIRROR), and
refuses any file whose sha256 differs from the pin. `write_catalog()` makes the
OASIS catalog (schemas/catalog.xml) that maps public identifiers and official
system URLs to store files; `StoreResolver` applies it inside lxml parsers so
that nothing is ever fetched from the network.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

from pipeline.diagnostics import fail

PROJECT = Path(__file__).resolve().parent.parent
SCHEMAS = PROJECT / "schemas"
LOCK = SCHEMAS / "schemas.lock"
CATALOG = SCHEMAS / "catalog.xml"
CATALOG_NS = "urn:oasis:names:tc:entity:xmlns:xml:catalog"


def store_root() -> Path:
    return Path(os.environ.get("SCHEMA_STORE", SCHEMAS / "store"))


@dataclass(frozen=True)
class Pin:
    sha256: str
    path: str
    url: str


def read_lock(lock: Path = LOCK) -> list[Pin]:
    pins = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        sha, path, url = line.split()
        pins.append(Pin(sha, path, url))
    return pins


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _download(url: str, attempts: int = 3) -> bytes:
    delay = 1.0
    for attempt in range(1, attempts + 1):
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                return response.read()
        except (urllib.error.URLError, TimeoutError) as exc:
            if attempt == attempts:
                raise OSError(f"could not download {url}: {exc}") from None
            time.sleep(delay)
            delay *= 2
    raise AssertionError("unreachable")


def install(source: Path | None = None, mirror: str | None = None, log: Callable[[str], None] = print) -> int:
    """Fill the store; return the number of files written. Raises PipelineError on any mismatch."""
    root = store_root()
    pins = read_lock()
    written = 0
    for pin in pins:
        target = root / pin.path
        if target.is_file() and _sha256(target.read_bytes()) == pin.sha256:
            continue
        if source is not None:
            origin = source / pin.path
            if not origin.is_file():
                raise fail("config.invalid", f"schema file {pin.path} is missing from the schema source",
                           file=str(source))
            data = origin.read_bytes()
            where = str(origin)
        else:
            where = f"{mirror.rstrip('/')}/{pin.path}" if mirror else pin.url
            data = _download(where)
        if _sha256(data) != pin.sha256:
            raise fail(
                "config.invalid",
                f"{pin.path} from {where} does not match its pinned sha256; it was not installed",
                file=str(LOCK),
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as tmp:
            tmp.write(data)
        os.replace(tmp.name, target)
        written += 1
    log(f"schema store {root}: {len(pins)} files pinned, {written} installed, all sha256 verified")
    return written


def verify() -> list[str]:
    """Problems with the installed store (missing or altered files); empty when all is well."""
    problems = []
    root = store_root()
    for pin in read_lock():
        target = root / pin.path
        if not target.is_file():
            problems.append(f"{pin.path} is missing")
        elif _sha256(target.read_bytes()) != pin.sha256:
            problems.append(f"{pin.path} differs from its pinned sha256")
    return problems


def path(relative: str) -> Path:
    """A file in the store; a clear error if the store was never installed."""
    target = store_root() / relative
    if not target.is_file():
        raise fail(
            "config.invalid",
            f"schema file {relative} is not installed; run `make install` (it fills {store_root()})",
        )
    return target


# --- the catalog ---------------------------------------------------------------------------------------------

_MODULE_DECL = re.compile(r'<!ENTITY\s+%\s+[\w.:-]+\s+PUBLIC\s+"([^"]+)"\s+"([^"]+)"', re.S)
_DRIVER_DECL = re.compile(r'"(-//[^"]+//EN)"\s*Delivered as file\s+"([^"]+)"', re.S)
# Official system URLs under which the JATS 1.3 and PubMed DTDs are published, and their folder in the store.
_REWRITES = {
    "https://jats.nlm.nih.gov/publishing/1.3/": "jats-1.3-dtd/",
    "http://jats.nlm.nih.gov/publishing/1.3/": "jats-1.3-dtd/",
    "https://jats.nlm.nih.gov/archiving/1.3/": "jats-1.3-dtd/",
    "http://jats.nlm.nih.gov/archiving/1.3/": "jats-1.3-dtd/",
    "https://jats.nlm.nih.gov/articleauthoring/1.3/": "jats-1.3-dtd/",
    "http://jats.nlm.nih.gov/articleauthoring/1.3/": "jats-1.3-dtd/",
    "https://dtd.nlm.nih.gov/ncbi/pubmed/in/": "pubmed-deposit-dtd/",
    "http://dtd.nlm.nih.gov/ncbi/pubmed/in/": "pubmed-deposit-dtd/",
    "http://www.w3.org/Math/XMLSchema/mathml3/": "crossref-5.3.1/standard-modules/mathml3/",
}
# The PubMed DTD's public identifiers (PubMed's instructions give 3.0; older tools declare 2.8 or none).
_PUBMED_PUBLIC = ["-//NLM//DTD PubMed 3.0//EN", "-//NLM//DTD PubMed 2.8//EN", "-//NLM//DTD PubMed//EN"]


def write_catalog(root: Path | None = None, out: Path = CATALOG) -> None:
    """Write the OASIS catalog for the files in the store (paths relative to schemas/)."""
    root = root or store_root()
    publics: dict[str, str] = {}
    for file in sorted(root.glob("jats-1.3-dtd/**/*")) + sorted(root.glob("pubmed-deposit-dtd/**/*")):
        if file.suffix not in {".dtd", ".ent", ".mod"}:
            continue
        text = file.read_text(encoding="utf-8", errors="replace")
        for public_id, system in _MODULE_DECL.findall(text):
            target = (file.parent / system).resolve()
            if target.is_file():  # some modules declare identifiers for files of other layouts
                publics.setdefault(public_id, target.relative_to(root.resolve()).as_posix())
        for public_id, name in _DRIVER_DECL.findall(text):
            if (file.parent / name).is_file():
                publics.setdefault(public_id, (file.parent / name).relative_to(root).as_posix())
    for public_id in _PUBMED_PUBLIC:
        publics[public_id] = "pubmed-deposit-dtd/PubMed.dtd"
    cat = etree.Element(f"{{{CATALOG_NS}}}catalog", nsmap={None: CATALOG_NS}, prefer="public")
    cat.addprevious(etree.Comment(" Generated by `python -m pipeline schemas catalog`: do not edit. "))
    for public_id in sorted(publics):
        etree.SubElement(cat, f"{{{CATALOG_NS}}}public", publicId=public_id, uri=f"store/{publics[public_id]}")
    for prefix in sorted(_REWRITES):
        etree.SubElement(cat, f"{{{CATALOG_NS}}}rewriteSystem", systemIdStartString=prefix,
                         rewritePrefix=f"store/{_REWRITES[prefix]}")
    out.write_bytes(etree.tostring(cat.getroottree(), xml_declaration=True, encoding="UTF-8", pretty_print=True))


@dataclass(frozen=True)
class Catalog:
    publics: dict[str, Path]
    rewrites: tuple[tuple[str, Path], ...]

    def lookup(self, system_url: str | None, public_id: str | None) -> Path | None:
        if public_id and public_id in self.publics:
            return self.publics[public_id]
        for prefix, folder in self.rewrites:
            if system_url and system_url.startswith(prefix):
                return folder / system_url[len(prefix):]
        return None


@cache
def catalog(catalog_file: Path = CATALOG) -> Catalog:
    base = store_root()
    doc = etree.parse(str(catalog_file))
    ns = {"c": CATALOG_NS}

    def local(uri: str) -> Path:
        return base / uri.removeprefix("store/")

    publics = {e.get("publicId"): local(e.get("uri")) for e in doc.iterfind("c:public", ns)}
    rewrites = tuple(
        (e.get("systemIdStartString"), local(e.get("rewritePrefix"))) for e in doc.iterfind("c:rewriteSystem", ns)
    )
    return Catalog(publics, rewrites)


class StoreResolver(etree.Resolver):
    """Resolve DTDs and entity files through the catalog; refuse anything remote or outside the store."""

    def __init__(self, allowed: Path | None = None):
        super().__init__()
        self.allowed = [store_root().resolve()] + ([allowed.resolve()] if allowed else [])

    def resolve(self, system_url, public_id, context):
        target = catalog().lookup(system_url, public_id)
        if target is not None:
            if not target.is_file():
                raise fail("config.invalid", f"{target.name} is not installed; run `make install`")
            return self.resolve_filename(str(target), context)
        if system_url and "://" not in system_url.split("?")[0][:10]:
            local = Path(system_url).resolve()
            if any(local.is_relative_to(a) for a in self.allowed):
                return None  # a file of the store (or the document itself): libxml2 reads it
        # Anything else (a URL not in the catalog, a file outside the store) is replaced by nothing.
        return self.resolve_string("", context)


def dtd_parser(document_folder: Path | None = None, validate: bool = False) -> etree.XMLParser:
    """A parser that loads DOCTYPEs through the store only (no network, nothing from outside)."""
    parser = etree.XMLParser(
        load_dtd=True, dtd_validation=validate, resolve_entities=True, no_network=True, huge_tree=False
    )
    parser.resolvers.add(StoreResolver(document_folder))
    return parser
