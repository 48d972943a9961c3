"""Citations in the text -> xrefs: superscript reference numbers, and mentions of tables and figures.

Reference citations: the journal prints them as superscript numbers after
punctuation ("as of June 2022.¹"), singly, as lists and as ranges ("2,3",
"2-12", "2–5,8"). Each listed number becomes an xref to its reference; a range
stays one xref whose rid names every reference in it, so the printed text is
kept exactly and every cited reference is linked. Superscripts that are not
citations (cm², 10⁶, r², CD34⁺) are recognised by what precedes them.

Some manuscripts cite with numbers in square brackets ("[9]", "[2-5]", "[1,3]"): those are linked the
same way, brackets kept as text, when the reference list is numbered, no reference is cited by a
superscript, and every number in the brackets is a reference's; otherwise they stay text.

Object mentions: "Table 1", "Tables 2 and 3", "Figure 2b", "Figures 1a, c",
"Fig. 3", "Supplementary Table 1", "Figure S1" -> xrefs to the table-wrap,
fig or supplementary-material they name.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from lxml import etree

from pipeline.diagnostics import Finding
from pipeline.ingest.labels import NUMBER_TYPED, ObjectNumber
from pipeline.jats import el, splice, text_nodes

CITATION = re.compile(r"^\s*\d{1,3}(\s*[-–—,]\s*\d{1,3})*\s*$")
# What may stand before a superscript number that is a quantity, not a citation.
UNIT_BEFORE = re.compile(r"(\b(cm|mm|m|km|µm|um|nm|in|ft|kg|g|mg|µg|mL|ml|L|l|s|sec|min|h|HU|mGy|Gy|mSv|Sv|MBq|"
                         r"kBq|mCi|T|Hz|kHz|MHz|K|x|r|R|χ|chi|I|n|p|e|pi|π|b|B|W|J)\s*|\d|[×^])$")


@dataclass
class CitationReport:
    cited: set[int] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)


def expand(text: str) -> list[tuple[str, list[int]]]:
    """'2-5,8' -> [('2-5', [2, 3, 4, 5]), (',', []), ('8', [8])]: the pieces as printed and the numbers each cites."""
    pieces: list[tuple[str, list[int]]] = []
    for m in re.finditer(r"(\d+)(\s*[-–—]\s*(\d+))?|[^\d]+", text):
        if m.group(1) is None:
            pieces.append((m.group(0), []))
            continue
        first = int(m.group(1))
        last = int(m.group(3)) if m.group(3) else first
        numbers = list(range(first, last + 1)) if last >= first else [first, last]
        pieces.append((m.group(0), numbers))
    return pieces


def is_citation_sup(sup: etree._Element) -> bool:
    if len(sup) or not CITATION.match(sup.text or ""):
        return False
    before = _text_before(sup)
    if not before.strip():
        return False
    return not UNIT_BEFORE.search(before.rstrip()) or before.rstrip()[-1:] in ".,;:)]’”'\""


def _text_before(node: etree._Element) -> str:
    previous = node.getprevious()
    if previous is not None:
        return previous.tail or "".join(previous.itertext())
    parent = node.getparent()
    return (parent.text or "") if parent is not None else ""


def link_citations(containers: list[etree._Element], references: int | Collection[int], where: str,
                   brackets: bool = False) -> CitationReport:
    """Link the citations of the references numbered `references` (a count means 1 to that count). With
    `brackets` (the reference list is numbered), numbers in square brackets in the text ("[9]", "[2-5]",
    "[1,3]") are citations too when the manuscript cites no reference by a superscript and every number in
    them is a reference's."""
    numbers = set(range(1, references + 1)) if isinstance(references, int) else set(references)
    report = CitationReport()
    for container in containers:
        for sup in list(container.iter("sup")):
            if sup.getparent() is None or not is_citation_sup(sup):
                continue
            _link_numbers(sup, numbers, report, f"{where}: {_context(sup)}")
    if brackets and not report.cited:
        for container in containers:
            for node, slot in text_nodes(container, skip=BRACKET_SKIP):
                splice(node, slot, BRACKETED, lambda m: _bracketed(m, numbers, report))
    return report


