"""Crossref deposit: the issue's paginated JATS articles -> one Crossref doi_batch file (schema 5.3.1).

The mapping lives in xslt/jats-to-crossref.xsl; this module decides which articles go in (those with every
value Crossref requires, all of one issue), gives the batch its id and timestamp, validates the result against
the Crossref 5.3.1 schema and only then writes it.

The batch's timestamp is Crossref's version number: a redeposit whose timestamp is not newer than the last
one is ignored. It is therefore an input kept in a state file in the issue's build folder, never the clock:
the same content gets the same id and timestamp as last time (a byte-identical file), changed content gets
the last timestamp + 1, and the very first batch gets the issue's publication date at 00:00:00
(20230721000000). The content is identified by the sha256 of the batch built with a fixed placeholder head.
The state file (build/<issue>/deposit/crossref-state.json) lists every batch made, oldest first:
{"batches": [{"content_sha256": ..., "timestamp": "20230721000000", "doi_batch_id": "jour-29-04-20230721000000"}]}.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from pipeline import clock, xmlio, xslt
from pipeline.config.journal import Journal
from pipeline.deposit.ready import finding, ready_article, text
from pipeline.diagnostics import Finding, PipelineError, fail
from pipeline.identifiers import issue_key
from pipeline.validate.schemas import validate_crossref

STYLESHEET = "jats-to-crossref.xsl"
STATE_FILE = Path("deposit") / "crossref-state.json"  # inside the issue's build folder

META = "front/article-meta"

# Values Crossref cannot do without: (where in the JATS, what production staff are told is missing).
REQUIRED: tuple[tuple[str, str], ...] = (
    ("front/journal-meta/journal-title-group/journal-title", "the journal's title (journal-meta)"),
    (f"{META}/article-id[@pub-id-type='doi']", "its DOI"),
    (f"{META}/title-group/article-title", "its title"),
    (f"{META}/pub-date[@date-type='pub']/year", "its publication date (the pub-date of type \"pub\")"),
    (f"{META}/pub-date[@date-type='collection']/year", "the issue's date (the collection pub-date)"),
    (f"{META}/volume", "the volume number"),
    (f"{META}/issue", "the issue number"),
    (f"{META}/fpage | {META}/elocation-id",
     "its first page number (fpage; is the article paginated?) or its e-location id"),
)


def write_deposit(jats_files: Sequence[Path], journal: Journal, issue_folder: Path, output: Path, *,
                  issue_date: dt.date) -> list[Finding]:
    """Write the Crossref deposit for the deposit-ready articles of `jats_files` (table-of-contents order).

    An article lacking a required value, or of another issue than the first article, is left out with a
    finding. Nothing is written (and the state file is not changed) when no article is left or when the
    result is not valid against the Crossref 5.3.1 schema. `issue_date` dates the very first batch.
    """
    findings: list[Finding] = []
    ready = [(path, a) for path in jats_files if (a := _ready_article(path, findings)) is not None]
    articles = _one_issue(ready, findings)
    if not articles:
        findings.append(finding("deposit.blocked", "No article is ready for Crossref, so no Crossref deposit "
                                 "was made.", output))
        return findings

    source = etree.tostring(_wrap(articles), encoding="UTF-8")
    params = _params(articles, journal)
    state_path = issue_folder / STATE_FILE
    try:
        latest = _latest_timestamp(journal)
        if _first_timestamp(issue_date) > latest:
            raise fail("deposit.blocked", f"No Crossref deposit was made: the issue's publication date "
                       f"{issue_date.isoformat()} is more than {journal.limits.future_days} days after the build's "
                       "date, and Crossref would take the batch's timestamp from it (a timestamp in the future makes "
                       "Crossref ignore every later deposit). Correct the date in the manifest.", file=str(output))
        # The content: the batch with a placeholder head, so that the hash ignores the id and the timestamp.
        content = xmlio.to_bytes(_transform(source, "pending", "0", params), pretty=True)
        volume, issue = _issue_of(articles[0])
        entry, state = _version(state_path, hashlib.sha256(content).hexdigest(), _first_timestamp(issue_date),
                                issue_key(journal.publisher_id, volume, issue), latest)
        result = _transform(source, entry["doi_batch_id"], entry["timestamp"], params)
    except PipelineError as exc:
        return [*findings, exc.finding.with_context(file=str(output), stage="deposit")]

    invalid = validate_crossref(result, file=str(output))
    if invalid:
        return [*findings, *(f.with_context(stage="deposit") for f in invalid)]
    xmlio.write_xml(output, result, pretty=True)
    xmlio.write_bytes_atomic(state_path, (json.dumps(state, indent=2, sort_keys=True) + "\n").encode("utf-8"))
    return findings


# ===== which articles go in

def _ready_article(path: Path, findings: list[Finding]) -> etree._Element | None:
    """The article's root element, or None (with findings) when Crossref cannot take it."""
    return ready_article(path, REQUIRED, "the Crossref deposit", "Crossref", findings)


