"""The HTML pages in a real browser: headless Chromium (Debian's package) loads each article page and the table of
contents; no console error, no broken internal link or image, no serious or critical axe-core finding; a
screenshot of each page for a person to look at. The pages and the browser: conftest.py.
"""

from __future__ import annotations

import functools
import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PIL import Image

from .cdp import Browser, Message
from .conftest import AXE, MISSING, Site, page_paths, shot_name

pytestmark = pytest.mark.browser
if MISSING:
    pytest.skip(MISSING, allow_module_level=True)

SERIOUS = {"serious", "critical"}
PAGES = page_paths()


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
    found.screenshot = browser.screenshot(site.screenshots / f"{shot_name(page)}-1280.png")
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
