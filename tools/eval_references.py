"""Field-level precision and recall of the AMA reference parser (pipeline/ingest/references.py).

Two measures:

1. Pool round trip (samples/src/references.txt; needs nothing else): each line is parsed, and the
   element-citation is written back to AMA text with the same formatter that wrote the pool
   (samples/tools/reference_pool.py); the line must come back identical. Where ../shared/corpus is
   present, the fields of each line are also compared with the tagged parts of the reference the line
   was made from (its provenance `corpus:<file>#<id>`).
2. Corpus: every journal, book and chapter reference of the JATS corpus that the pool's formatter can
   write as AMA (duplicates included, the pool's excluded files left out) is formatted, parsed back and
   its fields compared with the tagged ones.
3. Corpus, as authors type it: the same, with one of the liberties real manuscripts take applied to each
   text in turn (last page abbreviated "675-92", en dash in the pages, "https://doi.org/" for "doi:", a
   month in the journal date, no full stop at the end, no full stop after the journal name).
4. Corpus, as journals printed it (`--printed`, the gold set for the other styles): every reference of the
   JATS corpus whose mixed-citation carries tagged parts (BMJ Vancouver, PLOS name-year, eLife's
   Vancouver, Ubiquity's Harvard, ACS) or sits beside an element-citation (SciELO's ISO 690): the printed
   text is parsed as one list per file, in the style reference_styles detects for the list, and each field
   is compared with the tagged one. Names glued together in the file (BMJ's and PLOS's XML carry no space
   between surname and initials) are separated as the journals print them ("Surname AB, ").

Precision = correct / fields the parser gave; recall = correct / fields the ground truth has.
A mixed-citation gives no fields. Prints figures only.

    .venv/bin/python tools/eval_references.py [--corpus DIR] [--show N]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
# The project root for the pipeline, samples/tools for the reference pool's script (as make_samples.py does).
for folder in (ROOT, ROOT / "samples" / "tools"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import reference_pool as POOL  # noqa: E402

from pipeline.ingest import reference_styles  # noqa: E402 - needs the project root on sys.path
from pipeline.ingest.references import parse_reference  # noqa: E402

POOL_FILE = ROOT / "samples" / "src" / "references.txt"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
FIELDS = ("type", "surnames", "title", "source", "year", "volume", "issue", "fpage", "doi", "publisher", "edition")


Fields = dict[str, str]


# --- fields of a citation -------------------------------------------------------------------------------------------

def _surname(el: etree._Element) -> str:
    """The surname (or the group's name) of one contributor element, as the pool's formatter writes it."""
    tag = POOL.local(el)
    if tag == "name-alternatives":
        tagged = [c for c in el if POOL.local(c) == "name"
                  or (POOL.local(c) == "string-name" and POOL.child(c, "surname") is not None)]
        return _surname(tagged[0]) if tagged else ""
    if tag == "collab":
        return POOL.plain(el, skip=frozenset({"contrib-group", "xref", "fn", "address", "email"}))
    return POOL.normal_case(POOL.plain(POOL.child(el, "surname")))


def surnames(cit: etree._Element, role: str) -> tuple[list[str], bool]:
    """(surnames, et al) of a citation's authors or editors, found the way the pool's formatter finds them."""
    original: Callable[[etree._Element], str] = POOL.person
    POOL.person = _surname  # contributors() walks the groups; we want surnames, not AMA strings
    try:
        found = POOL.contributors(cit, role)
    finally:
        POOL.person = original
    return found.names, found.etal


def listed(names: list[str], etal: bool) -> str:
    """The names AMA prints: all up to 6, or the first 3 when there are more (or the source said et al)."""
    return "; ".join(names[:3] if etal or len(names) > 6 else names)


def truth_fields(cit: etree._Element) -> Fields:
    """Ground truth from a tagged citation, normalised the way the pool's formatter writes each part."""
    kind = POOL.citation_type(cit)
    chapter = POOL.plain(POOL.child(cit, "chapter-title", "article-title")) if kind == "book" else ""
    out: Fields = {"type": "chapter" if chapter else kind, "year": POOL.year_of(cit), "doi": POOL.doi_of(cit)}
    authors = surnames(cit, "author")
    if kind == "book" and not authors[0]:
        authors = surnames(cit, "editor")
    out["surnames"] = listed(*authors)
    try:
        pages = POOL.pages_of(cit) or (POOL.plain(POOL.child(cit, "elocation-id")) if kind == "journal" else "")
    except POOL.Skip:
        pages = ""
    if kind == "journal":
        out["source"] = POOL.journal_abbreviation(POOL.plain(POOL.child(cit, "source")).rstrip("."))
        title = POOL.tidy(POOL.plain(POOL.child(cit, "article-title")))
        if out["source"] and title.endswith(". " + out["source"]):
            title = title[: -len(out["source"]) - 2]
        out["title"] = title
        out["volume"] = POOL.number(POOL.plain(POOL.child(cit, "volume")))
        out["issue"] = POOL.number(POOL.plain(POOL.child(cit, "issue")))
        out["fpage"] = re.split(r"-(?=[^-]*$)", pages)[0] if "-" in pages and not pages.startswith("-") else pages
    else:
        out["source"] = POOL.tidy(POOL.plain(POOL.child(cit, "source")))
        out["title"] = POOL.tidy(chapter)
        out["publisher"] = POOL.publisher_of(cit)
        out["edition"] = POOL.edition_of(cit).removesuffix(" ed.")
        out["fpage"] = pages.split("-")[0] if chapter else ""
    return {k: v for k, v in out.items() if v}


def parsed_fields(ref: etree._Element) -> Fields:
    """The same fields from the parser's <ref>; nothing from a mixed-citation."""
    cit = ref.find("element-citation")
    if cit is None:
        return {}

    def text(tag: str) -> str:
        el = cit.find(tag)
        return " ".join("".join(el.itertext()).split()) if el is not None else ""

    kind = cit.get("publication-type", "")
    chapter = text("chapter-title")
    out: Fields = {"type": "chapter" if chapter else kind, "year": text("year"),
                   "doi": text("pub-id[@pub-id-type='doi']"), "source": text("source"),
                   "title": text("article-title") or chapter,
                   "volume": text("volume"), "issue": text("issue"),
                   "fpage": text("fpage") or text("elocation-id"), "publisher": text("publisher-name"),
                   "edition": text("edition").removesuffix(" ed.").removesuffix(" ed")}
    groups = cit.findall("person-group")
    group = next((g for g in groups if g.get("person-group-type") == "author"), None)
    if group is None and kind == "book" and not chapter:
        group = next(iter(groups), None)
    if group is not None:
        names = [text_of(m) for m in group if m.tag in ("name", "collab")]
        out["surnames"] = listed(names, group.find("etal") is not None)
    return {k: v for k, v in out.items() if v}


def text_of(member: etree._Element) -> str:
    if member.tag == "collab":
        return " ".join("".join(member.itertext()).split())
    return member.findtext("surname") or ""


# --- scoring --------------------------------------------------------------------------------------------------------

@dataclass
class Score:
    correct: Counter[str] = field(default_factory=Counter)
    given: Counter[str] = field(default_factory=Counter)
    truth: Counter[str] = field(default_factory=Counter)
    refs: int = 0
    structured: int = 0
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)  # field, truth, parsed, text
    fields: tuple[str, ...] = FIELDS

    def add(self, truth: Fields, parsed: Fields, text: str) -> None:
        self.refs += 1
        self.structured += bool(parsed)
        for name in self.fields:
            t, p = truth.get(name, ""), parsed.get(name, "")
            self.truth[name] += bool(t)
            self.given[name] += bool(p)
            if t and p and t == p:
                self.correct[name] += 1
            elif t or p:
                self.misses.append((name, t, p, text))

    def precision(self, name: str) -> float:
        return self.correct[name] / self.given[name] if self.given[name] else 1.0

    def recall(self, name: str) -> float:
        return self.correct[name] / self.truth[name] if self.truth[name] else 1.0

    def report(self, title: str) -> None:
        print(f"\n{title}: {self.refs} references, {self.structured} element-citation "
              f"({self.structured / max(self.refs, 1):.1%}), {self.refs - self.structured} mixed-citation")
        print(f"  {'field':<10} {'precision':>9} {'recall':>7}   correct/given/truth")
        for name in self.fields:
            if self.truth[name] or self.given[name]:
                print(f"  {name:<10} {self.precision(name):>9.3f} {self.recall(name):>7.3f}   "
                      f"{self.correct[name]}/{self.given[name]}/{self.truth[name]}")


