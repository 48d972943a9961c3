"""Hostile and careless manifests through `python -m pipeline issue`, as `make issue` runs it (issue 16).

One trimmed issue, built once for the module: three articles whose manifest paths leave the issue folder (a
figure "../outside/fig1a.jpg", a manuscript "/etc/passwd", a figure that is a link to a file outside), and one
real article (the sample's 11-deshmukh) in an issue dated 2099 with an accepted date in 2031. The build's date
is fixed with SOURCE_DATE_EPOCH. Before, the outside figure went into a deposit-ready PMC package and the 2099
date became the Crossref batch timestamp, kept in deposit/crossref-state.json for every later batch.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from PIL import Image

from tests.conftest import SAMPLE_ISSUE
from tests.hostile.measure import Measured, run_pipeline

pytestmark = pytest.mark.slow  # one article is laid out (about half a minute)
SAMPLES = SAMPLE_ISSUE.parent
BUILD_DATE = "1688169600"  # 2023-07-01
ESCAPES = {"01-dogan": "../outside/fig1a.jpg", "02-pope": "/etc/passwd", "03-oktay": "link"}


@dataclass
class Built:
    run: Measured
    folder: Path  # the issue folder
    outside: Path  # a folder beside it, which no manifest path may reach
    out: Path  # build/dir-29-04

    @property
    def report(self) -> dict:
        return json.loads((self.out / "report.json").read_text(encoding="utf-8"))

    def article(self, ident: str) -> dict:
        return next(a for a in self.report["articles"] if a["id"] == ident)


def _manifest(tmp: Path) -> tuple[Path, Path]:
    folder, outside = tmp / "issue", tmp / "outside"
    (folder / "manuscripts").mkdir(parents=True)
    (folder / "figures").mkdir()
    outside.mkdir()
    data = yaml.safe_load(SAMPLE_ISSUE.read_text(encoding="utf-8"))
    by_id = {a["id"]: a for a in data["articles"]}
    noise = random.Random(16).randbytes(300 * 200 * 3)  # an image of its own, found nowhere in the issue
    Image.frombytes("RGB", (300, 200), noise).save(outside / "fig1a.jpg", quality=95)
    (folder / "figures" / "link.jpg").symlink_to(outside / "fig1a.jpg")
    for ident in ("01-dogan", "03-oktay", "11-deshmukh"):
        shutil.copy(SAMPLES / by_id[ident]["manuscript"], folder / by_id[ident]["manuscript"])
    shutil.copytree(SAMPLES / "figures" / "11-deshmukh", folder / "figures" / "11-deshmukh")
    by_id["01-dogan"]["figures"] = [ESCAPES["01-dogan"], *by_id["01-dogan"]["figures"][1:]]
    by_id["02-pope"]["manuscript"] = ESCAPES["02-pope"]
    by_id["03-oktay"]["figures"] = ["figures/link.jpg"]
    by_id["11-deshmukh"]["history"] = {"received": "2023-01-10", "accepted": "2031-03-01"}
    data["articles"] = [by_id[i] for i in ("01-dogan", "02-pope", "03-oktay", "11-deshmukh")]
    data["publication_date"] = "2099-07-21"
    manifest = folder / "issue.yaml"
    manifest.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return manifest, outside


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    tmp = tmp_path_factory.mktemp("hostile-issue")
    manifest, outside = _manifest(tmp)
    env = {**os.environ, "SOURCE_DATE_EPOCH": BUILD_DATE}
    run = run_pipeline("issue", str(manifest), "--build", str(tmp / "build"), env=env, timeout=600)
    return Built(run, manifest.parent, outside, tmp / "build" / "dir-29-04")


def test_the_build_ends_with_the_errors_and_no_traceback(built: Built) -> None:
    assert built.run.status == 1
    assert "Traceback" not in built.run.output and "build.internal" not in built.run.output


@pytest.mark.parametrize("ident", sorted(ESCAPES))
def test_a_path_out_of_the_issue_folder_stops_its_article_before_the_file_is_opened(built: Built, ident: str
                                                                                      ) -> None:
    article = built.article(ident)
    assert article["status"] == "failed at ingest"
    (finding,) = [f for f in article["findings"] if f["severity"] == "error"]
    assert finding["code"] == "input.outside-issue"
    assert finding["message"].startswith(f"the manifest names the file '{_named(ident)}', which is outside the "
                                         "issue folder")
    assert "ERROR [input.outside-issue]" in built.run.stdout


def _named(ident: str) -> str:
    return "figures/link.jpg" if ident == "03-oktay" else ESCAPES[ident]


def test_nothing_from_outside_reaches_the_build(built: Built) -> None:
    secret = (built.outside / "fig1a.jpg").read_bytes()
    passwd = Path("/etc/passwd").read_bytes()
    for path in built.out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert secret not in data and passwd not in data, path
    assert not list(built.out.glob("pmc/*.zip"))


def test_a_publication_date_of_2099_is_an_error_and_never_a_crossref_timestamp(built: Built) -> None:
    article = built.article("11-deshmukh")
    dates = [(f["location"], f["message"]) for f in article["findings"] if f["code"] == "enrich.date-invalid"]
    later = ("more than 366 days after the build's date 2023-07-01 (limits.future_days in the journal config; the "
             "build's date is SOURCE_DATE_EPOCH when set): a typing mistake?")
    assert dates == [
        ("manifest: publication_date, year", "the issue's publication date 2099-07-21 is not in the issue's year 2023"),
        ("manifest: publication_date", f"the issue's publication date 2099-07-21 is {later}"),
        ("manifest: history.accepted", f"the accepted date 2031-03-01 is {later}")]
    assert article["status"] == "not deposit-ready"
    assert not (built.out / "crossref.xml").exists()
    assert not (built.out / "deposit" / "crossref-state.json").exists()


def test_the_report_names_the_pandoc_that_ran(built: Built) -> None:
    assert built.report["tools"] == {"pandoc": "3.9"}


def test_a_manifest_error_names_the_article_by_its_id(tmp_path: Path) -> None:
    text = SAMPLE_ISSUE.read_text(encoding="utf-8").replace("  section: BREAST IMAGING", "  section: BREST", 1)
    manifest = tmp_path / "issue.yaml"
    manifest.write_text(text, encoding="utf-8")

    run = run_pipeline("issue", str(manifest), "--build", str(tmp_path / "build"))

    assert run.status == 1 and "Traceback" not in run.output
    assert (f"ERROR [config.invalid] {manifest}: article 03-oktay, section: 'BREST' is not a section of the "
            "journal") in run.stderr
    assert "articles[" not in run.output
