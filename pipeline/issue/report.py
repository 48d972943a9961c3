"""The build report: every finding of the issue build -> report.json, report.html, and one report.html per article.

For production staff: per article its status (deposit-ready, not deposit-ready, failed at a stage), its
pages and outputs, the author queries its proof prints, what is left to the editor (the article type's limits,
which are not put to the author), and every finding with severity, rule, where it is (in words, and the XPath)
and what to do. The JSON form is for machines (tests, dashboards).
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections import Counter
from functools import cache
from pathlib import Path

import jinja2
from lxml import etree

from pipeline import xmlio
from pipeline.config import Journal
from pipeline.diagnostics import Finding, Severity
from pipeline.ingest import pandoc
from pipeline.issue.state import ArticleState, IssueBuild
from pipeline.render.queries import editor_notes
from pipeline.validate import locate

PROJECT = Path(__file__).resolve().parents[2]
TEMPLATES = PROJECT / "templates"
ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def status(state: ArticleState) -> str:
    if not state.ok:
        return f"failed at {state.failed}"
    return "deposit-ready" if state.deposit_ready else "not deposit-ready"


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: ORDER[f.severity])  # stable: keeps each severity in stage order


def article_data(state: ArticleState, root: Path, journal: Journal) -> dict:
    jats = state.files.latest_jats()
    tree = xmlio.parse(jats).getroot() if jats is not None else None
    findings = [_described(f, tree) for f in _sorted(state.findings)]
    counts = Counter(f.severity.value for f in findings)
    return {
        "id": state.entry.id,
        "section": state.entry.section,
        "type": state.entry.type,
        "status": status(state),
        "failed_stage": state.failed,
        "pages": list(state.pages) if state.pages else None,
        "outputs": {k: v.relative_to(root).as_posix() for k, v in sorted(state.outputs.items())},
        # the same, as links from the article's own report (articles/<id>/report.html)
        "outputs_from_article": {k: os.path.relpath(v, state.folder) for k, v in sorted(state.outputs.items())},
        "errors": counts.get("error", 0),
        "warnings": counts.get("warning", 0),
        "queries": [{"number": q.number, "label": q.label, "text": q.text, "page": q.page, "line": q.line}
                    for q in state.queries],
        # what the editor settles (the article type's limits): not asked of the author
        "for_the_editor": editor_notes(state.findings, journal, state.entry.type),
        "stats": dict(sorted(state.stats.items())),
        "findings": [_portable(f.to_dict(), root) for f in findings],
    }


def _described(finding: Finding, tree: etree._Element | None) -> Finding:
    """A finding that points into the JATS (the article's latest) also says where, in words (validate's findings
    already do)."""
    if finding.xpath and not finding.location and tree is not None:
        where = locate.describe(tree, finding.xpath)
        if where:
            return dataclasses.replace(finding, location=where)
    return finding


def _portable(finding: dict, root: Path) -> dict:
    """Paths inside the project or the build folder are written relative, so reports do not depend on where
    the project lives."""
    project = PROJECT  # not the build folder's grandparent: a build may be made anywhere
    for key in ("file", "message", "location"):
        value = finding.get(key)
        if value:
            finding[key] = value.replace(str(root.resolve()) + "/", "").replace(str(project) + "/", "")
    return finding


def write(build: IssueBuild) -> dict[str, Path]:
    m = build.issue.manifest
    data = {
        "journal": build.journal.title,
        "issue": {"volume": m.volume, "issue": m.issue, "month": m.month, "year": m.year},
        "articles": [article_data(a, build.out, build.journal) for a in build.articles],
        "issue_findings": [_portable(f.to_dict(), build.out) for f in _sorted(build.findings)],
        "outputs": {k: v.relative_to(build.out).as_posix() for k, v in sorted(build.outputs.items())},
        "tools": {"pandoc": pandoc.pandoc_version()},  # the pinned one, the only one ingest runs
    }
    data["summary"] = {
        "articles": len(build.articles),
        "deposit_ready": sum(1 for a in build.articles if a.deposit_ready),
        "failed": sum(1 for a in build.articles if not a.ok),
        "errors": sum(a["errors"] for a in data["articles"]),
        "warnings": sum(a["warnings"] for a in data["articles"]),
    }
    out = build.out
    xmlio.write_bytes_atomic(out / "report.json", (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode())
    template = _environment().get_template("report.html.j2")
    accent = build.journal.house_style.colours.web.get("accent", "#000")  # the journal's, for its headings' rule
    xmlio.write_bytes_atomic(out / "report.html", template.render(report=data, single=None, accent=accent).encode())
    for state, article in zip(build.articles, data["articles"], strict=True):
        page = template.render(report=data, single=article, accent=accent)
        xmlio.write_bytes_atomic(state.folder / "report.html", page.encode())
    return {"report.json": out / "report.json", "report.html": out / "report.html"}
