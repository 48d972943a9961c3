"""The proof's own pages: the article, its numbered queries, the journal and the proof's stamp -> the HTML of the
cover page and the author-queries pages (templates/proof-cover.html.j2), every word from the journal's proof
wording (config/proof-wording/).

The cover says what the proof is (manuscript number, DOI, round, the day it was made and the day it is due back),
how to mark corrections in the PDF readers authors have, how to refer to a place, what may still change, what to
check and whom to ask. The queries pages list each query with where its flag is (or that it concerns the whole
article) and a form field for the answer, named as the reader of returned proofs expects (pipeline/proof/fields.py),
and a field for general comments. They are a document of their own, laid out apart from the article
(pipeline/render/proof.py), so they take none of the article's page numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
from lxml import etree

from pipeline import xmlio
from pipeline.config.journal import Journal
from pipeline.config.proof_wording import fill
from pipeline.proof.deadline import spelled
from pipeline.proof.fields import COMMENTS_FIELD
from pipeline.proof.rounds import ProofStamp
from pipeline.render.queries import Query

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"
TEMPLATE = "proof-cover.html.j2"
QUERIES_CLASS = "proof-queries"  # the section the queries pages start with


@dataclass(frozen=True)
class ArticleFacts:
    """What the cover says about the article, read from its JATS."""

    title: str
    doi: str
    manuscript_number: str

    @classmethod
    def of(cls, root: etree._Element) -> ArticleFacts:
        def value(path: str) -> str:
            return " ".join((root.findtext(f"front/article-meta/{path}") or "").split())

        title = xmlio.text_of(root.find("front/article-meta/title-group/article-title"))
        return cls(" ".join(title.split()), value("article-id[@pub-id-type='doi']"),
                   value("article-id[@pub-id-type='publisher-id']"))


def pages_html(facts: ArticleFacts, journal: Journal, stamp: ProofStamp, queries: Sequence[Query]) -> str:
    """The cover page and the queries pages, as one HTML document."""
    wording = journal.proof_wording
    proofs = journal.proofs
    values = {"journal": journal.title, "title": facts.title, "manuscript_number": facts.manuscript_number,
              "doi": facts.doi, "round": stamp.round, "made": spelled(stamp.made), "deadline": spelled(stamp.deadline),
              "working_days": proofs.working_days, "query_count": len(queries),
              "production_name": proofs.production.name, "production_email": proofs.production.email}
    cover = {key: ([fill(v, values, f"cover.{key}[{i}]") for i, v in enumerate(text)] if isinstance(text, list)
                   else fill(text, values, f"cover.{key}"))
             for key, text in vars(wording.cover).items()}
    words = wording.queries_page
    page = {key: fill(getattr(words, key), values, f"queries_page.{key}")
            for key in vars(words) if key not in ("place", "answer_label")}
    listed = []
    for query in queries:
        if query.whole_article or query.page is None:
            where = page["whole_article"]
        else:
            where = fill(words.place, {**values, "page": query.page, "line": query.line or "–"}, "queries_page.place")
        listed.append({"label": query.label, "field": query.label, "where": where, "text": query.text,
                       "answer_label": fill(words.answer_label, {**values, "label": query.label},
                                            "queries_page.answer_label")})
    return _template().render(language=journal.language, journal=journal.title, title=facts.title, cover=cover,
                              page=page, queries=listed, comments_field=COMMENTS_FIELD, **{
                                  k: v for k, v in values.items() if k in ("manuscript_number", "doi", "round", "made",
                                                                           "deadline")})


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                                     undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return environment.get_template(TEMPLATE)
