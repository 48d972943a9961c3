"""Sample manuscripts and round-tripped JATS articles -> field-level precision and recall of what ingest recognises.

Two measures (docs/ingest-evaluation.md explains them):

1. Sample issue (samples/dir/vol29-issue4): each manuscript is ingested with its figure files, as `make issue`
   does, and the JATS is compared with what the printed issue shows: samples/src/<id>.meta.yaml (title,
   authors, affiliations and running title where printed) and samples/src/<id>.txt (abstract section
   titles and text, keywords, tables, figure legends and parts, main points, section titles, references).
2. Corpus round trip (../shared/corpus/jats and deposits/pmc): each published article is turned into a Word
   manuscript by pandoc (`-f jats -t docx`, from a copy shaped like a manuscript: no DOCTYPE, no
   sub-articles, labels typed into captions, keywords typed after the abstract, the reference list typed as
   numbered AMA paragraphs) and ingested twice (the images only embedded, as pandoc writes them; and each
   figure also supplied as a separate file); the JATS ingest writes is compared with the original article.

Fields are lists of normalised strings (NFC, casefold, collapsed whitespace, no final full stop), compared
as sequences (longest common subsequence), multisets, word multisets or counts. Precision = matched /
what ingest gave, recall = matched / what the ground truth has, F1 = 2 matched / (given + truth); totals
are micro-averaged (matched, given and truth summed over manuscripts).

    .venv/bin/python tools/eval_ingest.py [--quick] [--corpus DIR] [--json OUT] [--markdown OUT]
                                          [--show N] [--keep DIR] [--only TEXT]

`--quick` (make eval-ingest QUICK=1, for CI): three samples and two corpus articles, a few seconds.
Without the corpus the round trip is skipped. Prints figures; exits 1 only when a manuscript could not be
evaluated at all (ingest or pandoc failed), never because of low figures.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
# The project root for the pipeline; samples/tools and tools for the scripts this one uses (as make_samples.py does).
for folder in (ROOT, ROOT / "samples" / "tools", ROOT / "tools"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import eval_docx as EVAL_DOCX  # noqa: E402 - the third part: the corpus's Word files, without ground truth
import eval_references as EVAL_REFS  # noqa: E402 - the reference evaluation's field extraction, and its pool
import msrc as MSRC  # noqa: E402 - the sample manuscripts' source format

from pipeline.config import load_issue, load_journal  # noqa: E402 - needs the project root on sys.path
from pipeline.config.journal import Journal  # noqa: E402
from pipeline.diagnostics import PipelineError  # noqa: E402
from pipeline.ingest import IngestResult, convert  # noqa: E402
from pipeline.ingest.pandoc import pandoc_binary  # noqa: E402
from pipeline.xmlio import XLINK_HREF, safe_parser  # noqa: E402

SAMPLE_ISSUE = ROOT / "samples" / "dir" / "vol29-issue4" / "issue.yaml"
SAMPLE_SRC = ROOT / "samples" / "src"
JOURNAL_FILE = ROOT / "config" / "journals" / "dir.yaml"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
ROUND_TRIP_TYPE = "Original Article"
PANDOC_TIMEOUT = 300

QUICK_SAMPLES = ("01-dogan", "02-pope", "12-tsukahara")  # styled headings; bold headings; printed affiliations
QUICK_CORPUS = ("jats/elife-crossref-fixtures/cstp77-jats.xml", "jats/pmc-oa/ehp-116-1694.nxml")


POOL = EVAL_REFS.POOL


# --- text ------------------------------------------------------------------------------------------------------------

def norm(text: str) -> str:
    """NFC, casefold, whitespace collapsed, no final full stop or colon."""
    text = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    return text.rstrip(".:").rstrip()


def words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", text).casefold())


def word_key(text: str) -> str:
    """A long text (a caption, a main point) by its words only: punctuation and spacing do not count."""
    return " ".join(words(text))


def local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


BLOCKS = frozenset({"p", "title", "sec", "list", "list-item", "caption", "label", "td", "th", "tr", "fn", "def",
                    "term", "disp-quote", "boxed-text", "table", "fig", "table-wrap", "kwd", "aff"})


def text_of(el: etree._Element | None, skip: frozenset[str] = frozenset({"label", "object-id"})) -> str:
    """All text below an element, the elements in `skip` left out; a <break/> and the edges of block elements
    (paragraphs, titles, cells...) read as spaces, an empty link as its address; whitespace collapsed."""
    if el is None:
        return ""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            name = local(child)
            if name == "break":
                parts.append(" ")
            elif name in ("ext-link", "uri") and not "".join(child.itertext()).strip():
                parts.append(child.get(XLINK_HREF, ""))  # an empty link shows its address ("PDB code 3UVW")
            elif name and name not in skip:
                block = name in BLOCKS
                parts.append(" " if block else "")
                walk(child)
                parts.append(" " if block else "")
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return " ".join("".join(parts).split())


def children(el: etree._Element | None, name: str) -> list[etree._Element]:
    return [c for c in el if local(c) == name] if el is not None else []


def first(el: etree._Element | None, path: str) -> etree._Element | None:
    """First descendant along a path of local names ('front/article-meta/title-group'), namespaces ignored."""
    for step in path.split("/"):
        if el is None:
            return None
        el = next(iter(children(el, step)), None)
    return el


# --- metrics ---------------------------------------------------------------------------------------------------------

@dataclass
class Tally:
    """Matched items, items ingest gave, items the ground truth has."""

    matched: int = 0
    given: int = 0
    truth: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.matched + other.matched, self.given + other.given, self.truth + other.truth)

    @property
    def precision(self) -> float | None:
        return self.matched / self.given if self.given else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.truth if self.truth else None

    @property
    def f1(self) -> float | None:
        return 2 * self.matched / (self.given + self.truth) if self.given + self.truth else None


@dataclass
class Outcome:
    """One field of one manuscript: the tally and what did not match (normalised)."""

    tally: Tally
    missing: list[str] = field(default_factory=list)  # in the ground truth, not matched
    extra: list[str] = field(default_factory=list)  # given by ingest, not matched


def lcs_pairs(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """Index pairs of a longest common subsequence of a and b."""
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            table[i][j] = table[i + 1][j + 1] + 1 if a[i] == b[j] else max(table[i + 1][j], table[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def compare_sequence(given: Sequence[str], truth: Sequence[str]) -> Outcome:
    """Items in order: matched = the longest common subsequence."""
    pairs = lcs_pairs(list(given), list(truth))
    used_given, used_truth = {i for i, _ in pairs}, {j for _, j in pairs}
    return Outcome(Tally(len(pairs), len(given), len(truth)),
                   [t for j, t in enumerate(truth) if j not in used_truth],
                   [g for i, g in enumerate(given) if i not in used_given])


def compare_multiset(given: Iterable[str], truth: Iterable[str]) -> Outcome:
    """Items in any order, each counted as often as it occurs."""
    g, t = Counter(given), Counter(truth)
    return Outcome(Tally(sum((g & t).values()), sum(g.values()), sum(t.values())),
                   sorted((t - g).elements()), sorted((g - t).elements()))


def compare_count(given: int, truth: int) -> Outcome:
    """A number of things: min(given, truth) of them are taken as matched."""
    return Outcome(Tally(min(given, truth), given, truth),
                   [f"{truth - given} fewer"] if given < truth else [],
                   [f"{given - truth} more"] if given > truth else [])


def compare_words(given: str, truth: str) -> Outcome:
    """Word-level overlap of two texts (multisets of words)."""
    outcome = compare_multiset(words(given), words(truth))
    outcome.missing, outcome.extra = outcome.missing[:20], outcome.extra[:20]
    return outcome


KINDS: dict[str, Callable[[Any, Any], Outcome]] = {
    "seq": compare_sequence, "set": compare_multiset, "count": compare_count, "words": compare_words,
}


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str  # seq, set, count, words (KINDS); "by number" for the reference fields (compare_references)
    what: str  # one line for the legend and the docs


SAMPLE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", "seq", "article title"),
    FieldSpec("authors", "seq", "author names (given + surname as one string), in order"),
    FieldSpec("author split", "seq", "(given names | surname) pairs, in order"),
    FieldSpec("affiliations", "set", "affiliation texts (where the issue prints them; any other is an extra)"),
    FieldSpec("running title", "seq", "running title (where printed; any other is an extra)"),
    FieldSpec("abstract sections", "seq", "abstract section titles, in order"),
    FieldSpec("abstract words", "words", "words of the abstract"),
    FieldSpec("keywords", "seq", "keywords, in order"),
    FieldSpec("table labels", "set", "table labels (Table N, Supplementary Table N)"),
    FieldSpec("table captions", "set", "table titles (text after 'Table N.')"),
    FieldSpec("figure labels", "set", "figure labels that have a legend (Figure N, Supplementary Figure N)"),
    FieldSpec("figure parts", "set", "one item per figure file / graphic, by figure label"),
    FieldSpec("figure captions", "set", "legend text after 'Figure N.' (compared by words)"),
    FieldSpec("main points", "set", "main points texts (compared by words)"),
    FieldSpec("main points count", "count", "number of main points"),
    FieldSpec("sections", "seq", "section titles of the main text, in document order"),
    FieldSpec("section levels", "seq", "the same with their depth ('2 study cohort')"),
    FieldSpec("references", "count", "number of references"),
)

REF_FIELDS = ("first author", "year", "volume", "fpage", "source", "title", "doi")

CORPUS_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", "seq", "article title"),
    FieldSpec("authors", "seq", "author names (given + surname as one string), in order"),
    FieldSpec("author split", "seq", "(given names | surname) pairs, in order"),
    FieldSpec("abstract words", "words", "words of the abstract"),
    FieldSpec("keywords", "seq", "the authors' keywords, in order"),
    FieldSpec("sections", "seq", "section titles of the body, in document order"),
    FieldSpec("tables", "count", "number of tables"),
    FieldSpec("table labels", "set", "table labels"),
    FieldSpec("table captions", "set", "table titles (caption title, else its first paragraph)"),
    FieldSpec("figures", "count", "number of figures, images embedded in the Word file only"),
    FieldSpec("numbered figures", "count", "the same, counting in the original only figures labelled plainly "
              "'Figure N' (no figure supplements, appendix or box figures, which no file name can number)"),
    FieldSpec("figure captions", "set", "figure captions (compared by words), images embedded only"),
    FieldSpec("figures+files", "count", "number of figures, each image also supplied as a separate file"),
    FieldSpec("figure captions+files", "set", "figure captions, each image also supplied as a file"),
    FieldSpec("references", "count", "number of references"),
    *(FieldSpec(f"ref {name}", "by number", f"reference {name} (element-citation on both sides), compared "
                "with the original reference of the same number")
      for name in REF_FIELDS),
)


@dataclass
class DocResult:
    part: str  # samples, corpus
    name: str
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    error: str = ""
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


def score(fields: Sequence[FieldSpec], given: dict[str, Any], truth: dict[str, Any]) -> dict[str, Outcome]:
    return {spec.name: KINDS[spec.kind](given[spec.name], truth[spec.name])
            for spec in fields if spec.name in given and spec.name in truth}


# --- what a JATS article says (the ingested one, and the corpus originals) -------------------------------------------

def article_meta(article: etree._Element) -> etree._Element | None:
    return first(article, "front/article-meta")


def title_of(article: etree._Element) -> list[str]:
    title = first(article_meta(article), "title-group/article-title")
    return [norm(text_of(title))] if title is not None and text_of(title) else []


def author_names(article: etree._Element) -> list[tuple[str, str]]:
    """(given names, surname) of every author with a personal name, in order."""
    out = []
    meta = article_meta(article)
    for group in children(meta, "contrib-group"):
        for contrib in children(group, "contrib"):
            if contrib.get("contrib-type", "author") != "author":
                continue
            name = first(contrib, "name")
            if name is None:
                name = first(contrib, "name-alternatives/name")
            if name is None:
                continue
            out.append((text_of(first(name, "given-names")), text_of(first(name, "surname"))))
    return out


def authors_whole(names: list[tuple[str, str]]) -> list[str]:
    return [norm(f"{given} {surname}") for given, surname in names]


def authors_split(names: list[tuple[str, str]]) -> list[str]:
    return [f"{norm(given)} | {norm(surname)}" for given, surname in names]


def main_abstract(article: etree._Element) -> etree._Element | None:
    abstracts = children(article_meta(article), "abstract")
    plain = [a for a in abstracts if not a.get("abstract-type")]
    return (plain or [a for a in abstracts if a.get("abstract-type") != "key-points"] or [None])[0]


def body_sections(article: etree._Element) -> list[tuple[int, str]]:
    """(depth, title) of the body's sections in document order; sections inside boxes or floats not counted."""
    out: list[tuple[int, str]] = []

    def walk(parent: etree._Element, depth: int) -> None:
        for sec in children(parent, "sec"):
            title = text_of(first(sec, "title"))
            if title:
                out.append((depth, norm(title)))
            walk(sec, depth + 1)

    body = first(article, "body")
    if body is not None:
        walk(body, 1)
    return out


