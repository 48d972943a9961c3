"""Blank page feet and top floats (pipeline/render/pdf_layout.py, pdf_floats.py), with the real WeasyPrint.

The measurement is tested on a plain document whose blank is known in millimetres. The placement pass is
tested on the profile fixture grown so that its wide Figure 1 (two tall parts) no longer fits on the first
page: before the pass the first page's foot is blank and the figure starts page 2; after it, the figure is a
top float of page 2 and the text runs on through page 1.
"""

from __future__ import annotations

import copy
import threading
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image, ImageDraw

from pipeline.render import pdf
from pipeline.render.pdf_boxes import root_element
from pipeline.render.pdf_floats import (
    _cut_figures,
    _first_boxes,
    appearance_order,
    in_order,
    parameter,
    place_top_floats,
    replay,
)
from pipeline.render.pdf_layout import GAP_SHARE, column_starter, gaps, page_spaces, report
from tests.render.test_pdf import ISSUE_DATE, JOURNAL, fragment, paragraph, profile

MM = 96 / 25.4  # CSS px a millimetre


def tall_figures(folder: Path, *names: str, size: tuple[int, int] = (360, 540)) -> Path:
    """Portrait JPEGs (2:3), so that a figure of two parts side by side is about 130 mm high."""
    folder.mkdir(parents=True, exist_ok=True)
    for index, name in enumerate(names):
        image = Image.new("RGB", size, (70 + 30 * index, 70, 90))
        ImageDraw.Draw(image).rectangle((60, 90, 300, 450), fill=(200, 200, 200))
        image.save(folder / name, quality=80)
    return folder


def figure_after_the_gap() -> etree._Element:
    """The profile fixture with a paragraph more before its tables, so that Figure 1 (wide: two parts) does not
    fit in what is left of page 1, and a longer Discussion to run on with."""
    root = profile()
    root.find("body/sec/sec/p").addnext(paragraph(0, 1))
    discussion = root.find("body/sec[@id='s2']")
    for i in range(6):
        discussion.append(paragraph(i + 3))
    return root


def narrow_figure_behind(root: etree._Element) -> etree._Element:
    """A small one-part (column-wide) Figure 2 right after Figure 1: floating Figure 1 would print Figure 2
    first, on page 1."""
    root.find(".//fig[@id='f1']").addnext(fragment(
        '<fig id="f2" position="float"><label>Figure 2</label><caption><p>A narrow figure.</p></caption>'
        '<graphic xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="small.jpg"/></fig>'))
    return root


def layout(root: etree._Element, folder: Path, top_floats: str = "", variant: str = "final"):
    html = pdf.print_html(root, JOURNAL, pdf.VARIANTS[variant], first_page=571, issue_date=ISSUE_DATE,
                          top_floats=top_floats)
    return html, pdf._layout(html, folder, JOURNAL)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tall_figures(tmp_path_factory.mktemp("layout") / "figures", "f1a.jpg", "f1b.jpg", "f2.jpg")
    return tall_figures(folder, "small.jpg", size=(480, 240))


@pytest.fixture(scope="module")
def floated(folder: Path) -> pdf.RenderedPdf:
    return pdf.render_pdf(figure_after_the_gap(), folder.parent / "floated.pdf", JOURNAL, "final",
                          figures_dir=folder, first_page=571, issue_date=ISSUE_DATE)


# ----- the measurement -----

def test_a_layouts_measures_are_worked_out_once_until_its_boxes_change() -> None:
    from weasyprint import HTML

    from pipeline.render.pdf_queries import remove_marks

    html = ('<html><head><style>@page { size: A4; margin: 20mm } .wide { height: 50mm }</style></head><body>'
            '<p>Text</p><figure class="fig wide"></figure></body></html>')
    document, other = HTML(string=html).render(), HTML(string=html).render()
    spaces = page_spaces(document)
    assert page_spaces(document) is spaces  # read again by the pass that judges the layout: not measured again
    assert page_spaces(other) is not spaces and page_spaces(other) == spaces  # each layout its own
    remove_marks(document)  # the proof's markers out (here none): its boxes may have changed, so measure afresh
    assert page_spaces(document) is not spaces and page_spaces(document) == spaces

