"""The author proofs of the sample issue, read back from the PDFs the build wrote (issue 12's "done when"): every
flag stands in a margin beside the line with the words its query concerns, on the page and line the queries page
gives, numbered in reading order; the cover and queries pages print no page number of the article; the line numbers
run 1, 2 … down each column of every page; every query has a form field that a PDF library fills and the reader of
returned proofs reads back.

Where a flag must stand is worked out from the print HTML (the words beside the query's marker, marked again here
from the queries file's places), not from the code that placed it; the PDFs are read with pdfplumber and pypdf.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader, PdfWriter

from pipeline import xmlio
from pipeline.articlefiles import ArticleFiles
from pipeline.enrich.pagination import pages_of
from pipeline.issue.state import IssueBuild
from pipeline.proof import queries_file
from pipeline.proof.annotations import read_returned_proof
from pipeline.proof.fields import COMMENTS_FIELD
from pipeline.render import pdf
from pipeline.render.queries import Query
from tests.render.test_proof import (
    MM,
    content_words,
    flag_numbers,
    flags_on,
    number_nearest,
    numbers_on,
    words_at_marker,
)

pytestmark = pytest.mark.slow


def proofs_of(build: IssueBuild) -> list[tuple[str, ArticleFiles]]:
    return [(a.entry.id, ArticleFiles.of(build.issue, a.entry, build.out)) for a in build.articles if a.ok]


def printed_queries(files: ArticleFiles) -> list[Query]:
    data = json.loads(queries_file.path_for(files.proof).read_text(encoding="utf-8"))
    return [Query(q["number"], q["text"], q["xpath"], q["at"], q["kind"], q["page"], q["line"])
            for q in data["queries"]]


def cover_pages(reader: PdfReader) -> int:
    return sum(1 for label in reader.page_labels if not label[:1].isdigit() and not label.startswith("Queries"))


def test_every_article_has_a_proof_with_a_cover_and_queries_pages(sample_build: IssueBuild) -> None:
    checked = proofs_of(sample_build)
    assert len(checked) == len(sample_build.articles) == 12
    for article, files in checked:
        labels = PdfReader(files.proof).page_labels
        first, last = pages_of(xmlio.parse(files.jats).getroot())
        assert labels[0] == "Cover", article
        assert [label for label in labels if label[:1].isdigit()] == [str(n) for n in range(first, last + 1)], article
        assert labels[-1].startswith("Queries"), article


def test_each_flag_stands_in_the_margin_beside_the_words_its_query_concerns(sample_build: IssueBuild) -> None:
    journal, flagged = sample_build.journal, 0
    for article, files in proofs_of(sample_build):
        root = xmlio.parse(files.jats).getroot()
        first = pages_of(root)[0]
        queries = printed_queries(files)
        html = pdf.print_html(root, journal, pdf.VARIANTS["proof"], first_page=first,
                              issue_date=sample_build.issue.manifest.publication_date, queries=queries).decode()
        reader = PdfReader(files.proof)
        covers = cover_pages(reader)
        with pdfplumber.open(files.proof) as document:
            for query in queries:
                if query.page is None:
                    assert query.whole_article or query.xpath, (article, query.label)
                    continue
                page = document.pages[covers + query.page - first]
                (flag,) = [f for f in flags_on(page) if query.number in flag_numbers(f["text"])]
                assert flag["x1"] < 16 * MM or flag["x0"] > page.width - 16 * MM, (article, query.label, "margin")
                targets = words_at_marker(html, f"qm{query.number}")
                near = [w for w in content_words(page) if abs(w["bottom"] - flag["bottom"]) < 3
                        and any(w["text"].startswith(t[:4]) for t in targets)]
                assert near, (article, query.label, targets, flag)
                beside = [n for n in numbers_on(page) if abs(n["bottom"] - near[0]["bottom"]) < 3
                          and n["x1"] <= near[0]["x0"]]
                assert int(max(beside, key=lambda n: n["x1"])["text"]) == query.line, (article, query.label)
                assert number_nearest(page, flag) == query.line, (article, query.label, "nearest its line's number")
                flagged += 1
    assert flagged >= 12  # the sample issue's proofs flag places, not only whole-article queries


def test_queries_are_numbered_whole_article_first_then_down_the_pages(sample_build: IssueBuild) -> None:
    for article, files in proofs_of(sample_build):
        queries = printed_queries(files)
        assert [q.number for q in queries] == list(range(1, len(queries) + 1)), article
        placed = [(q.page, q.line) for q in queries if q.page is not None]
        whole = [q.number for q in queries if q.page is None]
        assert whole == list(range(1, len(whole) + 1)), article
        assert placed == sorted(placed), article
        assert not any(q.text.startswith(("Please check:", "Please provide:")) for q in queries), article


def test_cover_and_queries_pages_print_no_page_number_of_the_article(sample_build: IssueBuild) -> None:
    for article, files in proofs_of(sample_build):
        labels = PdfReader(files.proof).page_labels
        with pdfplumber.open(files.proof) as document:
            for index, label in enumerate(labels):
                if label[:1].isdigit():
                    continue
                page = document.pages[index]
                head = page.crop((0, 0, page.width, 20 * MM))
                foot = page.crop((0, page.height - 16 * MM, page.width, page.height))
                margins = " ".join(w["text"] for part in (head, foot) for w in content_words(part))
                assert not any(c.isdigit() for c in margins), (article, label, margins)
                assert numbers_on(page) == [], (article, label)  # and no line numbers


def test_line_numbers_run_down_each_column_of_every_page(sample_build: IssueBuild) -> None:
    for article, files in proofs_of(sample_build):
        labels = PdfReader(files.proof).page_labels
        with pdfplumber.open(files.proof) as document:
            for index, label in enumerate(labels):
                if not label[:1].isdigit():
                    continue
                numbers = sorted(((int(n["text"]), n) for n in numbers_on(document.pages[index])),
                                 key=lambda pair: pair[0])
                assert [n for n, _ in numbers] == list(range(1, len(numbers) + 1)), (article, label)
                columns: dict[int, list[dict]] = {}
                for _, word in numbers:  # in number order, each column's numbers go down its page
                    columns.setdefault(round(word["x1"] / 20), []).append(word)
                for words in columns.values():
                    tops = [w["top"] for w in words]
                    assert all(a < b for a, b in itertools.pairwise(tops)), (article, label)


def test_each_query_has_a_field_a_pdf_library_fills_and_the_reader_reads_back(sample_build: IssueBuild,
                                                                             tmp_path: Path) -> None:
    for article, files in proofs_of(sample_build):
        queries = printed_queries(files)
        reader = PdfReader(files.proof)
        assert set(reader.get_fields()) == {q.label for q in queries} | {COMMENTS_FIELD}, article
        answers = {q.label: f"Answer to {q.label}: confirmed, İğüş" for q in queries} | {COMMENTS_FIELD: "None."}
        writer = PdfWriter(clone_from=reader)
        writer.update_page_form_field_values(None, answers, auto_regenerate=False)  # every page
        returned = tmp_path / f"{article}.pdf"
        writer.write(returned)
        read = read_returned_proof(returned)
        assert {a.field: a.value for a in read.answers} == answers, article
        assert {a.field: a.query for a in read.answers if a.query} == {q.label: q.number for q in queries}, article
