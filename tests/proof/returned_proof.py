"""A returned proof of 02-pope: the real proof of the sample issue, annotated here as authors' readers do it (fixtures
used through tests/proof/conftest.py)."""

from __future__ import annotations

import itertools
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.proof import readers as r

ARTICLE = "02-pope"


@dataclass
class Expected:
    """What the reader should find for one mark the test wrote."""

    reader: str
    kind: str
    page: int
    text: str | None = None  # the marked text
    comment: str | None = None
    new_text: str | None = None
    replies: list[str] = field(default_factory=list)
    unplaced: bool = False


@dataclass
class Returned:
    sent: Path  # the proof as the build made it
    path: Path  # the proof as the author sends it back
    expected: list[Expected]
    answers: dict[str, str | None]  # field name -> value typed
    hyphenated: Expected  # a highlight over a word hyphenated at a line end
    two_lines: Expected  # a highlight over words on two lines
    insert: tuple[str, str]  # the caret's insertion: the target's last word, and the word after it


@pytest.fixture(scope="session")
def pope_proof(sample_build) -> Path:
    state = next(s for s in sample_build.articles if s.entry.id == ARTICLE)
    return state.outputs["proof"]


@pytest.fixture(scope="session")
def returned(pope_proof: Path, tmp_path_factory: pytest.TempPathFactory) -> Returned:
    folder = tmp_path_factory.mktemp("returned")
    sent = shutil.copy(pope_proof, folder / "sent.proof.pdf")
    return annotate(Path(sent), folder / "returned.pdf")


def _line_end_targets(a: r.Annotator) -> tuple[r.Target, r.Target]:
    """Two targets found on the page itself: a word hyphenated at a line end (WeasyPrint's U+2010), and the last
    two words of a line with the first two of the next; with the texts a reader reads there."""
    hyphenated = plain = None
    for number, page in enumerate(a.text.pages, start=1):
        if number == 1:
            continue  # the proof's cover page: not the article's text
        words = page.extract_words(keep_blank_chars=False, use_text_flow=True, return_chars=True)
        for first, second in itertools.pairwise(words):
            body = first["chars"][0]["size"] > 8 and second["chars"][0]["size"] > 8
            next_line = second["top"] > first["bottom"] and second["x0"] < first["x0"]
            if not (body and next_line):
                continue
            if hyphenated is None and first["text"].endswith("\u2010") and first["text"][:-1].isalpha() \
                    and second["text"].isalpha():
                hyphenated = a.chars_target(number, first["chars"] + second["chars"],
                                            first["text"][:-1] + second["text"])
        for index in range(1, len(words) - 2):
            w1, w2, w3, w4 = words[index - 1: index + 3]
            if plain is None and all(w["text"].isalpha() and w["chars"][0]["size"] > 8 for w in (w1, w2, w3, w4)) \
                    and w3["top"] > w2["bottom"] and w3["x0"] < w2["x0"] and abs(w1["top"] - w2["top"]) < 1 \
                    and abs(w3["top"] - w4["top"]) < 1:
                plain = a.chars_target(number, w1["chars"] + w2["chars"] + w3["chars"] + w4["chars"],
                                       " ".join(w["text"] for w in (w1, w2, w3, w4)))
        if hyphenated and plain:
            return hyphenated, plain
    raise AssertionError("the proof has no hyphenated line end and no plain one")


