"""The issue build: an issue manifest -> every output of the issue, under build/<issue key>/.

`build_issue()` reads as the whole flow. Each article goes through the stages (pipeline/issue/stages.py, a
table) on its own, the articles side by side in child processes under the journal's limits (runner.py,
workers.py), each stage's result cached by the hash of everything it depends on (cache.py), so that a build
with nothing changed runs nothing and rewrites nothing; a stage that fails records why and stops that article
only, and the issue carries on. Between the article stages come the issue's own steps: the DOI check (dois.py)
and pagination (paginate.py), which gives pages in table-of-contents order from the page counts of the articles
that built (the render stage then writes each article's PDFs with them). Then the issue's outputs (outputs.py, a
table) are written from the articles' files, what no longer belongs to the issue is swept away, and last the
completion record (completion.py) says the build finished.

    build/jour-29-04/
      articles/<id>/...                 each article's files (pipeline/articlefiles.py)
      pmc/<key>-<fpage>.zip             one PMC package per deposit-ready article
      pubmed.xml  crossref.xml          the issue's deposits
      toc.html  toc.pdf  toc.json       the table of contents
      report.html  report.json          the build report
      finished.json                     the completion record: the inputs and outputs of the finished build
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline import completion
from pipeline.config import load_issue
from pipeline.config.journal import placeholder_findings
from pipeline.issue import dois
from pipeline.issue.navigation import write_navigation
from pipeline.issue.outputs import write_outputs
from pipeline.issue.paginate import paginate, paginated_files
from pipeline.issue.progress import Progress
from pipeline.issue.runner import TMP_FOLDER, Runner
from pipeline.issue.stages import STAGES, job_for
from pipeline.issue.state import IssueBuild


def build_issue(manifest: Path, build_root: Path, progress: Progress | None = None, *, jobs: int | None = None,
                force: bool = False) -> IssueBuild:
    """Build the issue (`jobs` child processes at once, all cores by default; `force`: run every stage even if
    its cached result still stands)."""
    _not_in_a_starting_worker()
    progress = progress or Progress()
    issue = load_issue(manifest)
    build = IssueBuild.begin(issue, build_root)
    build.findings += placeholder_findings(issue.journal, issue.journal_file)
    progress.start(build)
    with _temporary_files(build.out), Runner(build, progress, jobs, force) as run:
        run.stages(("ingest", "correct", "enrich"))
        dois.check(build, build_root, progress)
        run.stages(("validate",))
        paginate(build, run)
        write_navigation(build)  # the article pages' order, for their contents, previous and next links
        run.stages(("render", "check"))
        run.articles_done()
        for state in build.articles:
            if not state.ok:
                state.files.keep_only_work()
                state.outputs.clear()
        write_outputs(build, progress, run)
        _sweep(build)
        dois.record(build, build_root)
        completion.write(issue, build.out, run.cache.file_hash)
    progress.finish(build)
    return build


def _not_in_a_starting_worker() -> None:
    """A worker process (spawned: it imports the main module again) must not start a build of its own: that is a
    script calling build_issue outside `if __name__ == "__main__":`, and its workers' builds would each take the
    build folder's temporary files from under the real one. Stop them at once, saying so (multiprocessing's own
    test for the same mistake)."""
    import multiprocessing

    if getattr(multiprocessing.current_process(), "_inheriting", False):
        raise RuntimeError("build_issue was called while a worker process was starting: the script that builds "
                           "the issue must call it under `if __name__ == \"__main__\":` (its worker processes "
                           "import it again)")


@contextmanager
def _temporary_files(out: Path) -> Iterator[None]:
    """Temporary files of this process too (the table of contents' PDF fonts) go into the build's own folder, and
    what an earlier, killed build left there goes."""
    tmp = out / TMP_FOLDER
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "build").mkdir(parents=True)
    saved, tempfile.tempdir = tempfile.tempdir, str(tmp / "build")
    try:
        yield
    finally:
        tempfile.tempdir = saved
        shutil.rmtree(tmp, ignore_errors=True)


def _sweep(build: IssueBuild) -> None:
    """No file of an earlier build may pass for this one's: what this build did not make goes (articles no longer
    in the manifest, files an article no longer has, issue files no longer made). The deposit and proof ledgers
    (out/deposit/, out/proofs/: they record what left the building) and the cache stay."""
    out = build.out
    ids = {state.entry.id for state in build.articles}
    for folder in sorted((out / "articles").glob("*")):
        if folder.name not in ids:
            shutil.rmtree(folder)
    for state in build.articles:
        if not state.ok:
            continue
        job = job_for(state, build)
        made = {p for stage in STAGES.values() for p in stage.writes(job)} | {*paginated_files(state.files),
                                                                              state.files.report}
        for path in sorted(state.folder.rglob("*")):
            if path.is_file() and path not in made:
                path.unlink()
    made = {*build.outputs.values(), *(p for s in build.articles for p in s.outputs.values())}
    for path in [*out.glob("pmc/*"), *(p for p in out.glob("*") if p.is_file())]:
        if path.is_file() and path not in made and path.name != completion.RECORD:
            path.unlink()
