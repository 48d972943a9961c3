"""Blocks of a manuscript -> its parts: title page, abstract, keywords, main text, main points,
references, statements, tables, figure legends.

The journal's instructions fix the order (title page; abstract and keywords;
main text; main points; references; tables; figure legends), and manuscripts
mark the parts with headings, bold lines, labelled paragraphs or page breaks.
This module follows that order as a small state machine: a heading that names
a part (labels.py) switches the part; anything else belongs to the part it is
in. A table or legend typed inside the main text is taken out of it. What fits
nowhere is kept as `unplaced` and reported, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.ingest import labels
from pipeline.ingest.blocks import Block

BACK_PARTS = ("main-points", "references", "legends", "tables", "ack", "coi", "funding", "ethics", "data",
              "supplementary")


@dataclass
class TableParts:
    table: Block
    caption: Block | None = None
    footnotes: list[Block] = field(default_factory=list)
    more: list[Block] = field(default_factory=list)  # the parts of a table that "continues below"
    notes: list[Block] = field(default_factory=list)  # the "Table continues below" lines themselves


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


def heading_part(block: Block) -> str | None:
    if block.kind == "heading":
        return labels.part_of_heading(block.text)
    if block.kind == "para" and labels.part_of_heading(block.text) in ("abstract", "main-points", "references",
                                                                       "legends", "keywords"):
        return labels.part_of_heading(block.text)  # "ABSTRACT" typed as a plain line
    return None


def _starts_abstract(block: Block) -> bool:
    if heading_part(block) == "abstract":
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
    rest = _take_title(blocks, parts)
    rest = _take_title_page(rest, parts)
    rest = _take_abstract(rest, parts)
    rest = _take_body(rest, parts)
    _take_back(rest, parts)
    _pull_floats_from_body(parts)
    _pull_labelled_statements(parts)
    return parts


def _take_title(blocks: list[Block], parts: Parts) -> list[Block]:
    for n, block in enumerate(blocks):
        if block.kind == "title":
            parts.title = block
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
    # No abstract, page break or heading: a letter, perhaps. The first paragraphs that look like
    # a title page stay for titlepage.py; all else is main text.
    return blocks


def _take_abstract(blocks: list[Block], parts: Parts) -> list[Block]:
    if not blocks or not _starts_abstract(blocks[0]):
        return _take_keywords_at_start(blocks, parts)
    n = 0
    if heading_part(blocks[0]) == "abstract":
        parts.consumed.append(blocks[0])
        n = 1
    collected: list[Block] = []
    while n < len(blocks):
        block = blocks[n]
        if block.kind == "pagebreak":
            n += 1
            break
        if _is_keywords(block):
            break
        part = heading_part(block)
        if part is not None and part != "abstract":
            break
        if block.kind == "heading" and labels.abstract_label(block.text) is None and (
                block.styled or labels.TOP_LEVEL_TITLES.match(block.text.rstrip(":. "))):
            break
        collected.append(block)
        n += 1
    parts.abstract = collected
    rest = blocks[n:]
    return _take_keywords_at_start(rest, parts)


def _is_keywords(block: Block) -> bool:
    if block.kind == "para" and labels.KEYWORDS_PARAGRAPH.match(block.text):
        return True
    return heading_part(block) == "keywords"


def _take_keywords_at_start(blocks: list[Block], parts: Parts) -> list[Block]:
    """Keywords follow the abstract: a 'Keywords: a, b' paragraph or a heading and a paragraph."""
    n = 0
    while n < len(blocks) and blocks[n].kind == "pagebreak":
        n += 1
    if n < len(blocks) and _is_keywords(blocks[n]):
        if blocks[n].kind == "para" and labels.KEYWORDS_PARAGRAPH.match(blocks[n].text):
            parts.keywords = [blocks[n]]
            n += 1
        else:
            parts.consumed.append(blocks[n])
            parts.keywords = [blocks[n + 1]] if n + 1 < len(blocks) and blocks[n + 1].kind == "para" else []
            n += 1 + len(parts.keywords)
        while n < len(blocks) and blocks[n].kind == "pagebreak":
            n += 1
    return blocks[n:]


def _take_body(blocks: list[Block], parts: Parts) -> list[Block]:
    for n, block in enumerate(blocks):
        part = heading_part(block)
        if part in BACK_PARTS:
            parts.body = [b for b in blocks[:n] if b.kind != "pagebreak"]
            return blocks[n:]
        if block.kind == "para" and not parts.keywords and labels.KEYWORDS_PARAGRAPH.match(block.text):
            parts.keywords = [block]
            blocks = blocks[:n] + blocks[n + 1:]
            return _take_body(blocks, parts)
    parts.body = [b for b in blocks if b.kind != "pagebreak"]
    return []


def _take_back(blocks: list[Block], parts: Parts) -> None:
    current: str | None = None
    statement: list[Block] | None = None
    n = 0
    while n < len(blocks):
        block = blocks[n]
        part = heading_part(block)
        if part is not None:
            parts.consumed.append(block)
            current = part
            statement = None
            if part in ("ack", "coi", "funding", "ethics", "data"):
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
        if _table_caption_ahead(blocks, n):
            current = "tables"
            n += 1  # the caption is picked up with its table
            continue
        if _is_continuation_note(block) and _table_ahead(blocks, n):
            n += 1  # picked up with its table, like a caption
            continue
        if block.kind == "para" and labels.FIGURE_LEGEND.match(block.text):
            parts.legends.append(block)
            current = "legends"
            n += 1
            continue
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


def _table_caption_ahead(blocks: list[Block], n: int) -> bool:
    """A 'Table N. Title' paragraph whose table follows (possibly after a page break)."""
    block = blocks[n]
    if block.kind not in ("para", "heading") or not labels.TABLE_CAPTION.match(block.text):
        return False
    for follower in blocks[n + 1:n + 4]:
        if follower.kind == "table":
            return True
        if follower.kind != "pagebreak" and not _is_continuation_note(follower):
            return False
    return False


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
    back = n - 1
    while back >= 0 and back >= n - 4:
        candidate = blocks[back]
        if candidate.kind in ("para", "heading") and labels.TABLE_CAPTION.match(candidate.text):
            caption = candidate
            break
        if _is_continuation_note(candidate):
            notes.append(candidate)
        elif candidate.kind != "pagebreak":
            break
        back -= 1
    parts_ = TableParts(blocks[n], caption, notes=notes)
    m = n + 1
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
        if parts_.notes and follower.kind == "pagebreak" and m + 1 < len(blocks) and blocks[m + 1].kind == "table":
            m += 1
            continue
        if follower.kind != "para" or labels.TABLE_CAPTION.match(follower.text) or labels.FIGURE_LEGEND.match(
                follower.text) or heading_part(follower):
            break
        if not in_tables_part and not _looks_like_table_note(follower):
            break
        if _table_caption_ahead(blocks, m):
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
        if block.kind == "para" and labels.FIGURE_LEGEND.match(block.text) and _legend_like(block):
            parts.legends.append(block)
            n += 1
            continue
        kept.append(block)
        n += 1
    taken = {id(t.caption) for t in parts.tables} | {id(f) for t in parts.tables for f in t.footnotes + t.notes}
    taken |= {id(b) for b in parts.consumed}
    parts.body = [b for b in kept if id(b) not in taken]


def _legend_like(block: Block) -> bool:
    """'Figure 2. Axial CT ...' is a legend; 'Figure 2 shows ...' in running text is not."""
    m = labels.FIGURE_LEGEND.match(block.text)
    return bool(m and m.group("rest") and block.text[m.start("rest") - 2:m.start("rest")].strip() in ".:|–—-")


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
