"""`python -m pipeline corrections ISSUE.yaml ARTICLE-ID returned.pdf`, run as production staff run it: it lists
what was read in plain words and writes corrections.yaml beside the article's report in the build folder."""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
import yaml
from PIL import Image

from pipeline.proof import queries_file
from tests.conftest import PROJECT, SAMPLE_ISSUE
from tests.proof.returned_proof import ARTICLE, Returned


def run(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "corrections", *map(str, args)], cwd=PROJECT,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def build(sample_build, tmp_path: Path) -> Path:
    """A build folder holding 02-pope as the issue build left it (its proof and report), in a copy."""
    state = next(s for s in sample_build.articles if s.entry.id == ARTICLE)
    folder = tmp_path / "build" / sample_build.out.name / "articles" / ARTICLE
    folder.mkdir(parents=True)
    shutil.copy(state.outputs["proof"], folder)
    shutil.copy(queries_file.path_for(state.outputs["proof"]), folder)
    shutil.copy(state.folder / "report.html", folder)
    shutil.copy(state.files.jats, folder)  # the JATS the marks are placed in
    (folder / "work").mkdir()
    shutil.copy(state.files.corrected, folder / "work")
    return tmp_path / "build"


def corrections(build: Path) -> dict:
    path = next(build.glob(f"*/articles/{ARTICLE}/corrections.yaml"))
    assert (path.parent / "report.html").is_file()
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_listing_says_what_was_read_and_the_file_has_an_item_for_each_with_accept_null(
        build: Path, returned: Returned) -> None:
    done = run(SAMPLE_ISSUE, ARTICLE, returned.path, "--build", build)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert f"Read returned.pdf for {ARTICLE} (" in out and f"pages): {len(returned.expected)} marks" in out
    assert "annotations of the PDF are accounted for" in out
    assert "replace (strike-out and caret)  “Subsequently” → “Later”" in out
    assert "strike-out (delete)  “multisite”" in out
    assert "insert (caret)  “ and sample size” after “…" in out
    assert "reply: “It was a chart review.” (Matthew C. Pope, 2024-05-02 10:11)" in out
    assert "UNPLACED: no text under the highlight on page 1" in out
    assert "AQ1 (query 1): “Running title: Liver changes after chemotherapy”" in out
    assert "AQ4 (query 4): no answer" in out
    assert "WARNING [proof.unplaced]" in out and "Traceback" not in done.stderr
    assert re.search(r"page \d+ \(printed \d+\), line \d+  strike-out \(delete\)  “multisite”\n"
                     r"      in the JATS: section “Study cohort”, paragraph 1, starting “In this Health", out)
    assert "      proposed: delete “multisite ”" in out
    assert (build / next(build.iterdir()).name / "articles" / ARTICLE / "corrections.html").is_file()
    data = corrections(build)
    assert data["article"] == ARTICLE and data["proof"]["file"] == "returned.pdf"
    items = data["items"]
    ids = [i["id"] for i in items]
    assert len(ids) == len(set(ids)) and all("accept" in i and i["accept"] is None for i in items)
    marks = [i for i in items if i["kind"] != "answer"]
    assert [i["id"] for i in marks] == [f"C{n}" for n in range(1, len(returned.expected) + 1)]
    answers = {i["field"]: i.get("answer") for i in items if i["kind"] == "answer"}
    assert answers == returned.answers
    replace = next(i for i in marks if i.get("marked_text") == "Subsequently")
    assert replace["edit"] == {"action": "replace", "new_text": "Later", "new_text_from": "caret", "certain": True}
    assert replace["where"]["chars"][0]["page"] == replace["page"] and replace["where"]["quads"]
    assert data["read"]["marks"] == len(marks)


