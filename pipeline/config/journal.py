"""A journal's configuration (config/journals/<id>.yaml) as typed, checked values.

A journal is chosen by its id, the name of its file: an issue manifest names it (`journal: dir`). Values on
the domains reserved for examples (example.org, *.example, *.test, *.invalid: RFC 2606) are placeholders: they
load, and `Journal.placeholders` lists them, so that the build can warn and delivery can refuse.
"""

from __future__ import annotations

import datetime as dt
import re
import string
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config.proof_wording import ProofWording, load_proof_wording
from pipeline.config.reference_style import ReferenceStyle, load_reference_style
from pipeline.config.typed import ConfigError, load, placeholder_values, read_yaml
from pipeline.diagnostics import Finding
from pipeline.identifiers import email_problem

JOURNALS = Path(__file__).resolve().parents[2] / "config" / "journals"
JOURNAL_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ISSN = re.compile(r"^\d{4}-\d{3}[\dX]$")
DOI_PREFIX = re.compile(r"^10\.\d{4,9}$")


@dataclass(frozen=True)
class Issn:
    electronic: str
    print: str | None = None  # a journal published online only has none

    def __post_init__(self) -> None:
        for kind, value in (("print", self.print), ("electronic", self.electronic)):
            if value is not None and not ISSN.match(value):
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
            raise ValueError(f"doi.prefix: {self.prefix!r} is not a DOI prefix (10. and 4 to 9 digits)")
        if "{manuscript_number}" not in self.pattern:
            raise ValueError("doi.pattern must contain {manuscript_number}")


# What an article's URL patterns may name: its DOI (whole, or the part after the prefix), volume, issue and
# e-location id.
URL_PLACEHOLDERS = ("doi", "doi_suffix", "volume", "issue", "elocation_id")


def placeholders_in(pattern: str) -> set[str]:
    """The {names} of a str.format pattern."""
    return {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}


@dataclass(frozen=True)
class Urls:
    article: str
    pdf: str

    def __post_init__(self) -> None:
        for kind in ("article", "pdf"):
            try:
                unknown = sorted(placeholders_in(getattr(self, kind)) - set(URL_PLACEHOLDERS))
            except ValueError as exc:
                raise ValueError(f"urls.{kind}: {exc}") from None
            if unknown:
                raise ValueError(f"urls.{kind}: unknown placeholder {{{unknown[0]}}} (known: "
                                 f"{', '.join('{' + p + '}' for p in URL_PLACEHOLDERS)})")


@dataclass(frozen=True)
class License:
    name: str
    url: str
    copyright_statement: str  # may name {year}, the article's copyright year
    license_text: str
    copyright_holder: str | None = None  # left out of the JATS when the journal's line names none

    def statement(self, year: int) -> str:
        return self.copyright_statement.replace("{year}", str(year))


PAGINATIONS = ("pages", "elocation")
ELOCATION_PLACEHOLDERS = ("manuscript_number", "number")


@dataclass(frozen=True)
class Publication:
    """How the journal locates its articles: by pages numbered on through each issue, or (a journal published
    online only, article by article) by an e-location id each and no pages."""

    pagination: str = "pages"  # pages | elocation
    # The rule that makes an article's e-location id when the manifest gives none: {manuscript_number}, or
    # {number}, the manuscript number's last group of digits ("ms-2013-003269" -> "003269").
    elocation_id: str | None = None

    def __post_init__(self) -> None:
        if self.pagination not in PAGINATIONS:
            raise ValueError(f"pagination: {self.pagination!r} is neither pages nor elocation")
        if self.elocation_id is not None:
            if self.pagination != "elocation":
                raise ValueError("elocation_id: a rule for e-location ids needs pagination: elocation")
            unknown = sorted(placeholders_in(self.elocation_id) - set(ELOCATION_PLACEHOLDERS))
            if unknown:
                raise ValueError(f"elocation_id: unknown placeholder {{{unknown[0]}}} (known: {{manuscript_number}}, "
                                 "{number})")

    @property
    def paged(self) -> bool:
        return self.pagination == "pages"

    def elocation_for(self, manuscript_number: str) -> str | None:
        """The e-location id the journal's rule makes of a manuscript number; None without a rule, or when the rule
        needs digits the number does not have."""
        if self.elocation_id is None:
            return None
        digits = re.findall(r"\d+", manuscript_number)
        if "{number}" in self.elocation_id and not digits:
            return None
        return self.elocation_id.format(manuscript_number=manuscript_number, number=digits[-1] if digits else "")


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


