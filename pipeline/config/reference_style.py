"""A reference style (config/reference-styles/<name>.yaml) as typed, checked values.

A style is data, not code: how names are written and cut short, how page ranges are written, and a layout of
nodes in the manner of CSL (the Citation Style Language): a variable with a prefix and a suffix, literal text,
and groups that print only when something in them does, each node printed only when its conditions hold.
pipeline/refstyle.py applies a style to a reference; the journal config names its style
(house_style.reference_style).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pipeline.config.typed import load_named

STYLES_DIR = Path(__file__).resolve().parents[2] / "config" / "reference-styles"

# What a layout can print (pipeline/refstyle.py reads each from the citation), and what a condition can test.
VARIABLES = frozenset({
    "authors", "editors", "title", "chapter-title", "source", "edition", "year", "volume", "issue", "pages",
    "publisher-loc", "publisher-name", "accessed", "comments", "links", "doi",
})
FLAGS = frozenset({"is-journal"})  # true for a journal article (publication-type, or volume/issue without a publisher)
NUMERIC = "numeric:"  # "numeric:issue": the variable is a number (CSL's is-numeric): "3", not "Suppl"


@dataclass(frozen=True)
class NameRules:
    delimiter: str  # between names: ", "
    et_al: str  # after the names listed: "et al"
    list_all_up_to: int  # every name is listed up to this many...
    listed_when_more: int  # ...else only the first this many, then et_al
    initials_delimiter: str = ""  # after each initial: "" (KJ) or "." (K.J.)
    anonymous: str = "Anonymous"

    def __post_init__(self) -> None:
        if not 0 < self.listed_when_more <= self.list_all_up_to:
            raise ValueError("names: listed_when_more must be between 1 and list_all_up_to")


@dataclass(frozen=True)
class PageRules:
    range_delimiter: str = "-"  # 563-570 or 563–570
    abbreviate: bool = False  # 563-70: the last page without the digits it shares with the first


@dataclass(frozen=True)
class Node:
    var: str | None = None  # a variable (VARIABLES)
    text: str | None = None  # literal text
    group: list[Node] | None = None  # printed when at least one variable in it prints
    delimiter: str = ""  # between the printed parts of a group, or the items of a list variable
    prefix: str = ""
    suffix: str = ""
    stop: bool = False  # end with ". ", or with " " when the value ends in its own . ? or !
    italic: bool = False
    ensure_ending: str = ""  # a word the value gets unless it ends with it already (an edition's " ed")
    when: list[str] = field(default_factory=list)  # all must hold: "x" (x is there), "!x" (it is not), "numeric:x"

    def __post_init__(self) -> None:
        kinds = [k for k in ("var", "text", "group") if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError("a layout node has exactly one of var, text and group")
        if self.var is not None and self.var not in VARIABLES:
            raise ValueError(f"unknown variable {self.var!r} (known: {', '.join(sorted(VARIABLES))})")
        for condition in self.when:
            name = condition.removeprefix("!").removeprefix(NUMERIC)
            if name not in VARIABLES | FLAGS or (condition.removeprefix("!").startswith(NUMERIC) and name in FLAGS):
                raise ValueError(f"unknown condition {condition!r} (a variable, {NUMERIC}<variable> or "
                                 f"{', '.join(sorted(FLAGS))}, with ! for 'not')")


@dataclass(frozen=True)
class ReferenceStyle:
    name: str
    names: NameRules
    layout: list[Node]
    pages: PageRules = field(default_factory=PageRules)


@cache
def load_reference_style(name: str, folder: Path = STYLES_DIR) -> ReferenceStyle:
    """The style config/reference-styles/<name>.yaml; an unknown name is an error that lists the styles there."""
    return load_named(ReferenceStyle, folder, name, "reference style", "styles")[0]
