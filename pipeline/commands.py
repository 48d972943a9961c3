"""The commands that run stages: each registers itself with the command line (pipeline/cli.py)."""

from __future__ import annotations