def floats(article: etree._Element, name: str) -> list[etree._Element]:
    """table-wrap or fig elements of the article proper (not of sub-articles)."""
    return [el for el in article.iter() if local(el) == name
            and not any(local(a) in ("sub-article", "response") for a in el.iterancestors())]


def caption_title(wrap: etree._Element) -> str:
    """A table's title: its caption's title, else the caption's first paragraph."""
    caption = first(wrap, "caption")
    title = first(caption, "title")
    if title is not None and text_of(title):
        return text_of(title)
    paragraph = first(caption, "p")
    return text_of(paragraph)


def figure_caption(fig: etree._Element) -> str:
    """A figure's legend: all its caption's text (title and paragraphs)."""
    return text_of(first(fig, "caption"))


def label_text(el: etree._Element) -> str:
    return text_of(first(el, "label"), skip=frozenset())


def ingested_fields(article: etree._Element) -> dict[str, Any]:
    """The fields of the JATS ingest wrote (both measures read it the same way)."""
    meta = article_meta(article)
    names = author_names(article)
    abstract = main_abstract(article)
    key_points = next((a for a in children(meta, "abstract") if a.get("abstract-type") == "key-points"), None)
    points = [text_of(item) for item in key_points.iter() if local(item) == "list-item"] \
        if key_points is not None else []
    tables = floats(article, "table-wrap")
    figures = [el for el in article.iter() if local(el) == "fig"
               or (local(el) == "supplementary-material" and el.get("content-type") == "figure")]
    affiliations = [el for group in children(meta, "contrib-group") for el in children(group, "aff")]
    affiliations += children(meta, "aff")
    running = [text_of(el) for el in meta.iter() if local(el) == "alt-title"
               and el.get("alt-title-type") == "running-head"] if meta is not None else []
    sections = body_sections(article)
    refs = [el for el in article.iter() if local(el) == "ref"]
    return {
        "title": title_of(article),
        "authors": authors_whole(names),
        "author split": authors_split(names),
        "affiliations": [norm(text_of(a)) for a in affiliations],
        "running title": [norm(t) for t in running],
        "abstract sections": [norm(text_of(first(s, "title"))) for s in children(abstract, "sec")],
        "abstract words": text_of(abstract, skip=frozenset({"label", "object-id", "title"})) + " " + " ".join(
            text_of(first(s, "title")) for s in children(abstract, "sec")),
        "keywords": [norm(text_of(k)) for k in meta.iter() if local(k) == "kwd"] if meta is not None else [],
        "tables": len(tables),
        "table labels": [norm(label_text(t)) for t in tables if label_text(t)],
        "table captions": [norm(caption_title(t)) for t in tables if caption_title(t)],
        "figures": len(figures),
        "figure labels": [norm(label_text(f)) for f in figures if label_text(f)],
        "figure parts": [norm(label_text(f)) for f in figures for g in f.iter() if local(g) == "graphic"],
        "figure captions": [word_key(text_of(first(f, "caption"), skip=frozenset({"label", "title"})))
                            for f in figures if first(f, "caption") is not None],
        "main points": [word_key(p) for p in points],
        "main points count": len(points),
        "sections": [title for _, title in sections],
        "section levels": [f"{depth} {title}" for depth, title in sections],
        "references": len(refs),
        "ref list": refs,
    }


