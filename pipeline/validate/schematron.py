"""ISO Schematron -> XSLT 3.0, run with SaxonC: the house rules (schemas/house-rules.sch) and JATS4R's rules.

A small compiler for the part of ISO Schematron these rule sets use: ns,
phase/active, pattern, rule (first matching rule of a pattern fires), assert,
report, let (schema and rule level), value-of, name, include, and foreign
xsl:function / xsl:param elements. Each pattern becomes an XSLT mode; the
result is a list of findings with the rule's role, its id, the message and
the XPath of the node it fired on. Parameters of the rules (article-type
limits, the journal's DOI prefix) are xsl:params set at run time.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree
from saxonche import PySaxonApiError

from pipeline.diagnostics import fail
from pipeline.xslt import _processor, quiet_stderr

SCH = "http://purl.oclc.org/dsdl/schematron"
XSL = "http://www.w3.org/1999/XSL/Transform"
S = {"sch": SCH, "xsl": XSL}


@dataclass(frozen=True)
class Fired:
    role: str  # error, warning, info (as the rule says; default error)
    rule_id: str  # the assert/report id, else the pattern id
    message: str
    xpath: str
    pattern: str


def _load(path: Path) -> etree._Element:
    """The schema with its includes resolved in place."""
    root = etree.parse(str(path), etree.XMLParser(no_network=True, resolve_entities=False,
                                                  remove_comments=True)).getroot()
    for include in root.iter(f"{{{SCH}}}include"):
        target = (path.parent / include.get("href")).resolve()
        included = _load(target)
        include.getparent().replace(include, included)
    return root


def compile_schema(path: Path, phase: str | None = None) -> str:
    schema = _load(path)
    namespaces = {n.get("prefix"): n.get("uri") for n in schema.iter(f"{{{SCH}}}ns")}
    active = None
    if phase:
        node = schema.find(f"sch:phase[@id='{phase}']", S)
        if node is None:
            raise ValueError(f"{path}: no phase {phase!r}")
        active = [a.get("pattern") for a in node.findall("sch:active", S)]
    patterns = [p for p in schema.iter(f"{{{SCH}}}pattern") if active is None or p.get("id") in active]
    ns_decls = " ".join(f'xmlns:{p}="{u}"' for p, u in sorted(namespaces.items()))
    out = [f'<xsl:stylesheet version="3.0" xmlns:xsl="{XSL}" xmlns:xs="http://www.w3.org/2001/XMLSchema" '
           f'xmlns:xsd="http://www.w3.org/2001/XMLSchema" {ns_decls} exclude-result-prefixes="#all">',
           '<xsl:output method="xml" indent="no"/>']
    for foreign in schema:
        if isinstance(foreign.tag, str) and foreign.tag.startswith(f"{{{XSL}}}"):
            out.append(etree.tostring(foreign, encoding="unicode"))
    for let in schema.findall("sch:let", S):
        out.append(_variable(let))
    out.append('<xsl:template match="/"><findings>')
    for n, _ in enumerate(patterns):
        out.append(f'<xsl:apply-templates select="." mode="p{n}"/>')
    out.append("</findings></xsl:template>")
    for n, pattern in enumerate(patterns):
        mode = f"p{n}"
        out.append(f'<xsl:mode name="{mode}" on-no-match="shallow-skip"/>')
        for let in pattern.findall("sch:let", S):
            out.append(_variable(let))
        rules = pattern.findall("sch:rule", S)
        for r, rule in enumerate(rules):
            if rule.get("abstract") == "true":
                continue
            context = rule.get("context")
            priority = 1000 - r  # the first rule of a pattern that matches a node wins
            out.append(f'<xsl:template match="{_attr(context)}" mode="{mode}" priority="{priority}">')
            for let in rule.findall("sch:let", S):
                out.append(_variable(let))
            for check in rule:
                if not isinstance(check.tag, str):
                    continue
                kind = etree.QName(check).localname
                if kind not in ("assert", "report"):
                    continue
                test = check.get("test")
                condition = f"not({test})" if kind == "assert" else test
                role = check.get("role") or rule.get("role") or "error"
                rule_id = check.get("id") or pattern.get("id") or f"pattern-{n}"
                out.append(f'<xsl:if test="{_attr(condition)}">'
                           f'<finding role="{_attr(role)}" id="{_attr(rule_id)}" '
                           f'pattern="{_attr(pattern.get("id") or "")}">'
                           f'<xsl:attribute name="xpath" select="path()"/>'
                           f'{_message(check)}</finding></xsl:if>')
            out.append(f'<xsl:apply-templates select="@*|node()" mode="{mode}"/></xsl:template>')
        out.append(f'<xsl:template match="*" mode="{mode}" priority="-10">'
                   f'<xsl:apply-templates select="@*|node()" mode="{mode}"/></xsl:template>')
    out.append("</xsl:stylesheet>")
    return "\n".join(out)


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def _variable(let: etree._Element) -> str:
    if let.get("value") is not None:
        return f'<xsl:variable name="{let.get("name")}" select="{_attr(let.get("value"))}"/>'
    inner = "".join(etree.tostring(c, encoding="unicode") for c in let)
    return f'<xsl:variable name="{let.get("name")}">{inner}</xsl:variable>'


def _message(check: etree._Element) -> str:
    parts = [_text(check.text)]
    for child in check:
        name = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if name == "value-of":
            parts.append(f'<xsl:value-of select="{_attr(child.get("select"))}"/>')
        elif name == "name":
            path = child.get("path")
            parts.append(f'<xsl:value-of select="name({_attr(path) if path else ""})"/>')
        elif isinstance(child.tag, str):
            parts.append(_text("".join(child.itertext())))
        parts.append(_text(child.tail))
    return "".join(parts)


def _text(text: str | None) -> str:
    if not text:
        return ""
    words = " ".join(text.split())
    lead = " " if text[:1].isspace() and words else ""
    trail = " " if text[-1:].isspace() else ""
    return "<xsl:text>" + _attr(lead + words + trail) + "</xsl:text>"


@cache
def _executable(path: str, phase: str | None, mtime: float, digest: str):
    source = compile_schema(Path(path), phase)
    compiler = _processor().new_xslt30_processor()
    compiler.set_cwd(str(Path(path).parent))
    try:
        return compiler.compile_stylesheet(stylesheet_text=source)
    except PySaxonApiError as exc:
        raise fail("build.internal", f"the rules in {path} do not compile: {exc}") from None


def run(schema: Path, document: etree._Element | etree._ElementTree, phase: str | None = None,
        params: dict[str, str | int] | None = None) -> list[Fired]:
    """Run a Schematron schema over a document; returns what fired, in document order per pattern."""
    digest = hashlib.sha256(schema.read_bytes()).hexdigest()
    executable = _executable(str(schema.resolve()), phase, schema.stat().st_mtime, digest)
    proc = _processor()
    root = document.getroot() if isinstance(document, etree._ElementTree) else document
    text = etree.tostring(root, encoding="unicode")  # the element only: no DOCTYPE for Saxon to fetch
    if root.tag == "article":
        from pipeline.validate.schemas import jats_id_subset

        text = jats_id_subset() + text
    node = proc.parse_xml(xml_text=text)
    executable.clear_parameters()
    for key, value in (params or {}).items():
        if isinstance(value, int):
            executable.set_parameter(key, proc.make_integer_value(value))
        else:
            executable.set_parameter(key, proc.make_string_value(str(value)))
    try:
        with quiet_stderr():
            result = executable.transform_to_string(xdm_node=node)
    except PySaxonApiError as exc:
        raise fail("build.internal", f"running the rules in {schema.name} failed: {exc}") from None
    root = etree.fromstring(result.encode("utf-8"))
    return [Fired(f.get("role", "error"), f.get("id", ""), " ".join("".join(f.itertext()).split()),
                  tidy_path(f.get("xpath", "")), f.get("pattern", "")) for f in root]


def tidy_path(path: str) -> str:
    """'/Q{}article[1]/Q{}front[1]/@Q{http://...}href' -> '/article/front/@xlink:href' (first positions dropped)."""
    path = re.sub(r"Q\{http://www\.w3\.org/1999/xlink\}", "xlink:", path)
    path = re.sub(r"Q\{http://www\.w3\.org/1998/Math/MathML\}", "mml:", path)
    path = re.sub(r"Q\{[^}]*\}", "", path)
    return re.sub(r"\[1\]", "", path)
