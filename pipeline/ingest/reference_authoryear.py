"""One author–year reference entry (APA, and the Harvard variants close to it) -> the parts of a citation.

The entry is read in three steps, each with a fixed form:

    authors + date   "Aartsen, M. J., Van Tilburg, T., & Smits, C. H. M. (2005)."   (APA, J Appl Ecol)
                     "Adnan, N.H., Zakaria, M.P., 2012."                            (Elsevier Harvard)
                     "Amunts K, Hawrylycz MJ (2014)"                                (Springer name–year)
    identifiers      the DOI (also as a bare "10.…" or "https://doi.org/…"), PMID, URL at the end
    the rest         journal  "Title. Journal, 12(3), 45–67."  / "Journal 24, 1600–1608." / "Journal, 41: 144-153"
                     book     "Title. Publisher."  (a publisher name without digits)
                     web page "Title. Site name." followed by its URL

Anything else (chapters "In Editors (Eds.)", Chicago's "Surname, Given, and Given Surname. 2022.",
"n.d." dates, numbered-style entries with the year at the end) raises `_Unsure`: the entry is kept as
written. The shared parts, the JATS writer and the nothing-lost check live in references.py.
"""

from __future__ import annotations

import re

from pipeline.ingest.references import (
    _DOTTED_JOURNAL,
    _ETAL,
    YEAR,
    _boundaries,
    _Group,
    _Parts,
    _peel_tail,
    _Person,
    _person,
    _sentences,
    _surname_word,
    _title_and_source,
    _unstop,
    _Unsure,
    _when,
    check_titles,
    pages,
)

# One initial as APA and Harvard write it: "A", "A.", "Th."; a run of them: "M. J.", "N.H.", "H.-W.", "K A".
_INITIAL = r"[A-Z](?:[a-z]?\.)?"
_INITIALS = re.compile(rf"{_INITIAL}(?:\s*-?\s*{_INITIAL})*")
# The date after the names: "(2019)", "(2019a)", "(2020, March 5)" with an optional full stop, or ", 2012."
_PAREN_DATE = re.compile(rf"\s*\((?P<year>{YEAR})(?P<suffix>[a-z])?(?:,\s*(?P<when>[A-Za-z]+\.?(?:\s+\d{{1,2}})?))?\)"
                         r"(?P<stop>\.)?\s+")
# ", 2012." and, after an initial's full stop, " 1996b." (the comma left out)
_COMMA_DATE = re.compile(rf"(?:,\s*|(?<=\.)\s+)(?P<year>{YEAR})(?P<suffix>[a-z])?\.\s+")
# The journal block at the end: "Journal, 12(3), 45–67", "Journal 24, 1600–1608", "Journal, 41: 144-153",
# "Journal, 86, 102007", "eLife, 9".
_PAGES = r"[A-Za-z]{0,2}\d+[A-Za-z0-9]*(?:\s*[-–—‐]\s*[A-Za-z]{0,2}\d+[A-Za-z0-9]*)?"  # 45–67, S9-15, e2022WR033256
_JOURNAL_BLOCK = re.compile(rf"(?<=[^\s,]),?\s+(?P<volume>\d{{1,5}}[A-Za-z]?)\s*(?:\((?P<issue>[^()]{{1,20}})\))?"
                            rf"(?:\s*[,:]\s*(?P<pp>pp?\.\s*)?(?P<pages>{_PAGES}))?[.;,]?$")


def _joined_names(text: str) -> list[str]:
    """'A, B., Jones, C. & Smith, D.' -> the comma-separated items, the '&' / 'and' before the last one dropped."""
    text = re.sub(r"\s*,?\s*&\s*", ", ", text)
    text = re.sub(r"(?:,|(?<=\.))\s+and\s+", ", ", text)
    return [item.strip() for item in text.split(",")]


def _surname_like(item: str) -> bool:
    words = item.split()
    return 1 <= len(words) <= 4 and all(_surname_word(w) for w in words) and not item.isupper()


