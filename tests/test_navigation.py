"""The article pages' links (pipeline/issue/navigation.py, pipeline/render/sitenav.py): each page links the issue's
contents and its neighbours in the issue's order, from a file of its own that changes only when its links do."""

from __future__ import annotations

from pathlib import Path

from pipeline import xmlio
from pipeline.config import load_issue
from pipeline.issue.navigation import write_navigation
from pipeline.issue.state import IssueBuild
from pipeline.render import sitenav
from tests.conftest import SAMPLE_ISSUE


def jats(title: str) -> bytes:
    return (f"<article><front><article-meta><title-group><article-title>{title}</article-title></title-group>"
            "</article-meta></front></article>").encode()


def built(tmp_path: Path, titles: dict[str, str]) -> IssueBuild:
    """The sample issue's build state with these articles paginated (id -> title); the others not built."""
    build = IssueBuild.begin(load_issue(SAMPLE_ISSUE), tmp_path)
    for state in build.articles:
        if state.entry.id in titles:
            state.files.folder.mkdir(parents=True, exist_ok=True)
            xmlio.write_bytes_atomic(state.files.jats, jats(titles[state.entry.id]))
            state.pages = (1, 2)
        else:
            state.failed = "render"
    return build


def test_each_page_links_the_contents_and_its_neighbours(tmp_path: Path) -> None:
    build = built(tmp_path, {"01-dogan": "First", "02-pope": "Second", "04-zhou": "Fourth"})
    write_navigation(build)
    files = {state.entry.id: state.files for state in build.articles}
    second = sitenav.read(files["02-pope"].links)
    assert second.contents == "../../toc.html"
    assert second.previous == sitenav.Link(f"../01-dogan/{files['01-dogan'].path('.html').name}", "First")
    assert second.next == sitenav.Link(f"../04-zhou/{files['04-zhou'].path('.html').name}", "Fourth")  # 03 failed
    assert sitenav.read(files["01-dogan"].links).previous is None
    assert sitenav.read(files["04-zhou"].links).next is None
    assert not files["03-oktay"].links.exists()
    assert sitenav.read(tmp_path / "none.json") == sitenav.NO_LINKS


def test_a_title_changed_rewrites_only_the_neighbours_links(tmp_path: Path) -> None:
    titles = {"01-dogan": "First", "02-pope": "Second", "03-oktay": "Third", "04-zhou": "Fourth"}
    build = built(tmp_path, titles)
    write_navigation(build)
    before = {state.entry.id: state.files.links.read_bytes() for state in build.articles if state.ok}
    xmlio.write_bytes_atomic(build.article("02-pope").files.jats, jats("Second, edited"))
    write_navigation(build)
    changed = {ident for ident, data in before.items() if build.article(ident).files.links.read_bytes() != data}
    assert changed == {"01-dogan", "03-oktay"}
