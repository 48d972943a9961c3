"""Sending proofs: an issue's build -> one e-mail per article to its corresponding author(s), kept in a ledger.

    send_proofs(manifest, build_root, only=..., dry_run=..., resend=..., allow_placeholders=..., clock=..., env=...)
        -> ProofRun (one Outcome per article, the findings, a summary)

For each article of the manifest (or of `only`), in the manifest's order:
  * the proof, the queries it prints and the corresponding author's address come from the build (outbox.py); an
    article without them, or whose build refused a correction production accepted, is an error for that article
    only, and the others still go;
  * the ledger (ledger.py) decides: the proof the article's authors last got (same sha256, same addresses) is not
    sent again ("already sent") unless `resend`; a changed proof goes as the next round; the same proof to a
    changed address goes as the same round;
  * `dry_run` composes the exact messages (message.py), writes them to proofs/dry-run/<id>-r<round>.eml (the folder
    holds the latest dry run only), connects nowhere and leaves the ledger alone;
  * otherwise each message goes through the SMTP server of the environment (smtp.py); as soon as the server has
    accepted it a copy is written to proofs/sent/ (with the JATS the proof was made from: the next round's proof
    marks what changed since), and the ledger records it, so a run that is killed resumes where it stopped.
Sending does not start while the journal's sender or production address is still a placeholder (authors would
write to nobody), unless `allow_placeholders` (for test servers); a lock keeps two runs of one issue from sending
at the same time. `clock` gives the moment each message is dated and sent (and so its deadline): fixed for tests.
Nothing is sent, nor written as a dry run, from a build that did not finish or whose inputs changed since it was
made (pipeline/completion.py): a proof.not-built error.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from pipeline import completion, xmlio
from pipeline.config import ConfigError, Journal, load_issue
from pipeline.deposit.deliver_common import DeliveryError, RetryPolicy, Secrets
from pipeline.diagnostics import Finding, PipelineError, Severity, fail
from pipeline.proof import message as messages
from pipeline.proof.changes import keep_sent
from pipeline.proof.ledger import FOLDER, ProofLedger, Sending
from pipeline.proof.outbox import ProofMail, built_articles, prepare
from pipeline.proof.smtp import SettingsProblem, SmtpSession, secrets_of, smtp_settings

DRY_RUN_FOLDER = FOLDER / "dry-run"
SENT_FOLDER = FOLDER / "sent"


# An article's line says in short why it is not sent; its finding, printed after the lines, says it in full.
SHORT = {"proof.no-address": "no usable e-mail address of a corresponding author in its JATS",
         "proof.not-built": "no proof of it in the build, or one out of date",
         "proof.refused": "its build did not make an accepted correction"}


class Status(StrEnum):
    SENT = "sent"
    ALREADY_SENT = "already sent"
    WOULD_SEND = "would send"
    NOT_SENT = "not sent"


@dataclass(frozen=True)
class Outcome:
    """What became of one article's proof."""

    article: str
    status: Status
    round: int | None = None
    to: str = ""
    note: str = ""

    def __str__(self) -> str:
        round_ = f" round {self.round}" if self.round else ""
        to = f" -> {self.to}" if self.to else ""
        return f"{self.status:<13} {self.article}{round_}{to}{': ' + self.note if self.note else ''}"


