"""An append-only JSON ledger of what left the building (deposits, proof e-mails), written atomically.

Entries are only ever appended, and the file is rewritten atomically right after each one, so that a run that
stops half-way keeps the record of what it had already sent. A damaged ledger is an error, never an empty
ledger: without it, what was sent is unknown, and everything would be sent again. The deposit ledger
(pipeline/deposit/ledger.py) and the proof ledger (pipeline/proof/ledger.py) are this with their own entries.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar, Generic, Self, TypeVar

from pipeline import xmlio
from pipeline.diagnostics import PipelineError

E = TypeVar("E")


class AppendOnlyLedger(Generic[E]):
    KEY: ClassVar[str]  # the list's name in the file ("deliveries", "sent")
    FILE: ClassVar[Path]  # where it lives inside the issue's build folder

    def __init__(self, path: Path, issue: str, entries: list[E] | None = None):
        self.path, self.issue = path, issue
        self.entries: list[E] = entries or []

    # What a ledger of one kind says about its entries and its damage.
    @staticmethod
    def entry_from_dict(data: dict) -> E:
        raise NotImplementedError

    @staticmethod
    def entry_to_dict(entry: E) -> dict[str, Any]:
        raise NotImplementedError

    @classmethod
    def damaged(cls, path: Path) -> PipelineError:
        raise NotImplementedError

    @classmethod
    def load(cls, issue_folder: Path, issue: str) -> Self:
        """The ledger of the issue whose build folder is `issue_folder`."""
        return cls.read(issue_folder / cls.FILE, issue)

    @classmethod
    def read(cls, path: Path, issue: str) -> Self:
        """The ledger at `path` (empty when there is none yet); raises `damaged` for one that cannot be read back
        whole."""
        if not path.is_file():
            return cls(path, issue)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(path, issue, [cls.entry_from_dict(e) for e in data[cls.KEY]])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            raise cls.damaged(path) from None

    def record(self, entry: E) -> None:
        """Append an entry and rewrite the ledger at once (atomically)."""
        self.entries.append(entry)
        xmlio.write_bytes_atomic(self.path, self.to_bytes())

    def to_bytes(self) -> bytes:
        data = {"issue": self.issue, self.KEY: [self.entry_to_dict(e) for e in self.entries]}
        return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
