"""WeasyPrint's log messages -> findings: one table says which change the printed result and which do not.

A message that changes what is printed (an image not drawn, a font that falls back to another face, a CSS rule
the layout relies on dropped, cells or content discarded, a font that cannot be embedded) is an error: the PDF
must not be deposited. A message that says the output is right but was made a slower or deprecated way (the
fontTools subsetting WeasyPrint uses where the HarfBuzz subsetting library is missing) is a warning: it never
blocks a deposit. A message nobody has classified is a warning that quotes itself, so that a new WeasyPrint
release cannot silently block every deposit, nor silently pass a real problem.

Each row: the pattern (a regular expression matched at the start of the message), the finding code, and what it
means in production staff's words. Rows whose code is None are reported elsewhere (the glyph check names the
character and its page) and are not repeated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.diagnostics import Finding


@dataclass(frozen=True)
class Rule:
    pattern: str
    code: str | None
    meaning: str

    def matches(self, message: str) -> bool:
        return re.match(self.pattern, message) is not None


ERROR = "render.failed"
NOTICE = "render.engine-notice"

RULES: tuple[Rule, ...] = (
    # Output correct, made another way: warnings.
    Rule(r"Using fontTools instead of HarfBuzz-Subset", NOTICE,
         "fonts were embedded with fontTools because the HarfBuzz subsetting library is missing (slower; the PDF "
         "is correct but its bytes differ from a machine that has it): run `make doctor`"),
    Rule(r"Deprecated `", NOTICE, "a CSS property is written in a deprecated form; it still applies"),
    Rule(r"Too many glyphs missing from", NOTICE, "a font lacks glyphs, so selecting text in the PDF may misbehave"),
    Rule(r"Please install HarfBuzz version \d+\+ with harfbuzz-vector", NOTICE,
         "colour emoji fonts need a newer HarfBuzz; the journal's fonts are not colour fonts"),
    Rule(r"Invalid date in <meta", NOTICE, "a date in the page's metadata was not understood; the PDF omits it"),
    Rule(r"Invalid \w+ date:", NOTICE, "a date in the page's metadata was not understood; the PDF omits it"),
    Rule(r"Anchor defined twice", NOTICE, "two places in the PDF have the same link target; links go to the first"),
    Rule(r"No anchor #", NOTICE, "a link inside the PDF points at nothing; the text is printed, the link is dead"),
    Rule(r"Relative URI reference without a base URI", NOTICE, "a link could not be resolved; the text is printed"),
    Rule(r"Malformed (base )?URL", NOTICE, "a link is malformed; the text is printed"),
    Rule(r"Unsupported color space", NOTICE, "an image's colour space was converted to sRGB"),
    Rule(r"Image \".*\" has no required alt description", NOTICE,
         "an image has no alternative text in the tagged PDF (the JATS checks name the figure)"),
    # Reported with its page by the glyph check (pdf_fonts.missing_glyphs).
    Rule(r"\.notdef glyph rendered", None, "a character has no glyph"),
    # What is printed changes: errors.
    Rule(r"Failed to load image at", ERROR, "an image could not be loaded, so it is not printed"),
    Rule(r"Failed to render SVG image|Failed to load inline SVG", ERROR, "an SVG image could not be drawn"),
    Rule(r"Font-face .* cannot be loaded", ERROR, "a font could not be loaded, so another font is printed instead"),
    Rule(r"Unable to subset \".*\" with (HarfBuzz|fontTools)", ERROR, "a font could not be embedded in the PDF"),
    Rule(r"Unable to instantiate \".*\" variable font", ERROR, "a variable font could not be used"),
    Rule(r"Unable to save emoji font", ERROR, "a colour font could not be embedded"),
    Rule(r"Unknown bitmap metrics|Unsupported bitmap glyph format|Unknown subglyph|Unsupported subglyph", ERROR,
         "a glyph of a bitmap font could not be drawn"),
    Rule(r"Ignored `", ERROR, "a CSS rule of the layout was ignored, so the page is not laid out as designed"),
    Rule(r"Parse error at|Invalid math function at|Error: .* at \d+:\d+", ERROR,
         "the layout's CSS has an error, so part of it does not apply"),
    Rule(r"Unknown (empty )?rule|Unknown @page rule|Empty @page rule|Invalid prelude|Unsupported @page selector|"
         r"Invalid media type|Invalid @import rule|@import rule|Invalid layer name|Unsupported @layer|"
         r"@layer rule with multiple|Invalid counter style|In counter style|Invalid color profile|"
         r"Unknown descriptor|No source for profile|Invalid profile file", ERROR,
         "an at-rule of the layout's CSS was ignored"),
    Rule(r"Failed to load stylesheet|Unsupported stylesheet type", ERROR, "a stylesheet of the layout was not loaded"),
    Rule(r"Failed to apply CSS rule in SVG", ERROR, "an SVG image is drawn without part of its style"),
    Rule(r"This row has more columns than the table", ERROR, "table cells were dropped from the layout"),
    Rule(r"Content discarded", ERROR, "generated content was dropped from the layout"),
    Rule(r"Unable to compute content|Only strings are allowed for content|\"(string|element)\(.*\)\" is only allowed",
         ERROR, "generated content (a running head, a counter) could not be printed"),
    Rule(r"Subgrids are unsupported|\"auto-fit\" and \"auto-fill\"|Baseline alignment is not supported|"
         r"Inline grids are not supported", ERROR, "a grid layout is not supported, so it is laid out otherwise"),
    Rule(r"Unknown image mode", ERROR, "an image's colour mode is not supported"),
    Rule(r"Missing required \"lang\" attribute", ERROR, "the tagged PDF has no language"),
    Rule(r"Failed to load attachment|Missing href in <link rel=\"attachment\">", ERROR,
         "a file to be attached to the PDF was not attached"),
    Rule(r"Unknown (PDF|rendering) option", ERROR, "the pipeline asked WeasyPrint for an option it does not know"),
)

UNCLASSIFIED = "render.engine-unclassified"


def rule_for(message: str) -> Rule | None:
    return next((rule for rule in RULES if rule.matches(message)), None)


def classify(message: str, **where: str | None) -> Finding | None:
    """The finding for one WeasyPrint message (None: reported elsewhere)."""
    return _finding(rule_for(message), [message], where)


def _finding(rule: Rule | None, messages: list[str], where: dict[str, str | None]) -> Finding | None:
    quoted = messages[0] + (f" (and {len(messages) - 1} more like it: {'; '.join(messages[1:4])}"
                            f"{'; ...' if len(messages) > 4 else ''})" if len(messages) > 1 else "")
    if rule is None:
        return Finding.of(UNCLASSIFIED, "WeasyPrint said something the pipeline does not know yet; check the PDF "
                          f"and add the message to pipeline/render/engine_messages.py: {quoted}", **where)
    if rule.code is None:
        return None
    return Finding.of(rule.code, f"{rule.meaning}. WeasyPrint said: {quoted}", **where)


def findings(messages: list[str], **where: str | None) -> list[Finding]:
    """One finding per rule that the messages meet (quoting each distinct message), and one per message nobody
    has classified, in the order they came."""
    grouped: dict[Rule | str, list[str]] = {}
    for message in dict.fromkeys(messages):
        rule = rule_for(message)
        grouped.setdefault(rule if rule is not None else message, []).append(message)
    out = []
    for key, said in grouped.items():
        finding = _finding(key if isinstance(key, Rule) else None, said, where)
        if finding is not None:
            out.append(finding)
    return out