@dataclass
class ProofRun:
    issue: str
    dry_run: bool
    ledger: Path
    outcomes: list[Outcome] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status is status)

    def summary(self) -> str:
        first, done = (Status.WOULD_SEND, "would be sent") if self.dry_run else (Status.SENT, "sent")
        errors = sum(1 for f in self.findings if f.severity is Severity.ERROR)
        parts = [f"{self.count(first)} {done}", f"{self.count(Status.ALREADY_SENT)} already sent",
                 f"{self.count(Status.NOT_SENT)} not sent"]
        head = f"{self.issue} proofs{' (dry run: nothing was sent)' if self.dry_run else ''}: "
        where = (f"; messages in {self.ledger.parent / 'dry-run'}" if self.dry_run else f"; ledger {self.ledger}")
        return head + ", ".join(parts) + (f"; {errors} errors" if errors else "") + where


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def send_proofs(manifest: Path, build_root: Path, *, only: Sequence[str] = (), dry_run: bool = False,
                resend: bool = False, allow_placeholders: bool = False, env: Mapping[str, str] = os.environ,
                clock: Callable[[], dt.datetime] = utc_now, policy: RetryPolicy | None = None,
                report: Callable[[Outcome], None] | None = None) -> ProofRun:
    """Send (see the module docstring). Raises PipelineError when the manifest or config cannot be read, `only`
    names no article of the issue, the issue was not built, the ledger is damaged or another run is sending;
    every other problem is a finding in the result, and the other articles still go."""
    try:
        loaded = load_issue(manifest)  # and the journal config it names, as the build read it
    except ConfigError as exc:
        raise exc.as_pipeline_error() from None
    journal = loaded.journal
    ids = [a.id for a in loaded.manifest.articles]
    unknown = [name for name in only if name not in ids]
    if unknown:
        raise fail("config.invalid", f"ONLY names {', '.join(unknown)}, which is no article of the issue (its "
                   f"articles: {', '.join(ids)})", file=str(manifest))
    folder = build_root / loaded.key
    if folder.is_dir() and (unfinished := completion.problem(loaded, folder)):
        raise fail("proof.not-built", f"No proof is sent: {unfinished}.", file=str(folder / completion.RECORD))
    built = built_articles(folder)
    messages.check_words(journal)
    ledger = ProofLedger.load(folder, loaded.key)
    run = _Run(journal, loaded.key, folder, ledger, ProofRun(loaded.key, dry_run, ledger.path), secrets_of(env),
               clock, report)
    wanted = [i for i in ids if not only or i in only]

    placeholders = placeholder_addresses(journal)
    if placeholders:
        listed = " and ".join(placeholders) + (", placeholder addresses" if len(placeholders) > 1 else
                                               ", a placeholder address")
        if dry_run or allow_placeholders:
            run.finding("proof.placeholder", f"the proof e-mails come from or answer to {listed}: set "
                        "proofs.sender and proofs.production in the journal config before the proofs go to authors")
        else:
            run.finding("proof.refused", f"no proof is sent: the e-mails would come from or answer to {listed} "
                        "that nobody reads. Set proofs.sender and proofs.production in the journal config (or, for "
                        "a test server only, use --allow-placeholders)")
            for article in wanted:
                run.add(Outcome(article, Status.NOT_SENT, note="the journal's proof addresses are placeholders"))
            return run.result
    settings = None
    if not dry_run:
        try:
            settings = smtp_settings(env)
        except SettingsProblem as exc:
            run.finding("proof.config", f"no proof is sent: {exc}. Set the SMTP settings in the environment "
                        "(docs/proof-cycle.md)")
            for article in wanted:
                run.add(Outcome(article, Status.NOT_SENT, note=f"not configured: {exc}"))
            return run.result

    with contextlib.ExitStack() as stack:
        if not dry_run:
            stack.enter_context(_lock(folder / FOLDER / ".lock", loaded.key))
            ledger = ProofLedger.load(folder, loaded.key)  # as it is now that this run holds the lock
            run.ledger = ledger
        pending = [p for p in (run.plan(article, built.get(article), resend) for article in wanted) if p]
        if dry_run:
            run.preview(pending)
        else:
            session = stack.enter_context(SmtpSession(settings, policy or RetryPolicy(), run.secrets))
            run.send(pending, session, settings.where())
    return run.result


def placeholder_addresses(journal: Journal) -> list[str]:
    """The proof addresses still on a domain reserved for examples (the journal config's placeholder rule): mail to
    or from them reaches nobody."""
    placeholders = dict(journal.placeholders)
    found = (placeholders.get(name) for name in ("proofs.sender.email", "proofs.production.email"))
    return list(dict.fromkeys(address for address in found if address))


@contextlib.contextmanager
def _lock(path: Path, issue: str) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise fail("proof.busy", f"another run is sending the proofs of {issue} right now; wait for it to end "
                       "(two at once could send a proof twice)", file=str(path)) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass(frozen=True)
class _Pending:
    mail: ProofMail
    round: int
    sending: int
    reason: str