def test_blank_foot_and_the_wide_item_after_it_are_measured_in_the_layout(tmp_path: Path) -> None:
    from weasyprint import HTML

    html = ('<html><head><style>@page { size: A4; margin: 20mm } body { margin: 0 } figure { margin: 0 }'
            '.block { height: 100mm; background: #ccc } .wide { height: 200mm; border: 1px solid black }'
            '.short { height: 40mm; border-bottom: 1px solid black }</style></head><body><div class="block"></div>'
            '<figure class="fig wide"></figure><div class="short"></div></body></html>')
    document = HTML(string=html).render()
    spaces = page_spaces(document)
    assert len(spaces) == 2
    first, second = spaces
    assert first.text_height == pytest.approx(257 * MM)
    assert first.blank == pytest.approx(157 * MM, abs=1)  # the 200 mm figure did not fit under the 100 mm block
    assert first.wide == ()
    (item,) = second.wide
    assert (item.number, item.kind, item.starts_page, item.first_fragment, item.top_float) == (1, "fig", True,
                                                                                                 True, False)
    assert item.band == pytest.approx(0, abs=0.5)
    assert second.content_bottom == pytest.approx(second.text_top + 240 * MM + 3, abs=0.5)  # borders: 3 px
    (gap,) = gaps(spaces)
    assert (gap.page, gap.item, gap.kind) == (1, 1, "fig")
    assert gap.share == pytest.approx(157 / 257, abs=0.01)
    assert gaps(spaces, share=0.7) == []
    assert "p1: blank 157.0 mm" in report(spaces)


def test_a_page_ends_where_its_shorter_column_does(tmp_path: Path) -> None:
    """A column block that ends with a paragraph too short to share between its columns (three lines, two at
    least on each side) leaves the right column blank from the block's top: the page's foot counts from there
    for the float pass (a gap if the next page starts with a wide item)."""
    from weasyprint import HTML

    from pipeline.render.pdf_columns import column_feet
    from pipeline.render.pdf_floats import _spaces

    html = ('<html><head><style>@page { size: A4; margin: 20mm } body { margin: 0 } '
            '.block { height: 100mm; background: #ccc } .columns { columns: 2; column-gap: 7mm; orphans: 2; '
            'widows: 2; font: 10pt/5mm sans-serif } p { margin: 0 }</style></head><body><div class="block"></div>'
            '<div class="columns"><p>' + "Three lines of words in a narrow column here. " * 2 + '</p></div>'
            '</body></html>')
    document = HTML(string=html).render()
    (space,) = page_spaces(document)
    assert space.content_bottom == pytest.approx(space.text_top + 115 * MM, abs=1)  # the block and three lines
    assert column_feet(document)[1] == pytest.approx(space.text_top + 100 * MM, abs=1)  # the right column's
    assert _spaces(document)[0].blank == pytest.approx(157 * MM, abs=1)


# ----- a wide figure that does not fit -----

def test_the_constructed_case_leaves_a_gap_without_the_placement_pass(folder: Path) -> None:
    _, document = layout(figure_after_the_gap(), folder)
    spaces = page_spaces(document)
    (gap,) = gaps(spaces)
    assert (gap.page, gap.item, gap.kind) == (1, 1, "fig")
    assert gap.share > max(GAP_SHARE, 0.2)  # a fifth of the page and more, whatever the first page holds
    assert spaces[1].wide[0].starts_page


