"""The proof's form fields: how the field for an author query is named, and which query a field answers.

One field per query, named after the query's flag (AQ1, AQ2 ...), so that an answer read back from a returned
proof finds its query again by name, and one for the author's general comments. The renderer that adds the fields
(pipeline/render/proof_pages.py) and the reader of returned proofs (annotations.py) both use these names.
"""

from __future__ import annotations

import re

QUERY_FIELD = re.compile(r"^AQ(\d+)$")


def query_field_name(number: int) -> str:
    return f"AQ{number}"


def query_number(field_name: str) -> int | None:
    """The query a field answers (its name's last part is AQ<n>), or None for any other field."""
    m = QUERY_FIELD.match(field_name.rsplit(".", 1)[-1].strip())
    return int(m.group(1)) if m else None


COMMENTS_FIELD = "comments"  # the proof's field for the author's general comments
