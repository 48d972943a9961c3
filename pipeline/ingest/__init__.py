"""Ingest: a DOCX manuscript and its figure files -> JATS 1.3 (what the manuscript says), with findings.

    word file ─ inspect (features) ─ inventory (all its text, for the conservation check)
        └ prepare ─ pandoc (DOCX reader, JATS writer) ─ repair ─ blocks (+ text pandoc skipped) ─ parts
              parts ─ title page · abstract · keywords · main points · body · tables · figures · references
                    ─ citations and mentions linked ─ floats placed ─ article assembled
    article ─ DTD check ─ conservation check

`convert()` is the whole stage; what each Word feature becomes is written
down in docs/ingest-support.md. The article carries journal-meta from the
journal config (the DTD requires it); everything else about the issue is the
enrich stage's work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pipeline.config.journal import Journal
from pipeline.diagnostics import Finding, PipelineError
from pipeline.ingest import assemble, budgets, conservation, embedded_figures, labels, pandoc, wordfile
from pipeline.ingest.blocks import flatten, recovered
from pipeline.ingest.figures import IMAGE_SUFFIXES
from pipeline.ingest.segment import segment
from pipeline.validate.schemas import validate_jats


@dataclass
class IngestResult:
    article: etree._Element
    findings: list[Finding]
    figures: dict[str, Path] = field(default_factory=dict)  # name in the build -> file the author supplied
    stats: dict[str, int] = field(default_factory=dict)


def convert(docx: Path, figure_files: list[Path], journal: Journal, article_type: str | None = None,
            embedded_folder: Path | None = None) -> IngestResult:
    """The whole ingest stage for one manuscript. Raises PipelineError when the file cannot be read at all.
    The pictures pasted beside figure legends are written into `embedded_folder` (the article's build folder)
    for the figures that take them; with None they are judged the same but not written."""
    source = str(docx)
    if docx.is_dir():
        raise PipelineError(Finding.of("input.not-docx", "this is a folder, not a Word file", file=source))
    if not docx.is_file():
        raise PipelineError(Finding.of("input.missing-file", "the manuscript file does not exist", file=source))
    limits = journal.limits
    word = wordfile.WordFile(docx, limits)
    features = wordfile.inspect(word)
    findings = _feature_findings(features, source)
    inventory = wordfile.inventory(word)
    pasted = embedded_figures.find(word)
    # Budgets before pandoc and layout spend their time on it: a 5 MB paragraph stops here.
    budgets.check_paragraphs(((p.text, p.where) for p in inventory), limits, source)
    budgets.check_tables(wordfile.table_sizes(word), limits, source)
    raw = pandoc.read_docx(wordfile.prepare_for_pandoc(word), source)
    # What pandoc's reader skipped (some text boxes, cells of irregular tables) is kept from the Word file itself.
    skipped = conservation.not_read(inventory, raw)
    with labels.journal_words(journal.house_style):  # its abstract labels, what its key points are called
        parts = segment(flatten(raw) + recovered(skipped))
        budgets.check_references(sum(len(b.element.findall("list-item")) if b.kind == "list" else 1
                                     for b in parts.references), limits, source)
        figures: list[Path] = []
        for path in figure_files:
            problem = budgets.check_figure(path, limits) if path.suffix.lower() in IMAGE_SUFFIXES else None
            if problem is None:
                figures.append(path)
            else:
                findings.append(problem)
        embedded, pictures = embedded_figures.as_files(pasted, embedded_folder, limits)
        built = assemble.article(parts, raw, figures, journal, article_type, source, embedded)
    taken = [f.path for files in built.figure_files.values() for f in files if f.embedded is not None]
    if embedded_folder is not None:
        embedded_figures.write(taken, pictures)
    # Pictures paired with a paragraph the segmenter did not read as a legend (a figure of none of its legends).
    beside_no_legend = [pictures[f.path] for key, files in embedded.items() if key not in built.figure_files
                        for f in files]
    not_figures = embedded_figures.not_figures_finding(pasted, beside_no_legend, source)
    if not_figures is not None:
        findings.append(not_figures)
    findings.extend(f.with_context(file=f.file or source, stage="ingest") for f in built.findings)
    findings.extend(f.with_context(stage="ingest") for f in validate_jats(built.article, file=source))
    lost, stats = conservation.check(inventory, built.article, built.consumed, source)
    findings.extend(f.with_context(stage="ingest") for f in lost)
    stats.update(built.stats)
    stats["equations"] = features.equations
    return IngestResult(built.article, findings, built.figures, stats)


def _feature_findings(features: wordfile.Features, source: str) -> list[Finding]:
    out: list[Finding] = []
    where = {"file": source, "stage": "ingest"}
    if features.tracked_changes:
        out.append(Finding.of(
            "ingest.tracked-changes",
            f"the manuscript still has tracked changes ({features.insertions} insertions, {features.deletions} "
            f"deletions, {features.moves} moves, {features.format_changes} formatting changes); they were accepted",
            **where))
    if features.comments:
        out.append(Finding.of("ingest.comments", f"{features.comments} Word comment(s) were dropped; comments are "
                              "not part of the article", **where))
    if features.charts or features.diagrams:
        out.append(Finding.of("ingest.unsupported", f"{features.charts} chart(s) and {features.diagrams} diagram(s) "
                              "(SmartArt) are in the Word file; their text is not carried over — supply them as "
                              "figure files", **where))
    if features.ole_objects:
        out.append(Finding.of("ingest.unsupported", f"{features.ole_objects} embedded object(s) (OLE) are not carried "
                              "over", **where))
    if features.header_footer_text:
        out.append(Finding.of("ingest.unsupported", "text in page headers or footers is not part of the article: "
                              f"“{' / '.join(features.header_footer_text)[:120]}”", **where))
    return out