def names(text: str, parts: _Parts) -> _Group:
    """'Aartsen, M. J., Van Tilburg, T., & Smits, C. H. M.' / 'Amunts K, Hawrylycz MJ' / 'World Health
    Organization' -> the author group; anything else is unsure."""
    group = _Group("author", [])
    m = _ETAL.search(text)
    if m:
        group.etal = True
        parts.markers.append("et al")
        text = text[: m.start()]
    text = text.strip().rstrip(",")
    if not text:
        raise _Unsure("the author list is empty")
    words = text.split()
    if "," not in text and "&" not in text and (len(words) == 1 or not _INITIALS.fullmatch(words[-1])):
        group.members.append(_Person(collab=_unstop(text)))  # a group author: "World Health Organization"
        return group
    items = _joined_names(text)
    k = 0
    while k < len(items):
        item = items[k]
        following = items[k + 1] if k + 1 < len(items) else ""
        if _surname_like(item) and following and _INITIALS.fullmatch(following):
            group.members.append(_Person(surname=item, initials=following))
            k += 2
            continue
        person = _person(item)  # "Amunts K": the Vancouver shape inside an author–year entry
        if person is None:
            raise _Unsure("the author list is not in a known form (“Surname, A. B.,” or “Surname AB,”)")
        group.members.append(person)
        k += 1
    return group


def _authors_and_date(text: str, parts: _Parts) -> str:
    """Take the names and the date off the start of the entry; return the rest."""
    m = _PAREN_DATE.search(text) or _COMMA_DATE.search(text)
    if m is None or m.start() == 0:
        raise _Unsure("no “Authors (Year).” or “Authors, Year.” at the start of the entry")
    head = text[: m.start()]
    if re.search(rf"\b{YEAR}\b", head) or ("(" in head and "," in head):  # "(Eds)"; a group's "(WHO)" is its name
        raise _Unsure("the date is not the first after the names")
    parts.groups.append(names(head, parts))
    parts.year = m.group("year") + (m.group("suffix") or "")
    if m.groupdict().get("when"):
        _when(m.group("when"), parts)
    return text[m.end():]


def parse(text: str) -> _Parts:
    """An author–year entry -> its parts (raises _Unsure when any part is unclear)."""
    parts = _Parts()
    if text.startswith("*"):  # APA's mark of the studies a review included: JATS has no place for it in the fields
        raise _Unsure("the entry is marked “*” (a study included in the review); it is kept as written, mark and all")
    text = re.sub(r"\s+,", ",", text)
    rest = _authors_and_date(text, parts)
    rest = _peel_tail(rest, parts)
    if not rest:
        raise _Unsure("the entry has no title")
    block = _JOURNAL_BLOCK.search(rest)
    if block:
        _journal(rest, block, parts)
    elif parts.url and not parts.doi:
        _webpage(rest, parts)
    else:
        _book(rest, parts)
    check_titles(parts)
    return parts


def _journal(rest: str, m: re.Match[str], parts: _Parts) -> None:
    parts.kind = "journal"
    parts.volume = m.group("volume")
    parts.issue = (m.group("issue") or "").strip()
    if m.group("pp"):
        parts.markers.append(m.group("pp"))
    if m.group("pages"):
        pages(m.group("pages"), parts)
    before = rest[: m.start()]
    if _DOTTED_JOURNAL.search(before[-40:]):
        raise _Unsure("the journal name is abbreviated with full stops: the title and the journal name cannot be "
                      "told apart", "journal")
    parts.article_title, parts.source = _title_and_source(before)
    if not parts.article_title or not parts.source:
        raise _Unsure("no title and journal name found", "journal")


def _book(rest: str, parts: _Parts) -> None:
    """'Title. Publisher.': two sentences, the last a publisher's name (no digits: not 'R package version 1.1')."""
    sentences = _sentences(rest)
    if len(sentences) != 2 or re.search(r"\d", sentences[1]) or len(_boundaries(rest)) != 1:
        raise _Unsure("the entry does not end like a journal article (Journal, Volume(Issue), Pages) or a book "
                      "(Title. Publisher.)")
    parts.kind = "book"
    parts.source, parts.publisher_name = _unstop(sentences[0]), _unstop(sentences[1])
    if not parts.source or not parts.publisher_name:
        raise _Unsure("no title and publisher found", "book")


def _webpage(rest: str, parts: _Parts) -> None:
    """'Title. Site name.' before the URL; one sentence is the page's title alone."""
    parts.kind = "webpage"
    sentences = _sentences(rest)
    if len(sentences) > 2:
        raise _Unsure("the web page's title and site cannot be told apart", "webpage")
    parts.article_title = _unstop(sentences[0])
    parts.source = _unstop(sentences[1]) if len(sentences) == 2 else ""
    if not parts.source:  # a page without a site name: its title is what the citation names
        parts.source, parts.article_title = parts.article_title, ""
