"""Hypothesis profiles for the fuzz tests: "suite" (few examples, the same ones every run, no example database:
CI stays deterministic and fast) and "fuzz" (`make fuzz`: many new examples, kept in .hypothesis/ so that what
fails once is tried first next time). HYPOTHESIS_PROFILE chooses; "suite" by default."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("suite", max_examples=30, derandomize=True, database=None, deadline=None,
                          print_blob=True)
settings.register_profile("fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "500")), deadline=None,
                          print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))
