"""A borderless Word table that only lays out a numbered equation -> that display equation with its number.

Engineering and physics authors set each numbered equation in a one-row table: the equation in a wide cell,
"(2)" in a narrow one at the right. It is no table (it has no title, and "Table N" never names it): it is a
display formula whose label is the number, and several equations in the cell are one numbered group.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

from pipeline.ingest.blocks import Block

EQUATION_NUMBER = re.compile(r"^\(\s*[A-Z]?\d{1,3}[a-z]?(\.\d{1,3})?\s*\)$")
FORMULAS = ("disp-formula", "inline-formula")


def as_equation(block: Block) -> Block | None:
    """The numbered equation a table lays out, as a formula block (a paragraph holding a disp-formula, or a
    disp-formula-group for several, labelled with the number); None when the table is not one."""
    if block.kind != "table":
        return None
    tables = block.element.findall("table")
    rows = [tr for t in tables for tr in t.iter("tr") if _text(tr) or tr.find(".//" + FORMULAS[0]) is not None
            or tr.find(".//" + FORMULAS[1]) is not None]
    if len(tables) != 1 or len(rows) != 1:
        return None
    numbers = [c for c in rows[0] if EQUATION_NUMBER.match(_text(c))]
    formulas = [f for c in rows[0] if c not in numbers for f in _formulas_only(c) or []]
    others = [c for c in rows[0] if c not in numbers and _formulas_only(c) is None]
    if len(numbers) != 1 or not formulas or others:
        return None
    label = etree.Element("label")
    label.text = _text(numbers[0])
    displays = []
    for formula in formulas:
        display = copy.deepcopy(formula)
        display.tag = "disp-formula"
        display.tail = None
        displays.append(display)
    p = etree.Element("p")
    if len(displays) == 1:
        displays[0].insert(0, label)
        p.append(displays[0])
    else:
        group = etree.SubElement(p, "disp-formula-group")
        group.append(label)
        group.extend(displays)
    return Block("formula", p, index=block.index)


def _formulas_only(cell: etree._Element) -> list[etree._Element] | None:
    """The formulas of a cell that holds nothing else (empty paragraphs aside); [] for an empty cell, None for a
    cell with other text."""
    formulas = [f for f in cell.iter(*FORMULAS) if not any(a.tag in FORMULAS for a in f.iterancestors())]
    holder = copy.deepcopy(cell)
    for f in list(holder.iter(*FORMULAS)):
        if f.getparent() is not None:
            tail = f.tail
            parent = f.getparent()
            parent.remove(f)
            if tail and tail.strip(" ,.;"):
                return None
    if _text(holder).strip(" ,.;"):
        return None
    return formulas


def _text(node: etree._Element) -> str:
    return " ".join("".join(node.itertext()).split())
