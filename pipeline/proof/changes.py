"""What changed in an article since the proof its authors last got: the JATS sent with that round and the JATS of
this build -> the changed passages, a word diff per paragraph (title, cell, reference …).

When a proof is sent (send.py), the JATS it was made from is kept beside the copy of the message:

    build/<issue>/proofs/sent/<id>-r<round>.jats.xml

so the next round has its base even after rebuilds. The render stage compares the article's JATS with the base of
the last round sent; if they differ, the proof is the next round, and it marks every changed passage
(change_marks.py) and lists them on its first page, so the author checks exactly what changed. Once that round is
sent, its proof is made the same way again (against the round before) for as long as the text stays the same, so
that a rebuild does not make it a new round.

Blocks are paired in document order (difflib over their texts): a paragraph edited in place is paired with its old
self and diffed word by word; a paragraph added or removed is a change of its own.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from pipeline import xmlio
from pipeline.proof.placing import BLOCKS, where
from pipeline.proof.text_edit import string_value

SENT = Path("proofs") / "sent"
WORDS = re.compile(r"\S+|\s+")
CONTEXT = 60  # characters of the new text either side of a change, to find it on the proof's pages
SKIPPED = ("journal-meta",)  # not printed as text of the article


@dataclass(frozen=True)
class Change:
    where: str  # "section “Methods”, paragraph 1, starting “…”"
    xpath: str  # of the block in the new JATS ("" for a block removed)
    old: str  # the words as they were ("" for an insertion)
    new: str  # the words as they are ("" for a deletion)
    before: str  # the new text just before the change, and just after (to find it on the page)
    after: str

    def describe(self) -> str:
        if not self.old:
            return f"added “{self.new}”"
        if not self.new:
            return f"deleted “{self.old}”"
        return f"“{self.old}” changed to “{self.new}”"


def sent_jats(issue_build: Path, article: str, round_: int) -> Path:
    return issue_build / SENT / f"{article}-r{round_}.jats.xml"


def sent_rounds(issue_build: Path, article: str) -> list[tuple[int, Path]]:
    """The rounds sent for the article, each with the JATS its proof was made from, in order."""
    found = []
    for path in (issue_build / SENT).glob(f"{article}-r*.jats.xml"):
        number = path.name[len(article) + 2:-len(".jats.xml")]
        if number.isdigit():
            found.append((int(number), path))
    return sorted(found)


def bases(issue_build: Path, article: str) -> list[Path]:
    """The JATS files a proof of the article is compared with: those of the last two rounds sent."""
    return [path for _, path in sent_rounds(issue_build, article)[-2:]]


def keep_sent(issue_build: Path, article: str, round_: int, jats: Path) -> Path:
    """Keep the JATS a sent proof was made from (before the ledger records the sending)."""
    path = sent_jats(issue_build, article, round_)
    xmlio.write_bytes_atomic(path, jats.read_bytes())
    return path


def _blocks(root: etree._Element) -> list[tuple[etree._Element, str]]:
    """The innermost block elements with text, in document order."""
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str) or etree.QName(element).localname not in BLOCKS:
            continue
        if any(etree.QName(a).localname in SKIPPED for a in element.iterancestors() if isinstance(a.tag, str)):
            continue
        if any(isinstance(d.tag, str) and etree.QName(d).localname in BLOCKS for d in element.iterdescendants()):
            continue
        text = " ".join(string_value(element).split())
        if text:
            found.append((element, text))
    return found


def changes(old: etree._Element, new: etree._Element) -> list[Change]:
    """The passages of `new` that differ from `old`, in document order."""
    before, after = _blocks(old), _blocks(new)
    tree = new.getroottree()
    found: list[Change] = []
    matcher = difflib.SequenceMatcher(None, [t for _, t in before], [t for _, t in after], autojunk=False)
    for op, i0, i1, j0, j1 in matcher.get_opcodes():
        if op == "equal":
            continue
        pairs = min(i1 - i0, j1 - j0) if op == "replace" else 0
        for k in range(pairs):
            element, text = after[j0 + k]
            xpath = tree.getpath(element)
            found += _word_changes(before[i0 + k][1], text, where(element, xpath), xpath)
        for element, text in after[j0 + pairs:j1]:
            xpath = tree.getpath(element)
            found.append(Change(where(element, xpath), xpath, "", text, "", ""))
        for element, text in before[i0 + pairs:i1]:
            context = after[j0 - 1][1][-CONTEXT:] if j0 > 0 else ""
            found.append(Change(f"a passage removed ({etree.QName(element).localname})", "", text, "", context, ""))
    return found


def _word_changes(old: str, new: str, place: str, xpath: str) -> list[Change]:
    a, b = WORDS.findall(old), WORDS.findall(new)
    found = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i0, i1, j0, j1 in matcher.get_opcodes():
        if op == "equal":
            continue
        gone, came = "".join(a[i0:i1]), "".join(b[j0:j1])
        if not gone.strip() and not came.strip():
            continue  # spacing only
        start, end = len("".join(b[:j0])), len("".join(b[:j1]))
        found.append(Change(place, xpath, gone.strip(), came.strip(), new[max(0, start - CONTEXT):start],
                            new[end:end + CONTEXT]))
    return found


def changes_since(issue_build: Path, article: str, current: etree._Element) -> tuple[int, list[Change]] | None:
    """The round whose proof this one replaces and what changed since, for the article's JATS `current`; None when
    no proof was sent yet or nothing changed.

    A text that differs from the last round sent (N) makes round N+1, marked against round N. A text that is still
    round N's makes round N's proof again, as it was sent: marked against round N-1."""
    rounds = sent_rounds(issue_build, article)
    for round_, base in reversed(rounds[-2:]):
        found = changes(xmlio.parse(base).getroot(), current)
        if found:
            return round_, found
    return None
