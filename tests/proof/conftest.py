"""Proof tests: a small build folder of the sample issue's articles (their JATS made from the profile article with
each its own corresponding-author address, a one-page PDF as each proof, its queries file written by the build's
own writer, and a report.json naming them), and SMTP servers started on 127.0.0.1."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfWriter

from pipeline import completion, xmlio
from pipeline.config import load_issue
from pipeline.proof import queries_file
from pipeline.render.queries import Query
from tests.conftest import FIXTURES, SAMPLE_ISSUE
from tests.proof.smtp_server import SmtpTestServer, make_certificate

ISSUE = "dir-29-04"
NOW = dt.datetime(2023, 6, 2, 9, 30, tzinfo=dt.UTC)  # a Friday
ARTICLES = ("02-pope", "05-park", "12-tsukahara")
PRODUCTION = "production@example.org"


def address(article: str) -> str:
    return f"{article.split('-', 1)[1]}@hospital.example.edu"


def one_page_pdf(label: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Title": f"Proof of {label}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass
class FakeBuild:
    root: Path
    manifest: Path = SAMPLE_ISSUE

    @property
    def folder(self) -> Path:
        return self.root / ISSUE

    @property
    def ledger(self) -> Path:
        return self.folder / "proofs" / "ledger.json"

    def entries(self) -> list[dict]:
        return json.loads(self.ledger.read_text(encoding="utf-8"))["sent"] if self.ledger.is_file() else []

    def proof(self, article: str) -> Path:
        return self.folder / "articles" / article / f"dir-{article}.proof.pdf"

    def jats(self, article: str) -> Path:
        return self.folder / "articles" / article / f"dir-{article}.xml"

    def write(self, articles: tuple[str, ...] = ARTICLES, emails: dict[str, str | None] | None = None,
              version: str = "1", failed: dict[str, str] | None = None,
              findings: dict[str, list[dict]] | None = None) -> None:
        """The build of `articles`; `emails` changes an article's address (None: no e-mail), `version` changes the
        proofs' bytes, `failed` marks articles as failed at a stage (no proof), `findings` gives an article's
        findings in its report entry."""
        emails, failed, findings = emails or {}, failed or {}, findings or {}
        profile = xmlio.parse(FIXTURES / "profile-article.xml").getroot()
        report = []
        for n, article in enumerate(articles):
            entry = {"id": article, "status": "deposit-ready", "failed_stage": failed.get(article), "outputs": {},
                     "findings": findings.get(article, [])}
            report.append(entry)
            if article in failed:
                entry["status"] = f"failed at {failed[article]}"
                continue
            root = copy.deepcopy(profile)
            meta = root.find("front/article-meta")
            meta.find("article-id[@pub-id-type='publisher-id']").text = f"2300{n}"
            mail = emails.get(article, address(article))
            corresp = meta.find("author-notes/corresp")
            if mail is None:
                corresp.remove(corresp.find("email"))
            else:
                corresp.find("email").text = mail
            xmlio.write_jats(self.jats(article), root)
            self.proof(article).write_bytes(one_page_pdf(f"{article} {version}"))
            queries_file.write(self.proof(article), [
                Query(1, f"Please check: the text mentions Table 4 of {article}, but the manuscript has no Table 4"),
                Query(2, "Please provide the ORCID iD: Matthew C. Pope has no ORCID iD")])
            entry["outputs"] = {"jats": self.jats(article).relative_to(self.folder).as_posix(),
                                "proof": self.proof(article).relative_to(self.folder).as_posix()}
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "report.json").write_text(json.dumps({"articles": report}), encoding="utf-8")
        self.finish()

    def finish(self) -> None:
        """Mark the folder as a build that finished, as it now is (pipeline/completion.py)."""
        completion.write(load_issue(self.manifest), self.folder)


@pytest.fixture
def build(tmp_path: Path) -> FakeBuild:
    fake = FakeBuild(tmp_path / "build")
    fake.write()
    return fake


@pytest.fixture
def smtp():
    server = SmtpTestServer("plain")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_certificate(tmp_path_factory.mktemp("tls"))


from tests.proof.returned_proof import pope_proof, returned  # noqa: E402, F401  (the returned-proof fixtures)
