"""`python -m pipeline doctor` (`make doctor`): is this machine ready to build issues? One screen, one line a check.

Checks everything the build stands on, in the order it is used: Python, the system libraries and fonts
(pipeline/machine/system.py), pandoc (the pinned one), SaxonC, lxml, WeasyPrint with Pango and the HarfBuzz
subsetting library, the PDF fonts and their glyphs (every character of the journal's house_style.glyphs, in
every face), a real PDF made with them (WeasyPrint's messages classified as the build classifies them), and the
schema store against its sha256 list. Then what only the test suite uses (poppler's tools, Chromium, axe-core),
where a gap only skips tests and says which.

A ✗ means the build cannot make correct outputs: the exit status is 1 and the line says what fixes it. A ! is
worth fixing but the outputs are still correct. `make install` ends by running the doctor.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.machine import system

PROJECT = Path(__file__).resolve().parents[2]
JOURNALS = PROJECT / "config" / "journals"  # every journal's glyphs are checked
AXE = PROJECT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
MIN_PYTHON = (3, 11)


MARKS = {"ok": "✓", "warn": "!", "fail": "✗", "info": "·"}


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # ok | warn | fail | info
    detail: str
    fix: str = ""

    def lines(self) -> list[str]:
        out = [f"  {MARKS[self.status]} {self.name}: {self.detail}"]
        out += [f"      {line}" for line in self.fix.splitlines()]
        return out


@dataclass
class Machine:
    """What the doctor looks at; tests replace parts to simulate a machine without something."""
    probe: system.Probe = field(default_factory=system.Probe)
    manager: str | None = field(default_factory=system.package_manager)
    journal_configs: list[Path] = field(default_factory=lambda: sorted(JOURNALS.glob("*.yaml")))
    axe: Path = AXE


def _fix_for(need: system.Need, manager: str | None) -> str:
    """The command that installs one need here (or for every system we know, when we cannot tell)."""
    if manager is not None and need.applies(manager):
        commands = system.install_commands([need], manager, sudo=manager != "brew", for_person=True)
        commands = [c for c in commands if "update" not in c]
        if commands:
            return "fix: " + "\n     ".join(" ".join(c) for c in commands)
    return "fix, by system:\n" + system.how_to_install([need])


def check_python() -> Check:
    version = ".".join(map(str, sys.version_info[:3]))
    if sys.version_info[:2] < MIN_PYTHON:
        return Check("Python", "fail", f"{version}; the pipeline needs {'.'.join(map(str, MIN_PYTHON))} or newer",
                     "fix: install Python 3.11 or newer and run `make install PYTHON=python3.11`")
    return Check("Python", "ok", version)


def check_system(machine: Machine) -> Iterator[Check]:
    for need in system.NEEDS:
        if not need.applies(machine.manager) or not need.doctor_probes:
            continue
        missing = system.missing_parts(need, machine.probe)
        if not missing:
            yield Check(need.name, "ok", "present")
        elif need.for_tests:
            yield Check(need.name, "warn", f"missing {', '.join(missing)}: {need.why}, so those tests are skipped",
                        _fix_for(need, machine.manager))
        else:
            yield Check(need.name, "fail", f"missing {', '.join(missing)}: {need.why}", _fix_for(need, machine.manager))


def check_pandoc() -> Check:
    from pipeline.ingest import pandoc

    try:
        binary = pandoc.pandoc_binary()
        version = pandoc.pandoc_version()
    except Exception as exc:  # a missing or broken binary: said in words below
        return Check("pandoc", "fail", f"the pinned pandoc {pandoc.PANDOC_VERSION} cannot run ({exc})",
                     "fix: make install (pypandoc-binary ships it)")
    if version != pandoc.PANDOC_VERSION:
        return Check("pandoc", "fail", f"{binary} is pandoc {version}; ingest is pinned to {pandoc.PANDOC_VERSION}",
                     "fix: make install (pypandoc-binary ships the pinned pandoc)")
    return Check("pandoc", "ok", f"{version} (pypandoc-binary's, as pinned)")


def check_saxon() -> Check:
    try:
        from pipeline import xslt

        xslt._compiled("jats-to-html.xsl")
        version = xslt._processor().version
    except Exception as exc:
        return Check("SaxonC (XSLT 3.0)", "fail", f"cannot compile the stylesheets ({exc})", "fix: make install")
    return Check("SaxonC (XSLT 3.0)", "ok", f"{version}; the stylesheets compile")


def check_lxml() -> Check:
    from lxml import etree

    libxml = ".".join(map(str, etree.LIBXML_VERSION))
    return Check("lxml", "ok", f"{'.'.join(map(str, etree.LXML_VERSION[:3]))} with libxml2 {libxml}")


def check_weasyprint(machine: Machine) -> Iterator[Check]:
    try:
        import weasyprint
        from weasyprint.text import ffi
    except Exception as exc:  # WeasyPrint raises OSError or others when a library is missing
        yield Check("WeasyPrint", "fail", f"does not load ({type(exc).__name__}: {exc})",
                    "fix: make install (it installs Pango and HarfBuzz)")
        return
    number = ffi.pango.pango_version()  # major * 10000 + minor * 100 + micro
    pango = f"{number // 10000}.{number // 100 % 100}.{number % 100}"
    yield Check("WeasyPrint", "ok", f"{weasyprint.__version__} with Pango {pango}")
    if ffi.harfbuzz_subset is None:
        yield Check("HarfBuzz subsetting in WeasyPrint", "warn",
                    "not available: PDFs are made with fontTools subsetting (slower, deprecated by WeasyPrint, and "
                    "their bytes differ from a machine that has it)",
                    _fix_for(next(n for n in system.NEEDS if n.name == "HarfBuzz subsetting library"),
                             machine.manager))
    else:
        yield Check("HarfBuzz subsetting in WeasyPrint", "ok", "available")


def check_fonts(machine: Machine) -> Iterator[Check]:
    """Each journal's PDF faces are installed and draw every character its text needs."""
    from pipeline.config import load_journal
    from pipeline.config.typed import ConfigError

    for config in machine.journal_configs:
        try:
            style = load_journal(config).house_style
        except ConfigError as exc:
            yield Check("journal configuration", "fail", str(exc), "fix: correct the file")
            continue
        yield from _fonts_of(style, config, machine)


