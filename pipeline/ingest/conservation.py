"""Nothing lost: every word of the manuscript's text must be found in the JATS.

The manuscript's own text is read from the Word file (wordfile.inventory:
body, tables, text boxes, footnotes, endnotes), independently of pandoc, and
compared with all the text of the JATS, word by word as counts: moving a table
or restructuring a reference keeps every word, so only what is really missing
shows. Words that recognition turned into structure (a "Keywords:" label, the
"Table 3. Continued" line) are allowed for by the recognisers' `consumed`
lists. Each missing word is reported with the manuscript paragraph it was in.

`not_read` runs the same count on pandoc's output, before the pipeline's own
recognition: what pandoc's DOCX reader skipped (some text boxes, cells of
irregular tables) is then kept from the Word file's own text, with a warning,
and only what the pipeline itself loses is an error.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from lxml import etree

from pipeline.diagnostics import Finding
from pipeline.ingest.wordfile import MARKS, SourceParagraph

# Scripts written without spaces between words (Chinese, Japanese, Thai...): each character is a token of its
# own, so that a link or a bold run starting inside a "word" (“Mitchell的<ext-link>Foundations</ext-link>”) does
# not make the Word text and the JATS text tokenise differently.
UNSPACED = ("\u0e00-\u0eff"  # Thai, Lao
            "\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff"  # Tibetan, Myanmar, Khmer
            "\u3040-\u30ff\u31f0-\u31ff"  # Hiragana, Katakana
            "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"  # Han
            "\uac00-\ud7af")  # Hangul syllables
WORD = re.compile(f"[{UNSPACED}]|(?:(?![{UNSPACED}])\\w)+")
MAX_REPORTED = 25


def words(text: str) -> list[str]:
    return [w.casefold() for w in WORD.findall(unicodedata.normalize("NFKC", text))]


# Formatting or a web link inside a word ("<italic>P</italic>-value", "H<sub>2</sub>O" aside): no word boundary
# around these. Every other element is a field or block of its own, so its text is a word apart from what
# surrounds it.
INLINE = frozenset({"bold", "italic", "underline", "sc", "monospace", "overline", "strike", "roman", "sans-serif",
                    "styled-content", "named-content", "abbrev", "ext-link", "email", "uri"})


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


def not_read(source: list[SourceParagraph], raw: etree._Element) -> list[tuple[SourceParagraph, list[str]]]:
    """The manuscript paragraphs pandoc's reader did not carry into its JATS (a text box it skips, a table cell
    it drops), with the words missing: the same count as `check`, on pandoc's output before any recognition.
    What is missing here is the reader's limit, not the pipeline's; the build keeps these paragraphs from the
    Word file itself, so that they are not lost."""
    text = jats_text(raw)
    for mark in MARKS:
        text = text.replace(mark, " ")
    needed = Counter()
    for paragraph in source:
        needed.update(words(paragraph.text))
    lost = needed - Counter(words(text))
    if not lost:
        return []
    missing = _missing_by_paragraph(source, lost, " ".join(words(text)))
    return [(source[n], missing[n]) for n in sorted(missing)]


def _missing_by_paragraph(source: list[SourceParagraph], lost: Counter, stream: str) -> dict[int, list[str]]:
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
    return missing_by_paragraph


def _attribute(source: list[SourceParagraph], lost: Counter, stream: str, file: str) -> list[Finding]:
    missing_by_paragraph = _missing_by_paragraph(source, lost, stream)
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
