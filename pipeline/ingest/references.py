"""One reference-list entry -> a JATS 1.3 `<ref>` element; the AMA (AMA Manual of Style, 11th ed.) and
Vancouver (NLM) grammar, and what every style's grammar shares (reference_authoryear.py reads APA and
Harvard; reference_styles.py chooses the grammars for a whole list).

The entry is read from its end, where AMA puts the parts that have a fixed
form, towards its start, where the free text is:

    identifiers   doi:…, PMID: …, PMCID: …, a URL, "Accessed <date>", "Published online <date>"
    date block    journal "Source. 2012;31(4):675-692." | book "Publisher; 2011:17-28." | "Paper presented at: …"
    authors       "Economopoulos KJ, Brockmeier SF, et al." / "…, eds." / a group author
    titles        everything between the authors and the source

Types recognised: journal, book, chapter (a book with `chapter-title` and an
editor group), conference (`confproc`), thesis and webpage. The result is an
`element-citation` only when every word of the entry has been placed in it
and nothing was added (checked word by word at the end); otherwise the entry
is kept as written in a `mixed-citation` and `reason` says why, for production
staff. Being unsure is not an error: a mixed-citation loses nothing.

Names are split by the AMA rule "Surname Initials" (pipeline.names holds the
rules for writing them; reading only needs their shape).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from pipeline.names import ELISIONS, PARTICLES, SUFFIXES
from pipeline.xmlio import NS

XLINK_HREF = f"{{{NS['xlink']}}}href"


@dataclass
class ParsedReference:
    element: etree._Element  # <ref id="ref{number}"> with <label> and one citation
    structured: bool  # element-citation (True) or mixed-citation kept as text (False)
    reason: str | None = None  # why it stayed mixed-citation, in plain words for production staff
    # Words of the entry that became markup rather than text ("et al" -> <etal/>, "doi:", "In:", "eds."):
    # the ingest conservation check must not count them as lost.
    consumed: list[str] = field(default_factory=list)


class _Unsure(Exception):
    """The entry cannot be split with confidence; the message says why, and `kind` what it seems to be."""

    def __init__(self, reason: str, kind: str | None = None):
        super().__init__(reason)
        self.kind = kind


# --- what the parser finds ------------------------------------------------------------------------------------------

@dataclass
class _Person:
    surname: str | None = None
    initials: str | None = None
    suffix: str | None = None
    collab: str | None = None  # a group author instead of a person


@dataclass
class _Group:
    role: str  # "author" or "editor"
    members: list[_Person]
    etal: bool = False


@dataclass
class _Parts:
    kind: str = ""  # journal, book, chapter, conference, thesis, webpage
    groups: list[_Group] = field(default_factory=list)
    article_title: str = ""
    chapter_title: str = ""
    source: str = ""
    comment: str = ""  # "Dissertation", "Master's thesis"
    edition: str = ""
    conf_name: str = ""
    conf_date: str = ""
    conf_loc: str = ""
    publisher_loc: str = ""
    publisher_name: str = ""
    year: str = ""
    month: str = ""
    day: str = ""
    season: str = ""
    volume: str = ""
    issue: str = ""
    fpage: str = ""
    lpage: str = ""
    page_range: str = ""
    elocation: str = ""
    doi: str = ""
    pmid: str = ""
    pmcid: str = ""
    url: str = ""
    online: str = ""  # "Published online July 7, 2016" -> "July 7, 2016"
    published: str = ""  # a web page's "Published March 2, 2022"
    updated: str = ""
    epub: str = ""  # PubMed's "Epub 2019 Nov 15"
    ahead: str = ""  # "[Epub ahead of print]"
    accessed: str = ""
    markers: list[str] = field(default_factory=list)  # text that became markup ("doi:", "In:", "eds.")


# --- sentences ------------------------------------------------------------------------------------------------------

YEAR = r"(?:1[5-9]|20)\d{2}"
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
          "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Spring|Summer|Fall|Autumn|Winter")
# A date as AMA writes it after "Accessed", "Published online", "Updated": "July 7, 2016", "March 2016", "2016".
DATE = (rf"(?:(?:{MONTHS})\.?\s+\d{{1,2}}(?:[-–‐]\d{{1,2}})?,?\s+{YEAR}|(?:{MONTHS})\.?\s+{YEAR}"
        rf"|\d{{1,2}}\s+(?:{MONTHS})\.?\s+{YEAR}|{YEAR}(?:\s+(?:{MONTHS})\.?(?:\s+\d{{1,2}})?)?)")

_BOUNDARY = re.compile(r"(?<=[.?!])\s+(?=\S)")
# A full stop that does not end a sentence: dotted abbreviations ("U.S.", "e.g.") and a few short words
# ("Inc." is left out: it ends a group author, "Merck & Co, Inc. Title").
# Single capitals do end one: AMA initials carry no full stop, so "Smith J. Title" ends the author list.
_NOT_AN_END = re.compile(r"(?:(?<![\w.])(?:[A-Za-z]\.){2,}|\b(?:vs|St|Ste|Dr|Mr|Mrs|Ms|Prof|No|Nos|Vol|Mt|ca|"
                         r"approx|Fig|Figs|Dept|Univ)\.)$")


def _boundaries(text: str) -> list[tuple[int, int]]:
    """(end, start) of every sentence break: `end` just after the . ? or !, `start` where the next one begins."""
    out = []
    for m in _BOUNDARY.finditer(text):
        if not _NOT_AN_END.search(text[: m.start()]):
            out.append((m.start(), m.end()))
    return out


def _sentences(text: str) -> list[str]:
    out, begin = [], 0
    for end, start in _boundaries(text):
        out.append(text[begin:end])
        begin = start
    out.append(text[begin:])
    return [s for s in out if s]


def _unstop(text: str) -> str:
    """A part without its closing full stop; a question or exclamation mark belongs to a title and stays."""
    text = text.strip()
    return text if text.endswith("...") else re.sub(r"\s*[.,;:]+$", "", text)


# --- identifiers and dates at the end -------------------------------------------------------------------------------

_TAIL: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("doi", re.compile(r"(?:^|\s|(?<=\.))(?P<marker>doi:\s*(?:https?://(?:dx\.)?doi\.org/)?|https?://(?:dx\.)?doi\.org/"
                       r"(?:doi:\s*)?|)(?P<value>10\.\d{3,9}/\S+?)\.?$", re.I)),
    ("pmid", re.compile(r"(?:^|\s)(?P<marker>PMID:?\s*)(?P<value>\d{1,9})\.?$")),
    ("pmcid", re.compile(r"(?:^|\s)(?P<marker>PMCID:?\s*)(?P<value>PMC\d+)\.?$")),
    ("url", re.compile(r"(?:^|\s)(?P<marker>(?:Available (?:at|from)|URL):?\s*)?(?P<value>(?:https?://|www\.)\S+?)"
                       r"\.?$", re.I)),
    ("accessed", re.compile(rf"(?:^|(?<=[.?!])\s)(?P<marker>Accessed(?: on)?:?\s+)(?P<value>{DATE})\.?$")),
    ("updated", re.compile(rf"(?:^|(?<=[.?!])\s)(?P<marker>(?:Last )?Updated(?: on)?:?\s+)(?P<value>{DATE})\.?$")),
    ("online", re.compile(rf"(?:^|(?<=[.?!])\s)(?P<marker>Published online:?\s+)(?P<value>{DATE})\.?$")),
    ("published", re.compile(rf"(?:^|(?<=[.?!])\s)(?P<marker>Published:?\s+)(?P<value>{DATE})\.?$")),
    ("epub", re.compile(rf"(?:^|(?<=[.?!])\s)(?P<marker>Epub:?\s+)(?P<value>{DATE})\.?$")),
    # PubMed's note, kept as a comment: it says the article has no issue yet
    ("ahead", re.compile(r"(?:^|(?<=[.?!])\s)\[?(?P<marker>)(?P<value>Epub ahead of print)\]?\.?$", re.I)),
)


def _peel_tail(text: str, parts: _Parts) -> str:
    """Take identifiers, the URL and AMA's dated notes off the end of the entry, in any order; return the rest."""
    while True:
        for name, pattern in _TAIL:
            m = pattern.search(text)
            if m and not getattr(parts, name):
                setattr(parts, name, m.group("value"))
                if m.group("marker"):
                    parts.markers.append(m.group("marker"))
                text = text[: m.start()].rstrip()
                break
        else:
            return text


