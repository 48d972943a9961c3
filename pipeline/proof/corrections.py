"""A returned proof, read (annotations.py) -> the corrections file production edits, and a listing in plain words.

The file (corrections.yaml, beside the article's report in the build folder) has one item per mark (C1, C2 ...
in reading order) and one per form field (by the field's name), each with `accept: null` for production to
set to true or false. Each mark's item carries what the later steps need to place it: page, rectangle,
quadrilaterals, the marked text as printed line by line, and the characters' positions on the page.

Reading the same returned proof again keeps the decisions already made in the file; a different PDF does not
overwrite a file that holds decisions unless told to (`replace=True`), so no decision is lost silently.
The file depends only on the PDF's bytes and the article: the same PDF gives the same file.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline import xmlio
from pipeline.diagnostics import Finding, PipelineError, fail
from pipeline.proof import queries_file
from pipeline.proof.annotations import Answer, Comment, Mark, ReturnedProof
from pipeline.proof.corrections_page import lines_words, page_words, write_page
from pipeline.proof.placing import Placement, Proposal, place_marks

PROJECT = Path(__file__).resolve().parents[2]
FILE_NAME = "corrections.yaml"
HEADER = ("# Corrections read from a returned proof. For each item set accept: true (make the change) or\n"
          "# accept: false (leave it); leave null what is not decided yet. Re-reading the same PDF keeps these.\n")


@dataclass(frozen=True)
class Placed:
    """Where the marks are (one Placement a mark), the questions of the queries, the proof's round."""

    placements: list[Placement]
    questions: dict[int, str] = field(default_factory=dict)
    round: int = 1
    labels: dict[int, str] = field(default_factory=dict)  # page -> the number printed on it, where it differs

    @classmethod
    def nowhere(cls, proof: ReturnedProof) -> Placed:
        return cls([Placement() for _ in proof.marks])


@dataclass(frozen=True)
class Written:
    path: Path
    items: int
    kept: int  # decisions carried over from the file as it was
    page: Path | None = None  # corrections.html


def mark_ids(proof: ReturnedProof) -> list[str]:
    return [f"C{n}" for n in range(1, len(proof.marks) + 1)]


def answer_id(answer: Answer, taken: set[str]) -> str:
    return answer.field if answer.field not in taken else f"field {answer.field}"


def document(proof: ReturnedProof, article: str, placed: Placed | None = None) -> dict[str, Any]:
    placed = placed or Placed.nowhere(proof)
    items: list[dict[str, Any]] = [_mark_item(i, m, p, placed.labels) for i, m, p in
                                   zip(mark_ids(proof), proof.marks, placed.placements, strict=True)]
    taken = {item["id"] for item in items}
    items += [_answer_item(answer_id(a, taken), a, placed.questions) for a in proof.answers]
    c = proof.counts
    return {
        "article": article,
        "proof": {"file": proof.file.name, "sha256": proof.sha256, "pages": proof.pages, "round": placed.round},
        "read": {"annotations": c.annotations, "marks": c.marks, "replies": c.replies, "paired_or_grouped": c.grouped,
                 "popups": c.popups, "form_widgets": c.form_widgets, "links": c.links,
                 "form_fields": len(proof.answers)},
        "items": items,
    }


def write_corrections(folder: Path, proof: ReturnedProof, article: str, *, replace: bool = False,
                      placed: Placed | None = None, accent: str = "#000") -> Written:
    """Write folder/corrections.yaml for `proof`, keeping the decisions of an earlier reading of the same PDF, and
    the page that shows it (corrections.html)."""
    path = folder / FILE_NAME
    new = document(proof, article, placed)
    kept = 0
    if path.is_file():
        decisions, source = _decisions(path)
        if source == proof.sha256:
            for item in new["items"]:
                if decisions.get(item["id"]) is not None:
                    item["accept"] = decisions[item["id"]]
                    kept += 1
        elif any(v is not None for v in decisions.values()) and not replace:
            raise fail("proof.decisions", "this file already holds production's decisions on another returned "
                       "proof; move it away first, or read the new proof with --replace to start again",
                       file=str(path))
    text = HEADER + yaml.dump(new, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)
    xmlio.write_bytes_atomic(path, text.encode("utf-8"))
    page = write_page(folder, new, proof.file, accent)
    return Written(path, len(new["items"]), kept, page)


class _Dumper(yaml.SafeDumper):
    """Block style, but a list of plain values (a rectangle, a quadrilateral, the printed lines) on one line."""

    def represent_list(self, data):
        flat = all(isinstance(v, (int, float, str)) and not isinstance(v, bool) for v in data)
        return self.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flat and bool(data))