CSS_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
CSS_COLOUR = re.compile(r"^(#[0-9A-Fa-f]{3,8}|rgba?\([\d\s.,%]+\))$")
# The words the stylesheets print (xslt/core-*.xsl reads them by these names); a journal gives every one.
WORDS = ("abstract", "keywords", "references", "acknowledgements", "footnotes", "funding", "cite_as", "epub",
         "publication_date", "doi", "affiliations_lead")


@dataclass(frozen=True)
class FontFace:
    family: str  # the family name the print stylesheet asks for ("Print Sans"): a role, not a font's own name
    file: str  # a font file in templates/fonts/ or one fontconfig knows
    weight: int = 400
    style: str = "normal"  # normal | italic

    def __post_init__(self) -> None:
        if self.style not in ("normal", "italic"):
            raise ValueError(f"style: {self.style!r} is neither normal nor italic")


@dataclass(frozen=True)
class Fonts:
    print: list[FontFace]  # the faces of the PDFs (templates/print.css names the families)
    web: str  # CSS font-family list of the web pages (the article pages and the issue's contents page)

    def __post_init__(self) -> None:
        if not self.print:
            raise ValueError("fonts.print: the PDFs need at least one face")


@dataclass(frozen=True)
class Colours:
    """CSS custom properties of each stylesheet (templates/print.css and the web pages' site.css, article.css and
    contents.css use var(--name); the contents PDF is in the print colours)."""

    print: dict[str, str]
    web: dict[str, str]

    def __post_init__(self) -> None:
        for sheet in ("print", "web"):
            for name, value in getattr(self, sheet).items():
                if not CSS_NAME.match(name):
                    raise ValueError(f"colours.{sheet}: {name!r} is not a CSS custom property name (a-z, 0-9, -)")
                if not CSS_COLOUR.match(value.strip()):
                    raise ValueError(f"colours.{sheet}.{name}: {value!r} is not a colour (#rrggbb or rgb(...))")


@dataclass(frozen=True)
class DateFormats:
    """XPath format-date pictures ("[D01] [MNn] [Y0001]" is 09 May 2023), in the journal's language."""

    full: str  # the history line; the web page's Epub
    month: str  # a date without its day: the issue's month (running heads, the web page's publication date)
    print_publication: str  # the first page's Epub and Publication date ("13.06.2023")


@dataclass(frozen=True)
class KeyPoints:
    """The box of the article's key points (JATS abstract[@abstract-type='key-points'])."""

    title: str  # its heading when the manuscript gives none
    headings: list[str]  # what manuscripts call it ("key points", "highlights"): ingest finds the part by them
    print_placement: str = "before-first-section"  # or "after-abstract" (on the first page, under the abstract)
    # Whether the proof asks the author for the box when a manuscript has none (None: it does not). The query's
    # words are the proof wording's (config/proof-wording/: main-points), in the journal's spelling.
    query: str | None = None

    def __post_init__(self) -> None:
        if self.print_placement not in ("before-first-section", "after-abstract"):
            raise ValueError(f"print_placement: {self.print_placement!r} is neither before-first-section nor "
                             "after-abstract")


@dataclass(frozen=True)
class AbstractSection:
    """A section of a structured abstract as the journal labels it, and the words manuscripts use for it."""

    label: str  # "PURPOSE"
    rank: int  # its place in the order of the sections; sections of one rank stand for each other
    words: list[str]  # "purpose", "objective", "aim" ... (ingest reads them, whatever their case)


@dataclass(frozen=True)
class CiteAs:
    with_doi: bool = False  # the line ends with the article's DOI ("... 2014;4:e003269. doi:10.1000/...")


@dataclass(frozen=True)
class TableStyle:
    """How a table is fitted to the printed page (pipeline/render/pdf_tables.py): in a column, across the page, in
    smaller type down to `smallest_type`, then on a landscape page; a word is never broken inside a cell."""

    smallest_type: float = 6.0  # pt: the smallest type a table may be set in (the body's tables: print.css)
    type_step: float = 0.4  # pt: each step down from the tables' own size
    landscape: bool = True  # a table too wide for the page even in its smallest type turns the page
    continued: str = "Continued"  # "Table 3. Continued" over the part of a table that runs on to a new column or page

    def __post_init__(self) -> None:
        if not 4.0 <= self.smallest_type <= 12.0:
            raise ValueError(f"smallest_type: {self.smallest_type} pt is not a type size from 4 to 12 pt")
        if not 0.1 <= self.type_step <= 2.0:
            raise ValueError(f"type_step: {self.type_step} pt is not a step from 0.1 to 2 pt")


