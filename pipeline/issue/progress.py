"""What `make issue` prints while it works: a line per article and stage, then a summary.

    [ 2/12] 02-pope        ingest ✓  enrich ✓  validate ✓ (3 warnings)  ...
    ERROR [enrich.orcid-invalid] ... (each error as it happens)

The summary lists what was built, and the count of warnings and errors per
article; the exit status is non-zero when any article failed.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from pipeline.diagnostics import Finding, Severity

if TYPE_CHECKING:
    from pipeline.issue.state import ArticleState, IssueBuild


class Progress:
    def __init__(self, stream: TextIO | None = None, verbose: bool = False):
        self.stream = stream or sys.stdout
        self.verbose = verbose
        self.total = 0
        self.index: dict[str, int] = {}

    def _print(self, text: str = "", end: str = "\n") -> None:
        self.stream.write(text + end)
        self.stream.flush()

    def start(self, build: IssueBuild) -> None:
        m = build.issue.manifest
        self.total = len(build.articles)
        self.index = {a.entry.id: n for n, a in enumerate(build.articles, 1)}
        self._print(f"{build.journal.title} — Volume {m.volume}, Issue {m.issue} ({m.month} {m.year}): "
                    f"{self.total} articles → {build.out}")

    def stage(self, state: ArticleState, name: str) -> None:
        pass

    def done(self, state: ArticleState, name: str, new: list[Finding], cached: bool = False) -> None:
        """A stage of an article ended (`cached`: its result from the last build stands, nothing was rerun)."""
        errors = [f for f in new if f.severity is Severity.ERROR]
        warnings = [f for f in new if f.severity is Severity.WARNING]
        mark = "✗" if not state.ok else ("!" if errors else "✓")
        counts = ", ".join(p for p in (f"{len(errors)} error{'s' * (len(errors) != 1)}" if errors else "",
                                       f"{len(warnings)} warning{'s' * (len(warnings) != 1)}" if warnings else "")
                           if p)
        n = self.index.get(state.entry.id, 0)
        notes = ", ".join(p for p in (counts, "unchanged" if cached else "") if p)
        self._print(f"[{n:>2}/{self.total}] {state.entry.id:<16} {name:<9} {mark}" + (f"  ({notes})" if notes else ""))
        for finding in errors:
            self._print(f"        {finding}")
        if self.verbose:
            for finding in warnings:
                self._print(f"        {finding}")

    def issue_stage(self, name: str) -> None:
        self._print(f"        issue: {name}")

    def finish(self, build: IssueBuild) -> None:
        self._print()
        self._print("Summary")
        width = max(len(a.entry.id) for a in build.articles)
        for state in build.articles:
            errors, warnings = len(state.errors), len([f for f in state.findings if f.severity is Severity.WARNING])
            if not state.ok:
                status = f"FAILED at {state.failed}"
            elif errors:
                status = "built, NOT deposit-ready"
            else:
                status = "built, deposit-ready"
            pages = f"pp. {state.pages[0]}-{state.pages[1]}" if state.pages else "no pages"
            self._print(f"  {state.entry.id:<{width}}  {status:<26} {pages:<13} {errors} errors, {warnings} warnings")
        issue_errors = [f for f in build.findings if f.severity is Severity.ERROR]
        for finding in build.findings:
            self._print(f"  issue: {finding}")
        built = ", ".join(sorted(build.outputs))
        self._print(f"Issue outputs: {built}")
        report = build.outputs.get("report.html")
        if report:
            self._print(f"Build report: {report}")
        failed = [a for a in build.articles if not a.deposit_ready]
        if failed or issue_errors:
            self._print(f"{len(failed)} of {len(build.articles)} articles have errors (see the report); exit status 1")
        else:
            self._print(f"All {len(build.articles)} articles built and are deposit-ready.")
