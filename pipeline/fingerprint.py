"""The version of everything a build's outputs depend on besides its inputs: the pipeline's code, stylesheets,
templates, configuration files and schemas, the installed packages (pandoc comes with pypandoc-binary, WeasyPrint,
SaxonC, lxml ... at their pinned versions) and the journal's font files -> one hash, for the cache keys
(pipeline/issue/cache.py) and the backlist's re-rendering (pipeline/render/backlist.py).

A change to any of them changes the hash, so that nothing made by another version is taken for this one's.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import tomllib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
# The project's own files that shape an output: code, the XSLT, the templates (and fonts), the configuration
# (reference styles), the house rules and the schema store's lock (the schemas themselves are pinned by it).
FOLDERS = ("pipeline", "xslt", "templates", "config")
FILES = ("schemas/house-rules.sch", "schemas/schemas.lock", "schemas/catalog.xml")
SKIPPED = ("__pycache__",)


def project_files() -> list[Path]:
    files = [path for folder in FOLDERS for path in sorted((PROJECT / folder).rglob("*"))
             if path.is_file() and not any(part in SKIPPED for part in path.parts)]
    return files + [PROJECT / name for name in FILES if (PROJECT / name).is_file()]


@cache
def code_version() -> str:
    """The hash of the project's files and of the installed packages' names and versions."""
    digest = hashlib.sha256()
    for path in project_files():
        digest.update(f"{path.relative_to(PROJECT).as_posix()}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name, version in sorted(_packages()):
        digest.update(f"{name}=={version}\n".encode())
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    """sha256 of a file's content, read in blocks; "" when it cannot be read (there is no such file)."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return ""


def _packages() -> Iterable[tuple[str, str]]:
    """Each installed package once. The project itself is left out: its files are hashed, and an editable
    install is found twice when the project folder is on sys.path (its .egg-info beside the .dist-info), so
    the list, and with it the hash, depended on the folder a process was started from."""
    names = set()
    for dist in importlib.metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            names.add((name.lower(), dist.version))
    own = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"].lower()
    return {(name, version) for name, version in names if name != own}


def font_files(journal) -> list[Path]:
    """The files of the journal's print faces (those fontconfig finds outside the project too)."""
    from pipeline.render.pdf_fonts import find_font

    return sorted({path for face in journal.house_style.fonts.print if (path := find_font(face)) is not None})