# --- authors and editors --------------------------------------------------------------------------------------------

_SUFFIX_WORDS = frozenset(s.rstrip(".") for s in SUFFIXES) | {"2nd", "3rd"}  # not "V": an initial
# Words that make a list item a group author when it sits among personal names.
_GROUP_WORD = re.compile(r"\b(?:Consortium|Group|Project|Collaboration|Collaborative|Collaborators|Investigators|"
                         r"Committee|Society|Network|Association|Organi[sz]ation|Initiative|Study|Trial|Team|Panel|"
                         r"Task Force|Council|Institute|College|Foundation|Working|Program|Programme|Registry)\b")
_ETAL = re.compile(r",?\s*et\s+al\.?$")
_EDS = re.compile(r",?\s*\b(eds?|editors?)\.?$")  # AMA "eds", Vancouver "editors"


def _surname_word(word: str) -> bool:
    """One word of a surname: capitalised ("O’Connor", "Boschi-Pinto"), or a particle ("van", "de", "d’Alessandro")."""
    if not all(c.isalpha() or c in "-'’" for c in word) or not word[0].isalpha():
        return False
    if word[0].isupper():
        return True
    head = re.split(r"[-'’]", word)[0]
    return head in PARTICLES or head in ELISIONS


def _person(item: str) -> _Person | None:
    """'Economopoulos KJ', 'van Doorn LJ', 'Chih Wu H', 'Langston W Jr' -> a person; anything else -> None."""
    words = item.split()
    suffix = None
    if len(words) >= 3 and words[-1].rstrip(".") in _SUFFIX_WORDS:
        suffix = words.pop()
    if not 2 <= len(words) <= 5:
        return None
    initials = words[-1]
    if not re.fullmatch(r"[A-Z]{1,4}|[A-Z]-[A-Z]", initials):  # "KJ", and "M-P" for a hyphenated given name
        return None
    if not all(_surname_word(w) for w in words[:-1]):
        return None
    return _Person(surname=" ".join(words[:-1]), initials=initials, suffix=suffix)


