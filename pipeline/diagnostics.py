"""Typed findings: every warning or error the pipeline reports, in one closed set.

Each finding has a code from CODES (so reports can be filtered and counted), a
severity, the file and the place it concerns, and a message written for
production staff. `PipelineError` carries one finding out of a stage that
cannot go on; the issue build records it and carries on with other articles.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


# code -> (severity, what the finding is about). A code not listed here is a programming error.
CODES: dict[str, tuple[Severity, str]] = {
    # configuration and inputs
    "config.invalid": (Severity.ERROR, "a configuration or manifest file is not valid"),
    "config.placeholder": (Severity.WARNING, "a configuration value is still a placeholder"),
    "input.missing-file": (Severity.ERROR, "a file named in the manifest does not exist"),
    "input.not-docx": (Severity.ERROR, "a manuscript is not a readable Word .docx file"),
    "input.bad-image": (Severity.ERROR, "a figure file is not a readable image"),
    "input.listed-twice": (Severity.WARNING, "the manifest lists a figure file twice"),
    "input.over-limit": (Severity.ERROR, "an input is over one of the journal's limits (size, nesting, length, "
                         "pixels)"),
    "input.outside-issue": (Severity.ERROR, "a path in the manifest leads outside the issue folder"),
    # ingest
    "ingest.pandoc-failed": (Severity.ERROR, "pandoc could not read the manuscript"),
    "ingest.tracked-changes": (Severity.WARNING, "tracked changes were accepted"),
    "ingest.comments": (Severity.WARNING, "Word comments were dropped"),
    "ingest.unsupported": (Severity.WARNING, "a Word feature the pipeline does not carry over"),
    "ingest.no-title": (Severity.ERROR, "no article title found"),
    "ingest.no-authors": (Severity.ERROR, "no author line found on the title page"),
    "ingest.affiliation-marker": (Severity.WARNING, "an author's affiliation marker matches no affiliation"),
    "ingest.manifest-mismatch": (Severity.WARNING, "the manuscript and the manifest disagree"),
    "ingest.no-abstract": (Severity.WARNING, "no abstract found"),
    "ingest.abstract-structure": (Severity.WARNING, "the abstract's sections differ from what the article type needs"),
    "ingest.no-keywords": (Severity.WARNING, "no keywords found"),
    "ingest.no-main-points": (Severity.WARNING, "no main points found"),
    "ingest.no-references": (Severity.WARNING, "no reference list found"),
    "ingest.reference-unparsed": (Severity.INFO, "a reference was kept as text because its parts were unclear"),
    "ingest.reference-numbering": (Severity.ERROR, "the reference list is not numbered 1, 2, 3 ..."),
    "ingest.citation-unresolved": (Severity.ERROR, "a citation points at no reference"),
    "ingest.object-unresolved": (Severity.WARNING, "a mention of a table or figure points at nothing"),
    "ingest.table-title": (Severity.ERROR, "a table has no 'Table N.' title above it"),
    "ingest.table-numbering": (Severity.WARNING, "tables are not numbered 1, 2, 3 ..."),
    "ingest.figure-no-file": (Severity.ERROR, "a figure legend has no image file"),
    "ingest.file-no-figure": (Severity.ERROR, "an image file has no figure legend"),
    "ingest.figure-from-manuscript": (Severity.WARNING, "a figure's image is taken from the picture pasted beside "
                                      "its legend in the manuscript"),
    "ingest.figure-supplied-preferred": (Severity.INFO, "a figure is both supplied as a file and pasted into the "
                                         "manuscript; the file is used"),
    "ingest.figure-low-resolution": (Severity.WARNING, "a figure's image has fewer pixels per inch than the journal "
                                     "asks"),
    "ingest.figure-numbering": (Severity.WARNING, "figures are not numbered 1, 2, 3 ..."),
    "ingest.legend-repeated": (Severity.INFO, "a figure legend is typed twice, word for word; it is kept once"),
    "ingest.embedded-image": (Severity.WARNING, "a picture embedded in the manuscript is no figure of the article"),
    "ingest.lost-text": (Severity.ERROR, "manuscript text did not reach the JATS"),
    "ingest.unplaced": (Severity.WARNING, "a piece of the manuscript could not be placed"),
    "ingest.left-out": (Severity.WARNING, "a table of contents or list of figures was left out"),
    "ingest.front-matter": (Severity.WARNING, "front matter that is not the article's (a thesis's title page, a "
                            "dedication) is kept apart"),
    "ingest.table-title-found": (Severity.INFO, "a table's title was taken from its caption below it or its first "
                                 "row"),
    "ingest.broken-link": (Severity.WARNING, "an internal link points at nothing in the article; its text is kept"),
    # enrich
    "enrich.doi-invalid": (Severity.ERROR, "the DOI is not a valid DOI for this journal"),
    "enrich.doi-duplicate": (Severity.ERROR, "the DOI is used by another article"),
    "enrich.doi-placeholder": (Severity.WARNING, "the DOI is built from a placeholder manuscript number"),
    "enrich.orcid-invalid": (Severity.ERROR, "an ORCID iD is malformed or fails its check digit"),
    "enrich.orcid-missing": (Severity.WARNING, "an author has no ORCID iD"),
    "enrich.email-invalid": (Severity.ERROR, "the corresponding author's e-mail address is malformed"),
    "enrich.missing-metadata": (Severity.WARNING, "metadata the journal prints is missing"),
    "enrich.missing-dates": (Severity.WARNING, "history dates are missing from the manifest"),
    "enrich.date-invalid": (Severity.ERROR, "dates are out of order, or too far in the future"),
    "enrich.date-assumed": (Severity.INFO, "a date was taken from the issue because the manifest gives none"),
    "enrich.no-pages": (Severity.INFO, "page numbers are not known until the PDFs are made"),
    "enrich.elocation-missing": (Severity.ERROR, "an online-only journal's article has no e-location id"),
    # validate
    "validate.dtd": (Severity.ERROR, "the JATS is not valid against the JATS 1.3 DTD"),
    "validate.schema": (Severity.ERROR, "a deposit file is not valid against its official schema"),
    "validate.rule": (Severity.ERROR, "a house or PMC rule is broken"),
    "validate.rule-warning": (Severity.WARNING, "a house or PMC recommendation is not met"),
    "validate.pmc-style": (Severity.ERROR, "the PMC Style Checker reports a problem"),
    "validate.jats4r": (Severity.WARNING, "a JATS4R recommendation is not met"),
    "validate.limit": (Severity.WARNING, "an article-type limit of the instructions for authors is exceeded"),
    # render
    "render.failed": (Severity.ERROR, "an output could not be made"),
    "render.missing-glyph": (Severity.ERROR, "a character has no glyph in the PDF fonts"),
    "render.page-numbers": (Severity.ERROR, "printed page numbers disagree with the JATS"),
    "render.table-too-wide": (Severity.ERROR, "a table is too wide to print without breaking a word inside a cell"),
    "render.engine-notice": (Severity.WARNING, "the PDF engine made a correct output a slower or deprecated way"),
    "render.engine-unclassified": (Severity.WARNING, "the PDF engine said something the pipeline does not know"),
    # deposit and delivery
    "deposit.blocked": (Severity.ERROR, "no deposit was made because the article has errors"),
    "deposit.missing-value": (Severity.ERROR, "a value the deposit requires is missing"),
    "deposit.package": (Severity.ERROR, "the PMC package check failed"),
    "deliver.failed": (Severity.ERROR, "a delivery failed"),
    "deliver.config": (Severity.ERROR, "delivery settings are missing"),
    "deliver.refused": (Severity.ERROR, "a deposit file was not sent because sending it would be wrong"),
    "deliver.placeholder": (Severity.WARNING, "an article with a placeholder manuscript number was not delivered"),
    "deliver.missing": (Severity.WARNING, "the issue build made no file for a deposit target"),
    "deliver.ledger": (Severity.ERROR, "the deposit ledger cannot be read"),
    "deliver.not-built": (Severity.ERROR, "the issue has not been built, so there is nothing to deliver"),
    # sending proofs to authors
    "proof.not-built": (Severity.ERROR, "the article's proof is missing from the build or out of date"),
    "proof.no-address": (Severity.ERROR, "the JATS has no usable e-mail address of the corresponding author"),
    "proof.config": (Severity.ERROR, "the proof e-mail settings are missing or wrong"),
    "proof.refused": (Severity.ERROR, "proofs were not sent because sending them would be wrong"),
    "proof.placeholder": (Severity.WARNING, "a proof e-mail setting is still a placeholder"),
    "proof.failed": (Severity.ERROR, "a proof e-mail was not delivered"),
    "proof.ledger": (Severity.ERROR, "the proof ledger cannot be read"),
    "proof.busy": (Severity.ERROR, "another run is sending this issue's proofs"),
    # returned proofs
    "proof.unreadable": (Severity.ERROR, "a returned proof cannot be read"),
    "proof.other-file": (Severity.WARNING, "a returned proof does not look like the proof made for this article"),
    "proof.unplaced": (Severity.WARNING, "the text a correction marks could not be found on its proof page"),
    "proof.decisions": (Severity.ERROR, "the corrections file holds decisions on another returned proof"),
    # accepted corrections, applied at every build
    "correction.gone": (Severity.ERROR, "an accepted correction's text is no longer where it was in the manuscript"),
    "correction.invalid": (Severity.ERROR, "the issue's corrections file for an article cannot be used"),
    "correction.applied": (Severity.INFO, "an accepted correction was applied to the JATS"),
    "correction.manual": (Severity.WARNING, "an accepted correction the pipeline cannot make itself"),
    "correction.manifest": (Severity.WARNING, "an author's answer belongs in a manifest field"),
    # the build itself
    "build.internal": (Severity.ERROR, "the pipeline hit an unexpected problem"),
}


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    file: str | None = None
    location: str | None = None  # for people: "paragraph 12", "Table 2, row 3"
    xpath: str | None = None  # for machines: where in the JATS
    article: str | None = None
    stage: str | None = None
    severity: Severity = field(default=Severity.ERROR)

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise KeyError(f"unknown finding code {self.code!r}")

    @classmethod
    def of(cls, code: str, message: str, **where: str | None) -> Finding:
        """A finding with the severity its code carries."""
        return cls(code, message, severity=CODES[code][0], **where)

    def with_context(self, **where: str | None) -> Finding:
        """Fill in file/article/stage where the finding does not say them yet."""
        values = asdict(self)
        for key, value in where.items():
            if values.get(key) is None:
                values[key] = value
        return Finding(**values)

    def to_dict(self) -> dict[str, str | None]:
        return {k: (str(v) if v is not None else None) for k, v in asdict(self).items()}

    def __str__(self) -> str:
        place = ", ".join(p for p in (self.file, self.location) if p)
        return f"{self.severity.upper()} [{self.code}] {place + ': ' if place else ''}{self.message}"


class PipelineError(Exception):
    """A stage cannot go on; the finding says why in production staff's words."""

    def __init__(self, finding: Finding):
        super().__init__(str(finding))
        self.finding = finding


