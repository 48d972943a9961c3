"""What the pipeline needs from the machine outside Python, and `make install`'s first step that puts it there.

Run with the machine's own python3, before the virtualenv exists (standard library only):

    python3 -m pipeline.machine.system install   # install what is missing, or say how and stop
    python3 -m pipeline.machine.system check     # only say what is missing

Each need has a probe (a shared library that loads, a command on PATH, a font file fontconfig knows) and the
packages that provide it on Debian/Ubuntu (apt-get), Fedora (dnf) and macOS (Homebrew). Where the machine lets
us (apt-get or dnf as root or with sudo that asks no password; Homebrew as the user), `install` installs what is
missing and probes again; otherwise it prints the exact commands and exits 2 before anything else is set up, so
that nothing is half-installed. The doctor (pipeline/machine/doctor.py) checks the same needs, and more, from
inside the virtualenv.
"""

from __future__ import annotations

import ctypes
import os
import platform
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache


@dataclass(frozen=True)
class Packages:
    debian: tuple[str, ...] = ()
    fedora: tuple[str, ...] = ()
    brew: tuple[str, ...] = ()
    brew_cask: tuple[str, ...] = ()


@dataclass(frozen=True)
class Need:
    name: str  # in production staff's words
    why: str
    packages: Packages
    libraries: tuple[tuple[str, ...], ...] = ()  # each: the names one library is found under (any one will do)
    commands: tuple[tuple[str, ...], ...] = ()  # each: alternative command names
    fonts: tuple[str, ...] = ()  # font file names fontconfig must know
    python_modules: tuple[str, ...] = ()  # modules of the python that makes the virtualenv
    for_tests: bool = False  # only the test suite needs it
    platforms: tuple[str, ...] = ()  # empty: every platform; else the package managers it applies to
    # False where the doctor looks at it another way: the venv module (the doctor runs in the venv it made) and
    # the HarfBuzz subsetting library (the doctor asks WeasyPrint whether it found it).
    doctor_probes: bool = True

    def applies(self, manager: str | None) -> bool:
        return not self.platforms or manager in self.platforms


def _lib(stem: str, soname: int | str) -> tuple[str, ...]:
    """The names WeasyPrint's loader tries for a library (Linux, macOS)."""
    return (f"lib{stem}.so.{soname}", f"lib{stem}.{soname}.dylib", f"lib{stem}.dylib")


# The journal's PDF fonts (pipeline/render/pdf_fonts.py FACES) come from these packages; a test checks that every
# face file the renderer uses is listed here.
DEJAVU_FILES = (
    "DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf", "DejaVuSansCondensed-Oblique.ttf",
    "DejaVuSansCondensed-BoldOblique.ttf", "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf", "DejaVuMathTeXGyre.ttf",
    "DejaVuSans.ttf",
)