@dataclass
class _Run:
    journal: Journal
    issue: str
    folder: Path
    ledger: ProofLedger
    result: ProofRun
    secrets: Secrets
    clock: Callable[[], dt.datetime]
    report: Callable[[Outcome], None] | None

    def plan(self, article: str, entry: dict | None, resend: bool) -> _Pending | None:
        """What to send for the article (None: nothing, with its outcome recorded)."""
        try:
            mail = prepare(self.folder, article, entry)
        except PipelineError as exc:
            self.result.findings.append(exc.finding.with_context(article=article, stage="proofs"))
            self.add(Outcome(article, Status.NOT_SENT, note=SHORT.get(exc.finding.code, exc.finding.message)))
            return None
        last = self.ledger.last(article)
        sending = self.ledger.count(article) + 1
        if last is None:
            return _Pending(mail, 1, sending, "first proof")
        if last.sha256 != mail.sha256:
            return _Pending(mail, last.round + 1, sending, "new proof")
        if [a.lower() for a in last.to] != [a.lower() for a in mail.addresses]:
            return _Pending(mail, last.round, sending, "new address")
        if resend:
            return _Pending(mail, last.round, sending, "resent on request")
        self.add(Outcome(article, Status.ALREADY_SENT, last.round, ", ".join(last.to),
                         f"sent {last.sent_at}, due {last.deadline}"))
        return None

    def preview(self, pending: list[_Pending]) -> None:
        out = self.folder / DRY_RUN_FOLDER
        if out.is_dir():
            for old in out.glob("*.eml"):
                old.unlink()
        for item in pending:
            composed = self.compose(item)
            name = f"{item.mail.article}-r{item.round}.eml"
            xmlio.write_bytes_atomic(out / name, composed.data)
            self.add(Outcome(item.mail.article, Status.WOULD_SEND, item.round, ", ".join(item.mail.addresses),
                             f"{item.reason}, {_queries(item.mail)}, due {composed.deadline}; "
                             f"{(DRY_RUN_FOLDER / name).as_posix()}"))

    def send(self, pending: list[_Pending], session: SmtpSession, server: dict[str, str | int]) -> None:
        for n, item in enumerate(pending):
            mail = item.mail
            composed = self.compose(item)
            try:
                attempts = session.send(composed.sender, composed.recipients, composed.data)
            except DeliveryError as exc:
                tries = f" (tried {exc.attempts} times)" if exc.attempts > 1 else ""
                self.finding("proof.failed", f"the proof of {mail.article} was not sent to "
                             f"{', '.join(mail.addresses)}: {exc.problem}{tries}", article=mail.article)
                self.add(Outcome(mail.article, Status.NOT_SENT, item.round, ", ".join(mail.addresses),
                                 f"failed: {exc.problem}"))
                if exc.whole_target:
                    self.not_tried(pending[n + 1:], exc)
                    return
                continue
            copy = SENT_FOLDER / f"{mail.article}-r{item.round}-{item.sending}.eml"
            xmlio.write_bytes_atomic(self.folder / copy, composed.data)
            jats = mail.proof.with_name(mail.proof.name.removesuffix(".proof.pdf") + ".xml")
            if jats.is_file():  # the base the next round's proof marks its changes against (changes.py)
                keep_sent(self.folder, mail.article, item.round, jats)
            self.ledger.record(Sending(mail.article, item.round, item.sending, mail.addresses,
                                       composed.recipients[len(mail.addresses):], mail.proof_rel, mail.sha256,
                                       mail.size, len(mail.queries), composed.deadline.isoformat(),
                                       composed.message_id, _iso(self.clock()), server, item.reason,
                                       copy.as_posix()))
            how = f", after {attempts} attempts" if attempts > 1 else ""
            self.add(Outcome(mail.article, Status.SENT, item.round, ", ".join(mail.addresses),
                             f"{item.reason}, {_queries(mail)}, due {composed.deadline}{how}"))

    def not_tried(self, rest: list[_Pending], exc: DeliveryError) -> None:
        if not rest:
            return
        names = ", ".join(item.mail.article for item in rest)
        self.finding("proof.failed", f"{len(rest)} more proof(s) were not sent for the same reason: {names}")
        for item in rest:
            self.add(Outcome(item.mail.article, Status.NOT_SENT, item.round, ", ".join(item.mail.addresses),
                             f"not tried: {exc.problem}"))

    def compose(self, item: _Pending) -> messages.Composed:
        return messages.compose(item.mail, self.journal, self.issue, item.round, item.sending, self.clock())

    def add(self, outcome: Outcome) -> None:
        outcome = Outcome(outcome.article, outcome.status, outcome.round, outcome.to,
                          self.secrets.scrub(outcome.note))
        self.result.outcomes.append(outcome)
        if self.report is not None:
            self.report(outcome)

    def finding(self, code: str, text: str, **where: str | None) -> None:
        self.result.findings.append(Finding.of(code, self.secrets.scrub(text), stage="proofs", **where))


def _queries(mail: ProofMail) -> str:
    return f"{len(mail.queries)} {'query' if len(mail.queries) == 1 else 'queries'}"


def _iso(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
