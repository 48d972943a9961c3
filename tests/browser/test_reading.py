"""Reading the sample issue's pages in a browser as a reader does, at a desktop's 1280 px and a phone's 390 px:
figure panels of one size with their letters, a panel that opens large and closes again with the keyboard, a wide
table that can be read to its last column, the contents and the previous and next article a link away, no
placeholder DOI that is a link, the same dates as the PDF, and no page that is wider than the screen.

Each test fails when the defect it names comes back (issue 11): 02-pope Figure 1d and 12-tsukahara Figure 1g
stretched to the column's width, 03-oktay Table 3 cut off at the text column, "Publication date: July 2023" on
the page where the PDF says 21.07.2023, an Epub date the PDF does not print, placeholder DOIs linked to doi.org.
Screenshots at both widths (and of an open figure) go to build/screenshots/ for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import time
import urllib.parse

import pytest

from pipeline import xmlio
from pipeline.config import load_issue
from tests.conftest import SAMPLE_ISSUE, sample_pages

from .cdp import Browser
from .conftest import MISSING, Site, page_paths, shot_name

pytestmark = pytest.mark.browser
if MISSING:
    pytest.skip(MISSING, allow_module_level=True)

WIDTHS = (1280, 390)
ISSUE = load_issue(SAMPLE_ISSUE)
ARTICLES = dict(zip([a.id for a in ISSUE.manifest.articles], sample_pages(), strict=True))  # id -> page
PLACEHOLDER_DOIS = [ISSUE.doi_of(a) for a in ISSUE.manifest.articles if a.placeholder_manuscript_number]
SHOWN = ("02-pope", "03-oktay", "12-tsukahara")  # the pages issue 11 names, screenshot at both widths


def _open(browser: Browser, server: str, page: str, width: int) -> None:
    browser.resize(width)
    browser.navigate(server + page)


def _eventually(browser: Browser, expression: str, seconds: float = 3.0) -> bool:
    """Whether `expression` becomes true within `seconds` (what the browser animates takes a moment)."""
    deadline = time.monotonic() + seconds
    while not (found := bool(browser.evaluate(expression))) and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


def _labels(site: Site, page: str) -> dict[str, list[str]]:
    """The letters of each figure's graphics as the article's JATS gives them (figure id -> letters)."""
    jats = next((site.root / page).parent.glob("*.xml"))
    root = xmlio.parse(jats).getroot()
    return {fig.get("id"): [(g.findtext("label") or "").strip() for g in fig.findall("graphic")]
            for fig in root.iter("fig") if len(fig.findall("graphic")) > 1}


# ----- figures -----

PANELS_JS = """[...document.querySelectorAll('figure .fig-panels')]
  .filter(g => g.querySelectorAll('.fig-open').length > 1)
  .map(g => ({figure: g.closest('figure').id, width: g.getBoundingClientRect().width,
    panels: [...g.querySelectorAll('.fig-open')].map(b => {
      const r = b.getBoundingClientRect(), img = b.querySelector('img').getBoundingClientRect();
      const label = b.querySelector('.panel-label'), l = label ? label.getBoundingClientRect() : null;
      return {w: r.width, h: r.height, letter: label ? label.textContent.trim() : '',
              letterShown: !!l && l.width > 0 && l.left >= r.left && l.right <= r.right && l.top >= r.top,
              imgInside: img.left >= r.left - 0.5 && img.right <= r.right + 0.5 && img.top >= r.top - 0.5
                         && img.bottom <= r.bottom + 0.5 && img.width > 0};
    })}))"""


@pytest.mark.parametrize("width", WIDTHS)
def test_figure_panels_are_one_size_and_lettered(site: Site, server: str, browser: Browser, width: int) -> None:
    seen = set()
    for ident, page in ARTICLES.items():
        _open(browser, server, page, width)
        labels = _labels(site, page)
        grids = browser.evaluate(PANELS_JS)
        assert {g["figure"] for g in grids} == set(labels), ident
        for grid in grids:
            where = f"{ident} {grid['figure']} at {width} px"
            sizes = {(round(p["w"]), round(p["h"])) for p in grid["panels"]}
            assert len(sizes) == 1, f"{where}: panels of different sizes {sizes}"  # the last is not stretched
            assert grid["panels"][0]["w"] < grid["width"] * 0.75, f"{where}: a panel as wide as the figure"
            assert [p["letter"] for p in grid["panels"]] == labels[grid["figure"]], where
            assert all(p["letterShown"] and p["imgInside"] for p in grid["panels"]), where
            seen.add((ident, grid["figure"]))
    assert {("02-pope", "f1"), ("12-tsukahara", "f1")} <= seen


DIALOG_JS = """(() => { const d = document.querySelector('dialog[open]'); if (!d) return null;
  const img = d.querySelector('img'), r = img.getBoundingClientRect();
  return {id: d.id, modal: d.matches(':modal'), focusInside: d.contains(document.activeElement),
          focused: document.activeElement.className, loaded: img.complete && img.naturalWidth > 0,
          inView: r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight
                  && r.width > 100}; })()"""


@pytest.mark.parametrize("width", WIDTHS)
def test_a_panel_opens_large_and_closes_with_the_keyboard(site: Site, server: str, browser: Browser,
                                                          width: int) -> None:
    _open(browser, server, ARTICLES["02-pope"], width)
    panel = "#f1 .fig-panel:nth-child(4) .fig-open"  # Figure 1d
    assert browser.accessible(panel) == {
        "role": "button", "name": "Enlarge: Figure 1 part d: Temporal progression of CALMCHeM in a 72-year-old "
                                  "male with rectal carcinoma and multiple liver metastases"}
    browser.evaluate(f"document.querySelector('{panel}').focus()")
    browser.press("Enter")
    assert _eventually(browser, "document.querySelector('dialog[open] img')?.naturalWidth > 0")  # loads as it opens
    opened = browser.evaluate(DIALOG_JS)
    assert opened == {"id": "f1-view-4", "modal": True, "focusInside": True, "focused": "lightbox-close",
                      "loaded": True, "inView": True}
    assert browser.accessible("dialog[open]") == {"role": "dialog", "name": "Figure 1d"}
    browser.screenshot(site.screenshots / f"02-pope-{width}-figure-1d-open.png", viewport=True)
    browser.press("Escape")
    assert browser.evaluate(DIALOG_JS) is None
    assert browser.evaluate(f"document.activeElement === document.querySelector('{panel}')")  # back where it was
    browser.press("Space")  # the panel again, then its Close button, focused as the dialog opens
    assert browser.evaluate(DIALOG_JS)["focused"] == "lightbox-close"
    browser.press("Enter")
    assert browser.evaluate(DIALOG_JS) is None
    assert browser.evaluate(f"document.activeElement === document.querySelector('{panel}')")
    assert not browser.errors()


# ----- tables -----

TABLE_JS = """((id) => { const region = document.getElementById(id).querySelector('.table-scroll');
  const text = document.querySelector('.article-body > p, .article-body section > p').getBoundingClientRect();
  const r = region.getBoundingClientRect(), hint = region.querySelector('.scroll-hint');
  const scrolls = region.scrollWidth > region.clientWidth + 1;
  const hintShown = !!hint && getComputedStyle(hint).display !== 'none' && hint.getBoundingClientRect().height > 0;
  region.scrollLeft = region.scrollWidth;
  const cells = [...region.querySelectorAll('th, td')].map(c => c.getBoundingClientRect());
  const out = {page: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth,
    left: r.left, right: r.right, textWidth: text.width, scrolls, hintShown,
    lastColumnInView: Math.max(...cells.map(c => c.right)) <= r.right + 1};
  region.scrollLeft = 0;
  return out; })"""


@pytest.mark.parametrize("width", WIDTHS)
def test_a_wide_table_can_be_read_to_its_last_column(site: Site, server: str, browser: Browser, width: int) -> None:
    _open(browser, server, ARTICLES["03-oktay"], width)
    # the browser tells the hint that its box scrolls a frame after layout (scroll-state queries): wait for it
    _eventually(browser, f"(f => f.scrolls === f.hintShown)({TABLE_JS}('t3'))")
    found = browser.evaluate(f"{TABLE_JS}('t3')")
    assert found["page"] <= found["viewport"], "the page itself scrolls sideways"
    assert found["left"] >= 0 and found["right"] <= found["viewport"], "the table's box runs off the screen"
    if width == 1280:  # the margins are used: wider than the text column
        assert found["right"] - found["left"] > found["textWidth"] + 200, found
    assert found["lastColumnInView"], "the last column cannot be scrolled into view"
    assert found["scrolls"] == found["hintShown"], "a table that scrolls says so, one that does not, does not"
    assert found["scrolls"]  # 13 columns do not fit even the desktop's width
    # the keyboard scrolls it: the region takes the focus, the arrow key moves the table
    browser.evaluate("document.querySelector('#t3 .table-scroll').focus()")
    browser.press("ArrowRight")
    assert _eventually(browser, "document.querySelector('#t3 .table-scroll').scrollLeft > 0")  # scrolls smoothly


@pytest.mark.parametrize("page", page_paths())
def test_no_page_is_wider_than_a_phone(site: Site, server: str, browser: Browser, page: str) -> None:
    _open(browser, server, page, 390)
    widths = browser.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{page} is {widths[0]} px wide at 390 px"


# ----- the issue around a page -----

NAV_JS = """({previous: document.querySelector('.issue-nav-top .nav-previous a')?.href ?? null,
  next: document.querySelector('.issue-nav-top .nav-next a')?.href ?? null,
  contents: document.querySelector('.issue-nav-top .nav-contents a')?.href ?? null,
  issue: document.querySelector('.site-header .issue-line a')?.href ?? null,
  ends: [...document.querySelectorAll('.issue-nav-end .nav-title')].map(t => [t.closest('a').href, t.textContent]),
  title: document.querySelector('h1').textContent.replace(/\\s+/g, ' ').trim()})"""


def test_previous_next_and_contents_links_walk_the_issue_in_order(server: str, browser: Browser) -> None:
    browser.resize(1280)
    browser.navigate(server + "toc.html")
    order = browser.evaluate("[...document.querySelectorAll('.entry-title a')].map(a => a.href)")
    assert order == [server + page for page in ARTICLES.values()]  # the contents page lists them in order
    titles = {}
    visits = {}
    for url in order:
        browser.navigate(url)
        visits[url] = browser.evaluate(NAV_JS)
        titles[url] = visits[url]["title"]
    for n, url in enumerate(order):
        found = visits[url]
        assert found["previous"] == (order[n - 1] if n else None), url
        assert found["next"] == (order[n + 1] if n + 1 < len(order) else None), url
        assert found["contents"] == found["issue"] == server + "toc.html", url
        # the end of the page names the neighbours by their titles
        assert found["ends"] == [[order[i], titles[order[i]]] for i in (n - 1, n + 1) if 0 <= i < len(order)], url


def test_no_placeholder_doi_is_a_link(server: str, browser: Browser) -> None:
    assert PLACEHOLDER_DOIS  # the sample issue has them: ten of its manuscript numbers are placeholders
    browser.resize(1280)
    for page in ["toc.html", *ARTICLES.values()]:
        browser.navigate(server + page)
        # links in the text and in the head (canonical, alternates): none to the DOI, none to a URL made from it
        hrefs = [urllib.parse.unquote(h).lower() for h in browser.evaluate(
            "[...document.querySelectorAll('a[href], link[href]')].map(a => a.href)")]
        shown = browser.evaluate("[...document.querySelectorAll('.doi-placeholder')].map(e => e.textContent)")
        linked = [h for h in hrefs for doi in PLACEHOLDER_DOIS if doi.split("/", 1)[1].lower() in h]
        assert not linked, f"{page} links placeholder DOIs: {linked}"
        expected = PLACEHOLDER_DOIS if page == "toc.html" else [
            doi for doi in PLACEHOLDER_DOIS if ISSUE.doi_of(_entry(page)) == doi]
        assert sorted(shown) == sorted(expected), page


def _entry(page: str):
    ident = next(i for i, p in ARTICLES.items() if p == page)
    return next(a for a in ISSUE.manifest.articles if a.id == ident)


# ----- the same dates as the PDF -----

DATES_JS = """Object.fromEntries([...document.querySelectorAll('.pub-dates > span')].map(s =>
  [s.className, [s.querySelector('time').getAttribute('datetime'), s.textContent.replace(/\\s+/g, ' ').trim()]]))"""


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_page_gives_the_dates_the_pdf_prints(site: Site, server: str, browser: Browser) -> None:
    browser.resize(1280)
    for ident, page in ARTICLES.items():
        pdf = (site.root / page).with_suffix(".pdf")
        # the front matter's dates: on the first page, or the second after a long author list (03-oktay)
        front = subprocess.run(["pdftotext", "-l", "2", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                               check=True).stdout.decode("utf-8")
        printed = {kind: dt.datetime.strptime(m.group(1), "%d.%m.%Y").date()
                   for kind, words in (("epub-date", "Epub:"), ("publication-date", "Publication date:"))
                   if (m := re.search(re.escape(words) + r"\s*(\d{2}\.\d{2}\.\d{4})", front))}
        assert "publication-date" in printed, ident
        browser.navigate(server + page)
        shown = browser.evaluate(DATES_JS)
        days = {kind: dt.date.fromisoformat(iso) if len(iso) == 10 else iso for kind, (iso, _) in shown.items()}
        assert days == printed, ident  # a date without its day ("2023-07") is not the PDF's 21.07.2023
        for iso, words in shown.values():  # what the reader sees is the date that machines read
            assert words.endswith(dt.date.fromisoformat(iso).strftime("%d %B %Y")), (ident, words)


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_of_the_pages_issue_11_names(site: Site, server: str, browser: Browser, width: int) -> None:
    for page in ["toc.html", *(ARTICLES[i] for i in SHOWN)]:
        _open(browser, server, page, width)
        shot = browser.screenshot(site.screenshots / f"{shot_name(page)}-{width}.png")
        assert shot.stat().st_size > 10_000
