"""The HTML pages in a real browser: headless Chromium (Debian's package) loads each article page and the table of
contents; no console error, no broken internal link or image, no serious or critical axe-core finding; a
screenshot of each page for a person to look at.

Which pages: every page of the sample issue (its table of contents and twelve article pages, from the session's
build of the issue: tests/conftest.py), and under extra/ pages rendered here, laid out like a build
(articles/<id>/<base>.html with figures/ and the PDF next to it, toc.html), from the profile fixture and three
corpus articles with small stand-in images for their figure files. The pages are served over http://127.0.0.1
(http.server, rooted at a copy of the build folder) so that relative links and the Content-Security-Policy's
'self' behave as on the journal's web server.

Screenshots go to build/screenshots/ (git-ignored).
Needs `apt-get install chromium` and `make browser-deps` (axe-core, from tests/browser/package.json).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from lxml import etree
from PIL import Image, ImageDraw

from pipeline import xmlio
from pipeline.config import load_journal
from pipeline.issue import toc
from pipeline.render.html import render_article_html
from tests.conftest import CORPUS, FIXTURES, PROJECT, sample_pages

from .cdp import Browser, Message, find_chromium

HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = PROJECT / "build" / "screenshots"

pytestmark = pytest.mark.browser

_MISSING = ("chromium not installed: apt-get install chromium" if not find_chromium() else
            "axe-core not installed: run npm install in tests/browser (make browser-deps)" if not AXE.is_file() else
            None)
if _MISSING and os.environ.get("CI"):  # .ci/run installs both: there a skip would hide a broken install step
    pytest.fail(f"the browser tests must run in CI: {_MISSING}", pytrace=False)
if _MISSING:
    pytest.skip(_MISSING, allow_module_level=True)

# Pages rendered here when there is no build: (article id, source, base name of the page and its PDF).
PROFILE = ("profile", FIXTURES / "profile-article.xml", "dir-2023-232299")
CORPUS_ARTICLES = [
    ("plosone-0091296", CORPUS / "jats" / "encoda/plosone-0091296/main.jats.xml", "pone-0091296"),  # tables
    ("elife-30274", CORPUS / "jats" / "encoda/elife-30274-v1/main.jats.xml", "elife-30274"),  # ORCID, collab
    ("elife-00666", CORPUS / "jats" / "elife-crossref-fixtures/elife-00666.xml", "elife-00666"),  # MathML
]
SERIOUS = {"serious", "critical"}


def _own_articles() -> list[tuple[str, Path, str]]:
    return [PROFILE] + [a for a in CORPUS_ARTICLES if a[1].is_file()]


def _page_paths() -> list[str]:
    """The pages to test, relative to the site root (known at collection, so that each is its own test)."""
    own = [f"extra/articles/{ident}/{base}.html" for ident, _, base in _own_articles()]
    return ["toc.html", *sample_pages(), "extra/toc.html", *own]


PAGES = _page_paths()


# ----- the site: the build, or pages rendered here -----

@dataclass
class Site:
    root: Path
    screenshots: Path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, sample_build) -> Site:
    root = tmp_path_factory.mktemp("site") / "site"
    shutil.copytree(sample_build.out, root)  # a copy: the build itself stays as built for the other tests
    _render_site(root / "extra")
    for old in SCREENSHOTS.glob("*.png"):  # none of an earlier run's pages may pass for this one's
        old.unlink()
    return Site(root, SCREENSHOTS)


def _render_site(root: Path) -> None:
    """Article pages and a TOC laid out as the issue build lays them out, from the fixture and corpus JATS."""
    journal = load_journal(PROJECT / "config" / "journal.yaml")
    states = []
    for ident, source, base in _own_articles():
        folder = root / "articles" / ident
        html = render_article_html(source, folder, journal, pdf_name=f"{base}.pdf")
        pdf = folder / f"{base}.pdf"
        pdf.write_bytes(_STUB_PDF)  # the page links to its PDF next to it; the PDF stage is tested elsewhere
        tree = etree.parse(str(html), xmlio.safe_parser())
        for src in tree.xpath("//h:img/@src", namespaces={"h": "http://www.w3.org/1999/xhtml"}):
            _stand_in_image(folder / urllib.request.url2pathname(src))
        jats = xmlio.parse(source, with_dtd=False).getroot()
        section = "ABDOMINAL IMAGING" if ident == "profile" else "CORPUS ARTICLES"
        states.append(SimpleNamespace(entry=SimpleNamespace(id=ident, section=section, type="Original Article"),
                                      tree=jats, ok=True, outputs={"html": html, "pdf": pdf}))
    manifest = SimpleNamespace(volume=29, issue=4, year=2023, month="July", publication_date=date(2023, 7, 21),
                               first_page=563)
    build = SimpleNamespace(issue=SimpleNamespace(manifest=manifest), journal=journal, articles=states, out=root)
    page = toc._environment().get_template("toc.html.j2").render(toc=toc.contents(build), print=False)
    (root / "toc.html").write_text(page, encoding="utf-8")
    (root / "toc.css").write_bytes((toc.TEMPLATES / "toc.css").read_bytes())


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


@pytest.fixture(scope="module")
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


# ----- one visit per page: everything the tests below look at -----

@dataclass
class Visit:
    page: str
    url: str
    messages: list[Message] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    missing_targets: list[str] = field(default_factory=list)
    local_links: dict[str, int | str] = field(default_factory=dict)  # URL -> HTTP status (or the error)
    violations: list[dict] = field(default_factory=list)
    incomplete: list[dict] = field(default_factory=list)  # what axe-core could not decide: for a person to review
    screenshot: Path | None = None


# Every <img>, as the browser loaded it.
IMAGES_JS = """[...document.images].map(i => ({src: i.getAttribute('src'), url: i.currentSrc || i.src,
    complete: i.complete, naturalWidth: i.naturalWidth}))"""
# Links to a place on the page (href="#id") whose target element is not there.
MISSING_TARGETS_JS = """[...document.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute('href'))
    .filter(h => { let id; try { id = decodeURIComponent(h.slice(1)); } catch (e) { id = h.slice(1); }
                   return !id || !document.getElementById(id); })"""
# Links and resources on this site but not this page: other pages, PDFs, stylesheets, images.
LOCAL_URLS_JS = """[...new Set([...document.querySelectorAll('a[href], link[href]')].map(e => e.href)
    .concat([...document.images].map(i => i.src))
    .filter(u => new URL(u).origin === location.origin)
    .map(u => u.split('#')[0]).filter(u => u !== location.href.split('#')[0]))]"""
# axe-core's default rule set (WCAG 2.x A and AA, and best practices): violations, and what needs review.
AXE_JS = """axe.run(document).then(r => ({
    incomplete: r.incomplete.map(v => ({id: v.id, impact: v.impact, count: v.nodes.length,
        target: v.nodes.length ? v.nodes[0].target : ''})),
    violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary}))}))}))"""


@pytest.fixture(scope="module", params=PAGES)
def visit(request: pytest.FixtureRequest, site: Site, server: str, browser: Browser) -> Visit:
    page = request.param
    found = Visit(page, server + page)
    browser.navigate(found.url)
    found.images = browser.evaluate(IMAGES_JS)
    found.missing_targets = browser.evaluate(MISSING_TARGETS_JS)
    for url in browser.evaluate(LOCAL_URLS_JS):
        found.local_links[url] = _status(url)
    # The page's CSP (script-src 'none') forbids any script in the page; the debugger's Runtime.evaluate is not
    # subject to it, so axe-core is injected and run that way (test_csp_does_not_stop_the_debuggers_evaluation).
    browser.evaluate(AXE.read_text(encoding="utf-8"))
    scan = browser.evaluate(AXE_JS, await_promise=True)
    found.violations, found.incomplete = scan["violations"], scan["incomplete"]
    name = ("extra-" if page.startswith("extra/") else "") + ("toc" if page.endswith("toc.html")
                                                               else Path(page).parent.name)
    found.screenshot = browser.screenshot(site.screenshots / f"{name}.png")
    found.messages = list(browser.messages)  # read last: the scan and the screenshot must add no error either
    return found


def _status(url: str) -> int | str:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError as exc:
        return str(exc)


# ----- the tests -----

def test_no_console_errors_or_exceptions(visit: Visit) -> None:
    errors = [str(m) for m in visit.messages if m.is_error]
    assert not errors, f"{visit.page}: " + "\n".join(errors)


def test_every_image_loads(visit: Visit) -> None:
    broken = [i["src"] for i in visit.images if not i["complete"] or i["naturalWidth"] == 0]
    assert not broken, f"{visit.page}: images that did not load: {broken}"


def test_every_internal_link_has_its_target(visit: Visit) -> None:
    assert not visit.missing_targets, f"{visit.page}: links to ids not on the page: {visit.missing_targets}"


def test_every_relative_link_resolves(visit: Visit) -> None:
    assert visit.local_links, "a page links at least its stylesheet"
    broken = {url: status for url, status in visit.local_links.items() if status != 200}
    assert not broken, f"{visit.page}: {broken}"


def test_no_serious_or_critical_accessibility_violations(visit: Visit, capsys: pytest.CaptureFixture) -> None:
    with capsys.disabled():  # printed for people to read, also when the test passes
        print(f"\naxe-core {_axe_version()} on {visit.page}: {len(visit.violations)} violation(s)")
        for v in visit.violations:
            first = v["nodes"][0]["target"] if v["nodes"] else ""
            print(f"  {v['impact']:<8} {v['id']}: {v['help']} ({len(v['nodes'])} element(s); first: {first})")
        for v in visit.incomplete:
            print(f"  needs review: {v['impact']} {v['id']} ({v['count']} element(s); first: {v['target']})")
    serious = [f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
               for v in visit.violations if v["impact"] in SERIOUS]
    assert not serious, f"{visit.page}:\n" + "\n".join(serious)


def test_screenshot_is_saved(visit: Visit, capsys: pytest.CaptureFixture) -> None:
    assert visit.screenshot is not None
    with Image.open(visit.screenshot) as shot:
        width, height = shot.size
        colours = shot.convert("L").getextrema()
    with capsys.disabled():
        print(f"\nscreenshot of {visit.page}: {visit.screenshot} ({width}×{height})")
    assert width >= 1000 and height >= 600  # the whole page at the desktop width, not an empty capture
    assert colours[0] < colours[1], "the screenshot is a single colour"


def test_csp_does_not_stop_the_debuggers_evaluation(server: str, browser: Browser) -> None:
    """What the axe-core injection relies on: the article page's CSP forbids scripts, and the page's own inline
    script would be blocked (and reported), but Runtime.evaluate runs."""
    page = next(p for p in PAGES if p != "toc.html")
    browser.navigate(server + page)
    csp = browser.evaluate("document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content")
    assert "script-src 'none'" in csp
    assert browser.evaluate("6 * 7") == 42
    # A script element added to the page is the page's own script: the CSP blocks it and Chromium says so.
    browser.evaluate("{ const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
                     "  document.body.append(s); s.remove(); }")
    assert browser.evaluate("typeof window.ran") == "undefined"
    assert any("Content Security Policy" in m.text and m.is_error for m in browser.messages)


@functools.cache
def _axe_version() -> str:
    return json.loads((AXE.parent / "package.json").read_text(encoding="utf-8"))["version"]
