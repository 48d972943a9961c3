"""Where an article's files are in an issue build: the article's folder and its file names, decided here once.

    articles/<id>/<base>.xml          the paginated JATS: the source of every output below
    articles/<id>/<base>.pdf          final PDF;  <base>.archive.pdf  <base>.proof.pdf  <base>.html (+ article.css)
    articles/<id>/figures/            the figures as the page and the PDFs show them (f1a.png, ...)
    articles/<id>/report.html         the article's findings
    articles/<id>/work/ingested.xml   ingest's JATS (what the manuscript says)
    articles/<id>/work/corrected.xml  the ingested JATS with the corrections production accepted from proofs
    articles/<id>/work/enriched.xml   enrich's JATS (with the metadata, before pages)
    articles/<id>/work/figures.json   the figure files as the author supplied them, by the name the JATS uses
    articles/<id>/work/embedded/      the pictures pasted into the manuscript that figures take (fig1.png, ...)
    work/links/<id>.json              the article page's links: the issue's contents, the articles before and after
                                      it (pipeline/issue/navigation.py; outside the article's folder, which a
                                      build sweeps of what it did not make)

`<base>` is the DOI suffix as a file name (jour-2023-232299), or the manifest id when the DOI is not valid (an
error enrich reports). Stages and outputs name files through this class and nothing else.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from pipeline import xmlio
from pipeline.config import Article, LoadedIssue
from pipeline.identifiers import doi_problem, file_base


@dataclass(frozen=True)
class ArticleFiles:
    folder: Path
    base: str

    @classmethod
    def of(cls, issue: LoadedIssue, entry: Article, out: Path) -> ArticleFiles:
        """The files of a manifest article in the issue's build folder `out`."""
        doi = issue.doi_of(entry)
        base = file_base(doi) if doi_problem(doi, issue.journal.doi.prefix) is None else entry.id
        return cls(out / "articles" / entry.id, base)

    def path(self, suffix: str) -> Path:
        return self.folder / f"{self.base}{suffix}"

    @property
    def jats(self) -> Path:
        return self.path(".xml")

    @property
    def pdf(self) -> Path:
        return self.path(".pdf")

    @property
    def proof(self) -> Path:
        return self.path(".proof.pdf")

    @property
    def archive(self) -> Path:
        return self.path(".archive.pdf")

    @property
    def issue_folder(self) -> Path:
        """The issue's build folder (build/<issue>/), which holds the proof ledger."""
        return self.folder.parent.parent

    @property
    def figures(self) -> Path:
        return self.folder / "figures"

    @property
    def report(self) -> Path:
        return self.folder / "report.html"

    @property
    def links(self) -> Path:
        """The links the article's page shows (the contents, its neighbours): the issue build writes them after
        pagination, render reads them."""
        return self.issue_folder / "work" / "links" / f"{self.folder.name}.json"

    @property
    def work(self) -> Path:
        return self.folder / "work"

    @property
    def ingested(self) -> Path:
        return self.work / "ingested.xml"

    @property
    def corrected(self) -> Path:
        return self.work / "corrected.xml"

    @property
    def enriched(self) -> Path:
        return self.work / "enriched.xml"

    @property
    def embedded(self) -> Path:
        """The figures' pictures taken from the manuscript, as figure files (figures.json names them)."""
        return self.work / "embedded"

    @property
    def supplied(self) -> Path:
        return self.work / "figures.json"

    def latest_jats(self) -> Path | None:
        """The JATS of the last stage the article got through: paginated, enriched, corrected or ingested (None:
        none)."""
        return next((p for p in (self.jats, self.enriched, self.corrected, self.ingested) if p.is_file()), None)

    def write_supplied(self, figures: dict[str, Path]) -> None:
        data = {name: str(path) for name, path in sorted(figures.items())}
        xmlio.write_bytes_atomic(self.supplied, (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode())

    def read_supplied(self) -> dict[str, Path]:
        """The figure files the author supplied, by the name the JATS gives them ({} before ingest wrote any)."""
        if not self.supplied.is_file():
            return {}
        return {name: Path(path) for name, path in json.loads(self.supplied.read_text(encoding="utf-8")).items()}

    def keep_only_work(self) -> None:
        """What an article that stopped keeps: its stage files (work/), for finding out why; no figure or page of
        it may pass for an output."""
        if not self.folder.is_dir():
            return
        for child in sorted(self.folder.iterdir()):
            if child.name == "work":
                continue
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()
