"""Reading a returned proof: the real proof of 02-pope from the sample build, annotated by tests/proof/readers.py
as Acrobat Reader, Preview, Okular, Evince, Firefox (pdf.js) and PDF-XChange write marks, with its queries
answered in form fields. What each mark covers was found on the page by pdfplumber's search; the tests check
the reader against that, against the article's JATS, and against the PDF's own annotation count."""

from __future__ import annotations

import collections
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
import yaml

from pipeline import xmlio
from pipeline.diagnostics import PipelineError
from pipeline.proof.annotations import Limits, Mark, ReturnedProof, read_returned_proof
from pipeline.proof.corrections import document
from tests.proof.returned_proof import Expected, Returned, words


@pytest.fixture(scope="module")
def proof(returned: Returned) -> ReturnedProof:
    return read_returned_proof(returned.path)


def matching(proof: ReturnedProof, expected: Expected) -> list[Mark]:
    return [m for m in proof.marks if m.page == expected.page and m.kind == expected.kind
            and (expected.text is None or m.marked_text == expected.text)
            and (expected.comment is None or m.comment.text == expected.comment)]


def the_mark(proof: ReturnedProof, expected: Expected) -> Mark:
    found = matching(proof, expected)
    assert len(found) == 1, f"{expected}: {len(found)} marks match"
    return found[0]


def article_text(sample_build) -> str:
    state = next(s for s in sample_build.articles if s.entry.id == "02-pope")
    return words(xmlio.text_of(xmlio.parse(state.outputs["jats"]).getroot()))


def test_every_mark_is_read_once_with_its_kind_page_text_and_comment(proof: ReturnedProof,
                                                                     returned: Returned) -> None:
    problems = [f"{e.reader} {e.kind} on page {e.page} ({e.text or e.comment!r}): {len(matching(proof, e))} marks"
                for e in returned.expected if len(matching(proof, e)) != 1]
    assert not problems, "\n".join(problems)
    matched = {id(the_mark(proof, e)) for e in returned.expected}
    extra = [m for m in proof.marks if id(m) not in matched]
    assert not extra, f"marks the test did not make: {extra}"
    readers = collections.defaultdict(set)
    for e in returned.expected:
        readers[e.kind].add(e.reader)
    # at least two readers' forms of each kind that more than one reader writes
    for kind in ("highlight", "underline", "squiggly", "replace", "note", "free-text", "ink"):
        assert len(readers[kind]) >= 2, kind


def test_nothing_is_dropped_every_annotation_of_the_pdf_is_a_mark_part_of_one_or_not_a_mark(
        proof: ReturnedProof, returned: Returned) -> None:
    subtypes: collections.Counter[str] = collections.Counter()
    with pikepdf.open(returned.path) as pdf:
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                subtypes[str(annot.get("/Subtype"))] += 1
    c = proof.counts
    assert c.annotations == sum(subtypes.values())
    assert (c.popups, c.form_widgets, c.links) == (subtypes["/Popup"], subtypes["/Widget"], subtypes["/Link"])
    assert c.marks + c.grouped + c.replies == sum(subtypes.values()) - c.popups - c.form_widgets - c.links
    assert c.marks == len(proof.marks) == len(returned.expected)
    assert c.grouped == 2  # the second halves of Acrobat's and PDF-XChange's replace pairs
    assert c.replies == sum(len(m.replies) for m in proof.marks) == 4
    assert c.balanced()


def test_replies_stay_with_their_parent_and_a_reply_to_a_reply_says_which(proof: ReturnedProof,
                                                                         returned: Returned) -> None:
    mark = the_mark(proof, returned.expected[0])
    assert [r.comment.text for r in mark.replies] == returned.expected[0].replies
    first, second, state = mark.replies
    assert first.in_reply_to == mark.refs[0] and second.in_reply_to == first.ref
    assert first.comment.author == "Production Editor" and second.comment.author == "Matthew C. Pope"
    assert state.state == "Accepted" and state.in_reply_to == mark.refs[0]
    assert mark.comment.author == "Matthew C. Pope" and mark.comment.subject == "Highlight"
    assert mark.comment.created == "2024-05-02T10:11:12+02:00" and mark.colour == "#ffd100"