_Dumper.add_representer(list, _Dumper.represent_list)


def _decisions(path: Path) -> tuple[dict[str, Any], str | None]:
    """The accept values of an existing corrections file, by item id, and the PDF it was read from."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise fail("proof.decisions", f"the corrections file cannot be read ({getattr(exc, 'problem', exc)}), so "
                   "the decisions in it would be lost: fix it or move it away first", file=str(path)) from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise fail("proof.decisions", "the corrections file has no list of items, so the decisions in it would be "
                   "lost: fix it or move it away first", file=str(path))
    decisions = {str(i.get("id")): i.get("accept") for i in data["items"] if isinstance(i, dict)}
    source = data.get("proof", {}).get("sha256") if isinstance(data.get("proof"), dict) else None
    return decisions, source


def _mark_item(item_id: str, mark: Mark, placement: Placement, labels: dict[int, str]) -> dict[str, Any]:
    item: dict[str, Any] = {"id": item_id, "kind": mark.kind, "page": mark.page}
    if mark.page in labels:
        item["printed_page"] = labels[mark.page]
    if placement.lines:
        item["lines"] = list(placement.lines)
    if mark.found:
        item["marked_text"] = mark.found.text
    if placement.jats:
        j = placement.jats
        item["jats"] = {"where": j.where, "xpath": j.xpath, "start": j.start, "end": j.end, "text": j.text,
                        "in_manuscript": j.manuscript}
    if placement.proposal:
        item["proposed"] = _drop_none({**dataclasses.asdict(placement.proposal), "before": placement.proposal.before
                                       or None, "after": placement.proposal.after or None})
    if mark.edit:
        item["edit"] = _drop_none({"action": mark.edit.action, "new_text": mark.edit.text,
                                   "new_text_from": mark.edit.source, "certain": mark.edit.certain,
                                   "paragraph_break": mark.edit.paragraph or None})
    item.update(_comment(mark.comment))
    if mark.replies:
        item["replies"] = [_drop_none({"pdf_annotation": r.ref, "in_reply_to": r.in_reply_to, "state": r.state,
                                       **_comment(r.comment)}) for r in mark.replies]
    if mark.unplaced or placement.unplaced:
        item["unplaced"] = mark.unplaced or placement.unplaced
    where: dict[str, Any] = {"rect": mark.rect.as_list()}
    if mark.quads:
        where["quads"] = [[round(v, 2) for v in q] for q in mark.quads]
    if mark.found:
        where["lines"] = list(mark.found.lines)
        where["chars"] = [{"page": s.page, "start": s.start, "end": s.end} for s in mark.found.spans]
    if mark.place:
        where["point"] = {"page": mark.place.page, "before_char": mark.place.index, "text_before": mark.place.before,
                          "text_after": mark.place.after}
    where["pdf_annotations"] = list(mark.refs)
    where.update(_drop_none({"pdf_subtypes": list(mark.subtypes), "pdf_name": mark.name, "intent": mark.intent,
                             "colour": mark.colour, "hidden": mark.hidden or None}))
    where.update(mark.details)
    item["where"] = where
    item["accept"] = None
    return item


def _answer_item(item_id: str, answer: Answer, questions: dict[int, str]) -> dict[str, Any]:
    item = _drop_none({"id": item_id, "kind": "answer", "field": answer.field, "query": answer.query,
                       "question": questions.get(answer.query) if answer.query is not None else None,
                       "field_kind": answer.kind, "answer": answer.value, "page": answer.page,
                       "rect": answer.rect.as_list() if answer.rect else None})
    item["accept"] = None
    return item


def _comment(comment: Comment) -> dict[str, Any]:
    return _drop_none({"comment": comment.text or None, "rich_text": comment.rich_text, "author": comment.author,
                       "subject": comment.subject, "created": comment.created, "modified": comment.modified})


def _drop_none(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


# --- the listing ----------------------------------------------------------------------------------------------


def listing(proof: ReturnedProof, article: str, placed: Placed | None = None) -> list[str]:
    """What was read, in plain words: one entry per mark and per form field."""
    placed = placed or Placed.nowhere(proof)
    c = proof.counts
    lines = [f"Read {proof.file.name} for {article} ({proof.pages} pages): {_count(c.marks, 'mark')}"
             f" ({_count(c.replies, 'reply', 'replies')}, {c.grouped} paired or grouped with them) and "
             f"{_count(len(proof.answers), 'form field')}; not marks: {_count(c.links, 'link')} of the proof, "
             f"{_count(c.popups, 'popup window')}, {_count(c.form_widgets, 'form widget')}.",
             f"All {c.annotations} annotations of the PDF are accounted for."]
    for item_id, mark, placement in zip(mark_ids(proof), proof.marks, placed.placements, strict=True):
        lines.append("")
        lines += _describe(item_id, mark, placement, placed.labels.get(mark.page))
    if proof.answers:
        lines += ["", "Answers:"]
        for answer in proof.answers:
            label = f"{answer.field} (query {answer.query})" if answer.query is not None else answer.field
            value = _quoted(answer.value) if answer.value is not None else "no answer"
            lines.append(f"  {label}: {value}")
            if answer.query in placed.questions:
                lines.append(f"      asked: {_quoted(placed.questions[answer.query])}")
    unplaced = [i for i, m, p in zip(mark_ids(proof), proof.marks, placed.placements, strict=True)
                if m.unplaced or p.unplaced]
    if unplaced:
        them = "it" if len(unplaced) == 1 else "them"
        lines += ["", f"{_count(len(unplaced), 'mark')} could not be placed on the text ({', '.join(unplaced)}): "
                      f"look at {them} on the proof page."]
    return lines


def _describe(item_id: str, mark: Mark, placement: Placement, label: str | None = None) -> list[str]:
    at = f", {lines_words(placement.lines)}" if placement.lines else ""
    head = f"{item_id}  {page_words(mark.page, label)}{at}  {_kind_words(mark)}"
    if mark.unplaced:
        head += f"  UNPLACED: {mark.unplaced}"
    elif mark.kind in ("replace", "strike-out") and mark.edit:
        head += f"  {_quoted(mark.marked_text)}"
        if mark.edit.text is not None:
            head += f" → {_quoted(mark.edit.text)}"
    elif mark.kind == "insert" and mark.edit and mark.place:
        new = "a paragraph break" if mark.edit.paragraph and not mark.edit.text else _quoted(mark.edit.text)
        head += f"  {new} after “…{mark.place.before[-25:]}”, before “{mark.place.after[:25]}…”"
    elif mark.found:
        head += f"  {_quoted(mark.found.text)}"
    elif mark.place:
        head += f"  near “…{mark.place.before[-25:]} {mark.place.after[:25]}…”"
    lines = [head]
    if placement.jats:
        made = "" if placement.jats.manuscript else " (made from the manifest or the journal config, not the " \
            "manuscript)"
        lines.append(f"      in the JATS: {placement.jats.where}{made}, characters {placement.jats.start}-"
                     f"{placement.jats.end} of {placement.jats.xpath}")
    elif placement.unplaced and not mark.unplaced:
        lines.append(f"      UNPLACED in the JATS: {placement.unplaced}")
    if placement.proposal:
        lines.append(f"      proposed: {_proposed(placement.proposal)}")
    shown = {mark.edit.text} if mark.edit and mark.edit.text else set()
    if mark.comment.text and mark.comment.text not in shown:
        lines.append(f"      comment: {_quoted(mark.comment.text)}{_by(mark.comment)}")
    elif mark.comment.author:
        lines.append(f"      by {_by(mark.comment).strip()[1:-1]}")
    if mark.comment.rich_text:
        lines.append(f"      its rich text says otherwise: {_quoted(mark.comment.rich_text)}")
    if mark.edit and mark.edit.text and not mark.edit.certain:
        lines.append(f"      the new text is the author's {mark.edit.source}: check that it is meant word for word")
    for reply in mark.replies:
        said = f"{reply.state} " if reply.state else ""
        words = _quoted(reply.comment.text) if reply.comment.text else ""
        lines.append(f"      reply: {said}{words}{_by(reply.comment)}".rstrip())
    for key, value in mark.details.items():
        lines.append(f"      {key}: {value}")
    return lines


def _proposed(p: Proposal) -> str:
    if p.action == "delete":
        return f"delete {_quoted(p.text)}"
    if p.action == "insert":
        return f"insert {_quoted(p.new_text)} after “…{p.before[-20:]}”"
    return f"replace {_quoted(p.text)} with {_quoted(p.new_text)}"


def _kind_words(mark: Mark) -> str:
    if mark.kind == "replace":
        return "replace (strike-out and caret)" if "Caret" in mark.subtypes else \
            f"replace (strike-out with a {mark.edit.source if mark.edit else 'comment'})"
    if mark.kind == "strike-out":
        return "strike-out (delete)"
    return {"insert": "insert (caret)", "note": "sticky note", "free-text": "text box"}.get(mark.kind, mark.kind)


def _by(comment: Comment) -> str:
    who = comment.author or ""
    when = (comment.modified or comment.created or "")[:16].replace("T", " ")
    return f" ({', '.join(p for p in (who, when) if p)})" if who or when else ""


def _quoted(text: str | None) -> str:
    if text is None:
        return "(no text)"
    if "\n" not in text:
        return f"“{text}”"  # spaces and all: a caret's text may begin with one
    return "“" + " / ".join(line.strip() for line in text.splitlines() if line.strip()) + "”"


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


# --- the command ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    proof: ReturnedProof
    written: Written
    findings: list[Finding]
    placed: Placed


def _questions(sent: Path) -> dict[int, str]:
    """The queries the proof printed, by number (from the queries file the build wrote beside it)."""
    try:
        data = json.loads(queries_file.path_for(sent).read_text(encoding="utf-8"))
        return {int(q["number"]): str(q["text"]) for q in data["queries"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def proof_round(proof: ReturnedProof, issue_build: Path, article: str) -> int:
    """The round of the returned proof: what the proof says of itself (its document information), else the last
    round the ledger says was sent to the author, else 1."""
    if proof.said_round:
        return proof.said_round
    from pipeline.proof.ledger import ProofLedger

    try:
        last = ProofLedger.load(issue_build, issue_build.name).last(article)
    except PipelineError:  # a damaged ledger: sending reports that; here the round is only a label
        last = None
    return last.round if last else 1


def read_corrections(manifest: Path, article: str, pdf: Path, build_root: Path, *, replace: bool = False) -> Reading:
    """Read `pdf`, returned for `article` of the issue `manifest`, and write the article's corrections file in
    the issue's build folder. Raises PipelineError for an unknown article, an article not built, a PDF that
    cannot be read, or a corrections file whose decisions would be lost."""
    from pipeline.config import ConfigError, load_issue
    from pipeline.proof.annotations import read_returned_proof

    try:
        loaded = load_issue(manifest)
    except ConfigError as exc:
        raise exc.as_pipeline_error() from None
    ids = [a.id for a in loaded.manifest.articles]
    if article not in ids:
        raise fail("config.invalid", f"the issue has no article {article!r}; its articles: {', '.join(ids)}",
                   file=str(manifest))
    folder = build_root / loaded.key / "articles" / article
    sent = sorted(folder.glob("*.proof.pdf")) if folder.is_dir() else []
    if not sent:
        raise fail("proof.not-built", f"{article} has not been built (no proof in {folder}), so its corrections have "
                   "no place to go: build the issue first (make issue)", file=str(folder))
    proof = read_returned_proof(pdf)
    findings = _sameness(proof, sent[0], article)
    placed = Placed(place_marks(proof, folder), _questions(sent[0]), proof_round(proof, build_root / loaded.key,
                                                                                  article), proof.labels)
    findings += [Finding.of("proof.unplaced", f"{item_id} ({mark.kind}): {mark.unplaced or placement.unplaced}",
                            file=str(pdf), location=f"page {mark.page}", article=article, stage="corrections")
                 for item_id, mark, placement in zip(mark_ids(proof), proof.marks, placed.placements, strict=True)
                 if mark.unplaced or placement.unplaced]
    accent = loaded.journal.house_style.colours.web.get("accent", "#000")
    return Reading(proof, write_corrections(folder, proof, article, replace=replace, placed=placed, accent=accent),
                   findings, placed)


def _sameness(proof: ReturnedProof, sent: Path, article: str) -> list[Finding]:
    """Whether the returned PDF is the proof made for the article: readers keep the first part of its /ID and
    its pages when they save annotations."""
    import pikepdf

    with pikepdf.open(sent) as made:
        ids = made.trailer.get("/ID")
        identifier = bytes(ids[0]).hex() if isinstance(ids, pikepdf.Array) and len(ids) else None
        pages = len(made.pages)
    problems = []
    if identifier and proof.identifier and identifier != proof.identifier:
        problems.append("its PDF identifier is not the one of the proof made for the article")
    if pages != proof.pages:
        problems.append(f"it has {proof.pages} pages, the proof made for the article {pages}")
    if not problems:
        return []
    return [Finding.of("proof.other-file", f"{'; '.join(problems)}: check that this is the returned proof of "
                       f"{article} (a proof of another article, or a proof made before the last rebuild?)",
                       file=str(proof.file), article=article, stage="corrections")]