def _looks_personal(item: str) -> bool:
    """A name in a non-AMA shape ("Smith, J.", "John Smith A") is not a group: the list is unclear then."""
    return bool(re.search(r"\b[A-Z]{1,3}\.?$", item.strip())) or bool(re.fullmatch(r"[A-Z]\.?(\s*[A-Z]\.)*", item))


def _names(text: str, parts: _Parts, role: str) -> _Group:
    """'Smith J, Jones KL, et al' / 'Etzel RA, Balk SJ, eds' / 'Smith J; XYZ Study Group' -> a group of names."""
    group = _Group(role, [])
    m = _EDS.search(text)
    if m and role == "author" and text[: m.start()].strip():
        group.role = "editor"
        parts.markers.append(m.group(1))
        text = text[: m.start()]
    m = _ETAL.search(text)
    if m:
        group.etal = True
        parts.markers.append("et al")
        text = text[: m.start()]
    for chunk in text.split(";"):  # AMA separates a group author from personal names with a semicolon
        chunk = chunk.strip()
        if not chunk:
            raise _Unsure("the author list has an empty name")
        items = [i.strip() for i in chunk.split(",")]
        people = [_person(i) for i in items]
        if not any(people) and not any(_looks_personal(i) for i in items):
            group.members.append(_Person(collab=chunk))  # commas inside a group's name: "University of X, Y"
            continue
        for item, person in zip(items, people, strict=True):
            if person is None and _GROUP_WORD.search(item) and not _looks_personal(item):
                person = _Person(collab=item)  # "1000 Genomes Project Consortium, Abecasis GR, …"
            elif person is None and re.fullmatch(r"[A-Z][^\W\d_]+(?:-[A-Z][^\W\d_]+)?", item) and not item.isupper():
                person = _Person(surname=item)  # a single name ("Sachchidanand"): nothing to take initials from
            if person is None:
                raise _Unsure("the author list is not in AMA form (surname then initials, separated by commas)")
            group.members.append(person)
    return group


def _authors(core: str, parts: _Parts) -> tuple[_Group | None, str, str]:
    """The author (or editor, or group) list before the first sentence break: (group, its text, the rest)."""
    breaks = _boundaries(core)
    if not breaks:  # one part only: a web page's name before its URL, or not a reference at all
        return None, "", core
    end, start = breaks[0]
    head = core[: end - 1] if core[end - 1] == "." else core[:end]
    if core[end - 1] in "?!":  # a title, not a name list, ends with a question mark
        return None, "", core
    return _names(head, parts, "author"), head, core[start:]


