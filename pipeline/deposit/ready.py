"""Which articles a deposit can take: a paginated JATS file -> its root element, or findings saying what is missing.

One implementation for every deposit: each names the values it requires (XPath and what it is, in words) and
its own name for the findings ("the PubMed file", "the Crossref deposit").
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from pipeline import xmlio
from pipeline.diagnostics import Finding


def text(article: etree._Element, xpath: str) -> str:
    return xmlio.text_of(next(iter(article.xpath(xpath)), None))


def finding(code: str, message: str, path: Path, xpath: str | None = None) -> Finding:
    return Finding.of(code, message, file=str(path), xpath=xpath, stage="deposit")


def ready_article(path: Path, required: Sequence[tuple[str, str]], target: str, service: str,
                  findings: list[Finding]) -> etree._Element | None:
    """The article's root element, or None (with findings) when `service` cannot take it.

    `required`: (XPath, what it is) pairs; `target`: the deposit's name in messages ("the PubMed file")."""
    try:
        article = xmlio.parse(path).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        findings.append(finding("deposit.blocked", f"The article file could not be read ({exc}); it is left out "
                                f"of {target}.", path))
        return None
    missing = [(xpath, what) for xpath, what in required if not text(article, xpath)]
    for xpath, what in missing:
        findings.append(finding("deposit.missing-value", f"{service} needs {what}, and this article has none; it "
                                f"is left out of {target}.", path, xpath))
    return None if missing else article
