"""The command line: `python -m pipeline <command>` (or the `jats-pipeline` console script).

The commands are a registry (pipeline/commands.py, name -> function); the Makefile calls them. Every
command turns a PipelineError into a plain message and exit status 1, so production staff never see a
traceback for bad input.
"""

from __future__ import annotations

import argparse
import sys

from pipeline.commands import COMMANDS
from pipeline.diagnostics import PipelineError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jats-pipeline", description="Journal production pipeline: DOCX to JATS, "
                                     "HTML, PDF and deposits.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in sorted(COMMANDS):
        function, arguments, help_text = COMMANDS[name]
        p = sub.add_parser(name, help=help_text, description=help_text)
        arguments(p)
        p.set_defaults(handler=function)
    return parser


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
