"""The issue build: an issue manifest -> every output of the issue, under build/<issue key>/.

`build_issue()` reads as the whole flow. Each article goes through the stages (pipeline/issue/stages.py, a
table) on its own; a stage that fails records why and stops that article only, and the issue carries on.
Between the article stages come the issue's own steps: the DOI check (dois.py) and pagination (paginate.py),
which gives pages in table-of-contents order from the final PDFs of the articles that built. Then the issue's
outputs (outputs.py, a table) are written from the articles' files.

    build/dir-29-04/
      articles/<id>/...                 each article's files (pipeline/articlefiles.py)
      pmc/<key>-<fpage>.zip             one PMC package per deposit-ready article
      pubmed.xml  crossref.xml          the issue's deposits
      toc.html  toc.pdf  toc.json       the table of contents
      report.html  report.json          the build report
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.config import load_issue
from pipeline.config.journal import placeholder_findings
from pipeline.issue import dois
from pipeline.issue.navigation import write_navigation
from pipeline.issue.outputs import write_outputs
from pipeline.issue.paginate import paginate
from pipeline.issue.progress import Progress
from pipeline.issue.stages import run_stages
from pipeline.issue.state import IssueBuild


def build_issue(manifest: Path, build_root: Path, progress: Progress | None = None) -> IssueBuild:
    progress = progress or Progress()
    issue = load_issue(manifest)
    build = IssueBuild.begin(issue, build_root)
    _clean(build.out)
    build.findings += placeholder_findings(issue.journal, issue.journal_file)
    progress.start(build)
    run_stages(build, ("ingest", "enrich"), progress)
    dois.check(build, build_root, progress)
    run_stages(build, ("validate",), progress)
    paginate(build, progress)
    write_navigation(build)  # the article pages' order, for their contents, previous and next links
    run_stages(build, ("render", "check"), progress)
    for state in build.articles:
        if not state.ok:
            state.files.keep_only_work()
            state.outputs.clear()
    write_outputs(build, progress)
    dois.record(build, build_root)
    progress.finish(build)
    return build


def _clean(out: Path) -> None:
    """Each build starts afresh, so no output of an earlier run can pass for this one's. The deposit ledger and
    the Crossref batch history (out/deposit/) are kept: they record what left the building."""
    for name in ("articles", "pmc", "work"):
        shutil.rmtree(out / name, ignore_errors=True)
    for pattern in ("*.xml", "*.html", "*.pdf", "*.json", "*.css"):
        for file in out.glob(pattern):
            file.unlink()
    out.mkdir(parents=True, exist_ok=True)