def _only_collab(group: _Group | None) -> bool:
    return group is not None and len(group.members) == 1 and group.members[0].collab is not None and not group.etal \
        and group.role == "author"


def _untitled(parts: _Parts, group: _Group | None, head: str) -> str:
    """A first part taken for a group author while no title is left was the title: AMA puts it first then."""
    if group is not None and _only_collab(group):
        parts.groups.remove(group)
        return head
    raise _Unsure("no title found")


# --- the date blocks ------------------------------------------------------------------------------------------------

_JOURNAL_DATE = re.compile(
    rf"(?:(?<=[.?!\w])\s+|(?<=[a-z]\.))(?P<year>{YEAR})"
    rf"(?:\s+(?P<when>(?:{MONTHS})\.?(?:[-–/](?:{MONTHS})\.?)?(?:\s+\d{{1,2}}(?:[-–‐]\d{{1,2}})?)?))?"
    r"\s*;\s*(?P<volume>[^\s():;][^():;]*?)?\s*"
    r"(?:\((?P<issue>[^()]+)\))?"
    r"(?:\s*:\s*(?P<pages>[\w.]+(?:\s*[-–‐]\s*[\w.]+)?(?:,\s*[\w.]+(?:\s*[-–‐]\s*[\w.]+)?)*))?"
    r"\.?$")
_JOURNAL_YEAR_ONLY = re.compile(rf"(?<=[.?!])\s+(?P<year>{YEAR})\.?$")  # ahead of print: "Lancet. 2023. doi:…"
_BOOK_DATE = re.compile(rf";\s*(?P<year>{YEAR})(?:\s*:\s*(?P<pages>[\w.]+(?:\s*[-–‐]\s*[\w.]+)?))?\.?$")
# Vancouver books as some print them: "Washington, DC: Public Health Foundation, 2008." (a comma before the year; taken
# only when the last sentence is "Place: Publisher, Year", so that "Journal, 2008." is not a publisher)
_BOOK_DATE_COMMA = re.compile(rf"(?:^|(?<=[.?!])\s+)[^:;.\d]{{2,60}}:\s+[^:;]+?(?P<sep>,)\s*(?P<year>{YEAR})"
                              r"(?P<pages>)\.?$")
_YEAR_AFTER_COMMA = re.compile(rf",\s*(?P<year>{YEAR})(?P<pages>)\.?$")  # the same year, as _book wants the match
_PRESENTED = re.compile(r"(?:^|(?<=[.?!])\s+)(?P<marker>(?:(?:Paper|Poster|Abstract|Oral presentation|Presentation)"
                        r"\s+)?presented at:?)\s+", re.I)
_EDITION = re.compile(r"(?:\d+(?:st|nd|rd|th)|First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|"
                      r"Rev|Revised|Updated|Expanded)\s+(?:ed|edn|edition)\.?", re.I)
_THESIS = re.compile(r"(?:(?:Doctoral|Master['’]?s|PhD|MD|MSc|MS|MA|Bachelor['’]?s|Postgraduate|Specialty)\s+)?"
                     r"(?:dissertation|thesis)\.?", re.I)
_IN = re.compile(r"(?:^|(?<=[.?!])\s+)(?P<marker>In:)\s+")
_DOTTED_JOURNAL = re.compile(r"\b(?:J|Am|Clin|Med|Int|Eur|Br|Proc|Natl|Acad|Sci|Res|Rev|Ann|Arch|Radiol|Surg|"
                             r"Engl|Biol|Chem|Phys)\.\s+\S+")


def pages(text: str, parts: _Parts) -> None:
    """'675-692' -> fpage/lpage (an abbreviated last page stays as written); 'e83190' -> elocation-id."""
    text = text.strip().rstrip(".")
    if "," in text:  # discontinuous pages: the first page, and the whole range as written
        parts.fpage = re.split(r"[-–,]", text)[0].strip()
        parts.page_range = text
        return
    m = re.fullmatch(r"(?P<first>[^-–‐\s]+)\s*(?:[-–‐]\s*(?P<last>\S+))?", text)
    if not m:
        raise _Unsure(f"the pages “{text}” are not in a known form")
    if m.group("last") is None and re.fullmatch(r"e[A-Za-z]*\d\w*", m.group("first"), re.I):
        parts.elocation = m.group("first")
    else:
        parts.fpage, parts.lpage = m.group("first"), m.group("last") or ""


