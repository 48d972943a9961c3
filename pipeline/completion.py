"""A build is either finished or visibly not: the issue's inputs and every file the build made, by their hashes ->
build/<issue>/finished.json, written last; and the check that `make deposit` and `make proofs` run before they
send anything.

    {"issue": "jour-29-04",
     "inputs": {"issue.yaml": "<sha256>", "manuscripts/02-smith.docx": "...", "journal:jour.yaml": "..."},
     "outputs": {"articles/02-smith/jour-2023-000001.pdf": "<sha256>", "pmc/jour-29-04-0001.zip": "...", ...}}

A build that was killed wrote no record (a first build), or left files that are not what the record says (a
rebuild: its outputs are written one by one); either way `problem()` says so. So does a record whose inputs (the
manifest, the journal config, a manuscript or figure file, the accepted corrections) are no longer what is on disk.
The record is rewritten only when its content changes, so that a build with nothing to do rewrites nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from pipeline import xmlio
from pipeline.config import LoadedIssue
from pipeline.diagnostics import PipelineError
from pipeline.fingerprint import file_sha256
from pipeline.proof import accepted

RECORD = "finished.json"
# What in the build folder is not the build's own making: the delivery and proof ledgers (written when files are
# sent), the cache and the workers' temporary folders.
NOT_OUTPUTS = ("deposit", "proofs", ".cache", ".tmp", RECORD)


def inputs(issue: LoadedIssue) -> dict[str, Path]:
    """The files an issue build reads, by the name the record gives them: the manifest, the journal config,
    every manuscript and figure file the manifest names inside the issue folder, and the corrections files."""
    named = {issue.path.name: issue.path, f"journal:{issue.journal_file.name}": issue.journal_file}
    for article in issue.manifest.articles:
        for name in (article.manuscript, *article.figures):
            try:
                named[name] = issue.file(name)
            except PipelineError:  # a path out of the issue folder fails its article, unread
                continue
        corrections = accepted.path_for(issue.folder, article.id)  # production's accepted corrections, if any
        if corrections.is_file():
            named[corrections.relative_to(issue.folder).as_posix()] = corrections
    return named


def outputs(out: Path) -> list[Path]:
    return sorted(path for path in out.rglob("*") if path.is_file()
                  and path.relative_to(out).parts[0] not in NOT_OUTPUTS)


def write(issue: LoadedIssue, out: Path, file_hash: Callable[[Path], str] | None = None) -> Path:
    """Write the record of a finished build (last: after every other file of it). `file_hash` may be a cache's."""
    digest = file_hash or file_sha256
    record = {"issue": issue.key,
              "inputs": {name: digest(path) for name, path in sorted(inputs(issue).items())},
              "outputs": {path.relative_to(out).as_posix(): digest(path) for path in outputs(out)}}
    data = (json.dumps(record, indent=1, ensure_ascii=False) + "\n").encode()
    path = out / RECORD
    if not path.is_file() or path.read_bytes() != data:
        xmlio.write_bytes_atomic(path, data)
    return path


def problem(issue: LoadedIssue, out: Path) -> str | None:
    """Why the build in `out` may not be sent from (None: it finished, and nothing changed since), in words for
    production staff."""
    again = "build it again (make issue) and let it finish; nothing was sent"
    path = out / RECORD
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return f"the build of {issue.key} did not finish (it was stopped, or is still running): {again}"
    except (OSError, ValueError):
        return f"the build of {issue.key} has a damaged completion record ({path}): {again}"
    now = {name: file_sha256(file) for name, file in inputs(issue).items()}
    changed = sorted(name for name in now.keys() | record.get("inputs", {}).keys()
                     if now.get(name) != record.get("inputs", {}).get(name))
    if changed:
        return (f"the issue's inputs changed since it was built ({_listed(changed)}), so the build no longer shows "
                f"them: {again}")
    touched = sorted(name for name, digest in record.get("outputs", {}).items() if file_sha256(out / name) != digest)
    if touched:
        return (f"the build of {issue.key} did not finish: {_listed(touched)} is not what the last finished build "
                f"made (a build was stopped half-way, or a file was changed by hand): {again}")
    return None


def _listed(names: list[str]) -> str:
    return ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")