def _link_numbers(sup: etree._Element, numbers: set[int], report: CitationReport, location: str) -> None:
    """A superscript citation "2-5,8" -> xrefs in the superscript, its printed text kept."""
    text = sup.text or ""
    sup.text = None
    last: etree._Element | None = None
    for piece, cited in expand(text):
        valid = [n for n in cited if n in numbers]
        missing = [n for n in cited if n not in numbers]
        if missing:
            report.findings.append(Finding.of(
                "ingest.citation-unresolved",
                f"citation {piece} points at reference {', '.join(map(str, missing))}, but the reference "
                f"list has {len(numbers)} entr{'y' if len(numbers) == 1 else 'ies'}", location=location))
        report.cited.update(valid)
        if not valid:
            if last is None:
                sup.text = (sup.text or "") + piece
            else:
                last.tail = (last.tail or "") + piece
            continue
        xref = el("xref", piece, ref_type="bibr", rid=" ".join(f"ref{n}" for n in valid))
        sup.append(xref)
        last = xref


# "[9]", "[2-5]", "[1, 3]" standing apart: not "P[6]" or "[1,2,4]triazolo" (a word around it), not "[0.5, 1]".
BRACKETED = re.compile(r"(?<![\w\[])\[(\d{1,3}(?:\s*[-–—,]\s*\d{1,3})*)\](?![\w\]])")
BRACKET_SKIP = frozenset({"xref", "ext-link", "label", "alt-text", "inline-formula", "disp-formula", "math",
                          "monospace", "preformat", "code"})


def _bracketed(m: re.Match[str], numbers: set[int], report: CitationReport) -> list[etree._Element | str] | None:
    pieces = expand(m.group(1))
    if not all(n in numbers for _, cited in pieces for n in cited):
        return None  # not every number is a reference's: an interval, a label; it stays text
    nodes: list[etree._Element | str] = ["["]
    for piece, cited in pieces:
        if cited:
            nodes.append(el("xref", piece, ref_type="bibr", rid=" ".join(f"ref{n}" for n in cited)))
            report.cited.update(cited)
        elif isinstance(nodes[-1], str):
            nodes[-1] += piece
        else:
            nodes.append(piece)
    if isinstance(nodes[-1], str):
        nodes[-1] += "]"
    else:
        nodes.append("]")
    return nodes


def _context(node: etree._Element) -> str:
    """The words before a citation, so staff can find it in the manuscript."""
    before = " ".join(_text_before(node).split()[-8:])
    return f"after “…{before}”"


# --- mentions of tables and figures -------------------------------------------------------------------------------

MENTION = re.compile(
    r"\b(?P<supp>Supplementa(?:ry|l)\s+)?(?P<kind>Tables?|Figures?|Figs?\.?)\s+"
    r"(?P<list>" + NUMBER_TYPED + r"(?:\s*(?:[-–—]|,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)(?:" + NUMBER_TYPED
    + r"|[a-z]\b))*)", re.I)
# One numbered item of a mention: labels.ObjectNumber's form ("S1", "A2", "1b", "1B": the part letter goes with
# its number; "Table 3.1" is read as Table 3 here, as before: labels.NUMBER's chapter rule is for titles).
ITEM = re.compile(NUMBER_TYPED, re.I)


@dataclass
class Targets:
    tables: dict[str, str] = field(default_factory=dict)  # labels.ObjectNumber.key ("1", "A2", "1a") -> id
    figures: dict[str, str] = field(default_factory=dict)
    supp_tables: dict[str, str] = field(default_factory=dict)
    supp_figures: dict[str, str] = field(default_factory=dict)


