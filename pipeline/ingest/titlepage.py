"""The title page of a manuscript -> title, authors, affiliations, correspondence, running title.

Authors are read from the author line(s): names separated by commas or "and",
each followed by its affiliation markers (superscript numbers, letters or
symbols) and optionally degrees ("Hakan Doğan, MD"). Affiliations are either
marked paragraphs ("¹Department of Medicine, ...") or the journal's own
"From the Department of ... (A.B., C.D.), Institution, City, Country; ..."
form, whose initials link them to the authors. Notes on authors marked with
symbols ("*These authors contributed equally", "†Corresponding author") are
author notes. A paragraph this module cannot place is returned as unplaced,
so the build can say so.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass, field

from lxml import etree

from pipeline.ingest import labels
from pipeline.ingest.blocks import Block
from pipeline.ingest.repair import unwrap
from pipeline.jats import remove_keep_tail, remove_leading_text
from pipeline.names import PersonName, dotted_initials, split_full_name

DEGREES = re.compile(
    r"^(MD|M\.D\.|PhD|Ph\.D\.|MSc|M\.Sc\.|MS|BSc|BS|MA|BA|DO|DDS|DMD|MBBS|MBChB|MB|BCh|FRCR|FRCS|FRCP|MPH|MBA|"
    r"RN|PharmD|DVM|EDiR|FACR|FSIR|FCIRSE|FEBIR|DSc|MHS|MSCE|Prof\.?|Assoc\.? Prof\.?|Dr\.?)$")
# A degree the list above does not name has its shape: one short word with two or more capitals ("BMBCh",
# "MPhil", "FRACR"), written after a name.
DEGREE_SHAPE = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z.]{1,7}$")
MARKER = re.compile(r"^[\s,]*([0-9]+|[a-z]|[*†‡§¶#$]+)([\s,]*([0-9]+|[a-z]|[*†‡§¶#$]+))*[\s,]*$")
NAME_WORD = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-ſ](?:[^\W\d_]|[\u0300-\u036f'’.\-])*$"
                       r"|^(de|da|van|von|del|della|der|den|di|du|dos|das|la|le)$")
# Markers typed after a name without superscript ("Wei Zuo1", "Peter Campbell*"): a name never ends so.
PLAIN_MARKERS = re.compile(r"(?<=[^\W\d_])(?P<markers>\d{1,2}[*†‡§¶#]*|[*†‡§¶#]+)$")


@dataclass
class AuthorEntry:
    name: PersonName
    markers: list[str] = field(default_factory=list)
    degrees: str | None = None
    corresponding: bool = False
    email: str | None = None
    initials_key: str = ""  # "M.C.P." as the "From the" form writes it


@dataclass
class AffiliationEntry:
    marker: str | None
    text: str
    element: etree._Element | None = None  # inline content, when it came from a paragraph
    author_initials: list[str] = field(default_factory=list)
    email: str | None = None  # an e-mail written beside an author's initials ("(S.K.V. x@y.org)")
    email_initials: str | None = None


@dataclass
class TitlePage:
    title: etree._Element | None = None
    authors: list[AuthorEntry] = field(default_factory=list)
    affiliations: list[AffiliationEntry] = field(default_factory=list)
    correspondence: list[etree._Element] = field(default_factory=list)  # the corresponding-author paragraphs
    corresponding_email: str | None = None
    # Notes on the authors marked with symbols ("*These authors jointly supervised this work")
    author_notes: list[etree._Element] = field(default_factory=list)
    corresponding_marker: str | None = None  # the symbol a note calls "Corresponding author"
    running_title: str | None = None
    unplaced: list[Block] = field(default_factory=list)
    consumed: list[str] = field(default_factory=list)  # label text turned into structure
    notes: list[str] = field(default_factory=list)  # what production should know


def read_title_page(title: Block | None, blocks: list[Block]) -> TitlePage:
    page = TitlePage(title=title.element if title is not None else None)
    rest = list(blocks)
    rest = _take_author_line(rest, page)
    page.consumed.extend(m for a in page.authors for m in a.markers)
    under: str | None = None  # the title-page heading the paragraphs stand under ("Corresponding author")
    previous: etree._Element | None = None
    for block in rest:
        text = block.text
        if block.kind == "heading" or (block.kind == "para" and text.endswith(":")):
            # "Corresponding author" as a heading, or as a line of its own ending with a colon
            heading = labels.title_page_heading(text.rstrip(":").strip())
            if heading or block.kind == "heading":
                under = heading
            if heading:
                page.consumed.append(text)
                continue
        if block.kind == "para" and page.correspondence and page.correspondence[-1] is previous and \
                CORRESPONDENCE_MORE.match(text):
            _correspondence(page, block)  # "Tel: …", "E-mail2: …" after the correspondence paragraph
            previous = block.element
            continue
        previous = block.element
        symbol = re.match(r"^[*†‡§¶#$]+\s*", text)
        if symbol and labels.CORRESPONDENCE.match(text[symbol.end():]):
            _correspondence(page, block)  # "* Corresponding author. Tel.: …" with the symbol typed
            page.corresponding_marker = page.corresponding_marker or symbol.group(0).strip()
            page.consumed.append(symbol.group(0).strip())
            continue
        if block.kind == "para" and not text and not len(block.element):
            continue  # an empty paragraph: nothing to keep
        elif block.kind == "list" and _numbered_affiliations(block):
            page.affiliations.extend(_numbered_affiliations(block))  # Word's own numbering, 1., 2., …
        elif block.kind not in ("para", "heading") or not text:
            page.unplaced.append(block)
        elif under == "correspondence" and (labels.CORRESPONDENCE_LINE.match(text) or labels.EMAIL.search(text)
                                            or not labels.OTHER_LABEL.match(text)):
            _correspondence(page, block)  # under a "Corresponding author" heading, until another label
        elif under == "affiliations" and not _marked_affiliations(block) and looks_like_affiliation(text):
            page.affiliations.append(AffiliationEntry(None, text))
        elif labels.RUNNING_TITLE.match(text):
            m = labels.RUNNING_TITLE.match(text)
            page.running_title = text[m.end():].strip()
            page.consumed.append(m.group(0))
        elif labels.CORRESPONDENCE.match(text) or labels.EMAIL_LABEL.match(text):
            _correspondence(page, block)
        elif text.startswith("From the ") or text.startswith("From "):
            affiliations = _from_the(text)
            page.affiliations.extend(affiliations)
            # "From the", the authors' initials and the e-mail in brackets become structure.
            page.consumed.append("From the")
            page.consumed.extend(i for a in affiliations for i in a.author_initials)
            page.consumed.extend(a.email for a in affiliations if a.email)
        elif _author_note(block) is not None:
            page.author_notes.append(block.element)
            for marker, note in _author_note(block):
                if re.search(r"\bcorrespond", note, re.I):
                    page.corresponding_marker = marker
        elif re.match(r"^[*†‡§¶#$]+\s*\S", text) and AUTHOR_NOTE_WORDS.search(text):
            page.author_notes.append(block.element)  # "* Equal contribution", the symbol typed
        elif _marked_affiliations(block):
            page.affiliations.extend(_marked_affiliations(block))
            page.consumed.extend(a.marker for a in _marked_affiliations(block) if a.marker)
            label = AFFILIATIONS_LABEL.match(text)
            if label:
                page.consumed.append(label.group(0).strip())
        else:
            page.unplaced.append(block)
    _link_authors(page)
    return page


# Lines that go on with a correspondence paragraph ("Tel: +81…", "E-mail2: …", "Fax.: …").
CORRESPONDENCE_MORE = re.compile(r"^\W*(e-?\s*mail|tel(ephone)?|phone|fax|mobile|orcid)\w*\s*[:.]", re.I)


def _correspondence(page: TitlePage, block: Block) -> None:
    page.correspondence.append(block.element)
    email = labels.EMAIL.search(block.text)
    if email and not page.corresponding_email:
        page.corresponding_email = email.group(0)


# --- authors --------------------------------------------------------------------------------------------------

# What a note on authors says ("* Equal contribution", "† These authors contributed equally").
AUTHOR_NOTE_WORDS = re.compile(r"\b(equal(ly)?|contribut\w*|joint(ly)?|shared?|senior|first)\b", re.I)
# A line under a name that says it is not an author's (a thesis's adviser, its panel).
ROLE_LINE = re.compile(r"^(thesis\s+|capstone\s+|research\s+)?(advis[eo]r|supervisor|co-?supervisor|mentor|"
                       r"chair(person)?|panel\s+member|examiner|dean)\s*$", re.I)
# A line that announces the authors below it ("By:", "Prepared by:"), as theses and reports have them.
AUTHORS_CUE = re.compile(r"^((prepared|submitted|presented|written)\s+)?by\s*:?$|^authors?\s*:$", re.I)
# The label some manuscripts type before the author names in the same paragraph ("Authors: A. Smith¹, …").
AUTHORS_LABEL = re.compile(r"^\s*(authors?|by)\s*:\s*(?=\S)", re.I)


def _take_author_line(blocks: list[Block], page: TitlePage) -> list[Block]:
    cue = next((n for n, b in enumerate(blocks) if b.kind == "para" and AUTHORS_CUE.match(b.text)), None)
    if cue is not None and cue + 1 < len(blocks) and blocks[cue + 1].kind == "para" and \
            _authors_of(blocks[cue + 1], TitlePage()):
        page.consumed.append(blocks[cue].text)  # "By:" announces the names after it
        rest = _take_author_line(blocks[cue + 1:], page)
        return blocks[:cue] + rest
    for n, block in enumerate(blocks[:4]):
        if block.kind != "para":
            continue
        authors = _authors_of(block, page)
        if authors:
            page.authors.extend(authors)
            # Authors may run on over several paragraphs, one per line, with empty ones among them.
            m = n + 1
            while m < len(blocks) and blocks[m].kind == "para":
                if _empty(blocks[m]):
                    ahead = next((k for k in range(m, len(blocks)) if not _empty(blocks[k])), len(blocks))
                    if ahead < len(blocks) and blocks[ahead].kind == "para" and _authors_of(blocks[ahead],
                                                                                           TitlePage()):
                        m = ahead
                    else:
                        break
                if m + 1 < len(blocks) and ROLE_LINE.match(blocks[m + 1].text):
                    break  # "Engr. Edsel Paray" over "Adviser": the adviser, not an author
                more = _authors_of(blocks[m], page)
                if not more:
                    break
                page.authors.extend(more)
                m += 1
            return blocks[:n] + blocks[m:]
    return blocks


def _line_authors(block: Block) -> list[AuthorEntry]:
    """The authors a paragraph names, read as an author line (with their markers, perhaps with the correspondence
    run on after them); none for a salutation ("Dear Editor,")."""
    if block.kind != "para" or block.text.endswith((",", ":")):
        return []
    return _authors_of(block, TitlePage())


def is_author_line(block: Block) -> bool:
    return bool(_line_authors(block))


def names_authors(block: Block) -> bool:
    """An author line that says it is one: several names, or a name with its affiliation marker. One name alone
    is any two capitalised words ("Large Font" in a cell of formatting samples)."""
    authors = _line_authors(block)
    return len(authors) > 1 or any(a.markers for a in authors)


def _empty(block: Block) -> bool:
    return block.kind == "para" and not block.text and not len(block.element)


def _nfc(p: etree._Element) -> etree._Element:
    """A copy of a paragraph with its text in composed form (an "ö" typed as o + combining diaeresis is one
    letter for the recognisers)."""
    out = copy.deepcopy(p)
    for node in out.iter():
        if isinstance(node.tag, str):
            if node.text:
                node.text = unicodedata.normalize("NFC", node.text)
            if node.tail and node is not out:
                node.tail = unicodedata.normalize("NFC", node.tail)
    # A line all in italic or bold ("<italic>Jeroen Minderman<sup>1$</sup>, …</italic>"): the names inside it.
    if len(out) == 1 and out[0].tag in ("italic", "bold") and not (out.text or "").strip() and not (
            out[0].tail or "").strip():
        unwrap(out[0])
    return out


def _authors_of(block: Block, page: TitlePage) -> list[AuthorEntry]:
    """The authors of one paragraph of the author line. The correspondence some manuscripts run on after the
    last name ("Peter J Campbell*For correspondence: …") is cut off and kept as the correspondence."""
    p = _nfc(block.element)
    label = AUTHORS_LABEL.match("".join(p.itertext()))
    if label:  # "Authors: …": the label off, the names read as any author line's
        remove_leading_text(p, label.end())
    authors = parse_author_line(p)
    if authors and label:
        page.consumed.append(label.group(0).strip())
    if authors:
        page.consumed.extend(_plain_marked_words(p))
        return authors
    raw = "".join(p.itertext())
    cue = labels.CORRESPONDENCE_IN_LINE.search(raw)
    if cue is None or not raw[:cue.start()].strip():
        return []
    head = copy.deepcopy(p)
    _truncate(head, cue.start())
    authors = parse_author_line(head)
    if authors:
        page.consumed.extend(_plain_marked_words(head))
        glued = re.search(r"\S*$", raw[:cue.start()]).group() + re.match(r"\S*", raw[cue.start():]).group()
        page.consumed.append(glued)  # "AttebyCorrespondence": one word in the Word file, two in the JATS
        tail = copy.deepcopy(p)
        remove_leading_text(tail, cue.start())
        page.correspondence.append(tail)
        email = labels.EMAIL.search("".join(tail.itertext()))
        if email and not page.corresponding_email:
            page.corresponding_email = email.group(0)
    return authors


def _plain_marked_words(p: etree._Element) -> list[str]:
    """Words written with their markers glued on ("Zuo1"): as written, for the conservation check (the name and
    the marker are apart in the JATS)."""
    plain = copy.deepcopy(p)
    for sup in list(plain.iter("sup")):
        remove_keep_tail(sup)
    return [w for w in "".join(plain.itertext()).replace(",", " ").split() if PLAIN_MARKERS.search(w.rstrip(";"))]


def _truncate(node: etree._Element, keep: int) -> None:
    """Keep only the first `keep` characters of an element's content (as itertext gives it; its tail is not
    content), dropping the elements after them."""
    text = node.text or ""
    if len(text) >= keep:
        node.text = text[:keep]
        for child in list(node):
            node.remove(child)
        return
    keep -= len(text)
    for child in list(node):
        if keep <= 0:
            node.remove(child)
            continue
        length = len("".join(child.itertext()))
        if length >= keep:
            _truncate(child, keep)
            child.tail = None
            keep = 0
            continue
        keep -= length
        tail = child.tail or ""
        if len(tail) >= keep:
            child.tail = tail[:keep]
            keep = 0
        else:
            keep -= len(tail)


def parse_author_line(p: etree._Element) -> list[AuthorEntry]:
    """'Hakan Doğan¹, Evren Uzer¹,², Ömer Tarık Esengür*' -> entries; [] when the line is not a name list."""
    pieces = _split_with_markers(p)
    entries: list[AuthorEntry] = []
    for text, markers in pieces:
        text = text.strip().strip(",;").strip()
        if not text:
            if markers and entries:
                entries[-1].markers.extend(markers)
            continue
        if (DEGREES.match(text.rstrip(",")) or DEGREE_SHAPE.match(text.rstrip(","))) and entries:
            entries[-1].degrees = ", ".join(filter(None, [entries[-1].degrees, text.rstrip(",")]))
            entries[-1].markers.extend(markers)
            continue
        plain = PLAIN_MARKERS.search(text)
        if plain:  # "Wei Zuo1", "Peter Campbell*": markers typed without superscript
            text = text[:plain.start()]
            markers = markers + [m for m in re.split(r"(\d+)", plain.group("markers")) if m]
        words = text.split()
        if not 1 < len(words) <= 6 or not all(NAME_WORD.match(w) for w in words):
            return []
        entry = AuthorEntry(split_full_name(text), markers)
        entries.append(entry)
    if not entries:
        return []
    for entry in entries:
        if "*" in entry.markers:
            entry.corresponding = True
    return entries


def _split_with_markers(p: etree._Element) -> list[tuple[str, list[str]]]:
    """Split an author line at commas and 'and', keeping each name's superscript markers with it."""
    tokens: list[tuple[str, bool]] = []  # (text, is_superscript)
    if p.text:
        tokens.append((p.text, False))
    for child in p:
        child_text = "".join(child.itertext())
        if child.tag == "xref" and child.get("ref-type") == "fn" and MARKER.match(child_text):
            child_text = ""  # a Word footnote on a name ("Cornel West¹" as a footnote): the note stays a footnote
        tokens.append((child_text, child.tag == "sup"))
        if child.tail:
            tokens.append((child.tail, False))
    pieces: list[tuple[str, list[str]]] = []
    current, markers = "", []
    for text, sup in tokens:
        if sup:
            if MARKER.match(text):
                markers.extend(m for m in re.split(r"[\s,]+", text.strip()) if m)
                continue
            return []
        for part in re.split(r"(,|;|\band\b|&)", text):
            if part in (",", ";", "and", "&"):
                pieces.append((current, markers))
                current, markers = "", []
            else:
                if current.strip() and markers:
                    pieces.append((current, markers))
                    current, markers = "", []
                current += part
    pieces.append((current, markers))
    return pieces


