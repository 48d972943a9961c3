"""The round and dates a proof's cover prints (pipeline/proof/rounds.py), from the proof ledger: round 1 until a proof
is sent; the round and dates of the proof sent for as long as the rebuilt proof is the same PDF; the next round,
made on the build's date, once it differs, or when the copy of what was sent is gone.

The proof PDFs are made by the real renderer (render_pdf) and the messages are real .eml files with the PDF
attached, as the sender keeps them.
"""

from __future__ import annotations

import datetime as dt
import email.message
import hashlib
from pathlib import Path

import pytest

from pipeline.proof.deadline import due_after
from pipeline.proof.ledger import LEDGER_FILE, ProofLedger, Sending
from pipeline.proof.rounds import ProofRound, ProofStamp, proof_round, read_stamp, stamp_on
from pipeline.render import pdf
from tests.render.test_pdf import ISSUE_DATE, JOURNAL, PROFILE, figures

PROOFS = JOURNAL.proofs
SENT_ON = dt.date(2023, 7, 3)  # a Monday
REBUILT_ON = dt.date(2023, 7, 10)


def make_proof(out: Path, name: str, stamp: ProofStamp, *, source=PROFILE, queries=()) -> Path:
    folder = figures(out / "figures", "f1a.jpg", "f1b.jpg", "f2.jpg")
    made = pdf.render_pdf(source, out / f"{name}.pdf", JOURNAL, "proof", figures_dir=folder, first_page=571,
                          issue_date=ISSUE_DATE, queries=list(queries), proof_round=ProofRound(stamp))
    return made.path


def send(issue_folder: Path, proof: Path, round_: int) -> None:
    """Record in the ledger a message that carried `proof`, with its copy, as pipeline/proof/send.py does."""
    message = email.message.EmailMessage()
    message["Subject"] = "proof"
    message.set_content("The proof is attached.")
    message.add_attachment(proof.read_bytes(), maintype="application", subtype="pdf", filename=proof.name)
    copy = Path("proofs/sent") / f"02-pope-r{round_}-1.eml"
    (issue_folder / copy).parent.mkdir(parents=True, exist_ok=True)
    (issue_folder / copy).write_bytes(message.as_bytes())
    ledger = ProofLedger.load(issue_folder, issue_folder.name)
    data = proof.read_bytes()
    ledger.record(Sending("02-pope", round_, 1, ["author@example.org"], ["production@example.org"], proof.name,
                         hashlib.sha256(data).hexdigest(), len(data), 0, "2023-07-06", "<m@example.org>",
                         "2023-07-03T08:00:00Z", {"host": "localhost", "port": 25, "security": "none"},
                         "first proof", copy.as_posix()))


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An issue folder whose ledger says the round-1 proof of 02-pope was sent on SENT_ON."""
    issue_folder = tmp_path_factory.mktemp("build") / "dir-29-04"
    issue_folder.mkdir()
    proof = make_proof(issue_folder, "sent", stamp_on(SENT_ON, 1, PROOFS))
    send(issue_folder, proof, 1)
    return issue_folder, proof


def test_round_1_made_today_until_a_proof_is_sent(tmp_path: Path) -> None:
    made = proof_round(tmp_path, "02-pope", REBUILT_ON, PROOFS)
    assert made == ProofRound(ProofStamp(1, REBUILT_ON, due_after(REBUILT_ON, PROOFS)))
    assert not (tmp_path / LEDGER_FILE).exists()


def test_the_proof_carries_its_stamp(sent: tuple[Path, Path]) -> None:
    _, proof = sent
    assert read_stamp(proof.read_bytes()) == ProofStamp(1, SENT_ON, dt.date(2023, 7, 6))  # 3 working days


def test_the_same_proof_rebuilt_keeps_the_round_and_dates_sent(sent: tuple[Path, Path]) -> None:
    issue_folder, proof = sent
    chosen = proof_round(issue_folder, "02-pope", REBUILT_ON, PROOFS)
    assert chosen.stamp == ProofStamp(1, SENT_ON, dt.date(2023, 7, 6))
    assert chosen.next == ProofStamp(2, REBUILT_ON, due_after(REBUILT_ON, PROOFS))
    rebuilt = make_proof(issue_folder, "rebuilt", chosen.stamp)
    assert rebuilt.read_bytes() == proof.read_bytes()  # so choose() keeps it: the author has this very file
    data, stamp = chosen.choose(lambda s: make_proof(issue_folder, "again", s).read_bytes())
    assert stamp == chosen.stamp and data == proof.read_bytes()


def test_a_changed_proof_is_the_next_round_made_on_the_builds_date(sent: tuple[Path, Path]) -> None:
    issue_folder, _ = sent
    chosen = proof_round(issue_folder, "02-pope", REBUILT_ON, PROOFS)
    query = pdf.Query(1, "Please confirm the funding statement.")  # the proof changed: it asks a query now
    data, stamp = chosen.choose(lambda s: make_proof(issue_folder, "changed", s, queries=[query]).read_bytes())
    assert stamp == ProofStamp(2, REBUILT_ON, due_after(REBUILT_ON, PROOFS))
    assert read_stamp(data) == stamp


def test_without_the_copy_of_what_was_sent_the_proof_is_the_next_round(sent: tuple[Path, Path],
                                                                       tmp_path: Path) -> None:
    issue_folder, _ = sent
    other = tmp_path / "dir-29-04"
    (other / LEDGER_FILE).parent.mkdir(parents=True)
    (other / LEDGER_FILE).write_bytes((issue_folder / LEDGER_FILE).read_bytes())  # the ledger, not the copies
    assert proof_round(other, "02-pope", REBUILT_ON, PROOFS) == ProofRound(
        ProofStamp(2, REBUILT_ON, due_after(REBUILT_ON, PROOFS)))
