"""Validate XML against the official schemas in the store: JATS 1.3 DTD, PubMed DTD, Crossref 5.3.1 XSD.

Each function takes a parsed tree and returns findings (empty when valid);
nothing is fetched from the network: the DTDs load from the store through
its catalog, and documents are never allowed to pull in outside entities.
"""

from __future__ import annotations

from functools import cache

from lxml import etree

from pipeline import schemastore
from pipeline.diagnostics import Finding

JATS_DTD = "jats-1.3-dtd/JATS-journalpublishing1-3-mathml3.dtd"
PUBMED_DTD = "pubmed-deposit-dtd/PubMed.dtd"
CROSSREF_XSD = "crossref-5.3.1/crossref5.3.1.xsd"


@cache
def _dtd(relative: str) -> etree.DTD:
    return etree.DTD(str(schemastore.path(relative)))


@cache
def _xsd(relative: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(schemastore.StoreResolver())
    return etree.XMLSchema(etree.parse(str(schemastore.path(relative)), parser))


def _findings(log: etree._ListErrorLog, code: str, what: str, file: str | None) -> list[Finding]:
    out = []
    for entry in log.filter_from_errors():
        out.append(Finding.of(code, f"{what}: {entry.message}", file=file, location=f"line {entry.line}"))
    return out


def validate_jats(tree: etree._ElementTree | etree._Element, file: str | None = None) -> list[Finding]:
    dtd = _dtd(JATS_DTD)
    if dtd.validate(tree):
        return []
    return _findings(dtd.error_log, "validate.dtd", "not valid against the JATS 1.3 DTD", file)


def validate_pubmed(tree: etree._ElementTree | etree._Element, file: str | None = None) -> list[Finding]:
    dtd = _dtd(PUBMED_DTD)
    if dtd.validate(tree):
        return []
    return _findings(dtd.error_log, "validate.schema", "not valid against the PubMed DTD", file)


def validate_crossref(tree: etree._ElementTree | etree._Element, file: str | None = None) -> list[Finding]:
    schema = _xsd(CROSSREF_XSD)
    if schema.validate(tree):
        return []
    return _findings(schema.error_log, "validate.schema", "not valid against the Crossref 5.3.1 schema", file)


@cache
def jats_id_subset() -> str:
    """An internal DTD subset declaring only the JATS ID/IDREF(S) attributes, so that XPath's id() and idref()
    work in Saxon without loading the whole DTD (which Saxon's parser refuses for its entity volume)."""
    declarations = []
    for element in _dtd(JATS_DTD).iterelements():
        for attribute in element.iterattributes():
            if attribute.type in ("id", "idref", "idrefs"):
                name = f"{element.prefix}:{element.name}" if element.prefix else element.name
                attr = f"{attribute.prefix}:{attribute.name}" if attribute.prefix else attribute.name
                declarations.append(f"<!ATTLIST {name} {attr} {attribute.type.upper()} #IMPLIED>")
    return "<!DOCTYPE article [\n" + "\n".join(declarations) + "\n]>\n"