def test_replace_pairs_in_each_readers_form(proof: ReturnedProof, returned: Returned) -> None:
    replaces = {e.reader + ":" + (e.text or ""): the_mark(proof, e) for e in returned.expected if e.kind == "replace"}
    assert {k: (m.edit.action, m.edit.text, m.edit.source, m.edit.certain) for k, m in replaces.items()} == {
        "acrobat:Subsequently": ("replace", "Later", "caret", True),
        "pdf-xchange:pathologic processes": ("replace", "pathological processes", "caret", True),
        "acrobat:typically found": ("replace", "usually found", "reply", False),
        "preview:fine, diffuse nodularity": ("replace", "fine diffuse nodularity", "comment", False),
        "okular:sarcoidosis": ("replace", "sarkoidosis", "comment", False),
    }
    acrobat = replaces["acrobat:Subsequently"]
    assert acrobat.subtypes == ("Caret", "StrikeOut") and len(acrobat.refs) == 2 and acrobat.intent == "Replace"
    assert acrobat.place is not None and acrobat.place.before.endswith("Subsequently")
    assert replaces["pdf-xchange:pathologic processes"].subtypes == ("StrikeOut", "Caret")


def test_a_strike_out_deletes_and_a_caret_inserts_at_its_point(proof: ReturnedProof, returned: Returned) -> None:
    strike = next(the_mark(proof, e) for e in returned.expected if e.kind == "strike-out")
    assert (strike.marked_text, strike.edit.action, strike.edit.certain) == ("multisite", "delete", True)
    insert, paragraph = (the_mark(proof, e) for e in returned.expected if e.kind == "insert")
    last_word, next_word = returned.insert
    assert insert.edit.text == " and sample size"  # the leading space is part of what is inserted
    assert insert.place.before.endswith(last_word) and insert.place.after.startswith(next_word)
    assert insert.unplaced is None and insert.marked_text is None
    assert paragraph.edit.paragraph and paragraph.edit.text is None and paragraph.edit.certain
    assert paragraph.place.before.endswith("sequentially.")


def test_text_over_a_line_end_reads_as_the_article_says_it(proof: ReturnedProof, returned: Returned,
                                                           sample_build) -> None:
    text = article_text(sample_build)
    hyphenated = the_mark(proof, returned.hyphenated)
    assert len(hyphenated.found.lines) == 2 and hyphenated.found.lines[0].endswith("\u2010")
    assert "\u2010" not in hyphenated.marked_text and hyphenated.marked_text in text
    two_lines = the_mark(proof, returned.two_lines)
    assert len(two_lines.found.lines) == 2 and len(two_lines.quads) == 2
    assert two_lines.marked_text == returned.two_lines.text and two_lines.marked_text in text
    for mark in proof.marks:
        if mark.marked_text and mark.kind in ("highlight", "underline", "squiggly", "strike-out", "replace"):
            assert words(mark.marked_text) in text, mark


def test_a_mark_over_no_text_is_kept_with_its_page_and_comment_as_unplaced(proof: ReturnedProof,
                                                                            returned: Returned) -> None:
    expected = next(e for e in returned.expected if e.unplaced)
    mark = the_mark(proof, expected)
    assert mark.unplaced == "no text under the highlight on page 1"
    assert mark.marked_text is None and mark.rect.as_list() == [199.0, 11.0, 301.0, 21.0]
    assert [m for m in proof.marks if m.unplaced] == [mark]


def test_rich_text_is_read_when_contents_is_missing_and_kept_when_it_differs(proof: ReturnedProof,
                                                                             returned: Returned) -> None:
    rich_only = next(the_mark(proof, e) for e in returned.expected if e.comment and e.comment.startswith("Rich"))
    assert rich_only.comment.text == "Rich text only\nsecond line" and rich_only.comment.rich_text is None
    note = next(the_mark(proof, e) for e in returned.expected if e.comment and e.comment.startswith("Main points"))
    assert note.comment.rich_text == "Main points: please shorten to three?"
    same = the_mark(proof, returned.expected[0])
    assert same.comment.rich_text is None  # /RC says what /Contents says


