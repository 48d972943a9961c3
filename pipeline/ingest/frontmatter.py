"""Blocks of a manuscript -> the front matter that is not article content, set apart before the parts are read.

Theses, capstone reports and preprints open with pages a journal article never
has: a table of contents and lists of tables and figures (typed by hand, so
their lines would read as headings, and a "REFERENCES" entry would start the
back matter in the middle of the contents), a dedication or an approval
sheet, and a title page in a table. This module finds them so that the
segmenter reads the rest as it reads any manuscript:

- a table of contents or a list of tables/figures is *left out* (the pipeline
  makes its own), with one finding naming it; its words count as carried over;
- a dedication, approval sheet, certificate or declaration of originality, a
  thesis's title-page lines ("In Partial Fulfillment of…") and a submission's
  word counts are *front matter*: kept whole in the back, under one note, with
  one finding (assemble does the keeping);
- a table on the title page (title, authors, affiliations in cells) is read as
  the paragraphs its cells hold.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from lxml import etree

from pipeline.ingest import labels
from pipeline.ingest.blocks import Block
from pipeline.ingest.titlepage import looks_like_affiliation, names_authors

# A heading that opens a table of contents or a list of tables or figures (English, Spanish, Portuguese).
CONTENTS_HEADING = re.compile(
    r"^(table\s+of\s+contents?|contents|list\s+of\s+(tables?|figures?|illustrations|charts|appendices|"
    r"tables?\s+(and|&)\s+figures?|figures?\s+(and|&)\s+tables?)|índice|sumário|sumario|"
    r"tabla\s+de\s+contenidos?|lista\s+de\s+(tablas|figuras|tabelas))$", re.I)
# Headings of a thesis's pages that are not the article's (a dedication, an approval sheet...).
FRONT_MATTER_HEADING = re.compile(
    r"^(dedication|dedicatoria|approval\s+sheet|approval\s+page|certificate(\s+of\s+(approval|originality))?|"
    r"certification|declaration\s+of\s+(originality|authorship)|(student|candidate)['’]?s?\s+declaration|"
    r"statement\s+of\s+originality|epigraph|preface|foreword)$", re.I)
# Lines that only a thesis's or report's title page has.
THESIS_CUE = re.compile(
    r"\b(in\s+partial\s+fulfil{1,2}ment|presented\s+to\s+the|submitted\s+(to|in|for)\s+the|a\s+thesis|"
    r"dissertation|capstone|(degree|requirements)\s+(of|for)\s+the|bachelor\s+of|master\s+of|doctor\s+of|"
    r"advis[eo]r|supervisor)\b", re.I)
# Lines of a submission's title page about the manuscript itself, not the article: word counts, its type, the
# journals it was meant for.
SUBMISSION_LINE = re.compile(
    r"^(total\s+)?word\s+counts?\b|^~?\s*\d[\d,.]*\s+words\b|"
    r"^(abstract|main\s+text|text|manuscript|body|references|tables?|figures?)\s*(word\s+count)?\s*:\s*~?\s*"
    r"\d[\d,.]*(\s+words)?\s*$|^(manuscript|article|paper|submission)\s+type\s*:|"
    r"^(potential|target|intended|suggested)\s+journals?\s*:|^number\s+of\s+(words|tables|figures|references)\b",
    re.I)
# An entry of a contents list: it ends with its page number (arabic or roman), after dots or spaces.
PAGE_NUMBER_END = re.compile(r"(\.{2,}|…|\s)\s*([0-9]{1,4}|[ivxlcdm]{1,7})\s*$", re.I)
CONTENT_WORDS = 12  # a paragraph of at least this many words (and no page number at its end) is text, not an entry


@dataclass
class FrontMatter:
    left_out: list[tuple[str, list[Block]]] = field(default_factory=list)  # (what it is, its blocks)
    kept: list[Block] = field(default_factory=list)  # pages that are not the article's, kept in the back


def set_apart(blocks: list[Block]) -> tuple[list[Block], FrontMatter]:
    """The blocks without the contents lists and the front-matter pages, and what was set apart."""
    front = FrontMatter()
    blocks = _unfold_title_page_tables(blocks)
    blocks = _take_contents(blocks, front)
    blocks = _take_front_pages(blocks, front)
    return blocks, front


def _heading_text(block: Block) -> str:
    return PAGE_NUMBER_END.sub("", block.text).strip().rstrip(":.").strip()


def is_contents_heading(block: Block) -> bool:
    return block.kind in ("heading", "para") and bool(CONTENTS_HEADING.match(_heading_text(block)))


def _is_text(block: Block) -> bool:
    """A paragraph of running text, which no contents list has."""
    return block.kind == "para" and len(block.text.split()) >= CONTENT_WORDS and not PAGE_NUMBER_END.search(
        block.text)


def _empty(block: Block) -> bool:
    return block.kind == "para" and not block.text and not len(block.element)


def _take_contents(blocks: list[Block], front: FrontMatter) -> list[Block]:
    """A contents list runs from its heading to the text after it: up to the first paragraph of running text,
    less the headings (and the page break) just before that paragraph, which are the text's own; or up to the
    first heading that repeats one of its entries, if that comes first."""
    out: list[Block] = []
    n = 0
    while n < len(blocks):
        if not is_contents_heading(blocks[n]):
            out.append(blocks[n])
            n += 1
            continue
        start = n
        text_at = next((m for m in range(start + 1, len(blocks)) if _is_text(blocks[m])), len(blocks))
        end = text_at
        while end - 1 > start and (blocks[end - 1].kind == "heading" or _empty(blocks[end - 1])):
            end -= 1
        entries: set[str] = set()
        for m in range(start + 1, end):
            # A heading of the text has no page number: "Heading 1" is "Heading 1", not "Heading" on page 1.
            own = blocks[m].text.strip().rstrip(":.").strip().casefold()
            if blocks[m].kind == "heading" and (own in entries or _heading_text(blocks[m]).casefold() in entries):
                end = m  # the main text's own heading, listed in the contents above it
                break
            entries.add(_heading_text(blocks[m]).casefold())
        listed = [b for b in blocks[start + 1:end] if b.text and not is_contents_heading(b)]
        if len(listed) < 2:  # a "List of figures" heading over the legends themselves, say: not a contents list
            out.append(blocks[n])
            n += 1
            continue
        names = [blocks[start].text] + [b.text for b in blocks[start + 1:end] if b.kind == "heading" and
                                         is_contents_heading(b)]
        front.left_out.append((" and ".join(f"“{name}”" for name in names), blocks[start:end]))
        n = end
    return out


def _take_front_pages(blocks: list[Block], front: FrontMatter) -> list[Block]:
    """A dedication, approval sheet or declaration of originality: its heading and what follows it, up to the
    next heading or page break."""
    out: list[Block] = []
    n = 0
    while n < len(blocks):
        block = blocks[n]
        if block.kind in ("heading", "para") and FRONT_MATTER_HEADING.match(_heading_text(block)):
            m = n + 1
            while m < len(blocks) and blocks[m].kind not in ("heading", "pagebreak") and not is_contents_heading(
                    blocks[m]) and labels.part_of_heading(blocks[m].text) is None:
                m += 1
            front.kept.extend(blocks[n:m])
            n = m
            continue
        out.append(block)
        n += 1
    return out


def is_thesis_title_page(blocks: list[Block]) -> bool:
    return any(b.kind in ("para", "heading") and THESIS_CUE.search(b.text) for b in blocks)


def is_submission_line(block: Block) -> bool:
    """'Word count: 3109', 'Abstract: 213 words', 'Manuscript type: …': about the manuscript, not the article."""
    return block.kind in ("para", "heading") and bool(SUBMISSION_LINE.search(block.text))


# --- title page laid out in a table ---------------------------------------------------------------------------

def _unfold_title_page_tables(blocks: list[Block]) -> list[Block]:
    """A table before the abstract, the first page break and any "Table N" title: the title page laid out in
    cells. Its cells' paragraphs take its place, row by row."""
    out: list[Block] = []
    for n, block in enumerate(blocks):
        if block.kind in ("pagebreak", "abstract-start") or (block.kind == "heading" and block.styled and not
                                                             labels.title_page_heading(block.text)) or (
                block.kind in ("heading", "para") and labels.part_of_heading(block.text) is not None):
            return out + blocks[n:]
        before = [b for b in blocks[:n] if b.text]
        if block.kind == "table" and len(before) <= TITLE_PAGE_TABLE_AFTER and not any(
                b.kind in ("para", "heading") and labels.TABLE_CAPTION.match(b.text) for b in before) and \
                _title_page_table(block):
            out.extend(_cell_paragraphs(block))
            continue
        out.append(block)
    return out


