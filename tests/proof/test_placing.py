"""Placing a mark on the proof: the line number level with the words in the strip of numbers nearest to their left
(margin for the first column, gutter for the second); text compared without spaces, soft hyphens and ligatures;
the proof's own page numbers read from its page labels."""

from __future__ import annotations

from pathlib import Path

import pikepdf

from pipeline.proof.annotations import read_returned_proof
from pipeline.proof.page_text import Box, Char, PageText
from pipeline.proof.placing import Keyed, line_numbers, line_of

SIZE = 5.25


def digits(number: int, right: float, baseline: float) -> list[Char]:
    text = str(number)
    return [Char(d, Box(right - (len(text) - i) * 3, baseline, right - (len(text) - i - 1) * 3, baseline + SIZE), SIZE,
                 True) for i, d in enumerate(text)]


def test_a_word_takes_the_number_level_with_it_in_the_nearest_strip_to_its_left() -> None:
    chars = []
    for n, y in enumerate((700, 688, 676), start=1):  # the first column's numbers in the margin
        chars += digits(n, 40, y)
    for n, y in enumerate((700, 688), start=47):  # the second column's, in the gutter
        chars += digits(n, 300, y)
    left = Char("a", Box(60, 688, 65, 697), 9, False)  # on line 2 of the first column
    right = Char("b", Box(320, 700, 325, 709), 9, False)  # on line 47, the second column's first
    # a line that shares its number with one beside it (a cell of a table row, set 2 pt lower), level with the
    # margin's number 2 as well: the gutter's is nearer
    below = Char("c", Box(320, 686, 325, 695), 9, False)
    page = PageText(1, [*chars, left, right, below])
    numbers = line_numbers(page)
    assert sorted(n.number for n in numbers) == [1, 2, 3, 47, 48]
    index = len(chars)
    assert [line_of(numbers, page, index + k) for k in range(3)] == [2, 47, 48]


def test_text_is_compared_without_spaces_soft_hyphens_or_ligatures() -> None:
    keyed = Keyed.of(list(enumerate("de\u00adﬁned  as")))
    assert keyed.key == "definedas" and keyed.origin[2:4] == (3, 3)  # the ligature's two letters: one character
    assert keyed.first_at(5) == 5 and keyed.first_at(7) == 7  # after the spaces: the "a"


def test_the_printed_page_numbers_come_from_the_page_labels(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    for _ in range(3):
        pdf.add_blank_page()
    plain = tmp_path / "plain.pdf"
    pdf.save(plain)
    assert read_returned_proof(plain).labels == {}
    pdf.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array([0, pikepdf.Dictionary(P=pikepdf.String("Cover")),
                                                                 1, pikepdf.Dictionary(S=pikepdf.Name.D, St=563)]))
    labelled = tmp_path / "labelled.pdf"
    pdf.save(labelled)
    assert read_returned_proof(labelled).labels == {1: "Cover", 2: "563", 3: "564"}
