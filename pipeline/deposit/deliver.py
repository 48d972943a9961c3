"""Delivery: the deposit files an issue build made in build/<issue>/ -> PMC, PubMed and Crossref.

    deliver_issue(manifest, build_root, dry_run=..., allow_placeholders=..., env=os.environ) -> DeliveryResult

What goes where is a table (TARGETS), in this order:

    pmc       pmc/<base>.zip (one per deposit-ready article)  FTP   PMC_FTP_HOST, PMC_FTP_PORT (21), PMC_FTP_USER,
                                                                    PMC_FTP_PASSWORD, PMC_FTP_DIR (optional)
    pubmed    pubmed.xml, sent as <issue key>-pubmed.xml          FTP   PUBMED_FTP_HOST/PORT/USER/PASSWORD/DIR
    crossref  crossref.xml, as <issue key>-crossref.xml           HTTPS CROSSREF_DEPOSIT_URL (default
                                                                    https://doi.crossref.org/servlet/deposit),
                                                                    CROSSREF_USER, CROSSREF_PASSWORD

PubMed falls back to the PMC settings where its own are unset: PUBMED_FTP_HOST to PMC_FTP_HOST; the user name
and password as a pair, and only while PubMed goes to the PMC host (PMC's password is never sent to another
host); PUBMED_FTP_PORT to PMC_FTP_PORT on the PMC host (else 21); PUBMED_FTP_DIR to PMC_FTP_DIR while the PMC
account is used. The issue files get the issue key in their name on the server ("jour-29-04-pubmed.xml"), so
that one issue's file never overwrites another's waiting to be processed.

Credentials come from `env` only; they are never written to the ledger, a finding or any message, and what a
server says is scrubbed of them before it is shown.

What is sent, and what is not:
  * PMC packages: each package's DOI is read from the XML inside it and looked up in the manifest. A package
    whose article has a placeholder manuscript number (`placeholder_manuscript_number: true`) is skipped with a
    deliver.placeholder warning; one that cannot be read, or whose DOI is no article of the manifest (a stale
    build), is refused (deliver.refused).
  * pubmed.xml and crossref.xml are refused while they contain any placeholder DOI (the finding names them),
    and crossref.xml goes to Crossref's production service only once the depositor e-mail of the journal's
    config is no placeholder (Crossref e-mails the outcome there).
  * `allow_placeholders` (for test servers) lets placeholder DOIs through, except to the production services
    (PRODUCTION_HOSTS): they are never registered for real.
  * A file whose content (sha256) is what the ledger says was last delivered under its name to the same
    destination is not sent again; changed content is sent and recorded as a correction.
  * Each file is tried as RetryPolicy says (the journal config's `delivery` block); one that finally fails gets
    a deliver.failed finding naming the file, the server and the problem, and the other files still go. A
    refused login or missing folder stops that destination only; a server that cannot be reached is given up
    for the run (its other files and other targets on it are not tried), and an account whose login was refused
    is not tried for another target unless `delivery.retry_refused_login_elsewhere` says so.

Nothing is sent, nor shown as to be sent, from a build that did not finish or whose inputs changed since
(pipeline/completion.py): that is a deliver.not-built error.

`dry_run` reports what would be sent (and why the rest would not) without connecting anywhere and without
touching the ledger. The ledger (pipeline/deposit/ledger.py) is written after each file that was delivered.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import urllib.parse
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from lxml import etree

from pipeline import completion, xmlio
from pipeline.config import Article, ConfigError, Journal, LoadedIssue, load_issue
from pipeline.deposit.deliver_common import DeliveryError, RetryPolicy, Secrets
from pipeline.deposit.deliver_ftp import FtpSettings, FtpUploader
from pipeline.deposit.deliver_http import HttpSettings, post_deposit
from pipeline.deposit.ledger import Destination, Entry, Ledger
from pipeline.diagnostics import Finding, Severity, fail
from pipeline.identifiers import doi_problem

CROSSREF_DEPOSIT_URL = "https://doi.crossref.org/servlet/deposit"
# The services where a DOI becomes real: placeholder DOIs never go there, whatever the command line says.
PRODUCTION_HOSTS = ("doi.crossref.org", "nih.gov")
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")  # the only hosts a password may go to over plain http
SECRET_VARIABLES = ("PMC_FTP_PASSWORD", "PUBMED_FTP_PASSWORD", "CROSSREF_PASSWORD")
USER_VARIABLES = ("PMC_FTP_USER", "PUBMED_FTP_USER", "CROSSREF_USER")

Settings = FtpSettings | HttpSettings


class Status(StrEnum):
    SENT = "sent"
    ALREADY_DELIVERED = "already delivered"
    WOULD_SEND = "would send"
    NOT_SENT = "not sent"


@dataclass(frozen=True)
class Delivery:
    """What became of one file."""

    target: str  # "PMC", "PubMed", "Crossref"
    file: str  # relative to the issue's build folder
    status: Status
    remote_name: str = ""
    destination: str = ""  # for people, without credentials
    correction: bool = False
    note: str = ""  # why not sent, when it was delivered, how it went

    def __str__(self) -> str:
        if not self.destination:
            where = f" ({self.target})"
        elif self.destination.startswith("ftp://"):
            where = f" -> {self.target} {self.destination}{self.remote_name}"
        else:
            where = f" -> {self.target} {self.destination} as {self.remote_name}"
        extra = "; ".join(p for p in ("correction" if self.correction else "", self.note) if p)
        return f"{self.status:<17} {self.file}{where}{': ' + extra if extra else ''}"


@dataclass
class DeliveryResult:
    issue: str
    dry_run: bool
    ledger: Path
    deliveries: list[Delivery] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """True when something that should have gone did not: a failed or refused delivery, missing settings."""
        return any(f.severity is Severity.ERROR for f in self.findings)

    def count(self, status: Status) -> int:
        return sum(1 for d in self.deliveries if d.status is status)

    def summary(self) -> str:
        corrections = sum(1 for d in self.deliveries if d.correction and d.status in (Status.SENT, Status.WOULD_SEND))
        first = Status.WOULD_SEND if self.dry_run else Status.SENT
        done = "would be sent" if self.dry_run else "sent"
        counts = [f"{self.count(first)} {done}" + (f" ({corrections} corrections)" if corrections else ""),
                  f"{self.count(Status.ALREADY_DELIVERED)} already delivered",
                  f"{self.count(Status.NOT_SENT)} not sent"]
        errors = sum(1 for f in self.findings if f.severity is Severity.ERROR)
        head = f"{self.issue}{' (dry run: nothing was sent)' if self.dry_run else ''}: "
        tail = f"; {errors} errors" if errors else ""
        return head + ", ".join(counts) + tail + ("" if self.dry_run else f"; ledger {self.ledger}")


# --- the targets --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    name: str  # in the ledger
    label: str  # for people
    pattern: str  # the files in the issue's build folder
    per_article: bool  # one file per article (checked by its DOI) or one for the issue (scanned for DOIs)
    remote: str  # the name on the server: {name} the file's own, {issue_key} the issue's (jour-29-04)
    settings: Callable[[Mapping[str, str]], Settings]  # raises SettingsMissing


class SettingsMissing(Exception):
    pass


def _value(env: Mapping[str, str], name: str) -> str:
    return (env.get(name) or "").strip()


def _port(env: Mapping[str, str], name: str, default: int) -> int:
    value = _value(env, name)
    if not value:
        return default
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise SettingsMissing(f"{name} is {value!r}, not a port number")
    return int(value)


def _credentials(env: Mapping[str, str], user_var: str, password_var: str) -> tuple[str, str]:
    user, password = _value(env, user_var), env.get(password_var) or ""
    if not user or not password:
        missing = [v for v, value in ((user_var, user), (password_var, password)) if not value]
        raise SettingsMissing(f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set")
    return user, password


def pmc_settings(env: Mapping[str, str]) -> FtpSettings:
    host = _value(env, "PMC_FTP_HOST")
    if not host:
        raise SettingsMissing("PMC_FTP_HOST is not set")
    user, password = _credentials(env, "PMC_FTP_USER", "PMC_FTP_PASSWORD")
    return FtpSettings(host, _port(env, "PMC_FTP_PORT", 21), user, password, _value(env, "PMC_FTP_DIR"),
                       ("PMC_FTP_USER", "PMC_FTP_PASSWORD"), "PMC_FTP_DIR")


def pubmed_settings(env: Mapping[str, str]) -> FtpSettings:
    pmc_host = _value(env, "PMC_FTP_HOST")
    host = _value(env, "PUBMED_FTP_HOST") or pmc_host
    if not host:
        raise SettingsMissing("PUBMED_FTP_HOST is not set (nor PMC_FTP_HOST, which PubMed would share)")
    same_host = host == pmc_host
    if _value(env, "PUBMED_FTP_USER") or env.get("PUBMED_FTP_PASSWORD"):
        variables = ("PUBMED_FTP_USER", "PUBMED_FTP_PASSWORD")
    elif same_host:
        variables = ("PMC_FTP_USER", "PMC_FTP_PASSWORD")
    else:
        raise SettingsMissing("PUBMED_FTP_USER and PUBMED_FTP_PASSWORD are not set (the PMC account is only used "
                              "when PubMed goes to the PMC host)")
    user, password = _credentials(env, *variables)
    port = _port(env, "PUBMED_FTP_PORT", _port(env, "PMC_FTP_PORT", 21) if same_host else 21)
    shared_account = variables[0] == "PMC_FTP_USER"
    directory_var = "PUBMED_FTP_DIR" if _value(env, "PUBMED_FTP_DIR") or not shared_account else "PMC_FTP_DIR"
    return FtpSettings(host, port, user, password, _value(env, directory_var), variables, directory_var)


def crossref_settings(env: Mapping[str, str]) -> HttpSettings:
    url = _value(env, "CROSSREF_DEPOSIT_URL") or CROSSREF_DEPOSIT_URL
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise SettingsMissing(f"CROSSREF_DEPOSIT_URL is not an https:// address ({url!r})")
    if parts.username or parts.password:
        raise SettingsMissing("CROSSREF_DEPOSIT_URL holds a user name or password: put them in CROSSREF_USER and "
                              "CROSSREF_PASSWORD instead")
    if parts.scheme == "http" and parts.hostname not in LOCAL_HOSTS:
        raise SettingsMissing("CROSSREF_DEPOSIT_URL must be an https:// address (plain http would send the "
                              "password unencrypted; it is only accepted for a test server on this machine)")
    user, password = _credentials(env, "CROSSREF_USER", "CROSSREF_PASSWORD")
    clean = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", ""))
    return HttpSettings(clean, user, password, ("CROSSREF_USER", "CROSSREF_PASSWORD"))


TARGETS: tuple[Target, ...] = (
    Target("pmc", "PMC", "pmc/*.zip", True, "{name}", pmc_settings),
    Target("pubmed", "PubMed", "pubmed.xml", False, "{issue_key}-pubmed.xml", pubmed_settings),
    Target("crossref", "Crossref", "crossref.xml", False, "{issue_key}-crossref.xml", crossref_settings),
)


def is_production(host: str) -> bool:
    host = host.lower().rstrip(".")
    return any(host == p or host.endswith("." + p) for p in PRODUCTION_HOSTS)


# --- the run ------------------------------------------------------------------------------------------------------

def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class _Issue:
    """What the checks need to know about the issue."""

    loaded: LoadedIssue
    journal: Journal
    folder: Path
    dois: dict[str, Article]  # lower-cased DOI -> manifest article
    spelled: dict[str, str]  # lower-cased DOI -> the DOI as the journal writes it

    @property
    def placeholder_dois(self) -> dict[str, Article]:
        return {doi: a for doi, a in self.dois.items() if a.placeholder_manuscript_number}


@dataclass(frozen=True)
class _File:
    target: Target
    path: Path
    rel: str
    remote_name: str
    sha256: str
    size: int


def deliver_issue(manifest: Path, build_root: Path, *, dry_run: bool, allow_placeholders: bool,
                  env: Mapping[str, str], policy: RetryPolicy | None = None,
                  clock: Callable[[], dt.datetime] = utc_now,
                  report: Callable[[Delivery], None] | None = None) -> DeliveryResult:
    """Send what is ready in build_root/<issue>/ (see the module docstring). `policy` says how patiently
    (default RetryPolicy()), `clock` gives the time recorded for each delivery, `report` is told of each
    file's outcome as it happens. Raises PipelineError when the manifest cannot be read, the issue was not
    built or the ledger is damaged; every other problem is a finding in the result."""
    try:
        loaded = load_issue(manifest)
    except ConfigError as exc:
        raise exc.as_pipeline_error() from None
    folder = build_root / loaded.key
    if not folder.is_dir():
        raise fail("deliver.not-built", f"The issue has not been built ({folder} does not exist), so there is "
                   "nothing to deliver: build it first (make issue).", file=str(folder))
    unfinished = completion.problem(loaded, folder)
    if unfinished:
        raise fail("deliver.not-built", f"Nothing is delivered: {unfinished}.", file=str(folder / completion.RECORD))
    dois, spelled = {}, {}
    for article in loaded.manifest.articles:
        doi = loaded.doi_of(article)
        if not doi_problem(doi, loaded.journal.doi.prefix):
            dois[doi.lower()], spelled[doi.lower()] = article, doi
    issue = _Issue(loaded, loaded.journal, folder, dois, spelled)
    ledger = Ledger.load(folder, loaded.key)
    run = _Run(issue, ledger, DeliveryResult(loaded.key, dry_run, ledger.path), env,
               Secrets([env.get(v) or "" for v in SECRET_VARIABLES], [env.get(v) or "" for v in USER_VARIABLES]),
               policy or RetryPolicy.from_config(loaded.journal.delivery), clock, report, dry_run, allow_placeholders,
               loaded.journal.delivery.retry_refused_login_elsewhere)
    for target in TARGETS:
        run.target(target)
    return run.result


@dataclass
class _Run:
    issue: _Issue
    ledger: Ledger
    result: DeliveryResult
    env: Mapping[str, str]
    secrets: Secrets
    policy: RetryPolicy
    clock: Callable[[], dt.datetime]
    report: Callable[[Delivery], None] | None
    dry_run: bool
    allow_placeholders: bool
    retry_login_elsewhere: bool = False
    # What this run learnt, for the targets after: servers that could not be reached (host, port -> why), and
    # accounts whose login was refused (a hash of user name and password, kept in memory only -> by whom).
    unreachable: dict[tuple[str, int], str] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)

    def target(self, target: Target) -> None:
        paths = sorted(self.issue.folder.glob(target.pattern))
        if not paths:
            self._finding("deliver.missing", f"The build made no {target.pattern} for {target.label}, so there is "
                          f"nothing to send to {target.label}.", self.issue.folder / target.pattern)
            return
        try:
            settings: Settings | None = target.settings(self.env)
            problem = ""
        except SettingsMissing as exc:
            settings, problem = None, str(exc)
        production = settings is not None and is_production(settings.destination().host)

        ready: list[_File] = []
        for path in paths:
            rel = path.relative_to(self.issue.folder).as_posix()
            refusal = self._check(target, path, production)
            if refusal is not None:
                self._add(Delivery(target.label, rel, Status.NOT_SENT, note=refusal))
                continue
            data = path.read_bytes()
            ready.append(_File(target, path, rel, target.remote.format(name=path.name, issue_key=self.issue.loaded.key),
                               hashlib.sha256(data).hexdigest(), len(data)))
        if not ready:
            return
        if settings is None:
            self._finding("deliver.config", f"{len(ready)} file(s) cannot be sent to {target.label}: {problem}. "
                          "Set the delivery settings in the environment (docs/deposit-delivery.md).",
                          ready[0].path)
            for file in ready:
                self._add(Delivery(target.label, file.rel, Status.NOT_SENT, note=f"not configured: {problem}"))
            return

        destination = settings.destination()
        pending: list[tuple[_File, bool]] = []
        for file in ready:
            last = self.ledger.last(destination, file.remote_name)
            if last is not None and last.sha256 == file.sha256:
                self._add(self._delivery(file, Status.ALREADY_DELIVERED, destination,
                                         note=f"delivered {last.sent_at}"))
            else:
                pending.append((file, last is not None))
        if self.dry_run:
            for file, correction in pending:
                self._add(self._delivery(file, Status.WOULD_SEND, destination, correction,
                                         note=f"{file.size} bytes"))
            return
        if pending and self._given_up(target, settings, destination, pending):
            return
        self._send(target, settings, destination, pending)

    def _given_up(self, target: Target, settings: Settings, destination: Destination,
                  pending: list[tuple[_File, bool]]) -> bool:
        """True (with the files recorded as not tried) when an earlier target of this run already showed that
        these files cannot go: their server could not be reached, or their account's login was refused."""
        unreachable = self.unreachable.get((destination.host, destination.port))
        if unreachable is not None:
            self._not_attempted(target, destination, pending, f"the server could not be reached earlier in this run "
                                f"({unreachable}); it is not tried again until the next run", first=True)
            return True
        refused_by = self.refused.get(_account(settings))
        if refused_by is not None and not self.retry_login_elsewhere:
            user_var, password_var = settings.credential_variables
            self._not_attempted(target, destination, pending, f"the same user name and password were refused by "
                                f"{refused_by} earlier in this run, and are not tried again (trying could lock the "
                                f"account); check {user_var} and {password_var}", first=True)
            return True
        return False

    # --- what may go

    def _check(self, target: Target, path: Path, production: bool) -> str | None:
        """None when the file may be sent; else why not (with a finding)."""
        if target.per_article:
            return self._check_package(target, path, production)
        found = self._placeholders_in(path)
        if found:
            listed = ", ".join(f"{doi} ({self.issue.dois[doi.lower()].id})" for doi in found)
            if not self.allow_placeholders:
                return self._refuse(
                    f"{path.name} is not sent to {target.label}: it contains {len(found)} placeholder DOI(s), "
                    f"which must never be registered: {listed}. Set the real manuscript numbers in the manifest "
                    "and rebuild the issue (or, for a test server only, use --allow-placeholders).", path,
                    short=f"contains {len(found)} placeholder DOI(s)")
            if production:
                return self._refuse(
                    f"{path.name} is not sent to {target.label}: it contains placeholder DOI(s) ({listed}), and "
                    f"the destination is {target.label}'s production service, where placeholder DOIs never go, "
                    "even with --allow-placeholders.", path,
                    short="placeholder DOIs never go to the production service")
        placeholder = dict(self.issue.journal.placeholders).get("crossref.depositor_email")
        if target.name == "crossref" and production and placeholder:
            config = _shown(self.issue.loaded.journal_file)
            return self._refuse(
                f"{path.name} is not sent to Crossref: the depositor e-mail in {config} is still a placeholder "
                f"({placeholder}), and Crossref e-mails the outcome of the deposit there. Set the real address and "
                "rebuild the issue.", path, short="the Crossref depositor e-mail is a placeholder")
        return None

    def _check_package(self, target: Target, path: Path, production: bool) -> str | None:
        doi = package_doi(path)
        if doi is None:
            return self._refuse(f"{path.name} is not sent to {target.label}: it holds no readable article XML with "
                                "a DOI, so it cannot be told which article it is. Rebuild the issue.", path,
                                short="no readable article XML with a DOI in it")
        article = self.issue.dois.get(doi.lower())
        if article is None:
            return self._refuse(f"{path.name} is not sent to {target.label}: it is for the DOI {doi}, which is no "
                                "article of the issue's manifest (the build is older than the manifest?). Rebuild "
                                "the issue.", path, short=f"its DOI {doi} is no article of the manifest")
        if article.placeholder_manuscript_number:
            if not self.allow_placeholders:
                self._finding("deliver.placeholder", f"{path.name} (article {article.id}) is not sent to "
                              f"{target.label}: its manuscript number {article.manuscript_number} is a placeholder, "
                              f"so its DOI {doi} is not real. Set the real manuscript number in the manifest and "
                              "rebuild the issue.", path, article=article.id)
                return f"article {article.id} has the placeholder manuscript number {article.manuscript_number}"
            if production:
                return self._refuse(f"{path.name} (article {article.id}) is not sent to {target.label}: its DOI "
                                    f"{doi} is a placeholder, and placeholder DOIs never go to {target.label}'s "
                                    "production service, even with --allow-placeholders.", path, article.id,
                                    short="placeholder DOIs never go to the production service")
        return None

    def _placeholders_in(self, path: Path) -> list[str]:
        """The placeholder DOIs of the manifest that occur in the file, as written in the manifest's order."""
        text = path.read_bytes().decode("utf-8", "replace")
        found = []
        for doi in self.issue.placeholder_dois:
            if re.search(re.escape(doi) + r"(?![-._;()/:A-Za-z0-9])", text, re.IGNORECASE):
                found.append(self.issue.spelled[doi])
        return found

    # --- sending

    def _send(self, target: Target, settings: Settings, destination: Destination,
              pending: list[tuple[_File, bool]]) -> None:
        with contextlib.ExitStack() as stack:
            session = (stack.enter_context(FtpUploader(settings, self.policy, self.secrets))
                       if isinstance(settings, FtpSettings) else None)
            for n, (file, correction) in enumerate(pending):
                try:
                    if session is not None:
                        upload = session.upload(file.path, file.remote_name)
                        note = _how(upload.attempts, upload.resumed_from)
                    else:
                        posted = post_deposit(settings, file.path, file.remote_name, self.policy, self.secrets)
                        note = _how(posted.attempts, ())
                except DeliveryError as exc:
                    self._failed(target, destination, file, exc)
                    if exc.unreachable:
                        self.unreachable[(destination.host, destination.port)] = exc.problem
                    if exc.login_refused:
                        self.refused[_account(settings)] = target.label
                    if exc.whole_target or exc.unreachable:
                        self._not_attempted(target, destination, pending[n + 1:],
                                            f"for the same reason: {exc.problem}")
                        return
                    continue
                except Exception as exc:  # a bug: report it, keep the other files going
                    detail = self.secrets.server_text(f"{type(exc).__name__}: {exc}")
                    self._failed(target, destination, file, DeliveryError(
                        f"the pipeline hit an unexpected problem ({detail}); please report it", transient=False))
                    continue
                self.ledger.record(Entry(target.name, file.rel, file.remote_name, file.sha256, file.size,
                                         destination, _iso(self.clock()), correction))
                self._add(self._delivery(file, Status.SENT, destination, correction, note))

    def _failed(self, target: Target, destination: Destination, file: _File, exc: DeliveryError) -> None:
        tries = f" (tried {exc.attempts} times)" if exc.attempts > 1 else ""
        self._finding("deliver.failed", f"{file.path.name} was not delivered to {target.label} at {destination.host}: "
                      f"{exc.problem}{tries}.", file.path)
        self._add(self._delivery(file, Status.NOT_SENT, destination, note=f"failed: {exc.problem}"))

    def _not_attempted(self, target: Target, destination: Destination, rest: list[tuple[_File, bool]],
                       reason: str, first: bool = False) -> None:
        if not rest:
            return
        names = ", ".join(f.path.name for f, _ in rest)
        count = f"{len(rest)} file(s)" if first else f"{len(rest)} more file(s)"
        self._finding("deliver.failed", f"{count} were not delivered to {target.label} at {destination.host}, "
                      f"{reason}: {names}.", rest[0][0].path)
        for file, _ in rest:
            self._add(self._delivery(file, Status.NOT_SENT, destination, note=f"not tried: {reason}"))

    # --- recording

    def _delivery(self, file: _File, status: Status, destination: Destination, correction: bool = False,
                  note: str = "") -> Delivery:
        return Delivery(file.target.label, file.rel, status, file.remote_name, str(destination), correction, note)

    def _add(self, delivery: Delivery) -> None:
        delivery = Delivery(delivery.target, delivery.file, delivery.status, delivery.remote_name,
                            delivery.destination, delivery.correction, self.secrets.scrub(delivery.note))
        self.result.deliveries.append(delivery)
        if self.report is not None:
            self.report(delivery)

    def _finding(self, code: str, message: str, path: Path, **where: str | None) -> None:
        self.result.findings.append(Finding.of(code, self.secrets.scrub(message), file=_shown(path),
                                               stage="deliver", **where))

    def _refuse(self, message: str, path: Path, article: str | None = None, *, short: str) -> str:
        """Record why a file is refused (deliver.refused); the short reason for the file's line."""
        self._finding("deliver.refused", message, path, article=article)
        return short