# --- affiliations -----------------------------------------------------------------------------------------------

def _numbered_affiliations(block: Block) -> list[AffiliationEntry]:
    """A numbered list (Word's numbering) of affiliations: their markers are the numbers Word prints."""
    if block.element.get("list-type") != "order":
        return []
    items = [" ".join("".join(item.itertext()).split()) for item in block.element.findall("list-item")]
    # an author's private address ("228 Galashiels Road, Stow, Galashiels, …") is listed the same way
    if not any(looks_like_affiliation(text) for text in items) or not all(
            looks_like_affiliation(text) or text.count(",") >= 3 for text in items):
        return []
    return [AffiliationEntry(str(n), text) for n, text in enumerate(items, 1)]


def _marked_affiliations(block: Block) -> list[AffiliationEntry]:
    """'¹Department of ...' (superscript marker) or '1. Department of ...' / 'a Department ...'. A paragraph
    holding several ('¹Institute A ²Institute B', one per line) gives one entry per marker."""
    el = block.element
    pieces = _split_at_markers(el)
    if pieces:
        return [AffiliationEntry(marker, " ".join("".join(rest.itertext()).split()), rest) for marker, rest in pieces]
    m = re.match(r"^(\d{1,2}|[a-z])[.):]?\s+(?=[A-Z])", block.text)
    if m and looks_like_affiliation(block.text[m.end():]):
        return [AffiliationEntry(m.group(1), block.text[m.end():])]
    return _labelled_affiliations(block.text)


