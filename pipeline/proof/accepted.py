"""The corrections production accepted, kept in the issue folder -> applied to the article's JATS at every build.

    <issue folder>/corrections/<article id>.yaml

    article: 02-pope
    corrections:
    - id: C10                      # the item of the round's corrections list it came from
      round: 1                     # the proof round the author marked
      action: replace              # delete, insert or replace
      xpath: /article/body/p[2]    # the element (a paragraph, a title, a cell) in the ingested JATS
      start: 449                   # characters start..end of its text (its XPath string value)
      end: 461
      text: Subsequently           # what must be there (empty for an insert)
      new_text: Later              # what it becomes (empty for a delete)
      before: "… carcinoma. "      # an insert only: the text that must be just before the point, and just after
      after: ", this entity"
      where: main text, paragraph starting “A specific form …”      # for people
      asked: the author's words
    manifest:                      # answers that belong in the manifest: each build says so until it has them
    - {id: AQ1, round: 1, field: running_title, value: Liver changes after chemotherapy}
    - {id: AQ3, round: 1, field: orcid, author: 2, value: 0000-0002-1825-0097}

The file lives beside the manuscript because the build folder is remade by every build; the `correct` stage
(pipeline/issue/stages.py) applies it to work/ingested.xml after every ingest, so a rebuild from the .docx keeps
the corrections. The rounds apply in order (a round-2 correction was placed on the text with round 1's made), and
within a round every place refers to the text as that round's proof showed it, so in each element they apply from
the end backwards. A correction whose text is no longer where it was (the manuscript changed) is not made: it is a
build error that names it, and the others are still made.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from lxml import etree

from pipeline import xmlio
from pipeline.diagnostics import Finding, fail
from pipeline.proof.text_edit import replace_range, string_value

FOLDER = "corrections"
ACTIONS = ("delete", "insert", "replace")
HEADER = ("# Corrections accepted from the author's proofs: applied to the article's JATS at every build, after\n"
          "# ingest (docs/returned-proofs.md). Remove an item to undo it; `make accept-corrections` adds to it.\n")


def path_for(issue_folder: Path, article: str) -> Path:
    return issue_folder / FOLDER / f"{article}.yaml"


@dataclass(frozen=True)
class Correction:
    id: str
    round: int
    action: str
    xpath: str
    start: int
    end: int
    text: str
    new_text: str
    before: str = ""
    after: str = ""
    where: str = ""
    asked: str = ""

    @property
    def label(self) -> str:
        return f"correction {self.id} of round {self.round}"

    def describe(self) -> str:
        if self.action == "delete":
            return f"delete “{self.text}”"
        if self.action == "insert":
            return f"insert “{self.new_text}” after “…{self.before[-25:]}”"
        return f"replace “{self.text}” with “{self.new_text}”"

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "round": self.round, "action": self.action, "xpath": self.xpath,
                                "start": self.start, "end": self.end, "text": self.text, "new_text": self.new_text}
        if self.action == "insert":
            data.update(before=self.before, after=self.after)
        data["where"] = self.where
        if self.asked:
            data["asked"] = self.asked
        return data


@dataclass(frozen=True)
class ManifestAnswer:
    """An accepted answer that gives the value of a manifest field (of the article, or of its author number
    `author`, from 1)."""

    id: str
    round: int
    field: str  # running_title, orcid
    value: str
    author: int | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "round": self.round, "field": self.field}
        if self.author is not None:
            data["author"] = self.author
        data["value"] = self.value
        return data


MANIFEST_FIELDS = ("running_title", "orcid")


def _answers(data: dict[str, Any], path: Path) -> list[ManifestAnswer]:
    """The manifest answers of the corrections file (none without a `manifest:` list)."""
    items = data.get("manifest")
    if items is None:
        return []
    answers = []
    for n, item in enumerate(items if isinstance(items, list) else [None], 1):
        ok = isinstance(item, dict) and item.get("field") in MANIFEST_FIELDS and isinstance(item.get("value"), str) \
            and isinstance(item.get("round"), int) and (item["field"] != "orcid" or isinstance(item.get("author"), int))
        if not ok:
            raise fail("correction.invalid", f"item {n} of the corrections file's `manifest:` list needs an id, a "
                       f"round, a field ({', '.join(MANIFEST_FIELDS)}), a value and, for an orcid, the author's "
                       "number", file=str(path))
        answers.append(ManifestAnswer(str(item.get("id")), item["round"], item["field"], item["value"],
                                      item.get("author")))
    return answers


def manifest_findings(answers: Iterable[ManifestAnswer], entry: Any, manifest: str, file: str | None = None
                      ) -> list[Finding]:
    """A warning for each accepted answer whose value the manifest does not have yet: which field to set to what."""
    findings = []
    for answer in answers:
        if answer.field == "running_title":
            if (entry.running_title or "").strip() == answer.value.strip():
                continue
            field = "running_title"
        else:
            authors = entry.authors
            author = authors[answer.author - 1] if answer.author and 0 < answer.author <= len(authors) else None
            if author is not None and answer.value in (author.orcid or ""):
                continue
            name = f" ({author.given_names or ''} {author.surname})".replace("( ", "(") if author else ""
            field = f"the orcid: of author {answer.author}{name}"
        findings.append(Finding.of("correction.manifest", f"{answer.id} of round {answer.round}: the author's "
                                   f"accepted answer gives {answer.field.replace('_', ' ')} '{answer.value}'; set "
                                   f"{field} to '{answer.value}' for {entry.id} in {manifest} and rebuild",
                                   file=file))
    return findings


@dataclass(frozen=True)
class AcceptedFile:
    corrections: list[Correction]
    answers: list[ManifestAnswer]  # those that belong in the manifest


def read(path: Path) -> AcceptedFile:
    """The corrections and manifest answers of the file (none when there is no file), read once. A file that
    cannot be used is a PipelineError (correction.invalid) that says what is wrong where."""
    if not path.is_file():
        return AcceptedFile([], [])
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise fail("correction.invalid", f"the corrections file cannot be read ({getattr(exc, 'problem', exc)})",
                   file=str(path)) from None
    items = data.get("corrections") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise fail("correction.invalid", "the corrections file has no list `corrections:`", file=str(path))
    corrections = [_correction(item, n, path) for n, item in enumerate(items, 1)]
    ids = [(c.round, c.id) for c in corrections]
    twice = sorted({f"{i} of round {r}" for r, i in ids if ids.count((r, i)) > 1})
    if twice:
        raise fail("correction.invalid", f"the corrections file lists {', '.join(twice)} more than once",
                   file=str(path))
    return AcceptedFile(corrections, _answers(data, path))


def load(path: Path) -> list[Correction]:
    """The corrections of the file (none when there is no file)."""
    return read(path).corrections


def _correction(item: Any, n: int, path: Path) -> Correction:
    def problem(text: str) -> Exception:
        name = item.get("id") if isinstance(item, dict) else None
        return fail("correction.invalid", f"item {n}{f' ({name})' if name else ''} of the corrections file: {text}",
                    file=str(path))

    if not isinstance(item, dict):
        raise problem("it is not a mapping of id, round, action, xpath, start, end, text, new_text")
    known = {"id", "round", "action", "xpath", "start", "end", "text", "new_text", "before", "after", "where",
             "asked"}
    unknown = sorted(set(map(str, item)) - known)
    if unknown:
        raise problem(f"unknown key(s) {', '.join(unknown)}; the keys are {', '.join(sorted(known))}")
    for key in ("id", "round", "action", "xpath", "start", "end"):
        if item.get(key) in (None, ""):
            raise problem(f"`{key}` is missing")
    if item["action"] not in ACTIONS:
        raise problem(f"`action` is {item['action']!r}; it must be one of {', '.join(ACTIONS)}")
    for key in ("round", "start", "end"):
        if not isinstance(item[key], int) or isinstance(item[key], bool) or item[key] < 0:
            raise problem(f"`{key}` must be a whole number, not {item[key]!r}")
    strings = {key: item.get(key) if item.get(key) is not None else "" for key in
               ("text", "new_text", "before", "after", "where", "asked")}
    for key, value in strings.items():
        if not isinstance(value, str):
            raise problem(f"`{key}` must be text, not {value!r}")
    correction = Correction(str(item["id"]), item["round"], item["action"], str(item["xpath"]), item["start"],
                            item["end"], **strings)
    if correction.end - correction.start != len(correction.text):
        raise problem(f"start..end ({correction.start}..{correction.end}) is not the length of `text` "
                      f"({len(correction.text)} characters)")
    if correction.action == "insert" and (correction.text or not correction.new_text):
        raise problem("an insert has no `text` (start = end) and a `new_text`")
    if correction.action == "delete" and (not correction.text or correction.new_text):
        raise problem("a delete has a `text` and no `new_text`")
    if correction.action == "replace" and not correction.text:
        raise problem("a replace has a `text` to replace")
    return correction


def write(path: Path, article: str, corrections: Iterable[Correction],
          answers: Iterable[ManifestAnswer] = ()) -> None:
    data: dict[str, Any] = {"article": article, "corrections": [c.as_dict() for c in corrections]}
    answers = list(answers)
    if answers:
        data["manifest"] = [a.as_dict() for a in answers]
    text = HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110)
    path.parent.mkdir(parents=True, exist_ok=True)
    xmlio.write_bytes_atomic(path, text.encode("utf-8"))


# --- applying them ------------------------------------------------------------------------------------------------


def apply(article: etree._Element, corrections: Iterable[Correction], file: str | None = None) -> list[Finding]:
    """Make each correction in `article` (in place): an info finding for each made, an error for each whose text
    is no longer where it was."""
    findings: list[Finding] = []
    by_round: dict[int, list[Correction]] = {}
    for correction in corrections:
        by_round.setdefault(correction.round, []).append(correction)
    for round_ in sorted(by_round):
        # checked first, all of a round against the text its proof showed; then made from the end backwards
        ready: list[tuple[etree._Element, Correction]] = []
        for correction in by_round[round_]:
            element, gone = _check(article, correction)
            if gone:
                findings.append(Finding.of("correction.gone", f"{correction.label} ({correction.describe()}, "
                                           f"{correction.where or correction.xpath}) was not made: {gone}. Look at "
                                           "the manuscript: make the change there by hand and remove the item from "
                                           "the corrections file, or remove it if it no longer applies",
                                           file=file, location=correction.where or None, xpath=correction.xpath))
            else:
                ready.append((element, correction))
        overlapping = _overlaps(ready)
        for element, correction in sorted(ready, key=lambda pair: -pair[1].start):
            if correction.id in overlapping:
                findings.append(Finding.of("correction.gone", f"{correction.label} ({correction.describe()}) was "
                                           f"not made: it overlaps {overlapping[correction.id]} in the same text; "
                                           "keep only one of them in the corrections file", file=file,
                                           location=correction.where or None, xpath=correction.xpath))
                continue
            replace_range(element, correction.start, correction.end, correction.new_text)
            findings.append(Finding.of("correction.applied", f"{correction.label} made: {correction.describe()}",
                                       file=file, location=correction.where or None, xpath=correction.xpath))
    return findings


def _check(article: etree._Element, c: Correction) -> tuple[etree._Element | None, str | None]:
    try:
        found = article.getroottree().xpath(c.xpath, namespaces=xmlio.NS)
    except etree.XPathError:
        return None, f"its place {c.xpath!r} is not an XPath"
    elements = [e for e in found if isinstance(e, etree._Element)] if isinstance(found, list) else []
    if len(elements) != 1:
        return None, "the paragraph it was in is no longer in the article" if not elements else \
            f"its place {c.xpath!r} is no longer one element"
    element = elements[0]
    text = string_value(element)
    if c.action == "insert":
        if c.start > len(text) or not text[:c.start].endswith(c.before) or not text[c.start:].startswith(c.after):
            return None, (f"the words around it (“{c.before}” | “{c.after}”) are no longer at that place; the text "
                          f"there now reads “{_excerpt(text, c.start)}”")
        return element, None
    if text[c.start:c.end] != c.text:
        return None, (f"the text “{c.text}” is no longer at that place; the text there now reads "
                      f"“{_excerpt(text, c.start)}”")
    return element, None


def _overlaps(ready: list[tuple[etree._Element, Correction]]) -> dict[str, str]:
    """Corrections of one round that touch the same characters of one element (the later ones listed, by id)."""
    found: dict[str, str] = {}
    for n, (element, c) in enumerate(ready):
        for other_element, other in ready[:n]:
            if other_element is element and c.start < max(other.end, other.start + 1) and \
                    other.start < max(c.end, c.start + 1):
                found[c.id] = other.label
    return found


def _excerpt(text: str, at: int, reach: int = 30) -> str:
    start, end = max(0, at - reach), min(len(text), at + reach)
    return ("…" if start else "") + " ".join(text[start:end].split()) + ("…" if end < len(text) else "")
