"""The issue's table of contents: the paginated articles -> toc.json, toc.html and toc.pdf.

toc.pdf is the printed Contents page (templates/toc-print.html.j2): in the articles' face and print colours, its
pages numbered as the journal numbers its front matter (house_style.contents_pages: "A-VII"), not 1, 2.

Like the printed Contents page: grouped by section in manifest order, each
entry with its first page, article type, title and authors; on the web page (templates/contents.html.j2, in the
article pages' frame, and contents.css) also links to the article page, the PDF and the DOI (a placeholder DOI
shown, never linked). Everything is read from
the articles' JATS files (the manifest only gives the order): the paginated JATS of an article that built,
the last stage's JATS of one that stopped.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import jinja2

from pipeline import xmlio
from pipeline.config.journal import Journal
from pipeline.issue.state import ArticleState, IssueBuild
from pipeline.jats import contrib_display_name, plain_text
from pipeline.render import html

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
WEB_PAGE = "toc.html"  # the contents page on the web (the article pages link it: navigation.py)
WEB_TEMPLATE = "contents.html.j2"
WEB_CSS = "contents.css"


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def entry(state: ArticleState, out: Path, paged: bool = True) -> dict:
    """The article's entry; an online-only journal's (not `paged`) has its e-location id where pages would be."""
    jats = state.files.latest_jats()
    meta = xmlio.parse(jats).getroot().find("front/article-meta") if jats is not None else None
    # every key in every entry (the template is strict): what an article that did not build lacks is None
    item: dict = {"id": state.entry.id, "section": state.entry.section, "type": state.entry.type, "title": None,
                  "authors": [], "doi": None, "doi_placeholder": state.entry.placeholder_manuscript_number,
                  "fpage": None, "lpage": None, "built": False, "html": None, "pdf": None}
    if not paged:
        item["elocation_id"] = meta.findtext("elocation-id") if meta is not None else None
    if meta is None:
        return item
    contribs = meta.iterfind("contrib-group/contrib[@contrib-type='author']")
    authors = [name for name in map(contrib_display_name, contribs) if name]
    item.update({
        "title": plain_text(meta.find("title-group/article-title")),
        "authors": authors,
        "doi": meta.findtext("article-id[@pub-id-type='doi']"),
        "fpage": int(meta.findtext("fpage")) if meta.findtext("fpage") else None,
        "lpage": int(meta.findtext("lpage")) if meta.findtext("lpage") else None,
        "built": state.ok,
    })
    for kind in ("html", "pdf"):
        if kind in state.outputs:
            item[kind] = state.outputs[kind].relative_to(out).as_posix()
    return item


def contents(build: IssueBuild) -> dict:
    m = build.issue.manifest
    sections: list[dict] = []
    paged = build.journal.publication.paged
    for state in build.articles:
        item = entry(state, build.out, paged)
        if not sections or sections[-1]["title"] != state.entry.section:
            sections.append({"title": state.entry.section, "articles": []})
        sections[-1]["articles"].append(item)
    return {"journal": build.journal.title, "abbrev_title": build.journal.abbrev_title,
            "volume": m.volume, "issue": m.issue, "month": m.month, "year": m.year,
            "publication_date": m.publication_date.isoformat() if m.publication_date else None,
            "first_page": m.first_page,
            "website": build.journal.website, "pmc_journal_id": build.journal.pmc_journal_id,
            "sections": sections}


def write_web_page(data: dict, journal: Journal, out: Path) -> Path:
    """The contents page on the web, `<out>/toc.html`, in the article pages' frame, and its stylesheet next to it
    (contents.css: the journal's web colours and fonts, the pages' frame, the contents' own)."""
    date = " ".join(str(v) for v in (data["month"], data["year"]) if v)
    issue = {"volume": data["volume"], "number": data["issue"], "date": date, "contents": None}
    page = html.page_template(WEB_TEMPLATE).render(lang=journal.language, journal=journal, toc=data, issue=issue,
                                                   stylesheets=[WEB_CSS])
    xmlio.write_bytes_atomic(out / WEB_PAGE, page.encode("utf-8"))
    xmlio.write_bytes_atomic(out / WEB_CSS, html.stylesheet(journal, WEB_CSS))
    return out / WEB_PAGE


def _css_string(text: str) -> str:
    """A CSS string's content, safe between double quotes in a <style> element."""
    return "".join(f"\\{ord(c):x} " if c in '"\\<>&' or ord(c) < 32 else c for c in text)


def _page_numbering(journal: Journal) -> dict:
    """The Contents pages' numbering for the print template's @page rule (house_style.contents_pages)."""
    pages = journal.house_style.contents_pages
    return {"prefix": _css_string(pages.prefix), "style": pages.style, "first": pages.first}


def write_all(build: IssueBuild) -> dict[str, Path]:
    from pipeline.render.pdf import render_html_pdf

    data = contents(build)
    out = build.out
    xmlio.write_bytes_atomic(out / "toc.json", (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())
    write_web_page(data, build.journal, out)
    env = _environment()
    printable = env.get_template("toc-print.html.j2").render(toc=data, pages=_page_numbering(build.journal))
    render_html_pdf(printable, out / "toc.pdf", base_dir=TEMPLATES, journal=build.journal, sheet="print",
                    identifier=f"{data['abbrev_title']} {data['volume']}({data['issue']}) contents")
    return {"toc.json": out / "toc.json", "toc.html": out / "toc.html", WEB_CSS: out / WEB_CSS,
            "toc.pdf": out / "toc.pdf"}
