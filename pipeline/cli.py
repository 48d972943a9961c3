"""The command line: `python -m pipeline <command>` (or the `jats-pipeline` console script).

Commands are a registry (name -> function); the Makefile calls them. Every
command turns a PipelineError into a plain message and exit status 1, so
production staff never see a traceback for bad input.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from pipeline.diagnostics import PipelineError

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


# --- main ---------------------------------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    _load_commands()
    parser = argparse.ArgumentParser(prog="jats-pipeline", description="Journal production pipeline: DOCX to JATS, "
                                     "HTML, PDF and deposits.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in sorted(COMMANDS):
        function, arguments, help_text = COMMANDS[name]
        p = sub.add_parser(name, help=help_text, description=help_text)
        arguments(p)
        p.set_defaults(handler=function)
    return parser


def _load_commands() -> None:
    """Commands defined in the stage packages register themselves on import."""
    import pipeline.commands  # noqa: F401


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except PipelineError as exc:
        print(str(exc.finding), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