def _when(text: str | None, parts: _Parts) -> None:
    """'Jan' -> month, 'Jan 5' -> month and day, 'Jan-Feb' or 'Spring' -> season."""
    if not text:
        return
    m = re.fullmatch(r"(?P<month>[A-Za-z]+\.?)(?:\s+(?P<day>\d{1,2}))?", text)  # "Nov 18-25" stays a season
    if m and not re.fullmatch(r"Spring|Summer|Fall|Autumn|Winter", m.group("month")):
        parts.month, parts.day = m.group("month").rstrip("."), m.group("day") or ""
    else:
        parts.season = text


def _title_and_source(text: str) -> tuple[str, str]:
    """'Title. More title? Source' -> (title, source): the source is the last sentence."""
    breaks = _boundaries(text)
    if not breaks:
        return "", _unstop(text)
    end, start = breaks[-1]
    return _unstop(text[:end]), _unstop(text[start:])


def _journal(rest: str, parts: _Parts, group: _Group | None, head: str) -> None:
    m = _JOURNAL_DATE.search(rest)
    if m:
        if not (m.group("volume") or m.group("issue") or m.group("pages")):
            raise _Unsure("the journal date has no volume, issue or pages", "journal")
        parts.year, parts.volume = m.group("year"), (m.group("volume") or "").strip()
        parts.issue = (m.group("issue") or "").strip()
        _when(m.group("when"), parts)
        if m.group("pages"):
            pages(m.group("pages"), parts)
        before = rest[: m.start()]
    else:  # online first: "Nat Med. Published online July 7, 2016." or "Lancet. 2023. doi:…"
        m = _JOURNAL_YEAR_ONLY.search(rest)
        if m:
            parts.year, before = m.group("year"), rest[: m.start()]
        else:
            parts.year = re.findall(YEAR, parts.online)[-1]
            before = rest
    if _DOTTED_JOURNAL.search(before[-40:]):
        raise _Unsure("the journal name is abbreviated with full stops (not AMA): the title and the journal name "
                      "cannot be told apart", "journal")
    title, parts.source = _title_and_source(before)
    if not title:
        title = _untitled(parts, group, head)
    parts.article_title = title
    if not parts.source:
        raise _Unsure("no journal name found", "journal")


def _book(rest: str, m: re.Match[str], parts: _Parts, group: _Group | None, head: str) -> None:
    """Book, chapter ("In: Editors, eds. Book.") or thesis ("Dissertation. University; 2010.")."""
    parts.year = m.group("year")
    if m.group("pages"):
        pages(m.group("pages"), parts)
    sentences_end = _boundaries(rest[: m.start()])
    if not sentences_end:
        raise _Unsure("no title found before the publisher", "book")
    end, start = sentences_end[-1]
    publisher = rest[start: m.start()].strip()
    loc = re.fullmatch(r"(?P<loc>[^:;\d]{2,60}?):\s+(?P<name>.+)", publisher)
    if loc:
        parts.publisher_loc, parts.publisher_name = loc.group("loc").strip(), loc.group("name").strip()
    else:
        parts.publisher_name = publisher
    middle = rest[:end]
    parts.kind = "book"
    # The sentence before the publisher may say what the work is ("Dissertation.") or its edition ("4th ed.").
    last = _sentences(middle)[-1] if middle else ""
    if _THESIS.fullmatch(last):
        parts.kind, parts.comment = "thesis", _unstop(last)
        middle = middle[: len(middle) - len(last)].rstrip()
    elif _EDITION.fullmatch(last):
        parts.edition = last  # "4th ed.": the full stop is the abbreviation's
        middle = middle[: len(middle) - len(last)].rstrip()
    middle = _unstop(middle)
    inside = _IN.search(middle)
    if inside:
        parts.kind = "chapter"
        parts.markers.append(inside.group("marker"))
        chapter, book = _unstop(middle[: inside.start()]), middle[inside.end():]
        eds = re.match(r"(?P<names>[^.]+?),?\s+(?P<marker>eds?)\.\s+(?P<book>.+)$", book)
        if eds:
            parts.markers.append(eds.group("marker"))
            editors = _names(eds.group("names"), parts, "editor")
            if any(e.collab for e in editors.members):
                raise _Unsure("the editors of the book are not in AMA form", "book")
            parts.groups.append(editors)
            book = eds.group("book")
        if not chapter:
            chapter = _untitled(parts, group, head)
        parts.chapter_title, parts.source = chapter, _unstop(book)
    else:
        parts.source = middle or _untitled(parts, group, head)
    if not parts.source:
        raise _Unsure("no book title found", "book")


