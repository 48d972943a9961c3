"""The state of an issue build: per article what it made and found, and the same for the issue.

Types only, and the facts derived from them (is an article deposit-ready?). The build, its stages, pagination,
the outputs, the progress lines, the report and the table of contents all read them; this module imports none
of those. No tree is kept here: between stages an article is its files (pipeline/articlefiles.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.articlefiles import ArticleFiles
from pipeline.config import Article, Journal, LoadedIssue
from pipeline.diagnostics import Finding, Severity
from pipeline.render.queries import Query


@dataclass
class ArticleState:
    entry: Article
    files: ArticleFiles
    findings: list[Finding] = field(default_factory=list)
    failed: str | None = None  # the stage that stopped it
    pages: tuple[int, int] | None = None
    printed: list[int | None] = field(default_factory=list)  # the numbers the final PDF prints, page by page
    placement: str | None = None  # the float pass's decisions for the final PDF (reused by its next layout)
    queries: list[Query] = field(default_factory=list)  # the author queries the proof prints
    outputs: dict[str, Path] = field(default_factory=dict)
    stats: dict[str, int] = field(default_factory=dict)
    measures: dict[str, float] = field(default_factory=dict)  # "<stage> cpu", "<stage> layouts" ...: the benchmark's

    @property
    def ok(self) -> bool:
        return self.failed is None

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def deposit_ready(self) -> bool:
        return self.ok and not self.errors

    @property
    def folder(self) -> Path:
        return self.files.folder

    def path(self, suffix: str) -> Path:
        return self.files.path(suffix)


@dataclass(frozen=True)
class Made:
    """What an issue output wrote and found: its issue files, files per article (by article id), and findings
    for the issue and per article."""

    files: dict[str, Path] = field(default_factory=dict)
    article_files: dict[str, dict[str, Path]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    article_findings: dict[str, list[Finding]] = field(default_factory=dict)


@dataclass
class IssueBuild:
    issue: LoadedIssue
    out: Path  # build/<issue key>/
    articles: list[ArticleState]
    findings: list[Finding] = field(default_factory=list)  # the issue's own (config, deposits, TOC)
    outputs: dict[str, Path] = field(default_factory=dict)

    @classmethod
    def begin(cls, issue: LoadedIssue, build_root: Path) -> IssueBuild:
        out = build_root / issue.key
        return cls(issue, out, [ArticleState(a, ArticleFiles.of(issue, a, out)) for a in issue.manifest.articles])

    @property
    def journal(self) -> Journal:
        return self.issue.journal

    @property
    def failed(self) -> list[ArticleState]:
        return [a for a in self.articles if not a.deposit_ready]

    def article(self, article_id: str) -> ArticleState:
        return next(a for a in self.articles if a.entry.id == article_id)

    def absorb(self, made: Made) -> None:
        self.outputs.update(made.files)
        self.findings.extend(made.findings)
        for article_id, files in made.article_files.items():
            self.article(article_id).outputs.update(files)
        for article_id, findings in made.article_findings.items():
            self.article(article_id).findings.extend(findings)
