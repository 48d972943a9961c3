"""The DOI registry of a build folder: the DOIs each issue built as deposit-ready -> <build root>/dois.json.

A DOI is used once in an issue and never again in another issue's build: `check` reads each article's DOI
from its enriched JATS after enrich and compares it with the issue's other articles (two articles with one DOI
are both blocked) and with the registry;
`record` writes the deposit-ready articles' DOIs for the issue (by its key) once the build is done.

    {"10.1000/jour.2023.232299": "jour-29-04/02-pope", ...}
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline import xmlio
from pipeline.diagnostics import Finding
from pipeline.issue.progress import Progress
from pipeline.issue.state import IssueBuild

REGISTRY = "dois.json"
DOI = "front/article-meta/article-id[@pub-id-type='doi']"


def check(build: IssueBuild, build_root: Path, progress: Progress | None = None) -> None:
    """An article whose DOI another article of the issue has is blocked, and so is that other one: which of the
    two is right is for production to say. Only articles with a problem get a line of progress (with the error),
    as every error does."""
    registry = _read(build_root)
    owners: dict[str, list[str]] = {}
    for state in build.articles:
        if state.ok:
            owners.setdefault(xmlio.parse(state.files.enriched).getroot().findtext(DOI), []).append(state.entry.id)
    for state in build.articles:
        if not state.ok:
            continue
        before = len(state.findings)
        doi = xmlio.parse(state.files.enriched).getroot().findtext(DOI)
        others = [other for other in owners[doi] if other != state.entry.id]
        if others:
            state.findings.append(Finding.of("enrich.doi-duplicate", f"the DOI {doi} is also the DOI of article "
                                             f"{' and '.join(others)} in this issue: each DOI names one article, so "
                                             "neither is deposited until one of them is corrected",
                                             article=state.entry.id, stage="enrich"))
        owner = registry.get(doi)
        if owner and not owner.startswith(f"{build.issue.key}/"):
            state.findings.append(Finding.of("enrich.doi-duplicate", f"the DOI {doi} was already used by {owner} in "
                                             "an earlier build", article=state.entry.id, stage="enrich"))
        new = state.findings[before:]
        if new and progress is not None:
            progress.done(state, "DOI check", new)


def record(build: IssueBuild, build_root: Path) -> None:
    registry = {k: v for k, v in _read(build_root).items() if not v.startswith(f"{build.issue.key}/")}
    for state in build.articles:
        if state.deposit_ready and state.files.jats.is_file():
            registry[xmlio.parse(state.files.jats).getroot().findtext(DOI)] = f"{build.issue.key}/{state.entry.id}"
    data = (json.dumps(registry, indent=1, sort_keys=True) + "\n").encode()
    path = build_root / REGISTRY
    if not path.is_file() or path.read_bytes() != data:  # a build with nothing to do rewrites nothing
        xmlio.write_bytes_atomic(path, data)


def _read(build_root: Path) -> dict[str, str]:
    path = build_root / REGISTRY
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