NEEDS: tuple[Need, ...] = (
    Need("Python's venv module", "make install puts the pipeline's Python packages in a virtualenv (.venv)",
         Packages(debian=("python3-venv",)), python_modules=("ensurepip", "venv"), platforms=("apt-get",),
         doctor_probes=False),
    Need("Pango", "WeasyPrint lays out the PDFs' text with Pango",
         Packages(debian=("libpango-1.0-0", "libpangoft2-1.0-0"), fedora=("pango",), brew=("pango",)),
         libraries=(_lib("pango-1.0", 0), _lib("pangoft2-1.0", 0))),
    Need("HarfBuzz", "WeasyPrint shapes the PDFs' text with HarfBuzz",
         Packages(debian=("libharfbuzz0b",), fedora=("harfbuzz",), brew=("harfbuzz",)),
         libraries=(_lib("harfbuzz", 0),)),
    Need("HarfBuzz subsetting library", "WeasyPrint embeds only the glyphs a PDF uses; without this library it "
         "falls back to a slower, deprecated way",
         Packages(debian=("libharfbuzz-subset0",), fedora=("harfbuzz",), brew=("harfbuzz",)),
         libraries=(_lib("harfbuzz-subset", 0),), doctor_probes=False),
    Need("fontconfig", "WeasyPrint finds fonts through fontconfig",
         Packages(debian=("libfontconfig1", "fontconfig"), fedora=("fontconfig",), brew=("fontconfig",)),
         libraries=(_lib("fontconfig", 1),), commands=(("fc-list",),)),
    Need("DejaVu fonts", "the PDFs are set in DejaVu Sans Condensed, DejaVu Sans Mono and DejaVu Math TeX Gyre",
         Packages(debian=("fonts-dejavu-core", "fonts-dejavu-extra"),
                  fedora=("dejavu-sans-fonts", "dejavu-sans-mono-fonts", "dejavu-math-tex-gyre-fonts"),
                  brew_cask=("font-dejavu",)),
         fonts=DEJAVU_FILES),
    Need("poppler's PDF tools", "the tests read the PDFs back (pdftotext, pdffonts, pdfinfo, pdftoppm)",
         Packages(debian=("poppler-utils",), fedora=("poppler-utils",), brew=("poppler",)),
         commands=(("pdftotext",), ("pdftoppm",), ("pdffonts",), ("pdfinfo",)), for_tests=True),
    Need("Chromium", "the browser tests load the HTML pages in headless Chromium",
         Packages(debian=("chromium",), fedora=("chromium",), brew_cask=("chromium",)),
         commands=(("chromium", "chromium-browser", "google-chrome"),), for_tests=True),
    Need("OpenSSL", "the proof-sending tests make a TLS certificate for their SMTP server with the openssl command",
         Packages(debian=("openssl",), fedora=("openssl",), brew=("openssl@3",)),
         commands=(("openssl",),), for_tests=True),
    Need("npm", "the browser tests' accessibility scan (axe-core) is installed with npm",
         Packages(debian=("npm",), fedora=("nodejs-npm",), brew=("node",)),
         commands=(("npm",),), for_tests=True),
)


# --- probes -----------------------------------------------------------------------------------------------------

def library_loads(names: Sequence[str]) -> bool:
    for name in names:
        try:
            ctypes.CDLL(name)
            return True
        except OSError:
            continue
    return False


def command_found(names: Sequence[str]) -> bool:
    return any(shutil.which(name) for name in names)


@cache
def font_files() -> frozenset[str]:
    """The file names of the fonts fontconfig knows (empty without fc-list)."""
    if not shutil.which("fc-list"):
        return frozenset()
    out = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, check=False).stdout
    return frozenset(os.path.basename(line) for line in out.splitlines() if line)


def python_has(module: str, python: str) -> bool:
    return subprocess.run([python, "-c", f"import {module}"], capture_output=True, check=False).returncode == 0


@dataclass
class Probe:
    """What is looked at; tests replace parts of it to simulate a machine without something."""
    python: str = sys.executable
    library_loads: Callable[[Sequence[str]], bool] = library_loads
    command_found: Callable[[Sequence[str]], bool] = command_found
    font_files: Callable[[], frozenset[str]] = font_files
    python_has: Callable[[str, str], bool] = python_has


def missing_parts(need: Need, probe: Probe) -> list[str]:
    """What of a need is not on this machine, in words; empty when all of it is."""
    missing = [f"library {names[0]}" for names in need.libraries if not probe.library_loads(names)]
    missing += [f"command {' or '.join(names)}" for names in need.commands if not probe.command_found(names)]
    known = probe.font_files()
    missing += [f"font {name}" for name in need.fonts if name not in known]
    missing += [f"Python module {name}" for name in need.python_modules if not probe.python_has(name, probe.python)]
    return missing


# --- package managers ---------------------------------------------------------------------------------------------

def package_manager() -> str | None:
    if sys.platform == "darwin" and shutil.which("brew"):
        return "brew"
    for manager in ("apt-get", "dnf"):
        if shutil.which(manager):
            return manager
    return None


def _packages(needs: Sequence[Need], manager: str) -> tuple[list[str], list[str]]:
    """(packages, casks) for the needs, in the table's order, each once."""
    names: dict[str, None] = {}
    casks: dict[str, None] = {}
    for need in needs:
        if manager == "apt-get":
            names.update(dict.fromkeys(need.packages.debian))
        elif manager == "dnf":
            names.update(dict.fromkeys(need.packages.fedora))
        elif manager == "brew":
            names.update(dict.fromkeys(need.packages.brew))
            casks.update(dict.fromkeys(need.packages.brew_cask))
    return list(names), list(casks)