def fail(code: str, message: str, **where: str | None) -> PipelineError:
    return PipelineError(Finding.of(code, message, **where))


class Findings:
    """An ordered collection of findings for one article or one stage."""

    def __init__(self, items: Iterable[Finding] = ()):
        self._items: list[Finding] = list(items)

    def add(self, code: str, message: str, **where: str | None) -> Finding:
        finding = Finding.of(code, message, **where)
        self._items.append(finding)
        return finding

    def extend(self, items: Iterable[Finding]) -> None:
        self._items.extend(items)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self._items if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self._items if f.severity is Severity.WARNING]

    def codes(self) -> list[str]:
        return [f.code for f in self._items]


# --- repeated findings, grouped -------------------------------------------------------------------------------------

GROUP_FROM = 5  # this many findings of one kind become one line
_RULE = re.compile(r"\s*\[rule ([^\]]+)\]$")
_NUMBER = re.compile(r"\d+")
LISTED = 40  # values named in a grouped finding; the count says how many there are in all
PLACES = 3  # places named in its location


def group_repeated(findings: Iterable[Finding], least: int = GROUP_FROM) -> list[Finding]:
    """Findings of one kind (code, severity and rule; or the same words but for their numbers) that occur `least`
    times or more become one finding, where the first stood, with the count and the list: 1,973 "Reference N is
    never cited" warnings are one line, "Reference N is never cited in the text. (N = 1–1973; 1,973 in all)"."""
    items = list(findings)
    groups: dict[tuple, list[Finding]] = {}
    for finding in items:
        groups.setdefault(_kind(finding), []).append(finding)
    out: list[Finding] = []
    for finding in items:
        members = groups[_kind(finding)]
        if len(members) < least:
            out.append(finding)
        elif members[0] is finding:
            out.append(_grouped(members))
    return out


