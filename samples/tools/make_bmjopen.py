"""Build the BMJ Open sample issue from the corpus's BMJ Open JATS: Word manuscripts, figure files, issue.yaml.

Each article of ARTICLES is a published BMJ Open article in ../shared/corpus. Its JATS becomes the Word
manuscript its authors could have submitted: tools/eval_ingest.py's round trip shapes it (table and figure
labels typed into their captions, keywords typed after the abstract) and writes it with pandoc; this
script first lays it out as BMJ Open asks authors to (title page with authors, affiliations and
correspondence; structured abstract; "Strengths and limitations of this study" list; main text with its
tables; statements; references as BMJ printed them; figure legends), since figures are sent as separate
files. Each figure becomes a stand-in image that names it (the published images are not in the corpus),
and issue.yaml holds the article's values as its JATS gives them, nothing more (samples/README.md).

    .venv/bin/python samples/tools/make_bmjopen.py          # ../shared/corpus -> samples/bmjopen/vol4-issue1
    .venv/bin/python samples/tools/make_bmjopen.py --check  # rebuild in a temporary folder and compare

Without ../shared/corpus there is nothing to build from: the script says so and leaves the committed files.
"""

from __future__ import annotations

import argparse
import calendar
import copy as copying
import datetime as dt
import filecmp
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
for folder in (ROOT, ROOT / "samples" / "tools", ROOT / "tools"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import eval_ingest as ROUND_TRIP  # noqa: E402 - the corpus round trip's manuscript copy and its pandoc call
import make_samples as SAMPLES  # noqa: E402 - the DIR sample's figure images and zip normalisation

from pipeline.config import load_journal  # noqa: E402 - needs the project root on sys.path
from pipeline.xmlio import safe_parser  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
OUT = ROOT / "samples" / "bmjopen" / "vol4-issue1"
JOURNAL_ID = "bmjopen"
JOURNAL_FILE = ROOT / "config" / "journals" / f"{JOURNAL_ID}.yaml"
FIGURE_NOTE = "stand-in image: the published figure is not in the corpus"


@dataclass(frozen=True)
class Source:
    id: str  # the article's id in the manifest
    jats: str  # path in ../shared/corpus
    figure_name: str  # how its authors name their figure files ({n}: the figure's number)


# The real BMJ Open articles found (docs/journal-bmjopen.md, "Sources"): one in the corpus.
ARTICLES = (
    Source("01-akoua-koffi", "jats/elife-crossref-fixtures/bmjopen-4-e003269.xml", "Figure {n}.tif"),
)

# Statements the journal adds to every article; the authors' manuscript does not have them.
JOURNAL_STATEMENTS = frozenset({"provenance and peer review"})


# --- JATS helpers ----------------------------------------------------------------------------------------------

def text(el: etree._Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def text_without(el: etree._Element, tag: str) -> str:
    """The text of an element without its children of one name (an affiliation without its label)."""
    parts = [el.text or ""]
    for child in el:
        parts += ["" if child.tag == tag else "".join(child.itertext()), child.tail or ""]
    return " ".join("".join(parts).split())


def remove(el: etree._Element) -> None:
    """Take an element out, keeping the text that follows it."""
    parent, previous = el.getparent(), el.getprevious()
    if el.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def replace_by_text(el: etree._Element, words: str) -> None:
    el.tail = words + (el.tail or "")
    remove(el)


def element(tag: str, words: str = "", *children: etree._Element) -> etree._Element:
    el = etree.Element(tag)
    el.text = words or None
    el.extend(children)
    return el


def superscript(words: str, tail: str = "") -> etree._Element:
    sup = element("sup", words)
    sup.tail = tail or None
    return sup


def section(title: str, *content: etree._Element) -> etree._Element:
    return element("sec", "", element("title", title), *content)


def jats_date(el: etree._Element | None) -> dt.date | None:
    if el is None or not el.findtext("year") or not el.findtext("month") or not el.findtext("day"):
        return None
    return dt.date(int(el.findtext("year")), int(el.findtext("month")), int(el.findtext("day")))


# --- the manuscript: typed as the authors would have typed it ----------------------------------------------------

def type_citations(article: etree._Element) -> None:
    """Reference citations typed in square brackets, as BMJ's instructions ask ("[1, 2]", "[16–21]"): the
    published JATS has them as bare numbers without targets, printed as superscripts."""
    for parent in list(article.iter()):
        run: list[etree._Element] = []
        for child in list(parent):
            if child.tag == "xref" and child.get("ref-type") == "bibr" and not child.get("rid"):
                if run and not (run[-1].tail or "").strip() and run[-1].getnext() is child:
                    run.append(child)
                    continue
                _type_run(run)
                run = [child]
        _type_run(run)


def _type_run(run: list[etree._Element]) -> None:
    """One group of citations in brackets, straight after punctuation ("age.[1, 2]") but a space after a word
    ("Malawi [40]"): typed against the word, "Malawi[40]" would read like the genotype "P[8]"."""
    if not run:
        return
    typed = "[" + ", ".join(text(x) for x in run) + "]"
    previous = run[0].getprevious()
    if previous is None:
        before = run[0].getparent().text or ""
    else:
        before = previous.tail or "".join(previous.itertext())  # "<italic>in vivo</italic>[3]": the word's end
    if before[-1:].isalnum():
        typed = " " + typed
    run[0].tail = run[-1].tail
    for x in run[1:]:
        x.getparent().remove(x)
    replace_by_text(run[0], typed)


def type_object_mentions(article: etree._Element) -> None:
    """"table 1", "figure 2" as text: the published links have no targets."""
    for xref in [x for x in article.iter("xref") if x.get("ref-type") in ("fig", "table") and not x.get("rid")]:
        replace_by_text(xref, text(xref))


def printed_reference(ref: etree._Element) -> etree._Element:
    """A reference paragraph as BMJ printed it: the mixed-citation's text, its names joined as printed
    ("Parashar UD, Hummelman EG, Bresee JS, et al."): the JATS holds the names without their commas."""
    cit = ref.find("mixed-citation")
    para = element("p", f"{text(ref.find('label'))}. " + (cit.text or ""))
    for part in cit:
        if part.tag == "person-group":
            names = [f"{text(n.find('surname'))} {text(n.find('given-names'))}".strip() for n in part.iter("name")]
            names += [text(c) for c in part.iter("collab")]
            words = ", ".join(names + (["et al"] if part.find("etal") is not None else []))
        elif part.tag in ("italic", "bold", "sup", "sub"):
            para.append(copying.deepcopy(part))
            continue
        else:
            words = _flat(part, para)
        _append_text(para, words + (part.tail or ""))
    return para


def _flat(el: etree._Element, para: etree._Element) -> str:
    """The text of a part of a citation, its own markup (italic in a comment) kept in `para`."""
    words = el.text or ""
    for child in el:
        if child.tag in ("italic", "bold", "sup", "sub"):
            _append_text(para, words)
            words = ""
            kept = element(child.tag, text(child))
            para.append(kept)
        else:
            words += text(child)
        words += child.tail or ""
    return words


def _append_text(para: etree._Element, words: str) -> None:
    if len(para):
        para[-1].tail = (para[-1].tail or "") + words
    else:
        para.text = (para.text or "") + words


def references_as_printed(article: etree._Element) -> None:
    for ref_list in list(article.iter("ref-list")):
        sec = section("References", *(printed_reference(r) for r in ref_list.iter("ref")))
        ref_list.getparent().replace(ref_list, sec)


def title_page(meta: etree._Element) -> list[etree._Element]:
    """The author line with affiliation numbers, the numbered affiliations, the correspondence address."""
    line = element("p")
    contribs = meta.findall("contrib-group/contrib[@contrib-type='author']")
    for n, contrib in enumerate(contribs):
        name = contrib.find("name")
        _append_text(line, ("" if n == 0 else ", ") + f"{text(name.find('given-names'))} {text(name.find('surname'))}")
        marks = ",".join(text(x) for x in contrib.findall("xref[@ref-type='aff']"))
        if marks:
            line.append(superscript(marks))
    paragraphs = [line]
    for aff in meta.findall("aff"):
        paragraphs.append(element("p", "", superscript(text(aff.find("label")), text_without(aff, "label"))))
    corresp = meta.find("author-notes/corresp")
    if corresp is not None:
        # The address as typed: pandoc's JATS reader drops an <email> element, so it is plain text.
        paragraphs.append(element("p", f"{text(corresp.find('label'))} {text_without(corresp, 'label')}"))
    return paragraphs


def author_layout(article: etree._Element) -> etree._Element:
    """The round trip's manuscript copy laid out as BMJ Open's authors submit it (see the module docstring)."""
    meta = article.find("front/article-meta")
    body, back = article.find("body"), article.find("back")
    layout: list[etree._Element] = title_page(meta)

    abstract = meta.find("abstract")
    keywords = [p for p in abstract.findall("p") if text(p).startswith("Keywords:")]
    for p in keywords:
        abstract.remove(p)
    layout.append(section("Abstract", *list(abstract)))
    layout += keywords

    for box in body.findall("boxed-text"):
        title = text(box.find("caption/title"))
        layout.append(section(title, *[c for c in box if c.tag != "caption"]))
        body.remove(box)

    legends = section("Figure legends")
    for fig in list(article.iter("fig")):
        legends.extend(fig.find("caption"))
        remove(fig)

    layout += body.findall("sec")
    statements: list[etree._Element] = []
    references = None
    for part in back:
        if part.tag == "ack":
            statements.append(section("Acknowledgements", *part.findall("p")))
        elif part.tag == "fn-group":
            for fn in part.findall("fn"):
                label = text(fn.find("label"))
                if label.casefold() not in JOURNAL_STATEMENTS:
                    statements.append(section(label, *fn.findall("p")))
        elif part.tag == "sec" and text(part.find("title")) == "References":
            references = part
    layout += [*statements, references, legends]

    title = copying.deepcopy(meta.find("title-group"))
    manuscript = element("article", "", element("front", "", element("article-meta", "", title)),
                         element("body", "", *layout))
    manuscript.set("article-type", article.get("article-type", "research-article"))
    return manuscript


def build_docx(original: etree._Element, work: Path, saved: dt.date) -> bytes:
    article = copying.deepcopy(original)
    type_citations(article)
    type_object_mentions(article)
    references_as_printed(article)
    manuscript = author_layout(ROUND_TRIP.manuscript_copy(article))
    out = work / "manuscript.docx"
    # pandoc stamps the Word file's dates from SOURCE_DATE_EPOCH: the day the manuscript was last saved, 09:00.
    saved_at = dt.datetime(saved.year, saved.month, saved.day, 9, 0, 0)
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(saved_at.timetuple()))
    try:
        warnings = ROUND_TRIP.to_docx(manuscript, out, work)
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
    if warnings:
        raise RuntimeError(f"pandoc: {'; '.join(warnings)}")
    return SAMPLES.normalise_zip(out.read_bytes(), saved_at.timetuple()[:6])


# --- the manifest: the article's values as its JATS gives them ------------------------------------------------------

def affiliation(aff: etree._Element) -> dict:
    """An affiliation's parts in the manifest's fields, in the order printed: an address line before the
    institution is its department, one after it the city (BMJ's JATS tags both as addr-line)."""
    out: dict = {"id": text(aff.find("label"))}
    seen_institution = False
    for part in aff:
        if part.tag == "institution":
            out["institution"], seen_institution = text(part), True
        elif part.tag == "addr-line":
            out["city" if seen_institution else "department"] = text(part)
        elif part.tag == "country":
            out["country"] = text(part)
    return out


def manifest_entry(source: Source, article: etree._Element) -> dict:
    meta = article.find("front/article-meta")
    heading = meta.find("article-categories/subj-group[@subj-group-type='heading']")
    corresp = text(meta.find("author-notes/corresp"))
    email = text(meta.find("author-notes/corresp/email"))
    figures = [source.figure_name.format(n=n) for n in range(1, len(list(article.iter("fig"))) + 1)]
    entry: dict = {
        "id": source.id,
        "section": text(heading.find("subject")),
        "type": text(heading.find("subj-group/subject")),
        "manuscript_number": text(meta.find("article-id[@pub-id-type='publisher-id']")),
        "doi": text(meta.find("article-id[@pub-id-type='doi']")),
        "elocation_id": text(meta.find("elocation-id")),
        **licence_of(meta),
        "manuscript": f"manuscripts/{source.id}.docx",
        "figures": [f"figures/{source.id}/{name}" for name in figures],
    }
    authors = []
    for contrib in meta.findall("contrib-group/contrib[@contrib-type='author']"):
        name = contrib.find("name")
        author: dict = {"given_names": text(name.find("given-names")), "surname": text(name.find("surname"))}
        orcid = contrib.find("contrib-id[@contrib-id-type='orcid']")
        if orcid is not None:
            author["orcid"] = text(orcid).rsplit("/", 1)[-1]
        author["affiliations"] = [text(x) for x in contrib.findall("xref[@ref-type='aff']")]
        if f"{author['given_names']} {author['surname']}" in corresp:
            author["corresponding"], author["email"] = True, email
        authors.append(author)
    entry["authors"] = authors
    entry["affiliations"] = [affiliation(aff) for aff in meta.findall("aff")]
    history = {"received": "received", "rev-recd": "revision_received", "accepted": "accepted"}
    entry["history"] = {history[d.get("date-type")]: jats_date(d) for d in meta.findall("history/date")
                        if d.get("date-type") in history}
    entry["epub"] = jats_date(meta.find("pub-date[@pub-type='epub']"))
    return entry


def licence_of(meta: etree._Element) -> dict:
    """{"license": name} when the article's licence is one of the journal's earlier ones (config: licenses), told by
    the licence's own URL in the JATS's licence text; {} for the journal's default licence."""
    journal = load_journal(JOURNAL_FILE)
    words = text(meta.find("permissions/license"))
    named = [name for name, lic in journal.licenses.items() if lic.url.rstrip("/") in words]
    if named:
        return {"license": named[0]}
    if journal.license.url.rstrip("/") in words:
        return {}
    raise SystemExit(f"the article's licence ({words[:80]}...) is none of {JOURNAL_FILE}'s")


def first_online(article: etree._Element) -> str:
    date = jats_date(article.find("front/article-meta/pub-date[@pub-type='epub-original']"))
    return date.isoformat() if date else "not given"


def provenance(source: Source) -> str:
    """Where the corpus file came from (../shared/corpus/MANIFEST.tsv)."""
    for line in (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if cells[0] == source.jats:
            return f"{cells[1]}@{cells[2][:12]}:{cells[3]}"
    return "not listed in ../shared/corpus/MANIFEST.tsv"


def build_manifest(articles: dict[Source, etree._Element]) -> bytes:
    first = next(iter(articles.values())).find("front/article-meta")
    issue_date = first.find("pub-date[@pub-type='ppub']")
    issue: dict = {
        "journal": JOURNAL_ID,
        "volume": int(text(first.find("volume"))),
        "issue": int(text(first.find("issue"))),
        "year": int(text(issue_date.find("year"))),
        "month": calendar.month_name[int(text(issue_date.find("month")))],
        "articles": [manifest_entry(source, article) for source, article in articles.items()],
    }
    header = [
        f"# Issue manifest: BMJ Open, Vol {issue['volume']} Issue {issue['issue']} ({issue['month']} {issue['year']}).",
        "# Generated by samples/tools/make_bmjopen.py; every value is the article's JATS's (samples/README.md):",
        *(f"#   {source.id}: ../shared/corpus/{source.jats} ({provenance(source)})" for source in articles),
        "# BMJ Open publishes online only, continuously: each article has an e-location id (elocation_id) and no",
        "# pages, so there is no first_page; the issue has a month and no publication day (the JATS gives none).",
        "# The 2014 article carries the licence of its year (license: one of the journal's licenses), not today's.",
        "# epub is the JATS's pub-date pub-type=\"epub\" (the date PubMed and Crossref were given); the JATS's",
        "# pub-type=\"epub-original\" (not a manifest field; which one BMJ Open shows is not known):",
        *(f"#   {source.id}: epub-original {first_online(article)}" for source, article in articles.items()),
    ]
    body = yaml.safe_dump(issue, allow_unicode=True, sort_keys=False, width=110)
    return ("\n".join(header) + "\n" + body).encode("utf-8")


# --- main -----------------------------------------------------------------------------------------------------------

def read(source: Source) -> etree._Element:
    return etree.parse(str(CORPUS / source.jats), safe_parser()).getroot()


def saved_on(article: etree._Element) -> dt.date:
    """The last date the authors had the manuscript: revised, else received."""
    dates = {d.get("date-type"): jats_date(d) for d in article.iterfind("front/article-meta/history/date")}
    return dates.get("rev-recd") or dates["received"]


def build(out: Path) -> list[Path]:
    articles = {source: read(source) for source in ARTICLES}
    written: list[Path] = []

    def write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)

    for source, article in articles.items():
        with tempfile.TemporaryDirectory() as work:
            write(out / "manuscripts" / f"{source.id}.docx", build_docx(article, Path(work), saved_on(article)))
        for n in range(1, len(list(article.iter("fig"))) + 1):
            name = source.figure_name.format(n=n)
            write(out / "figures" / source.id / name, SAMPLES.build_figure(name, FIGURE_NOTE))
    write(out / "issue.yaml", build_manifest(articles))
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="rebuild in a temporary folder and compare")
    args = parser.parse_args(argv)
    missing = [s.jats for s in ARTICLES if not (CORPUS / s.jats).is_file()]
    if missing:
        print(f"skipped: the BMJ Open sample is made from ../shared/corpus, which is not here "
              f"(no {CORPUS / missing[0]}); the committed files in {OUT.relative_to(ROOT)} stand")
        return 0
    if not args.check:
        written = build(OUT)
        print(f"wrote {len(written)} files under {OUT.relative_to(ROOT)}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        written = build(Path(tmp))
        made = {p.relative_to(tmp) for p in written}
        committed = {p.relative_to(OUT) for p in OUT.rglob("*") if p.is_file()}
        differ = sorted(str(p) for p in made & committed if not filecmp.cmp(Path(tmp) / p, OUT / p, shallow=False))
        problems = differ + [f"{p} (missing)" for p in sorted(made - committed)] + \
            [f"{p} (not made by the generator)" for p in sorted(committed - made)]
        for problem in problems:
            print(f"differs: {problem}")
        print(f"checked {len(made)} files: {len(problems)} differ")
        return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
