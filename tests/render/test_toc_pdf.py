"""The issue's printed Contents (toc.pdf) read back as a production editor reads it (issue 11): in the articles'
face, in the seed's hierarchy (page, type, title, then authors, the title the prominent line), its pages numbered
as the journal numbers its front matter (house_style.contents_pages), read with pdfplumber from the PDF the build
wrote.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.render.test_pdf import JOURNAL

pytestmark = pytest.mark.slow

ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
         (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(number: int) -> str:
    out = ""
    for value, letters in ROMAN:
        count, number = divmod(number, value)
        out += letters * count
    return out


def base_font(name: str) -> str:
    """A PDF font's name without its subset tag ("ABCDEF+DejaVuSansCondensed-Bold" -> "DejaVuSansCondensed-Bold")."""
    return name.split("+", 1)[-1]


def words_of(text: str) -> list[str]:
    return re.findall(r"\w+", text)


@pytest.fixture(scope="module")
def contents(sample_build) -> tuple[dict, Path, Path]:
    """toc.json, toc.pdf and the first article's final PDF of the sample issue's build."""
    out = sample_build.out
    return (json.loads((out / "toc.json").read_text(encoding="utf-8")), out / "toc.pdf",
            sample_build.articles[0].outputs["pdf"])


def test_the_contents_are_set_in_the_articles_face(contents) -> None:
    import pdfplumber

    _data, toc, article = contents
    with pdfplumber.open(toc) as document:
        toc_fonts = {base_font(c["fontname"]) for page in document.pages for c in page.chars}
    with pdfplumber.open(article) as document:
        article_fonts = {base_font(c["fontname"]) for page in document.pages for c in page.chars}
    assert toc_fonts and toc_fonts <= article_fonts, toc_fonts - article_fonts
    # the article face is the house style's: every font of the Contents is one of its print families (WeasyPrint
    # names an embedded font after its @font-face family: "Print-Sans-Bold-Semi-Condensed"), not a system font
    families = {font.family.replace(" ", "-") for font in JOURNAL.house_style.fonts.print}
    assert {name for name in toc_fonts if not any(name.startswith(family + "-") for family in families)} == set()


def _chars_of(document) -> list[dict]:
    return [c for page in document.pages for c in sorted(page.chars, key=lambda c: (round(c["top"]), c["x0"]))]


def test_each_entry_prints_page_type_title_then_authors_the_title_prominent(contents) -> None:
    import pdfplumber

    data, toc, _article = contents
    with pdfplumber.open(toc) as document:
        text = "\n".join(page.extract_text() for page in document.pages)
        words = document.pages[0].extract_words(extra_attrs=["fontname", "size"])
        for page in document.pages[1:]:
            words += page.extract_words(extra_attrs=["fontname", "size"])
    flat = " ".join(words_of(text))
    at = 0
    entries = [a for section in data["sections"] for a in section["articles"]]
    assert len(entries) == 12
    for entry in entries:
        # the seed's order: the first page, the type, the title, then the authors, one entry after another
        parts = [str(entry["fpage"]), entry["type"], entry["title"], ", ".join(entry["authors"])]
        for part in parts:
            pattern = r"\b" + r"\W+".join(map(re.escape, words_of(part)))
            found = re.compile(pattern).search(flat, at)
            assert found is not None, (entry["id"], part, flat[at:at + 200])
            at = found.end()
    # the titles bold and larger than the authors, which are lighter (not bold)
    sizes: dict[str, set[float]] = {"title": set(), "authors": set()}
    bold: dict[str, set[bool]] = {"title": set(), "authors": set()}
    lookup = {w: "title" for entry in entries for w in words_of(entry["title"]) if len(w) > 6}
    lookup.update({w: "authors" for entry in entries for name in entry["authors"] for w in words_of(name)
                   if len(w) > 6 and w not in lookup})
    for word in words:
        kind = lookup.get(word["text"].strip(".,"))
        if kind:
            sizes[kind].add(round(word["size"], 1))
            bold[kind].add("Bold" in word["fontname"])
    assert sizes["title"] and sizes["authors"]
    assert min(sizes["title"]) > max(sizes["authors"]), sizes
    assert bold == {"title": {True}, "authors": {False}}, bold


def test_the_pages_are_numbered_as_the_front_matter(contents) -> None:
    import pdfplumber

    style = JOURNAL.house_style.contents_pages
    assert style.style == "upper-roman"  # the sample journal's: "A-VII"
    _data, toc, _article = contents
    with pdfplumber.open(toc) as document:
        heads = [" ".join(page.crop((0, 0, page.width, 55)).extract_text().split()) for page in document.pages]
    expected = [f"{style.prefix}{roman(style.first + index)}" for index in range(len(heads))]
    assert heads == expected
