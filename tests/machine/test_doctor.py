"""`python -m pipeline doctor`: exit 0 on a ready machine; with a library, a font, a glyph, a schema file or the
pinned pandoc gone (simulated), exit 1 naming what is missing and the command that fixes it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from pipeline import schemastore
from pipeline.machine import doctor, system
from pipeline.render import pdf_fonts
from tests.conftest import PROJECT


def run(machine: doctor.Machine | None = None) -> tuple[int, str]:
    lines: list[str] = []
    status = doctor.run(machine or doctor.Machine(manager="apt-get"), out=lines.append)
    return status, "\n".join(lines)


def test_the_command_says_the_machine_is_ready() -> None:
    result = subprocess.run([sys.executable, "-m", "pipeline", "doctor"], cwd=PROJECT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines()[0] == "Is this machine ready to build issues?"
    assert result.stdout.splitlines()[-1].startswith("Ready: the build can make every output.")
    for name in ("Python", "pandoc", "SaxonC", "WeasyPrint", "PDF fonts", "glyphs", "a test PDF", "schema store"):
        assert f" {name}" in result.stdout


def test_a_missing_system_library_is_named_with_the_package_that_fixes_it() -> None:
    probe = system.Probe(library_loads=lambda names: "libpango-1.0.so.0" not in names)
    status, out = run(doctor.Machine(probe=probe, manager="apt-get"))
    assert status == 1
    assert "✗ Pango: missing library libpango-1.0.so.0" in out
    assert "fix: sudo apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0" in out
    assert out.splitlines()[-1].startswith("Not ready: 1 problem")


def test_without_knowing_the_system_every_known_command_is_given() -> None:
    probe = system.Probe(library_loads=lambda names: "libfontconfig.so.1" not in names)
    status, out = run(doctor.Machine(probe=probe, manager=None))
    assert status == 1
    assert "sudo apt-get install" in out and "sudo dnf install -y fontconfig" in out and "brew install" in out


def test_a_missing_test_tool_only_says_which_tests_are_skipped() -> None:
    probe = system.Probe(command_found=lambda names: "chromium" not in names and system.command_found(names))
    status, out = run(doctor.Machine(probe=probe, manager="apt-get"))
    assert "! Chromium: missing command chromium or chromium-browser or google-chrome" in out
    assert "so those tests are skipped" in out and "apt-get install -y --no-install-recommends chromium" in out
    assert status == 0 or "✗ Chromium" not in out


def test_a_missing_font_file_is_named(monkeypatch, tmp_path: Path) -> None:
    known = {path.name: path for path in pdf_fonts.system_fonts().values()}
    known.pop("DejaVuSansCondensed-Bold.ttf")
    monkeypatch.setattr(pdf_fonts, "system_fonts", lambda: known)
    monkeypatch.setattr(pdf_fonts, "FONT_DIRS", (tmp_path,))
    status, out = run()
    assert status == 1
    assert "✗ PDF fonts of dir: not installed: DejaVuSansCondensed-Bold.ttf (Print Sans)" in out
    assert "fonts-dejavu-core fonts-dejavu-extra" in out


def test_a_glyph_the_fonts_lack_is_named(tmp_path: Path) -> None:
    config = tmp_path / "journal.yaml"
    text = (PROJECT / "config" / "journals" / "dir.yaml").read_text(encoding="utf-8")
    config.write_text(text.replace('glyphs: "', 'glyphs: "漢'), encoding="utf-8")
    status, out = run(doctor.Machine(manager="apt-get", journal_configs=[config]))
    assert status == 1
    assert "✗ glyphs of journal: DejaVuSansCondensed.ttf lacks 漢" in out


def test_a_schema_file_removed_from_the_store_is_named(monkeypatch, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(schemastore.store_root(), store)
    removed = schemastore.read_lock()[0].path
    (store / removed).unlink()
    monkeypatch.setenv("SCHEMA_STORE", str(store))
    status, out = run()
    assert status == 1
    assert f"✗ schema store: {store}: {removed} is missing" in out
    assert "fix: make install" in out


def test_a_pandoc_of_another_version_is_refused(monkeypatch) -> None:
    from pipeline.ingest import pandoc

    monkeypatch.setattr(pandoc, "pandoc_version", lambda: "3.1.3")
    status, out = run()
    assert status == 1
    assert f"is pandoc 3.1.3; ingest is pinned to {pandoc.PANDOC_VERSION}" in out


def test_without_harfbuzz_subsetting_the_machine_still_makes_correct_pdfs_and_says_how_to_speed_up(
        monkeypatch) -> None:
    from weasyprint.pdf import fonts
    from weasyprint.text import ffi

    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    monkeypatch.setattr(fonts, "harfbuzz_subset", None)
    status, out = run()
    assert status == 0, out
    assert "! HarfBuzz subsetting in WeasyPrint: not available" in out
    assert "apt-get install -y --no-install-recommends libharfbuzz-subset0" in out
    assert "! a test PDF of dir: made, and correct; fonts were embedded with fontTools" in out


@pytest.mark.parametrize("gone", ["libharfbuzz.so.0", "libpangoft2-1.0.so.0"])
def test_every_required_library_counts(gone: str) -> None:
    def loads(names: Sequence[str]) -> bool:
        return gone not in names and system.library_loads(names)

    status, out = run(doctor.Machine(probe=system.Probe(library_loads=loads), manager="apt-get"))
    assert status == 1 and f"missing library {gone}" in out