# --- the two measures -----------------------------------------------------------------------------------------------

def pool_lines() -> list[tuple[str, str]]:
    lines = POOL_FILE.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t", 1)) for line in lines if line and not line.startswith("# ")]  # type: ignore[misc]


def corpus_citations(corpus: Path) -> Iterator[tuple[str, etree._Element, etree._Element, bool]]:
    """(file#id, ref, citation, file parsed in recovery mode) for every reference of the corpus."""
    files = sorted(p for p in (corpus / "jats").rglob("*") if p.is_file() and p.suffix in POOL.JATS_SUFFIXES)
    for path in files:
        rel = path.relative_to(corpus).as_posix()
        if rel in POOL.EXCLUDED:
            continue
        tree, recovered = POOL.parse(path)
        refs = [el for el in tree.iter() if POOL.local(el) == "ref"
                and any(POOL.local(c) in POOL.CITATION_TAGS for c in el.iter())]
        for n, ref in enumerate(refs, 1):
            yield f"{rel}#{ref.get('id') or f'ref{n}'}", ref, POOL.pick_citation(ref), recovered


def formatted(ref: etree._Element, recovered: bool = False) -> str | None:
    """The reference as the pool's formatter writes it in AMA style; None when it cannot."""
    try:
        return POOL.format_ref(ref, recovered).text
    except POOL.Skip:
        return None