# --- 1. the sample issue ---------------------------------------------------------------------------------------------

FIGURE_FILE = re.compile(r"^(?:fig(?:ure)?|f)[\s._-]*(?P<supp>s)?(?P<num>\d+)(?P<part>[a-z])?$", re.I)
LEGEND = re.compile(r"^(?P<label>(?:Supplementary )?Figure \d+)\. (?P<rest>.*)$", re.S)
TABLE_TITLE = re.compile(r"^(?P<label>(?:Supplementary )?Table \d+)\. (?P<rest>.*)$", re.S)
BACK_HEADINGS = {"main points", "references", "figure legends"}


def sample_truth(article_id: str) -> dict[str, Any]:
    """What the printed issue shows for one sample manuscript."""
    meta = yaml.safe_load((SAMPLE_SRC / f"{article_id}.meta.yaml").read_text(encoding="utf-8"))
    source = MSRC.parse(SAMPLE_SRC / f"{article_id}.txt")
    names = [(a["given_names"], a["surname"]) for a in meta["authors"]]
    affiliations = [", ".join(str(a[k]) for k in ("department", "institution", "city", "state", "country")
                              if a.get(k)) for a in meta.get("affiliations") or []]
    truth: dict[str, Any] = {
        "title": [norm(meta["title"])],
        "authors": authors_whole(names),
        "author split": authors_split(names),
        "affiliations": [norm(a) for a in affiliations],
        "running title": [norm(meta["running_title"])] if meta.get("running_title") else [],
    }
    zone = "front"  # front, abstract, body, back
    abstract_sections: list[str] = []
    abstract_text: list[str] = []
    keywords: list[str] = []
    sections: list[tuple[int, str]] = []
    table_labels: list[str] = []
    table_captions: list[str] = []
    legends: list[tuple[str, str]] = []
    points: list[str] = []
    references = 0
    current_heading = ""
    for block in source.blocks:
        text = " ".join(MSRC.plain(block.runs).split())
        if block.kind == "heading":
            if block.level == 1:
                current_heading = norm(text)
                zone = "abstract" if current_heading == "abstract" else (
                    "back" if current_heading in BACK_HEADINGS else "body")
                if zone == "body":
                    sections.append((1, norm(text)))
            elif zone == "abstract":
                abstract_sections.append(norm(text))
                abstract_text.append(text)
            elif zone == "body":
                sections.append((block.level, norm(text)))
            continue
        if block.kind == "refs":
            references += block.count
            continue
        if block.kind == "pagebreak" and zone == "abstract" and (keywords or abstract_text):
            zone = "body"  # the main text starts after the abstract's page (no Introduction heading)
            continue
        if block.kind == "para":
            if re.match(r"^keywords?:", text, re.I):
                keywords = [norm(k) for k in re.split(r"[,;]", text.split(":", 1)[1]) if norm(k)]
                continue
            if zone == "abstract":
                # a run-in label ("{b:PURPOSE:} text") or a bold paragraph of its own ("{b:PURPOSE}")
                label = block.runs[0].text.strip() if block.runs and block.runs[0].bold else ""
                if label and (label.endswith(":") or label == text):
                    abstract_sections.append(norm(label))
                abstract_text.append(text)
                continue
            m_table, m_legend = TABLE_TITLE.match(text), LEGEND.match(text)
            if m_table:
                table_labels.append(norm(m_table.group("label")))
                table_captions.append(norm(m_table.group("rest")))
            elif m_legend:
                legends.append((norm(m_legend.group("label")), word_key(m_legend.group("rest"))))
        if block.kind == "bullet" and current_heading == "main points":
            points.append(word_key(text))
    parts = []
    for name in source.directives.get("figure-file", []):
        m = FIGURE_FILE.match(Path(name).stem.strip())
        if m:
            parts.append(norm(f"{'Supplementary ' if m.group('supp') else ''}Figure {int(m.group('num'))}"))
    truth.update({
        "abstract sections": abstract_sections,
        "abstract words": " ".join(abstract_text),
        "keywords": keywords,
        "table labels": table_labels,
        "table captions": table_captions,
        "figure labels": [label for label, _ in legends],
        "figure parts": parts,
        "figure captions": [caption for _, caption in legends],
        "main points": points,
        "main points count": len(points),
        "sections": [title for _, title in sections],
        "section levels": [f"{depth} {title}" for depth, title in sections],
        "references": references,
    })
    return truth


