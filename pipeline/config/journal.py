"""The journal configuration (config/journal.yaml) as typed, checked values."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config.typed import load, read_yaml
from pipeline.identifiers import email_problem

ISSN = re.compile(r"^\d{4}-\d{3}[\dX]$")
DOI_PREFIX = re.compile(r"^10\.\d{4,9}$")


@dataclass(frozen=True)
class Issn:
    print: str
    electronic: str

    def __post_init__(self) -> None:
        for kind, value in (("print", self.print), ("electronic", self.electronic)):
            if not ISSN.match(value):
                raise ValueError(f"issn.{kind}: {value!r} is not an ISSN of the form 1234-567X")


@dataclass(frozen=True)
class Publisher:
    name: str
    location: str | None = None


@dataclass(frozen=True)
class DoiConfig:
    prefix: str
    pattern: str

    def __post_init__(self) -> None:
        if not DOI_PREFIX.match(self.prefix):
            raise ValueError(f"doi.prefix: {self.prefix!r} is not a DOI prefix such as 10.4274")
        if "{manuscript_number}" not in self.pattern:
            raise ValueError("doi.pattern must contain {manuscript_number}")


@dataclass(frozen=True)
class Urls:
    article: str
    pdf: str


@dataclass(frozen=True)
class License:
    name: str
    url: str
    copyright_statement: str
    copyright_holder: str
    license_text: str


@dataclass(frozen=True)
class ArticleType:
    jats: str
    pubmed: str
    words: int | None
    abstract_words: int | None
    abstract_structured: bool
    references: int | None
    authors: int | None
    tables: int | None
    figures: int | None
    figure_parts: int | None
    abstract_sections: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.abstract_structured and not self.abstract_sections:
            raise ValueError("a structured abstract needs abstract_sections")


@dataclass(frozen=True)
class Crossref:
    depositor_name: str
    depositor_email: str
    registrant: str


@dataclass(frozen=True)
class HouseStyle:
    # Characters the journal's text needs (its authors' names, its symbols): the doctor checks that the PDF
    # fonts draw every one of them, in every face.
    glyphs: str


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Contact:
    name: str
    email: str

    def __post_init__(self) -> None:
        problem = email_problem(self.email)
        if problem:
            raise ValueError(f"email: {problem}")


@dataclass(frozen=True)
class ProofWords:
    """What the proof e-mail says, as jinja2 text (templates/proof-email.*.j2 lay it out; pipeline/proof/message.py
    lists the values the words may use)."""

    subject: str
    greeting: str
    introduction: str
    deadline: str
    how_to_answer: str
    queries_heading: str
    no_queries: str
    closing: str
    signature: str


@dataclass(frozen=True)
class Proofs:
    """Sending proofs to the corresponding authors (pipeline/proof/, docs/proof-cycle.md)."""

    sender: Contact  # From: (and the envelope sender)
    production: Contact  # Reply-To: and Cc: the people who answer the authors
    working_days: int  # the return deadline: this many working days after the day the proof is sent
    timezone: str  # the production office's: the day a proof is sent, and so its deadline, are days there
    words: ProofWords
    weekend: list[str] = field(default_factory=lambda: ["Saturday", "Sunday"])  # never working days
    days_off: list[dt.date] = field(default_factory=list)  # public holidays and closures: not working days either

    def __post_init__(self) -> None:
        if not 1 <= self.working_days <= 60:
            raise ValueError(f"working_days: {self.working_days} is not a number of working days from 1 to 60")
        try:
            zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"timezone: {self.timezone!r} is not a time zone such as Europe/Istanbul") from None
        unknown = [day for day in self.weekend if day not in WEEKDAYS]
        if unknown:
            raise ValueError(f"weekend: {unknown[0]!r} is not a day of the week (Monday ... Sunday)")
        if len(set(self.weekend)) > 5:
            raise ValueError("weekend: a week needs at least two working days")


MB = 1024 * 1024  # the "MB" of the limits: a mebibyte, 1,048,576 bytes


@dataclass(frozen=True)
class Limits:
    """What one article's inputs may cost (design principle 15): decided before anything is read, checked at
    ingest (pipeline/ingest/budgets.py). Over a limit is an error for that article alone, naming the file, the
    part and the limit. The defaults sit well above the largest real manuscripts seen (a 21 MB embedded image,
    a 21,000-character paragraph, 830 cells in one table, 45 levels of XML nesting)."""

    unpacked_mb: int = 300  # the whole .docx, unpacked
    part_mb: int = 100  # one part of it (word/document.xml, an embedded image)
    compression_ratio: int = 200  # unpacked / packed size of a part larger than 1 MB
    nesting_depth: int = 100  # elements inside elements, in any XML part of the Word file
    paragraph_characters: int = 100_000
    table_cells: int = 10_000  # in one table
    references: int = 500  # a review has at most a few hundred; a list of thousands is a list that did not end
    figure_mb: int = 200  # one figure file
    image_pixels: int = 100_000_000  # width x height of one figure (decoded, it takes 3-4 bytes a pixel)
    future_days: int = 366  # how far after the build's date a publication, Epub or history date may lie

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if value < 1:
                raise ValueError(f"limits.{name} must be 1 or more, not {value}")


@dataclass(frozen=True)
class DeliveryPolicy:
    """How patiently deposits are delivered (pipeline/deposit/deliver_common.py RetryPolicy): `attempts` tries in
    all per server, waiting `first_delay_seconds` after the first failure and `backoff_factor` times longer after
    each further one (never more than `max_delay_seconds`). A server that cannot be reached after its attempts is
    given up for the run; a refused login is not tried again on another target with the same user name and
    password unless `retry_refused_login_elsewhere` is true."""

    attempts: int = 5
    first_delay_seconds: float = 2.0
    backoff_factor: float = 2.0
    max_delay_seconds: float = 60.0
    timeout_seconds: float = 60.0
    retry_refused_login_elsewhere: bool = False

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError(f"delivery.attempts must be 1 or more, not {self.attempts}")
        for name in ("first_delay_seconds", "backoff_factor", "max_delay_seconds", "timeout_seconds"):
            if getattr(self, name) < 0:
                raise ValueError(f"delivery.{name} must not be negative")


@dataclass(frozen=True)
class Journal:
    title: str
    abbrev_title: str
    publisher_id: str
    issn: Issn
    publisher: Publisher
    pmc_journal_id: str
    language: str
    website: str
    doi: DoiConfig
    urls: Urls
    license: License
    sections: list[str]
    article_types: dict[str, ArticleType]
    crossref: Crossref
    house_style: HouseStyle
    proofs: Proofs
    limits: Limits = field(default_factory=Limits)
    delivery: DeliveryPolicy = field(default_factory=DeliveryPolicy)

    def doi_for(self, year: int, manuscript_number: str) -> str:
        return self.doi.pattern.format(
            prefix=self.doi.prefix, publisher_id=self.publisher_id, year=year, manuscript_number=manuscript_number
        )

    def article_url(self, doi: str) -> str:
        return self.urls.article.format(doi=doi, doi_suffix=doi.split("/", 1)[1])

    def pdf_url(self, doi: str) -> str:
        return self.urls.pdf.format(doi=doi, doi_suffix=doi.split("/", 1)[1])


def load_journal(path: Path) -> Journal:
    return load(Journal, read_yaml(path), path)