def evaluate_pool(corpus: Path | None) -> tuple[int, int, int, Score | None]:
    """(lines, structured, identical round trips, field score against the corpus or None)."""
    truths: dict[str, etree._Element] = {}
    if corpus is not None:
        truths = {key: cit for key, _, cit, _ in corpus_citations(corpus)}
    lines = pool_lines()
    structured = identical = 0
    score = Score() if truths else None
    for n, (text, provenance) in enumerate(lines, 1):
        parsed = parse_reference(text, n)
        structured += parsed.structured
        if parsed.structured and formatted(parsed.element) == text:
            identical += 1
        key = provenance.removeprefix("corpus:")
        if score is not None and key in truths:
            score.add(truth_fields(truths[key]), parsed_fields(parsed.element), text)
    return len(lines), structured, identical, score


def evaluate_corpus(corpus: Path) -> Score:
    score = Score()
    for n, (_, ref, cit, recovered) in enumerate(corpus_citations(corpus), 1):
        text = formatted(ref, recovered)
        if text is None:
            continue
        score.add(truth_fields(cit), parsed_fields(parse_reference(text, n).element), text)
    return score


def _abbreviated_pages(text: str) -> str:
    def shorten(m: re.Match[str]) -> str:
        first, last = m.group(1), m.group(2)
        if len(first) == len(last) and len(first) > 1:
            keep = next((i for i, (a, b) in enumerate(zip(first, last, strict=True)) if a != b), len(last) - 1)
            last = last[keep:]
        return f":{first}-{last}"
    return re.sub(r":(\d+)-(\d+)(?=\.)", shorten, text)