def _fonts_of(style, config: Path, machine: Machine) -> Iterator[Check]:
    from pipeline.render import pdf_fonts

    faces = style.fonts.print
    missing = [face for face in faces if pdf_fonts.find_font(face) is None]
    if missing:
        fonts = next(n for n in system.NEEDS if n.fonts)
        names = ", ".join(f"{face.file} ({face.family})" for face in missing)
        yield Check(f"PDF fonts of {config.stem}", "fail", f"not installed: {names}", _fix_for(fonts, machine.manager))
        return
    families = sorted({face.family for face in faces})
    yield Check(f"PDF fonts of {config.stem}", "ok", ", ".join(families))
    # The text's family is the first face's; a character it lacks may come from another configured family (the
    # print stylesheet's fallbacks, such as "Print Math").
    text = faces[0].family
    gaps = []
    for face in faces:
        if face.family != text:
            continue
        lacking = [c for c in dict.fromkeys(style.glyphs) if not c.isspace()
                   and not pdf_fonts.covers(faces, families, face.weight, face.style, c)]
        if lacking:
            gaps.append(f"{face.file} lacks {''.join(lacking)}")
    if gaps:
        yield Check(f"glyphs of {config.stem}", "fail", "; ".join(gaps) + " (characters of house_style.glyphs in "
                    f"{config.name})", "fix: install the fonts the journal's config names, or choose faces that have "
                    "these glyphs")
    else:
        count = len(set(style.glyphs) - {" "})
        yield Check(f"glyphs of {config.stem}", "ok", f"every face draws all {count} characters the journal needs")