AFFILIATIONS_LABEL = re.compile(r"^(authors?['’]?\s+)?affiliations?\s*:\s*", re.I)
TYPED_MARKER = re.compile(r"(?:^|(?<=[,;]\s)|(?<=[,;]))\s*(\d{1,2}|[a-z])\s*[:.)]\s+(?=[A-ZÀ-Þ])")


def _labelled_affiliations(text: str) -> list[AffiliationEntry]:
    """'Affiliations: 1: Department of …, Tokyo, Japan, 2: Department of …': one entry per typed marker."""
    label = AFFILIATIONS_LABEL.match(text)
    if not label:
        return []
    rest = text[label.end():]
    starts = list(TYPED_MARKER.finditer(rest))
    if not starts or starts[0].start() != 0:
        return [AffiliationEntry(None, rest.strip())] if looks_like_affiliation(rest) else []
    entries = []
    for k, m in enumerate(starts):
        end = starts[k + 1].start() if k + 1 < len(starts) else len(rest)
        entries.append(AffiliationEntry(m.group(1), rest[m.end():end].strip().rstrip(",;").strip()))
    return entries if all(looks_like_affiliation(e.text) for e in entries) else []


def _split_at_markers(el: etree._Element) -> list[tuple[str, etree._Element]]:
    """A paragraph opening with a superscript marker, cut at each superscript marker that starts a line or
    follows a space: [(marker, the inline content up to the next one)]; [] when it does not open so."""
    if not len(el) or el[0].tag != "sup" or (el.text or "").strip():
        return []
    starts = []
    for n, child in enumerate(el):
        marker = "".join(child.itertext()).strip()
        if child.tag != "sup" or not MARKER.match(marker):
            continue
        before = el.text if n == 0 else (el[n - 1].tail or "")
        if n == 0 or el[n - 1].tag == "break" or before[-1:].isspace():
            starts.append(n)
    pieces = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(el)
        piece = etree.Element("p")
        piece.text = (el[start].tail or "").lstrip()
        for child in el[start + 1:end]:
            piece.append(copy.deepcopy(child))
        for line_break in piece.findall("break"):  # the line breaks that separated them
            remove_keep_tail(line_break)
        pieces.append(("".join(el[start].itertext()).strip(), piece))
    return pieces