def link_mentions(containers: list[etree._Element], targets: Targets, where: str) -> tuple[set[str], list[Finding]]:
    """Turn mentions into xrefs; returns the ids mentioned and findings for mentions of nothing."""
    mentioned: set[str] = set()
    findings: list[Finding] = []
    reported: set[tuple[str, bool, str]] = set()

    def make(m: re.Match[str]) -> list[etree._Element | str] | None:
        kind = "table" if m.group("kind").lower().startswith("table") else "fig"
        supp = bool(m.group("supp"))
        nodes: list[etree._Element | str] = []
        prefix = m.group(0)[: m.start("list") - m.start(0)]
        listing = m.group("list")
        items = list(_items(listing))
        if not items:
            return None
        cursor = 0
        for start, end, numbered in items:
            is_s = numbered.supplementary
            table = _lookup(targets, kind, supp or is_s, numbered)
            chunk = listing[cursor:start]
            label = (prefix if cursor == 0 else "") + listing[start:end]
            if cursor == 0:
                chunk = ""
            if chunk:
                nodes.append(chunk)
            if table is None:
                # Reported once per object missing: "Figure 2A" and "Figure 2E" name Figure 2, "Figure S1" and
                # "Supplementary Figure 1" the same figure.
                typed = ITEM.match(listing, start).group(0)
                missing = (kind, supp or is_s, numbered.whole or numbered.key)
                if missing not in reported:
                    reported.add(missing)
                    name = f"{'Supplementary ' if supp else ''}{'Table' if kind == 'table' else 'Figure'} " \
                        f"{typed[:-1] if numbered.part else typed}"
                    findings.append(Finding.of(
                        "ingest.object-unresolved",
                        f"the text mentions {name}, but the manuscript has no {name}",
                        location=f"{where}: “{m.group(0)}”"))
                nodes.append(label)
            else:
                ref_type = "supplementary-material" if (supp or is_s) else kind
                nodes.append(el("xref", label, ref_type=ref_type, rid=table))
                mentioned.add(table)
            cursor = end
        if listing[cursor:]:
            nodes.append(listing[cursor:])
        return nodes

    for container in containers:
        for node, slot in text_nodes(container, skip=frozenset({"xref", "ext-link", "label", "title", "sup", "alt-text",
                                                                "inline-formula", "disp-formula", "math"})):
            splice(node, slot, MENTION, make)
    return mentioned, findings


def _items(listing: str):
    """Numbered items of a mention list: '1a, c and S2' -> (start, end, 1a), (.., S2); bare part letters ('c')
    belong to the figure before them and are kept in its text."""
    items = []
    for m in ITEM.finditer(listing):
        if items and m.start() == items[-1][1]:
            continue
        items.append((m.start(), m.end(), ObjectNumber.read(m.group(0))))
    # Extend each item's text over the part letters that follow it ("1a, c").
    out = []
    for n, (start, end, numbered) in enumerate(items):
        next_start = items[n + 1][0] if n + 1 < len(items) else len(listing)
        tail = listing[end:next_start]
        letters = re.match(r"((?:\s*,\s*(?:and\s+)?|\s+and\s+)[a-z]\b)+", tail)
        if letters:
            end += letters.end()
        out.append((start, end, numbered))
    return out


def _lookup(targets: Targets, kind: str, supp: bool, numbered: ObjectNumber) -> str | None:
    """The table or figure a mention names: "Figure 1a" is Figure 1a where there is one, else part a of Figure 1."""
    if kind == "table":
        found = targets.supp_tables if supp else targets.tables
    else:
        found = targets.supp_figures if supp else targets.figures
    return found.get(numbered.key) or (found.get(numbered.whole) if numbered.whole else None)


# --- author–year citations ----------------------------------------------------------------------------------------

def cited_by_name(containers: list[etree._Element], authors: dict[int, tuple[str, str]]) -> set[int]:
    """The references of an author–year list that the text cites: `authors` gives each reference's first author
    (surname or group) and year, and a reference is cited when its first author's name is followed closely (80
    characters, no semicolon: the next citation in a list) by its year ("(Smith et al., 2019)", "Smith and Jones
    (2019)", "Smith, 2019a").
    The citations stay text (no xref): the check is that every reference is cited, as for numbered lists."""
    text = " ".join(" ".join("".join(c.itertext()).split()) for c in containers)
    cited = set()
    for number, (name, year) in authors.items():
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)[^;\[\]]{{0,80}}?(?<!\w){re.escape(year)}(?!\w)", text):
            cited.add(number)
    return cited
