"""`make install`'s first step (pipeline/machine/system.py) and CI: what the machine needs, how it is installed or
how a person is told to install it, and that CI runs exactly what the README says."""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence

import pytest

from pipeline.config import load_journal
from pipeline.machine import system
from tests.conftest import PROJECT


def _probe(missing_library: str | None = None, missing_command: str | None = None,
           fonts: frozenset[str] | None = None) -> system.Probe:
    def loads(names: Sequence[str]) -> bool:
        return missing_library not in names

    def found(names: Sequence[str]) -> bool:
        return missing_command not in names

    return system.Probe(library_loads=loads, command_found=found,
                        font_files=lambda: frozenset(system.DEJAVU_FILES) if fonts is None else fonts,
                        python_has=lambda module, python: True)


def test_a_complete_machine_needs_nothing() -> None:
    assert system.plan(_probe(), "apt-get").missing == {}


def test_without_the_harfbuzz_subsetting_library_debian_gets_the_package_that_has_it() -> None:
    current = system.plan(_probe(missing_library="libharfbuzz-subset.so.0"), "apt-get")
    assert list(current.missing) == ["HarfBuzz subsetting library"]
    commands = system.install_commands(current.needs(), "apt-get")
    assert commands[0] == ["apt-get", "update"]
    assert commands[1][-1] == "libharfbuzz-subset0" and "DEBIAN_FRONTEND=noninteractive" in commands[1]
    assert system.install_commands(current.needs(), "dnf", sudo=True) == [["sudo", "dnf", "install", "-y",
                                                                           "harfbuzz"]]
    assert system.install_commands(current.needs(), "brew") == [["brew", "install", "harfbuzz"]]


def test_a_machine_that_may_not_install_is_told_the_commands_and_nothing_is_run(capsys, monkeypatch) -> None:
    ran: list[object] = []
    monkeypatch.setattr(system.subprocess, "run", lambda *a, **k: ran.append(a))
    status = system.main(["install"], _probe(missing_library="libharfbuzz-subset.so.0", missing_command="chromium"),
                         "apt-get", may_install=lambda manager: (False, False))
    out = capsys.readouterr().out
    assert status == 2 and ran == []
    assert "Nothing was installed" in out
    assert "sudo apt-get install -y --no-install-recommends libharfbuzz-subset0 chromium" in out
    assert "sudo dnf install -y harfbuzz chromium" in out
    assert "brew install --cask chromium" in out


def test_a_machine_that_may_install_runs_the_commands_and_checks_again(capsys, monkeypatch) -> None:
    ran: list[list[str]] = []

    class Done:
        returncode = 0

    state = {"installed": False}

    def run(command, check=False, **kwargs):
        ran.append(command)
        state["installed"] = True
        return Done()

    monkeypatch.setattr(system.subprocess, "run", run)
    probe = _probe()
    probe.library_loads = lambda names: state["installed"] or "libharfbuzz-subset.so.0" not in names
    status = system.main(["install"], probe, "apt-get", may_install=lambda manager: (True, True))
    assert status == 0, capsys.readouterr()
    assert ran[0] == ["sudo", "apt-get", "update"]
    assert ran[1][:2] == ["sudo", "env"] and ran[1][-1] == "libharfbuzz-subset0"


def test_a_package_that_installs_but_does_not_provide_the_need_is_an_error(capsys, monkeypatch) -> None:
    class Done:
        returncode = 0

    monkeypatch.setattr(system.subprocess, "run", lambda *a, **k: Done())
    status = system.main(["install"], _probe(missing_command="pdftotext"), "apt-get",
                         may_install=lambda manager: (True, False))
    assert status == 2
    assert "Still missing after installing" in capsys.readouterr().err


def test_every_font_face_the_pdfs_use_comes_from_a_package_make_install_installs() -> None:
    fonts = [need for need in system.NEEDS if need.fonts]
    provided = {name for need in fonts for name in need.fonts}
    faces = load_journal(PROJECT / "config" / "journals" / "dir.yaml").house_style.fonts.print
    assert {face.file for face in faces} <= provided
    assert all(need.packages.debian and need.packages.fedora and need.packages.brew_cask for need in fonts)


def _commands(text: str) -> list[str]:
    return [line.split("#")[0].strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def test_ci_runs_exactly_the_readme_commands_and_installs_nothing_of_its_own() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```sh\n(.*?)```", readme, re.S)
    assert first_block is not None
    readme_commands = _commands(first_block.group(1))
    assert readme_commands == ["make install", "make test"]
    ci = _commands((PROJECT / ".ci" / "run").read_text(encoding="utf-8"))
    steps = [c for c in ci if not c.startswith(("set ", "cd "))]
    assert steps == readme_commands
    words = {word for line in ci for word in shlex.split(line)}
    assert not words & {"apt-get", "apt", "dnf", "brew", "pip", "npm", "npx", "sudo", "curl", "wget"}


@pytest.mark.parametrize("need", [n for n in system.NEEDS if n.for_tests], ids=lambda n: n.name)
def test_make_install_installs_the_test_tools_too(need: system.Need) -> None:
    assert need.packages.debian, f"{need.name} must be installed by make install on Debian, as CI runs there"
