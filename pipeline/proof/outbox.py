"""An issue's build -> what each article's proof e-mail carries: the proof PDF, the queries it prints, and the
corresponding author(s) named in the article's JATS.

    built_articles(folder)                -> {article id: its entry in build/<issue>/report.json}
    prepare(folder, article id, entry)    -> ProofMail, or a PipelineError whose finding concerns that article only
                                             (no proof, no address, or an accepted correction the build refused)

The address is the JATS's (the corresponding author's `contrib[@corresp='yes']`, its own <email> or the one of the
<corresp> note it points to), never the manifest's: the JATS is what the build made and what the proof prints.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pipeline import xmlio
from pipeline.diagnostics import fail
from pipeline.identifiers import email_problem
from pipeline.jats import contrib_display_name, plain_text
from pipeline.proof import queries_file

REPORT = "report.json"


@dataclass(frozen=True)
class Recipient:
    name: str  # as people write it ("Sudhakar K. Venkatesh"); "" when the JATS names nobody for the address
    email: str


@dataclass(frozen=True)
class ProofMail:
    article: str  # the manifest's id (02-pope)
    manuscript_number: str
    title: str
    doi: str
    authors: tuple[Recipient, ...]
    proof: Path
    proof_rel: str  # relative to the build folder
    sha256: str
    size: int
    queries: tuple[dict, ...]  # as printed in the proof: number, text, and what else the build records
    pdf: bytes = field(repr=False, default=b"")

    @property
    def addresses(self) -> list[str]:
        return [a.email for a in self.authors]


def built_articles(folder: Path) -> dict[str, dict]:
    """The articles of the issue's build report, by id. No report: the issue was not built (or not to the end)."""
    path = folder / REPORT
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(a["id"]): a for a in data["articles"]}
    except FileNotFoundError:
        raise fail("proof.not-built", f"the issue has not been built ({path} does not exist), so there are no proofs "
                   "to send: build it first (make issue)", file=str(path)) from None
    except (OSError, ValueError, KeyError, TypeError):
        raise fail("proof.not-built", "the build report cannot be read, so it is not known which proofs were made: "
                   "rebuild the issue (make issue)", file=str(path)) from None


def prepare(folder: Path, article: str, entry: dict | None) -> ProofMail:
    if entry is None:
        raise fail("proof.not-built", f"article {article} is not in the issue's build (the build is older than the "
                   "manifest?): rebuild the issue (make issue)", article=article)
    outputs = entry.get("outputs") or {}
    if entry.get("failed_stage") or "proof" not in outputs or "jats" not in outputs:
        why = f"the article failed at {entry['failed_stage']}" if entry.get("failed_stage") else "no proof was made"
        raise fail("proof.not-built", f"there is no proof of article {article} to send: {why} (see its report). Fix "
                   "it and rebuild the issue", article=article)
    refused = [str(f.get("message") or "").split(" was not made")[0] for f in entry.get("findings") or ()
               if isinstance(f, dict) and f.get("code") == "correction.gone"]
    if refused:  # the proof would not show a correction production accepted, and round 2 would mark it as undone
        raise fail("proof.refused", f"the proof of article {article} is not sent: its build did not make "
                   f"{'; '.join(refused)}, so the proof does not show what production accepted. Settle the "
                   "correction as its error in the article's report says and rebuild the issue", article=article)
    proof, jats = folder / outputs["proof"], folder / outputs["jats"]
    try:
        pdf = proof.read_bytes()
        root = xmlio.parse(jats).getroot()
    except (OSError, etree.XMLSyntaxError):
        raise fail("proof.not-built", f"the proof or the JATS of article {article} cannot be read ({proof.name}, "
                   f"{jats.name}): rebuild the issue", file=str(proof), article=article) from None
    sha256 = hashlib.sha256(pdf).hexdigest()
    queries = queries_file.read(proof, sha256, article)
    meta = root.find("front/article-meta")
    authors = corresponding_authors(meta, article, jats)
    return ProofMail(article, meta.findtext("article-id[@pub-id-type='publisher-id']") or "",
                     plain_text(meta.find("title-group/article-title")),
                     meta.findtext("article-id[@pub-id-type='doi']") or "", tuple(authors), proof,
                     proof.relative_to(folder).as_posix(), sha256, len(pdf), tuple(queries), pdf)


def corresponding_authors(meta: etree._Element, article: str, jats: Path) -> list[Recipient]:
    """Who the proof goes to: each corresponding author with an e-mail address in the JATS. None, or a malformed
    address, is an error for this article."""
    found: list[Recipient] = []
    for contrib in meta.iterfind("contrib-group/contrib"):
        rids = contrib.xpath("xref[@ref-type='corresp']/@rid")
        if contrib.get("corresp") != "yes" and not rids:
            continue
        emails = contrib.findall(".//email")
        for rid in rids:
            emails += meta.xpath("author-notes/corresp[@id=$rid]//email", rid=rid)
        found += [Recipient(contrib_display_name(contrib), plain_text(e)) for e in emails]
    if not found:  # a correspondence note that names no contributor
        found = [Recipient("", plain_text(e)) for e in meta.iterfind("author-notes/corresp//email")]
    if not found:
        raise fail("proof.no-address", f"article {article} is not sent: its JATS gives no e-mail address of a "
                   "corresponding author. Add `corresponding: true` and `email:` to that author in the issue "
                   "manifest and rebuild the issue", file=str(jats), article=article)
    for recipient in found:
        problem = email_problem(recipient.email)
        if problem:
            raise fail("proof.no-address", f"article {article} is not sent: the corresponding author's address "
                       f"in its JATS is wrong: {problem}. Correct it in the issue manifest and rebuild the issue",
                       file=str(jats), article=article)
    unique = {r.email.lower(): r for r in reversed(found)}  # one message per address, the first name given for it
    return [r for r in found if unique[r.email.lower()] is r]