def _conference(rest: str, m: re.Match[str], parts: _Parts, group: _Group | None, head: str) -> None:
    """'Title. Paper presented at: Meeting; November 6-10, 2015; St Louis, MO.'"""
    parts.kind = "conference"
    parts.markers.append(m.group("marker"))
    parts.article_title = _unstop(rest[: m.start()]) or _untitled(parts, group, head)
    fields = [f.strip() for f in _unstop(rest[m.end():]).split(";")]
    parts.conf_name = fields[0]
    places = []
    for f in fields[1:]:
        if re.fullmatch(YEAR, f):
            parts.year = f
        elif re.search(rf"\b(?:{MONTHS})\b|\b{YEAR}\b", f):
            parts.conf_date = f if not parts.conf_date else f"{parts.conf_date}; {f}"
            if not parts.year and re.search(YEAR, f):
                parts.year = re.findall(YEAR, f)[-1]
        else:
            places.append(f)
    parts.conf_loc = "; ".join(places)
    if not parts.conf_name:
        raise _Unsure("no conference name found", "conference")


def _webpage(rest: str, parts: _Parts, group: _Group | None, head: str) -> None:
    """'Group. Title of the page. Name of the website. Accessed <date>. URL' (the dated parts are peeled off)."""
    parts.kind = "webpage"
    year = re.search(rf"(?:^|(?<=[.?!])\s+)(?P<year>{YEAR})\.?$", rest)
    if year:
        parts.year, rest = year.group("year"), rest[: year.start()]
    if rest:
        parts.article_title, parts.source = _title_and_source(rest)
    elif group is not None and _only_collab(group):  # "ProMed-mail. Accessed …": only the website's name
        parts.groups.remove(group)
        parts.source = head
    for date in (parts.published, parts.online, parts.updated):
        if date and not parts.year:
            parts.year = re.findall(YEAR, date)[-1]
    if not parts.source:
        raise _Unsure("no name of the web page found", "webpage")


def parse_ama(text: str) -> _Parts:
    """An AMA or Vancouver (NLM) entry -> its parts (raises _Unsure when any part is unclear)."""
    parts = _Parts()
    if not re.search(rf"\b{YEAR}\b", text) and not re.search(r"https?://|www\.", text):
        raise _Unsure("no year found")
    core = _peel_tail(text, parts)
    if not core:
        raise _Unsure("the entry has only a link or identifiers")
    group, head, rest = _authors(core, parts)
    if group is not None:
        parts.groups.append(group)
    presented = _PRESENTED.search(rest)
    book_date = _BOOK_DATE.search(rest)
    if book_date is None and (comma := _BOOK_DATE_COMMA.search(rest)):
        book_date = _YEAR_AFTER_COMMA.search(rest, comma.start("sep"))
    if presented:
        _conference(rest, presented, parts, group, head)
    elif _JOURNAL_DATE.search(rest) or (parts.online and re.search(YEAR, parts.online)) \
            or (_JOURNAL_YEAR_ONLY.search(rest) and (parts.doi or parts.ahead or parts.epub)):
        parts.kind = "journal"
        _journal(rest, parts, group, head)
    elif book_date:
        _book(rest, book_date, parts, group, head)
    elif parts.url:
        _webpage(rest, parts, group, head)
    elif not re.search(rf"\b{YEAR}\b", text):
        raise _Unsure("no year found")
    else:
        raise _Unsure("the entry does not end like a journal article (Journal. Year;Volume:Pages), a book "
                      "(Publisher; Year) or a web page (a URL)")
    if parts.groups and not any(g.role == "author" for g in parts.groups) and parts.kind == "chapter":
        raise _Unsure("a book chapter without authors", "book")
    check_titles(parts)
    return parts


