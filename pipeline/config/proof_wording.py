"""The words of a proof (config/proof-wording/<name>.yaml) as typed, checked values.

A journal's config names its wording (`proofs.wording: en-US`), as it names its reference style: the author
queries by kind, what the production report tells the editor instead of asking the author, the watermark,
the cover page and the queries page. Each text is jinja2 over the values listed in the file; `fill` fills one
in, sandboxed, and a value the text names that is not given is an error naming the text, not an empty string.
Another spelling or another language is another file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
import jinja2.sandbox

from pipeline.config.typed import ConfigError, load_named

WORDING_DIR = Path(__file__).resolve().parents[2] / "config" / "proof-wording"

# The kinds of author query (pipeline/render/queries.py says which finding is which kind) and of the editor's
# notes: a wording gives a text for every one.
QUERY_KINDS = (
    "article-title", "running-title", "authors", "affiliations", "corresponding-author", "corresponding-email",
    "orcid-missing", "orcid-invalid", "abstract", "abstract-structure", "keywords", "main-points",
    "missing-object", "uncited-display", "uncited-references", "citation", "reference-unparsed",
)
EDITOR_KINDS = ("limit-words", "limit-abstract-words", "limit-references", "limit-authors", "limit-tables",
                "limit-figures")


@dataclass(frozen=True)
class CoverWords:
    """The proof's first page: what it is, the dates, how to mark corrections, what may change, whom to ask."""

    heading: str
    manuscript: str  # the labels of the details table
    doi: str
    round: str
    made: str
    deadline: str
    deadline_note: str
    queries: str  # how many queries, and where they are
    instructions_heading: str
    instructions: list[str]  # paragraphs; the first may introduce the readers below
    readers: list[str]  # one line per PDF reader: how to mark a correction with it
    references_heading: str
    references: list[str]  # how to refer to a place: page, line number, query number
    changes_heading: str
    changes: list[str]
    checklist_heading: str
    checklist: list[str]
    contact_heading: str
    contact: str
    page_label: str  # what PDF readers call the cover page(s) in their page list


@dataclass(frozen=True)
class QueriesPageWords:
    heading: str
    intro: str
    no_queries: str
    number: str  # the column headings
    where: str
    question: str
    answer: str
    whole_article: str  # where a query about the whole article is
    place: str  # where a flagged query is: page and line
    answer_label: str  # the name a screen reader gives a query's answer box
    comments_heading: str
    comments_label: str
    running_head: str  # at the top of every queries page (cover and queries pages take no article page numbers)
    page_label: str  # what PDF readers call the queries pages, before their number ("Queries 1")


@dataclass(frozen=True)
class ProofWording:
    name: str
    watermark: str  # across every page of the proof
    queries: dict[str, str]  # QUERY_KINDS -> the author query
    editor: dict[str, str]  # EDITOR_KINDS -> the note for the editor in the production report
    cover: CoverWords
    queries_page: QueriesPageWords

    def __post_init__(self) -> None:
        for block, kinds in (("queries", QUERY_KINDS), ("editor", EDITOR_KINDS)):
            given = getattr(self, block)
            unknown = sorted(set(given) - set(kinds))
            if unknown:
                raise ValueError(f"{block}: unknown kind {unknown[0]!r} (kinds: {', '.join(kinds)})")
            missing = [k for k in kinds if k not in given]
            if missing:
                raise ValueError(f"{block}: no text for {', '.join(missing)}")


@cache
def load_proof_wording(name: str, folder: Path = WORDING_DIR) -> ProofWording:
    """The wording config/proof-wording/<name>.yaml; an unknown name is an error that lists the wordings there."""
    wording, path = load_named(ProofWording, folder, name, "proof wording", "wordings")
    for where, text in texts(wording):
        try:
            _environment().parse(text)
        except jinja2.TemplateSyntaxError as exc:
            raise ConfigError(path, where, f"not valid jinja2 ({exc.message})") from None
    return wording


def texts(wording: ProofWording) -> list[tuple[str, str]]:
    """(where, text) of every text of the wording."""
    found = [("watermark", wording.watermark)]
    found += [(f"queries.{k}", v) for k, v in wording.queries.items()]
    found += [(f"editor.{k}", v) for k, v in wording.editor.items()]
    for block in ("cover", "queries_page"):
        for key, value in vars(getattr(wording, block)).items():
            if isinstance(value, list):
                found += [(f"{block}.{key}[{i}]", v) for i, v in enumerate(value)]
            else:
                found.append((f"{block}.{key}", value))
    return found


def fill(text: str, values: dict[str, object], where: str) -> str:
    """`text` with the values filled in and its white space made single spaces. A text that names a value not
    given is a ConfigError naming the text and the values it may use."""
    try:
        return " ".join(_environment().from_string(text).render(values).split())
    except jinja2.TemplateError as exc:
        raise ConfigError(WORDING_DIR, where, f"{exc} (the values it may use: {', '.join(sorted(values))})") from None


@cache
def _environment() -> jinja2.Environment:
    # Words from configuration: sandboxed, and a misspelt value is an error, not an empty string.
    return jinja2.sandbox.SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False)