def test_the_figure_moves_to_the_top_of_the_next_page_and_the_gap_closes(folder: Path,
                                                                         floated: pdf.RenderedPdf) -> None:
    assert floated.top_floats == "1:2"
    _, document = layout(figure_after_the_gap(), folder, floated.top_floats)
    assert len(document.pages) == floated.pages
    spaces = page_spaces(document)
    assert gaps(spaces) == []
    assert spaces[0].blank_share < GAP_SHARE
    assert [(item.number, item.top_float, item.starts_page) for item in spaces[1].wide] == [(1, True, True)]
    assert [space.page for space in spaces if space.wide] == [2]  # printed once
    # no text lost, figures and tables in order, page numbers right
    assert floated.findings == []
    assert in_order(document)
    assert floated.printed_numbers == list(range(571, 571 + floated.pages))
    _, before = layout(figure_after_the_gap(), folder)
    assert floated.pages <= len(before.pages)


def test_a_float_that_would_put_a_later_figure_first_is_not_made(folder: Path) -> None:
    root = narrow_figure_behind(figure_after_the_gap())
    made = pdf.render_pdf(root, folder.parent / "order.pdf", JOURNAL, "final", figures_dir=folder,
                          first_page=571, issue_date=ISSUE_DATE)
    _, document = layout(root, folder, made.top_floats)
    assert [element.get("id") for element in appearance_order(document, "fig")] == ["f1", "f2"]
    assert in_order(document)
    assert made.findings == []
    # floating Figure 1 would have printed Figure 2 first (on page 1, in the gap), so it stays where it was
    _, tried = layout(root, folder, parameter({1: 2}))
    assert [element.get("id") for element in appearance_order(tried, "fig")] == ["f2", "f1"]
    assert not in_order(tried)
    assert made.top_floats == ""


def test_the_proof_places_the_same_float_and_numbers_its_lines(folder: Path, floated: pdf.RenderedPdf) -> None:
    proof = pdf.render_pdf(figure_after_the_gap(), folder.parent / "floated-proof.pdf", JOURNAL, "proof",
                           figures_dir=folder, first_page=571, issue_date=ISSUE_DATE)
    assert proof.top_floats == floated.top_floats
    assert proof.article_pages == floated.pages
    assert proof.findings == []
    from pipeline.render.pdf_lines import page_lines

    _, document = layout(figure_after_the_gap(), folder, proof.top_floats, "proof")
    top = page_spaces(document)[1].wide[0].top
    # the caption of the floated figure is numbered too, in the left margin of page 2
    assert any(line.page == 2 and line.baseline < top + 160 * MM for line in page_lines(document))


def test_same_input_same_bytes_with_a_top_float(folder: Path, floated: pdf.RenderedPdf) -> None:
    again = pdf.render_pdf(figure_after_the_gap(), folder.parent / "floated-again.pdf", JOURNAL, "final",
                           figures_dir=folder, first_page=571, issue_date=ISSUE_DATE)
    assert again.top_floats == floated.top_floats
    assert again.path.read_bytes() == floated.path.read_bytes()



def test_decisions_made_before_are_replayed_where_they_hold(folder: Path, floated: pdf.RenderedPdf) -> None:
    """The second pagination pass lays out once with the counting layout's decisions, instead of
    running the pass again; decisions that no longer hold are not used."""
    root = figure_after_the_gap()
    tried: list[str] = []

    def lay_out(top_floats: str):
        tried.append(top_floats)
        return (*layout(root, folder, top_floats), None)

    placed = replay(lay_out, floated.top_floats)
    assert placed is not None and tried == ["1:2"] and parameter(placed.floats, placed.deferred) == "1:2"
    assert replay(lay_out, "1:3") is None  # page 3 does not exist: Figure 1 would never print
    assert replay(lay_out, "f1+1") is not None  # a move that holds (Figure 1 after the next block) is kept
    again = pdf.render_pdf(root, folder.parent / "replayed.pdf", JOURNAL, "final", figures_dir=folder,
                           first_page=571, issue_date=ISSUE_DATE, placement="1:3")
    assert again.top_floats == floated.top_floats  # the pass ran afresh and decided as before

