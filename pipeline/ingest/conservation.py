"""Nothing lost: every word of the manuscript's text must be found in the JATS.

The manuscript's own text is read from the Word file (wordfile.inventory:
body, tables, text boxes, footnotes, endnotes), independently of pandoc, and
compared with all the text of the JATS, word by word as counts: moving a table
or restructuring a reference keeps every word, so only what is really missing
shows. Words that recognition turned into structure (a "Keywords:" label, the
"Table 3. Continued" line) are allowed for by the recognisers' `consumed`
lists. Each missing word is reported with the manuscript paragraph it was in.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from lxml import etree

from pipeline.diagnostics import Finding
from pipeline.ingest.wordfile import SourceParagraph

WORD = re.compile(r"\w+")
MAX_REPORTED = 25


def words(text: str) -> list[str]:
    return [w.casefold() for w in WORD.findall(unicodedata.normalize("NFKC", text))]


# Formatting inside a word ("<italic>P</italic>-value", "H<sub>2</sub>O" aside): no word boundary around these.
# Every other element is a field or block of its own, so its text is a word apart from what surrounds it.
INLINE = frozenset({"bold", "italic", "underline", "sc", "monospace", "overline", "strike", "roman", "sans-serif",
                    "styled-content", "named-content", "abbrev"})


def jats_text(article: etree._Element) -> str:
    """The article's text with word boundaries where the markup has them (a sup, a cell, a name part)."""
    out: list[str] = []

    def walk(node: etree._Element) -> None:
        boundary = isinstance(node.tag, str) and etree.QName(node).localname not in INLINE
        if boundary:
            out.append(" ")
        if node.text:
            out.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                out.append(child.tail)
        if boundary:
            out.append(" ")

    walk(article)
    return "".join(out)


def check(source: list[SourceParagraph], article: etree._Element, consumed: Iterable[str], file: str
          ) -> tuple[list[Finding], dict[str, int]]:
    """Findings for lost text, and the counts (words in the manuscript, found, lost)."""
    text = jats_text(article)
    available = Counter(words(text))
    available.update(words(" ".join(consumed)))
    needed = Counter()
    for paragraph in source:
        needed.update(words(paragraph.text))
    lost = needed - available
    findings: list[Finding] = []
    if lost:
        findings = _attribute(source, lost, " ".join(words(text)), file)
    total = sum(needed.values())
    missing_count = sum(lost.values())
    return findings, {"words": total, "found": total - missing_count, "lost": missing_count}


def _attribute(source: list[SourceParagraph], lost: Counter, stream: str, file: str) -> list[Finding]:
    """Say which paragraphs the lost words came from. A paragraph found word for word in the JATS lost nothing,
    so words are charged first to paragraphs that are not found whole (restructured or really lost)."""
    remaining = Counter(lost)
    whole = {n for n, p in enumerate(source) if " ".join(words(p.text)) in stream}
    order = [n for n in range(len(source)) if n not in whole] + sorted(whole)
    missing_by_paragraph: dict[int, list[str]] = {}
    for n in order:
        for word in words(source[n].text):
            if remaining[word] > 0:
                missing_by_paragraph.setdefault(n, []).append(word)
                remaining[word] -= 1
    findings = []
    for n in sorted(missing_by_paragraph)[:MAX_REPORTED]:
        missing = missing_by_paragraph[n]
        paragraph = source[n]
        findings.append(Finding.of(
            "ingest.lost-text",
            f"{len(missing)} word{'s' if len(missing) > 1 else ''} of this paragraph did not reach the JATS: "
            f"“{' '.join(missing[:12])}{' …' if len(missing) > 12 else ''}” (paragraph: “{_start(paragraph)}”)",
            file=file, location=paragraph.where))
    return findings


def _start(paragraph: SourceParagraph) -> str:
    text = " ".join(paragraph.text.split())
    return text[:70] + ("…" if len(text) > 70 else "")