def evaluate_sample(article_id: str, journal: Journal) -> DocResult:
    """Ingest one sample manuscript as the issue build does and compare it with the printed issue."""
    issue = load_issue(SAMPLE_ISSUE)
    entry = next(a for a in issue.manifest.articles if a.id == article_id)
    result = DocResult("samples", article_id)
    started = time.perf_counter()
    try:
        ingested = convert(issue.file(entry.manuscript), [issue.file(f) for f in entry.figures], journal, entry.type)
    except Exception as exc:  # an evaluation reports a crash of ingest as that manuscript's result
        result.error = failure(exc)
        return result
    result.seconds = time.perf_counter() - started
    result.outcomes = score(SAMPLE_FIELDS, ingested_fields(ingested.article), sample_truth(article_id))
    return result


def failure(exc: Exception) -> str:
    """One line for a manuscript that could not be evaluated: a pipeline error as it reads, anything else
    (a crash of ingest) with its type and the place it was raised."""
    if isinstance(exc, PipelineError | RuntimeError | subprocess.TimeoutExpired):
        return (str(exc).splitlines() or [type(exc).__name__])[0][:300]
    frame = traceback.extract_tb(exc.__traceback__)[-1]
    return f"{type(exc).__name__}: {exc} ({Path(frame.filename).name}:{frame.lineno})"[:300]


def sample_ids(journal: Journal) -> list[str]:
    return [a.id for a in load_issue(SAMPLE_ISSUE).manifest.articles]


# --- 2. the corpus round trip ----------------------------------------------------------------------------------------

