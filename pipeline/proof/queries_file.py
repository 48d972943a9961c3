"""The author queries a proof prints -> <base>.proof.queries.json beside the proof PDF.

The issue build writes it when it makes the proof; sending the proof reads it, so that the e-mail lists exactly
the queries the PDF prints, numbered as it numbers them. The proof's sha256 ties the two together: a proof
replaced without its queries file is refused rather than sent with the wrong questions.

    {"proof": "jour-2023-232299.proof.pdf", "sha256": "...",
     "queries": [{"number": 1, "label": "AQ1", "text": "...", "page": 571, "line": 4, ...}]}

A query's page and line are where the proof prints its flag (the page's printed number); a query about the whole
article has none.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from pipeline import xmlio
from pipeline.diagnostics import fail
from pipeline.render.queries import Query


def path_for(proof: Path) -> Path:
    """jour-2023-232299.proof.pdf -> jour-2023-232299.proof.queries.json"""
    return proof.with_name(proof.name.removesuffix(".pdf") + ".queries.json")


def write(proof: Path, queries: Sequence[Query]) -> Path:
    data = {"proof": proof.name, "sha256": hashlib.sha256(proof.read_bytes()).hexdigest(),
            "queries": [{**dataclasses.asdict(q), "label": q.label} for q in queries]}
    path = path_for(proof)
    xmlio.write_bytes_atomic(path, (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode())
    return path


def read(proof: Path, sha256: str, article: str | None = None) -> list[dict]:
    """The queries printed in `proof` (whose content has `sha256`), each with at least a number and a text."""
    path = path_for(proof)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        queries = data["queries"]
        ok = (data["sha256"] == sha256 and isinstance(queries, list)
              and all(isinstance(q["number"], int) and isinstance(q["text"], str) for q in queries))
    except FileNotFoundError:
        raise fail("proof.not-built", f"the proof has no queries file ({path.name}): it was made by an older "
                   "build; rebuild the issue (make issue)", file=str(path), article=article) from None
    except (OSError, ValueError, KeyError, TypeError):
        ok = False
    if not ok:
        raise fail("proof.not-built", f"{path.name} does not belong to the proof {proof.name} (the proof was "
                   "replaced or the file is damaged), so the queries to send are not known; rebuild the issue "
                   "(make issue)", file=str(path), article=article)
    return queries
