"""No journal lives in code: pipeline/, xslt/, templates/ and schemas/ hold none of the strings that identify a journal
of config/journals/*.yaml: its names and title words, DOI prefix, ISSNs, web addresses, its id as in DOIs and issue
keys, licence, colours and the words it prints. Each journal's strings are read from its config, so that a journal
added is checked too; the few that every journal shares are allowed below, each with the reason."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from pipeline.config.journal import Journal, load_journal
from tests.conftest import PROJECT

SEARCHED = ("pipeline", "xslt", "templates", "schemas")
SKIPPED = ("schemas/store",)  # the official schemas, installed: not ours
SUFFIXES = (".py", ".xsl", ".sch", ".xml", ".j2", ".css", ".jats", ".html")

# Words of a journal's or publisher's name that name no journal: common words of scholarly publishing.
GENERIC_NAME_WORDS = {"of", "and", "the", "for", "in", "Journal", "Open", "Medical", "Society", "Publishing", "Group",
                      "International", "Research", "Association"}
# Printed words every journal prints in some form: the names of an article's parts and dates, which the JATS, the
# code and the comments name too. A journal's own wording ("Main points", "You may cite this article as:",
# "Conflict of interest disclosure", "revision requested") is not here and must stay in its config.
GENERIC_PRINTED = {
    "Abstract", "ABSTRACT", "Keywords", "KEYWORDS", "References", "Acknowledgements", "Footnotes", "Funding",
    "Contributors", "Abbreviations", "Supplementary material", "received", "Received", "accepted", "Accepted",
    "Revised", "corrected", "retracted", "doi:", "DOI:",
    "From the",  # two common English words (the lead of DIR's affiliations line)
    "Epub:", "Published:",  # the markers of a reference's online date that ingest reads ("Epub 2019 Nov 15")
    "revision requested",  # the JATS date type rev-request in words (the house rules' message on dates in order)
}
# Neutral greys (#555, #1a1a1a) say nothing of a journal; a colour with a hue does.
GREY = re.compile(r"^#(?:([0-9a-f])\1\1|([0-9a-f]{2})\2\2)$", re.I)


def journals() -> list[tuple[str, Journal]]:
    return [(path.stem, load_journal(path)) for path in sorted((PROJECT / "config" / "journals").glob("*.yaml"))]


def host(url: str) -> str:
    return re.sub(r"^[a-z]+://(www\.)?", "", url).split("/")[0]


def identifying(journal: Journal) -> dict[str, re.Pattern[str]]:
    """What names the journal -> how it is found (case-insensitive for names and addresses, exact for words)."""
    def anywhere(text: str) -> re.Pattern[str]:
        return re.compile(re.escape(text), re.I)

    def word(text: str) -> re.Pattern[str]:
        return re.compile(rf"(?<![\w-]){re.escape(text)}(?![\w-])")

    style = journal.house_style
    names = {journal.title, journal.abbrev_title, journal.publisher.name, journal.crossref.registrant,
             journal.crossref.depositor_name, journal.proofs.sender.name, journal.proofs.production.name}
    found: dict[str, re.Pattern[str]] = {f"name {n!r}": anywhere(n) for n in names}
    for name in (journal.title, journal.publisher.name):
        for part in re.findall(r"[A-Z][\w-]+", name):
            if part not in GENERIC_NAME_WORDS:
                found[f"name word {part!r}"] = word(part)
    found[f"DOI prefix {journal.doi.prefix}"] = word(journal.doi.prefix)
    found[f"its id in DOIs and issue keys ({journal.publisher_id}-29, {journal.publisher_id}.2023)"] = re.compile(
        rf"(?<![\w-]){re.escape(journal.publisher_id)}[-.]\d")
    for issn in (journal.issn.print, journal.issn.electronic):
        if issn:
            found[f"ISSN {issn}"] = word(issn)
    for url in (journal.website, journal.urls.article, journal.urls.pdf):
        found[f"web address {host(url)}"] = anywhere(host(url).removeprefix("www."))
    for licence in (journal.license, *journal.licenses.values()):
        found[f"licence {licence.url}"] = anywhere(licence.url.split("://", 1)[-1].rstrip("/"))
        found[f"licence {licence.name!r}"] = anywhere(licence.name)
    for sheet in ("print", "web"):
        for colour in getattr(style.colours, sheet).values():
            if not GREY.match(colour):
                found[f"colour {colour}"] = anywhere(colour)
    printed = [style.key_points.title, style.key_points.query, *style.words.values(), *style.print_words.values(),
               *style.history.values(), *style.statements.values()]
    for text in printed:
        if text and text.strip() and text not in GENERIC_PRINTED:
            found[f"printed words {text!r}"] = word(text)
    return found


@cache
def searched_files() -> list[tuple[Path, str]]:
    files = []
    for folder in SEARCHED:
        for path in sorted((PROJECT / folder).rglob("*")):
            relative = path.relative_to(PROJECT).as_posix()
            if path.is_file() and path.suffix in SUFFIXES and not relative.startswith(SKIPPED):
                files.append((path, path.read_text(encoding="utf-8")))
    return files


@pytest.mark.parametrize("journal_id", [j for j, _ in journals()])
def test_no_string_of_the_journal_in_code(journal_id: str) -> None:
    journal = dict(journals())[journal_id]
    hits = []
    for what, pattern in identifying(journal).items():
        for path, text in searched_files():
            for m in pattern.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                hits.append(f"{path.relative_to(PROJECT)}:{line}: {what}")
    assert hits == []


def test_the_search_finds_a_journal_string_where_one_is() -> None:
    """The patterns do find what they look for: each journal's strings in its own config file."""
    for journal_id, journal in journals():
        config = (PROJECT / "config" / "journals" / f"{journal_id}.yaml").read_text(encoding="utf-8")
        patterns = identifying(journal)
        assert patterns, journal_id
        missed = [what for what, pattern in patterns.items()
                  if not pattern.search(config) and not what.startswith("its id")]
        assert missed == [], journal_id
