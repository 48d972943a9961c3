"""End to end: the sample issue Vol 29 Issue 4 through every stage, with the real pandoc, SaxonC, WeasyPrint and
the official schemas; and an issue with one deliberately broken article.

The sample issue is built once for the session (tests/conftest.py, about two minutes; the browser tests use the
same build) and again into a second folder to prove the outputs are byte-identical.
"""

from __future__ import annotations

import filecmp
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from pipeline import xmlio
from pipeline.issue.build import build_issue
from pipeline.issue.progress import Progress
from pipeline.issue.state import IssueBuild
from pipeline.validate.schemas import validate_crossref, validate_jats, validate_pubmed
from tests.conftest import PROJECT, SAMPLE_ISSUE, tool

pytestmark = pytest.mark.slow
SRC = PROJECT / "samples" / "src"
PRINTED = {p.name.split(".")[0]: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(SRC.glob("*.meta.yaml"))}



@pytest.fixture
def built(sample_build: IssueBuild) -> IssueBuild:
    return sample_build


def test_every_article_is_deposit_ready(built: IssueBuild) -> None:
    problems = {a.entry.id: [str(f) for f in a.errors] for a in built.articles if not a.deposit_ready}
    assert problems == {}
    assert len(built.articles) == 12


def test_every_output_is_written(built: IssueBuild) -> None:
    out = built.out
    for name in ("pubmed.xml", "crossref.xml", "toc.html", "toc.pdf", "toc.json", "report.html", "report.json"):
        assert (out / name).is_file(), name
    for state in built.articles:
        for suffix in (".xml", ".html", ".pdf", ".proof.pdf", ".archive.pdf"):
            assert state.path(suffix).is_file(), (state.entry.id, suffix)
        assert (state.folder / "report.html").is_file()
        assert state.outputs["pmc"].is_file()
    assert len(list((out / "pmc").glob("*.zip"))) == 12


def test_article_jats_is_valid_and_paginated(built: IssueBuild) -> None:
    expected_first = 563
    for state in built.articles:
        tree = xmlio.parse(state.path(".xml"), with_dtd=False)
        assert validate_jats(tree) == [], state.entry.id
        meta = tree.getroot().find("front/article-meta")
        fpage, lpage = int(meta.findtext("fpage")), int(meta.findtext("lpage"))
        assert fpage == expected_first, "pages run on in table-of-contents order"
        expected_first = lpage + 1
        cite = meta.findtext("custom-meta-group/custom-meta/meta-value")
        assert cite.endswith(f"Diagn Interv Radiol. 2023;29(4):{fpage}-{lpage}.")


