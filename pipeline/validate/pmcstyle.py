"""Run NCBI's PMC Style Checker (5.31, XSLT 1.0, from the schema store) over an article -> findings.

The checker copies the document and inserts <error> and <warning> elements
where a PMC tagging rule is broken; the XPath of each is that of its parent in
the copy, which is the same place in the article. It needs the DTD's ID types
for id(), so the article is re-parsed through the store's DTD.
"""

from __future__ import annotations

from functools import cache

from lxml import etree

from pipeline import schemastore
from pipeline.diagnostics import Finding

STYLECHECKER = "pmc-stylechecker-5.31/nlm-stylechecker.xsl"
WRAPPER_PATH = "/ERR"


@cache
def _transform() -> etree.XSLT:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XSLT(etree.parse(str(schemastore.path(STYLECHECKER)), parser))


def _typed(article: etree._Element) -> etree._ElementTree:
    """The article re-parsed with the JATS DTD loaded from the store, so that IDs are IDs."""
    from pipeline.xmlio import JATS_DOCTYPE

    text = JATS_DOCTYPE.encode() + b"\n" + etree.tostring(article, encoding="UTF-8")
    return etree.ElementTree(etree.fromstring(text, schemastore.dtd_parser()))


def check(article: etree._Element) -> list[Finding]:
    result = _transform()(_typed(article))
    root = result.getroot()
    if root is None:
        return []
    out = []
    tree = root.getroottree()
    for node in root.iter("error", "warning"):
        parent = node.getparent()
        path = tree.getpath(parent) if parent is not None else ""
        if path.startswith(WRAPPER_PATH):
            path = path[len(WRAPPER_PATH):] or "/"
        path = path.replace("[1]", "")
        message = " ".join("".join(t for t in node.itertext() if t.strip() != "(Tagging Guidelines)").split())
        code = "validate.pmc-style" if node.tag == "error" else "validate.rule-warning"
        out.append(Finding.of(code, f"PMC Style Checker: {message}", xpath=path))
    return out
