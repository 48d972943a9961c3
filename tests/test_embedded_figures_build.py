"""End to end: an article whose Figure 2 is pasted into its Word file (and not supplied as files) builds with that
figure taken from the manuscript: extracted into the article's build folder (never the issue folder), recorded
in work/figures.json as supplied files are, converted into figures/, packed for PMC, and kept by the build's
clean-up; a second build with nothing changed runs nothing and keeps the same bytes."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.shared import Inches

from tests.conftest import PROJECT, SAMPLE_ISSUE, tool

pytestmark = pytest.mark.slow
ARTICLE = "11-deshmukh"


def _paste_figure_2(folder: Path) -> tuple[Path, list[Path]]:
    """The article's manuscript with its Figure 2 files pasted above the Figure 2 legend, and the manifest without
    them. Returns the manifest and the pasted files."""
    manifest_path = tool("benchmark").copy_issue(SAMPLE_ISSUE, folder, only=(ARTICLE,))
    manifest = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))
    [entry] = manifest["articles"]
    pasted = [folder / name for name in entry["figures"] if "fig2" in name]
    entry["figures"] = [name for name in entry["figures"] if "fig2" not in name]
    manifest_path.write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8")
    document = Document(str(folder / entry["manuscript"]))
    legend = next(p for p in document.paragraphs if p.text.startswith("Figure 2."))
    run = legend.insert_paragraph_before().add_run()
    for path in pasted:
        run.add_picture(str(path), width=Inches(2))
    document.save(str(folder / entry["manuscript"]))
    for path in pasted:  # the issue folder holds no file of Figure 2 any more
        path.rename(folder / f"{path.name}.original")
    return manifest_path, [folder / f"{p.name}.original" for p in pasted]


def test_a_figure_pasted_into_the_manuscript_is_built_packed_and_kept(tmp_path: Path) -> None:
    manifest, originals = _paste_figure_2(tmp_path / "issue")
    before = sorted(p.relative_to(tmp_path / "issue") for p in (tmp_path / "issue").rglob("*"))
    build = tmp_path / "build"
    command = [sys.executable, "-m", "pipeline", "issue", str(manifest), "--build", str(build)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT)
    assert "Traceback" not in result.stdout + result.stderr
    out = build / "dir-29-04"
    article = out / "articles" / ARTICLE
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))["articles"][0]
    assert report["status"] == "deposit-ready", result.stdout[-2000:]
    codes = [f["code"] for f in report["findings"]]
    assert codes.count("ingest.figure-from-manuscript") == 1 and "ingest.figure-no-file" not in codes

    # extracted into the article's build folder, as the Word file holds them; the issue folder is untouched
    embedded = article / "work" / "embedded"
    assert sorted(p.name for p in embedded.iterdir()) == ["fig2a.jpg", "fig2b.jpg"]
    assert [p.read_bytes() for p in sorted(embedded.iterdir())] == [p.read_bytes() for p in originals]
    assert sorted(p.relative_to(tmp_path / "issue") for p in (tmp_path / "issue").rglob("*")) == before
    supplied = json.loads((article / "work" / "figures.json").read_text(encoding="utf-8"))
    assert supplied["f2a.jpg"] == str(embedded / "fig2a.jpg") and supplied["f2b.jpg"] == str(embedded / "fig2b.jpg")
    assert (article / "figures" / "f2a.jpg").read_bytes() == originals[0].read_bytes()
    [package] = (out / "pmc").glob("*.zip")
    with zipfile.ZipFile(package) as pmc:
        names = pmc.namelist()
    assert any(n.endswith("-g002a.tif") for n in names) and any(n.endswith("-g002b.tif") for n in names)

    # nothing changed: nothing runs again, and the pictures taken from the manuscript are still there
    stamp = {p: p.stat().st_mtime_ns for p in embedded.iterdir()}
    again = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT)
    assert "Traceback" not in again.stdout + again.stderr
    assert {p: p.stat().st_mtime_ns for p in embedded.iterdir()} == stamp
