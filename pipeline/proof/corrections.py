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

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipeline import xmlio
from pipeline.diagnostics import Finding, fail
from pipeline.proof.annotations import Answer, Comment, Mark, ReturnedProof

PROJECT = Path(__file__).resolve().parents[2]
FILE_NAME = "corrections.yaml"
HEADER = ("# Corrections read from a returned proof. For each item set accept: true (make the change) or\n"
          "# accept: false (leave it); leave null what is not decided yet. Re-reading the same PDF keeps these.\n")


@dataclass(frozen=True)
class Written:
    path: Path
    items: int
    kept: int  # decisions carried over from the file as it was


def mark_ids(proof: ReturnedProof) -> list[str]:
    return [f"C{n}" for n in range(1, len(proof.marks) + 1)]


def answer_id(answer: Answer, taken: set[str]) -> str:
    return answer.field if answer.field not in taken else f"field {answer.field}"


def document(proof: ReturnedProof, article: str) -> dict[str, Any]:
    items: list[dict[str, Any]] = [_mark_item(i, m) for i, m in zip(mark_ids(proof), proof.marks, strict=True)]
    taken = {item["id"] for item in items}
    items += [_answer_item(answer_id(a, taken), a) for a in proof.answers]
    c = proof.counts
    return {
        "article": article,
        "proof": {"file": proof.file.name, "sha256": proof.sha256, "pages": proof.pages},
        "read": {"annotations": c.annotations, "marks": c.marks, "replies": c.replies, "paired_or_grouped": c.grouped,
                 "popups": c.popups, "form_widgets": c.form_widgets, "links": c.links,
                 "form_fields": len(proof.answers)},
        "items": items,
    }


def write_corrections(folder: Path, proof: ReturnedProof, article: str, *, replace: bool = False) -> Written:
    """Write folder/corrections.yaml for `proof`, keeping the decisions of an earlier reading of the same PDF."""
    path = folder / FILE_NAME
    new = document(proof, article)
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
    return Written(path, len(new["items"]), kept)


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


def _mark_item(item_id: str, mark: Mark) -> dict[str, Any]:
    item: dict[str, Any] = {"id": item_id, "kind": mark.kind, "page": mark.page}
    if mark.found:
        item["marked_text"] = mark.found.text
    if mark.edit:
        item["edit"] = _drop_none({"action": mark.edit.action, "new_text": mark.edit.text,
                                   "new_text_from": mark.edit.source, "certain": mark.edit.certain,
                                   "paragraph_break": mark.edit.paragraph or None})
    item.update(_comment(mark.comment))
    if mark.replies:
        item["replies"] = [_drop_none({"pdf_annotation": r.ref, "in_reply_to": r.in_reply_to, "state": r.state,
                                       **_comment(r.comment)}) for r in mark.replies]
    if mark.unplaced:
        item["unplaced"] = mark.unplaced
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


def _answer_item(item_id: str, answer: Answer) -> dict[str, Any]:
    item = _drop_none({"id": item_id, "kind": "answer", "field": answer.field, "query": answer.query,
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


def listing(proof: ReturnedProof, article: str) -> list[str]:
    """What was read, in plain words: one entry per mark and per form field."""
    c = proof.counts
    lines = [f"Read {proof.file.name} for {article} ({proof.pages} pages): {_count(c.marks, 'mark')}"
             f" ({_count(c.replies, 'reply', 'replies')}, {c.grouped} paired or grouped with them) and "
             f"{_count(len(proof.answers), 'form field')}; not marks: {_count(c.links, 'link')} of the proof, "
             f"{_count(c.popups, 'popup window')}, {_count(c.form_widgets, 'form widget')}.",
             f"All {c.annotations} annotations of the PDF are accounted for."]
    for item_id, mark in zip(mark_ids(proof), proof.marks, strict=True):
        lines.append("")
        lines += _describe(item_id, mark)
    if proof.answers:
        lines += ["", "Answers:"]
        for answer in proof.answers:
            label = f"{answer.field} (query {answer.query})" if answer.query is not None else answer.field
            value = _quoted(answer.value) if answer.value is not None else "no answer"
            lines.append(f"  {label}: {value}")
    unplaced = [i for i, m in zip(mark_ids(proof), proof.marks, strict=True) if m.unplaced]
    if unplaced:
        them = "it" if len(unplaced) == 1 else "them"
        lines += ["", f"{_count(len(unplaced), 'mark')} could not be placed on the text ({', '.join(unplaced)}): "
                      f"look at {them} on the proof page."]
    return lines


def _describe(item_id: str, mark: Mark) -> list[str]:
    head = f"{item_id}  page {mark.page}  {_kind_words(mark)}"
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


def read_corrections(manifest: Path, article: str, pdf: Path, build_root: Path, *, replace: bool = False) -> Reading:
    """Read `pdf`, returned for `article` of the issue `manifest`, and write the article's corrections file in
    the issue's build folder. Raises PipelineError for an unknown article, an article not built, a PDF that
    cannot be read, or a corrections file whose decisions would be lost."""
    from pipeline.config import ConfigError, load_issue, load_journal
    from pipeline.proof.annotations import read_returned_proof

    try:
        loaded = load_issue(manifest, load_journal(PROJECT / "config" / "journal.yaml"))
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
    findings += [Finding.of("proof.unplaced", f"{item_id} ({mark.kind}): {mark.unplaced}", file=str(pdf),
                            location=f"page {mark.page}", article=article, stage="corrections")
                 for item_id, mark in zip(mark_ids(proof), proof.marks, strict=True) if mark.unplaced]
    return Reading(proof, write_corrections(folder, proof, article, replace=replace), findings)


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
