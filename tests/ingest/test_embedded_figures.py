"""Figures pasted into the Word file (issue 17): each picture with the legend it sits beside, taken as the figure's
image when no file is supplied for it, written into the article's build folder, its resolution judged by the
journal's rule; pictures that are no figure (a logo in a header, a picture in a line of text, one with no legend
beside it) are not taken. On generated Word files (python-docx) and on the real manuscripts that embed figures."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Inches
from PIL import Image

from pipeline.ingest import IngestResult
from pipeline.render.figures import materialize
from tests.conftest import need_corpus
from tests.ingest.converted import ingest, opening

COLOURS = ["red", "green", "blue", "yellow", "purple"]


def png(colour: str, width: int = 1200, height: int = 600) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def manuscript(tmp_path: Path, *body: tuple[str, object], header_logo: bool = False) -> Path:
    """A small manuscript; body items: ("text", paragraph), ("picture", colour or (colour, width px, inches)),
    ("pictures", [colour, ...]) for several pictures in one paragraph."""
    document = opening("Small things were imaged (Figures 1 and 2).")
    for kind, value in body:
        if kind == "text":
            document.add_paragraph(str(value))
        elif kind == "picture":
            colour, pixels, inches = value if isinstance(value, tuple) else (value, 1200, 3.0)
            document.add_picture(io.BytesIO(png(colour, pixels, pixels // 2)), width=Inches(inches))
        elif kind == "pictures":
            run = document.add_paragraph().add_run()
            for colour in value:
                run.add_picture(io.BytesIO(png(colour)), width=Inches(3))
        elif kind == "inline":
            paragraph = document.add_paragraph("The arrow ")
            paragraph.add_run().add_picture(io.BytesIO(png(str(value), 40, 20)), width=Inches(0.2))
            paragraph.add_run(" marks the lesion.")
    if header_logo:
        header = document.sections[0].header.paragraphs[0]
        header.add_run().add_picture(io.BytesIO(png("black", 200, 100)), width=Inches(1))
    document.add_paragraph("Discussion", style="Heading 1")
    document.add_paragraph("They were small.")
    path = tmp_path / "manuscript.docx"
    document.save(path)
    return path


def codes(result: IngestResult) -> list[str]:
    return [f.code for f in result.findings]


def colour_of(path: Path) -> tuple[int, ...]:
    with Image.open(path) as image:
        return image.convert("RGB").getpixel((0, 0))


RGB = {"red": (255, 0, 0), "green": (0, 128, 0), "blue": (0, 0, 255), "yellow": (255, 255, 0),
       "purple": (128, 0, 128)}


def test_a_picture_above_its_legend_is_the_figure(tmp_path: Path) -> None:
    path = manuscript(tmp_path, ("picture", "red"), ("text", "Figure 1. A red square of the study."),
                      ("text", "More text of the results."),
                      ("picture", "blue"), ("text", "Figure 2. A blue square of the study."))
    folder = tmp_path / "build" / "embedded"
    result = ingest(path, folder)
    assert "ingest.figure-no-file" not in codes(result)
    assert codes(result).count("ingest.figure-from-manuscript") == 2
    assert [g.get("{http://www.w3.org/1999/xlink}href") for g in result.article.iter("graphic")] == ["f1.png",
                                                                                                     "f2.png"]
    assert sorted(p.name for p in folder.iterdir()) == ["fig1.png", "fig2.png"]
    assert result.figures == {"f1.png": folder / "fig1.png", "f2.png": folder / "fig2.png"}
    # the bytes are the Word file's own, and each legend has its own picture
    with zipfile.ZipFile(path) as docx:
        media = {docx.read(n) for n in docx.namelist() if n.startswith("word/media/")}
    assert {p.read_bytes() for p in folder.iterdir()} == media
    assert colour_of(folder / "fig1.png") == RGB["red"] and colour_of(folder / "fig2.png") == RGB["blue"]
    # nothing is written outside the folder given, and the figure stage converts them as it converts supplied files
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "manuscript.docx"]
    out = tmp_path / "figures"
    out.mkdir()
    assert materialize(result.figures, out) == []
    assert colour_of(out / "f2.png") == RGB["blue"]


def test_a_legend_above_its_picture_is_paired_with_the_picture_below(tmp_path: Path) -> None:
    path = manuscript(tmp_path, ("text", "Figure 1. A red square of the study."), ("picture", "red"),
                      ("text", "Figure 2. A blue square of the study."), ("picture", "blue"))
    folder = tmp_path / "embedded"
    ingest(path, folder)
    assert colour_of(folder / "fig1.png") == RGB["red"] and colour_of(folder / "fig2.png") == RGB["blue"]


def test_a_bare_label_and_a_title_above_the_picture_as_apa_has_it(tmp_path: Path) -> None:
    """scz-fc__Supplementary_Material.docx: "Figure 5" / its title / the picture. The picture belongs to Figure 5,
    never to the legend before it; the bare label is not read as a legend (segment.py), so it is reported."""
    path = manuscript(tmp_path, ("text", "Figure 1. A red square of the study."), ("picture", "red"),
                      ("text", "Figure 2"), ("text", "A blue square seen from above"), ("picture", "blue"))
    folder = tmp_path / "embedded"
    result = ingest(path, folder)
    assert [p.name for p in folder.iterdir()] == ["fig1.png"] and colour_of(folder / "fig1.png") == RGB["red"]
    [left] = [f for f in result.findings if f.code == "ingest.embedded-image"]
    assert "not read as a figure legend" in left.message


def test_several_pictures_beside_one_legend_are_its_parts(tmp_path: Path) -> None:
    path = manuscript(tmp_path, ("picture", "red"), ("text", ""), ("picture", "green"),
                      ("text", "Figure 1. (a) A red square. (b) A green square."),
                      ("pictures", ["blue", "yellow", "blue"]), ("text", "Figure 2. Blue and yellow."))
    folder = tmp_path / "embedded"
    result = ingest(path, folder)
    [fig1, fig2] = result.article.iter("fig")
    assert [g.findtext("label") for g in fig1.iter("graphic")] == ["a", "b"]
    assert colour_of(folder / "fig1a.png") == RGB["red"] and colour_of(folder / "fig1b.png") == RGB["green"]
    # the same picture placed twice in one figure is taken once
    assert [g.get("{http://www.w3.org/1999/xlink}href") for g in fig2.iter("graphic")] == ["f2a.png", "f2b.png"]


def test_an_appendix_figure_has_its_own_picture_not_figure_1s(tmp_path: Path) -> None:
    """"Figure A1" is not "Figure 1" (labels.ObjectNumber): each legend takes the picture beside it."""
    path = manuscript(tmp_path, ("picture", "red"), ("text", "Figure 1. A red square of the study."),
                      ("picture", "blue"), ("text", "Figure 2. A blue square of the study."),
                      ("text", "Appendix"), ("picture", "green"),
                      ("text", "Figure A1. A green square of the appendix."))
    folder = tmp_path / "embedded"
    result = ingest(path, folder)
    assert "ingest.figure-no-file" not in codes(result) and "ingest.embedded-image" not in codes(result)
    assert result.figures == {"f1.png": folder / "fig1.png", "f2.png": folder / "fig2.png",
                              "fA1.png": folder / "figA1.png"}
    assert colour_of(folder / "fig1.png") == RGB["red"] and colour_of(folder / "figA1.png") == RGB["green"]


def test_a_supplied_file_wins_over_the_picture_in_the_manuscript(tmp_path: Path) -> None:
    path = manuscript(tmp_path, ("picture", "red"), ("text", "Figure 1. A red square of the study."),
                      ("picture", "blue"), ("text", "Figure 2. A blue square of the study."))
    supplied = tmp_path / "fig1.tif"
    Image.new("RGB", (2000, 1000), "green").save(supplied, "TIFF")
    folder = tmp_path / "embedded"
    result = ingest(path, folder, [supplied])
    assert result.figures == {"f1.png": supplied, "f2.png": folder / "fig2.png"}
    assert sorted(p.name for p in folder.iterdir()) == ["fig2.png"]  # only what a figure takes is written
    [preferred] = [f for f in result.findings if f.code == "ingest.figure-supplied-preferred"]
    assert "fig1.tif" in preferred.message and "Figure 1" in preferred.message
    assert [f.location for f in result.findings if f.code == "ingest.figure-from-manuscript"] == [
        "figure legends: Figure 2"]


def test_a_picture_below_the_journals_resolution_is_a_warning(tmp_path: Path) -> None:
    # 600 px over 4 inches is 150 pixels per inch; 1500 px over 3 inches is 500
    path = manuscript(tmp_path, ("picture", ("red", 600, 4.0)), ("text", "Figure 1. A red square of the study."),
                      ("picture", ("blue", 1500, 3.0)), ("text", "Figure 2. A blue square of the study."))
    result = ingest(path, tmp_path / "embedded")
    [low] = [f for f in result.findings if f.code == "ingest.figure-low-resolution"]
    assert "Figure 1" in low.message and "150 pixels per inch" in low.message and "300" in low.message
    assert low.severity.value == "warning"


def test_pictures_that_are_no_figure_are_not_taken(tmp_path: Path) -> None:
    path = manuscript(tmp_path, ("inline", "red"), ("text", "Results were small."), ("picture", "green"),
                      ("text", "Discussion of the green square follows."), ("picture", "blue"),
                      ("text", "Figure 1. A blue square of the study."), header_logo=True)
    folder = tmp_path / "embedded"
    result = ingest(path, folder)
    assert [p.name for p in folder.iterdir()] == ["fig1.png"]
    assert colour_of(folder / "fig1.png") == RGB["blue"]
    [left] = [f for f in result.findings if f.code == "ingest.embedded-image"]
    assert left.message.startswith("2 picture(s)")  # the inline arrow and the green square, not the header logo
    assert "inline in a line of text" in left.message and "no “Figure N” legend beside it" in left.message


def test_a_picture_the_pipeline_cannot_convert_leaves_the_legend_without_a_file(tmp_path: Path) -> None:
    path = manuscript(tmp_path, ("picture", "red"), ("text", "Figure 1. A red square of the study."))
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, b"\x01\x00\x00\x00 EMF" if name.startswith("word/media/") else data)
    folder = tmp_path / "embedded"
    result = ingest(broken, folder)
    [missing] = [f for f in result.findings if f.code == "ingest.figure-no-file"]
    assert "cannot convert" in missing.message and "TIFF or JPEG" in missing.message
    assert not folder.exists()


def test_a_picture_whose_part_name_is_percent_encoded_is_found(tmp_path: Path) -> None:
    """A relationship's target is a URI ("media/image%201.png" names the part "word/media/image 1.png", as some
    producers other than Word write it): the picture is read through the package's relationships (package.py)."""
    path = manuscript(tmp_path, ("picture", "red"), ("text", "Figure 1. A red square of the study."))
    renamed = tmp_path / "renamed.docx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(renamed, "w") as target:
        [media] = [n for n in source.namelist() if n.startswith("word/media/")]
        stem = media.removeprefix("word/media/")
        for name in source.namelist():
            data = source.read(name)
            if name == "word/_rels/document.xml.rels":
                data = data.replace(f"media/{stem}".encode(), f"media/pasted%20{stem}".encode())
            target.writestr(f"word/media/pasted {stem}" if name == media else name, data)
    folder = tmp_path / "embedded"
    result = ingest(renamed, folder)
    assert "ingest.figure-no-file" not in codes(result)
    assert colour_of(folder / "fig1.png") == RGB["red"]