_SECOND_REFERENCE = re.compile(rf"\b{YEAR}\s*;\s*\w+\s*(?:\(|:)|\b(?:Erratum|Retraction|Retracted|Comment|"
                               r"Corrected|Published correction appears|Republished|Update) in:?\s", re.I)


def check_titles(parts: _Parts) -> None:
    """A title or source holding a date block or an erratum note means two references were read as one."""
    for text in (parts.article_title, parts.chapter_title, parts.source, parts.conf_name):
        if _SECOND_REFERENCE.search(text):
            raise _Unsure("the entry seems to hold a second reference or a note (erratum, comment) after the "
                          "first one", parts.kind or None)


# --- JATS -----------------------------------------------------------------------------------------------------------

PUBLICATION_TYPE = {"journal": "journal", "book": "book", "chapter": "book", "conference": "confproc",
                    "thesis": "thesis", "webpage": "webpage"}


def _add(parent: etree._Element, tag: str, text: str, **attrs: str) -> etree._Element | None:
    """A child with text (attribute names with '_' for '-'); nothing for an empty part."""
    if not text:
        return None
    node = etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attrs.items()})
    node.text = text
    return node


def _italicise(node: etree._Element | None, italics: list[str]) -> None:
    """Put back the italics pandoc saw inside a title (species, genes, Latin): whole words only, and not a title
    that is italic as a whole (AMA italicises whole book and journal titles: presentation, not content)."""
    if node is None or not node.text or not italics:
        return
    phrases = [p for p in italics if p != node.text]
    if not phrases:
        return
    pieces = re.split(rf"(?<!\w)({'|'.join(map(re.escape, phrases))})(?!\w)", node.text)
    node.text = pieces[0]
    for phrase, after in zip(pieces[1::2], pieces[2::2], strict=True):
        em = etree.SubElement(node, "italic")
        em.text, em.tail = phrase, after or None


def _element_citation(parts: _Parts, italics: list[str]) -> etree._Element:
    cit = etree.Element("element-citation", {"publication-type": PUBLICATION_TYPE[parts.kind]})
    for group in parts.groups:
        pg = etree.SubElement(cit, "person-group", {"person-group-type": group.role})
        for person in group.members:
            if person.collab is not None:
                _add(pg, "collab", person.collab)
                continue
            name = etree.SubElement(pg, "name")
            _add(name, "surname", person.surname or "")
            _add(name, "given-names", person.initials or "")
            _add(name, "suffix", person.suffix or "")
        if group.etal:
            etree.SubElement(pg, "etal")
    _italicise(_add(cit, "article-title", parts.article_title), italics)
    _italicise(_add(cit, "chapter-title", parts.chapter_title), italics)
    _add(cit, "source", parts.source)
    _add(cit, "comment", parts.comment)
    _add(cit, "edition", parts.edition)
    _add(cit, "conf-name", parts.conf_name)
    _add(cit, "conf-date", parts.conf_date)
    _add(cit, "conf-loc", parts.conf_loc)
    _add(cit, "publisher-loc", parts.publisher_loc)
    _add(cit, "publisher-name", parts.publisher_name)
    _add(cit, "day", parts.day)
    _add(cit, "month", parts.month)
    _add(cit, "season", parts.season)
    _add(cit, "year", parts.year)
    _add(cit, "date-in-citation", parts.online, content_type="published-online")
    _add(cit, "date-in-citation", parts.published, content_type="published")
    _add(cit, "date-in-citation", parts.updated, content_type="updated")
    _add(cit, "date-in-citation", parts.epub, content_type="epub")
    _add(cit, "volume", parts.volume)
    _add(cit, "issue", parts.issue)
    _add(cit, "fpage", parts.fpage)
    _add(cit, "lpage", parts.lpage)
    _add(cit, "page-range", parts.page_range)
    _add(cit, "elocation-id", parts.elocation)
    _add(cit, "pub-id", parts.doi, pub_id_type="doi")
    _add(cit, "pub-id", parts.pmid, pub_id_type="pmid")
    _add(cit, "pub-id", parts.pmcid, pub_id_type="pmcid")
    if parts.url:
        link = etree.SubElement(cit, "ext-link", {"ext-link-type": "uri"}, nsmap={"xlink": NS["xlink"]})
        link.set(XLINK_HREF, parts.url)
        link.text = parts.url
    _add(cit, "date-in-citation", parts.accessed, content_type="access-date")
    _add(cit, "comment", parts.ahead)
    return cit


