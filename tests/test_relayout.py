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
    assert shape(likely_pages(563), DIR) == shape((571, 578), DIR) == (1, "000-000")
    assert shape((572, 580), DIR) == (0, "000-000")  # an even first page: a left-hand page


def test_a_layout_is_kept_only_for_the_very_pages_it_was_written_with() -> None:
    assert decide((563, 570), True, (563, 570), DIR) is Decision.KEEP
    assert decide((563, 570), False, (563, 570), DIR) is Decision.RENUMBER  # never written: the numbers are set
    assert decide((563, 570), True, (565, 574), DIR) is Decision.RENUMBER  # same side, same digits
    assert decide((563, 570), True, (564, 571), DIR) is Decision.RELAYOUT  # the other side
    assert decide((993, 999), True, (995, 1002), DIR) is Decision.RELAYOUT  # a digit more in the range
    assert decide(None, False, (563, 570), DIR) is Decision.RELAYOUT  # laid out without pages


def test_a_shortened_range_has_the_width_of_what_it_prints() -> None:
    short = shortening(DIR)
    assert shape((563, 570), short) == (1, "000-00")
    assert decide((563, 570), True, (563, 569), short) is Decision.RELAYOUT  # 563-9: narrower
    assert decide((563, 570), True, (571, 580), short) is Decision.RENUMBER  # 571-80