def test_printed_page_numbers_equal_the_jats(built: IssueBuild) -> None:
    for state in built.articles:
        assert state.printed == list(range(state.pages[0], state.pages[1] + 1)), state.entry.id
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: the layout check above still ran")
    state = built.articles[1]
    for index in range(state.pages[1] - state.pages[0] + 1):
        text = subprocess.run([pdftotext, "-f", str(index + 1), "-l", str(index + 1), str(state.path(".pdf")), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert str(state.pages[0] + index) in re.findall(r"\b\d{3}\b", text)


def test_pdf_fonts_are_embedded(built: IssueBuild) -> None:
    pdffonts = shutil.which("pdffonts")
    if pdffonts is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    for state in built.articles:
        lines = subprocess.run([pdffonts, str(state.path(".pdf"))], capture_output=True, text=True,
                               check=True).stdout.splitlines()[2:]
        assert lines and all(" yes " in line for line in lines), (state.entry.id, lines)


def test_the_two_articles_the_issue_prints_in_full_carry_its_values(built: IssueBuild) -> None:
    for article_id in ("02-pope", "12-tsukahara"):
        printed = PRINTED[article_id]
        state = next(a for a in built.articles if a.entry.id == article_id)
        meta = xmlio.parse(state.path(".xml")).getroot().find("front/article-meta")
        assert meta.findtext("article-id[@pub-id-type='doi']") == printed["doi_printed"]
        orcids = [c.text for c in meta.iterfind("contrib-group/contrib/contrib-id")]
        assert orcids == [f"https://orcid.org/{a['orcid']}" for a in printed["authors"]]
        history = {d.get("date-type"): d.get("iso-8601-date") for d in meta.iterfind("history/date")}
        kinds = {"received": "received", "revision_requested": "rev-request", "revision_received": "rev-recd",
                 "accepted": "accepted"}
        assert history == {kinds[k]: v.isoformat() for k, v in printed["history"].items()}
        assert meta.find("pub-date[@date-type='pub']").get("iso-8601-date") == printed["epub"].isoformat()


def test_deposits_are_valid(built: IssueBuild) -> None:
    pubmed = xmlio.parse(built.out / "pubmed.xml", with_dtd=True)
    assert validate_pubmed(pubmed) == []
    assert len(pubmed.getroot().findall("Article")) == 12
    crossref = xmlio.parse(built.out / "crossref.xml")
    assert validate_crossref(crossref) == []
    ns = {"c": "http://www.crossref.org/schema/5.3.1"}
    assert len(crossref.getroot().findall(".//c:journal_article", ns)) == 12


def test_pmc_packages_hold_exactly_what_the_xml_names(built: IssueBuild) -> None:
    for package in sorted((built.out / "pmc").glob("*.zip")):
        with zipfile.ZipFile(package) as archive:
            names = set(archive.namelist())
            base = package.stem
            assert {f"{base}.xml", f"{base}.pdf"} <= names
            xml = xmlio.parse_bytes(archive.read(f"{base}.xml"))
            hrefs = {g.get(xmlio.XLINK_HREF) for g in xml.iter("graphic")} | {f"{base}.pdf"}
            assert names - {f"{base}.xml"} == hrefs
            assert all(n.endswith((".xml", ".pdf", ".tif")) and " " not in n for n in names)


def test_table_of_contents_lists_the_issue_as_printed(built: IssueBuild) -> None:
    toc = json.loads((built.out / "toc.json").read_text(encoding="utf-8"))
    assert [s["title"] for s in toc["sections"]] == ["ABDOMINAL IMAGING", "BREAST IMAGING", "GENERAL RADIOLOGY",
                                                     "INTERVENTIONAL RADIOLOGY"]
    entries = [a for s in toc["sections"] for a in s["articles"]]
    assert [a["id"] for a in entries] == sorted(PRINTED)
    for entry in entries:
        printed = PRINTED[entry["id"]]
        assert entry["title"] == printed["title"]
        assert entry["type"] == printed["article_type"]
        assert entry["authors"] == [f"{a['given_names']} {a['surname']}" for a in printed["authors"]]
    state = {a.entry.id: a for a in built.articles}
    assert all(entry["fpage"] == state[entry["id"]].pages[0] for entry in entries)
    html = (built.out / "toc.html").read_text(encoding="utf-8")
    assert html.count('class="entry"') == 12


def test_each_stage_names_the_files_it_read_and_wrote(built: IssueBuild) -> None:
    """What the stage table declares (for hashing a stage's inputs) is what the build used and made."""
    from pipeline.issue.paginate import paginated_files
    from pipeline.issue.stages import STAGES, job_for

    for state in built.articles:
        job = job_for(state, built)
        for stage in STAGES.values():
            assert stage.reads(job) and all(p.is_file() for p in stage.reads(job)), (state.entry.id, stage.name)
            assert all(p.is_file() for p in stage.writes(job)), (state.entry.id, stage.name)
        written = {p for stage in STAGES.values() for p in stage.writes(job)}
        made = {p for p in state.folder.rglob("*") if p.is_file() and p.name != "report.html"}
        assert made - written == set(paginated_files(state.files)), state.entry.id  # pagination's


@pytest.fixture(scope="module")
def one_at_a_time(tmp_path_factory: pytest.TempPathFactory) -> tuple[IssueBuild, list[tuple[str, str]]]:
    """The sample issue built again, one task at a time, and the order its tasks finished in: (article, task)."""
    recorder = tool("benchmark").Recorder()
    return build_issue(SAMPLE_ISSUE, tmp_path_factory.mktemp("one-at-a-time"), recorder, jobs=1), recorder.ran


def test_the_build_is_deterministic_whatever_jobs_is(built: IssueBuild,
                                                      one_at_a_time: tuple[IssueBuild, list]) -> None:
    """The session's build ran two articles at a time; this one runs one at a time: the same bytes."""
    again = one_at_a_time[0]
    first, second = built.out, again.out
    differing = []
    for path in sorted(p for p in first.rglob("*") if p.is_file() and ".cache" not in p.parts):
        other = second / path.relative_to(first)
        if not other.is_file() or not filecmp.cmp(path, other, shallow=False):
            differing.append(str(path.relative_to(first)))
    assert differing == []


def test_the_largest_articles_are_laid_out_first(one_at_a_time: tuple[IssueBuild, list]) -> None:
    """One at a time, the tasks finish in the order they start: the layouts go from the largest JATS down (the
    enriched JATS they read), and so do the renders (the paginated JATS), so that no long article starts last and
    keeps the build waiting on it alone."""
    build, finished = one_at_a_time
    for task, jats in (("layout", lambda s: s.files.enriched), ("render", lambda s: s.files.jats)):
        order = [article for article, name in finished if name == task]
        sizes = {s.entry.id: jats(s).stat().st_size for s in build.articles}
        assert sorted(order) == sorted(sizes), task
        assert order == sorted(sizes, key=lambda article: -sizes[article]), task
    assert finished[0] == ("01-dogan", "ingest")  # before any JATS is made: the manifest's order



def test_the_layouts_that_made_a_decision_the_article_kept_are_counted(one_at_a_time: tuple[IssueBuild, list]) -> None:
    """What the benchmark prints as "kept": the counting stage's layouts that made a typesetting decision the article
    kept (pipeline/render/engine_count.py). The first layout decides nothing, nor does the render stage's, which
    replays the decisions made. 07-lee needs none. 08-maruyama keeps five of the six layouts its pass makes after
    the first: its fifth wide item, floated, left the gap to the sixth, which one more layout of the same try
    floated beside it. 05-park keeps four of five: two moves (the second judged again with its tables' parts, in one
    more layout of the same try), then two rounds of its tables' parts."""
    build, _ = one_at_a_time
    kept = {}
    for state in build.articles:
        assert state.measures.get("render kept decisions", 0) == 0, state.entry.id
        kept[state.entry.id] = int(state.measures.get("layout kept decisions", 0))
        assert kept[state.entry.id] <= state.measures["layout layouts"] - 1, state.entry.id
    assert (kept["07-lee"], kept["08-maruyama"], kept["05-park"]) == (0, 5, 4), kept

# --- a broken article among good ones ------------------------------------------------------------------------


def _broken_issue(folder: Path) -> Path:
    """Three articles of the sample issue; the last with a bad ORCID, no valid DOI, dates out of order and a
    table its text never cites."""
    sys.path.insert(0, str(PROJECT / "samples" / "tools"))
    import make_samples
    import msrc

    sample = SAMPLE_ISSUE.parent
    manifest = yaml.safe_load(SAMPLE_ISSUE.read_text(encoding="utf-8"))
    keep = [a for a in manifest["articles"] if a["id"] in ("09-rahal", "12-tsukahara", "11-deshmukh")]
    broken = next(a for a in keep if a["id"] == "12-tsukahara")
    broken["manuscript_number"] = "not a number"  # gives no valid DOI
    broken["authors"][1]["orcid"] = "0000-0002-2030-4884"  # check digit wrong
    broken["history"]["accepted"] = "2022-11-30"  # before the received date
    source = msrc.parse(SRC / "12-tsukahara.txt")
    for block in source.blocks:  # the text no longer cites Table 3 (its title stays above it)
        if msrc.plain(block.runs).startswith("Table 3."):
            continue
        for n, run in enumerate(block.runs):
            if "Table 3" in run.text:
                block.runs[n] = msrc.Run(run.text.replace("Table 3", "the data"), run.sup, run.sub, run.italic,
                                         run.bold, run.link, run.line_break)
    pool = make_samples.read_pool(SRC / "references.txt")
    refs = make_samples.deal_references({p.stem: msrc.parse(p) for p in sorted(SRC.glob("[0-9][0-9]-*.txt"))}, pool)
    (folder / "manuscripts").mkdir(parents=True)
    (folder / "manuscripts" / "12-tsukahara.docx").write_bytes(make_samples.build_docx(source, refs["12-tsukahara"]))
    for article in keep:
        if article is not broken:
            shutil.copy(sample / article["manuscript"], folder / article["manuscript"])
        for figure in article["figures"]:
            (folder / figure).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(sample / figure, folder / figure)
    manifest["articles"] = keep
    path = folder / "issue.yaml"
    path.write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_a_broken_article_is_reported_and_blocked_while_the_rest_build(tmp_path: Path) -> None:
    manifest = _broken_issue(tmp_path / "issue")
    result = subprocess.run([sys.executable, "-m", "pipeline", "issue", str(manifest), "--build",
                             str(tmp_path / "build")], capture_output=True, text=True, cwd=PROJECT)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    report = json.loads((tmp_path / "build" / "dir-29-04" / "report.json").read_text(encoding="utf-8"))
    articles = {a["id"]: a for a in report["articles"]}
    assert articles["09-rahal"]["status"] == "deposit-ready"
    assert articles["11-deshmukh"]["status"] == "deposit-ready"
    broken = articles["12-tsukahara"]
    assert broken["status"] == "not deposit-ready"
    messages = " | ".join(f"{f['code']}: {f['message']}" for f in broken["findings"])
    assert "enrich.orcid-invalid" in messages and "0000-0002-2030-4884" in messages
    assert "enrich.doi-invalid" in messages
    assert "received-after-accepted" in messages
    assert "Table 3 is never cited" in messages
    assert "deposit.blocked" in messages
    out = tmp_path / "build" / "dir-29-04"
    packages = sorted(p.name for p in (out / "pmc").glob("*.zip"))
    assert len(packages) == 2
    pubmed = (out / "pubmed.xml").read_text(encoding="utf-8")
    assert "Tsukahara" not in pubmed and "Rahal" in pubmed
    assert "12-tsukahara" in result.stdout and "NOT deposit-ready" in result.stdout



def test_an_article_that_fails_to_lay_out_leaves_nothing_and_the_pages_close_up(tmp_path: Path) -> None:
    """A figure file cut short (its header is whole, so ingest takes it; its pixels cannot be read) stops its
    article at layout: no traceback, nothing of it left but its stage files and report, the next article takes
    its first page, and the issue outputs are still written. (A file that is no image at all is left out at
    ingest: tests/hostile.)"""
    folder = tmp_path / "issue"
    manifest = yaml.safe_load(tool("benchmark").copy_issue(SAMPLE_ISSUE, folder, only=("10-moschouris", "11-deshmukh"))
                              .read_text(encoding="utf-8"))
    broken = folder / manifest["articles"][0]["figures"][0]
    broken.write_bytes(broken.read_bytes()[:400])

    result = subprocess.run([sys.executable, "-m", "pipeline", "issue", str(folder / "issue.yaml"), "--build",
                             str(tmp_path / "build")], capture_output=True, text=True, cwd=PROJECT)

    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert f"{broken}: the figure file cannot be read as an image" in result.stdout
    out = tmp_path / "build" / "dir-29-04"
    report = {a["id"]: a for a in json.loads((out / "report.json").read_text(encoding="utf-8"))["articles"]}
    assert report["10-moschouris"]["status"].startswith("failed at")
    assert report["11-deshmukh"]["status"] == "deposit-ready"
    first = manifest["first_page"]
    assert report["11-deshmukh"]["pages"][0] == first  # the failed article holds no pages
    left = sorted(p.relative_to(out / "articles" / "10-moschouris").as_posix()
                  for p in (out / "articles" / "10-moschouris").iterdir())
    assert left == ["report.html", "work"]
    toc = json.loads((out / "toc.json").read_text(encoding="utf-8"))
    entries = {a["id"]: a for section in toc["sections"] for a in section["articles"]}
    assert entries["10-moschouris"]["fpage"] is None and entries["10-moschouris"]["pdf"] is None
    assert entries["11-deshmukh"]["fpage"] == first
    assert [p.name for p in (out / "pmc").glob("*.zip")] == [f"dir-29-04-{first:04d}.zip"]

def test_a_doi_used_by_another_issue_is_refused(tmp_path: Path) -> None:
    from pipeline.config import load_issue
    from pipeline.issue import dois
    from pipeline.issue.state import IssueBuild

    (tmp_path / "dois.json").write_text(json.dumps({"10.4274/dir.2023.232299": "dir-29-03/07-someone"}))
    build = IssueBuild.begin(load_issue(SAMPLE_ISSUE), tmp_path)
    state, twin = build.articles[1], build.articles[2]
    build.articles = [state, twin]
    for article in build.articles:  # both enriched with 02-pope's DOI
        article.files.work.mkdir(parents=True)
        article.files.enriched.write_bytes(b"<article><front><article-meta><article-id pub-id-type='doi'>"
                                           b"10.4274/dir.2023.232299</article-id></article-meta></front></article>")
    printed = io.StringIO()
    progress = Progress(printed)
    progress.start(build)
    dois.check(build, tmp_path, progress)
    assert any("dir-29-03/07-someone" in f.message for f in state.findings)
    assert any(f.code == "enrich.doi-duplicate" and "02-pope" in f.message for f in twin.findings)
    # every error is printed as it happens, these too (they come from no stage of one article)
    lines = printed.getvalue().splitlines()
    assert [re.search(r"\] (\S+)\s+DOI check !", line).group(1) for line in lines if "DOI check" in line] == [
        "02-pope", "03-oktay"]
    # each of the two: the other article of the issue, and the earlier issue (both carry the DOI it used)
    assert sum("ERROR [enrich.doi-duplicate]" in line for line in lines) == 4


def test_a_figure_file_listed_twice_is_used_once_with_a_warning(tmp_path: Path) -> None:
    import dataclasses

    from pipeline.articlefiles import ArticleFiles
    from pipeline.config import load_issue
    from pipeline.issue.stages import STAGES, ArticleJob, run_stage

    issue = load_issue(SAMPLE_ISSUE)
    entry = next(a for a in issue.manifest.articles if a.id == "11-deshmukh")
    twice = dataclasses.replace(entry, figures=[*entry.figures, entry.figures[0]])
    files = ArticleFiles.of(issue, twice, tmp_path)
    result = run_stage(STAGES["ingest"], ArticleJob(twice, issue, files))
    (warning,) = [f for f in result.findings if f.code == "input.listed-twice"]
    assert entry.figures[0] in warning.message and warning.article == "11-deshmukh"
    assert not [f for f in result.findings if f.severity.name == "ERROR"] and not result.failed
    assert len(files.read_supplied()) == len(entry.figures)  # each file once
    assert files.ingested.is_file()
