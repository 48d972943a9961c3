"""The words manuscripts use to label their parts, in one place.

Every recogniser asks this module whether a heading or a paragraph opening
names a part (abstract, keywords, main points, references, figure legends,
statements...), so that a new synonym is added once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Headings that start a part of the manuscript outside the main text.
PART_HEADINGS: dict[str, re.Pattern[str]] = {
    "abstract": re.compile(r"^(structured\s+)?(abstract|summary)$", re.I),
    "keywords": re.compile(r"^key\s*-?\s*words?$", re.I),
    "main-points": re.compile(r"^(main|key)\s+points$|^highlights$|^key\s+messages$", re.I),
    "references": re.compile(r"^(references?|bibliography|literature\s+cited|works\s+cited)$", re.I),
    "legends": re.compile(r"^(figures?(\s+and\s+tables?)?\s+legends?|legends?(\s+(to|for|of)\s+(the\s+)?figures?)?|"
                          r"figure\s+captions?)$", re.I),
    "tables": re.compile(r"^tables?$", re.I),
    "ack": re.compile(r"^acknowledge?ments?$", re.I),
    "coi": re.compile(r"^(conflicts?\s+of\s+interests?(\s+disclosures?|\s+statements?)?|competing\s+interests?"
                      r"(\s+statements?)?|"
                      r"declaration\s+of\s+interests?|disclosures?)$", re.I),
    "funding": re.compile(r"^(funding|financial\s+disclosures?|financial\s+support|sources?\s+of\s+funding)$", re.I),
    "ethics": re.compile(r"^(ethics(\s+committee\s+approval|\s+statement|\s+approval)?|informed\s+consent)$", re.I),
    "data": re.compile(r"^data\s+availability(\s+statement)?$", re.I),
    # Headings that gather statements (competing interests, funding, ethics... under them or in them).
    "declarations": re.compile(r"^(declarations?|additional\s+information)$", re.I),
    "supplementary": re.compile(r"^(supplementa(ry|l)\s+(materials?|information|data|figures?|tables?)\b.*|"
                                r"additional\s+files?)$", re.I),
}

# Statements written as a labelled paragraph ("Funding: none.") on the title page or at the end.
STATEMENT_LABEL = re.compile(
    r"^(?P<label>acknowledge?ments?|conflicts?\s+of\s+interests?(\s+disclosures?)?|competing\s+interests?|"
    r"funding|financial\s+disclosures?|financial\s+support|ethics\s+committee\s+approval|ethics\s+statement|"
    r"informed\s+consent|data\s+availability(\s+statement)?)\s*[:.]\s*", re.I)

# Headings some manuscripts give the parts of their title page: they do not end the title page.
TITLE_PAGE_HEADINGS: dict[str, re.Pattern[str]] = {
    "authors": re.compile(r"^(authors?|author\s+(names?|list|information|details))$", re.I),
    "affiliations": re.compile(r"^(authors?['’]?\s+)?affiliations?$", re.I),
    "correspondence": re.compile(r"^(corresponding\s+authors?|correspondence|address\s+(for\s+)?correspondence)$",
                                 re.I),
}
# Lines that go on with the correspondence address under a "Corresponding author" heading.
CORRESPONDENCE_LINE = re.compile(r"^\W*(address|e-?\s*mail|tel(ephone)?|phone|fax|orcid|mobile)\b", re.I)
OTHER_LABEL = re.compile(r"^[A-Z][A-Za-z ]{2,40}\s*:")

# The number an author types before a reference ("12. Smith J…", "[12] Smith J…", "12) …").
REFERENCE_NUMBER = re.compile(r"^\s*\[?(\d{1,3})[.)\]]?\s+")

KEYWORDS_PARAGRAPH = re.compile(r"^key\s*-?\s*words?\s*[:.\-–]\s*", re.I)
RUNNING_TITLE = re.compile(r"^(running\s+(title|head)|short\s+title)\s*[:.]\s*", re.I)
CORRESPONDENCE = re.compile(r"^(corresponding\s+author|correspondence|address\s+(for\s+)?correspondence"
                            r"|correspondence\s+to)\s*[:.]?\s*", re.I)
# Where the correspondence starts when it is run on after the last author's name ("Peter Campbell*For
# correspondence: …", "Jean AttebyCorrespondence to Professor …", "Nicholas Graham* E-mail: …").
CORRESPONDENCE_IN_LINE = re.compile(r"for\s+correspondence\s*:|(address\s+)?correspondence\s+(should\s+be\s+"
                                    r"addressed\s+)?to\b|correspondence\s*:|e-?\s*mail\s*(address)?\s*:", re.I)
EMAIL_LABEL = re.compile(r"^e-?\s*mail\s*(address)?\s*[:.]\s*", re.I)
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(\.[\w-]+)+")

# Labels of a structured abstract, with the canonical label the journal uses.
ABSTRACT_LABELS: dict[str, str] = {
    "purpose": "PURPOSE", "objective": "PURPOSE", "objectives": "PURPOSE", "aim": "PURPOSE", "aims": "PURPOSE",
    "background": "BACKGROUND", "introduction": "BACKGROUND", "context": "BACKGROUND",
    "methods": "METHODS", "materials and methods": "METHODS", "material and methods": "METHODS",
    "methods and materials": "METHODS", "design": "METHODS",
    "results": "RESULTS", "findings": "RESULTS",
    "conclusion": "CONCLUSION", "conclusions": "CONCLUSION", "interpretation": "CONCLUSION",
}
ABSTRACT_RUN_IN = re.compile(r"^(?P<label>" + "|".join(sorted(map(re.escape, ABSTRACT_LABELS), key=len, reverse=True))
                             + r")\s*[:.]?\s*$", re.I)

# Main-text section titles and their JATS sec-type (JATS4R / PMC sec-type values).
SEC_TYPES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(introduction|background)$", re.I), "intro"),
    (re.compile(r"^(materials?\s+and\s+methods|methods\s+and\s+materials?)$", re.I), "materials|methods"),
    (re.compile(r"^(methods?|methodology|patients\s+and\s+methods|subjects\s+and\s+methods|study\s+design)$", re.I),
     "methods"),
    (re.compile(r"^results?$", re.I), "results"),
    (re.compile(r"^results\s+and\s+discussion$", re.I), "results|discussion"),
    (re.compile(r"^discussion$", re.I), "discussion"),
    (re.compile(r"^conclusions?$|^concluding\s+remarks$", re.I), "conclusions"),
    (re.compile(r"^(case\s+reports?|case\s+presentations?|cases?)$", re.I), "cases"),
    (re.compile(r"^(technique|technical\s+note|procedure)$", re.I), "methods"),
]
# Titles that always head a top-level section when a manuscript types its headings as bold lines.
TOP_LEVEL_TITLES = re.compile(
    r"^(introduction|background|materials?\s+and\s+methods|methods?|methodology|patients\s+and\s+methods|"
    r"results?|results\s+and\s+discussion|discussion|conclusions?|case\s+reports?|case\s+presentations?|"
    r"technique|limitations?|study\s+limitations)$", re.I)

# "Table 3.1" and "Figure 3.1: ..." are numbered otherwise (by chapter): not Table 3 or Figure 3.
TABLE_CAPTION = re.compile(r"^(?P<supp>supplementa(?:ry|l)\s+)?table\s+(?P<num>S?\d+)(?!\d|\.\d)"
                           r"(?P<cont>\s*\(?continued\)?)?\s*[.:|–—-]?\s*(?P<rest>.*)$", re.I | re.S)
# A table title typed as such: the number followed by a full stop, colon or dash ("Table 2. …", not "Table 2 shows").
TYPED_TABLE_CAPTION = re.compile(r"^(supplementa(?:ry|l)\s+)?table\s+S?\d+(?!\d|\.\d)\s*[.:|–—-]", re.I)
FIGURE_LEGEND = re.compile(r"^(?P<supp>supplementa(?:ry|l)\s+)?(?:figure|fig\.?)\s+(?P<num>S?\d+)(?!\d|\.\d)"
                           r"\s*[.:|–—-]\s*(?P<rest>.*)$", re.I | re.S)


def object_label(kind: str, m: re.Match[str]) -> tuple[str, str]:
    """The JATS label of a table or figure, and the label as the author typed it, from a TABLE_CAPTION or
    FIGURE_LEGEND(_LOOSE) match: the kind in full ("Fig." -> "Figure"), the number as typed ("Figure S3" stays
    S3, "Supplementary Table 1" stays Supplementary). What the author typed is given back so that the
    nothing-lost check can count its words ("Fig. 1.") as used."""
    number = m.group("num")
    number = number[0].upper() + number[1:] if number[:1] in "sS" else number
    label = f"{'Supplementary ' if m.group('supp') else ''}{kind} {number}"
    return label, m.string[m.start():m.start("rest")].strip()


def is_legend(text: str) -> bool:
    """'Figure 2. Axial CT ...' is a legend; 'Figure 2 shows ...' in running text is not."""
    m = FIGURE_LEGEND.match(text)
    return bool(m and m.group("rest") and text[m.start("rest") - 2:m.start("rest")].strip() in ".:|–—-")


# After the main text, where only legends start with "Figure N", some authors type no full stop after the
# number: "Figure 1 PRISMA flow diagram." (a capital letter follows). Never used inside the main text.
FIGURE_LEGEND_LOOSE = re.compile(r"^(?P<supp>(?i:supplementa(?:ry|l))\s+)?(?i:figure|fig\.?)\s+(?P<num>[Ss]?\d+)"
                                 r"(?!\d|\.\d)(?:\s*[.:|–—-]\s*|\s+(?=[A-ZÀ-Þ]))(?P<rest>.*)$", re.S)
# A line saying that a table goes on in the next table ("Table continues below", "(continued on next page)").
TABLE_CONTINUES = re.compile(r"^\(?\s*(table\s+)?(continues|continued)(\s+(below|overleaf|on\s+(the\s+)?"
                             r"(next|following)\s+page))?\s*\.?\s*\)?$", re.I)
TABLE_FOOTNOTE_START = re.compile(r"^([*†‡§¶#]|[a-z]\s|[a-z]\)|\(?[a-z]\)|note[s]?\b|abbreviations?\b|data\s+are\b|"
                                  r"values\s+are\b|p\s*[<>=≤≥]|sd\b|ci\b)", re.I)
ABBREVIATION_LIST = re.compile(r"^[A-Z][\w\-/+()]*\s*[,:=]\s+[a-z]")


def _first_match(patterns: Iterable[tuple[str, re.Pattern[str]]], text: str) -> str | None:
    """The name of the first pattern that matches a heading's text (without a final colon or full stop)."""
    clean = text.strip().rstrip(":.").strip()
    return next((name for name, pattern in patterns if pattern.match(clean)), None)


def part_of_heading(text: str) -> str | None:
    return _first_match(PART_HEADINGS.items(), text)


def title_page_heading(text: str) -> str | None:
    return _first_match(TITLE_PAGE_HEADINGS.items(), text)


def sec_type(title: str) -> str | None:
    return _first_match(((value, pattern) for pattern, value in SEC_TYPES), title)


def abstract_label(text: str) -> str | None:
    m = ABSTRACT_RUN_IN.match(text.strip())
    return m.group("label") if m else None


def reference_number(text: str) -> int | None:
    m = REFERENCE_NUMBER.match(text)
    return int(m.group(1)) if m else None