def test_top_floats_parameter_is_ordered_and_ignores_what_it_cannot_read(folder: Path) -> None:
    assert parameter({3: 7, 1: 2}) == "1:2 3:7"
    assert parameter({1: 2}, {"f3": 2, "f1": 1}) == "1:2 f1+1 f3+2"
    html, _ = layout(figure_after_the_gap(), folder, "x 1:2 2 :3")
    text = html.decode()
    assert "@page :nth(2) { @note-area { content: element(top-float-1); } }" in text
    assert 'style="position: running(top-float-1)"' in text
    assert text.count("position: running(") == 1



def test_a_wide_figure_right_below_a_top_float_starts_the_flow_of_its_page(folder: Path) -> None:
    """Two wide figures in a row: once the first is a top float of page 2, the second stands where the text
    should run on; the measure must see it as the page's starter, or the blank foot of page 1 goes unnoticed."""
    root = figure_after_the_gap()
    root.find(".//fig[@id='f1']").addnext(fragment(
        '<fig id="f2" position="float"><label>Figure 2</label><caption><p>A second wide figure.</p></caption>'
        '<graphic xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="f1a.jpg"/>'
        '<graphic xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="f1b.jpg"/></fig>'))
    _, document = layout(root, folder, parameter({1: 2}))
    spaces = page_spaces(document)
    first, second = spaces[1].wide[:2]
    assert (first.number, first.top_float, first.starts_page) == (1, True, True)
    assert (second.number, second.top_float, second.starts_page, second.starts_flow) == (2, False, False, True)
    (gap,) = gaps(spaces)
    assert (gap.page, gap.item) == (1, 2)
    # and the pass never leaves a figure cut in two, nor a gap it could have closed without doing so
    made = pdf.render_pdf(root, folder.parent / "two-wide.pdf", JOURNAL, "final", figures_dir=folder,
                          first_page=571, issue_date=ISSUE_DATE)
    _, placed = layout(root, folder, made.top_floats)
    pages_of = {}
    for space in page_spaces(placed):
        for item in space.wide:
            pages_of.setdefault(item.number, []).append(space.page)
    assert all(len(pages) == 1 for pages in pages_of.values()), pages_of
    assert in_order(placed) and made.findings == []



def test_a_wide_figure_cut_below_a_top_float_is_seen_and_floated_too(folder: Path) -> None:
    """WeasyPrint takes a page for empty below its note area and cuts a wide figure that comes first there
    (08-maruyama of the sample issue): the pass sees the cut and tries that figure at the top of the page it
    runs onto as well, and keeps nothing that leaves a figure cut or unprinted."""
    root = figure_after_the_gap()
    root.find(".//fig[@id='f1']").addnext(fragment(
        '<fig id="f2" position="float"><label>Figure 2</label><caption><p>A second wide figure.</p></caption>'
        '<graphic xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="f1a.jpg"/>'
        '<graphic xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="f1b.jpg"/></fig>'))
    _, before = layout(root, folder)
    _, after = layout(root, folder, "1:2")
    assert _cut_figures(before, after) == {2: 3}
    tried: list[str] = []

    def lay_out(top_floats: str):
        tried.append(top_floats)
        return (*layout(root, folder, top_floats), None)

    placed = place_top_floats(lay_out, "queries")
    assert tried[:3] == ["", "1:2", "1:2 2:3"]
    assert not _cut_figures(before, placed.document)
    for space in page_spaces(placed.document):  # every float printed, once, at the top of its page
        assert all(item.starts_page for item in space.wide if item.top_float)
    printed = sorted(item.number for space in page_spaces(placed.document) for item in space.wide)
    assert printed == [1, 2]