def test_notes_and_callouts_point_at_the_text_beside_them(proof: ReturnedProof, returned: Returned) -> None:
    notes = {e.comment: the_mark(proof, e) for e in returned.expected if e.kind in ("note", "free-text")}
    assert notes["Main points: shorten to three?"].place.before.endswith("Main points")
    assert notes["Doğan: başlık doğru mu?"].comment.author == "Matthew C. Pope (Okular)"  # UTF-16BE
    assert notes["Doğan: başlık doğru mu?"].place.before.endswith("findings")
    assert notes["Callout: caudate lobe hypertrophy?"].place.after.startswith("caudate lobe")
    assert notes["Firefox: add “a” before review"].comment.author is None
    assert notes["Okular typewriter: ok"].intent == "FreeTextTypeWriter"


def test_the_answers_are_read_by_field_name_with_their_query(proof: ReturnedProof, returned: Returned) -> None:
    assert {a.field: a.value for a in proof.answers} == returned.answers
    assert [(a.field, a.query) for a in proof.answers][:4] == [("AQ1", 1), ("AQ2", 2), ("AQ3", 3), ("AQ4", 4)]
    assert {a.page for a in proof.answers} == {proof.pages}
    assert all(a.rect is not None for a in proof.answers)
    assert {a.field: a.kind for a in proof.answers}["checklist.names"] == "checkbox"


def test_each_marked_text_is_the_characters_at_its_recorded_positions(proof: ReturnedProof,
                                                                     returned: Returned) -> None:
    with pdfplumber.open(returned.path) as pdf:
        for mark in proof.marks:
            if not mark.found:
                continue
            chars = pdf.pages[mark.page - 1].chars
            printed = "".join(chars[i]["text"] for s in mark.found.spans for i in range(s.start, s.end))
            assert "".join(printed.replace("\u2010", "").split()) == "".join(mark.marked_text.split()), mark


@pytest.mark.parametrize("change", ["rotated", "shifted", "rotated and shifted"])
def test_a_page_turned_or_moved_by_a_reader_reads_the_same(proof: ReturnedProof, returned: Returned,
                                                           tmp_path: Path, change: str) -> None:
    """Annotations are in the page's user space whatever its /Rotate or /MediaBox origin."""
    with pikepdf.open(returned.path) as pdf:
        for page in pdf.pages:
            if "rotated" in change:
                page.obj.Rotate = 90
            if "shifted" in change:
                x0, y0, x1, y1 = (float(v) for v in page.obj.MediaBox)
                page.obj.MediaBox = pikepdf.Array([x0 - 30, y0 - 20, x1 + 30, y1 + 20])
        pdf.save(tmp_path / "changed.pdf")
    changed = read_returned_proof(tmp_path / "changed.pdf")
    assert [(m.kind, m.marked_text, m.place) for m in changed.marks] == \
        [(m.kind, m.marked_text, m.place) for m in proof.marks]


def test_the_same_pdf_gives_the_same_records(proof: ReturnedProof, returned: Returned) -> None:
    again = read_returned_proof(returned.path)
    assert yaml.safe_dump(document(again, "02-pope")) == yaml.safe_dump(document(proof, "02-pope"))


# --- what cannot be read ------------------------------------------------------------------------------------------


def unreadable(path: Path, limits: Limits | None = None) -> str:
    with pytest.raises(PipelineError) as caught:
        read_returned_proof(path, limits or Limits())
    finding = caught.value.finding
    assert finding.code == "proof.unreadable" and finding.file == str(path)
    return finding.message


def test_what_is_not_a_readable_pdf_is_named_in_plain_words(tmp_path: Path, returned: Returned) -> None:
    assert unreadable(tmp_path / "missing.pdf") == "the file does not exist"
    docx = tmp_path / "proof.docx"
    docx.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    assert "this file is a Word file, not a PDF" in unreadable(docx)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\nnothing else")
    assert unreadable(broken).startswith("this is not a PDF that can be read")
    locked = tmp_path / "locked.pdf"
    with pikepdf.open(returned.path) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(user="secret", owner="secret"))
    assert "locked with a password" in unreadable(locked)


def test_a_file_past_the_limits_is_refused_before_it_is_read(returned: Returned) -> None:
    assert "more than the 98 KB a returned proof may be" in unreadable(returned.path, Limits(max_bytes=100_000))
    assert "more than the 5 a returned proof may have" in unreadable(returned.path, Limits(max_pages=5))
    assert "more than 50 annotations" in unreadable(returned.path, Limits(max_annotations=50))
