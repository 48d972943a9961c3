"""The DOI registry of a build folder: the DOIs each issue built as deposit-ready -> <build root>/dois.json.

A DOI is used once in an issue and never again in another issue's build: `check` reads each article's DOI
from its enriched JATS after enrich and compares it with the issue's other articles and with the registry;
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
    """Only articles with a problem get a line of progress (with the error), as every error does."""
    seen: dict[str, str] = {}
    registry = _read(build_root)
    for state in build.articles:
        if not state.ok:
            continue
        before = len(state.findings)
        doi = xmlio.parse(state.files.enriched).getroot().findtext(DOI)
        if doi in seen:
            state.findings.append(Finding.of("enrich.doi-duplicate", f"the DOI {doi} is also the DOI of article "
                                             f"{seen[doi]} in this issue", article=state.entry.id, stage="enrich"))
        seen[doi] = state.entry.id
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
    xmlio.write_bytes_atomic(build_root / REGISTRY, (json.dumps(registry, indent=1, sort_keys=True) + "\n").encode())


def _read(build_root: Path) -> dict[str, str]:
    path = build_root / REGISTRY
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
