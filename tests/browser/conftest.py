"""What the browser tests share: the site (the sample issue's build, and pages rendered here), served over
http://127.0.0.1, and headless Chromium.

Which pages: every page of the sample issue (its table of contents and twelve article pages, from the session's
build of the issue: tests/conftest.py), and under extra/ pages rendered here, laid out like a build
(articles/<id>/<base>.html with figures/ and the PDF next to it, toc.html, the pages' links), from the
profile fixture and three corpus articles with small stand-in images for their figure files. The pages are served
over http://127.0.0.1 (http.server, rooted at a copy of the build folder) so that relative links and the
Content-Security-Policy's 'self' behave as on the journal's web server.

Screenshots go to build/screenshots/ (git-ignored).
Needs `apt-get install chromium` and `make browser-deps` (axe-core, from tests/browser/package.json).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from lxml import etree
from PIL import Image, ImageDraw

from pipeline import xmlio
from pipeline.articlefiles import ArticleFiles
from pipeline.config import load_journal
from pipeline.issue import toc
from pipeline.jats import plain_text
from pipeline.render import sitenav
from pipeline.render.html import render_article_html
from tests.conftest import CORPUS, FIXTURES, PROJECT, sample_pages

from .cdp import Browser, find_chromium

HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = PROJECT / "build" / "screenshots"

# Why the browser tests cannot run here (None: they can); each test module skips itself for it.
MISSING = ("chromium not installed: apt-get install chromium" if not find_chromium() else
           "axe-core not installed: run npm install in tests/browser (make browser-deps)" if not AXE.is_file() else
           None)
if MISSING and os.environ.get("CI"):  # .ci/run installs both: there a skip would hide a broken install step
    pytest.fail(f"the browser tests must run in CI: {MISSING}", pytrace=False)


# Pages rendered here when there is no build: (article id, source, base name of the page and its PDF).
PROFILE = ("profile", FIXTURES / "profile-article.xml", "dir-2023-232299")
CORPUS_ARTICLES = [
    ("plosone-0091296", CORPUS / "jats" / "encoda/plosone-0091296/main.jats.xml", "pone-0091296"),  # tables
    ("elife-30274", CORPUS / "jats" / "encoda/elife-30274-v1/main.jats.xml", "elife-30274"),  # ORCID, collab
    ("elife-00666", CORPUS / "jats" / "elife-crossref-fixtures/elife-00666.xml", "elife-00666"),  # MathML
]


def own_articles() -> list[tuple[str, Path, str]]:
    return [PROFILE] + [a for a in CORPUS_ARTICLES if a[1].is_file()]


def page_paths() -> list[str]:
    """The pages to test, relative to the site root (known at collection, so that each is its own test)."""
    own = [f"extra/articles/{ident}/{base}.html" for ident, _, base in own_articles()]
    return ["toc.html", *sample_pages(), "extra/toc.html", *own]


def shot_name(page: str) -> str:
    """A page's name in the screenshots' file names: 02-pope, toc, extra-profile, extra-toc."""
    return ("extra-" if page.startswith("extra/") else "") + ("toc" if page.endswith("toc.html")
                                                               else Path(page).parent.name)


# ----- the site: the build, or pages rendered here -----

@dataclass
class Site:
    root: Path
    screenshots: Path


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, sample_build) -> Site:
    root = tmp_path_factory.mktemp("site") / "site"
    shutil.copytree(sample_build.out, root)  # a copy: the build itself stays as built for the other tests
    _render_site(root / "extra")
    for old in SCREENSHOTS.glob("*.png"):  # none of an earlier run's pages may pass for this one's
        old.unlink()
    return Site(root, SCREENSHOTS)


def _render_site(root: Path) -> None:
    """Article pages, their navigation and a TOC laid out as the issue build lays them out, from the fixture and
    corpus JATS."""
    journal = load_journal(PROJECT / "config" / "journals" / "dir.yaml")
    articles = [(ident, source, base, ArticleFiles(root / "articles" / ident, base))
                for ident, source, base in own_articles()]
    pages = [sitenav.Page(ident, files.path(".html").relative_to(root).as_posix(),
                          plain_text(xmlio.parse(source).getroot().find("front/article-meta/title-group/article-title")))
             for ident, source, _, files in articles]
    states = []
    for index, (ident, source, base, files) in enumerate(articles):
        html = render_article_html(source, files.folder, journal, pdf_name=f"{base}.pdf",
                                   links=sitenav.links(toc.WEB_PAGE, pages, index))
        pdf = files.pdf
        pdf.write_bytes(_STUB_PDF)  # the page links to its PDF next to it; the PDF stage is tested elsewhere
        tree = etree.parse(str(html), xmlio.safe_parser())
        for src in tree.xpath("//h:img/@src", namespaces={"h": "http://www.w3.org/1999/xhtml"}):
            _stand_in_image(files.folder / urllib.request.url2pathname(src))
        shutil.copy(source, files.jats)  # the TOC reads each article's JATS as the build leaves it
        section = "ABDOMINAL IMAGING" if ident == "profile" else "CORPUS ARTICLES"
        states.append(SimpleNamespace(entry=SimpleNamespace(id=ident, section=section, type="Original Article",
                                                            placeholder_manuscript_number=False),
                                      files=files, ok=True, outputs={"html": html, "pdf": pdf}))
    manifest = SimpleNamespace(volume=29, issue=4, year=2023, month="July", publication_date=date(2023, 7, 21),
                               first_page=563)
    build = SimpleNamespace(issue=SimpleNamespace(manifest=manifest), journal=journal, articles=states, out=root)
    toc.write_web_page(toc.contents(build), journal, root)


# A one-page PDF with nothing on it: enough for the link check (the server answers 200 for it).
_STUB_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
             b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _stand_in_image(path: Path) -> None:
    """A small labelled image standing in for a figure file (JPEG for .jpg, else PNG, which browsers sniff)."""
    image = Image.new("RGB", (480, 300), (208, 214, 222))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 479, 299), outline=(90, 100, 115), width=3)
    draw.text((20, 20), f"stand-in for {path.name}", fill=(20, 20, 20))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG" if path.suffix.lower() in (".jpg", ".jpeg") else "PNG")


# ----- the web server and the browser -----

class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        if self.path == "/favicon.ico":  # the browser asks for it by itself; the journal's web server has one
            self.send_response(204)
            self.end_headers()
            return
        super().do_GET()


@pytest.fixture(scope="session")
def server(site: Site) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site.root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with Browser() as chromium:
        yield chromium
