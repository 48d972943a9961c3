"""Re-rendering a backlist: the paginated JATS of built issues -> each article's final and archive PDFs and its
HTML page made again (after a template, style or code change), one task per article on a Dask cluster.

    python -m pipeline rerender samples/ [more issues or folders of issues] [--build build/] [--out build/rerender]
                                [--scheduler tcp://HOST:8786 | --serial]

Each argument is an issue manifest or a folder searched for them (issue.yaml); an issue's articles are the
paginated JATS its build left (build/<issue>/articles/<id>/<base>.xml, with figures/), and they go to
<out>/<issue>/articles/<id>/. The work runs on the Dask scheduler given (its workers need only the installed
project, and the build and output folders shared), on a LocalCluster of this machine's cores without one, or
in this process one article at a time with --serial; the bytes are the same either way.

A task that raises (a worker lost, a crash) is retried RETRIES times, then reported for its article; an article
the renderer refuses (a PipelineError: a missing figure, wrong page numbers) is reported at once. The run can be
resumed: each article's folder gets rerendered.json, the key of what it was made from and the hash of each part
of it (the pipeline's version, the journal config, the issue's date, its JATS and figures: what a re-render was
owed to can be read there) and the hashes of what was written; an article whose key and files are unchanged is
not rendered again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import xmlio
from pipeline.articlefiles import ArticleFiles
from pipeline.config import Journal, LoadedIssue, load_issue
from pipeline.diagnostics import PipelineError
from pipeline.enrich.pagination import pages_of
from pipeline.fingerprint import code_version, file_sha256

MARKER = "rerendered.json"
RETRIES = 2


@dataclass(frozen=True)
class RerenderJob:
    """One article to render again: what it is read from and where it goes (picklable, sent to a worker)."""

    issue: str  # the issue key
    article: str  # the manifest id
    jats: Path  # the paginated JATS of its build
    figures: Path  # its figures folder
    out: Path  # the folder its files go to
    journal: Journal
    issue_date: dt.date | None  # the issue's publication date, printed on the PDF; None: the issue has no day

    @property
    def name(self) -> str:
        return f"{self.issue}/{self.article}"


@dataclass(frozen=True)
class Rerendered:
    job: str  # issue/article
    files: dict[str, str] = field(default_factory=dict)  # file name -> sha256
    problem: str = ""  # why it could not be made (then no file of it was written)
    resumed: bool = False  # already made by an earlier run from the same inputs

    @property
    def failed(self) -> bool:
        return bool(self.problem)


def jobs_of(targets: Sequence[Path], build_root: Path, out_root: Path) -> tuple[list[RerenderJob], list[str]]:
    """The articles of the issues named (manifests, or folders holding them) that their builds paginated, and a
    line for each article that has nothing to render again."""
    manifests: list[Path] = []
    for target in targets:
        manifests += sorted(target.rglob("issue.yaml")) if target.is_dir() else [target]
    jobs, missing = [], []
    for manifest in dict.fromkeys(manifests):
        issue: LoadedIssue = load_issue(manifest)
        for entry in issue.manifest.articles:
            files = ArticleFiles.of(issue, entry, build_root / issue.key)
            if not files.jats.is_file():
                missing.append(f"{issue.key}/{entry.id}: not built (no {files.jats}), left out")
                continue
            out = out_root / issue.key / "articles" / entry.id
            jobs.append(RerenderJob(issue.key, entry.id, files.jats, files.figures, out, issue.journal,
                                    issue.manifest.publication_date))
    return jobs, missing


def rerender_article(job: RerenderJob) -> Rerendered:
    """A worker's task: the article's final and archive PDFs (one layout, written twice) and HTML
    page, unless an earlier run made them from the same inputs. Raises only for what a retry may cure."""
    from pipeline.render.html import render_article_html
    from pipeline.render.pdf import render_pdf

    inputs = _inputs(job, code_version())
    key = _key(inputs)
    done = _done(job.out, key)
    if done is not None:
        return Rerendered(job.name, done, resumed=True)
    try:
        article = xmlio.parse(job.jats).getroot()
        pages = pages_of(article)
        if pages is None and job.journal.publication.paged:
            return Rerendered(job.name, problem=f"{job.jats} has no pages (fpage, lpage): it was not paginated")
        base = job.jats.stem
        common = {"figures_dir": job.figures, "first_page": pages[0] if pages else 1,
                  "issue_date": job.issue_date}
        render_pdf(article, job.out / f"{base}.pdf", job.journal, "final",
                   copies={"archive": job.out / f"{base}.archive.pdf"}, **common)
        render_article_html(job.jats, job.out, job.journal, pdf_name=f"{base}.pdf")
    except PipelineError as exc:
        return Rerendered(job.name, problem=str(exc.finding))
    files = {path.name: file_sha256(path) for path in sorted(job.out.iterdir())
             if path.is_file() and path.name != MARKER}
    marker = {"key": key, "inputs": inputs, "files": files}
    xmlio.write_bytes_atomic(job.out / MARKER, (json.dumps(marker, indent=1) + "\n").encode())
    return Rerendered(job.name, files)


def rerender(jobs: Iterable[RerenderJob], *, scheduler: str | None = None, serial: bool = False,
             report: Callable[[Rerendered], None] | None = None) -> list[Rerendered]:
    """Every job, on the Dask scheduler at `scheduler` (a LocalCluster of this machine without one), or here one
    after another (`serial`); the results in the jobs' order."""
    jobs = list(jobs)
    if serial:
        results = []
        for job in jobs:
            results.append(_retried(job))
            if report:
                report(results[-1])
        return results
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None if scheduler else LocalCluster(processes=True, threads_per_worker=1, dashboard_address=None)
    try:
        with Client(scheduler or cluster) as client:
            futures = {client.submit(rerender_article, job, retries=RETRIES, pure=False,
                                     key=f"rerender-{job.name}-{n}"): n for n, job in enumerate(jobs)}
            results: list[Rerendered | None] = [None] * len(jobs)
            for future in as_completed(futures):
                n = futures[future]
                if future.status == "error":
                    results[n] = Rerendered(jobs[n].name, problem=f"failed after {RETRIES + 1} tries: "
                                            f"{type(future.exception()).__name__}: {future.exception()}")
                else:
                    results[n] = future.result()
                if report:
                    report(results[n])
            return [r for r in results if r is not None]
    finally:
        if cluster is not None:
            cluster.close()


def _retried(job: RerenderJob) -> Rerendered:
    problem = ""
    for _ in range(RETRIES + 1):
        try:
            return rerender_article(job)
        except Exception as exc:
            problem = f"failed after {RETRIES + 1} tries: {type(exc).__name__}: {exc}"
    return Rerendered(job.name, problem=problem)


def _inputs(job: RerenderJob, version: str) -> dict[str, str]:
    """What the article's files are made from, each part by its hash: the key's parts."""
    parts = {"pipeline": version, "journal": hashlib.sha256(repr(job.journal).encode()).hexdigest(),
             "issue date": str(job.issue_date)}
    parts[job.jats.name] = file_sha256(job.jats)
    for path in sorted(job.figures.glob("*")):
        parts[f"figures/{path.name}"] = file_sha256(path)
    return parts


def _key(inputs: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def _done(out: Path, key: str) -> dict[str, str] | None:
    """The files an earlier run wrote from the same inputs, if they are all still as written."""
    try:
        marker = json.loads((out / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = marker.get("files", {})
    if marker.get("key") != key or not files or any(file_sha256(out / name) != digest
                                                     for name, digest in files.items()):
        return None
    return files

