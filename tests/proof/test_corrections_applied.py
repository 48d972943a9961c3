"""Corrections from a returned proof, end to end, on an issue of 02-pope alone (its real manuscript and figures):
the issue is built and its proof sent (round 1, to an SMTP server on loopback), annotated as authors' readers do it
(returned_proof.py), read back with each mark's page, line and JATS place; three of them accepted (a replace, a
delete, an insert) and the issue built again: the JATS has exactly those three changes, and the proof is round 2,
marking those three places and listing them first; sent, the ledger says round 2, and a rebuild keeps that proof.
Then the manuscript changes under one correction and the build refuses it by name.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pdfplumber
import pytest
import yaml
from lxml import etree

from pipeline.deposit.deliver_common import RetryPolicy
from pipeline.diagnostics import Severity
from pipeline.issue.build import build_issue
from pipeline.proof import accepted, queries_file
from pipeline.proof.accept import accept_corrections
from pipeline.proof.change_marks import HIGHLIGHT
from pipeline.proof.corrections import FILE_NAME, listing, mark_ids, read_corrections
from pipeline.proof.page_text import LINE_NUMBER_PT
from pipeline.proof.send import Status, send_proofs
from pipeline.proof.text_edit import string_value
from tests.conftest import SAMPLE_ISSUE, Quiet, tool
from tests.proof.conftest import NOW
from tests.proof.returned_proof import ARTICLE, Returned, annotate, words
from tests.proof.smtp_server import SmtpTestServer

FAST = RetryPolicy(attempts=3, first_delay=0.01, max_delay=0.05, timeout=10)



def one_article_issue(folder: Path) -> Path:
    """The sample issue's manifest with 02-pope only, and its manuscript and figures, in `folder`."""
    return tool("benchmark").copy_issue(SAMPLE_ISSUE, folder, only=(ARTICLE,))


@pytest.fixture(scope="module")
def smtp():
    server = SmtpTestServer("plain")
    yield server
    server.stop()


def send(manifest: Path, build: Path, server: SmtpTestServer):
    return send_proofs(manifest, build, env=server.env(), clock=lambda: NOW, policy=FAST, allow_placeholders=True)


@pytest.fixture(scope="module")
def issue(tmp_path_factory: pytest.TempPathFactory, smtp: SmtpTestServer) -> tuple[Path, Path]:
    """The issue built, and its proof sent to the author: round 1."""
    root = tmp_path_factory.mktemp("corrections")
    manifest = one_article_issue(root / "issue" / "vol29-issue4")
    build_issue(manifest, root / "build", Quiet(), jobs=1)
    sent = send(manifest, root / "build", smtp)
    assert [(o.status, o.round) for o in sent.outcomes] == [(Status.SENT, 1)], sent.findings
    return manifest, root / "build"


