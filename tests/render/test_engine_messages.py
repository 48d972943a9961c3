"""WeasyPrint's messages, classified by one table (pipeline/render/engine_messages.py): a test for each row, a
message nobody classified is a warning that quotes itself, and the message that once blocked every deposit (the
fontTools subsetting of a machine without libharfbuzz-subset0) no longer blocks one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline import xmlio
from pipeline.config import load_journal
from pipeline.diagnostics import Severity
from pipeline.render import engine_messages, pdf
from tests.conftest import FIXTURES, PROJECT

# A message each row must classify, as WeasyPrint 70 formats it (its source's format strings, filled in).
SAMPLES: dict[str, tuple[str, Severity | None]] = {
    "Using fontTools instead of HarfBuzz-Subset": (
        'Using fontTools instead of HarfBuzz-Subset for font "Print Sans". This will be unsupported in future '
        "versions of WeasyPrint. Please install HarfBuzz-Subset >= 4.1.0 with your package manager.",
        Severity.WARNING),
    "Deprecated `": ("Deprecated `-weasy-hyphens:auto` at 3:5, prefixes on unstable attributes are deprecated, "
                     "use 'hyphens' instead.", Severity.WARNING),
    "Too many glyphs missing from": ('Too many glyphs missing from "Print Sans", expect text selection problems',
                                     Severity.WARNING),
    r"Please install HarfBuzz version \d+\+ with harfbuzz-vector": (
        "Please install HarfBuzz version 13+ with harfbuzz-vector to display Noto COLR emoji fonts.",
        Severity.WARNING),
    "Invalid date in <meta": ("Invalid date in <meta name=\"dcterms.created\"> 'yesterday'", Severity.WARNING),
    r"Invalid \w+ date:": ("Invalid modified date: 'soon'", Severity.WARNING),
    "Anchor defined twice": ("Anchor defined twice: 'fig1'", Severity.WARNING),
    "No anchor #": ("No anchor #tab9 for internal URI reference", Severity.WARNING),
    "Relative URI reference without a base URI": ("Relative URI reference without a base URI: fig.png",
                                                  Severity.WARNING),
    "Malformed (base )?URL": ("Malformed URL: http://[x", Severity.WARNING),
    "Unsupported color space": ("Unsupported color space CMYK, use sRGB instead", Severity.WARNING),
    'Image \\".*\\" has no required alt description': ('Image "fig1.png" has no required alt description',
                                                       Severity.WARNING),
    r"\.notdef glyph rendered": ('.notdef glyph rendered for Unicode string unsupported by fonts: "漢" (U+6F22)',
                                 None),
    "Failed to load image at": ("Failed to load image at 'file:///article/figures/fig1.png': no such file",
                                Severity.ERROR),
    "Failed to render SVG image|Failed to load inline SVG": ("Failed to render SVG image fig.svg", Severity.ERROR),
    "Font-face .* cannot be loaded": ("Font-face 'Print Sans' cannot be loaded", Severity.ERROR),
    'Unable to subset \\".*\\" with (HarfBuzz|fontTools)': ('Unable to subset "Print Sans" with HarfBuzz',
                                                            Severity.ERROR),
    'Unable to instantiate \\".*\\" variable font': ('Unable to instantiate "Inter" variable font', Severity.ERROR),
    "Unable to save emoji font": ('Unable to save emoji font "Noto"', Severity.ERROR),
    "Unknown bitmap metrics|Unsupported bitmap glyph format|Unknown subglyph|Unsupported subglyph": (
        'Unknown bitmap metrics in "Fixed" for glyph: 12', Severity.ERROR),
    "Ignored `": ("Ignored `colour: red` at 4:3, unknown property.", Severity.ERROR),
    r"Parse error at|Invalid math function at|Error: .* at \d+:\d+": ("Parse error at 7:1: unexpected '}'",
                                                                      Severity.ERROR),
    "Failed to load stylesheet|Unsupported stylesheet type": ("Failed to load stylesheet at print.css: gone",
                                                             Severity.ERROR),
    "Failed to apply CSS rule in SVG": ("Failed to apply CSS rule in SVG rule: fill", Severity.ERROR),
    "This row has more columns than the table": ("This row has more columns than the table, ignored 2 cells",
                                                 Severity.ERROR),
    "Content discarded": ("Content discarded: target points to undefined anchor 'x'", Severity.ERROR),
    "Unknown image mode": ("Unknown image mode: P;4", Severity.ERROR),
    'Missing required \\"lang\\" attribute': ('Missing required "lang" attribute at the root of the document',
                                             Severity.ERROR),
    "Unknown (PDF|rendering) option": ("Unknown PDF option: foo.", Severity.ERROR),
}
SAMPLES_BY_PREFIX = {
    "Unknown (empty )?rule": ("Unknown empty rule @foo at 3:1", Severity.ERROR),
    'Unable to compute content|Only strings are allowed for content|\\"(string|element)\\(.*\\)\\" is only allowed':
        ('"string(chapter)" is only allowed in page margins', Severity.ERROR),
    'Subgrids are unsupported|\\"auto-fit\\" and \\"auto-fill\\"': ("Subgrids are unsupported", Severity.ERROR),
    'Failed to load attachment|Missing href in <link rel=\\"attachment\\">': (
        'Missing href in <link rel="attachment">', Severity.ERROR),
}


def _sample(rule: engine_messages.Rule) -> tuple[str, Severity | None]:
    if rule.pattern in SAMPLES:
        return SAMPLES[rule.pattern]
    for prefix, sample in SAMPLES_BY_PREFIX.items():
        if rule.pattern.startswith(prefix):
            return sample
    raise AssertionError(f"no test message for the row {rule.pattern!r}: add one to SAMPLES")


@pytest.mark.parametrize("rule", engine_messages.RULES, ids=lambda r: r.pattern[:40])
def test_each_row_classifies_its_message(rule: engine_messages.Rule) -> None:
    message, severity = _sample(rule)
    assert engine_messages.rule_for(message) is rule
    finding = engine_messages.classify(message, article="10.4274/x")
    if severity is None:
        assert finding is None
    else:
        assert finding is not None and finding.severity is severity
        assert message in finding.message and finding.article == "10.4274/x"


def test_a_message_nobody_classified_is_a_warning_that_quotes_itself() -> None:
    finding = engine_messages.classify("Layout engine rewritten in Rust; please rejoice")
    assert finding is not None and finding.severity is Severity.WARNING
    assert finding.code == "render.engine-unclassified"
    assert "Layout engine rewritten in Rust; please rejoice" in finding.message
    assert "pipeline/render/engine_messages.py" in finding.message


def test_messages_of_one_row_are_one_finding() -> None:
    messages = [f'Using fontTools instead of HarfBuzz-Subset for font "{f}". This will be unsupported.'
                for f in ("Print Sans", "Print Mono", "Print Sans")]
    findings = engine_messages.findings(messages)
    assert len(findings) == 1 and "Print Mono" in findings[0].message and "1 more like it" in findings[0].message


def test_a_css_property_weasyprint_ignores_is_an_error_from_the_real_engine(tmp_path: Path) -> None:
    with pdf._weasyprint_messages() as messages:
        journal = load_journal(PROJECT / "config" / "journals" / "dir.yaml")
        pdf._layout(b'<html lang="en"><body><p style="colour: red">x</p></body></html>', tmp_path, journal)
    findings = engine_messages.findings(messages)
    assert [f.severity for f in findings] == [Severity.ERROR]
    assert "unknown property" in findings[0].message


def test_an_article_pdf_made_without_harfbuzz_subsetting_is_not_blocked(monkeypatch, tmp_path: Path) -> None:
    """Issue 10: on a machine without libharfbuzz-subset0 every article was 'NOT deposit-ready'."""
    from weasyprint.pdf import fonts

    monkeypatch.setattr(fonts, "harfbuzz_subset", None)
    journal = load_journal(PROJECT / "config" / "journals" / "dir.yaml")
    figures = tmp_path / "figures"
    figures.mkdir()
    article = xmlio.parse(FIXTURES / "profile-article.xml").getroot()
    for graphic in article.xpath("//graphic/@xlink:href", namespaces=xmlio.NS):
        from PIL import Image

        Image.new("RGB", (40, 30), "white").save(figures / graphic, format="PNG")
    rendered = pdf.render_pdf(article, tmp_path / "a.pdf", journal, "final", figures_dir=figures, first_page=1,
                              issue_date=dt.date(2023, 7, 21))
    notices = [f for f in rendered.findings if f.code == "render.engine-notice"]
    assert notices and "fontTools" in notices[0].message
    assert not [f for f in rendered.findings if f.severity is Severity.ERROR]
