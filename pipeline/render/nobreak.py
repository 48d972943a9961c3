"""No-break spaces: a prepared JATS article -> the same with its spaces tied where a line must not break, in the text
the pages print (body, back matter, abstracts): a number and its unit ("2 h", "15 mm", "37 °C"), and a relation
and its value ("P = 0.066", "n = 9", "84.28% ± 1.53%").

One rule, applied at render, not at ingest: where a line may break is a property of the printed line, not of the
text. The JATS keeps the spaces the author typed, so the deposits (PubMed abstracts, PMC, Crossref) and anyone
mining the text get them as written; every page that sets lines takes them from here (the PDF now; the web page may
call the same function). The tree given is changed in place: it is render's private copy (prepare.py).
"""

from __future__ import annotations

import re

from lxml import etree

NBSP = "\u00a0"

# Units a number stands before, as they are written in the journal's articles (SI and clinical units, time, the
# needle gauge "G", the tesla "T" of a scanner); case matters ("5 T", not "5 to").
UNITS = tuple(" ".join((
    "nm µm μm mm cm m km mL ml µL μL dL L µg μg mcg ng mg g kg mmol µmol μmol mol mEq IU U",
    "ms s sec min h hr hrs d wk mo y yr yrs minutes minute hours hour days day weeks week months month years year",
    "% ‰ °C °F ° Gy cGy mGy mSv Sv Bq MBq GBq kV kVp mA mAs T Hz kHz MHz W J kJ cal kcal HU G Fr mmHg cmH2O",
    "bpm cc px dpi")).split(" "))
_UNIT = "|".join(sorted((re.escape(unit) for unit in UNITS), key=len, reverse=True))
# a number (with its decimals, a range "9–12", a sign) before its unit; the unit ends where a word would
NUMBER_UNIT = re.compile(rf"(\d)[ \t\n\r]+({_UNIT})(?![\w°])")
# a relation sign between two spaces before a number: tie it to both sides ("P = 0.066", "n = 9", "≥ 50%")
RELATION = re.compile(r"[ \t\n\r]+([=<>≤≥±×])[ \t\n\r]+(?=[-−+]?[\d.,])")
# a relation sign written against its value, after a space: "P <0.001"
RELATION_BEFORE = re.compile(r"(\w)[ \t\n\r]+([=<>≤≥])(?=[-−+]?\d)")

# Where the text is not prose: addresses, code, formulas, and the references (formatted by the reference style).
SKIPPED = frozenset({"ext-link", "uri", "email", "self-uri", "code", "preformat", "tex-math", "ref-list",
                     "element-citation", "mixed-citation", "citation", "nlm-citation", "object-id", "pub-id"})
MATHML = "{http://www.w3.org/1998/Math/MathML}"


# In a table cell "0.99% ± 0.99%" may wrap at its "±": tied, a table of such columns fits no page (pdf_tables.py).
RELATION_IN_TABLE = re.compile(r"[ \t\n\r]+([=<>≤≥])[ \t\n\r]+(?=[-−+]?[\d.,])")


def tie(text: str, in_table: bool = False) -> str:
    """The text with its number-unit and relation spaces made no-break spaces."""
    text = NUMBER_UNIT.sub(rf"\1{NBSP}\2", text)
    text = (RELATION_IN_TABLE if in_table else RELATION).sub(rf"{NBSP}\1{NBSP}", text)
    return RELATION_BEFORE.sub(rf"\1{NBSP}\2", text)


def _skipped(element: etree._Element) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag in SKIPPED or tag.startswith(MATHML)


def _tie_inside(element: etree._Element, in_table: bool = False) -> None:
    if _skipped(element):
        return
    in_table = in_table or element.tag == "table"
    if element.text:
        element.text = tie(element.text, in_table)
    for child in element:
        _tie_inside(child, in_table)
        if child.tail:
            child.tail = tie(child.tail, in_table)


def tie_spaces(article: etree._Element) -> etree._Element:
    """Tie the spaces of the article's body, back matter and abstracts (in place); returns the article."""
    for part in article.xpath("body | back | front/article-meta/abstract | front/article-meta/trans-abstract"):
        _tie_inside(part)
    return article
