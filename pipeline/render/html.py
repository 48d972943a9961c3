"""HTML article page: a paginated JATS file -> <base>.html and article.css in the article's web folder.

The mapping lives in xslt/jats-to-html.xsl (head: citation_* meta tags and JSON-LD; main: the article), the web
layer over the writer core it shares with the print HTML; the page shell in templates/article.html.j2. This
module prepares the article (prepare.py: names, references), runs the one, fills the other and writes both
files, with article.css after the journal's colours and fonts (house.py). Figure files are copied into
`<out_dir>/figures/` by another stage; the page refers to them there.

The page is polyglot HTML: it parses as HTML5 and as XML. The XSLT's output is re-serialized here as
XML with an explicit end tag for every element that is not an HTML void element (`<a id="x"></a>`,
never `<a id="x"/>`, which HTML would read as an open tag), and inserted into the template as markup:
every manuscript string in it is a text node or an attribute value that the serializer escaped.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import jinja2
from lxml import etree
from markupsafe import Markup
from PIL import Image, UnidentifiedImageError

from pipeline import xmlio, xslt
from pipeline.config.journal import Journal
from pipeline.diagnostics import PipelineError
from pipeline.render import house
from pipeline.render.prepare import prepare
from pipeline.render.sitenav import NO_LINKS, PageLinks

STYLESHEET = "jats-to-html.xsl"
TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"
TEMPLATE = "article.html.j2"
CSS = "article.css"
SITE_CSS = "site.css"  # the frame of every web page of the issue (header, navigation, footer)
FIGURES = "figures"  # the page's figure files, in this folder next to it

# Elements HTML writes without an end tag; every other element gets one.
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
MATHML = "http://www.w3.org/1998/Math/MathML"


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_article_html(jats_path: Path, out_dir: Path, journal: Journal, *, pdf_name: str,
                        base: str | None = None, html_url: str | None = None, pdf_url: str | None = None,
                        stylesheets: Sequence[str] = (CSS,), issue_date: dt.date | None = None,
                        links: PageLinks = NO_LINKS, doi_placeholder: bool = False) -> Path:
    """Write `<out_dir>/<base>.html` (and `article.css` next to it) for the article in `jats_path`.

    `pdf_name` is the article's PDF as the page links it (a file next to the page); `base` defaults to
    its stem, which is the article's base name. The page's and the PDF's public URLs default to the
    journal's URL patterns for the article's DOI. `stylesheets` are the CSS files the page links, in order
    (article.css, which is always written next to the page, and any the site adds). `issue_date` is the
    publication date the page prints, as the PDF does (without it, the article's collection date); `links` the
    issue's contents page and the neighbouring articles (sitenav.py); `doi_placeholder` says the DOI is not
    registered yet (it is shown, not linked). The figures are read from `<out_dir>/figures/` for their sizes.
    Same input, same bytes.
    """
    tree = xmlio.parse(jats_path)
    doi = _doi(tree)
    meta = tree.getroot().find("front/article-meta")
    where = {name: xmlio.text_of(meta.find(tag)) if meta is not None else ""
             for name, tag in (("volume", "volume"), ("issue", "issue"), ("elocation_id", "elocation-id"))}
    # the journal's URLs are made from the DOI: a placeholder DOI's would name pages that will never exist
    if html_url is None and doi and not doi_placeholder:
        html_url = journal.article_url(doi, **where)
    if pdf_url is None and doi and not doi_placeholder:
        pdf_url = journal.pdf_url(doi, **where)
    try:
        page = xslt.transform_tree(
            STYLESHEET, prepare(tree.getroot(), journal),
            pdf_url=pdf_url, pdf_href=pdf_name, html_url=html_url,
            journal_website=journal.website, language=journal.language,
            house_style=house.parameter(journal, "web"),
            issue_date=issue_date.isoformat() if issue_date else "",
            figure_sizes=json.dumps(figure_sizes(out_dir / FIGURES), sort_keys=True),
            doi_placeholder="true" if doi_placeholder else "false",
        )
    except PipelineError as exc:
        raise PipelineError(exc.finding.with_context(file=str(jats_path), stage="render")) from None
    head, main, issue = page.find("head"), page.find("main"), page.find("issue")
    article = main.find("article")
    html = page_template(TEMPLATE).render(
        lang=(article.get("lang") if article is not None else None) or journal.language,
        head=Markup(_serialize_children(head, "\n")),
        main=Markup(_serialize_children(main, "")),
        journal=journal,
        stylesheets=list(stylesheets),
        issue=None if issue is None else {"volume": issue.get("volume"), "number": issue.get("number"),
                                          "date": issue.get("date"), "contents": links.contents},
        links=links,
    )
    out = out_dir / f"{base or Path(pdf_name).stem}.html"
    xmlio.write_bytes_atomic(out, html.encode("utf-8"))
    xmlio.write_bytes_atomic(out_dir / CSS, stylesheet(journal))
    return out


def page_template(name: str) -> jinja2.Template:
    """A page template in the web pages' frame (site.html.j2): the article page, the issue's contents page."""
    return _environment().get_template(name)


def stylesheet(journal: Journal, page_css: str = CSS) -> bytes:
    """A web page's stylesheet as the page links it: the journal's colours and fonts, the frame every page of the
    issue shares (templates/site.css), then the page's own (templates/article.css, contents.css)."""
    return (house.css_variables(journal, "web").encode("utf-8") + b"\n" + (TEMPLATES / SITE_CSS).read_bytes()
            + b"\n" + (TEMPLATES / page_css).read_bytes())


def figure_sizes(folder: Path) -> dict[str, list[int]]:
    """Width and height in pixels of each image in `folder` (read from the file's header), by file name."""
    sizes: dict[str, list[int]] = {}
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        try:
            with Image.open(path) as image:
                sizes[path.name] = list(image.size)
        except (OSError, UnidentifiedImageError):
            continue  # not an image the page can show: enrich has reported it
    return sizes


def _doi(tree: etree._ElementTree) -> str | None:
    found = tree.getroot().findtext("front/article-meta/article-id[@pub-id-type='doi']")
    return found.strip() if found and found.strip() else None


def _serialize_children(parent: etree._Element | None, separator: str) -> str:
    """The children of `parent` as polyglot markup (XML syntax that HTML reads the same way)."""
    if parent is None:
        return ""
    for element in parent.iter():
        if (isinstance(element.tag, str) and not element.tag.startswith(f"{{{MATHML}}}")
                and element.tag not in VOID and element.text is None and len(element) == 0):
            element.text = ""  # lxml then writes <a></a>, not <a/>
    parts = [parent.text or ""]
    parts += [etree.tostring(child, encoding="unicode", with_tail=True) for child in parent]
    return separator.join(part for part in parts if part)
