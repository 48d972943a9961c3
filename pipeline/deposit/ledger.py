"""The deposit ledger: every delivery of an issue's deposit files -> build/<issue>/deposit/ledger.json.

One entry per file that left the building: what was sent (the file in the build folder, the name it was given
on the server, its sha256 and size), where (the destination: kind, host, port, and the FTP directory or the
URL; never a user name or password), when (UTC, the time the server confirmed it) and whether it was a
correction (the same name had gone to the same destination before with other content). Entries are only
ever appended, in delivery order, and the file is rewritten atomically after each delivery (pipeline/ledger.py),
so a run that breaks off keeps the record of what it had already sent. The issue build leaves the deposit/
folder alone.

    {"deliveries": [{"correction": false,
                     "destination": {"directory": "/incoming", "host": "ftp.example.org", "kind": "ftp",
                                     "port": 21},
                     "file": "pmc/jour-29-04-0563.zip", "remote_name": "jour-29-04-0563.zip",
                     "sent_at": "2023-07-21T09:30:12Z", "sha256": "...", "size": 1234567, "target": "pmc"}],
     "issue": "jour-29-04"}
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.diagnostics import PipelineError, fail
from pipeline.ledger import AppendOnlyLedger

LEDGER_FILE = Path("deposit") / "ledger.json"  # inside the build folder


@dataclass(frozen=True)
class Destination:
    """Where a file goes, as recorded: enough to tell two servers or folders apart, and nothing secret."""

    kind: str  # "ftp", or "https" ("http" only for a test server on this machine)
    host: str
    port: int
    directory: str = ""  # FTP: the folder files are put in ("" for the account's own folder)
    url: str = ""  # HTTP(S): the address files are posted to (without user name, password or query)

    def to_dict(self) -> dict[str, str | int]:
        where: dict[str, str | int] = {"kind": self.kind, "host": self.host, "port": self.port}
        if self.kind == "ftp":
            where["directory"] = self.directory
        else:
            where["url"] = self.url
        return where

    @classmethod
    def from_dict(cls, data: dict) -> Destination:
        return cls(str(data["kind"]), str(data["host"]), int(data["port"]), str(data.get("directory", "")),
                   str(data.get("url", "")))

    def __str__(self) -> str:
        if self.kind == "ftp":
            folder = self.directory.strip("/")
            return f"ftp://{self.host}:{self.port}/{folder + '/' if folder else ''}"
        return self.url


@dataclass(frozen=True)
class Entry:
    target: str  # "pmc", "pubmed", "crossref"
    file: str  # the file in the build folder, relative to it
    remote_name: str  # the name it was given on the server
    sha256: str
    size: int
    destination: Destination
    sent_at: str  # UTC, ISO 8601: 2023-07-21T09:30:12Z
    correction: bool = False

    def to_dict(self) -> dict:
        return {"target": self.target, "file": self.file, "remote_name": self.remote_name, "sha256": self.sha256,
                "size": self.size, "destination": self.destination.to_dict(), "sent_at": self.sent_at,
                "correction": self.correction}

    @classmethod
    def from_dict(cls, data: dict) -> Entry:
        return cls(str(data["target"]), str(data["file"]), str(data["remote_name"]), str(data["sha256"]),
                   int(data["size"]), Destination.from_dict(data["destination"]), str(data["sent_at"]),
                   bool(data["correction"]))


class Ledger(AppendOnlyLedger[Entry]):
    """The issue's deposit ledger (empty when nothing was delivered yet)."""

    FILE = LEDGER_FILE
    KEY = "deliveries"
    entry_from_dict = staticmethod(Entry.from_dict)
    entry_to_dict = staticmethod(Entry.to_dict)

    @classmethod
    def damaged(cls, path: Path) -> PipelineError:
        return fail("deliver.ledger", "The deposit ledger is damaged, so it is not known what was already "
                    "delivered, and nothing is sent. Restore it from a backup (do not delete it: without it "
                    "every file would be sent again).", file=str(path))

    def last(self, destination: Destination, remote_name: str) -> Entry | None:
        """The latest delivery of `remote_name` to `destination`: what the server holds under that name."""
        return next((e for e in reversed(self.entries)
                     if e.destination == destination and e.remote_name == remote_name), None)
