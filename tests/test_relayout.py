"""Whether an article is laid out again for its pages (pipeline/issue/relayout.py), with the journals' own
reference styles: the cite-as page range is what the pages change in the text of the layout."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

from pipeline.config.journal import load_journal
from pipeline.issue.relayout import USUAL_LENGTH, Decision, decide, likely_pages, shape
from tests.conftest import PROJECT

DIR = load_journal(PROJECT / "config" / "journals" / "dir.yaml")


def shortening(journal):
    """What relayout.py reads of a journal (its reference style), with page ranges shortened (563-70)."""
    style = journal.reference_style
    return SimpleNamespace(reference_style=dataclasses.replace(
        style, pages=dataclasses.replace(style.pages, abbreviate=True)))


def test_the_counting_layout_is_made_on_the_issue_first_page_side_and_width() -> None:
    assert likely_pages(563) == (563, 563 + USUAL_LENGTH - 1)
    assert shape(likely_pages(563), DIR, False) == shape((571, 578), DIR, False) == (1, "000-000")
    assert shape((572, 580), DIR, False) == (0, "000-000")  # an even first page: a left-hand page
    assert shape((572, 580), DIR, True) == shape((571, 578), DIR, True)  # sides alike: the side moves no text


def test_the_page_count_holds_on_pages_of_the_same_shape() -> None:
    assert decide((563, 570), (563, 570), DIR, False) is Decision.HOLDS
    assert decide((563, 570), (565, 574), DIR, False) is Decision.HOLDS  # same side, same digits
    assert decide((563, 570), (564, 571), DIR, False) is Decision.RELAYOUT  # the other side, where it matters
    assert decide((563, 570), (564, 571), DIR, True) is Decision.HOLDS  # ... and where it does not
    assert decide((993, 999), (995, 1002), DIR, True) is Decision.RELAYOUT  # a digit more in the range


def test_a_shortened_range_has_the_width_of_what_it_prints() -> None:
    short = shortening(DIR)
    assert shape((563, 570), short, False) == (1, "000-00")
    assert decide((563, 570), (563, 569), short, False) is Decision.RELAYOUT  # 563-9: narrower
    assert decide((563, 570), (571, 580), short, False) is Decision.HOLDS  # 571-80


def test_the_journals_stylesheets_set_both_sides_alike_and_a_binding_margin_is_seen(tmp_path, monkeypatch) -> None:
    """Whether the side an article starts on moves its text is measured from the print stylesheets: the journal's
    pages are alike on both sides; a stylesheet with a wider inner margin is not."""
    from pipeline.render import pdf

    assert pdf.sides_alike(DIR)
    bound = tmp_path / "print.css"
    bound.write_text(pdf.CSS_FILE.read_text(encoding="utf-8")
                     + "\n@page :left { margin-right: 24mm; }\n@page :right { margin-left: 24mm; }\n", encoding="utf-8")
    monkeypatch.setattr(pdf, "CSS_FILE", bound)
    monkeypatch.setattr(pdf, "_SIDES", {})
    assert not pdf.sides_alike(DIR)
