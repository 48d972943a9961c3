"""End to end: the sample issue's real proofs, as the issue build made them, sent to a real SMTP server on 127.0.0.1.

The sample manifest gives a corresponding author with an e-mail address for two articles only (02-pope and
12-tsukahara, the two whose printed title page shows one); the other ten have none, and inventing addresses for
them would be wrong, so those ten are errors that name the article and what to add to the manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from pipeline import completion, xmlio
from pipeline.config import load_issue
from pipeline.proof.send import Status, send_proofs
from tests.conftest import SAMPLE_ISSUE
from tests.proof.smtp_server import SmtpTestServer

pytestmark = pytest.mark.slow
NOW = dt.datetime(2023, 6, 30, 15, 0, tzinfo=dt.UTC)  # a Friday


def _copy(build_folder: Path, root: Path) -> Path:
    """What sending reads of the build (the report, each article's JATS, proof and queries), copied so that the
    session's build stays as built for the other tests."""
    keep = ("report.json", ".xml", ".proof.pdf", ".proof.queries.json")
    folder = root / build_folder.name
    for path in build_folder.rglob("*"):
        relative = path.relative_to(build_folder)
        if path.is_file() and "work" not in relative.parts and path.name.endswith(keep):
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, folder / relative)
    completion.write(load_issue(SAMPLE_ISSUE), folder)  # what was copied is a build that finished
    return folder


def test_the_sample_issues_proofs_go_to_the_jats_corresponding_authors(sample_build, tmp_path: Path) -> None:
    folder = _copy(sample_build.out, tmp_path)
    report = {a["id"]: a for a in json.loads((folder / "report.json").read_text(encoding="utf-8"))["articles"]}
    expected = {}  # article -> the corresponding author's address in its JATS
    for article, entry in report.items():
        meta = xmlio.parse(folder / entry["outputs"]["jats"]).getroot().find("front/article-meta")
        address = meta.findtext("author-notes/corresp/email")
        if address:
            expected[article] = address
    assert expected == {"02-pope": "venkatesh.sudhakar@mayo.edu", "12-tsukahara": "tsukahara@shinshu-u.ac.jp"}

    server = SmtpTestServer("plain")
    try:
        result = send_proofs(SAMPLE_ISSUE, tmp_path, allow_placeholders=True, env=server.env(), clock=lambda: NOW)
        outcomes = {o.article: o.status for o in result.outcomes}
        assert outcomes == {a: Status.SENT if a in expected else Status.NOT_SENT for a in report}
        assert sorted(f.article for f in result.findings if f.code == "proof.no-address") == sorted(
            set(report) - set(expected))
        assert len(server.state.accepted) == len(expected)  # one message per article that has an address

        for accepted in server.state.accepted:
            article = next(a for a, address in expected.items() if address in accepted.recipients)
            entry = report[article]
            proof = folder / entry["outputs"]["proof"]
            message = accepted.message
            assert [a.addr_spec for a in message["To"].addresses] == [expected[article]]
            (attachment,) = list(message.iter_attachments())
            pdf = attachment.get_content()
            assert attachment.get_content_type() == "application/pdf" and pdf == proof.read_bytes()
            assert len(PdfReader(io.BytesIO(pdf)).pages) == len(PdfReader(proof).pages) > 1
            text = message.get_body(("plain",)).get_content()
            queries = json.loads(proof.with_name(proof.name.removesuffix(".pdf") + ".queries.json")
                                 .read_text(encoding="utf-8"))["queries"]
            assert [q["number"] for q in queries] == [q["number"] for q in entry["queries"]]
            for query in queries:
                assert f"{query['label']} (page " in text or f"{query['label']}: " in text
            assert "Wednesday, 5 July 2023" in text  # 3 working days after Friday 30 June, in Istanbul

        entries = json.loads((folder / "proofs" / "ledger.json").read_text(encoding="utf-8"))["sent"]
        assert {e["article"]: (e["to"], e["round"]) for e in entries} == {
            a: ([address], 1) for a, address in expected.items()}
        for e in entries:
            assert e["sha256"] == hashlib.sha256((folder / e["proof"]).read_bytes()).hexdigest()

        again = send_proofs(SAMPLE_ISSUE, tmp_path, allow_placeholders=True, env=server.env(), clock=lambda: NOW)
        assert [o.article for o in again.outcomes if o.status is Status.ALREADY_SENT] == sorted(expected)
        assert len(server.state.accepted) == len(expected)  # a second run sends nothing
    finally:
        server.stop()