@dataclass(frozen=True)
class FirstPage:
    """What the PDF's first page prints besides the article's own words (xslt/print-front.xsl)."""

    # The line under the DOI, "J Abbrev 2023; DOI: 10.1000/xyz": {journal} is the journal's
    # abbreviated title, {year} the issue's year, {doi} the article's DOI. Empty: no such line.
    doi_line: str = ""
    # An author list longer than this runs on, comma-separated, with the ORCID iDs listed under it; a shorter one
    # prints an author a line, each with their iD.
    authors_one_per_line: int = 12

    def __post_init__(self) -> None:
        unknown = sorted(set(re.findall(r"\{(\w*)\}", self.doi_line)) - {"journal", "year", "doi"})
        if unknown:
            raise ValueError(f"doi_line: unknown value {{{unknown[0]}}} (known: {{journal}}, {{year}}, {{doi}})")
        if self.authors_one_per_line < 1:
            raise ValueError("authors_one_per_line must be 1 or more")


PAGE_NUMBER_STYLES = ("decimal", "upper-roman", "lower-roman", "upper-alpha", "lower-alpha")


@dataclass(frozen=True)
class ContentsPages:
    """How the printed table of contents numbers its pages: the journal's front matter has its own numbering
    ("A-VII"), not the articles' page sequence."""

    style: str = "decimal"  # a CSS counter style: decimal, upper-roman, lower-roman, upper-alpha, lower-alpha
    prefix: str = ""  # printed before the number ("A-")
    first: int = 1  # the number of the Contents' first page (after the cover, masthead and instructions)

    def __post_init__(self) -> None:
        if self.style not in PAGE_NUMBER_STYLES:
            raise ValueError(f"style: {self.style!r} is not one of {', '.join(PAGE_NUMBER_STYLES)}")
        if self.first < 1:
            raise ValueError("first must be 1 or more")


@dataclass(frozen=True)
class HouseStyle:
    # Characters the journal's text needs (its authors' names, its symbols): the doctor checks that the PDF
    # fonts draw every one of them, in every face.
    glyphs: str
    fonts: Fonts
    colours: Colours
    words: dict[str, str]  # WORDS: headings and lead words, as both pages print them...
    print_words: dict[str, str]  # ...and where the printed page says it otherwise ("KEYWORDS")
    history: dict[str, str]  # date-type -> the words before its date in the history line (rev-request: ...)
    statements: dict[str, str]  # fn-type -> the heading of that statement in the back matter
    dates: DateFormats
    key_points: KeyPoints
    abstract_sections: list[AbstractSection]  # in their order
    reference_style: str  # a style of config/reference-styles/
    cite_as: CiteAs = field(default_factory=CiteAs)
    tables: TableStyle = field(default_factory=TableStyle)
    first_page: FirstPage = field(default_factory=FirstPage)
    contents_pages: ContentsPages = field(default_factory=ContentsPages)
    # How the history line joins its dates and ends: "Received 9 May 2023; ...; accepted 30 May 2023." or
    # "Received 24 April 2013 Revised 11 June 2013 Accepted 9 July 2013".
    history_separator: str = "; "
    history_end: str = "."

    def __post_init__(self) -> None:
        for block in ("words", "print_words"):
            unknown = sorted(set(getattr(self, block)) - set(WORDS))
            if unknown:
                raise ValueError(f"{block}: unknown word {unknown[0]!r} (known: {', '.join(WORDS)})")
        missing = [w for w in WORDS if w not in self.words]
        if missing:
            raise ValueError(f"words: {', '.join(missing)} missing")


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
    # The proof's own words (its queries, cover page, queries page): config/proof-wording/<wording>.yaml
    wording: str = "en-GB"

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
    # What one stage of one article (ingest, enrich, validate, a layout, render, check) may take, in the child
    # process the build runs it in (pipeline/issue/workers.py): over either, the process is stopped and the
    # article fails at that stage. The sample issue's slowest stage (a proof's layouts) takes under a minute and
    # under 600 MB.
    stage_seconds: int = 600  # wall-clock time
    stage_memory_mb: int = 3000  # the memory a stage's process may allocate (pandoc, its child, has as much)

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if value < 1:
                raise ValueError(f"limits.{name} must be 1 or more, not {value}")