def test_the_corrections_page_shows_each_mark_with_its_crop_place_request_and_proposal_and_each_answer(
        build: Path, returned: Returned) -> None:
    assert run(SAMPLE_ISSUE, ARTICLE, returned.path, "--build", build).returncode == 0
    data = corrections(build)
    page = lxml.html.parse(str(next(build.glob(f"*/articles/{ARTICLE}/corrections.html")))).getroot()
    marks = [i for i in data["items"] if i["kind"] != "answer"]
    sections = page.findall(".//section")
    assert [s.get("id") for s in sections] == [i["id"] for i in marks]
    for item, section in zip(marks, sections, strict=True):
        heading = section.findtext("h3")
        # the place as the listing gives it: the proof's page, the number printed on it (a cover by its name), its
        # lines
        label = item.get("printed_page", "")
        printed = f" (printed {label})" if label.isdigit() else f" ({label})" if label else ""
        assert heading.startswith(f"{item['id']} · ") and f"page {item['page']}{printed}" in heading, heading
        if item.get("lines"):
            assert f"line{'s' if len(item['lines']) > 1 else ''} {item['lines'][0]}" in heading, heading
        # a crop of the returned proof around the mark: a PNG, not blank
        (img,) = section.findall(".//img")
        crop = Image.open(io.BytesIO(base64.b64decode(img.get("src").removeprefix("data:image/png;base64,"))))
        assert crop.format == "PNG" and crop.width > 100 and len(crop.convert("L").getcolors(maxcolors=256)) > 8
        text = section.text_content()
        if item.get("comment"):
            assert item["comment"].split("\n")[0] in text
    replace = next(s for s, i in zip(sections, marks, strict=True) if i.get("marked_text") == "Subsequently")
    assert [e.text for e in replace.iter("del", "ins")] == ["Subsequently", "Later"]
    assert "main text, paragraph 2" in replace.text_content()
    rows = {row.get("id"): row.text_content() for row in page.findall(".//tbody/tr")}
    assert "AQ1: Please give a short running title" in rows["AQ1"]
    assert "“Running title: Liver changes after chemotherapy”" in rows["AQ1"] and "no answer" in rows["AQ4"]


def test_reading_the_same_proof_again_keeps_the_decisions_a_different_one_does_not_overwrite_them(
        build: Path, returned: Returned) -> None:
    assert run(SAMPLE_ISSUE, ARTICLE, returned.path, "--build", build).returncode == 0
    path = next(build.glob(f"*/articles/{ARTICLE}/corrections.yaml"))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["items"][0]["accept"] = True
    data["items"][1]["accept"] = False
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")

    again = run(SAMPLE_ISSUE, ARTICLE, returned.path, "--build", build)
    assert again.returncode == 0 and "2 decisions kept" in again.stdout
    assert [i["accept"] for i in corrections(build)["items"][:3]] == [True, False, None]

    other = run(SAMPLE_ISSUE, ARTICLE, returned.sent, "--build", build)
    assert other.returncode == 1 and "Traceback" not in other.stderr
    assert f"ERROR [proof.decisions] {path}: this file already holds production's decisions" in other.stderr
    assert [i["accept"] for i in corrections(build)["items"][:2]] == [True, False]

    replaced = run(SAMPLE_ISSUE, ARTICLE, returned.sent, "--build", build, "--replace")
    assert replaced.returncode == 0 and "0 marks" in replaced.stdout
    assert [i for i in corrections(build)["items"] if i["kind"] != "answer"] == []


def test_the_proof_of_another_article_is_read_with_a_warning(build: Path, sample_build) -> None:
    other = next(s for s in sample_build.articles if s.entry.id == "03-oktay").outputs["proof"]
    done = run(SAMPLE_ISSUE, ARTICLE, other, "--build", build)
    assert done.returncode == 0
    assert "WARNING [proof.other-file]" in done.stdout and "its PDF identifier is not the one" in done.stdout


def test_wrong_article_unbuilt_issue_or_a_word_file_is_named_without_a_traceback(
        build: Path, returned: Returned, tmp_path: Path) -> None:
    unknown = run(SAMPLE_ISSUE, "99-nobody", returned.path, "--build", build)
    assert unknown.returncode == 1 and "the issue has no article '99-nobody'; its articles: 01-dogan" in unknown.stderr
    unbuilt = run(SAMPLE_ISSUE, ARTICLE, returned.path, "--build", tmp_path / "empty")
    assert unbuilt.returncode == 1 and "ERROR [proof.not-built]" in unbuilt.stderr
    assert "02-pope has not been built" in unbuilt.stderr
    word = tmp_path / "returned.docx"
    shutil.copy(SAMPLE_ISSUE.parent / "manuscripts" / "02-pope.docx", word)
    as_word = run(SAMPLE_ISSUE, ARTICLE, word, "--build", build)
    assert as_word.returncode == 1 and f"ERROR [proof.unreadable] {word}: this file is a Word file" in as_word.stderr
    for done in (unknown, unbuilt, as_word):
        assert "Traceback" not in done.stderr and done.stdout == ""
    assert not list(build.glob("*/articles/*/corrections.yaml"))
