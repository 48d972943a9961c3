"""Run the XSLT 3.0 stylesheets of xslt/ with SaxonC (saxonche).

One Saxon processor per process; each stylesheet is compiled once. Inputs are
serialized lxml trees or files; outputs come back as bytes for the caller to
parse or write. Stylesheet parameters are plain strings.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from lxml import etree
from saxonche import PySaxonApiError, PySaxonProcessor

from pipeline.diagnostics import fail

XSLT_DIR = Path(__file__).resolve().parent.parent / "xslt"


@cache
def _processor() -> PySaxonProcessor:
    return PySaxonProcessor(license=False)


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """Silence what SaxonC prints on the process's stderr (recoverable warnings of third-party rules); real
    errors still arrive as exceptions."""
    sys.stderr.flush()
    saved = os.dup(2)
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


@cache
def _compiled(name: str):
    path = XSLT_DIR / name
    if not path.is_file():
        raise fail("build.internal", f"stylesheet xslt/{name} does not exist")
    compiler = _processor().new_xslt30_processor()
    try:
        return compiler.compile_stylesheet(stylesheet_file=str(path))
    except PySaxonApiError as exc:
        raise fail("build.internal", f"stylesheet xslt/{name} does not compile: {exc}") from None


def transform(name: str, source: etree._ElementTree | etree._Element | bytes, **params: str | int | None) -> bytes:
    """Apply xslt/<name> to `source`; returns the serialized result."""
    proc = _processor()
    executable = _compiled(name)
    if not isinstance(source, bytes):
        root = source.getroot() if isinstance(source, etree._ElementTree) else source
        source = etree.tostring(root, encoding="UTF-8")  # the element only: no DOCTYPE for Saxon to fetch
    node = proc.parse_xml(xml_text=source.decode("utf-8"))
    executable.clear_parameters()
    for key, value in params.items():
        if value is not None:
            executable.set_parameter(key.replace("_", "-"), proc.make_string_value(str(value)))
    try:
        result = executable.transform_to_string(xdm_node=node)
    except PySaxonApiError as exc:
        raise fail("render.failed", f"xslt/{name} failed: {exc}") from None
    if result is None:
        raise fail("render.failed", f"xslt/{name} produced no output")
    return result.encode("utf-8")


def transform_tree(name: str, source: etree._ElementTree | etree._Element | bytes, **params: str | int | None
                   ) -> etree._Element:
    from pipeline.xmlio import parse_bytes

    return parse_bytes(transform(name, source, **params))