@dataclass(frozen=True)
class FigureRules:
    """What the journal asks of figure images. `min_dpi`: the pixels per inch a picture needs at the size it is
    placed at; a figure taken from a picture pasted into the manuscript below it gets a warning (None: no rule)."""

    min_dpi: int | None = None

    def __post_init__(self) -> None:
        if self.min_dpi is not None and self.min_dpi < 1:
            raise ValueError(f"figures.min_dpi must be 1 or more, not {self.min_dpi}")


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
    pmc_journal_id: str | None  # null until PMC has given the journal one
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
    publication: Publication = field(default_factory=Publication)
    # Other licences than `license` (the journal's default), by the name an article's manifest entry gives
    # (`license: cc-by-nc-3.0`): the licence belongs to the article, and a journal's changed over the years.
    licenses: dict[str, License] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)
    figures: FigureRules = field(default_factory=FigureRules)
    delivery: DeliveryPolicy = field(default_factory=DeliveryPolicy)

    def __post_init__(self) -> None:
        if self.publication.paged:
            for kind in ("article", "pdf"):
                if "elocation_id" in placeholders_in(getattr(self.urls, kind)):
                    raise ValueError(f"urls.{kind}: {{elocation_id}} is only known in a journal with "
                                     "publication.pagination: elocation")

    def doi_for(self, year: int, manuscript_number: str) -> str:
        return self.doi.pattern.format(
            prefix=self.doi.prefix, publisher_id=self.publisher_id, year=year, manuscript_number=manuscript_number
        )

    def article_url(self, doi: str, volume: str = "", issue: str = "", elocation_id: str = "") -> str:
        return self.urls.article.format(**_url_values(doi, volume, issue, elocation_id))

    @property
    def reference_style(self) -> ReferenceStyle:
        return load_reference_style(self.house_style.reference_style)

    @property
    def proof_wording(self) -> ProofWording:
        return load_proof_wording(self.proofs.wording)

    def pdf_url(self, doi: str, volume: str = "", issue: str = "", elocation_id: str = "") -> str:
        return self.urls.pdf.format(**_url_values(doi, volume, issue, elocation_id))

    def license_named(self, name: str | None) -> License:
        """The licence an article carries: the one its manifest entry names, else the journal's default."""
        return self.license if name is None else self.licenses[name]

    @property
    def placeholders(self) -> list[tuple[str, str]]:
        """(field, value) of every value still on an example domain, in the order of the config's fields."""
        return placeholder_values(self)


def _url_values(doi: str, volume: str, issue: str, elocation_id: str) -> dict[str, str]:
    return {"doi": doi, "doi_suffix": doi.split("/", 1)[1], "volume": volume, "issue": issue,
            "elocation_id": elocation_id}


def load_journal(path: Path) -> Journal:
    journal = load(Journal, read_yaml(path), path)
    load_reference_style(journal.house_style.reference_style)  # an unknown style is an error now, not at render
    load_proof_wording(journal.proofs.wording)  # so is an unknown proof wording
    return journal


def placeholder_findings(journal: Journal, file: Path) -> list[Finding]:
    """A warning for each placeholder value of the journal's config (`file`), for the build report."""
    return [Finding.of("config.placeholder", f"{name} is still a placeholder ({value}): set the real value before "
                       "the deposits or proofs that use it go out", file=str(file))
            for name, value in journal.placeholders]


def journal_ids() -> list[str]:
    """The journals that have a config file."""
    return sorted(p.stem for p in JOURNALS.glob("*.yaml"))


def journal_file(journal_id: str, named_in: Path | str, where: str = "journal") -> Path:
    """The config file of the journal `journal_id`, as named in the file `named_in` (at `where`); an id that is
    no journal's is a ConfigError that names that file and the journals there are."""
    path = JOURNALS / f"{journal_id}.yaml"
    if not JOURNAL_ID.match(journal_id) or not path.is_file():
        known = ", ".join(journal_ids()) or "none"
        raise ConfigError(named_in, where, f"{journal_id!r} is not a journal of this installation (journals: "
                          f"{known}; each is a file config/journals/<id>.yaml)")
    return path