def install_commands(needs: Sequence[Need], manager: str, sudo: bool = False, for_person: bool = False
                     ) -> list[list[str]]:
    """The commands that install the needs with one package manager (for a person to type: without the
    non-interactive settings a program needs)."""
    names, casks = _packages(needs, manager)
    prefix = ["sudo"] if sudo else []
    commands: list[list[str]] = []
    if manager == "apt-get" and names:
        commands.append([*prefix, "apt-get", "update"])
        quiet = [] if for_person else ["env", "DEBIAN_FRONTEND=noninteractive"]
        commands.append([*prefix, *quiet, "apt-get", "install", "-y", "--no-install-recommends", *names])
    elif manager == "dnf" and names:
        commands.append([*prefix, "dnf", "install", "-y", *names])
    elif manager == "brew":
        if names:
            commands.append(["brew", "install", *names])
        if casks:
            commands.append(["brew", "install", "--cask", *casks])
    return commands


def _show(command: list[str]) -> str:
    return " ".join(shlex.quote(part) for part in command)


def how_to_install(needs: Sequence[Need]) -> str:
    """The commands for every package manager we know, for a person to run."""
    lines = []
    for manager, label in (("apt-get", "Debian/Ubuntu"), ("dnf", "Fedora"), ("brew", "macOS (Homebrew)")):
        applicable = [need for need in needs if need.applies(manager)]
        commands = install_commands(applicable, manager, sudo=manager != "brew", for_person=True)
        if commands:
            lines.append(f"  {label}:")
            lines += [f"    {_show(c)}" for c in commands]
    return "\n".join(lines)


def can_install(manager: str | None) -> tuple[bool, bool]:
    """(whether we may install, whether it needs sudo) on this machine."""
    if manager is None:
        return False, False
    if manager == "brew":
        return True, False
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return True, False
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], capture_output=True,
                                               check=False).returncode == 0:
        return True, True
    return False, False


@dataclass
class Plan:
    manager: str | None
    missing: dict[str, list[str]] = field(default_factory=dict)  # need name -> its missing parts

    def needs(self) -> list[Need]:
        return [need for need in NEEDS if need.name in self.missing]


def plan(probe: Probe | None = None, manager: str | None = None) -> Plan:
    probe = probe or Probe()
    manager = manager if manager is not None else package_manager()
    result = Plan(manager)
    for need in NEEDS:
        if not need.applies(manager):
            continue
        parts = missing_parts(need, probe)
        if parts:
            result.missing[need.name] = parts
    return result


def describe(current: Plan) -> str:
    lines = []
    for need in current.needs():
        role = " (for the tests)" if need.for_tests else ""
        lines.append(f"  - {need.name}{role}: {need.why}; missing {', '.join(current.missing[need.name])}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None, probe: Probe | None = None, manager: str | None = None,
         may_install: Callable[[str | None], tuple[bool, bool]] = can_install) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    action = args[0] if args else "check"
    if action not in ("install", "check"):
        print("usage: python3 -m pipeline.machine.system [install|check]", file=sys.stderr)
        return 2
    current = plan(probe, manager)
    if not current.missing:
        print("system libraries, fonts and tools: all present")
        return 0
    print("This machine lacks what the pipeline needs:\n" + describe(current))
    allowed, sudo = may_install(current.manager)
    if action == "check" or not allowed:
        if action == "install":
            why = ("no package manager this project knows (apt-get, dnf, Homebrew) was found"
                   if current.manager is None else "installing system packages needs root or sudo without a password")
            print(f"\nNothing was installed: {why} ({platform.system()}). Run, then `make install` again:")
        else:
            print("\nTo install them:")
        print(how_to_install(current.needs()))
        return 2
    for command in install_commands(current.needs(), current.manager, sudo):
        print(f"$ {_show(command)}", flush=True)
        if subprocess.run(command, check=False).returncode != 0:
            print(f"\nthe command failed: {_show(command)}\nNothing else was set up; fix it and run `make install` "
                  "again.", file=sys.stderr)
            return 2
    font_files.cache_clear()
    after = plan(probe, current.manager)
    if after.missing:
        print("\nStill missing after installing:\n" + describe(after), file=sys.stderr)
        return 2
    print("system libraries, fonts and tools: installed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
