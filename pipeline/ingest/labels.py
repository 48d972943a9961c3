"""The words manuscripts use to label their parts, in one place.

Every recogniser asks this module whether a heading or a paragraph opening
names a part (abstract, keywords, main points, references, figure legends,
statements...), so that a new synonym is added once.

The words that are the journal's (its structured abstract's labels and their
order, what its key-points box is called) come from its config (house_style:
abstract_sections, key_points), for the length of one conversion:
`with journal_words(journal.house_style): ...` (ingest.convert does it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from pipeline.config.journal import HouseStyle

# Headings that start a part of the manuscript outside the main text ("main-points" is the journal's:
# JournalWords.key_points).
PART_HEADINGS: dict[str, re.Pattern[str]] = {
    "abstract": re.compile(r"^(structured\s+)?(abstract|summary)$", re.I),
    "keywords": re.compile(r"^key\s*-?\s*words?$", re.I),
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



@dataclass(frozen=True)
class JournalWords:
    """The journal's own words for parts of a manuscript (config: house_style)."""

    labels: dict[str, str]  # a word manuscripts use for a structured abstract's section -> the journal's label
    ranks: dict[str, int]  # the journal's label -> its place in the abstract's order
    run_in: re.Pattern[str]  # a paragraph opening that is such a word
    key_points: re.Pattern[str]  # a heading of the key points list
    key_points_title: str  # the key-points box's title

    @classmethod
    def of(cls, style: HouseStyle) -> JournalWords:
        words = {" ".join(w.lower().split()): s.label for s in style.abstract_sections for w in (*s.words, s.label)}
        alternatives = "|".join(sorted((_spaced(w) for w in words), key=len, reverse=True))
        headings = "|".join(_spaced(w) for w in (*style.key_points.headings, style.key_points.title))
        return cls(words, {s.label: s.rank for s in style.abstract_sections},
                   re.compile(r"^(?P<label>" + alternatives + r")\s*[:.]?\s*$", re.I),
                   re.compile(r"^(" + headings + r")$", re.I), style.key_points.title)

    def label_of(self, written: str) -> str:
        """The journal's label for a section label as written ("Objective:" -> "PURPOSE"); unknown: in capitals."""
        text = " ".join(written.lower().rstrip(":. ").split())
        return self.labels.get(text, written.rstrip(":. ").upper())


def _spaced(words: str) -> str:
    return r"\s+".join(map(re.escape, words.split()))


_JOURNAL_WORDS: ContextVar[JournalWords] = ContextVar("journal_words")


@contextmanager
def journal_words(style: HouseStyle) -> Iterator[JournalWords]:
    """Within the block, the recognisers read the journal's words from `style`."""
    token = _JOURNAL_WORDS.set(JournalWords.of(style))
    try:
        yield _JOURNAL_WORDS.get()
    finally:
        _JOURNAL_WORDS.reset(token)


def current_words() -> JournalWords:
    try:
        return _JOURNAL_WORDS.get()
    except LookupError:
        raise RuntimeError("the journal's words are not set: call within labels.journal_words(...)") from None


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

# An object's number as authors type it: a letter before it for a series of its own ("S1": supplementary,
# "A2": an appendix's, "E1": an online supplement's) and a letter after it for a part or a sub-number ("1a",
# "S1a"). One rule for titles, legends, mentions and file names (ObjectNumber). "Table 3.1" and "Figure 3.1: ..."
# are numbered otherwise (by chapter): not Table 3 or Figure 3.
NUMBER_TYPED = r"(?:[A-Z](?=\d))?\d+(?:[a-z](?![a-z]))?"  # in a mention's list ("Figures 1a, S2 and A3")
NUMBER = NUMBER_TYPED + r"(?!\d|\.\d)"
TABLE_CAPTION = re.compile(r"^(?P<supp>supplementa(?:ry|l)\s+)?table\s+(?P<num>" + NUMBER + r")"
                           r"(?P<cont>\s*\(?continued\)?)?\s*[.:|–—-]?\s*(?P<rest>.*)$", re.I | re.S)
# A table title typed as such: the number followed by a full stop, colon or dash ("Table 2. …", not "Table 2 shows").
TYPED_TABLE_CAPTION = re.compile(r"^(supplementa(?:ry|l)\s+)?table\s+" + NUMBER + r"\s*[.:|–—-]", re.I)
FIGURE_LEGEND = re.compile(r"^(?P<supp>supplementa(?:ry|l)\s+)?(?:figure|fig\.?)\s+(?P<num>" + NUMBER + r")"
                           r"\s*[.:|–—-]\s*(?P<rest>.*)$", re.I | re.S)
_NUMBER_PARTS = re.compile(r"^(?P<series>[A-Z]?)(?P<number>\d+)(?P<part>[a-z]?)$", re.I)