def _author_note(block: Block) -> list[tuple[str, str]] | None:
    """'*These authors jointly supervised this work †Corresponding author': notes on authors marked with a symbol,
    [(marker, note)]; None when the paragraph is not one (a symbol-marked affiliation is an affiliation)."""
    if block.kind != "para":
        return None
    pieces = _split_at_markers(block.element)
    if not pieces or not all(re.fullmatch(r"[*†‡§¶#]+", marker) for marker, _ in pieces):
        return None
    texts = [(marker, " ".join("".join(rest.itertext()).split())) for marker, rest in pieces]
    if any(looks_like_affiliation(text) for _, text in texts):
        return None
    return texts


AFFILIATION_WORDS = re.compile(r"\b(Department|Dept|Division|University|Universit|Hospital|Clinic|Institute|"
                               r"Center|Centre|School|College|Faculty|Laboratory|Unit|Service|"
                               # the same words in Spanish, Portuguese, Italian, French, German
                               r"Departamento|Universidad|Universidade|Università|Université|Universität|Instituto|"
                               r"Istituto|Institut|Facultad|Faculdade|Laboratorio|Laboratório|Laboratoire|Centro|"
                               r"Escuela|Escola|Hospital|Consejo|Conselho|Comisión|Council|Foundation|Fundación|Institució|"
                               r"Institución|Institution)\b",
                               re.I)


