"""The style of a whole reference list -> the grammars its entries are read with, in order.

A list is written in one style, so the style is decided by the list, not entry by entry: an entry that
could be read two ways is read the way its neighbours are. Two families are told apart:

    numbered    AMA and Vancouver (NLM): "Smith J, Jones K. Title. Journal. 2019;12(3):45-67."
    author-year APA and the Harvard variants: "Smith, J., & Jones, K. (2019). Title. Journal, 12(3), 45–67."
                or "Smith, J., Jones, K., 2019. Title. Journal 12, 45–67."

The list's own style is tried first and the other second (a web page in an APA list may be written the
AMA way); each reading must still place every word of the entry, or the entry stays as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.ingest import reference_authoryear
from pipeline.ingest.references import YEAR, Grammar, parse_ama

# The date right after the names: "(2019)", "(2020, March 5)", or Harvard's ", 2012." before the title.
_AUTHOR_YEAR = re.compile(rf"^[^()]{{2,600}}?(?:\(\s*{YEAR}[a-z]?(?:,[^)]*)?\)|,\s*{YEAR}[a-z]?\.\s)")
# AMA's and Vancouver's date block: "2019;12", "2019 Mar;12(3)", "2012;31(4):675".
_NUMBERED = re.compile(rf"\b{YEAR}(?:\s+[A-Z][a-z]{{2,8}}\.?(?:\s+\d{{1,2}}(?:[-–]\d{{1,2}})?)?)?\s*;\s*\w")


@dataclass(frozen=True)
class ListStyle:
    name: str  # "numbered" or "author-year"
    grammars: tuple[Grammar, ...]

    @property
    def author_year(self) -> bool:
        return self.name == "author-year"


NUMBERED = ListStyle("numbered", (parse_ama, reference_authoryear.parse))
AUTHOR_YEAR = ListStyle("author-year", (reference_authoryear.parse, parse_ama))


def detect(entries: list[str]) -> ListStyle:
    """The list's style: author-year when more of its entries open with names and a date than carry AMA's
    date block; numbered otherwise (the journal's own style, and the one to fall back on)."""
    author_year = sum(bool(_AUTHOR_YEAR.search(e)) and not _NUMBERED.search(e) for e in entries)
    numbered = sum(bool(_NUMBERED.search(e)) for e in entries)
    return AUTHOR_YEAR if author_year > numbered else NUMBERED