VARIATIONS: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("abbreviated last page", _abbreviated_pages),
    ("en dash in pages", lambda t: re.sub(r"(:[A-Za-z]?\d+)-(?=[A-Za-z]?\d+\.)", r"\1–", t, count=1)),
    ("DOI as a URL", lambda t: t.replace(" doi:", " https://doi.org/")),
    ("month in the date", lambda t: re.sub(r"\. (\d{4});", r". \1 Mar;", t, count=1)),
    ("no final full stop", lambda t: t[:-1] if t.endswith(".") else t),
    ("no full stop after the journal", lambda t: re.sub(r"\. (\d{4});", r" \1;", t, count=1)),
)


def evaluate_variations(corpus: Path) -> Score:
    score = Score()
    for n, (_, ref, cit, recovered) in enumerate(corpus_citations(corpus), 1):
        text = formatted(ref, recovered)
        if text is None:
            continue
        text = VARIATIONS[n % len(VARIATIONS)][1](text)
        score.add(truth_fields(cit), parsed_fields(parse_reference(text, n).element), text)
    return score


# --- the printed gold set -------------------------------------------------------------------------------------------

PRINTED_FIELDS = ("type", "surnames", "given", "title", "source", "year", "volume", "issue", "fpage", "lpage", "doi",
                  "pmid", "publisher")
CITATIONS = ("mixed-citation", "element-citation")


def _clean(text: str) -> str:
    return " ".join(text.split()).strip(" .,;:")


def printed_text(cit: etree._Element) -> str:
    """The text of a mixed-citation as printed: glued names separated ("ParasharUD" -> "Parashar UD, ")."""
    copy = etree.fromstring(etree.tostring(cit))
    for el in copy.iter():
        tag = POOL.local(el)
        if not el.tail and el.getnext() is not None and el is not copy:  # "Biol</source><volume>9" -> "Biol 9"
            el.tail = " "
        if tag in ("name", "string-name", "collab") and el.getparent() is not None and not (el.tail or "").strip():
            following = el.getnext()
            if following is not None and POOL.local(following) in ("name", "string-name", "collab", "etal"):
                el.tail = ", "  # (replaces the space put above)
        if tag == "etal" and not (el.text or "").strip() and not (el.tail or "").strip():
            el.text = " et al"
    return " ".join("".join(copy.itertext()).split())


def tagged_fields(cit: etree._Element) -> Fields:
    """Gold fields from the tagged parts of a citation (mixed or element)."""
    def first(tag: str, **attrs: str) -> str:
        for el in cit.iter():
            if POOL.local(el) == tag and all(el.get(k.replace("_", "-")) == v for k, v in attrs.items()):
                return _clean("".join(el.itertext()))
        return ""
    groups = [g for g in cit.iter() if POOL.local(g) == "person-group"]
    authors = next((g for g in groups if g.get("person-group-type", "author") == "author"), None)
    scope = authors if authors is not None else cit
    names = [n for n in scope.iter() if POOL.local(n) in ("name", "string-name", "collab")
             and (authors is not None or POOL.local(n.getparent()) != "person-group")]
    surnames = [_clean("".join(n.itertext())) if POOL.local(n) == "collab"
                else _clean("".join(POOL.child(n, "surname").itertext())) if POOL.child(n, "surname") is not None
                else "" for n in names]
    given = ["".join(c for c in "".join(POOL.child(n, "given-names").itertext()) if c.isupper())
             if POOL.child(n, "given-names") is not None else "" for n in names]
    kind = cit.get("publication-type") or cit.get("citation-type") or ""
    return {k: v for k, v in {
        "type": {"journal": "journal", "book": "book", "web": "webpage", "webpage": "webpage"}.get(kind, ""),
        "surnames": "; ".join(surnames), "given": "; ".join(given), "title": first("article-title"),
        "source": first("source"), "year": first("year"), "volume": first("volume"), "issue": first("issue"),
        "fpage": first("fpage") or first("elocation-id"), "lpage": first("lpage"),
        "doi": first("pub-id", pub_id_type="doi"), "pmid": first("pub-id", pub_id_type="pmid"),
        "publisher": first("publisher-name")}.items() if v}


