"""The issue manifest (one issue.yaml per issue) as typed, checked values.

The manifest is what the submission system holds: the journal it is for (its id:
config/journals/<id>.yaml is loaded with it), the issue's numbers and dates, and per
article its section, type, manuscript and figure files, authors, affiliations and
history dates. Structural problems (a missing field, an
unknown section) stop the issue build with a clear message; problems of one
article's values (an ORCID that fails its check digit, dates out of order) are
found later by the enrich and validate stages, so that the other articles
still build.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config.journal import Journal, journal_file, journal_ids, load_journal
from pipeline.config.typed import ConfigError, load, read_yaml
from pipeline.diagnostics import fail
from pipeline.identifiers import issue_key
from pipeline.names import display_name

ARTICLE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Affiliation:
    id: str
    department: str | None = None
    institution: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None

    def text(self) -> str:
        return ", ".join(p for p in (self.department, self.institution, self.city, self.state, self.country) if p)


@dataclass(frozen=True)
class Author:
    surname: str
    given_names: str | None = None
    suffix: str | None = None
    degrees: str | None = None
    orcid: str | None = None
    orcid_authenticated: bool = False
    affiliations: list[str] = field(default_factory=list)
    corresponding: bool = False
    email: str | None = None

    @property
    def full_name(self) -> str:
        return display_name(self.surname, self.given_names, self.suffix)


@dataclass(frozen=True)
class History:
    received: dt.date | None = None
    revision_requested: dt.date | None = None
    revision_received: dt.date | None = None
    accepted: dt.date | None = None


@dataclass(frozen=True)
class Article:
    id: str
    section: str
    type: str
    manuscript_number: str
    manuscript: str
    figures: list[str] = field(default_factory=list)
    placeholder_manuscript_number: bool = False
    multicentre: bool = False  # multicentre or multidisciplinary: the author limit does not apply
    doi: str | None = None
    elocation_id: str | None = None  # an online-only journal's locator of the article (else the journal's rule)
    license: str | None = None  # one of the journal's `licenses`, when not its default licence
    title: str | None = None
    running_title: str | None = None
    authors: list[Author] = field(default_factory=list)
    affiliations: list[Affiliation] = field(default_factory=list)
    history: History = field(default_factory=History)
    epub: dt.date | None = None
    queries: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not ARTICLE_ID.match(self.id):
            raise ValueError(f"id {self.id!r}: use lower-case letters, digits and hyphens")
        known = {a.id for a in self.affiliations}
        for n, author in enumerate(self.authors):
            for ref in author.affiliations:
                if ref not in known:
                    raise ValueError(
                        f"authors[{n}] ({author.full_name}) names affiliation {ref!r}, which is not listed")


@dataclass(frozen=True)
class Issue:
    journal: str  # the journal's id: its config is config/journals/<journal>.yaml
    volume: int
    issue: int
    year: int
    month: str
    articles: list[Article]
    # The issue's day and its first page: required of a journal that paginates its issues; a journal published
    # online only, article by article, has neither (its articles have e-location ids and their own dates).
    publication_date: dt.date | None = None
    first_page: int | None = None

    def __post_init__(self) -> None:
        ids = [a.id for a in self.articles]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"articles: the id {dupes[0]!r} is used twice")
        if not self.articles:
            raise ValueError("articles: the issue has no articles")
        for name in ("volume", "issue", "first_page"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise ValueError(f"{name}: must be 1 or more, not {value}")

    @property
    def months(self) -> list[int]:
        """The months `month` names ('July', 'July-August', 'Jul/Aug'); empty when it names none in English."""
        lowered = self.month.lower()
        return [number for number in range(1, 13)
                if calendar.month_name[number].lower() in lowered or calendar.month_abbr[number].lower() in lowered]

    @property
    def first_day(self) -> dt.date | None:
        """The issue's date: its publication date, else (an issue without a day) the first day of its month."""
        if self.publication_date is not None:
            return self.publication_date
        return dt.date(self.year, self.months[0], 1) if self.months else None


