"""Blocks of a manuscript -> its parts: title page, abstract, keywords, main text, main points,
references, statements, tables, figure legends.

The journal's instructions fix the order (title page; abstract and keywords;
main text; main points; references; tables; figure legends), and manuscripts
mark the parts with headings, bold lines, labelled paragraphs or page breaks.
This module follows that order as a small state machine: a heading that names
a part (labels.py) switches the part; anything else belongs to the part it is
in. A table or legend typed inside the main text is taken out of it. What fits
nowhere is kept as `unplaced` and reported, never dropped.

Where a part ends is the hard question. The Word Abstract style, where used,
bounds the abstract (its marks, from wordfile.prepare_for_pandoc); otherwise
the abstract's labels and their order do. A part heading ends the main text
only when the main text does not go on after it; the reference list ends at a
Word heading or where its typed numbering stops.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from lxml import etree

from pipeline.ingest import frontmatter, labels, tabletitle
from pipeline.ingest.blocks import Block
from pipeline.ingest.equationtables import as_equation
from pipeline.ingest.titlepage import is_author_line
from pipeline.jats import remove_leading_text

TITLE_LABEL_WITHIN = 4  # blocks at the top of the manuscript where a "Title: …" line is the title
BACK_PARTS = ("main-points", "references", "legends", "tables", "ack", "coi", "funding", "ethics", "data",
              "declarations", "supplementary")


@dataclass
class TableParts:
    table: Block
    caption: Block | None = None
    footnotes: list[Block] = field(default_factory=list)
    more: list[Block] = field(default_factory=list)  # the parts of a table that "continues below"
    notes: list[Block] = field(default_factory=list)  # the "Table continues below" lines themselves
    caption_more: list[Block] = field(default_factory=list)  # caption paragraphs between the title and the table
    title_from: str | None = None  # where a title not above the table came from ("the paragraph below it")


@dataclass
class Parts:
    title: Block | None = None
    title_page: list[Block] = field(default_factory=list)
    abstract: list[Block] = field(default_factory=list)
    keywords: list[Block] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)
    main_points: list[Block] = field(default_factory=list)
    references: list[Block] = field(default_factory=list)
    statements: list[tuple[str, list[Block]]] = field(default_factory=list)  # (part, blocks) from headings
    tables: list[TableParts] = field(default_factory=list)
    legends: list[Block] = field(default_factory=list)
    supplementary: list[Block] = field(default_factory=list)
    unplaced: list[Block] = field(default_factory=list)
    consumed: list[Block] = field(default_factory=list)  # headings that only named a part ("References")
    # A thesis's contents lists (left out, each with its name) and pages that are not the article's (kept whole)
    front_matter: frontmatter.FrontMatter = field(default_factory=frontmatter.FrontMatter)


def heading_part(block: Block) -> str | None:
    if block.kind == "heading":
        return labels.part_of_heading(block.text)
    if block.kind == "para" and labels.part_of_heading(block.text) in ("abstract", "main-points", "references",
                                                                       "legends", "keywords"):
        return labels.part_of_heading(block.text)  # "ABSTRACT" typed as a plain line
    return None


def _starts_abstract(block: Block) -> bool:
    if block.kind == "abstract-start" or heading_part(block) == "abstract":
        return True
    return block.kind in ("heading", "para") and labels.abstract_label(_first_words(block)) is not None


def _first_words(block: Block) -> str:
    """A bold run-in label ('PURPOSE:') or the whole text of a short heading."""
    el = block.element
    if block.kind == "para" and len(el) and el[0].tag == "bold" and not (el.text or "").strip():
        return " ".join("".join(el[0].itertext()).split()).rstrip(":. ")
    return block.text.rstrip(":. ")


def segment(blocks: list[Block]) -> Parts:
    parts = Parts()
    # Text that stood outside the flow (an image's description, text the Word reader skipped) is kept apart.
    parts.unplaced.extend(b for b in blocks if b.kind == "detached")
    blocks = [b for b in blocks if b.kind != "detached"]
    blocks, parts.front_matter = frontmatter.set_apart(blocks)
    blocks = [as_equation(b) or b for b in blocks]  # a table that only lays out a numbered equation
    rest = _take_title(blocks, parts)
    rest = _take_title_page(rest, parts)
    rest = _take_abstract(rest, parts)
    # The marks of the Word Abstract style have done their work (and a style used elsewhere says nothing).
    rest = [b for b in rest if b.kind not in ("abstract-start", "abstract-end")]
    rest = _take_body(rest, parts)
    _take_back(rest, parts)
    _pull_floats_from_body(parts)
    _pull_labelled_statements(parts)
    if not parts.keywords:  # "Keywords: …" typed on the title page
        typed = next((b for b in parts.title_page if b.kind == "para" and labels.KEYWORDS_PARAGRAPH.match(b.text)),
                     None)
        if typed is not None:
            parts.title_page.remove(typed)
            parts.keywords = [typed]
    return parts


TITLE_LABEL = re.compile(r"^\s*(article\s+|manuscript\s+|full\s+)?title\s*:\s*(?=\S)", re.I)


def _take_title(blocks: list[Block], parts: Parts) -> list[Block]:
    for n, block in enumerate(blocks):
        if block.kind == "title":
            parts.title = block
            return blocks[:n] + blocks[n + 1:]
    for n, block in enumerate(blocks[:TITLE_LABEL_WITHIN]):  # "Title: …" typed as such on the title page
        label = TITLE_LABEL.match(block.text) if block.kind in ("para", "heading") else None
        if label:
            title = copy.deepcopy(block.element)
            remove_leading_text(title, len("".join(title.itertext())) - len("".join(title.itertext()).lstrip())
                                + label.end())
            parts.title = Block("para", title, index=block.index)
            parts.consumed.append(Block("para", etree.fromstring("<p/>"), index=block.index))
            parts.consumed[-1].element.text = label.group(0).strip()
            return blocks[:n] + blocks[n + 1:]
    for n, block in enumerate(blocks):
        if block.kind == "pagebreak" or _starts_abstract(block):
            break
        if block.kind in ("heading", "para") and block.text:
            parts.title = block
            return blocks[:n] + blocks[n + 1:]
    return blocks


def _take_title_page(blocks: list[Block], parts: Parts) -> list[Block]:
    for n, block in enumerate(blocks):
        if _starts_abstract(block):
            parts.title_page = [b for b in blocks[:n] if b.kind != "pagebreak"]
            return blocks[n:]
        if block.kind == "pagebreak" and n > 0:
            parts.title_page = [b for b in blocks[:n] if b.kind != "pagebreak"]
            return blocks[n + 1:]
        if block.kind == "heading" and block.styled and block.level == 1 and n > 0 and not \
                labels.title_page_heading(block.text):  # "Authors", "Affiliations" are the title page's own
            parts.title_page = blocks[:n]
            return blocks[n:]
        if _heads_running_text(blocks, n):  # no abstract: the main text's first heading ends the title page
            parts.title_page = blocks[:n]
            return blocks[n:]
    # No abstract, page break or heading: a letter, a correction, perhaps. The author lines at the top are the
    # title page; all else is main text.
    n = 0
    while n < len(blocks) and (is_author_line(blocks[n]) or (blocks[n].kind == "para" and not blocks[n].text
                                                             and not len(blocks[n].element))):
        n += 1
    while n > 0 and not blocks[n - 1].text:
        n -= 1
    parts.title_page = blocks[:n]
    return blocks[n:]


RUNNING_TEXT_WORDS = 40  # a paragraph this long is running text, which a title page does not have


def _heads_running_text(blocks: list[Block], n: int) -> bool:
    """A heading (a Word heading or a bold line, "INTRODUCCIÓN") that is not the title page's own, followed by a
    paragraph of running text: the main text has begun."""
    block = blocks[n]
    if block.kind != "heading" or labels.title_page_heading(block.text) or n + 1 >= len(blocks):
        return False
    if any(_running_text(b) for b in blocks[:n]):
        return False  # the main text began before it, without a heading (what follows the title page below)
    return _running_text(blocks[n + 1])


def _running_text(block: Block) -> bool:
    """A long paragraph that is not a title page's own: a long author line (22 names with degrees and markers)
    is as long as running text, and a running title above it is a bold line. (Prose names universities too, so
    an affiliation's words do not tell it from running text.)"""
    return block.kind == "para" and len(block.text.split()) >= RUNNING_TEXT_WORDS and not \
        block.text.startswith("From ") and not labels.CORRESPONDENCE.match(block.text) and not \
        is_author_line(block)


def _take_abstract(blocks: list[Block], parts: Parts) -> list[Block]:
    if not blocks or not _starts_abstract(blocks[0]):
        return _take_keywords_at_start(blocks, parts)
    # The opening: the mark where the Word Abstract style starts and an "Abstract" heading, in either order.
    n, styled, titled = 0, False, False
    while n < len(blocks):
        block = blocks[n]
        if block.kind == "abstract-start":
            styled = True
        elif not titled and heading_part(block) == "abstract":
            parts.consumed.append(block)
            titled = True
        elif not (styled and block.kind == "para" and not block.text and not len(block.element)):
            break
        n += 1
    end = _styled_end(blocks, n) if styled else None
    if end is not None:
        parts.abstract, rest = _abstract_by_style(blocks, n, end, parts)
    else:
        parts.abstract, n = _abstract_by_labels(blocks, n)
        rest = blocks[n:]
    return _take_keywords_at_start(rest, parts)


STATEMENT_PARTS = ("ack", "coi", "funding", "ethics", "data", "declarations")


def _styled_end(blocks: list[Block], n: int) -> int | None:
    """Where the Word Abstract style ends, when the abstract it bounds has text."""
    for m in range(n, len(blocks)):
        if blocks[m].kind == "abstract-end":
            return m if any(b.kind in ("para", "list") and b.text for b in blocks[n:m]) else None
    return None


def _abstract_by_style(blocks: list[Block], n: int, end: int, parts: Parts) -> tuple[list[Block], list[Block]]:
    """The abstract the Word style bounds: every heading and paragraph up to the mark, headings that are not
    abstract labels ("Setting", "Funding") included; keywords typed inside it are the keywords. A part only the
    back matter has (references, legends, main points) still ends it."""
    collected: list[Block] = []
    while n < end:
        block = blocks[n]
        if _is_keywords(block) and not parts.keywords:
            rest = _take_keywords_at_start(blocks[n:end], parts)
            n = end - len(rest)
            continue
        part = heading_part(block)
        if part is not None and part not in STATEMENT_PARTS and part != "abstract":
            return collected, blocks[n:]
        if block.kind != "pagebreak":
            collected.append(block)
        n += 1
    return collected, blocks[end + 1:]


def _label(block: Block) -> str | None:
    """The abstract label a heading, a label line or a bold run-in label says ("PURPOSE" for "Objective:")."""
    if block.kind not in ("heading", "para"):
        return None
    label = labels.abstract_label(_first_words(block))
    return labels.current_words().label_of(label) if label else None


class _Structure:
    """The labels a structured abstract has had so far, to tell its next section from the main text's: a label that
    goes back in the journal's order of sections (config: house_style.abstract_sections) starts the main text."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.rank = -1
        self.order = labels.current_words().ranks

    def goes_back(self, label: str) -> bool:
        return label in self.seen or self.order.get(label, self.rank) < self.rank

    def add(self, label: str) -> None:
        self.seen.add(label)
        self.rank = max(self.rank, self.order.get(label, self.rank))


def _abstract_by_labels(blocks: list[Block], n: int) -> tuple[list[Block], int]:
    """An abstract without the Word style ends at a page break, keywords, a part heading, or the main text's
    first heading. A structured abstract (its first block is a label) has headings of its own: its labels in
    their order, and other headings ("Setting", "Funding:", "Trial registration") that head one or two
    paragraphs before its next label or its end. In an unstructured abstract a label ("Introduction",
    "Methods") is the main text's."""
    collected: list[Block] = []
    first = next((b for b in blocks[n:] if b.kind not in ("pagebreak", "abstract-start", "abstract-end")), None)
    structure = _Structure() if first is not None and _label(first) is not None else None
    while n < len(blocks):
        block = blocks[n]
        if block.kind == "pagebreak":
            n += 1
            break
        if block.kind in ("abstract-start", "abstract-end"):
            n += 1  # marks of a Word Abstract style that bounds no abstract text
            continue
        if _is_keywords(block) or _main_text_starts(blocks, n, structure):
            break
        label = _label(block)
        if structure is not None and label is not None:
            structure.add(label)
        collected.append(block)
        n += 1
    return collected, n


def _main_text_starts(blocks: list[Block], n: int, structure: _Structure | None) -> bool:
    """The heading at n (if it is one) is not the abstract's: a part heading other than a statement the
    structured abstract has, a label in an unstructured abstract or one that goes back in a structured one, or
    a main-text heading (a Word heading, a standard title) that does not head a section of a structured
    abstract."""
    block = blocks[n]
    part = heading_part(block)
    label = _label(block)
    if part is not None and part != "abstract":
        return structure is None or part not in STATEMENT_PARTS or not _section_ahead(blocks, n, structure)
    if label is not None and (block.kind == "heading" or labels.abstract_label(block.text)):
        return structure is None or structure.goes_back(label)
    if block.kind == "heading" and (block.styled or labels.TOP_LEVEL_TITLES.match(block.text.rstrip(":. "))):
        return structure is None or not _section_ahead(blocks, n, structure)
    return False


def _section_ahead(blocks: list[Block], n: int, structure: _Structure) -> bool:
    """The heading at n heads a section of a structured abstract: one or two paragraphs follow it, and then
    the abstract's next label, another such section, or the abstract's end (keywords, a page break, the main
    points)."""
    m = n + 1
    while m < len(blocks) and m - n <= 2 and blocks[m].kind == "para" and blocks[m].text and \
            _label(blocks[m]) is None and not _is_keywords(blocks[m]):
        m += 1
    if m == n + 1:
        return False
    if m == len(blocks):
        return True
    follower = blocks[m]
    if follower.kind in ("pagebreak", "abstract-end") or _is_keywords(follower) or \
            heading_part(follower) == "main-points":
        return True
    label = _label(follower)
    if label is not None and (follower.kind == "heading" or labels.abstract_label(follower.text)):
        return not structure.goes_back(label)
    if follower.kind == "heading":
        return _section_ahead(blocks, m, structure)
    return False


def _is_keywords(block: Block) -> bool:
    if block.kind == "para" and labels.KEYWORDS_PARAGRAPH.match(block.text):
        return True
    return heading_part(block) == "keywords"


def _take_keywords_at_start(blocks: list[Block], parts: Parts) -> list[Block]:
    """Keywords follow the abstract: a 'Keywords: a, b' paragraph or a heading and a paragraph."""
    n = 0
    while n < len(blocks) and blocks[n].kind in ("pagebreak", "abstract-end"):
        n += 1
    if n < len(blocks) and _is_keywords(blocks[n]):
        if blocks[n].kind == "para" and labels.KEYWORDS_PARAGRAPH.match(blocks[n].text):
            parts.keywords = [blocks[n]]
            n += 1
        else:
            parts.consumed.append(blocks[n])
            parts.keywords = [blocks[n + 1]] if n + 1 < len(blocks) and blocks[n + 1].kind == "para" else []
            n += 1 + len(parts.keywords)
        while n < len(blocks) and blocks[n].kind in ("pagebreak", "abstract-end"):
            n += 1
    return blocks[n:]


def _take_body(blocks: list[Block], parts: Parts) -> list[Block]:
    for n, block in enumerate(blocks):
        part = heading_part(block)
        if part in (*STATEMENT_PARTS, "main-points") and not any(b.kind != "pagebreak" for b in blocks[:n]):
            # A statement or the main points before the main text has begun: they do not start the back matter;
            # they are their heading and the blocks up to the next heading, and the main text goes on after them.
            m = n + 1
            while m < len(blocks) and blocks[m].kind not in ("heading", "pagebreak") and heading_part(blocks[m]) \
                    is None:
                m += 1
            parts.consumed.append(block)
            if part == "main-points":
                parts.main_points.extend(blocks[n + 1:m])
            else:
                parts.statements.append((part, list(blocks[n + 1:m])))
            return _take_body(blocks[:n] + blocks[m:], parts)
        if part in BACK_PARTS and _main_text_goes_on(blocks, n):
            continue  # a section of the main text ("Ethics statement" in the Methods, "References" on citing)
        if part in BACK_PARTS:
            parts.body = [b for b in blocks[:n] if b.kind != "pagebreak"]
            return blocks[n:]
        if block.kind == "para" and not parts.keywords and labels.KEYWORDS_PARAGRAPH.match(block.text):
            parts.keywords = [block]
            blocks = blocks[:n] + blocks[n + 1:]
            return _take_body(blocks, parts)
    parts.body = [b for b in blocks if b.kind != "pagebreak"]
    return []


def _main_text_goes_on(blocks: list[Block], n: int) -> bool:
    """A heading naming a part of the back matter is a section of the main text when the main text goes on
    after it: a main-text title (Results, Discussion...) follows as a Word heading of the same level or above;
    a statement below the top level ("Ethics statement" under the Methods) is followed, at its level, by a
    heading that names no part; or a later
    heading names the references again (the list is under the last one)."""
    block = blocks[n]
    part = heading_part(block)
    if _holds_its_part(blocks, n):
        return False
    styled = block.kind == "heading" and block.styled
    top = min((b.level for b in blocks if b.kind == "heading" and b.styled and b.level), default=0)
    sibling_seen = not styled or block.level <= top  # only a statement below the top level is a subsection
    for later in blocks[n + 1:]:
        if part == "references" and heading_part(later) == "references":
            return True
        if not (styled and later.kind == "heading" and later.styled and later.level <= block.level):
            continue
        if labels.TOP_LEVEL_TITLES.match(later.text.rstrip(":. ")):
            return True
        if not sibling_seen and part in STATEMENT_PARTS and heading_part(later) is None and not \
                _typed_caption(later):
            return True  # "Ethics statement" followed by "Study design" at its level: a subsection of the Methods
        sibling_seen = True
    return False


def _holds_its_part(blocks: list[Block], n: int) -> bool:
    """What follows the heading at n is what its part holds: a numbered reference, a legend, a table."""
    part = heading_part(blocks[n])
    m = next((m for m in range(n + 1, len(blocks)) if blocks[m].kind != "pagebreak" and (
        blocks[m].text or blocks[m].kind != "para")), None)
    if m is None:
        return False
    follower = blocks[m]
    if part == "references":
        return (follower.kind == "para" and labels.reference_number(follower.text) is not None) or (
            follower.kind == "list" and follower.element.get("list-type") == "order")
    if part == "legends":
        return follower.kind == "para" and bool(labels.FIGURE_LEGEND.match(follower.text))
    if part == "tables":
        return follower.kind == "table" or _table_caption_ahead(blocks, m) is not None
    return False


def _take_back(blocks: list[Block], parts: Parts) -> None:
    current: str | None = None
    statement: list[Block] | None = None
    list_start = 0
    label_lines: list[Block] = []
    n = 0
    while n < len(blocks):
        block = blocks[n]
        part = heading_part(block)
        if part is not None:
            parts.consumed.append(block)
            current = part
            statement = None
            list_start = len(parts.references)  # a reference list under each heading, numbered on its own
            if part in STATEMENT_PARTS:
                statement = []
                parts.statements.append((part, statement))
            n += 1
            continue
        if block.kind == "pagebreak":
            n += 1
            continue
        if block.kind == "table":
            n = _take_table(blocks, n, parts, in_tables_part=current == "tables")
            continue
        table_at = _table_caption_ahead(blocks, n)
        if table_at is not None:
            current = "tables"
            n = table_at  # the caption (and the rest of it before the table) is picked up with its table
            continue
        if _is_continuation_note(block) and _table_ahead(blocks, n):
            n += 1  # picked up with its table, like a caption
            continue
        if block.kind in ("heading", "para") and (labels.FIGURE_LABEL_ONLY.match(block.text) or
                                                  labels.FIGURES_HEADING.match(block.text.strip().rstrip(":."))):
            # "FIGURES", then "Figure 1" over each picture: unplaced unless the legends name them (below). It ends
            # the part it stands in: a reference list or a statement holds no figure.
            label_lines.append(block)
            parts.unplaced.append(block)
            current, statement = None, None
            n += 1
            continue
        if block.kind == "para" and labels.FIGURE_LEGEND_LOOSE.match(block.text):
            parts.legends.append(block)
            if current != "legends":
                # A legend outside a legends part is its own paragraph: what follows it is not its text.
                current, statement = None, None
            n += 1
            continue
        if current == "references" and _ends_references(blocks, n, parts.references[list_start:]):
            current = None  # what follows the list is not a reference (an appendix, say): kept and reported
        if current == "main-points":
            parts.main_points.append(block)
        elif current == "references":
            parts.references.append(block)
        elif current == "legends":
            parts.legends.append(block)  # a legend's second paragraph, or a group heading
        elif statement is not None:
            statement.append(block)
        elif current == "supplementary":
            parts.supplementary.append(block)
        else:
            parts.unplaced.append(block)
        n += 1
    _place_label_lines(label_lines, parts)


def _place_label_lines(lines: list[Block], parts: Parts) -> None:
    """A figure's label on a line of its own, over its picture, names a figure whose legend stands elsewhere:
    its words are that figure's label, so the line is consumed, as the "FIGURES" heading above such lines is.
    A label with no legend of its number, or a "FIGURES" heading over none, is reported as unplaced."""
    legends = set()
    for legend in parts.legends:
        m = labels.FIGURE_LEGEND_LOOSE.match(legend.text)
        if m:
            legends.add(labels.object_number(m))
    labelled = False
    placed: list[Block] = []
    for block in reversed(lines):  # a heading is consumed when labels of legends stand under it
        m = labels.FIGURE_LABEL_ONLY.match(block.text)
        if (m and labels.object_number(m) in legends) or (m is None and labelled):
            placed.append(block)
        labelled = bool(m and labels.object_number(m) in legends)
    parts.consumed.extend(reversed(placed))
    taken = {id(block) for block in placed}
    parts.unplaced[:] = [block for block in parts.unplaced if id(block) not in taken]


def _ends_references(blocks: list[Block], n: int, references: list[Block]) -> bool:
    """The reference list ends at a Word heading, and, when its entries are typed with numbers, at the first
    paragraph that does not go on with the numbering: a number that does not go up, or none (an unnumbered
    paragraph after which the numbering goes on is the rest of an entry)."""
    block = blocks[n]
    if block.kind == "heading" and block.styled:
        return True
    typed = [labels.reference_number(b.text) for b in references if b.kind == "para" and b.text]
    if block.kind != "para" or not block.text or not typed or typed[0] is None:
        return False
    last = next(number for number in reversed(typed) if number is not None)
    number = labels.reference_number(block.text)
    if number is not None and number > last:
        return False  # the numbering goes on (a number skipped is the author's slip, not the list's end)
    return not (number is None and any(b.kind == "para" and (labels.reference_number(b.text) or 0) > last
                                       for b in blocks[n + 1:n + 3]))


def _table_caption_ahead(blocks: list[Block], n: int) -> int | None:
    """Where the table is that a 'Table N. Title' paragraph or heading at n titles: the next table, after page
    breaks and "continues" notes and, for a title typed as such ("Table 2." or "Table 2:", or a heading), after
    up to two more paragraphs of its caption (a legend-like explanation, a DOI line)."""
    block = blocks[n]
    if block.kind not in ("para", "heading") or not labels.TABLE_CAPTION.match(block.text):
        return None
    more = 0
    for m in range(n + 1, min(len(blocks), n + 7)):
        follower = blocks[m]
        if follower.kind == "table":
            return m
        if follower.kind == "pagebreak" or _is_continuation_note(follower):
            continue
        if more < CAPTION_PARAGRAPHS and _typed_caption(block) and _caption_paragraph(follower):
            more += 1
            continue
        return None
    return None


def _untitled(table: Block) -> bool:
    """A table with no title of its own in its first row (it is not taken out: only looked at)."""
    return tabletitle.title_row(Block(table.kind, copy.deepcopy(table.element), index=table.index)) is None


def _titles_no_table_ahead(blocks: list[Block], m: int) -> bool:
    """The "Table N." line at m, just below an untitled table, is that table's title: no table follows it, or
    text stands between it and the next table (a title above its table is right above it)."""
    ahead = _table_caption_ahead(blocks, m)
    return ahead is None or any(b.kind == "para" and b.text for b in blocks[m + 1:ahead])


CAPTION_PARAGRAPHS = 2  # paragraphs of a table's caption that may stand between its title and the table


def _typed_caption(block: Block) -> bool:
    """A table title as authors type one: a heading ("Table 2. …" in a heading style) or a paragraph whose
    number is followed by a full stop, colon or dash (not "Table 2 shows …")."""
    if block.kind not in ("para", "heading") or not labels.TABLE_CAPTION.match(block.text):
        return False
    return block.kind == "heading" or bool(labels.TYPED_TABLE_CAPTION.match(block.text))


def _caption_paragraph(block: Block) -> bool:
    return block.kind == "para" and bool(block.text) and not labels.TABLE_CAPTION.match(block.text) and not \
        labels.FIGURE_LEGEND.match(block.text) and heading_part(block) is None


def _is_continuation_note(block: Block) -> bool:
    return block.kind in ("para", "heading") and bool(labels.TABLE_CONTINUES.match(block.text))


def _table_ahead(blocks: list[Block], n: int) -> bool:
    for follower in blocks[n + 1:n + 4]:
        if follower.kind == "table":
            return True
        if follower.kind != "pagebreak" and not _is_continuation_note(follower):
            return False
    return False


def _take_table(blocks: list[Block], n: int, parts: Parts, in_tables_part: bool) -> int:
    """Take the table at n with the caption just before it and the footnotes just after it; a table that
    "continues below" takes the caption-less tables that follow it as its further parts."""
    caption = None
    notes: list[Block] = []
    between: list[Block] = []  # paragraphs between a typed title and its table: the rest of the caption
    back = n - 1
    while back >= 0 and back >= n - 7:
        candidate = blocks[back]
        if any(t.caption is candidate for t in parts.tables):
            break  # the title typed below the table before: that table's
        if candidate.kind in ("para", "heading") and labels.TABLE_CAPTION.match(candidate.text):
            if not between or _typed_caption(candidate):
                caption = candidate
            break
        if _is_continuation_note(candidate):
            notes.append(candidate)
        elif len(between) < CAPTION_PARAGRAPHS and _caption_paragraph(candidate):
            between.insert(0, candidate)
        elif candidate.kind != "pagebreak":
            break
        back -= 1
    parts_ = TableParts(blocks[n], caption, notes=notes, caption_more=between if caption is not None else [])
    m = n + 1
    found = tabletitle.title_row(blocks[n]) if caption is None else None
    if found is not None:
        parts_.caption, parts_.title_from = found.caption, found.where
        blocks[n + 1:n + 1] = found.after  # a figure the same wrapping table held: read after the table
    if parts_.caption is None and m < len(blocks) and _typed_caption(blocks[m]) and \
            _titles_no_table_ahead(blocks, m):
        parts_.caption, parts_.title_from = blocks[m], "the paragraph below it"  # a caption typed below the table
        caption = blocks[m]
        m += 1
    while m < len(blocks):
        follower = blocks[m]
        if _is_continuation_note(follower):
            parts_.notes.append(follower)
            m += 1
            continue
        if parts_.notes and follower.kind == "table":
            parts_.more.append(follower)  # the next part of a table that continues
            m += 1
            continue
        if follower.kind == "table" and parts_.caption is not None and (parts_.more or m == n + 1) and \
                blocks[m - 1].kind == "table" and _untitled(follower) and not (
                    m + 1 < len(blocks) and _typed_caption(blocks[m + 1]) and _titles_no_table_ahead(blocks, m + 1)):
            # a titled table's next part, right under it with nothing between (Word splits a long table so)
            parts_.more.append(follower)
            m += 1
            continue
        if parts_.notes and follower.kind == "pagebreak" and m + 1 < len(blocks) and blocks[m + 1].kind == "table":
            m += 1
            continue
        if follower.kind != "para" or labels.TABLE_CAPTION.match(follower.text) or labels.FIGURE_LEGEND.match(
                follower.text) or heading_part(follower):
            break
        if not in_tables_part and not _looks_like_table_note(follower):
            break
        if _table_caption_ahead(blocks, m) is not None:
            break
        parts_.footnotes.append(follower)
        m += 1
    if parts.tables and caption is not None and _continues(parts.tables[-1], caption):
        parts.tables[-1].table.element.find("table").extend(_body_rows(blocks[n]))
        parts.tables[-1].footnotes.extend(parts_.footnotes)
        parts.tables[-1].more.extend(parts_.more)
        parts.tables[-1].notes.extend(parts_.notes)
        parts.consumed.append(caption)  # "Table 3. Continued": the words are the first part's caption's
    else:
        parts.tables.append(parts_)
    return m


def _continues(previous: TableParts, caption: Block) -> bool:
    """'Table 3. Continued' (or the same number again) continues the previous table."""
    m = labels.TABLE_CAPTION.match(caption.text)
    if not m or previous.caption is None:
        return False
    prev = labels.TABLE_CAPTION.match(previous.caption.text)
    return bool(prev and prev.group("num") == m.group("num"))


def _body_rows(block: Block) -> list:
    table = block.element.find("table")
    rows = []
    for body in table.findall("tbody"):
        rows.append(body)
    return rows


def _looks_like_table_note(block: Block) -> bool:
    text = block.text
    if labels.TABLE_FOOTNOTE_START.match(text) or labels.ABBREVIATION_LIST.match(text):
        return True
    el = block.element
    return bool(len(el) and el[0].tag == "sup" and not (el.text or "").strip())


def _pull_floats_from_body(parts: Parts) -> None:
    """Tables and legends typed inside the main text belong with the others."""
    kept: list[Block] = []
    body = parts.body
    n = 0
    while n < len(body):
        block = body[n]
        if block.kind == "table":
            n = _take_table(body, n, parts, in_tables_part=False)
            if kept and kept[-1].kind in ("para", "heading") and labels.TABLE_CAPTION.match(kept[-1].text) and \
                    parts.tables and parts.tables[-1].caption is kept[-1]:
                kept.pop()
            continue
        if block.kind == "para" and labels.is_legend(block.text):
            parts.legends.append(block)
            n += 1
            continue
        kept.append(block)
        n += 1
    taken = {id(t.caption) for t in parts.tables} | {id(f) for t in parts.tables
                                                     for f in t.footnotes + t.notes + t.caption_more}
    taken |= {id(b) for b in parts.consumed}
    # A table title in a heading style whose table is not there (a table sent as an image) is still a title,
    # not a section of the main text: it stays where it is, as a paragraph.
    parts.body = [_as_paragraph(b) if b.kind == "heading" and _typed_caption(b) else b
                  for b in kept if id(b) not in taken]


def _as_paragraph(block: Block) -> Block:
    p = copy.deepcopy(block.element)
    p.tag = "p"
    p.attrib.clear()
    return Block("para", p, index=block.index)


def _pull_labelled_statements(parts: Parts) -> None:
    """'Funding: none.' style paragraphs, on the title page or after the references."""
    for source in (parts.title_page, parts.unplaced):
        kept = []
        for block in source:
            m = labels.STATEMENT_LABEL.match(block.text) if block.kind == "para" else None
            if m:
                label = labels.part_of_heading(m.group("label")) or "ack"
                parts.statements.append((label, [block]))
            else:
                kept.append(block)
        source[:] = kept