def _kind(finding: Finding) -> tuple:
    rule = _RULE.search(finding.message)
    return (finding.code, finding.severity, finding.file, finding.article,
            rule.group(1) if rule else _NUMBER.sub("#", finding.message))


def _grouped(members: list[Finding]) -> Finding:
    first = members[0]
    rule = _RULE.search(first.message)
    texts = [_RULE.sub("", f.message) for f in members]
    prefix = _common_start(texts)
    prefix = prefix[:len(re.match(r"^.*?(?=\w*$)", prefix, re.S).group(0))]  # not in the middle of a word
    suffix = _common_start([t[len(prefix):][::-1] for t in texts])[::-1]
    suffix = suffix[len(re.match(r"^\w*", suffix).group(0)):]
    values = [t[len(prefix):len(t) - len(suffix)] for t in texts]
    if all(values) and len(prefix) + len(suffix) >= 12:
        mark = "N" if all(v.isdigit() for v in values) else "…"
        message = f"{prefix}{mark}{suffix} ({mark} = {_listing(values)}; {len(members):,} in all)"
    else:
        message = f"{texts[0]} ({len(members):,} times in all, this and others like it)"
    places = list(dict.fromkeys(f.location for f in members if f.location))
    location = (", ".join(places[:PLACES]) + (f", … ({len(places):,} places)" if len(places) > PLACES else "")
                if places else first.location)
    return replace(first, message=message + (f" [rule {rule.group(1)}]" if rule else ""), location=location)


def _common_start(texts: list[str]) -> str:
    shortest = min(texts, key=len)
    for n, char in enumerate(shortest):
        if any(t[n] != char for t in texts):
            return shortest[:n]
    return shortest


def _listing(values: list[str]) -> str:
    unique = list(dict.fromkeys(values))
    if all(v.isdigit() for v in unique):
        numbers = sorted({int(v) for v in unique})
        runs: list[str] = []
        start = previous = numbers[0]
        for n in [*numbers[1:], None]:
            if n is not None and n == previous + 1:
                previous = n
                continue
            runs.append(str(start) if start == previous else f"{start}–{previous}")
            if n is not None:
                start = previous = n
        return _listed(runs, len(numbers))
    return _listed(unique, len(unique))


def _listed(items: list[str], total: int) -> str:
    shown = ", ".join(items[:LISTED])
    if len(items) > LISTED:
        shown += f", … ({total:,} in all)"
    return shown
