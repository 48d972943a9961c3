"""Production's decisions on a returned proof (the build's corrections.yaml, `accept: true`) -> the issue folder's
corrections file, which every build applies (accepted.py), and findings for what no text edit can do.

- a mark with a proposed edit (strike = delete, caret = insert, both = replace) becomes a correction in
  <issue folder>/corrections/<article>.yaml, replacing one of the same round and id;
- a mark without one (a highlight with a comment, a note, a paragraph break) is for a person: a finding says what
  and where (correction.manual);
- an answer that belongs in the manifest (a running title, an ORCID iD, an affiliation) is a finding that says
  which field of issue.yaml to set to what (correction.manifest); a running title or an ORCID iD is also kept in
  the corrections file, so that every build says it again (a warning in the report) until the manifest has it.
  The manifest is not rewritten: it is production's file, with comments and an order of its own, and an answer
  is the author's words, to be read before it is copied. Any other accepted answer is a correction.manual
  finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipeline.config import ConfigError, LoadedIssue, load_issue
from pipeline.diagnostics import Finding, fail
from pipeline.proof import accepted
from pipeline.proof.accepted import Correction, ManifestAnswer
from pipeline.proof.corrections import FILE_NAME

ORCID = re.compile(r"\b(\d{4}-\d{4}-\d{4}-\d{3}[\dX])\b")
RUNNING_TITLE = re.compile(r"^\s*running\s+(?:title|head)\s*[:\-–]\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Accepted:
    path: Path  # the issue folder's corrections file
    added: list[Correction]
    kept: int  # corrections already in the file, of other rounds or items
    findings: list[Finding]


def accept_corrections(manifest: Path, article: str, build_root: Path) -> Accepted:
    try:
        issue = load_issue(manifest)
    except ConfigError as exc:
        raise exc.as_pipeline_error() from None
    entry = next((a for a in issue.manifest.articles if a.id == article), None)
    if entry is None:
        raise fail("config.invalid", f"the issue has no article {article!r}", file=str(manifest))
    source = build_root / issue.key / "articles" / article / FILE_NAME
    if not source.is_file():
        raise fail("correction.invalid", f"there is no corrections list for {article} to accept from: read the "
                   "returned proof first (make corrections), then set accept: true on the items to make",
                   file=str(source))
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        items, round_ = data["items"], int(data["proof"].get("round") or 1)
    except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise fail("correction.invalid", f"the corrections list cannot be read ({exc})", file=str(source)) from None
    target = accepted.path_for(issue.folder, article)
    existing = accepted.read(target)
    added: list[Correction] = []
    answers: list[ManifestAnswer] = []
    findings: list[Finding] = []
    for item in items:
        if not isinstance(item, dict) or item.get("accept") is not True:
            continue
        if item.get("kind") == "answer":
            finding, answer = _answer(item, issue, entry, article, str(source), round_)
            findings.append(finding)
            answers += [answer] if answer else []
        elif isinstance(item.get("proposed"), dict):
            added.append(_correction(item, round_))
        else:
            findings.append(_manual(item, article, str(source)))
    new_ids = {(c.round, c.id) for c in added}
    kept = [c for c in existing.corrections if (c.round, c.id) not in new_ids]
    answered = {(a.round, a.id) for a in answers}
    earlier = [a for a in existing.answers if (a.round, a.id) not in answered]
    accepted.write(target, article, [*kept, *added], [*earlier, *answers])
    return Accepted(target, added, len(kept), findings)


def _correction(item: dict[str, Any], round_: int) -> Correction:
    p = item["proposed"]
    return Correction(str(item["id"]), round_, p["action"], p["xpath"], int(p["start"]), int(p["end"]),
                      p.get("text") or "", p.get("new_text") or "", p.get("before") or "", p.get("after") or "",
                      (item.get("jats") or {}).get("where", ""), item.get("comment") or "")


def _manual(item: dict[str, Any], article: str, file: str) -> Finding:
    what = item.get("kind", "mark")
    said = f" “{item['marked_text']}”" if item.get("marked_text") else ""
    comment = f", the author wrote “{item['comment']}”" if item.get("comment") else ""
    where = (item.get("jats") or {}).get("where") or f"page {item.get('page')}"
    lines = item.get("lines")
    on = f" (proof page {item.get('page')}{', line ' + str(lines[0]) if lines else ''})"
    return Finding.of("correction.manual", f"{item.get('id')} ({what}{said}{comment}) is accepted but is not an edit "
                      f"the pipeline can make: make it in the manuscript, at {where}{on}", file=file,
                      location=where, article=article, stage="corrections")


def _answer(item: dict[str, Any], issue: LoadedIssue, entry, article: str, file: str, round_: int
            ) -> tuple[Finding, ManifestAnswer | None]:
    """The finding that says what an accepted answer asks for, and the manifest field it gives a value of."""
    answer = " ".join(str(item.get("answer") or "").split())
    question = str(item.get("question") or "")
    label = f"{item.get('field')} (query {item.get('query')})" if item.get("query") is not None else item.get("field")
    manifest = issue.path.name
    asked = f" to “{question}”" if question else ""
    orcid = ORCID.search(answer)
    if orcid:
        who = _author(question + " " + answer, entry)
        field = f"the `orcid:` of author {who[0] + 1} ({who[1]})" if who else "the `orcid:` of the author it names"
        value = ManifestAnswer(str(item.get("id")), round_, "orcid", orcid.group(1), who[0] + 1) if who else None
        return Finding.of("correction.manifest", f"{label}: the answer{asked} gives the ORCID iD {orcid.group(1)}: "
                          f"set {field} to '{orcid.group(1)}' for {article} in {manifest}, then rebuild", file=file,
                          article=article, stage="corrections"), value
    if "running title" in question.lower() or RUNNING_TITLE.match(answer):
        title = RUNNING_TITLE.sub("", answer).strip()
        return Finding.of("correction.manifest", f"{label}: the answer{asked} gives the running title: set "
                          f"running_title: '{title}' for {article} in {manifest}, then rebuild", file=file,
                          article=article, stage="corrections"), \
            ManifestAnswer(str(item.get("id")), round_, "running_title", title)
    if "affiliation" in question.lower():
        return Finding.of("correction.manifest", f"{label}: the answer{asked} concerns an affiliation: “{answer}”; "
                          f"change the `affiliations:` of {article} in {manifest} as it says, then rebuild", file=file,
                          article=article, stage="corrections"), None
    return Finding.of("correction.manual", f"{label}: the answer{asked} is “{answer}”: act on it in the manuscript "
                      "or the manifest as it says", file=file, article=article, stage="corrections"), None


def _author(text: str, entry) -> tuple[int, str] | None:
    """The manifest author (0-based index, name) whose surname the text names, when exactly one is named."""
    named = [(n, f"{a.given_names or ''} {a.surname}".strip()) for n, a in enumerate(entry.authors)
             if a.surname and re.search(rf"\b{re.escape(a.surname)}\b", text)]
    return named[0] if len(named) == 1 else None