def test_a_wide_figure_that_takes_the_gap_over_floats_with_the_one_before_it(folder: Path) -> None:
    """Two wide figures with one line of text between them (08-maruyama of the sample issue, Figures 4 and 5):
    floated alone, Figure 1 leaves page 1's foot nearly as blank (the line runs on, then Figure 2 does not fit
    either) and would be refused; the pass floats Figure 2 to the same page's top in the same trial."""
    root = figure_after_the_gap()
    f1 = root.find(".//fig[@id='f1']")
    f1.addnext(paragraph(40, 1))
    f1.getnext().addnext(fragment(
        '<fig id="f2" position="float"><label>Figure 2</label><caption><p>A second wide figure.</p></caption>'
        + '<graphic xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="f2.jpg"/>' * 3 + '</fig>'))
    tried: list[str] = []

    def lay_out(top_floats: str):
        tried.append(top_floats)
        return (*layout(root, folder, top_floats), None)

    placed = place_top_floats(lay_out, "queries")
    assert tried == ["", "1:2", "1:2 2:2"]
    _, alone = layout(root, folder, "1:2")
    (gap,) = gaps(page_spaces(alone))
    assert (gap.page, gap.item) == (1, 2)  # Figure 2 took Figure 1's place and left the gap
    assert placed.floats == {1: 2, 2: 2}
    assert gaps(page_spaces(placed.document)) == []
    assert page_spaces(placed.document)[0].blank_share < GAP_SHARE
    assert in_order(placed.document)


# ----- a column-wide figure that does not fit -----

def narrow_figure_after_wide(folder: Path) -> etree._Element:
    """The profile fixture with a low wide Figure 1 (two landscape parts), then a tall column-wide Figure 2 and a
    long paragraph: Figure 2 opens the columns below Figure 1 and does not fit in what is left of page 1."""
    tall_figures(folder, "landscape.jpg", size=(720, 240))
    root = profile()
    f1 = root.find(".//fig[@id='f1']")
    for graphic in f1.findall("graphic"):
        f1.remove(graphic)
    for _ in range(2):
        f1.append(fragment('<graphic xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="landscape.jpg"/>'))
    f1.addnext(fragment(
        '<fig id="f2" position="float"><label>Figure 2</label><caption><p>A tall narrow figure.</p></caption>'
        '<graphic xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="f2.jpg"/></fig>'))
    root.find(".//fig[@id='f2']").addnext(paragraph(20))
    discussion = root.find("body/sec[@id='s2']")
    for i in range(6):
        discussion.append(paragraph(i + 3))
    return root


def test_a_column_wide_figure_too_tall_for_the_page_foot_moves_after_the_next_paragraph(folder: Path) -> None:
    root = narrow_figure_after_wide(folder)
    _, before = layout(root, folder)
    spaces = page_spaces(before)
    assert spaces[0].blank_share > GAP_SHARE and gaps(spaces) == []  # no wide item to blame
    assert column_starter(before, 2).get("id") == "f2"

    made = pdf.render_pdf(root, folder.parent / "deferred.pdf", JOURNAL, "final", figures_dir=folder,
                          first_page=571, issue_date=ISSUE_DATE)
    assert made.top_floats == "f2+1" and made.findings == []
    html, after = layout(root, folder, made.top_floats)
    assert page_spaces(after)[0].blank_share < GAP_SHARE  # the paragraph runs on through the foot of page 1
    assert len(after.pages) <= len(before.pages) and in_order(after)
    # in the print HTML the figure stands after the paragraph that followed it
    tree = etree.fromstring(html, etree.HTMLParser())
    (figure,) = tree.xpath("//figure[@id='f2']")
    assert figure.getprevious().tag == "p" and "".join(figure.getprevious().itertext()).strip()
    assert made.printed_numbers == list(range(571, 571 + made.pages))


def test_a_figure_is_moved_only_past_headings_and_one_paragraph(folder: Path) -> None:
    root = narrow_figure_after_wide(folder)
    root.find(".//fig[@id='f2']").addnext(fragment(
        '<table-wrap id="t9" position="float"><label>Table 9</label><caption><title>In the way.</title></caption>'
        '<table><tbody><tr><td>1</td></tr></tbody></table></table-wrap>'))
    _, before = layout(root, folder)
    assert page_spaces(before)[0].blank_share > GAP_SHARE and column_starter(before, 2).get("id") == "f2"
    made = pdf.render_pdf(root, folder.parent / "not-deferred.pdf", JOURNAL, "final", figures_dir=folder,
                          first_page=571, issue_date=ISSUE_DATE)
    assert "f2+" not in made.top_floats  # a table follows the figure: moving it would change what comes first