DROPPED_FROM_MANUSCRIPT = ("sub-article", "response", "object-id")


NUMBERED_FIGURE = re.compile(r"(?:Figure|Fig\.?)\s*S?\d+", re.I)


def typed_label(el: etree._Element) -> str:
    """A float's label as an author types it: 'Figure 1.' -> 'Figure 1'; a bare number gets its word."""
    label = " ".join(label_text(el).replace("\u00a0", " ").split()).rstrip(".: ")
    if re.fullmatch(r"[0-9]+[A-Za-z]?", label):
        label = ("Table " if local(el) == "table-wrap" else "Figure ") + label
    return label


def reference_text(ref: etree._Element) -> str:
    """A reference as the manuscript types it: AMA from the tagged parts (the pool's formatter), else the text
    of its mixed-citation, else its tagged parts one after the other."""
    try:
        return POOL.format_ref(ref, False).text
    except POOL.Skip:
        pass
    cit = POOL.pick_citation(ref)
    if cit is None:
        return POOL.plain(ref, skip=frozenset({"label"}))
    if local(cit) != "element-citation":
        return POOL.plain(cit)
    parts = []
    for part in cit:
        if local(part) == "person-group":
            parts.append(", ".join(POOL.plain(n) for n in part if POOL.plain(n)))
        elif POOL.plain(part):
            parts.append(POOL.plain(part))
    return ". ".join(p.rstrip(".") for p in parts if p) + "."


def manuscript_copy(original: etree._Element) -> etree._Element:
    """The article as a manuscript an author could have written: what pandoc is given.

    No sub-articles (decision letters) or component DOIs; each table and figure label typed at the start of
    its caption ('Table 1. ...'), since pandoc's JATS reader drops <label>; the authors' keywords typed as a
    'Keywords: ...' paragraph at the end of the abstract, since pandoc keeps kwd-group only as document
    properties; table rows that sit directly in <table> put in a <tbody>, the only place pandoc's JATS reader
    reads rows from; the reference list as numbered paragraphs of AMA text, since pandoc's DOCX writer does not
    write a JATS ref-list at all (it becomes citeproc data)."""
    article = etree.fromstring(etree.tostring(original))
    for el in [e for e in article.iter() if local(e) in DROPPED_FROM_MANUSCRIPT]:
        parent = el.getparent()
        if parent is not None:
            if el.tail:
                previous = el.getprevious()
                if previous is not None:
                    previous.tail = (previous.tail or "") + el.tail
                else:
                    parent.text = (parent.text or "") + el.tail
            parent.remove(el)
    for float_el in [e for e in article.iter() if local(e) in ("table-wrap", "fig")]:
        label = typed_label(float_el)
        for old in children(float_el, "label"):
            float_el.remove(old)
        if not label:
            continue
        caption = first(float_el, "caption")
        if caption is None:
            caption = etree.Element("caption")
            float_el.insert(0, caption)
        holder = first(caption, "title") if first(caption, "title") is not None else first(caption, "p")
        if holder is None:
            holder = etree.SubElement(caption, "p")
        holder.text = f"{label}. " + (holder.text or "")
    for table in [e for e in article.iter() if local(e) == "table"]:
        rows = children(table, "tr")
        if rows:
            body = etree.Element("tbody")
            rows[0].addprevious(body)
            body.extend(rows)
    keywords = [text_of(k) for k in children(author_keywords(article), "kwd")]
    abstract = main_abstract(article)
    if keywords and abstract is not None:
        etree.SubElement(abstract, "p").text = "Keywords: " + ", ".join(keywords)
    for ref_list in [e for e in article.iter() if local(e) == "ref-list"]:
        refs = [r for r in ref_list.iter() if local(r) == "ref"]
        sec = etree.Element("sec")
        etree.SubElement(sec, "title").text = "References"
        for n, ref in enumerate(refs, 1):
            etree.SubElement(sec, "p").text = f"{n}. {reference_text(ref)}"
        ref_list.getparent().replace(ref_list, sec)
    return article


def embed_images(copy: etree._Element, resources: Path, folder: Path) -> int:
    """Point every graphic of the copy at an image file pandoc can embed: the article's own image where it is
    beside the JATS, else a small placeholder PNG. Most corpus articles come without their images, and pandoc
    writes a figure whose image it cannot fetch as an empty one-cell 'FigureTable' table, a shape no author's
    manuscript has. Returns the number of placeholders."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    placeholders = 0
    for n, graphic in enumerate(g for g in copy.iter() if local(g) in ("graphic", "inline-graphic")):
        href = graphic.get(XLINK_HREF, "")
        found = resolve_image(resources, href)
        if found is None:
            found = folder / f"placeholder-{n + 1}.png"
            Image.new("RGB", (64, 64), "lightgrey").save(found)
            placeholders += 1
        graphic.set(XLINK_HREF, str(found.resolve()))
    return placeholders


def resolve_image(resources: Path, href: str) -> Path | None:
    """The image file a graphic's href names, beside the JATS (with or without its extension)."""
    if not href or "://" in href:
        return None
    candidates = [resources / href] + [resources / f"{href}{ext}" for ext in (".jpg", ".png", ".gif", ".tif")]
    return next((p for p in candidates if p.is_file() and p.suffix.lower() in (".jpg", ".jpeg", ".png", ".gif",
                                                                                ".tif", ".tiff")), None)