def printed_entries(corpus: Path) -> Iterator[tuple[str, list[tuple[str, Fields]]]]:
    """(file, [(printed text, gold fields)]) for every corpus file with a printed gold set."""
    files = sorted(p for p in (corpus / "jats").rglob("*") if p.is_file() and p.suffix in POOL.JATS_SUFFIXES)
    for path in files:
        tree, _ = POOL.parse(path)
        entries = []
        for ref in (el for el in tree.iter() if POOL.local(el) == "ref"):
            mixed = [c for c in ref.iter() if POOL.local(c) == "mixed-citation"]
            tagged = [c for c in mixed if any(POOL.local(x) in ("surname", "source", "year") for x in c.iter())]
            element = [c for c in ref.iter() if POOL.local(c) == "element-citation"]
            if tagged:
                entries.append((printed_text(tagged[0]), tagged_fields(tagged[0])))
            elif mixed and element:
                entries.append((printed_text(mixed[0]), tagged_fields(element[0])))
        if entries:
            yield path.relative_to(corpus).as_posix(), entries


def parsed_printed(ref: etree._Element) -> Fields:
    cit = ref.find("element-citation")
    if cit is None:
        return {}
    return tagged_fields(cit)


def evaluate_printed(corpus: Path) -> tuple[Score, list[tuple[str, str, int, int]]]:
    """Field scores over the printed gold set, and per file: (file, style detected, entries, element-citation)."""
    score = Score(fields=PRINTED_FIELDS)
    per_file = []
    for name, entries in printed_entries(corpus):
        style = reference_styles.detect([text for text, _ in entries])
        tagged = {name for _, truth in entries for name in truth}  # a field the file never tags is not scored
        structured = 0
        for n, (text, truth) in enumerate(entries, 1):
            parsed = parse_reference(text, n, None, style.grammars)
            structured += parsed.structured
            found = {k: v for k, v in parsed_printed(parsed.element).items() if k in tagged}
            score.add(truth, found, text)
        per_file.append((name, style.name, len(entries), structured))
    return score, per_file


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--show", type=int, default=0, help="print this many disagreements")
    ap.add_argument("--printed", action="store_true", help="only the printed gold set (measure 4)")
    args = ap.parse_args(argv)
    corpus = args.corpus if (args.corpus / "jats").is_dir() else None
    if args.printed:
        if corpus is None:
            print("no corpus at", args.corpus, "- the printed gold set needs it")
            return 0
        return _report_printed(corpus, args.show)
    lines, structured, identical, pool_score = evaluate_pool(corpus)
    print(f"Pool round trip ({POOL_FILE.relative_to(ROOT)}): {lines} lines, {structured} element-citation, "
          f"{identical} written back identical by the pool's formatter ({identical / lines:.1%}; "
          "conference/thesis/webpage entries cannot be written back by it)")
    if pool_score is not None:
        pool_score.report("Pool lines against their corpus ground truth (the 8 seed examples have none)")
    if corpus is None:
        print("\nno corpus at", args.corpus, "- corpus figures skipped")
        return 0
    score = evaluate_corpus(corpus)
    score.report("Corpus round trip (tagged citation -> AMA text -> parser)")
    varied = evaluate_variations(corpus)
    varied.report("Corpus round trip with authors' liberties (" + ", ".join(v[0] for v in VARIATIONS) + ")")
    for name, truth, parsed, text in (score.misses + varied.misses)[: args.show]:
        print(f"  [{name}] truth={truth!r} parsed={parsed!r}\n      {text}")
    return _report_printed(corpus, 0)


def _report_printed(corpus: Path, show: int) -> int:
    printed, per_file = evaluate_printed(corpus)
    print("\nCorpus as printed, one list per file in the style detected for it:")
    for name, style, count, structured in per_file:
        print(f"  {name:<52} {style:<12} {structured:>4} / {count:<4} element-citation")
    printed.report("Corpus as printed (the gold set for Vancouver, name-year and Harvard)")
    for name, truth, parsed, text in printed.misses[:show]:
        print(f"  [{name}] truth={truth!r} parsed={parsed!r}\n      {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