TITLE_PAGE_TABLE_AFTER = 3  # paragraphs (the title, a running title...) that may stand above a title-page table


TITLE_PAGE_TABLE_COLUMNS = 2  # a title page in a table has its parts one under the other (or label | value)


def _title_page_table(block: Block) -> bool:
    """A table that lays out a title page: narrow, and holding an author line that names its authors as one
    (several names, or names with markers) or an affiliation. A data table at the top of a file is not one, nor
    a one-column table of samples whose "Large Font" reads like a name."""
    rows = list(block.element.iter("tr"))
    if not rows or any(len(tr) > TITLE_PAGE_TABLE_COLUMNS for tr in rows):
        return False
    return any(names_authors(p) or looks_like_affiliation(p.text) for p in _cell_paragraphs(block))


def _cell_paragraphs(block: Block) -> list[Block]:
    paragraphs: list[Block] = []
    for cell in block.element.iter("td", "th"):
        inner = [child for child in cell if child.tag in ("p", "list", "disp-quote")]
        if inner:
            for child in inner:
                kind = "list" if child.tag == "list" else "para"
                paragraphs.append(Block(kind, copy.deepcopy(child), index=block.index))
        elif (cell.text or "").strip() or len(cell):
            p = etree.Element("p")
            p.text = cell.text
            for child in cell:
                p.append(copy.deepcopy(child))
            paragraphs.append(Block("para", p, index=block.index))
    return [b for b in paragraphs if b.text or len(b.element)]
