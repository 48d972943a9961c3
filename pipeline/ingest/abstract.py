"""Abstract, keywords and main points of a manuscript -> JATS abstract, kwd-group, key-points abstract.

A structured abstract's sections are found whether the author typed the
labels as headings, bold lines or bold run-in labels ("PURPOSE: To ...");
each becomes a sec with that title (PMC: no sec-type inside abstracts). In a
structured abstract (one that opens with a label) any other heading
("Setting", "Funding:", "Trial registration") heads a section too.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

from pipeline.ingest import labels
from pipeline.ingest.blocks import Block
from pipeline.jats import el, remove_leading_text, sub


def _as_p(block: Block) -> etree._Element:
    p = copy.deepcopy(block.element)
    if p.tag != "p":
        p.tag = "p"
    p.attrib.clear()
    return p


def _run_in_label(block: Block) -> str | None:
    """'PURPOSE:' when a paragraph opens with a bold abstract label followed by text."""
    el_ = block.element
    if block.kind != "para" or not len(el_) or el_[0].tag != "bold" or (el_.text or "").strip():
        return None
    label = " ".join("".join(el_[0].itertext()).split())
    if labels.abstract_label(label) is None:
        return None
    rest = (el_[0].tail or "").strip() or len(el_) > 1
    return label if rest else None


def build_abstract(blocks: list[Block]) -> tuple[etree._Element | None, list[str]]:
    """The abstract element, and the section labels found (empty for an unstructured abstract)."""
    content = [b for b in blocks if b.kind != "pagebreak"]
    if not content:
        return None, []
    abstract = el("abstract")
    found: list[str] = []
    sec: etree._Element | None = None
    first = content[0]
    # A structured abstract opens with a label; its other headings ("Setting", "Funding") head sections too.
    structured = (first.kind in ("heading", "para") and labels.abstract_label(first.text) is not None) or \
        _run_in_label(first) is not None
    for block in content:
        label = None
        if block.kind == "heading" or (block.kind == "para" and labels.abstract_label(block.text)):
            label = labels.abstract_label(block.text)
            if label is None and structured and block.kind == "heading" and block.text:
                label = block.text.rstrip(":. ").strip()
            if label is not None:
                sec = sub(abstract, "sec")
                sub(sec, "title", block.text.rstrip(":. ").strip())
                found.append(label)
                continue
        run_in = _run_in_label(block)
        if run_in is not None:
            sec = sub(abstract, "sec")
            sub(sec, "title", run_in.rstrip(":. ").strip())
            found.append(run_in.rstrip(":. "))
            p = _as_p(block)
            remove_leading_text(p, len(block.element[0].xpath("string()")))
            # "<bold>Purpose</bold>: To ...": the colon after the label goes with it.
            remove_leading_text(p, len(re.match(r"^[\s:.–—-]*", "".join(p.itertext())).group(0)))
            (sec if sec is not None else abstract).append(p)
            continue
        target = sec if sec is not None else abstract
        if block.kind == "list":
            wrapper = sub(target, "p")
            wrapper.append(copy.deepcopy(block.element))
        elif block.kind in ("para", "heading", "formula"):
            target.append(_as_p(block))
        else:
            wrapper = sub(target, "p")
            wrapper.append(copy.deepcopy(block.element))
    if found and len(abstract) and abstract[0].tag == "p":
        # Text before the first label: keep it, in a section of its own without a title is not allowed by
        # PMC, so it stays as the abstract's opening paragraph; JATS wants p before sec, which it is.
        pass
    return abstract, found


def build_keywords(blocks: list[Block]) -> tuple[etree._Element | None, list[str]]:
    """'Keywords: a, b; c' -> kwd-group; also returns the label consumed."""
    if not blocks:
        return None, []
    text = " ".join(b.text for b in blocks)
    m = labels.KEYWORDS_PARAGRAPH.match(text)
    consumed = []
    if m:
        consumed.append(m.group(0))
        text = text[m.end():]
    words = [w.strip().rstrip(".") for w in re.split(r"[;,·•]|\s{2,}", text) if w.strip().rstrip(".")]
    if not words:
        return None, consumed
    group = el("kwd-group", kwd_group_type="author")
    for word in words:
        sub(group, "kwd", word)
    return group, consumed


def build_main_points(blocks: list[Block]) -> etree._Element | None:
    """The key points list (titled as the journal's house_style.key_points) -> abstract[@abstract-type='key-points'].

    Why an abstract: the main points are the authors' own summary of the article, which is what an abstract is;
    JATS 1.3 has no element for highlights; PMC and JATS4R take further abstracts told apart by @abstract-type,
    so every consumer keeps them (JAMA tags its Key Points the same way), and a deposit that wants only the
    abstract proper (PubMed) leaves them out by their type. The list sits in a p: an abstract admits no bare list.
    """
    items: list[etree._Element] = []
    for block in blocks:
        if block.kind == "list":
            for item in block.element.findall("list-item"):
                items.append(copy.deepcopy(item))
        elif block.kind in ("para", "heading") and block.text:
            item = el("list-item")
            p = _as_p(block)
            # A typed bullet ("• text", "- text") is the author's list mark, not text.
            raw = "".join(p.itertext())
            mark = re.match(r"^\s*[•·\-–*]\s+", raw)
            if mark:
                remove_leading_text(p, mark.end())
            item.append(p)
            items.append(item)
    if not items:
        return None
    abstract = el("abstract", abstract_type="key-points")
    sub(abstract, "title", labels.current_words().key_points_title)
    wrapper = sub(abstract, "p")
    lst = sub(wrapper, "list", list_type="bullet")
    for item in items:
        lst.append(item)
    return abstract