def to_docx(copy: etree._Element, out: Path, resources: Path) -> list[str]:
    """pandoc -f jats -t docx; returns pandoc's warnings."""
    source = out.with_suffix(".xml")
    source.write_bytes(etree.tostring(copy, encoding="UTF-8", xml_declaration=True))
    command = [pandoc_binary(), "-f", "jats", "-t", "docx", f"--resource-path={resources}", "-o", str(out),
               str(source)]
    done = subprocess.run(command, capture_output=True, timeout=PANDOC_TIMEOUT, cwd=out.parent)
    if done.returncode != 0:
        raise RuntimeError(f"pandoc failed: {done.stderr.decode('utf-8', 'replace').strip()[-300:]}")
    return [line for line in done.stderr.decode("utf-8", "replace").splitlines() if line.startswith("[WARNING]")]


def figure_files(copy: etree._Element, folder: Path) -> list[Path]:
    """Each numbered figure as the separate file an author supplies ('Figure 3.png'), copied from the image
    embed_images() gave pandoc for it. Figures whose label has no plain number ('Figure 2—figure supplement 1')
    get none: no file name can say which figure they are."""
    folder.mkdir(parents=True, exist_ok=True)
    out: list[Path] = []
    for fig in floats(copy, "fig"):
        caption = text_of(first(fig, "caption"))
        m = re.match(r"(?:Figure|Fig\.?)\s*(S?\d+)\.\s", caption, re.I)
        graphics = [g for g in fig.iter() if local(g) == "graphic"]
        if not m or not graphics:
            continue
        image = Path(graphics[0].get(XLINK_HREF, ""))
        target = folder / f"Figure {m.group(1)}{image.suffix}"
        if image.is_file() and not target.exists():
            shutil.copyfile(image, target)
            out.append(target)
    return out


def reference_fields(refs: list[etree._Element], truth: bool) -> dict[int, dict[str, str]]:
    """Reference number -> the compared fields of its element-citation (nothing for a mixed-citation)."""
    out: dict[int, dict[str, str]] = {}
    for n, ref in enumerate(refs, 1):
        if truth:
            cit = next((c for c in ref.iter() if local(c) == "element-citation"), None)
            fields = EVAL_REFS.truth_fields(cit) if cit is not None else None
        else:
            fields = EVAL_REFS.parsed_fields(ref) if ref.find("element-citation") is not None else None
            label = (ref.findtext("label") or "").strip().rstrip(".")
            n = int(label) if label.isdigit() else n
        if fields is None:
            continue
        out[n] = {
            "first author": norm(fields.get("surnames", "").split(";")[0]),
            "year": norm(fields.get("year", "")),
            "volume": norm(fields.get("volume", "")),
            "fpage": norm(fields.get("fpage", "")),
            "source": norm(fields.get("source", "").replace(".", " ")),
            "title": word_key(fields.get("title", "")),
            "doi": norm(fields.get("doi", "")),
        }
    return out


def compare_references(given: list[etree._Element], truth: list[etree._Element]) -> dict[str, Outcome]:
    """Field by field over the references whose original has an element-citation, matched by number."""
    truth_fields, given_fields = reference_fields(truth, True), reference_fields(given, False)
    out: dict[str, Outcome] = {}
    for name in REF_FIELDS:
        outcome = Outcome(Tally())
        for n, expected in truth_fields.items():
            t, g = expected[name], given_fields.get(n, {}).get(name, "")
            outcome.tally = outcome.tally + Tally(int(bool(t and g and t == g)), int(bool(g)), int(bool(t)))
            if t != g:
                if t:
                    outcome.missing.append(f"#{n} {t}")
                if g:
                    outcome.extra.append(f"#{n} {g}")
        out[f"ref {name}"] = outcome
    return out


def corpus_truth(original: etree._Element) -> dict[str, Any]:
    names = author_names(original)
    tables, figures = floats(original, "table-wrap"), floats(original, "fig")
    abstract = main_abstract(original)
    return {
        "title": title_of(original),
        "authors": authors_whole(names),
        "author split": authors_split(names),
        "abstract words": text_of(abstract),
        "sections": [title for _, title in body_sections(original)],
        "tables": len(tables),
        "table labels": [norm(typed_label(t)) for t in tables if typed_label(t)],
        "table captions": [norm(caption_title(t)) for t in tables if caption_title(t)],
        "figures": len(figures),
        "numbered figures": len([f for f in figures if NUMBERED_FIGURE.fullmatch(typed_label(f))]),
        "figure captions": [word_key(figure_caption(f)) for f in figures if figure_caption(f)],
        "keywords": [norm(text_of(k)) for k in children(author_keywords(original), "kwd")],
        "references": len(article_refs(original)),
    }


def author_keywords(article: etree._Element) -> etree._Element | None:
    """The authors' keyword group (eLife also has 'research-organism' groups)."""
    groups = children(article_meta(article), "kwd-group")
    typed = [g for g in groups if g.get("kwd-group-type", "author").startswith("author")]
    return (typed or groups or [None])[0]


def article_refs(article: etree._Element) -> list[etree._Element]:
    """The article's references (not those of its sub-articles)."""
    back = first(article, "back")
    return [r for r in back.iter() if local(r) == "ref"] if back is not None else []


def corpus_files(corpus: Path) -> list[Path]:
    found = [p for p in (corpus / "jats").rglob("*") if p.is_file() and p.suffix in (".xml", ".nxml")]
    found += sorted((corpus / "deposits" / "pmc").glob("*.xml"))
    return sorted(found, key=lambda p: p.relative_to(corpus).as_posix())