@dataclass(frozen=True)
class LoadedIssue:
    """An issue manifest with the folder its file names are relative to, and the journal it names."""

    manifest: Issue
    path: Path
    journal: Journal
    journal_file: Path

    @property
    def folder(self) -> Path:
        return self.path.parent

    def file(self, name: str) -> Path:
        """A file the manifest names. It must lie inside the issue folder once every link and `..` is followed:
        anything else is refused (input.outside-issue) before the file is opened, so that a manifest cannot
        bring another issue's file, or a system file, into a build or a deposit."""
        path = self.folder / name
        folder, resolved = self.folder.resolve(), path.resolve()
        if not resolved.is_relative_to(folder):
            raise fail("input.outside-issue", f"the manifest names the file {name!r}, which is outside the issue "
                       f"folder {folder} (it leads to {resolved}); every manuscript and figure file must be inside "
                       "the issue folder: copy the file there and name it relative to the folder", file=str(self.path))
        return path

    @property
    def key(self) -> str:
        """The issue's one spelling ("jour-29-04"): its build folder, its file names on the deposit servers."""
        return issue_key(self.journal.publisher_id, self.manifest.volume, self.manifest.issue)

    def doi_of(self, entry: Article) -> str:
        return article_doi(entry, self.manifest, self.journal)


def article_doi(entry: Article, issue: Issue, journal: Journal) -> str:
    """The article's DOI: the manifest's, else the journal's pattern with the manuscript number (not checked
    here: enrich reports a DOI that is not valid)."""
    return entry.doi or journal.doi_for(issue.year, entry.manuscript_number)


def load_issue(path: Path) -> LoadedIssue:
    """The manifest at `path` and the journal it names (config/journals/<journal>.yaml), checked against it."""
    data = read_yaml(path)
    if isinstance(data, dict) and "journal" not in data:
        raise ConfigError(path, "journal", f"the manifest must name its journal (journals: {', '.join(journal_ids())})")
    try:
        issue = load(Issue, data, path)
    except ConfigError as exc:
        raise ConfigError(exc.file, article_field(exc.field, data), exc.problem) from None
    config = journal_file(issue.journal, path)
    journal = load_journal(config)
    check_against_journal(issue, journal, path)
    return LoadedIssue(issue, path, journal, config)


def article_field(field: str, data: object) -> str:
    """'articles[3].authors[1].orcid' -> 'article 04-kim, authors[1].orcid': staff know an article by its id."""
    m = re.match(r"articles\[(\d+)\](?:\.(.*))?$", field, re.S)
    if not m:
        return field
    n, rest = int(m.group(1)), m.group(2)
    articles = data.get("articles") if isinstance(data, dict) else None
    entry = articles[n] if isinstance(articles, list) and n < len(articles) else None
    ident = entry.get("id") if isinstance(entry, dict) else None
    name = f"article {ident}" if isinstance(ident, str) and ident else f"the article in place {n + 1} (it has no id)"
    return f"{name}, {rest}" if rest else name


def check_against_journal(issue: Issue, journal: Journal, path: Path) -> None:
    if journal.publication.paged:
        for name in ("publication_date", "first_page"):
            if getattr(issue, name) is None:
                raise ConfigError(path, name, "this field is required (the journal numbers the pages of its issues)")
    elif issue.first_page is not None:
        raise ConfigError(path, "first_page", "the journal has no pages (its articles have e-location ids: "
                          "publication.pagination in its config): leave first_page out")
    for article in issue.articles:
        if article.elocation_id is not None and journal.publication.paged:
            raise ConfigError(path, f"article {article.id}, elocation_id", "the journal numbers pages, not "
                              "e-location ids (publication.pagination in its config): leave elocation_id out")
        if article.license is not None and article.license not in journal.licenses:
            known = ", ".join(journal.licenses) or "none besides its default licence"
            raise ConfigError(path, f"article {article.id}, license", f"{article.license!r} is not a licence of "
                              f"the journal (licences: {known})")
        if article.section not in journal.sections:
            raise ConfigError(
                path, f"article {article.id}, section", f"{article.section!r} is not a section of the journal "
                f"(sections: {', '.join(journal.sections)})"
            )
        if article.type not in journal.article_types:
            raise ConfigError(
                path, f"article {article.id}, type", f"{article.type!r} is not an article type of the journal "
                f"(types: {', '.join(journal.article_types)})"
            )
