"""Which round a proof is, and the dates its cover page prints: the proof ledger + the build's date -> ProofRound.

A proof is round 1 until one is sent. After that it is the round last sent for as long as it is the same PDF as
the one sent (a rebuild that changed nothing), and the next round, made on the build's date, once it differs
(which is what `make proofs` will send as the next round: pipeline/proof/send.py). Since the cover prints the
round and the dates, the same proof must print the same ones: they are read back from the PDF last sent (the
ledger keeps a copy of each message, attachment included), the proof is made with them first, and only when it
then differs from the PDF sent is it made again as the next round (`ProofRound.choose`).

The deadline on the cover counts the journal's working days from the day the proof was made (deadline.py, the
same rule as the e-mail's, which counts from the day it is sent).
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from pipeline.config.journal import Proofs
from pipeline.proof.deadline import due_after
from pipeline.proof.ledger import ProofLedger

# The proof's own entries in the PDF's document information: how a sent proof's stamp is read back.
ROUND_KEY = "/ProofRound"
MADE_KEY = "/ProofMade"
DEADLINE_KEY = "/ProofDeadline"


@dataclass(frozen=True)
class ProofStamp:
    """What the cover page says about the proof."""

    round: int
    made: dt.date
    deadline: dt.date


@dataclass(frozen=True)
class ProofRound:
    stamp: ProofStamp  # the proof is made with this first...
    sent_sha256: str | None = None  # ...and when a proof of this round was sent and this one differs from it,
    next: ProofStamp | None = None  # it is made again with this

    def choose(self, make: Callable[[ProofStamp], bytes]) -> tuple[bytes, ProofStamp]:
        """The proof's bytes, made with the stamp that is true of them."""
        data = make(self.stamp)
        if self.sent_sha256 and self.next and hashlib.sha256(data).hexdigest() != self.sent_sha256:
            return make(self.next), self.next
        return data, self.stamp


def stamp_on(made: dt.date, round_: int, proofs: Proofs) -> ProofStamp:
    return ProofStamp(round_, made, due_after(made, proofs))


def proof_round(issue_folder: Path, article: str, today: dt.date, proofs: Proofs) -> ProofRound:
    """The round of the proof the build makes today for `article` (a damaged ledger is a PipelineError)."""
    last = ProofLedger.load(issue_folder, issue_folder.name).last(article)
    if last is None:
        return ProofRound(stamp_on(today, 1, proofs))
    following = stamp_on(today, last.round + 1, proofs)
    sent = sent_stamp(issue_folder / last.copy)
    if sent is None:  # the copy of what was sent is gone: this proof cannot be told from it, so it is a new round
        return ProofRound(following)
    return ProofRound(sent, last.sha256, following)


def sent_stamp(copy: Path) -> ProofStamp | None:
    """The stamp of the proof attached to a message as sent (an .eml file), or None."""
    try:
        message = email.message_from_bytes(copy.read_bytes(), policy=email.policy.default)
    except OSError:
        return None
    for part in message.walk():
        if part.get_content_type() == "application/pdf":
            return read_stamp(part.get_payload(decode=True))
    return None


def read_stamp(pdf: bytes) -> ProofStamp | None:
    """The stamp a proof PDF carries in its document information, or None (not a proof, or an older one)."""
    try:
        with pikepdf.open(io.BytesIO(pdf)) as document:
            info = document.docinfo
            round_, made, due = (str(info.get(key, "")) for key in (ROUND_KEY, MADE_KEY, DEADLINE_KEY))
        return ProofStamp(int(round_), dt.date.fromisoformat(made), dt.date.fromisoformat(due))
    except (pikepdf.PdfError, ValueError):
        return None


def stamp_info(stamp: ProofStamp) -> dict[str, str]:
    """The document information entries that carry the stamp."""
    return {ROUND_KEY: str(stamp.round), MADE_KEY: stamp.made.isoformat(), DEADLINE_KEY: stamp.deadline.isoformat()}