def evaluate_corpus_article(path: Path, corpus: Path, journal: Journal, work: Path) -> DocResult:
    """Round trip of one published article: JATS -> Word (pandoc) -> ingest, compared with the original."""
    name = path.relative_to(corpus).as_posix()
    result = DocResult("corpus", name)
    try:
        original = etree.parse(str(path), safe_parser(huge_tree=True)).getroot()
    except etree.XMLSyntaxError as exc:
        result.error = f"not well-formed: {exc}"
        return result
    folder = work / re.sub(r"[^\w.-]+", "_", name)
    folder.mkdir(parents=True, exist_ok=True)
    docx = folder / "manuscript.docx"
    started = time.perf_counter()
    try:
        copy = manuscript_copy(original)
        placeholders = embed_images(copy, path.parent, folder / "images")
        warnings = to_docx(copy, docx, path.parent)
        plain = convert(docx, [], journal, ROUND_TRIP_TYPE)
        with_files = convert(docx, figure_files(copy, folder / "figures"), journal, ROUND_TRIP_TYPE)
    except Exception as exc:  # pandoc or ingest failing is that article's result, not the end of the run
        result.error = failure(exc)
        return result
    result.seconds = time.perf_counter() - started
    if placeholders:
        result.notes.append(f"{placeholders} image(s) not beside the JATS: placeholders embedded")
    if warnings:
        result.notes.append(f"pandoc: {len(warnings)} warning(s), e.g. {warnings[0][:120]}")
    result.notes += finding_summary(plain)
    given = ingested_fields(plain.article)
    files_given = ingested_fields(with_files.article)
    given["numbered figures"] = given["figures"]
    given["figures+files"] = files_given["figures"]
    given["figure captions+files"] = files_given["figure captions"]
    truth = corpus_truth(original)
    truth["figures+files"], truth["figure captions+files"] = truth["figures"], truth["figure captions"]
    result.outcomes = score(CORPUS_FIELDS, given, truth)
    result.outcomes.update(compare_references(given["ref list"], article_refs(original)))
    return result


def finding_summary(ingested: IngestResult) -> list[str]:
    counts = Counter(f.code for f in ingested.findings)
    return ["ingest findings: " + ", ".join(f"{code} ×{n}" for code, n in counts.most_common(6))] if counts else []


# --- report ----------------------------------------------------------------------------------------------------------

def fmt(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}"


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def totals(results: list[DocResult], fields: Sequence[FieldSpec]) -> dict[str, Tally]:
    out: dict[str, Tally] = {}
    for spec in fields:
        tally = Tally()
        for r in results:
            if spec.name in r.outcomes:
                tally = tally + r.outcomes[spec.name].tally
        out[spec.name] = tally
    return out


def print_matrix(title: str, results: list[DocResult], fields: Sequence[FieldSpec], page: int = 120) -> None:
    """Manuscripts down, fields across (in groups that fit the page); each cell 'precision/recall' in %."""
    print(f"\n{title}\n(cells: precision/recall in %; '-' where ingest gave nothing or there was nothing to find)")
    name_width = min(max((len(short_name(r.name)) for r in results), default=10), 34)
    groups: list[list[FieldSpec]] = [[]]
    used = name_width
    for spec in fields:
        width = max(len(spec.name), 7) + 2
        if groups[-1] and used + width > page:
            groups.append([])
            used = name_width
        groups[-1].append(spec)
        used += width
    for n, group in enumerate(groups):
        print()
        print(" " * name_width + "".join(f"  {s.name:>{max(len(s.name), 7)}}" for s in group))
        for r in results:
            if r.error:
                if n == 0:
                    print(f"{short_name(r.name):<{name_width}}  ERROR {r.error}")
                continue
            cells = []
            for s in group:
                o = r.outcomes.get(s.name)
                cell = f"{fmt(o.tally.precision)}/{fmt(o.tally.recall)}" if o else "n/a"
                cells.append(f"  {cell:>{max(len(s.name), 7)}}")
            print(f"{short_name(r.name):<{name_width}}" + "".join(cells))


def short_name(name: str) -> str:
    return name.removeprefix("jats/").removeprefix("elife-crossref-fixtures/")[:34]


def print_totals(title: str, results: list[DocResult], fields: Sequence[FieldSpec]) -> None:
    done = [r for r in results if not r.error]
    print(f"\n{title}: totals over {len(done)} manuscript(s) (micro-averaged)")
    print(f"  {'field':<22} {'precision':>9} {'recall':>7} {'F1':>6}   matched/given/truth")
    for name, tally in totals(done, fields).items():
        print(f"  {name:<22} {percent(tally.precision):>9} {percent(tally.recall):>7} {percent(tally.f1):>6}   "
              f"{tally.matched}/{tally.given}/{tally.truth}")


def print_misses(results: list[DocResult], show: int) -> None:
    if show <= 0:
        return
    print(f"\nDisagreements (up to {show} per field and manuscript; '-' ground truth only, '+' ingest only)")
    for r in results:
        lines = []
        for name, o in r.outcomes.items():
            for item in o.missing[:show]:
                lines.append(f"    {name}: - {item[:140]}")
            for item in o.extra[:show]:
                lines.append(f"    {name}: + {item[:140]}")
        if r.error:
            lines.insert(0, f"    error: {r.error}")
        lines[:0] = [f"    note: {n[:200]}" for n in r.notes]
        if lines:
            print(f"  {r.name}")
            print("\n".join(lines))