def _one_issue(ready: list[tuple[Path, etree._Element]], findings: list[Finding]) -> list[etree._Element]:
    """A deposit describes one journal issue: the first article's; others are left out with a finding."""
    if not ready:
        return []
    first = _issue_of(ready[0][1])
    kept = []
    for path, article in ready:
        volume, issue = _issue_of(article)
        if (volume, issue) == first:
            kept.append(article)
            continue
        findings.append(finding(
            "deposit.blocked", f"The article is in volume {volume}, issue {issue}, but this deposit is for "
            f"volume {first[0]}, issue {first[1]}; it is left out of the Crossref deposit.", path))
    return kept


def _issue_of(article: etree._Element) -> tuple[str, str]:
    return text(article, f"{META}/volume"), text(article, f"{META}/issue")


# ===== the transform

def _wrap(articles: list[etree._Element]) -> etree._Element:
    """The stylesheet's input: <articles> holding the articles' root elements, in order."""
    wrapper = etree.Element("articles")
    wrapper.extend(articles)
    return wrapper


def _params(articles: list[etree._Element], journal: Journal) -> dict[str, str]:
    """Stylesheet parameters from the journal config: depositor, and each DOI's landing page and PDF URLs."""
    urls = {}
    for article in articles:
        doi = text(article, f"{META}/article-id[@pub-id-type='doi']")
        where = {name: text(article, f"{META}/{tag}")
                 for name, tag in (("volume", "volume"), ("issue", "issue"), ("elocation_id", "elocation-id"))}
        urls[doi] = {"resource": journal.article_url(doi, **where), "pdf": journal.pdf_url(doi, **where)}
    return {
        "depositor_name": journal.crossref.depositor_name,
        "depositor_email": journal.crossref.depositor_email,
        "registrant": journal.crossref.registrant,
        "urls": json.dumps(urls, sort_keys=True),
    }


def _transform(source: bytes, batch_id: str, timestamp: str, params: dict[str, str]) -> etree._Element:
    return xmlio.parse_bytes(xslt.transform(STYLESHEET, source, batch_id=batch_id, timestamp=timestamp, **params))


# ===== the batch's version: id and timestamp as inputs, kept in the state file

def _first_timestamp(issue_date: dt.date) -> int:
    return int(issue_date.strftime("%Y%m%d") + "000000")


def _latest_timestamp(journal: Journal) -> int:
    """No batch timestamp may lie beyond the dates the manifest may hold (see pipeline/clock.py)."""
    latest = clock.build_date() + dt.timedelta(days=journal.limits.future_days)
    return int(latest.strftime("%Y%m%d") + "235959")


def _version(state_path: Path, content_hash: str, first: int, id_prefix: str, latest: int
             ) -> tuple[dict[str, str], dict]:
    """The head values for this content, and the state to keep once the file is written.

    Only the latest batch's content reuses its timestamp: content seen before but not last (a change
    undone) gets a new, higher one, since Crossref would ignore a redeposit with an older timestamp. A state
    whose last timestamp lies beyond `latest` came from a wrong date and is not built on.
    """
    batches: list[dict[str, str]] = _read_state(state_path)["batches"]
    if batches and int(batches[-1]["timestamp"]) > latest:
        last = batches[-1]["timestamp"]
        raise fail("deposit.blocked", f"No Crossref deposit was made: the last batch in the Crossref state file has "
                   f"the timestamp {last}, a date far in the future that came from a wrong publication date. If that "
                   "batch was never delivered (deposit/ledger.json lists no Crossref delivery of it), remove its "
                   "entry from the state file and rebuild; if it was delivered, Crossref ignores any later deposit "
                   "with a smaller timestamp: ask Crossref support before depositing again.", file=str(state_path))
    if batches and batches[-1]["content_sha256"] == content_hash:
        return batches[-1], {"batches": batches}
    timestamp = int(batches[-1]["timestamp"]) + 1 if batches else first
    entry = {"content_sha256": content_hash, "timestamp": str(timestamp), "doi_batch_id": f"{id_prefix}-{timestamp}"}
    return entry, {"batches": [*batches, entry]}


def _read_state(state_path: Path) -> dict:
    if not state_path.is_file():
        return {"batches": []}
    try:
        state = json.loads(state_path.read_text(encoding="utf-8"))
        if all(set(entry) >= {"content_sha256", "timestamp", "doi_batch_id"} and entry["timestamp"].isdigit()
               for entry in state["batches"]):
            return state
    except (ValueError, KeyError, TypeError, AttributeError):
        pass
    raise fail("deposit.blocked", "The Crossref state file is damaged, so the next batch's timestamp is not known. "
               "Restore it from the last build (do not delete it: Crossref ignores a deposit that is not newer "
               "than the last one).", file=str(state_path))


