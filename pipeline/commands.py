"""The commands, a registry (name -> function, its arguments, its help); pipeline/cli.py makes the parser.

Each command imports the stage it runs when it runs, so that `--help` stays quick.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from pipeline.config import ConfigError
from pipeline.diagnostics import Severity

PROJECT = Path(__file__).resolve().parent.parent
COMMANDS: dict[str, tuple[Callable[[argparse.Namespace], int], Callable[[argparse.ArgumentParser], None], str]] = {}


def command(name: str, help_text: str, arguments: Callable[[argparse.ArgumentParser], None] = lambda p: None):
    def register(function: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        COMMANDS[name] = (function, arguments, help_text)
        return function

    return register


# --- schemas ------------------------------------------------------------------------------------------------------

def _schema_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["install", "verify", "catalog"])
    parser.add_argument("--source", type=Path, default=None,
                        help="folder laid out like the store (default: $SCHEMA_SOURCE, else download)")
    parser.add_argument("--mirror", default=os.environ.get("SCHEMA_MIRROR"),
                        help="base URL of a mirror of the store (default: $SCHEMA_MIRROR)")


@command("schemas", "install, verify or re-catalog the schema store", _schema_args)
def schemas_command(args: argparse.Namespace) -> int:
    from pipeline import schemastore

    if args.action == "install":
        source = args.source or (Path(os.environ["SCHEMA_SOURCE"]) if os.environ.get("SCHEMA_SOURCE") else None)
        if source is not None and not source.is_dir():
            print(f"schema source {source} is not a folder", file=sys.stderr)
            return 1
        schemastore.install(source=source, mirror=args.mirror)
        return 0
    if args.action == "verify":
        problems = schemastore.verify()
        for problem in problems:
            print(problem, file=sys.stderr)
        print("schema store verified" if not problems else f"{len(problems)} problems")
        return 1 if problems else 0
    schemastore.write_catalog()
    print(f"wrote {schemastore.CATALOG.relative_to(PROJECT)}")
    return 0


# --- stages -------------------------------------------------------------------------------------------------------

def _issue_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("manifest", type=Path, help="the issue manifest (issue.yaml)")
    parser.add_argument("--build", type=Path, default=PROJECT / "build", help="build folder (default: build/)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print warnings as well as errors")
    parser.add_argument("-j", "--jobs", type=_jobs, default=None,
                        help="articles worked on at once, each in a process of its own (default: every core; 1: one "
                        "at a time). The outputs are the same bytes whatever it is")
    parser.add_argument("--force", action="store_true",
                        help="run every stage again, even those whose inputs did not change since the last build")


def _jobs(value: str) -> int | None:
    if value.strip() in ("", "0"):
        return None  # as many as there are cores
    if not value.strip().isdigit():
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes (JOBS=2, or 1 for one at a time)")
    return int(value)


@command("issue", "build every output of an issue from its manifest", _issue_args)
def issue_command(args: argparse.Namespace) -> int:
    from pipeline.issue.build import build_issue
    from pipeline.issue.progress import Progress

    try:
        build = build_issue(args.manifest, args.build, Progress(verbose=args.verbose), jobs=args.jobs,
                            force=args.force)
    except ConfigError as exc:
        raise exc.as_pipeline_error() from None
    issue_errors = [f for f in build.findings if f.severity is Severity.ERROR]
    return 1 if build.failed or issue_errors else 0


def _rerender_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("issues", type=Path, nargs="+", metavar="DIR_OR_ISSUE",
                        help="issue manifests (issue.yaml), or folders searched for them")
    parser.add_argument("--build", type=Path, default=PROJECT / "build",
                        help="the build folder the issues were built into (default: build/)")
    parser.add_argument("--out", type=Path, default=PROJECT / "build" / "rerender",
                        help="where the new files go: <out>/<issue>/articles/<id>/ (default: build/rerender/)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--scheduler", default=None, metavar="tcp://HOST:8786",
                       help="a Dask scheduler whose workers have the project installed and these folders shared "
                       "(default: a LocalCluster of this machine's cores)")
    where.add_argument("--serial", action="store_true", help="one article after another in this process")


@command("rerender", "render the built articles of issues again (final and archive PDFs, HTML), on a Dask cluster",
         _rerender_args)
def rerender_command(args: argparse.Namespace) -> int:
    from pipeline.render.backlist import jobs_of, rerender

    try:
        jobs, missing = jobs_of(args.issues, args.build, args.out)
    except ConfigError as exc:
        raise exc.as_pipeline_error() from None
    for line in missing:
        print(line)

    def report(result) -> None:
        state = "failed: " + result.problem if result.failed else ("unchanged" if result.resumed else "rendered")
        print(f"{result.job}: {state}", flush=True)

    results = rerender(jobs, scheduler=args.scheduler, serial=args.serial, report=report)
    failed = [r for r in results if r.failed]
    print(f"{len(results) - len(failed)} of {len(results)} articles rendered again"
          f"{f', {len(failed)} failed' if failed else ''} -> {args.out}")
    return 1 if failed or missing else 0


def _convert_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("manuscript", type=Path, help="the manuscript (.docx)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="where to write the JATS XML")
    parser.add_argument("--figures", type=Path, default=None, help="folder with the figure files (optional)")
    parser.add_argument("--journal", default=None, help="the journal's id, its config being config/journals/<id>.yaml "
                        "(needed only when there is more than one)")
    parser.add_argument("--type", default=None, help="article type of the journal's config (default: the first it "
                        "lists)")


@command("convert", "convert one manuscript to JATS and print what was found", _convert_args)
def convert_command(args: argparse.Namespace) -> int:
    from pipeline import xmlio
    from pipeline.config import journal_file, journal_ids, load_journal
    from pipeline.ingest import convert

    known = journal_ids()
    journal_id = args.journal or (known[0] if len(known) == 1 else None)
    if journal_id not in known:
        said = f"unknown journal {args.journal!r}" if args.journal else "name the journal with --journal"
        print(f"{said} (journals: {', '.join(known)})", file=sys.stderr)
        return 2
    try:
        journal = load_journal(journal_file(journal_id, "--journal"))
    except ConfigError as exc:
        raise exc.as_pipeline_error() from None
    article_type = args.type or next(iter(journal.article_types))
    if article_type not in journal.article_types:
        print(f"unknown article type {article_type!r}; the journal's types: {', '.join(journal.article_types)}",
              file=sys.stderr)
        return 2
    if args.figures is not None and not args.figures.is_dir():
        print(f"ERROR [input.missing-file] {args.figures}: the figures folder does not exist", file=sys.stderr)
        return 2
    figures = sorted(p for p in args.figures.iterdir() if p.is_file()) if args.figures else []
    problem = output_problem(args.output, [args.manuscript, *figures])
    if problem:
        print(f"ERROR [config.invalid] {args.output}: {problem}", file=sys.stderr)
        return 2
    result = convert(args.manuscript, figures, journal, article_type)
    try:
        xmlio.write_jats(args.output, result.article)
    except OSError as exc:
        print(f"ERROR [config.invalid] {args.output}: the JATS cannot be written there ({exc.strerror or exc})",
              file=sys.stderr)
        return 2
    for finding in result.findings:
        print(finding)
    stats = ", ".join(f"{k} {v}" for k, v in sorted(result.stats.items()))
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    print(f"wrote {args.output}: {stats}; {len(errors)} errors, "
          f"{sum(1 for f in result.findings if f.severity is Severity.WARNING)} warnings")
    return 1 if errors else 0


def output_problem(output: Path, inputs: list[Path]) -> str | None:
    """Why `convert` may not write to `output`, checked before any work: it writes that one file and nothing
    else, never over one of its inputs, and never creates folders."""
    if output.is_dir():
        return "this is a folder: give the name of the file to write (for example -o article.xml)"
    target = output.resolve()
    for source in inputs:
        if source.exists() and (target == source.resolve() or (output.exists() and output.samefile(source))):
            return f"this is the input {source.name}: writing the JATS there would destroy it; give another name"
    folder = target.parent
    if not folder.is_dir():
        return f"the folder {folder} does not exist"
    try:  # as the atomic write will: a temporary file beside the output (root may not write to /proc either)
        with tempfile.TemporaryFile(dir=folder, prefix=f".{output.name}."):
            pass
    except OSError as exc:
        return f"the folder {folder} cannot be written to ({exc.strerror or exc})"
    if output.exists() and not os.access(output, os.W_OK):
        return f"the file {output} cannot be written to"
    return None


def _deposit_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("manifest", type=Path, help="the issue manifest (issue.yaml)")
    parser.add_argument("--build", type=Path, default=PROJECT / "build", help="build folder (default: build/)")
    parser.add_argument("--dry-run", action="store_true",
                        help="show what would be sent and why the rest would not; connect to nothing, change nothing")
    parser.add_argument("--allow-placeholders", action="store_true",
                        help="also deliver articles with placeholder manuscript numbers: for test servers only "
                        "(never to Crossref's or NCBI's production services)")


@command("deposit", "deliver the issue's PMC packages, PubMed and Crossref files (docs/deposit-delivery.md)",
         _deposit_args)
def deposit_command(args: argparse.Namespace) -> int:
    from pipeline.deposit.deliver import deliver_issue

    result = deliver_issue(args.manifest, args.build, dry_run=args.dry_run,
                           allow_placeholders=args.allow_placeholders, env=os.environ,
                           report=lambda delivery: print(delivery, flush=True))
    for finding in result.findings:
        print(finding)
    print(result.summary())
    return 1 if result.failed else 0


def _proofs_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("manifest", type=Path, help="the issue manifest (issue.yaml)")
    parser.add_argument("--build", type=Path, default=PROJECT / "build", help="build folder (default: build/)")
    parser.add_argument("--only", action="append", default=[], metavar="ID",
                        help="send only this article's proof (the manifest's id, e.g. 02-pope; may be repeated)")
    parser.add_argument("--dry-run", action="store_true",
                        help="write the exact messages to build/<issue>/proofs/dry-run/ and send nothing")
    parser.add_argument("--resend", action="store_true",
                        help="send again proofs the authors already have (e.g. a lost e-mail), as the same round")
    parser.add_argument("--allow-placeholders", action="store_true",
                        help="send even while the journal's proof addresses are example.org placeholders: for test "
                        "servers only")
    parser.add_argument("--now", default=None, metavar="YYYY-MM-DDTHH:MM[:SS][+HH:MM]",
                        help="the moment to date the messages and count the deadline from (default: $PROOF_NOW, "
                        "else the clock); a time without zone is UTC")


@command("proofs", "send each article's proof to its corresponding author (docs/proof-cycle.md)", _proofs_args)
def proofs_command(args: argparse.Namespace) -> int:
    import datetime as dt
    import os

    from pipeline.proof.send import send_proofs, utc_now

    when = args.now or os.environ.get("PROOF_NOW") or ""
    clock = utc_now
    if when.strip():
        try:
            fixed = dt.datetime.fromisoformat(when.strip().replace("Z", "+00:00"))
        except ValueError:
            print(f"--now/PROOF_NOW {when!r} is not a moment such as 2023-06-01T09:00:00Z", file=sys.stderr)
            return 2
        clock = lambda: fixed  # noqa: E731
    result = send_proofs(args.manifest, args.build, only=[i for item in args.only for i in item.split(",") if i],
                         dry_run=args.dry_run, resend=args.resend, allow_placeholders=args.allow_placeholders,
                         env=os.environ, clock=clock, report=lambda outcome: print(outcome, flush=True))
    for finding in result.findings:
        print(finding)
    print(result.summary())
    return 1 if result.failed else 0


@command("doctor", "check that this machine has everything the pipeline needs, and say how to fix what is missing")
def doctor_command(args: argparse.Namespace) -> int:
    from pipeline.machine import doctor

    return doctor.run()


def _accept_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("manifest", type=Path, help="the issue manifest (issue.yaml)")
    parser.add_argument("article", help="the article's id in the manifest (02-pope)")
    parser.add_argument("--build", type=Path, default=PROJECT / "build", help="build folder (default: build/)")


@command("accept-corrections", "copy the corrections production accepted (accept: true in the build's "
         "corrections.yaml) into the issue folder's corrections/<article>.yaml, which every build applies",
         _accept_args)
def accept_command(args: argparse.Namespace) -> int:
    from pipeline.proof.accept import accept_corrections

    done = accept_corrections(args.manifest, args.article, args.build)
    for correction in done.added:
        print(f"  {correction.id}  {correction.describe()}  ({correction.where})")
    for finding in done.findings:
        print(finding)
    kept = f", {done.kept} kept from before" if done.kept else ""
    print(f"\nWrote {done.path}: {len(done.added)} corrections accepted from this proof{kept}. The next build "
          "(make issue) makes them.")
    return 0


def _corrections_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("manifest", type=Path, help="the issue manifest (issue.yaml)")
    parser.add_argument("article", help="the article's id in the manifest (02-pope)")
    parser.add_argument("pdf", type=Path, help="the proof PDF the author sent back, with annotations and answers")
    parser.add_argument("--build", type=Path, default=PROJECT / "build", help="build folder (default: build/)")
    parser.add_argument("--replace", action="store_true",
                        help="start the corrections file again even if it holds decisions on another returned proof")


@command("corrections", "read a returned proof: list its marks and answers, write the article's corrections.yaml",
         _corrections_args)
def corrections_command(args: argparse.Namespace) -> int:
    from pipeline.proof.corrections import listing, read_corrections

    reading = read_corrections(args.manifest, args.article, args.pdf, args.build, replace=args.replace)
    print("\n".join(listing(reading.proof, args.article, reading.placed)))
    for finding in reading.findings:
        print(finding)
    kept = f" ({reading.written.kept} decisions kept from the file as it was)" if reading.written.kept else ""
    print(f"\nWrote {reading.written.path}: {reading.written.items} items{kept}; set accept: true or false on each, "
          "then run make accept-corrections.")
    if reading.written.page:
        print(f"The list with a crop of the proof around each: {reading.written.page}")
    return 0