def as_json(parts: dict[str, tuple[list[DocResult], Sequence[FieldSpec]]]) -> dict[str, Any]:
    def tally_json(t: Tally) -> dict[str, Any]:
        return {"matched": t.matched, "given": t.given, "truth": t.truth,
                "precision": t.precision, "recall": t.recall, "f1": t.f1}

    out: dict[str, Any] = {}
    for part, (results, fields) in parts.items():
        out[part] = {
            "fields": {s.name: {"kind": s.kind, "what": s.what} for s in fields},
            "totals": {name: tally_json(t) for name, t in totals([r for r in results if not r.error],
                                                                   fields).items()},
            "manuscripts": [{
                "name": r.name, "error": r.error or None, "notes": r.notes, "seconds": round(r.seconds, 2),
                "fields": {name: {**tally_json(o.tally), "missing": o.missing[:20], "extra": o.extra[:20]}
                           for name, o in r.outcomes.items()},
            } for r in results],
        }
    return out


def markdown_totals(results: list[DocResult], fields: Sequence[FieldSpec]) -> str:
    """The totals as a Markdown table (for docs/ingest-evaluation.md)."""
    done = [r for r in results if not r.error]
    lines = ["| field | precision | recall | F1 | matched / given / truth |", "|---|---:|---:|---:|---:|"]
    for name, t in totals(done, fields).items():
        lines.append(f"| {name} | {percent(t.precision)} | {percent(t.recall)} | {percent(t.f1)} | "
                     f"{t.matched} / {t.given} / {t.truth} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true",
                    help=f"{len(QUICK_SAMPLES)} samples and {len(QUICK_CORPUS)} corpus articles (for CI)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the shared corpus (default: ../shared/corpus)")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    ap.add_argument("--markdown", type=Path, help="also write the totals as Markdown tables to this file")
    ap.add_argument("--show", type=int, default=0, help="print up to N disagreements per field and manuscript")
    ap.add_argument("--keep", type=Path, help="keep the round trip's Word files and figure files in this folder")
    ap.add_argument("--only", action="append", default=[],
                    help="only manuscripts whose id or corpus path contains this (repeatable)")
    ap.add_argument("--update-doc", type=Path, metavar="DOC",
                    help="write the corpus Word files' section into DOC between its markers "
                         "(docs/ingest-evaluation.md: make eval-ingest DOC=1)")
    args = ap.parse_args(argv)

    started = time.perf_counter()
    journal = load_journal(JOURNAL_FILE)
    ids = list(QUICK_SAMPLES) if args.quick else sample_ids(journal)
    ids = [i for i in ids if not args.only or any(o in i for o in args.only)]
    samples = [evaluate_sample(i, journal) for i in ids]

    corpus_results: list[DocResult] = []
    if (args.corpus / "jats").is_dir():
        files = [args.corpus / q for q in QUICK_CORPUS] if args.quick else corpus_files(args.corpus)
        files = [f for f in files if not args.only or any(o in f.as_posix() for o in args.only)]
        with tempfile.TemporaryDirectory(prefix="eval-ingest-") as tmp:
            work = args.keep or Path(tmp)
            corpus_results = [evaluate_corpus_article(f, args.corpus, journal, work) for f in files]
    else:
        print(f"no corpus at {args.corpus}: the round trip is skipped")

    docx = [args.corpus / q for q in EVAL_DOCX.QUICK_DOCX] if args.quick else EVAL_DOCX.docx_files(args.corpus)
    docx = [f for f in docx if f.is_file() and (not args.only or any(o in f.as_posix() for o in args.only))]
    docx_results = [EVAL_DOCX.evaluate_docx(f, journal, f.parent.name) for f in docx]
    if not docx and not (args.corpus / "docx").is_dir():
        print(f"no corpus at {args.corpus}: its Word files are skipped")

    print(f"Ingest evaluation ({'quick' if args.quick else 'full'} run)")
    if samples:
        print_matrix("1. Sample issue against the printed issue", samples, SAMPLE_FIELDS)
        print_totals("1. Sample issue", samples, SAMPLE_FIELDS)
    if corpus_results:
        print_matrix("2. Corpus round trip (JATS -> pandoc DOCX -> ingest) against the original JATS",
                     corpus_results, CORPUS_FIELDS)
        print_totals("2. Corpus round trip", corpus_results, CORPUS_FIELDS)
    if docx_results:
        EVAL_DOCX.print_table(docx_results)
    print_misses(samples + corpus_results, args.show)
    if args.show:
        for title, fields in (("sample issue", SAMPLE_FIELDS), ("round trip", CORPUS_FIELDS)):
            print(f"\nFields of the {title}:")
            print("\n".join(f"  {s.name:<22} ({s.kind}) {s.what}" for s in fields))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(as_json({"samples": (samples, SAMPLE_FIELDS),
                                                 "corpus": (corpus_results, CORPUS_FIELDS)})
                                        | {"docx": EVAL_DOCX.as_json(docx_results)},
                                        ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"\nJSON written to {args.json}")
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(
            f"Samples ({len(samples)} manuscripts)\n\n{markdown_totals(samples, SAMPLE_FIELDS)}\n"
            f"Corpus round trip ({len(corpus_results)} articles)\n\n{markdown_totals(corpus_results, CORPUS_FIELDS)}",
            encoding="utf-8")
        print(f"Markdown written to {args.markdown}")
    if args.update_doc:
        if args.quick or args.only:
            print(f"not written to {args.update_doc}: the document gets the full run only")
        else:
            EVAL_DOCX.update_document(args.update_doc, EVAL_DOCX.markdown(docx_results))
            print(f"corpus Word files' section written to {args.update_doc}")
    elapsed = time.perf_counter() - started
    print(f"\n{len(samples)} sample(s), {len(corpus_results)} corpus article(s), {len(docx_results)} corpus Word "
          f"file(s) in {elapsed:.1f} s")
    failed = [r.name for r in samples + corpus_results if r.error]
    failed += [r.name for r in docx_results if r.outcome == "crashed"]
    if failed:
        print(f"could not be evaluated (ingest or pandoc failed): {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