def check_pdf(machine: Machine) -> Iterator[Check]:
    """A small PDF in each journal's faces, and WeasyPrint's messages on the way, as the build classifies them."""
    from pipeline.config import load_journal
    from pipeline.config.typed import ConfigError
    from pipeline.diagnostics import Severity
    from pipeline.render import engine_messages, pdf

    for config in machine.journal_configs:
        name = f"a test PDF of {config.stem}"
        try:
            journal = load_journal(config)
        except ConfigError:
            continue  # said by the font check
        html = ('<html lang="en"><body style="font-family: \'Print Sans\'"><p>Doğan, Şahin, İnce: α ≤ 0.05 ± 1</p>'
                '<p><b>Bold</b> <i>italic</i> <code style="font-family: \'Print Mono\'">mono</code></p></body></html>')
        try:
            with pdf._weasyprint_messages() as messages:
                document = pdf._layout(html.encode(), PROJECT, journal)
                document.write_pdf()
        except Exception as exc:
            yield Check(name, "fail", f"WeasyPrint could not make it ({type(exc).__name__}: {exc})",
                        "fix: see the lines above; then `make doctor` again")
            continue
        findings = engine_messages.findings(messages)
        errors = [f for f in findings if f.severity is Severity.ERROR]
        if errors:
            yield Check(name, "fail", "; ".join(f.message for f in errors), "fix: see the lines above")
        elif findings:
            yield Check(name, "warn", "made, and correct; " + "; ".join(f.message.split(". WeasyPrint said")[0]
                                                                       for f in findings))
        else:
            yield Check(name, "ok", f"made ({len(document.pages)} page), WeasyPrint reported nothing")


def check_schemas() -> Check:
    from pipeline import schemastore

    problems = schemastore.verify()
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        return Check("schema store", "fail", f"{schemastore.store_root()}: {shown}",
                     "fix: make install (it fills the store and checks every file's sha256)")
    return Check("schema store", "ok", f"{len(schemastore.read_lock())} files, each matching its sha256")


def check_axe(machine: Machine) -> Check:
    if machine.axe.is_file():
        return Check("axe-core (tests)", "ok", "installed for the accessibility scan")
    return Check("axe-core (tests)", "warn", "not installed: the browser tests are skipped",
                 "fix: make browser-deps (needs npm)")


CHECKS: tuple[tuple[str, Callable[[Machine], Iterator[Check] | Check]], ...] = (
    ("build", lambda m: check_python()),
    ("build", check_system),
    ("build", lambda m: check_pandoc()),
    ("build", lambda m: check_saxon()),
    ("build", lambda m: check_lxml()),
    ("build", check_weasyprint),
    ("build", check_fonts),
    ("build", check_pdf),
    ("build", lambda m: check_schemas()),
    ("tests", check_axe),
)


def run(machine: Machine | None = None, out: Callable[[str], None] = print) -> int:
    """Print every check; 1 when something stops the build from making correct outputs."""
    machine = machine or Machine()
    out("Is this machine ready to build issues?")
    checks: list[Check] = []
    for _, function in CHECKS:
        result = function(machine)
        for check in [result] if isinstance(result, Check) else list(result):
            checks.append(check)
            for line in check.lines():
                out(line)
    failed = [c for c in checks if c.status == "fail"]
    warned = [c for c in checks if c.status == "warn"]
    if failed:
        out(f"Not ready: {len(failed)} problem(s) marked ✗ keep the build from making correct outputs.")
        return 1
    out("Ready: the build can make every output." + (f" ({len(warned)} note(s) marked ! above.)" if warned else ""))
    return 0


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(prog="doctor", description=__doc__.splitlines()[0]).parse_args(argv)
    return run()
