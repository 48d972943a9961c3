"""The recognised parts of a manuscript -> one JATS article (front, body, back).

Calls each recogniser on its part, links citations and mentions, places each
table and figure after the paragraph that first cites it, and puts anything
that could not be placed in a `notes` section of the back, with a warning,
so that nothing is lost. Last, the manuscript's own internal links (Word
cross-references to headings, captions and bookmarks) are pointed at the
section, table, figure or note their target became, or kept as text with a
warning when it is not in the article.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from lxml import etree

from pipeline.config.journal import Journal
from pipeline.diagnostics import Finding
from pipeline.ingest import frontmatter, labels, reference_styles
from pipeline.ingest.abstract import build_abstract, build_keywords, build_main_points
from pipeline.ingest.blocks import Block, is_anchor
from pipeline.ingest.body import build_body
from pipeline.ingest.citations import Targets, cited_by_name, link_citations, link_mentions
from pipeline.ingest.conservation import INLINE
from pipeline.ingest.figures import BuiltFigure, FigureFile, FigureKey, build_figures
from pipeline.ingest.references import parse_reference
from pipeline.ingest.repair import unwrap
from pipeline.ingest.segment import Parts
from pipeline.ingest.tables import BuiltTable, build_tables
from pipeline.ingest.titlepage import TitlePage, read_title_page
from pipeline.jats import el, journal_meta, new_article, sub
from pipeline.xmlio import NS

STATEMENT_FN_TYPES = {"coi": "coi-statement", "funding": "financial-disclosure", "ethics": "other", "data": "other"}


@dataclass
class Built:
    article: etree._Element
    findings: list[Finding] = field(default_factory=list)
    consumed: list[str] = field(default_factory=list)
    figures: dict[str, Path] = field(default_factory=dict)
    # each figure's files, in order, by figures.figure_key
    figure_files: dict[FigureKey, list[FigureFile]] = field(default_factory=dict)
    stats: dict[str, int] = field(default_factory=dict)


def article(parts: Parts, raw: etree._Element, figure_files: list[Path], journal: Journal,
            article_type: str | None, source: str,
            embedded: dict[FigureKey, list[FigureFile]] | None = None) -> Built:
    type_config = journal.article_types.get(article_type) if article_type else None
    root = new_article(type_config.jats if type_config else "research-article")
    built = Built(root)
    built.consumed.extend(b.text for b in parts.consumed)

    page = read_title_page(parts.title, parts.title_page)
    built.consumed.extend(page.consumed)
    if page.title is None:
        built.findings.append(Finding.of("ingest.no-title", "no article title was found at the top of the manuscript"))
    if not page.authors:
        built.findings.append(Finding.of("ingest.no-authors", "no author line was found on the title page"))

    abstract, abstract_labels = build_abstract(parts.abstract)
    _check_abstract(abstract, abstract_labels, type_config, article_type, built.findings)
    keywords, consumed = build_keywords(parts.keywords)
    built.consumed.extend(consumed)
    if keywords is None:
        built.findings.append(Finding.of("ingest.no-keywords", "no keywords were found after the abstract"))
    main_points = build_main_points(parts.main_points)
    if main_points is None:
        built.findings.append(Finding.of("ingest.no-main-points", f"no “{journal.house_style.key_points.title}” list "
                                         "was found"))

    reference_list = _references(parts.references)
    refs = reference_list.refs
    built.findings.extend(reference_list.findings)
    built.consumed.extend(reference_list.consumed)
    tables, table_findings, table_consumed = build_tables(parts.tables)
    built.findings.extend(table_findings)
    built.consumed.extend(table_consumed)
    figures, figure_findings, legend_leftovers, repeated = build_figures(
        parts.legends, figure_files, "figure legends", embedded, journal.figures.min_dpi)
    built.findings.extend(figure_findings)
    built.consumed.extend(f.typed_label for f in figures)  # "Fig. 2." became the label "Figure 2"
    built.consumed.extend(repeated)
    built.figures = {f.target_name: f.path for fig in figures for f in fig.files}
    built.figure_files = {(fig.supplementary, fig.key): fig.files for fig in figures}

    body, leftovers = build_body(parts.body)
    # Blocks the main points and the reference list cannot hold (a table, a quotation, an equation) are kept too.
    not_held = [b for b in parts.main_points + parts.references if b.kind not in ("list", "para", "heading")]
    front_pages, page_unplaced = _front_pages(parts, page, built)
    unplaced = page_unplaced + list(leftovers) + list(parts.unplaced) + legend_leftovers + not_held

    # Citations and mentions, wherever the text is: body, tables, legends, footnotes.
    display = [t.element for t in tables] + [f.element for f in figures]
    report = link_citations([body, *display], reference_list.numbers, "main text", brackets=reference_list.numbered)
    built.findings.extend(report.findings)
    targets = Targets(  # a number given twice points at its first table or figure
        tables=_first_ids((t.key, t.id) for t in tables if t.number is not None and not t.supplementary),
        figures=_first_ids((f.key, f.id) for f in figures if not f.supplementary),
        supp_tables=_first_ids((t.key, t.id) for t in tables if t.number is not None and t.supplementary),
        supp_figures=_first_ids((f.key, f.id) for f in figures if f.supplementary),
    )
    _, mention_findings = link_mentions([body, *display], targets, "main text")
    built.findings.extend(mention_findings)
    uncited = [n for n in reference_list.numbers if n not in report.cited]
    if reference_list.style.author_year:
        # "(Smith et al., 2019)": only the references whose first author and year were read can be checked
        authors = _first_authors(refs, reference_list.numbers)
        found = cited_by_name([body, *display], authors)
        uncited = [n for n in reference_list.numbers if n in authors and n not in found | report.cited]
    if uncited:
        built.findings.append(Finding.of("ingest.citation-unresolved", "references never cited in the text: "
                                         f"{_ranges(uncited)}"))
    # Word cross-references (pandoc's links to bookmarks and headings) to a table or figure caption point at
    # the table or figure, before floats are placed after their first mention.
    moved: dict[str, str] = {}
    _anchors_to_targets(display, moved)
    _retarget([body, *display], moved, None)
    _place_floats(body, [t for t in tables if not t.supplementary], [f for f in figures if not f.supplementary])

    front = sub(root, "front")
    front.append(journal_meta(journal))
    meta = sub(front, "article-meta")
    _title_group(meta, page)
    built.findings.extend(_contributors(meta, page))
    if abstract is not None:
        meta.append(abstract)
    if main_points is not None:
        meta.append(main_points)
    if keywords is not None:
        meta.append(keywords)
    funding = [blocks for kind, blocks in parts.statements if kind == "funding" and blocks]
    if funding:
        group = sub(meta, "funding-group")
        statement = sub(group, "funding-statement")
        statement.text = " ".join(b.text for blocks in funding for b in blocks)
    root.append(body)
    _back(root, parts, raw, refs, tables, figures, unplaced, built, front_pages)
    _math(root)
    _anchors_to_targets([root], moved)
    _retarget([root], moved, built.findings)
    built.stats.update({"references": len(refs), "tables": len([t for t in tables if not t.supplementary]),
                        "figures": len([f for f in figures if not f.supplementary]),
                        "authors": len(page.authors), "affiliations": len(page.affiliations)})
    return built


# --- front ----------------------------------------------------------------------------------------------------

def _title_group(meta: etree._Element, page: TitlePage) -> None:
    group = sub(meta, "title-group")
    title = sub(group, "article-title")
    if page.title is not None:
        title.text = page.title.text
        for child in page.title:
            title.append(copy.deepcopy(child))
        _strip_bold_wrapper(title)
    if page.running_title:
        sub(group, "alt-title", page.running_title, alt_title_type="running-head")


def _strip_bold_wrapper(title: etree._Element) -> None:
    only_bold = len(title) == 1 and title[0].tag == "bold"
    if only_bold and not (title.text or "").strip() and not (title[0].tail or "").strip():
        inner = title[0]
        title.text = inner.text
        title.remove(inner)
        for child in inner:
            title.append(child)


def _contributors(meta: etree._Element, page: TitlePage) -> list[Finding]:
    findings: list[Finding] = []
    markers = {a.marker: f"aff{n}" for n, a in enumerate(page.affiliations, 1)}
    corresponding = next((a for a in page.authors if a.corresponding), None)
    has_corresp = bool(page.correspondence) or bool(corresponding is not None and corresponding.email)
    unmatched: dict[str, list[str]] = {}  # affiliation marker -> the authors it marks, when no affiliation has it
    # Without an author line the affiliations stand in article-meta itself (a contrib-group needs a contrib).
    group = sub(meta, "contrib-group") if page.authors else meta
    for author in page.authors:
        contrib = sub(group, "contrib", contrib_type="author")
        if author is corresponding:
            contrib.set("corresp", "yes")
        name = sub(contrib, "name")
        sub(name, "surname", author.name.surname)
        if author.name.given_names:
            sub(name, "given-names", author.name.given_names)
        if author.name.suffix:
            sub(name, "suffix", author.name.suffix)
        if author.degrees:
            sub(contrib, "degrees", author.degrees)
        for marker in author.markers:
            if marker in markers:
                sub(contrib, "xref", ref_type="aff", rid=markers[marker])
            elif marker.isalnum():  # symbols mark notes ("*", "†"); numbers and letters mark affiliations
                unmatched.setdefault(marker, []).append(" ".join(filter(None, [author.name.given_names,
                                                                               author.name.surname])))
        if author is corresponding and has_corresp:
            sub(contrib, "xref", ref_type="corresp", rid="cor1")
    for marker, names in unmatched.items():
        findings.append(Finding.of(
            "ingest.affiliation-marker", f"{', '.join(names)} {'is' if len(names) == 1 else 'are'} marked “{marker}”, "
            "but no affiliation on the title page has that marker"))
    for n, aff in enumerate(page.affiliations, 1):
        node = sub(group, "aff", id=f"aff{n}")
        if aff.element is not None and aff.marker:  # the manuscript's own marker; "From the" ones have none
            sub(node, "label", aff.marker)
        _fill_affiliation(node, aff.text)
    if not has_corresp and not page.author_notes:
        return findings
    notes = sub(meta, "author-notes")
    if has_corresp:
        corresp = sub(notes, "corresp", id="cor1")
        if page.correspondence:
            texts = [_apart(p) for p in page.correspondence]
            _text_with_email(corresp, "; ".join(texts))
        else:
            _text_with_email(corresp, f"Corresponding author: {corresponding.name.given_names or ''} "
                                      f"{corresponding.name.surname}, e-mail: {corresponding.email}".replace("  ", " "))
    for note in page.author_notes:
        fn = sub(notes, "fn")
        p = copy.deepcopy(note)
        p.tag = "p"
        p.attrib.clear()
        fn.append(p)
    return findings


def _apart(p: etree._Element) -> str:
    """A paragraph's text with its words kept apart where only the markup separates them (a footnote number
    after an e-mail address: "x@y.org<xref>1</xref>" is "x@y.org 1", not "x@y.org1")."""
    pieces: list[str] = []

    def walk(node: etree._Element) -> None:
        boundary = node is not p and isinstance(node.tag, str) and etree.QName(node).localname not in INLINE
        if boundary:
            pieces.append("\0")
        pieces.append(node.text or "")
        for child in node:
            walk(child)
            pieces.append(child.tail or "")
        if boundary:
            pieces.append("\0")

    walk(p)
    text = re.sub(r"(?<=\w)\0+(?=\w)", " ", "".join(pieces)).replace("\0", "")
    return " ".join(text.split())


INSTITUTION_WORDS = re.compile(r"\b(University|Universit\w*|Hospital|Clinic|Institute|Center|Centre|School|College|"
                               r"Foundation|Medical|Health|Klinikum|Hôpital|Hospital)\b", re.I)
DEPARTMENT_WORDS = re.compile(r"^(Department|Dept\.?|Division|Section|Unit|Laboratory|Service|Faculty)\b", re.I)


def _fill_affiliation(node: etree._Element, text: str) -> None:
    """'Department of X, Inst, City, Country' -> dept and institution tagged, the rest as text, country tagged."""
    pieces = [p.strip() for p in text.split(",")]
    out: list[etree._Element | str] = []
    country = pieces[-1].rstrip(".") if len(pieces) > 1 else None
    if country and (INSTITUTION_WORDS.search(country) or DEPARTMENT_WORDS.match(country)):
        country = None  # "..., Imperial College London": the affiliation names no country
    body = pieces[:-1] if country else pieces
    for n, piece in enumerate(body):
        if n:
            out.append(", ")
        if DEPARTMENT_WORDS.match(piece):
            out.append(el("institution", piece, content_type="dept"))
        elif INSTITUTION_WORDS.search(piece):
            out.append(el("institution", piece))
        else:
            out.append(piece)
    if country:
        out.append(", ")
        out.append(el("country", country))
    for item in out:
        if isinstance(item, str):
            if len(node):
                node[-1].tail = (node[-1].tail or "") + item
            else:
                node.text = (node.text or "") + item
        else:
            node.append(item)


def _text_with_email(node: etree._Element, text: str) -> None:
    m = labels.EMAIL.search(text)
    if not m:
        node.text = text
        return
    node.text = text[:m.start()]
    email = sub(node, "email", m.group(0))
    email.tail = text[m.end():]


def _check_abstract(abstract: etree._Element | None, found: list[str], type_config, article_type: str | None,
                    findings: list[Finding]) -> None:
    if abstract is None:
        if type_config is None or type_config.abstract_words is not None:
            findings.append(Finding.of("ingest.no-abstract", "no abstract was found"))
        return
    if type_config is None:
        return
    if type_config.abstract_structured:
        canonical = [labels.current_words().label_of(f) for f in found]
        if canonical != type_config.abstract_sections:
            findings.append(Finding.of(
                "ingest.abstract-structure",
                f"an {article_type} needs a structured abstract with {', '.join(type_config.abstract_sections)}; "
                f"the manuscript's abstract has {', '.join(found) if found else 'no sections'}"))
    elif found:
        findings.append(Finding.of("ingest.abstract-structure",
                                   f"the abstract has sections ({', '.join(found)}); a {article_type} has an "
                                   "unstructured abstract"))


# --- references -------------------------------------------------------------------------------------------------

@dataclass
class ReferenceList:
    refs: list[etree._Element]
    numbers: list[int]  # the number of each reference, as citations give it
    numbered: bool  # the list is numbered (typed numbers or a numbered Word list): "[9]" in the text may cite it
    style: reference_styles.ListStyle = reference_styles.NUMBERED
    findings: list[Finding] = field(default_factory=list)
    consumed: list[str] = field(default_factory=list)


def _references(blocks: list[Block]) -> ReferenceList:
    entries: list[etree._Element] = []
    listed: list[str | None] = []  # the list-type of the Word list an entry is an item of
    for block in blocks:
        if block.kind == "list":
            for item in block.element.findall("list-item"):
                p = item.find("p")
                entries.append(p if p is not None else item)
                listed.append(block.element.get("list-type") or "list")
        elif block.kind in ("para", "heading") and block.text:
            entries.append(block.element)
            listed.append(None)
    texts = [" ".join("".join(p.itertext()).split()) for p in entries]
    typed = [labels.reference_number(text) for text in texts]
    given = [n for n in typed if n is not None]
    # Typed numbers that only go up number the references, so that one entry more or less does not shift every
    # reference after it; a paragraph without a number between them is the rest of the entry before it.
    by_typed = bool(entries) and typed[0] is not None and all(a < b for a, b in pairwise(given)) and \
        not any(listed)
    groups: list[list[int]] = []
    for k, number in enumerate(typed):
        if by_typed and number is None:
            groups[-1].append(k)
        else:
            groups.append([k])
    out = ReferenceList([], [], bool(given) or "order" in listed)
    unnumbered = []
    for group in groups:
        text = " ".join(texts[k] for k in group)
        m = labels.REFERENCE_NUMBER.match(text)
        unnumbered.append((text[m.end():], m.group(1)) if m else (text, None))
    out.style = reference_styles.detect([text for text, _ in unnumbered])
    for position, (group, (text, typed_number)) in enumerate(zip(groups, unnumbered, strict=True), 1):
        p = _joined([entries[k] for k in group])
        if typed_number is not None:
            out.consumed.append(typed_number)
        number = typed[group[0]] if by_typed else position
        parsed = parse_reference(text, number, p, out.style.grammars)
        out.refs.append(parsed.element)
        out.numbers.append(number)
        out.consumed.extend(parsed.consumed)
        if not parsed.structured:
            out.findings.append(Finding.of("ingest.reference-unparsed",
                                           f"reference {number} was kept as written: {parsed.reason}",
                                           location=f"reference {number}: “{text[:60]}…”"))
    if by_typed and out.numbers != list(range(1, len(out.numbers) + 1)):
        out.findings.append(Finding.of(
            "ingest.reference-numbering",
            f"the reference list is numbered {_ranges(out.numbers)}, not 1 to {len(out.numbers)}: the references "
            "keep the numbers typed, and a citation of a number the list does not have is not linked"))
    elif given and given != list(range(1, len(entries) + 1)):
        out.findings.append(Finding.of(
            "ingest.reference-numbering",
            f"the reference list is numbered {_ranges(given)}, not 1 to {len(entries)}: citations would point at "
            "the wrong references"))
    if not entries:
        out.findings.append(Finding.of("ingest.no-references", "no reference list was found"))
    return out


def _first_authors(refs: list[etree._Element], numbers: list[int]) -> dict[int, tuple[str, str]]:
    """Reference number -> (first author's surname or group name, year) of each element-citation that has both."""
    out = {}
    for number, ref in zip(numbers, refs, strict=True):
        cit = ref.find("element-citation")
        first = cit.find("person-group/*") if cit is not None else None
        year = cit.findtext("year") if cit is not None else None
        name = first.findtext("surname") if first is not None and first.tag == "name" else \
            (first.text if first is not None and first.tag == "collab" else None)
        if name and year:
            out[number] = (name, year)
    return out


def _joined(paragraphs: list[etree._Element]) -> etree._Element:
    """One paragraph for an entry typed over several (its inline markup kept, for the italics)."""
    if len(paragraphs) == 1:
        return paragraphs[0]
    joined = etree.Element("p")
    for p in paragraphs:
        copy_ = copy.deepcopy(p)
        if len(joined):
            joined[-1].tail = (joined[-1].tail or "") + " " + (copy_.text or "")
        else:
            joined.text = ((joined.text + " ") if joined.text else "") + (copy_.text or "")
        joined.extend(list(copy_))
    return joined


def _ranges(numbers: list[int]) -> str:
    out, start, prev = [], None, None
    for n in numbers:
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            out.append(f"{start}-{prev}" if start != prev else str(start))
            start = prev = n
    if start is not None:
        out.append(f"{start}-{prev}" if start != prev else str(start))
    return ", ".join(out)


def _first_ids(pairs) -> dict[str, str]:
    out: dict[str, str] = {}
    for number, item_id in pairs:
        out.setdefault(number, item_id)
    return out


# --- internal links -----------------------------------------------------------------------------------------------

# What an internal link may point at (the house rules' xref kinds), and the ref-type it then has.
LINK_TARGETS = {"sec": "sec", "table-wrap": "table", "fig": "fig", "supplementary-material": "supplementary-material",
                "fn": "fn", "ref": "bibr", "disp-formula": "disp-formula", "aff": "aff", "corresp": "corresp"}


RETARGETED = "retargeted"  # a mark, between the two passes, on links the first pass pointed elsewhere


def _anchors_to_targets(roots: list[etree._Element], moved: dict[str, str]) -> None:
    """Each anchor (a Word bookmark, a heading's pandoc id) -> the id of the section, table, figure or note
    that holds it, in `moved`; the anchor itself, an empty marker, is taken out."""
    for root in roots:
        for anchor in list(root.iter("named-content")):
            if not is_anchor(anchor):
                continue
            holder = next((a for a in anchor.iterancestors() if a.tag in LINK_TARGETS and a.get("id")), None)
            if holder is not None:
                moved.setdefault(anchor.get("id"), holder.get("id"))
                unwrap(anchor)


def _retarget(roots: list[etree._Element], moved: dict[str, str], findings: list[Finding] | None) -> None:
    """Point each xref at what its target became. With findings (the finished article): anchors left over are
    taken out, and a link whose target is not in the article becomes its text, with a warning."""
    if findings is not None:
        for root in roots:
            for anchor in [a for a in root.iter("named-content") if is_anchor(a)]:
                unwrap(anchor)
    ids = {node.get("id"): node for root in roots for node in root.iter()
           if isinstance(node.tag, str) and node.get("id")}
    for root in roots:
        for xref in list(root.iter("xref")):
            rids = (xref.get("rid") or "").split()
            new = [moved.get(r, r) for r in rids]
            found = [ids.get(r) for r in new]
            if rids and all(t is not None for t in found):
                if new != rids or xref.get(RETARGETED):
                    # A link the pipeline pointed elsewhere: its kind is its target's, as the target is now
                    # (a supplementary table ends up wrapped in supplementary-material).
                    xref.set("rid", " ".join(dict.fromkeys(new)))
                    xref.set(RETARGETED, "yes")
                    if found[0].tag in LINK_TARGETS:
                        xref.set("ref-type", LINK_TARGETS[found[0].tag])
                elif xref.get("ref-type") is None and found[0].tag in LINK_TARGETS:
                    xref.set("ref-type", LINK_TARGETS[found[0].tag])
                if findings is not None:
                    xref.attrib.pop(RETARGETED, None)
                continue
            if findings is None:
                continue
            text = " ".join("".join(xref.itertext()).split())
            findings.append(Finding.of(
                "ingest.broken-link",
                f"the link “{text}” points at “{xref.get('rid')}”, a place in the Word file (a heading or bookmark) "
                "that is not a section, table, figure or note of the article; its text is kept without the link",
                location=_context(xref)))
            unwrap(xref)


def _context(node: etree._Element) -> str:
    for ancestor in node.iterancestors():
        if ancestor.tag in ("p", "title", "td", "th", "article-title"):
            words = "".join(ancestor.itertext()).split()
            return f"the paragraph starting “{' '.join(words[:8])}{'…' if len(words) > 8 else ''}”"
    return "the article"


# --- floats -------------------------------------------------------------------------------------------------------

def _place_floats(body: etree._Element, tables: list[BuiltTable], figures: list[BuiltFigure]) -> None:
    """Put each table and figure after the paragraph that first mentions it; uncited ones at the end."""
    floats: dict[str, etree._Element] = {}
    for item in [*tables, *figures]:
        floats.setdefault(item.id, item.element)  # mentions point at the first float of an id
    placed: set[str] = set()
    for xref in list(body.iter("xref")):
        rid = xref.get("rid")
        if xref.get("ref-type") not in ("table", "fig") or rid not in floats or rid in placed:
            continue
        anchor = xref
        while anchor.getparent() is not None and anchor.getparent().tag not in ("sec", "body"):
            anchor = anchor.getparent()
        # After the paragraph, and after floats already placed there.
        position = anchor
        while position.getnext() is not None and position.getnext().tag in ("table-wrap", "fig"):
            position = position.getnext()
        position.addnext(floats[rid])
        placed.add(rid)
    uncited = [item.element for item in [*tables, *figures] if item.element.getparent() is None]
    if uncited:
        # At the end of the body; the DTD admits no float after a section, so into the last (deepest) one.
        target = body
        while target.findall("sec"):
            target = target.findall("sec")[-1]
        for node in uncited:
            target.append(node)


# --- front matter that is not the article's -----------------------------------------------------------------------

def _front_pages(parts: Parts, page: TitlePage, built: Built) -> tuple[list[Block], list[Block]]:
    """A thesis's contents lists are left out (their words count as carried over), each with a finding; its
    dedication or approval sheet, and the lines of its title page that are not title, authors or affiliations
    ("In Partial Fulfillment of…", "Adviser"), are kept whole in one note, with one finding. Returns that note's
    blocks and the title page's other leftovers (unplaced, one finding each, as in any manuscript)."""
    front = parts.front_matter
    for name, blocks in front.left_out:
        built.consumed.extend(b.text for b in blocks)
        built.findings.append(Finding.of("ingest.left-out", (
            f"the manuscript's {name} ({len(blocks)} paragraphs, from {blocks[0].where()}) was left out: a table "
            "of contents or list of figures is not article content, and the pipeline makes its own")))
    thesis = frontmatter.is_thesis_title_page(page.unplaced)
    title_lines = [b for b in page.unplaced if thesis or frontmatter.is_submission_line(b)]
    kept = title_lines + list(front.kept)
    if kept:
        shown = "; ".join(f"“{' '.join(b.text.split()[:6])}{'…' if len(b.text.split()) > 6 else ''}”"
                          for b in kept if b.text)
        built.findings.append(Finding.of("ingest.front-matter", (
            f"{len(kept)} paragraph(s) of front matter that is not the article's (a thesis's title page, a "
            f"dedication, word counts) are kept at the end of the JATS under “Front matter of the "
            f"manuscript”: {shown[:400]}")))
    return kept, [b for b in page.unplaced if b not in title_lines]


# --- back -------------------------------------------------------------------------------------------------------

def _back(root: etree._Element, parts: Parts, raw: etree._Element, refs: list[etree._Element],
          tables: list[BuiltTable], figures: list[BuiltFigure], unplaced: list[Block], built: Built,
          front_pages: list[Block]) -> None:
    back = el("back")
    for kind, blocks in parts.statements:
        if kind == "ack" and blocks:
            ack = sub(back, "ack")
            for block in blocks:
                ack.append(_p(block))
    supplementary = [t.element for t in tables if t.supplementary] + [f.element for f in figures if f.supplementary]
    if supplementary or parts.supplementary:
        sec = sub(back, "sec", sec_type="supplementary-material")
        sub(sec, "title", "Supplementary material")
        for block in parts.supplementary:
            sec.append(_p(block))
        for node in supplementary:
            if node.tag == "table-wrap":
                # The supplementary-material is what "Supplementary Table 1" points at; the table sits inside.
                wrapper = el("supplementary-material", id=node.get("id"), content_type="table", position="float")
                node.set("id", f"{node.get('id')}-table")
                wrapper.append(node)
                sec.append(wrapper)
            else:
                sec.append(node)
    # A statement heading with nothing under it (its statements under headings of their own) leaves no note.
    notes = [(kind, blocks) for kind, blocks in parts.statements if kind != "ack" and kind != "funding" and blocks]
    pandoc_notes = raw.find("back/fn-group")
    if notes or pandoc_notes is not None:
        group = sub(back, "fn-group")
        for kind, blocks in notes:
            fn = sub(group, "fn", fn_type=STATEMENT_FN_TYPES.get(kind, "other"))
            for block in blocks:
                fn.append(_p(block))
        if pandoc_notes is not None:
            for fn in pandoc_notes.findall("fn"):
                node = copy.deepcopy(fn)
                node.set("fn-type", "other")
                group.append(node)
    if refs:
        ref_list = sub(back, "ref-list")
        sub(ref_list, "title", "References")
        for ref in refs:
            ref_list.append(ref)
    if front_pages:
        notes_el = sub(back, "notes", notes_type="front-matter")
        sub(notes_el, "title", "Front matter of the manuscript")
        for block in front_pages:
            notes_el.append(_p(block))
    if unplaced:
        notes_el = sub(back, "notes", notes_type="unplaced")
        sub(notes_el, "title", "Text the pipeline could not place")
        for block in unplaced:
            notes_el.append(_p(block))
            built.findings.append(Finding.of("ingest.unplaced", block.note or (
                f"{block.where()} could not be placed in the article structure; it is kept at the end of the JATS "
                "under “Text the pipeline could not place”")))
    if len(back):
        root.append(back)


# Blocks that stand as they are wherever a paragraph may (the JATS para-level elements pandoc writes).
PARA_LEVEL = frozenset({"list", "table-wrap", "disp-quote", "boxed-text", "def-list", "preformat", "disp-formula",
                        "fig", "code", "statement", "verse-group"})


def _p(block: Block) -> etree._Element:
    """A block as a paragraph-level element of the back (notes, acknowledgements, supplementary material)."""
    if block.element.tag in PARA_LEVEL:
        return copy.deepcopy(block.element)
    p = copy.deepcopy(block.element)
    p.tag = "p"
    p.attrib.clear()
    return p


def _math(root: etree._Element) -> None:
    """MathML only, with ids: the PMC Style Checker wants ids and rejects pandoc's partial TeX alternative."""
    mml = f"{{{NS['mml']}}}math"
    counters = {"inline-formula": 0, "disp-formula": 0}
    for formula in list(root.iter("inline-formula", "disp-formula")):
        alternatives = formula.find("alternatives")
        if alternatives is not None:
            math = alternatives.find(mml)
            if math is not None:
                formula.replace(alternatives, math)
        counters[formula.tag] += 1
        prefix = "if" if formula.tag == "inline-formula" else "df"
        formula.set("id", f"{prefix}{counters[formula.tag]}")
    for n, math in enumerate(root.iter(mml), 1):
        math.set("id", f"m{n}")