# ----- figures of many parts -----

def test_a_figure_of_six_parts_prints_three_a_row_on_one_page(folder: Path) -> None:
    names = [f"p{i}.jpg" for i in range(6)]
    tall_figures(folder, *names)
    root = profile()
    fig = root.find(".//fig[@id='f1']")
    for graphic in fig.findall("graphic"):
        fig.remove(graphic)
    for name in names:
        fig.append(fragment(f'<graphic xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="{name}"/>'))
    html, document = layout(root, folder)
    assert b"parts-many" in html
    pages = [space.page for space in page_spaces(document) for item in space.wide if item.number == 1]
    assert len(pages) == 1  # two a row (three rows of parts 2:3) would be taller than a page


# ----- the last page's balance -----

def test_a_column_start_in_the_placement_starts_the_right_column(folder: Path) -> None:
    """"ID^" in the placement (pdf_floats._balance_last_page's decision) starts a column at that block, however
    deep it stands (a reference of the list), and the parameter reads back what it wrote."""
    from pipeline.render.pdf_floats import _parse

    root = profile()
    ref_list = root.find("back/ref-list")
    for number in range(3, 13):
        reference = copy.deepcopy(ref_list.find("ref[@id='ref2']"))
        reference.set("id", f"ref{number}")
        ref_list.append(reference)
    assert _parse(parameter({}, {}, ("ref9",))) == ({}, {}, ("ref9",))
    for start in ("ref5", "ref9"):
        html, document = layout(root, folder, parameter({}, {}, (start,)))
        assert f'id="{start}"'.encode() in html
        page_box = document.pages[-1]._page_box
        middle = page_box.content_box_x() + page_box.width / 2
        boxes = _first_boxes(document)
        element = next(e for e in root_element(document).iter() if e.get("id") == start)
        _page, box = boxes[id(element)]
        previous = next(e for e in root_element(document).iter() if e.get("id") == f"ref{int(start[3:]) - 1}")
        assert box.position_x > middle  # in the right column
        assert boxes[id(previous)][1].position_x < middle  # the reference before it ends the left one


# ----- what layouts in one process share -----

def _image_shapes(document) -> list[str]:
    from weasyprint.formatting_structure import boxes

    return ["portrait" if box.height > box.width else "landscape" for page in document.pages
            for box in page._page_box.descendants() if isinstance(box, boxes.ReplacedBox)]


def test_layouts_share_the_parsed_stylesheets_but_each_prints_its_own_figures(tmp_path: Path) -> None:
    """The stylesheets and fonts are parsed once in a thread (pdf._stylesheets) and every layout it makes uses them;
    another thread has its own (Pango's font maps are not shared between threads); the figures are fetched for each
    article from its own folder: two articles whose figure files have the same names print each their own."""
    names = ("f1a.jpg", "f1b.jpg")
    portrait = tall_figures(tmp_path / "a", *names)
    landscape = tall_figures(tmp_path / "b", *names, size=(540, 360))
    root = profile()
    _html, first = layout(root, portrait)
    _html, second = layout(root, landscape)
    shared = pdf._sources(b"<p></p>", portrait, JOURNAL)[2]
    assert shared is pdf._sources(b"<p></p>", landscape, JOURNAL)[2]
    elsewhere = []
    thread = threading.Thread(target=lambda: elsewhere.append(pdf._sources(b"<p></p>", portrait, JOURNAL)[2]))
    thread.start()
    thread.join()
    assert elsewhere and elsewhere[0] is not shared
    assert _image_shapes(first) == ["portrait", "portrait"]
    assert _image_shapes(second) == ["landscape", "landscape"]
