"""Run pandoc's DOCX reader and JATS writer: a prepared .docx -> pandoc's raw JATS (templates/pandoc/raw.jats).

The pandoc binary is the one pypandoc-binary ships, so its version is pinned
with the project (PANDOC_VERSION below; tests/ingest/test_pandoc_pins.py
covers the behaviour the pipeline relies on). Tracked changes are accepted
here; the wordfile inspection has already counted them for the report.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from functools import cache
from pathlib import Path

import pypandoc
from lxml import etree

from pipeline.diagnostics import fail
from pipeline.ingest import filekind

PANDOC_VERSION = "3.9"
TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "pandoc" / "raw.jats"
TIMEOUT_SECONDS = 300


@cache
def pandoc_binary() -> str:
    """The pandoc that pypandoc-binary ships, never another one on PATH (pypandoc itself would take the newest
    it finds): ingest relies on this version's output."""
    bundled = Path(pypandoc.__file__).resolve().parent / "files" / ("pandoc.exe" if os.name == "nt" else "pandoc")
    if not bundled.is_file():
        raise fail("ingest.pandoc-failed", f"the pinned pandoc is not installed (no {bundled}): run `make install`")
    return str(bundled)


def check_version() -> None:
    version = pandoc_version()
    if version != PANDOC_VERSION:
        raise fail("ingest.pandoc-failed", f"pandoc {version} is installed where the pipeline is pinned to "
                   f"{PANDOC_VERSION} ({pandoc_binary()}): run `make install`")


@cache
def pandoc_version() -> str:
    out = subprocess.run([pandoc_binary(), "--version"], capture_output=True, text=True, check=True).stdout
    return out.split()[1]


def read_docx(docx_bytes: bytes, source_name: str) -> etree._Element:
    """Pandoc's JATS for a .docx (already prepared by wordfile.prepare_for_pandoc)."""
    check_version()
    with tempfile.TemporaryDirectory(prefix="pandoc-") as tmp:
        src = Path(tmp) / "manuscript.docx"
        src.write_bytes(docx_bytes)
        command = [pandoc_binary(), "--from=docx", "--to=jats_publishing", f"--template={TEMPLATE}",
                   "--track-changes=accept", "--wrap=none", "--sandbox", str(src)]
        try:
            result = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, cwd=tmp)
        except subprocess.TimeoutExpired:
            raise fail("ingest.pandoc-failed", f"pandoc took longer than {TIMEOUT_SECONDS} s to read the manuscript",
                       file=source_name) from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise fail("ingest.pandoc-failed", filekind.pandoc_problem(message[-1] if message else ""), file=source_name)
    try:
        return etree.fromstring(result.stdout, etree.XMLParser(resolve_entities=False, no_network=True,
                                                               huge_tree=True))
    except etree.XMLSyntaxError as exc:
        raise fail("ingest.pandoc-failed", f"pandoc's output is not well-formed XML ({exc})",
                   file=source_name) from None