def annotate(sent: Path, out: Path) -> Returned:
    a = r.Annotator(sent)
    expected: list[Expected] = []
    try:
        # text markup, in several readers' forms
        t = a.find("retrospective chart review")
        highlight = r.acrobat_markup(a, "Highlight", t, "Was this a chart review or a database search?")
        reply = r.acrobat_reply(a, highlight, t.page, "We will ask the editor.")
        r.acrobat_reply(a, reply, t.page, "It was a chart review.", author="Matthew C. Pope")
        r.acrobat_reply(a, highlight, t.page, "Accepted set by Production Editor", state="Accepted")
        expected.append(Expected("acrobat", "highlight", t.page, t.text,
                                 "Was this a chart review or a database search?",
                                 replies=["We will ask the editor.", "It was a chart review.",
                                          "Accepted set by Production Editor"]))
        t = a.find("tumor burden")
        r.preview_markup(a, "Highlight", t, "Define tumor burden at first use.")
        expected.append(Expected("preview", "highlight", t.page, t.text, "Define tumor burden at first use."))
        t = a.find("Chi-square and t-tests")
        r.pdfjs_highlight(a, t)
        expected.append(Expected("pdf.js", "highlight", t.page, t.text))
        t = a.find("Descriptive statistics", after_page=2)
        r.evince_markup(a, "Highlight", t, "Evince: which statistics?")
        expected.append(Expected("evince", "highlight", t.page, t.text, "Evince: which statistics?"))
        t = a.find("hypodense fibrotic bands")
        r.acrobat_markup(a, "Underline", t, "Should this be hypoattenuating?")
        expected.append(Expected("acrobat", "underline", t.page, t.text, "Should this be hypoattenuating?"))
        t = a.find("Temporal progression")
        r.okular_markup(a, "Underline", t, "Başlık: italic?")
        expected.append(Expected("okular", "underline", t.page, t.text, "Başlık: italic?"))
        t = a.find("lobulated outline")
        r.okular_markup(a, "Squiggly", t, "Spelling of lobulated?")
        expected.append(Expected("okular", "squiggly", t.page, t.text, "Spelling of lobulated?"))
        t = a.find("granulomatous")
        r.evince_markup(a, "Squiggly", t, "granulomatous: check")
        expected.append(Expected("evince", "squiggly", t.page, t.text, "granulomatous: check"))

        # deletes, inserts and replaces
        t = a.find("multisite")
        r.acrobat_markup(a, "StrikeOut", t, subject="Cross-Out", **{"/IT": r.Name.StrikeOutTextEdit})
        expected.append(Expected("acrobat", "strike-out", t.page, t.text))
        t = a.find("Subsequently")
        r.acrobat_replace(a, t, "Later")
        expected.append(Expected("acrobat", "replace", t.page, t.text, "Later", new_text="Later"))
        t = a.find("pathologic processes")
        r.xchange_replace(a, t, "pathological processes")
        expected.append(Expected("pdf-xchange", "replace", t.page, t.text, new_text="pathological processes"))
        t = a.find("typically found")
        strike = r.acrobat_markup(a, "StrikeOut", t, subject="Cross-Out")
        r.acrobat_reply(a, strike, t.page, "usually found", author="Matthew C. Pope")
        expected.append(Expected("acrobat", "replace", t.page, t.text, new_text="usually found",
                                 replies=["usually found"]))
        t = a.find("fine, diffuse nodularity")
        r.preview_markup(a, "StrikeOut", t, "fine diffuse nodularity")
        expected.append(Expected("preview", "replace", t.page, t.text, "fine diffuse nodularity",
                                 new_text="fine diffuse nodularity"))
        t = a.find("sarcoidosis")
        r.okular_markup(a, "StrikeOut", t, "sarkoidosis")
        expected.append(Expected("okular", "replace", t.page, t.text, "sarkoidosis", new_text="sarkoidosis"))
        t = a.find("Statistical analysis")
        r.acrobat_insert(a, t, " and sample size")
        expected.append(Expected("acrobat", "insert", t.page, None, " and sample size".strip(),
                                 new_text="and sample size"))
        insert = ("analysis", "Descriptive")
        t = a.find("evaluated sequentially.")
        r.acrobat_insert(a, t, "", paragraph=True)
        expected.append(Expected("acrobat", "insert", t.page, comment=""))

        # notes and text boxes
        t = a.find("Main points")
        r.acrobat_note(a, t.page, t.lines[0].x1 + 4, t.lines[0].y1, "Main points: shorten to three?",
                       rich="Main points: please shorten to three?")
        expected.append(Expected("acrobat", "note", t.page, None, "Main points: shorten to three?"))
        t = a.find("Study cohort")
        r.preview_note(a, t.page, t.lines[0].x1 + 4, t.lines[0].y1, "Preview note: cohort size?")
        expected.append(Expected("preview", "note", t.page, None, "Preview note: cohort size?"))
        t = a.find("Baseline imaging findings")
        r.okular_note(a, t.page, t.lines[0].x1 + 4, t.lines[0].y1, "Doğan: başlık doğru mu?")
        expected.append(Expected("okular", "note", t.page, None, "Doğan: başlık doğru mu?"))
        r.pdfjs_freetext(a, 1, [400, 40, 560, 60], "Firefox: add “a” before review")
        expected.append(Expected("pdf.js", "free-text", 1, None, "Firefox: add “a” before review"))
        r.preview_textbox(a, 2, [400, 30, 560, 50], "Preview text box: fine")
        expected.append(Expected("preview", "free-text", 2, None, "Preview text box: fine"))
        r.okular_typewriter(a, 3, [400, 30, 560, 50], "Okular typewriter: ok")
        expected.append(Expected("okular", "free-text", 3, None, "Okular typewriter: ok"))
        t = a.find("caudate lobe")
        r.acrobat_callout(a, t.page, t, [420, 30, 570, 60], "Callout: caudate lobe hypertrophy?")
        expected.append(Expected("acrobat", "free-text", t.page, None, "Callout: caudate lobe hypertrophy?"))
        r.acrobat_textbox_rich_only(a, 5, [400, 30, 560, 50], "Rich text only\nsecond line")
        expected.append(Expected("acrobat", "free-text", 5, None, "Rich text only\nsecond line"))

        # shapes with a comment
        t = a.find("widened fissures")
        line = t.lines[0]
        r.acrobat_square(a, t.page, [line.x0 - 0.3, line.y0 - 3, line.x1 + 0.3, line.y1 + 3], "Boxed: check term")
        expected.append(Expected("acrobat", "square", t.page, t.text, "Boxed: check term"))
        t = a.find("splenomegaly")
        line = t.lines[0]
        r.okular_ellipse(a, t.page, [line.x0 - 0.3, line.y0 - 4, line.x1 + 0.3, line.y1 + 4], "Circled: spleen")
        expected.append(Expected("okular", "circle", t.page, t.text, "Circled: spleen"))
        t = a.find("portal hypertension")
        line = t.lines[0]
        mid = (line.y0 + line.y1) / 2
        r.pdfjs_ink(a, t.page, [line.x0 + 1, mid, line.x1 - 1, mid + 1])
        expected.append(Expected("pdf.js", "ink", t.page, t.text))
        t = a.find("Budd–Chiari")
        line = t.lines[0]
        r.acrobat_pencil(a, t.page, [line.x0 - 2, line.y0 - 2, line.x1 + 2, line.y1 + 2], "Pencil: en dash?")
        expected.append(Expected("acrobat", "ink", t.page, t.text, "Pencil: en dash?"))
        # in the article's text (a table's cell): page 6's first is its running head, which has no line number
        t = a.find("CALMCHeM", after_page=6)
        line = t.lines[0]
        # the word only: brackets or the next word may sit within 2 pt of it
        r.acrobat_cloud(a, t.page, [line.x0 + 0.5, line.y0 - 2, line.x1 - 0.5, line.y1 + 2], "Cloud: abbreviation")
        expected.append(Expected("acrobat", "polygon", t.page, t.text, "Cloud: abbreviation"))
        r.pdfjs_stamp(a, 6, [450, 700, 500, 750])
        expected.append(Expected("pdf.js", "stamp", 6, None))

        # a mark over no text, and a comment kept only in the pop-up window
        r.acrobat_markup(a, "Highlight", r.Target(1, (r.Line(200, 12, 300, 20),), ""), "Highlight on nothing?")
        expected.append(Expected("acrobat", "highlight", 1, None, "Highlight on nothing?", unplaced=True))
        t = a.find("Study cohort", after_page=2)
        only_popup = r.pdfjs_highlight(a, t)
        window = a.pdf.make_indirect(r.Dictionary({"/Type": r.Name.Annot, "/Subtype": r.Name.Popup,
                                                   "/Parent": only_popup, "/Rect": r.Array([0, 0, 10, 10]),
                                                   "/Contents": r.String("Said in the pop-up only")}))
        only_popup.Popup = window
        a.pdf.pages[t.page - 1].obj.Annots.append(window)
        expected.append(Expected("pdf.js", "highlight", t.page, t.text, "Said in the pop-up only"))

        # over line ends
        hyphen_target, plain_target = _line_end_targets(a)
        r.acrobat_markup(a, "Highlight", hyphen_target, "Hyphenated word")
        hyphenated = Expected("acrobat", "highlight", hyphen_target.page, hyphen_target.text, "Hyphenated word")
        r.preview_markup(a, "Highlight", plain_target, "Two lines")
        two_lines = Expected("preview", "highlight", plain_target.page, plain_target.text, "Two lines")
        expected += [hyphenated, two_lines]

        # the answers, typed into fields of the queries page as readers write them (one dictionary that is field
        # and widget, or a field with its widget as a kid), in place of the proof's own fields: four queries and the
        # comments, one left empty
        last = len(a.pdf.pages)
        r.drop_fields(a)
        header = a.find("Your answer", after_page=last - 1)
        answers: dict[str, str | None] = {
            "AQ1": "Running title: Liver changes after chemotherapy",
            "AQ2": "Shortened to 250 words.",
            "AQ3": "Çok merkezli: the study is multicentre (8 authors)",
            "AQ4": None,
            "comments": "Thank you.\nAll figures are fine.",
        }
        x0, top = header.lines[0].x0, header.lines[0].y0
        for number in range(1, 5):
            rect = [x0, top - 24 * number - 14, x0 + 160, top - 24 * number + 2]
            r.add_text_field(a, last, f"AQ{number}", rect, answers[f"AQ{number}"], separate_widget=number == 3)
        r.add_text_field(a, last, "comments", [60, 100, 530, 160], "Thank you.\rAll figures are fine.")
        r.add_checkboxes(a, last, "checklist", {"names": ([60, 80, 70, 90], True), "orcid": ([80, 80, 90, 90], False)})
        answers.update({"checklist.names": "Yes", "checklist.orcid": None})
        path = a.save(out)
    finally:
        a.close()
    return Returned(sent, path, expected, answers, hyphenated, two_lines, insert)


def words(text: str) -> str:
    return " ".join(re.sub(r"[\u00ad]", "", text).split())
