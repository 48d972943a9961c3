"""The journal's house style (config: house_style) as the stylesheets and the CSS take it.

- `parameter(journal, medium)`: the JSON string the writer core (xslt/core.xsl, parameter house-style) reads:
  the words the page prints (the print page's own where the journal prints them otherwise), the history and
  statement words, the date formats, the key-points box, the first page's DOI line and how many authors it prints
  a line, the word over a table's continuation;
- `css_variables(journal, sheet)`: a :root rule with the journal's colours and font list as CSS custom
  properties, put before templates/print.css or the web pages' site.css and article.css or contents.css, which
  only say var(--accent).
"""

from __future__ import annotations

import json

from pipeline.config.journal import Journal

MEDIA = ("web", "print")
SHEETS = ("web", "print")


def parameter(journal: Journal, medium: str) -> str:
    if medium not in MEDIA:
        raise ValueError(f"unknown medium {medium!r}")
    style = journal.house_style
    words = dict(style.words)
    if medium == "print":
        words.update(style.print_words)
    data = {
        "words": words,
        "history": style.history,
        "history-line": {"separator": style.history_separator, "end": style.history_end},
        "statements": style.statements,
        "dates": {"full": style.dates.full, "month": style.dates.month,
                  "publication": style.dates.print_publication if medium == "print" else style.dates.full},
        "key-points": {"title": style.key_points.title, "placement": style.key_points.print_placement},
        "first-page": {"doi-line": style.first_page.doi_line,
                       "authors-one-per-line": style.first_page.authors_one_per_line},
        "tables": {"continued": style.tables.continued},
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def css_variables(journal: Journal, sheet: str) -> str:
    """':root { --accent: <the journal's colour>; ... }' for one of the stylesheets (web: the web pages', print)."""
    if sheet not in SHEETS:
        raise ValueError(f"unknown stylesheet {sheet!r}")
    style = journal.house_style
    values = dict(getattr(style.colours, sheet))
    if sheet != "print":  # the PDFs' families are @font-face rules (pdf_fonts.py); the pages name a list
        values["font"] = getattr(style.fonts, sheet)
    lines = [f"  --{name}: {value};" for name, value in values.items()]
    return "/* The journal's colours and fonts (config: house_style), generated. */\n:root {\n" + "\n".join(lines) \
        + "\n}\n"