def _account(settings: Settings) -> str:
    """Which account a target logs in with, as a hash (the password itself is kept nowhere)."""
    return hashlib.sha256(f"{settings.user}\0{settings.password}".encode()).hexdigest()


def package_doi(path: Path) -> str | None:
    """The DOI of the article in a PMC package (its XML's article-id of type doi), or None."""
    try:
        with zipfile.ZipFile(path) as archive:
            for name in sorted(archive.namelist()):
                if "/" in name or not name.endswith(".xml"):
                    continue
                article = xmlio.parse_bytes(archive.read(name))
                doi = article.findtext(".//article-meta/article-id[@pub-id-type='doi']")
                if doi and doi.strip():
                    return doi.strip()
    except (OSError, zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, ValueError):
        return None
    return None


def _how(attempts: int, resumed_from: tuple[int, ...]) -> str:
    parts = []
    if attempts > 1:
        parts.append(f"after {attempts} attempts")
    if resumed_from:
        parts.append("resumed at byte " + ", ".join(str(n) for n in resumed_from))
    return ", ".join(parts)


def _iso(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _shown(path: Path) -> str:
    """A path as production staff see it: relative to the current folder when it is inside it."""
    try:
        return os.path.relpath(path) if path.is_absolute() and Path.cwd() in path.parents else str(path)
    except ValueError:
        return str(path)