def looks_like_affiliation(text: str) -> bool:
    return bool(AFFILIATION_WORDS.search(text))


FROM_GROUP = re.compile(r"\(([^()]*)\)")
INITIALS = re.compile(r"^(?:[A-ZÀ-Þ][a-zà-ÿ]?\.[\s-]?)+$")


def _from_the(text: str) -> list[AffiliationEntry]:
    """'From the Department of X (A.B., C.D. e@x.org), Inst, City, Country; Department of Y (E.F.), ...'"""
    body = re.sub(r"^From (the )?", "", text.strip()).rstrip(".")
    entries = []
    for chunk in _split_outside_brackets(body, ";"):
        chunk = chunk.strip()
        if not chunk:
            continue
        initials: list[str] = []
        owners: list[tuple[str, str | None]] = []  # (e-mail, the initials written beside it)

        def take(m: re.Match[str], initials: list[str] = initials, owners: list = owners) -> str:
            for item in re.split(r",\s*", m.group(1)):
                item = item.strip()
                email = labels.EMAIL.search(item)
                if email:
                    item = item.replace(email.group(0), "").strip()
                    owners.append((email.group(0), item.replace(" ", "") or (initials[-1] if initials else None)))
                if item:
                    initials.append(item.replace(" ", ""))
            return ""

        clean = FROM_GROUP.sub(take, chunk)
        clean = re.sub(r"\s+,", ",", " ".join(clean.split()))
        if clean.lower().startswith("and "):
            clean = clean[4:]
        entry = AffiliationEntry(None, clean, author_initials=initials)
        if owners:
            entry.email, entry.email_initials = owners[0]
        entries.append(entry)
    return entries


