"""An XPath in an article -> where that is, in words production staff can find in the manuscript.

"/article/body/sec[2]/table-wrap" -> "Table 2"; a paragraph -> "section “Results”, paragraph starting “Age
was ...”"; a reference -> "reference 12"; an author -> "author 3 (Hakan Doğan)".
"""

from __future__ import annotations

from lxml import etree

from pipeline.jats import plain_text


def describe(article: etree._Element, xpath: str) -> str | None:
    if not xpath:
        return None
    try:
        nodes = article.getroottree().xpath(xpath, namespaces={"xlink": "http://www.w3.org/1999/xlink",
                                                               "mml": "http://www.w3.org/1998/Math/MathML",
                                                               "ali": "http://www.niso.org/schemas/ali/1.0/"})
    except etree.XPathError:
        return None
    if not nodes:
        return None
    node = nodes[0]
    if not isinstance(node, etree._Element):  # an attribute or text: describe its element
        node = node.getparent() if hasattr(node, "getparent") else None
        if node is None:
            return None
    return _describe(node)


def _describe(node: etree._Element) -> str:
    for ancestor in [node, *node.iterancestors()]:
        tag = ancestor.tag
        if tag in ("table-wrap", "fig", "supplementary-material") and ancestor.findtext("label"):
            return ancestor.findtext("label")
        if tag == "ref":
            return f"reference {ancestor.findtext('label') or ancestor.get('id')}"
        if tag == "contrib":
            names = ancestor.getparent().findall("contrib")
            return f"author {names.index(ancestor) + 1} ({person_name(ancestor)})"
        if tag == "aff":
            return f"affiliation {ancestor.get('id', '')}".strip()
        if tag == "abstract":
            return "main points" if ancestor.get("abstract-type") == "key-points" else "abstract"
        if tag in ("history", "pub-date", "permissions", "journal-meta", "kwd-group", "title-group"):
            return {"history": "history dates", "pub-date": "publication dates", "permissions": "licence",
                    "journal-meta": "journal details", "kwd-group": "keywords", "title-group": "title"}[tag]
        if tag == "p" and ancestor.getparent() is not None and ancestor.getparent().tag in ("sec", "body"):
            section = ancestor.getparent()
            words = plain_text(ancestor).split()
            start = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
            where = f"section “{plain_text(section.find('title'))}”, " if section.tag == "sec" else "main text, "
            return f"{where}paragraph starting “{start}”"
        if tag == "sec" and ancestor.find("title") is not None:
            return f"section “{plain_text(ancestor.find('title'))}”"
        if tag == "article-meta":
            return "article metadata"
    return node.tag


def person_name(contrib: etree._Element) -> str:
    """The author as production staff know them: "Hakan Doğan", not the JATS order "DoğanHakan"."""
    name = contrib.find("name")
    if name is not None:
        return " ".join(t for t in (name.findtext("given-names"), name.findtext("surname"), name.findtext("suffix"))
                        if t and t.strip())
    collab = contrib.find("collab")
    return " ".join(plain_text(collab).split()) if collab is not None else "no name"