@pytest.fixture(scope="module")
def returned(issue: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Returned:
    _, build = issue
    proof = next(build.glob(f"*/articles/{ARTICLE}/*.proof.pdf"))
    folder = tmp_path_factory.mktemp("returned")
    sent = Path(shutil.copy(proof, folder / "sent.proof.pdf"))
    return annotate(sent, folder / "returned.pdf")


def printed_line(pdf: Path, page: int, x0: float, y0: float, y1: float) -> int | None:
    """The line number printed level with a text line (y0..y1, PDF space) and nearest to its left: read here with
    pdfplumber's words, independently of the code under test."""
    with pdfplumber.open(pdf) as document:
        p = document.pages[page - 1]
        height = float(p.height)
        numbers = [w for w in p.extract_words(extra_attrs=["size"]) if w["text"].isdigit()
                   and abs(float(w["size"]) - LINE_NUMBER_PT) < 0.01]
    middle = (y0 + y1) / 2
    level = [w for w in numbers if w["x1"] <= x0 + 1 and height - w["bottom"] - 2 <= middle <= height - w["top"] + 2]
    return int(max(level, key=lambda w: w["x1"])["text"]) if level else None


def test_every_mark_is_listed_with_its_page_line_text_and_jats_paragraph_and_every_answer_with_its_query(
        issue: tuple[Path, Path], returned: Returned) -> None:
    manifest, build = issue
    reading = read_corrections(manifest, ARTICLE, returned.path, build, replace=True)
    proof, placed = reading.proof, reading.placed
    # nothing dropped: every annotation of the PDF is a mark, part of one, a reply, a popup, a widget or a link
    with pdfplumber.open(returned.path) as document:
        annotations = sum(len(page.annots) for page in document.pages)
    assert proof.counts.annotations == annotations and proof.counts.balanced()
    assert len(proof.marks) == len(returned.expected)
    data = yaml.safe_load(reading.written.path.read_text(encoding="utf-8"))
    assert [i["id"] for i in data["items"] if i["kind"] != "answer"] == mark_ids(proof)

    manuscript = etree.parse(str(next(build.glob(f"*/articles/{ARTICLE}/work/corrected.xml"))))
    by_text = {words(m.marked_text): (m, p) for m, p in zip(proof.marks, placed.placements, strict=True)
               if m.marked_text}
    placed_text = 0
    for expected in returned.expected:
        if expected.unplaced:
            continue
        if expected.text:
            mark, placement = by_text[words(expected.text)]
            assert mark.page == expected.page
            assert placement.jats is not None, f"{expected.text!r} has no place in the JATS: {placement.unplaced}"
            element = manuscript.xpath(placement.jats.xpath)[0]
            assert words(string_value(element)[placement.jats.start:placement.jats.end]) == words(expected.text)
            assert placement.jats.where and placement.lines
            placed_text += 1
    assert placed_text >= 20

    # the lines, against the numbers printed on the page, for marks whose words sit on one line
    for mark, placement in zip(proof.marks, placed.placements, strict=True):
        if mark.quads and len(mark.quads) == 1 and mark.found and len(mark.found.lines) == 1:
            q = mark.quads[0]
            assert placement.lines == (printed_line(returned.path, mark.page, min(q[0::2]), min(q[1::2]),
                                                    max(q[1::2])),), mark.marked_text

    # the three edits, with the change they propose in the JATS
    replace = by_text["Subsequently"][1]
    assert replace.proposal.action == "replace" and replace.proposal.new_text == "Later"
    assert replace.jats.where.startswith("main text, paragraph 2, starting “A specific form")
    delete = by_text["multisite"][1]
    assert delete.proposal.action == "delete" and delete.proposal.text == "multisite "
    assert delete.jats.where.startswith("section “Study cohort”, paragraph 1")
    insert = next(p for m, p in zip(proof.marks, placed.placements, strict=True)
                  if m.kind == "insert" and p.proposal)
    assert insert.proposal.new_text == " and sample size" and insert.jats.where == "heading “Statistical analysis”"

    # every answer, with the question the proof printed for its query (its queries file)
    sent_proof = next(build.glob(f"*/articles/{ARTICLE}/*.proof.pdf"))
    printed = json.loads(queries_file.path_for(sent_proof).read_text(encoding="utf-8"))["queries"]
    asked = {q["number"]: q["text"] for q in printed}
    answers = {i["field"]: i for i in data["items"] if i["kind"] == "answer"}
    assert set(answers) == set(returned.answers)
    for name, typed in returned.answers.items():
        assert answers[name].get("answer") == typed, name
        if name.startswith("AQ"):
            assert answers[name]["query"] == int(name[2:]) and answers[name].get("question") == asked.get(int(name[2:]))
    assert asked and {f"AQ{n}" for n in asked} <= set(answers)  # each query the proof asks has its answer
    assert asked[1].startswith("Please give a short running title")
    text = "\n".join(listing(proof, ARTICLE, placed))
    assert f"AQ1 (query 1): “Running title: Liver changes after chemotherapy”\n      asked: “{asked[1]}”" in text
    # the proof's page, and the number printed on it (the cover comes first: the article's first page is page 2)
    found = re.search(r"C\d+  page (\d+) \(printed (\d+)\), line \d+  replace \(strike-out and caret\)  "
                      r"“Subsequently” → “Later”", text)
    fpage = int(etree.parse(str(next(build.glob(f"*/articles/{ARTICLE}/*.xml")))).findtext(".//article-meta/fpage"))
    assert found and int(found[2]) == fpage + int(found[1]) - 2
    assert "UNPLACED: no text under the highlight on page 1" in text


def accept(build: Path, texts: dict[str, str]) -> None:
    """Set accept: true on the items of the build's corrections list whose proposal is one of `texts`
    (action -> the text it removes or adds), and on the answer in the field texts["answer"]."""
    path = next(build.glob(f"*/articles/{ARTICLE}/{FILE_NAME}"))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in data["items"]:
        proposal = item.get("proposed") or {}
        wanted = texts.get(proposal["action"]) in (proposal.get("text"), proposal.get("new_text")) if proposal else \
            item.get("kind") == "answer" and item.get("field") == texts.get("answer")
        if wanted:
            item["accept"] = True
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def text_nodes(path: Path) -> list[tuple[str, str]]:
    """Every element's text, tail and attributes in the JATS, by its XPath."""
    tree = etree.parse(str(path))
    nodes = []
    for element in tree.iter():
        if isinstance(element.tag, str):
            nodes.append((tree.getpath(element) + "/text()", element.text or ""))
            nodes.append((tree.getpath(element) + "/tail()", element.tail or ""))
            nodes += [(f"{tree.getpath(element)}/@{name}", value) for name, value in sorted(element.attrib.items())]
    return nodes


def test_accepted_corrections_are_made_at_every_build_and_refused_by_name_when_their_text_is_gone(
        issue: tuple[Path, Path], returned: Returned, smtp: SmtpTestServer) -> None:
    manifest, build = issue
    read_corrections(manifest, ARTICLE, returned.path, build, replace=True)
    jats = next(build.glob(f"*/articles/{ARTICLE}/*.xml"))
    before = text_nodes(jats)
    accept(build, {"replace": "Subsequently", "delete": "multisite ", "insert": " and sample size", "answer": "AQ1"})
    done = accept_corrections(manifest, ARTICLE, build)
    assert sorted(c.action for c in done.added) == ["delete", "insert", "replace"]
    (said,) = done.findings
    assert said.code == "correction.manifest" and \
        "set running_title: 'Liver changes after chemotherapy' for 02-pope in issue.yaml" in said.message
    assert [c.id for c in accepted.load(accepted.path_for(manifest.parent, ARTICLE))] == [c.id for c in done.added]

    again = build_issue(manifest, build, Quiet(), jobs=1)
    state = again.article(ARTICLE)
    assert state.deposit_ready, state.errors
    assert [f.code for f in state.findings if f.stage == "correct"] == ["correction.applied"] * 3 + [
        "correction.manifest"]  # the running title, until the manifest has it
    after = text_nodes(jats)
    assert [path for path, _ in before] == [path for path, _ in after]  # the same elements
    changed = [(b, a) for (_, b), (_, a) in zip(before, after, strict=True) if a != b]
    assert len(changed) == 3
    assert sorted(_difference(b, a) for b, a in changed) == [
        ("", " and sample size"), ("Subsequently", "Later"), ("multisite ", "")]

    # the proof is round 2: its first page lists the three changes, and each is highlighted where it is printed
    proof = state.outputs["proof"]
    with pdfplumber.open(proof) as document:
        first = document.pages[0].extract_text()
        assert "Proof, round 2: changes since round 1" in first
        assert re.search(r"p\. \d+, line \d+ main text, paragraph 2", first) and "Later," in first
        assert "multisite (deleted)" in first and "and sample size (added)" in first
        marked = {}
        for page in document.pages[1:]:
            fills = [r for r in page.rects if tuple(round(v, 2) for v in (r.get("non_stroking_color") or ())) ==
                     tuple(round(v, 2) for v in HIGHLIGHT)]
            for word in page.extract_words():
                middle = ((word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2)
                if any(r["x0"] <= middle[0] <= r["x1"] and r["top"] <= middle[1] <= r["bottom"] for r in fills):
                    marked.setdefault(page.page_number, []).append(word["text"])
    highlighted = " ".join(w for words_ in marked.values() for w in words_)
    assert "Later," in highlighted and "and sample size" in highlighted  # the new words
    assert "single-institute, retrospective" in highlighted  # the words either side of the deletion
    assert len(highlighted.split()) == 6, marked  # and nothing else

    # sent: the ledger says round 2; built again with nothing changed, the proof stays the one sent
    second = send(manifest, build, smtp)
    assert [(o.status, o.round) for o in second.outcomes] == [(Status.SENT, 2)], second.findings
    sent_bytes = proof.read_bytes()
    build_issue(manifest, build, Quiet(), jobs=1)
    assert proof.read_bytes() == sent_bytes
    assert [o.status for o in send(manifest, build, smtp).outcomes] == [Status.ALREADY_SENT]

    # the manuscript changes under a correction: the build says which correction it cannot make, and why
    docx = manifest.parent / "manuscripts" / f"{ARTICLE}.docx"
    _rewrite(docx, "word/document.xml", lambda xml: xml.replace(b"carcinoma. Subsequently,", b"carcinoma. Then,"))
    third = build_issue(manifest, build, Quiet(), jobs=1)
    errors = [f for f in third.article(ARTICLE).errors if f.code == "correction.gone"]
    assert len(errors) == 1 and errors[0].severity is Severity.ERROR
    replace = next(c for c in done.added if c.action == "replace")
    assert f"correction {replace.id} of round 1 (replace “Subsequently” with “Later”" in errors[0].message
    assert "no longer at that place" in errors[0].message and errors[0].xpath == replace.xpath
    assert not third.article(ARTICLE).deposit_ready
    # and its proof, which does not show the correction production accepted, is not sent to the author
    refused = send(manifest, build, smtp)
    assert [o.status for o in refused.outcomes] == [Status.NOT_SENT]
    (said,) = [f for f in refused.findings if f.article == ARTICLE]
    assert said.code == "proof.refused" and f"correction {replace.id} of round 1" in said.message
    assert "multisite" not in "".join(t for _, t in text_nodes(jats))  # the other two are still made


def _difference(old: str, new: str) -> tuple[str, str]:
    """What was taken out of `old` and put in its place in `new` (their common start and end left out)."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    return old[start:len(old) - end], new[start:len(new) - end]


def _rewrite(docx: Path, member: str, change) -> None:
    with zipfile.ZipFile(docx) as source:
        items = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in items:
            out.writestr(info, change(data) if info.filename == member else data)