_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"]+?(?=[.,;)]?(?:\s|$))")


def _mixed_citation(text: str, kind: str | None) -> etree._Element:
    """The entry as written; web addresses become ext-links with their text unchanged."""
    cit = etree.Element("mixed-citation", {"publication-type": PUBLICATION_TYPE[kind]} if kind else {})
    last: etree._Element | None = None
    pos = 0
    for m in _URL_IN_TEXT.finditer(text):
        before = text[pos: m.start()]
        if last is None:
            cit.text = before
        else:
            last.tail = before
        last = etree.SubElement(cit, "ext-link", {"ext-link-type": "uri"}, nsmap={"xlink": NS["xlink"]})
        last.set(XLINK_HREF, m.group())
        last.text = m.group()
        pos = m.end()
    if last is None:
        cit.text = text
    else:
        last.tail = text[pos:] or None
    return cit


# --- nothing lost, nothing invented ---------------------------------------------------------------------------------

def _words(text: str) -> list[str]:
    """Words as the ingest conservation check counts them (NFKC, case-folded \\w+ runs)."""
    return [w.casefold() for w in re.findall(r"\w+", unicodedata.normalize("NFKC", text))]


def _placed_words(cit: etree._Element) -> Counter[str]:
    found: Counter[str] = Counter()
    for node in cit.iter():
        for piece in (node.text, node.tail if node is not cit else None):
            if piece:
                found.update(_words(piece))
    return found


def _unplaced(text: str, cit: etree._Element, markers: list[str]) -> str | None:
    """Why the element-citation does not hold exactly the entry's words, or None when it does."""
    said = Counter(_words(text)) - Counter(w for m in markers for w in _words(m))
    placed = _placed_words(cit)
    lost = said - placed
    if lost:
        return "parts of the entry could not be placed: " + " ".join(sorted(lost)[:8])
    invented = set(placed) - set(_words(text))
    if invented:
        return "the parser produced words that are not in the entry: " + " ".join(sorted(invented)[:8])
    return None


# --- the entry point ------------------------------------------------------------------------------------------------

def _italics_of(inline: etree._Element | None) -> list[str]:
    if inline is None:
        return []
    found = [" ".join("".join(i.itertext()).split()) for i in inline.iter("italic")]
    return sorted({f for f in found if len(f) > 2}, key=len, reverse=True)


Grammar = Callable[[str], _Parts]  # one style's reading of an entry; raises _Unsure when unsure


def _first_reading(text: str, grammars: tuple[Grammar, ...], italics: list[str]) -> tuple[_Parts, etree._Element]:
    """The first grammar's reading that holds exactly the entry's words; the first grammar's doubt otherwise."""
    doubt: _Unsure | None = None
    for grammar in grammars:
        try:
            parts = grammar(text)
            cit = _element_citation(parts, italics)
            problem = _unplaced(text, cit, parts.markers)
            if problem:
                raise _Unsure(problem, parts.kind)
            return parts, cit
        except _Unsure as unsure:
            doubt = doubt or unsure
    assert doubt is not None
    raise doubt


def parse_reference(text: str, number: int, inline: etree._Element | None = None,
                    grammars: tuple[Grammar, ...] = ()) -> ParsedReference:
    """One reference entry (its text without its number) -> <ref id="ref{number}"> with a label and a citation.

    `inline` is the paragraph pandoc made of the entry; only the italics inside titles are taken from it.
    `grammars` are the styles to read it in, in order (reference_styles chooses them for the whole list); the
    first that places every word wins. Without them the entry is read as AMA/Vancouver.
    """
    text = " ".join(unicodedata.normalize("NFC", text).split())
    ref = etree.Element("ref", {"id": f"ref{number}"})
    etree.SubElement(ref, "label").text = str(number)
    kind: str | None = None
    try:
        if not text:
            raise _Unsure("the entry is empty")
        parts, cit = _first_reading(text, grammars or (parse_ama,), _italics_of(inline))
        kind = parts.kind
    except _Unsure as unsure:
        ref.append(_mixed_citation(text, unsure.kind or kind))
        return ParsedReference(ref, False, str(unsure))
    ref.append(cit)
    return ParsedReference(ref, True, None, [w for m in parts.markers for w in _words(m)])
