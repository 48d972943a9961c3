"""The proof ledger: every proof e-mail an issue's authors were sent -> build/<issue>/proofs/ledger.json.

One entry per message the SMTP server accepted: which article, which proof round, the how-manieth message of the
article (`sending`), to whom (To and Cc), the proof (its file, sha256 and size), the number of queries, the
deadline, the Message-ID, when (UTC, the time the server accepted it), through which server (host, port,
security: never a user name or password), why it went (first proof, new proof, new address, resent on request)
and where the copy of the message as sent is kept. As with the deposit ledger (pipeline/deposit/ledger.py),
entries are only appended and the file is rewritten atomically right after each message is accepted, so that a
run that stops half-way keeps the record of what it sent, and a damaged ledger stops sending rather than risk
sending everything again. The issue build leaves the proofs/ folder alone.

    {"issue": "jour-29-04",
     "sent": [{"article": "02-pope", "cc": ["production@example.org"], "copy": "proofs/sent/02-pope-r1-1.eml",
               "deadline": "2023-06-06", "message_id": "<proof.jour-29-04.02-pope.r1.1.0a1b2c3d4e5f@...>",
               "proof": "articles/02-pope/jour-2023-232299.proof.pdf", "queries": 4, "reason": "first proof",
               "round": 1, "sending": 1, "sent_at": "2023-06-01T09:00:00Z",
               "server": {"host": "smtp.example.org", "port": 587, "security": "starttls"},
               "sha256": "...", "size": 1234567, "to": ["venkatesh.sudhakar@mayo.edu"]}]}
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline.diagnostics import PipelineError, fail
from pipeline.ledger import AppendOnlyLedger

FOLDER = Path("proofs")  # inside the build folder
LEDGER_FILE = FOLDER / "ledger.json"


@dataclass(frozen=True)
class Sending:
    article: str
    round: int
    sending: int
    to: list[str]
    cc: list[str]
    proof: str
    sha256: str
    size: int
    queries: int
    deadline: str
    message_id: str
    sent_at: str
    server: dict[str, str | int]
    reason: str
    copy: str

    @classmethod
    def from_dict(cls, data: dict) -> Sending:
        entry = cls(**{name: data[name] for name in cls.__dataclass_fields__})
        if not (isinstance(entry.article, str) and isinstance(entry.round, int) and isinstance(entry.sending, int)
                and isinstance(entry.sha256, str) and isinstance(entry.to, list)):
            raise TypeError("an entry of the wrong shape")
        return entry


class ProofLedger(AppendOnlyLedger[Sending]):
    """The issue's proof ledger (empty when no proof was sent yet)."""

    FILE = LEDGER_FILE
    KEY = "sent"
    entry_from_dict = staticmethod(Sending.from_dict)
    entry_to_dict = staticmethod(asdict)

    @classmethod
    def damaged(cls, path: Path) -> PipelineError:
        return fail("proof.ledger", "The proof ledger is damaged, so it is not known which proofs the authors "
                    "already have, and nothing is sent. Restore it from a backup (do not delete it: without it "
                    "every proof would be sent again).", file=str(path))

    def last(self, article: str) -> Sending | None:
        """The latest message the article's authors were sent."""
        return next((e for e in reversed(self.entries) if e.article == article), None)

    def count(self, article: str) -> int:
        return sum(1 for e in self.entries if e.article == article)
