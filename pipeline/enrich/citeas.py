"""The "You may cite this article as" line, in AMA style, exactly as the journal prints it.

    Doğan H, Uzer E, Esengür ÖT, Hassoy H, Güneyli S. Relationship between ... strength.
    Diagn Interv Radiol. 2023;29(4):563-570.

Up to six authors are listed, seven or more give the first three and "et al."
(pipeline/names.py); the title is as given, and a title that ends in "?" or
"!" gets no extra full stop. Without pages (before the PDFs exist) the line
ends at the issue: "2023;29(4)." — pages are never guessed.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.names import PersonName, ama_author_list


def cite_as(authors: Sequence[PersonName], title: str, journal_abbrev: str, year: int, volume: str, issue: str,
            fpage: str | None = None, lpage: str | None = None) -> str:
    names = ama_author_list(authors)
    title = " ".join(title.split())
    title_part = title if title.endswith(("?", "!", ".")) else f"{title}."
    issue_part = f"{year};{volume}({issue})"
    if fpage:
        issue_part += f":{fpage}" + (f"-{lpage}" if lpage and lpage != fpage else "")
    head = f"{names}. " if names else ""
    return f"{head}{title_part} {journal_abbrev}. {issue_part}."