def _split_outside_brackets(text: str, sep: str) -> list[str]:
    out, depth, current = [], 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch == sep and depth == 0:
            out.append("".join(current))
            current = []
        else:
            current.append(ch)
    out.append("".join(current))
    return out


def _split_marker(marker: str, known: set[str]) -> list[str]:
    """'ab*' -> a, b, * when a and b are affiliations; '1$' -> 1, $."""
    letters = marker.rstrip("*†‡§¶#$")
    symbols = marker[len(letters):]
    if marker in known or not letters:
        return [marker]
    if letters in known:
        pieces = [letters]
    elif len(letters) > 1 and set(letters) <= known:
        pieces = list(letters)
    else:
        return [marker]
    return pieces + ([symbols] if symbols else [])


def _link_authors(page: TitlePage) -> None:
    """Give each marked affiliation an id and connect 'From the' initials and e-mails to authors."""
    known = {a.marker for a in page.affiliations if a.marker}
    for entry in page.authors:  # "Speranza^ab*": affiliations a and b, written together, and a symbol
        entry.markers = [piece for marker in entry.markers for piece in _split_marker(marker, known)]
    for entry in page.authors:
        entry.initials_key = dotted_initials(entry.name)
    by_initials = {}
    for entry in page.authors:
        by_initials.setdefault(entry.initials_key, entry)
    for n, aff in enumerate(page.affiliations, 1):
        if aff.marker is None:
            aff.marker = str(n)
            for key in aff.author_initials:
                author = by_initials.get(key)
                if author is not None and aff.marker not in author.markers:
                    author.markers.append(aff.marker)
            if aff.email and aff.email_initials:
                # The e-mail written beside initials marks that author as the corresponding one.
                author = by_initials.get(aff.email_initials)
                if author is not None:
                    author.corresponding = True
                    author.email = aff.email
    if page.corresponding_marker:
        # A note says which symbol marks the corresponding author ("†Corresponding author"): that one, not "*".
        for author in page.authors:
            author.corresponding = page.corresponding_marker in author.markers
    if page.corresponding_email:
        flagged = [a for a in page.authors if a.corresponding]
        named = _named_in_correspondence(page)
        target = flagged[0] if flagged else named
        if target is not None:
            target.corresponding = True
            target.email = target.email or page.corresponding_email


def _named_in_correspondence(page: TitlePage) -> AuthorEntry | None:
    text = " ".join(" ".join("".join(e.itertext()).split()) for e in page.correspondence)
    for author in page.authors:
        if author.name.surname and author.name.surname in text:
            return author
    return None