def test_a_picture_is_placed_as_the_nothing_lost_check_numbers_paragraphs(tmp_path: Path) -> None:
    """Paragraphs in a content control (w:sdt: templates put title pages in them) count as paragraphs: the place
    a finding gives for a picture is the one the nothing-lost check gives for text (wordfile.paragraph_places)."""
    path = manuscript(tmp_path, ("picture", "red"))  # no legend beside it: paragraph 8 of the manuscript
    wrapped = tmp_path / "wrapped.docx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(wrapped, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":  # the title and the author line in one content control
                start = data.index(b"<w:p>")
                end = data.index(b"</w:p>", data.index(b"</w:p>", start) + 1) + len(b"</w:p>")
                data = data[:start] + b"<w:sdt><w:sdtContent>" + data[start:end] + b"</w:sdtContent></w:sdt>" + \
                    data[end:]
            target.writestr(name, data)
    result = ingest(wrapped, tmp_path / "embedded")
    [left] = [f for f in result.findings if f.code == "ingest.embedded-image"]
    assert "paragraph 8 (PNG" in left.message


def test_without_a_folder_nothing_is_written(tmp_path: Path) -> None:
    path = manuscript(tmp_path, ("picture", "red"), ("text", "Figure 1. A red square of the study."))
    result = ingest(path, None)
    assert "ingest.figure-from-manuscript" in codes(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manuscript.docx"]


def _as_vml(path: Path, tmp_path: Path, inside_object: bool) -> Path:
    """The manuscript with each DrawingML picture written as Word 2003 wrote pictures (VML, `v:imagedata` in a
    `w:pict`), or as an embedded object's preview (`w:object`: an equation from Equation Editor or MathType)."""
    from docx.oxml.ns import qn
    from lxml import etree

    document = Document(str(path))
    v, r = "urn:schemas-microsoft-com:vml", "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    for drawing in list(document.element.body.iter(qn("w:drawing"))):
        blip = next(drawing.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip"))
        holder = etree.Element(qn("w:object" if inside_object else "w:pict"))
        shape = etree.SubElement(holder, f"{{{v}}}shape", style="width:216pt;height:108pt")
        etree.SubElement(shape, f"{{{v}}}imagedata", {f"{{{r}}}id": blip.get(f"{{{r}}}embed")})
        drawing.addprevious(holder)
        drawing.getparent().remove(drawing)
    out = tmp_path / ("object.docx" if inside_object else "vml.docx")
    document.save(str(out))
    return out


def test_a_vml_picture_is_a_figure_and_an_equation_preview_is_not(tmp_path: Path) -> None:
    path = manuscript(tmp_path, ("picture", ("red", 1200, 3.0)), ("text", "Figure 1. A red square of the study."))
    folder = tmp_path / "embedded"
    result = ingest(_as_vml(path, tmp_path, inside_object=False), folder)
    assert "ingest.figure-from-manuscript" in codes(result) and colour_of(folder / "fig1.png") == RGB["red"]
    # 1200 px over 216 pt (3 inches): 400 pixels per inch, above the journal's 300
    assert "ingest.figure-low-resolution" not in codes(result)
    result = ingest(_as_vml(path, tmp_path, inside_object=True), tmp_path / "object")
    assert "ingest.figure-from-manuscript" not in codes(result) and "ingest.figure-no-file" in codes(result)
    assert not (tmp_path / "object").exists()


def test_a_picture_deleted_with_tracked_changes_is_not_taken(tmp_path: Path) -> None:
    from docx.oxml.ns import qn
    from lxml import etree

    path = manuscript(tmp_path, ("picture", "red"), ("picture", "blue"), ("text", "Figure 1. A blue square."))
    document = Document(str(path))
    first = next(document.element.body.iter(qn("w:drawing"))).getparent()  # the run of the red picture
    deleted = etree.Element(qn("w:del"), {qn("w:id"): "1", qn("w:author"): "A", qn("w:date"): "2024-01-01T00:00:00Z"})
    first.addprevious(deleted)
    deleted.append(first)
    document.save(str(path))
    folder = tmp_path / "embedded"
    result = ingest(path, folder)
    assert [p.name for p in folder.iterdir()] == ["fig1.png"] and colour_of(folder / "fig1.png") == RGB["blue"]
    assert "ingest.embedded-image" not in codes(result)


def test_a_picture_whose_alt_text_names_its_figure_goes_to_that_figure(tmp_path: Path) -> None:
    """water-cps__Main_document_R1.docx names its pictures "Fig 1", "Fig 2" …: a picture far from any legend (the
    legends listed at the end) still finds its figure; a picture beside its legend wins over one that names it."""
    document = Document()
    document.add_paragraph("Imaging of small things", style="Title")
    document.add_paragraph("Introduction", style="Heading 1")
    document.add_paragraph("Small things were imaged (Figures 1 and 2).")
    for colour, name in (("red", "Fig 2"), ("blue", "Fig 1")):
        document.add_picture(io.BytesIO(png(colour)), width=Inches(3))
        document.inline_shapes[-1]._inline.docPr.set("descr", name)
        document.add_paragraph("Results were small.")
    document.add_paragraph("Figure legends", style="Heading 1")
    document.add_picture(io.BytesIO(png("green")), width=Inches(3))
    document.add_paragraph("Figure 1. A green square.")
    document.add_paragraph("Figure 2. A red square.")
    path = tmp_path / "named.docx"
    document.save(str(path))
    folder = tmp_path / "embedded"
    result = ingest(path, folder)
    assert colour_of(folder / "fig1.png") == RGB["green"] and colour_of(folder / "fig2.png") == RGB["red"]
    [left] = [f for f in result.findings if f.code == "ingest.embedded-image"]
    assert left.message.startswith("1 picture(s)")  # the blue one, which names a figure that has its picture


# --- real manuscripts ---------------------------------------------------------------------------------------------

REAL = {  # manuscript -> (the figures taken from it, the figures whose picture is a Windows metafile)
    "caring-15min__Manuscript-oct7.docx": ([1, 2, 3, 4, 5, 6, 7, 8, 9], []),  # each in a one-cell table with its
    # legend; Figures 3 and 7 share a layout table with Tables 1 and 2 (tabletitle.py reads them after the table)
    "hrbc-chemoimmuno__Manuscript.docx": ([1, 2, 3, 4, 5, 6, 7, 8], []),
    "speranza-ST__SewageMarkers12.docx": ([2, 3, 4, 5, 6, 7], [1]),  # "Fig. 1." below each picture
    "water-cps__Main_document_R1.docx": ([1, 2, 3, 6, 7, 8], []),  # "Fig. 4 Temporal…" is not read as a legend
    "tilda-multisensory__Manuscript.docx": ([1, 2, 3], [5, 6]),  # Figure 2 typed twice, its picture placed four times
}


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(REAL))
def test_real_manuscripts_take_their_figures_from_the_file(tmp_path: Path, name: str) -> None:
    path = need_corpus() / "docx" / "real-manuscripts-2" / name
    result = ingest(path, tmp_path)
    taken, metafiles = REAL[name]
    found = [f.location for f in result.findings if f.code == "ingest.figure-from-manuscript"]
    assert found == [f"figure legends: Figure {n}" for n in taken]
    missing = [f for f in result.findings if f.code == "ingest.figure-no-file"]
    assert [f.location for f in missing] == [f"figure legends: legend of Figure {n}" for n in metafiles]
    assert all("is EMF, which the pipeline cannot convert" in f.message for f in missing)
    assert sorted(Path(name).stem for name in result.figures) == sorted(f"f{n}" for n in taken)
    assert all(source.is_file() and source.parent == tmp_path for source in result.figures.values())