@dataclass(frozen=True)
class ObjectNumber:
    """A table's or figure's number as typed: "S1a" is series S, number 1, part a. The series S, or the word
    "Supplementary" before the label, makes it supplementary; another letter is a series of its own."""

    series: str  # "" or one capital letter ("S", "A", "E")
    number: int
    part: str = ""  # "" or one lower-case letter
    supplementary_word: bool = False  # typed "Supplementary Table 1"

    @classmethod
    def read(cls, typed: str, supplementary_word: bool = False) -> ObjectNumber:
        m = _NUMBER_PARTS.match(typed.strip())
        if m is None:
            raise ValueError(f"not an object number: {typed!r}")
        return cls(m.group("series").upper(), int(m.group("number")), m.group("part").lower(), supplementary_word)

    @property
    def supplementary(self) -> bool:
        return self.supplementary_word or self.series == "S"

    @property
    def key(self) -> str:
        """What mentions and files are matched by, within the main or the supplementary objects: "1", "A2",
        "1a" ("Table S1" and "Supplementary Table 1" are both the supplementary "1")."""
        return f"{'' if self.series == 'S' else self.series}{self.number}{self.part}"

    @property
    def whole(self) -> str:
        """The key of the object this one is a part of ("1a" -> "1"), or "" when it is not a part."""
        return f"{'' if self.series == 'S' else self.series}{self.number}" if self.part else ""

    @property
    def plain(self) -> bool:
        """A number of the main series, not a part: what the numbering checks count (1, 2, 3...)."""
        return self.series in ("", "S") and not self.part


def object_number(m: re.Match[str]) -> ObjectNumber:
    """The number of a TABLE_CAPTION or FIGURE_LEGEND(_LOOSE) match."""
    return ObjectNumber.read(m.group("num"), bool(m.group("supp")))


def object_label(kind: str, m: re.Match[str]) -> tuple[str, str]:
    """The JATS label of a table or figure, and the label as the author typed it, from a TABLE_CAPTION or
    FIGURE_LEGEND(_LOOSE) match: the kind in full ("Fig." -> "Figure"), the number as typed ("Figure S3" stays
    S3, "Table A2" A2, "Figure 1a" 1a; "Supplementary Table 1" stays Supplementary). What the author typed is
    given back so that the nothing-lost check can count its words ("Fig. 1.") as used."""
    typed = m.group("num")
    typed = typed[0].upper() + typed[1:]  # "Figure s3" -> S3; a part letter stays as typed ("1A", "1a")
    label = f"{'Supplementary ' if m.group('supp') else ''}{kind} {typed}"
    return label, m.string[m.start():m.start("rest")].strip()


def is_legend(text: str) -> bool:
    """'Figure 2. Axial CT ...' is a legend; 'Figure 2 shows ...' in running text is not."""
    m = FIGURE_LEGEND.match(text)
    return bool(m and m.group("rest") and text[m.start("rest") - 2:m.start("rest")].strip() in ".:|–—-")


# After the main text, where only legends start with "Figure N", some authors type no full stop after the
# number: "Figure 1 PRISMA flow diagram." (a capital letter follows). Never used inside the main text.
FIGURE_LEGEND_LOOSE = re.compile(r"^(?P<supp>(?i:supplementa(?:ry|l))\s+)?(?i:figure|fig\.?)\s+(?P<num>(?i:"
                                 + NUMBER + r"))(?:\s*[.:|–—-]\s*|\s+(?=[A-ZÀ-Þ]))(?P<rest>.*)$", re.S)
# A figure's label on a line of its own ("Figure 1", "Fig. 2"), as typed over a picture when the legends stand
# elsewhere, and the heading over such pictures ("FIGURES").
FIGURE_LABEL_ONLY = re.compile(r"^(?P<supp>(?i:supplementa(?:ry|l))\s+)?(?i:figure|fig\.?)\s+(?P<num>(?i:"
                               + NUMBER + r"))\s*[.:]?\s*$")
FIGURES_HEADING = re.compile(r"^figures?$", re.I)
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
    part = _first_match(list(PART_HEADINGS.items())[:2], text)  # abstract, keywords, then the key points
    if part is None and current_words().key_points.match(text.strip().rstrip(":.").strip()):
        return "main-points"
    return part or _first_match(PART_HEADINGS.items(), text)


def title_page_heading(text: str) -> str | None:
    return _first_match(TITLE_PAGE_HEADINGS.items(), text)


def sec_type(title: str) -> str | None:
    return _first_match(((value, pattern) for pattern, value in SEC_TYPES), title)


def abstract_label(text: str) -> str | None:
    m = current_words().run_in.match(text.strip())
    return m.group("label") if m else None


def reference_number(text: str) -> int | None:
    m = REFERENCE_NUMBER.match(text)
    return int(m.group(1)) if m else None
