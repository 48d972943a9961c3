"""Delivery of an issue's deposit files, against real servers the tests start on this machine.

An FTP server (pyftpdlib, in a thread, with a temporary home and one user with a password) stands in for
PMC's and PubMed's FTP accounts; an HTTP server (http.server, in a thread) parses the multipart form as
Crossref's deposit servlet would and records what it got. Both listen on a port the system picks and are
shut down after each test. The build folder is a small fake one (zip files named as PMC packages are, with an
article XML holding the DOI; a pubmed.xml and a crossref.xml); the manifest is the real sample issue's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.policy
import hashlib
import io
import json
import random
import shutil
import socket
import threading
import warnings
import zipfile
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pipeline import completion
from pipeline.cli import main
from pipeline.config import load_issue
from pipeline.deposit.deliver import (
    SettingsMissing,
    Status,
    crossref_settings,
    deliver_issue,
    pubmed_settings,
)
from pipeline.deposit.deliver_common import RetryPolicy
from pipeline.diagnostics import PipelineError
from tests.conftest import PROJECT, SAMPLE_ISSUE

with warnings.catch_warnings():  # pyftpdlib is built on asyncore/asynchat, which Python deprecates
    warnings.simplefilter("ignore", DeprecationWarning)
    from pyftpdlib.authorizers import DummyAuthorizer
    from pyftpdlib.handlers import DTPHandler, FTPHandler
    from pyftpdlib.servers import FTPServer

FTP_USER = "dir-depositor"
FTP_PASSWORD = "ftp-Pa55word-7Kq!"
CROSSREF_USER = "tsr/role"
CROSSREF_PASSWORD = "crossref-Pa55word-9Xz"
WRONG_PASSWORD = "wrong-Pa55word-3Jm"
INCOMING = "incoming"

POPE = ("dir-29-04-0571", "10.4274/dir.2023.232299")  # 02-pope: a real manuscript number
TSUKAHARA = ("dir-29-04-0650", "10.4274/dir.2023.222045")  # 12-tsukahara: a real manuscript number
DOGAN = ("dir-29-04-0563", "10.4274/dir.2023.PLACEHOLDER-01")  # 01-dogan: a placeholder manuscript number
BIG = 1_200_000  # bytes of the large package, so an upload can be broken off in the middle

ENV_NAMES = [f"{p}_FTP_{k}" for p in ("PMC", "PUBMED") for k in ("HOST", "PORT", "USER", "PASSWORD", "DIR")] + [
    "CROSSREF_DEPOSIT_URL", "CROSSREF_USER", "CROSSREF_PASSWORD"]


# --- the FTP server -----------------------------------------------------------------------------------------------

@dataclass
class FtpState:
    commands: list[tuple[str, str]] = field(default_factory=list)
    connections: int = 0
    drop_after: int | None = None  # break the next upload off after this many bytes (once)
    drop_mode: str = "data"  # "data": close the data connection (426); "session": drop the whole session
    dropped: int = 0
    folder_at_drop: list[str] = field(default_factory=list)  # what the deposit folder held when the upload broke


class RecordingHandler(FTPHandler):
    state: FtpState
    auth_failed_timeout = 0  # answer a wrong password at once

    def on_connect(self) -> None:
        self.state.connections += 1

    def pre_process_command(self, line: str, cmd: str, arg: str) -> None:
        self.state.commands.append((cmd, "" if cmd == "PASS" else arg))
        super().pre_process_command(line, cmd, arg)


class DroppingDTPHandler(DTPHandler):
    """Breaks an upload off after `state.drop_after` bytes, the first time only."""

    def handle_read(self) -> None:
        super().handle_read()
        state: FtpState = self.cmd_channel.state
        if (self.receive and state.drop_after is not None and not self._closed
                and self.tot_bytes_received >= state.drop_after):
            state.drop_after = None
            state.dropped += 1
            state.folder_at_drop = sorted(p.name for p in Path(self.cmd_channel.fs.root).glob("*/*"))
            if state.drop_mode == "session":
                self.cmd_channel.close()
            else:
                self._resp = ("426 Connection closed; transfer aborted.", lambda *a, **k: None)
                self.close()

    handle_read_event = handle_read  # DTPHandler binds the event to its own handle_read


class FtpTestServer:
    def __init__(self, home: Path):
        self.home = home
        (home / INCOMING).mkdir(parents=True)
        self.state = FtpState()
        self.authorizer = authorizer = DummyAuthorizer()
        authorizer.add_user(FTP_USER, FTP_PASSWORD, str(home), perm="elradfmwMT")
        handler = type("Handler", (RecordingHandler,), {"authorizer": authorizer, "state": self.state,
                                                         "dtp_handler": DroppingDTPHandler})
        self.server = FTPServer(("127.0.0.1", 0), handler)
        self.port = self.server.address[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            self.server.ioloop.loop(0.02, blocking=False)
        self.server.close_all()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)
        assert not self._thread.is_alive()

    def file(self, name: str) -> bytes:
        return (self.home / INCOMING / name).read_bytes()

    def stored(self) -> list[str]:
        """The names files arrived under: an upload goes to a temporary name that is then renamed."""
        return [arg for cmd, arg in self.state.commands if cmd == "RNTO"]

    def written(self) -> list[str]:
        """The names bytes were written to."""
        return [arg for cmd, arg in self.state.commands if cmd in ("STOR", "APPE")]


# --- the HTTP server ----------------------------------------------------------------------------------------------

@dataclass
class HttpState:
    requests: list[dict] = field(default_factory=list)
    responses: list[tuple[int, str, dict[str, str]]] = field(default_factory=list)  # answered in turn, then 200


class CrossrefLikeHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        state: HttpState = self.server.state
        body = self.rfile.read(int(self.headers["Content-Length"]))
        message = email.message_from_bytes(f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode() + body,
                                           policy=email.policy.HTTP)
        fields, files = {}, {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if part.get_filename():
                files[name] = (part.get_filename(), part.get_payload(decode=True))
            else:
                fields[name] = part.get_payload(decode=True).decode("utf-8")
        state.requests.append({"path": self.path, "fields": fields, "files": files})
        status, text, headers = state.responses.pop(0) if state.responses else (
            200, "<html><body><h2>SUCCESS</h2><p>Your batch submission was successfully received.</p></body></html>",
            {})
        data = text.encode()
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


class HttpTestServer:
    def __init__(self) -> None:
        self.state = HttpState()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), CrossrefLikeHandler)
        self.server.state = self.state
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/servlet/deposit"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02},
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(10)


def _port_is_free(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except ConnectionRefusedError:
        return True
    return False


@pytest.fixture
def ftp(tmp_path: Path):
    server = FtpTestServer(tmp_path / "ftp-home")
    yield server
    server.stop()
    assert _port_is_free(server.port)


@pytest.fixture
def web():
    server = HttpTestServer()
    yield server
    server.stop()
    assert _port_is_free(server.port)


# --- the issue's build folder -------------------------------------------------------------------------------------

@dataclass
class Issue:
    manifest: Path
    build_root: Path

    @property
    def folder(self) -> Path:
        return self.build_root / "dir-29-04"

    @property
    def ledger(self) -> Path:
        return self.folder / "deposit" / "ledger.json"

    def entries(self) -> list[dict]:
        return json.loads(self.ledger.read_text(encoding="utf-8"))["deliveries"]


def package(folder: Path, base: str, doi: str, size: int = 20_000, seed: int = 1) -> Path:
    """A zip named and laid out as a PMC package: <base>.xml (holding the DOI) and <base>.pdf."""
    xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<article><front><article-meta>'
           f'<article-id pub-id-type="doi">{doi}</article-id></article-meta></front></article>\n')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(f"{base}.xml", xml)
        archive.writestr(f"{base}.pdf", random.Random(seed).randbytes(size))
    path = folder / "pmc" / f"{base}.zip"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return path


def issue_file(folder: Path, name: str, dois: list[str]) -> Path:
    path = folder / name
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<deposit>'
                    + "".join(f"<doi>{d}</doi>" for d in dois) + "</deposit>\n", encoding="utf-8")
    return path


@pytest.fixture
def issue(tmp_path: Path) -> Issue:
    manifest = tmp_path / "issues" / "issue.yaml"
    manifest.parent.mkdir()
    shutil.copy(SAMPLE_ISSUE, manifest)
    built = Issue(manifest, tmp_path / "build")
    built.folder.mkdir(parents=True)
    package(built.folder, *POPE)
    package(built.folder, *TSUKAHARA, size=BIG, seed=2)
    issue_file(built.folder, "pubmed.xml", [POPE[1], TSUKAHARA[1]])
    issue_file(built.folder, "crossref.xml", [POPE[1], TSUKAHARA[1]])
    finished(built)
    return built


def finished(issue: Issue) -> None:
    """Mark the build folder as a build that finished (pipeline/completion.py), as it now is."""
    completion.write(load_issue(issue.manifest), issue.folder)


def with_placeholder(issue: Issue) -> None:
    """Add 01-dogan, whose manuscript number is a placeholder, to the build."""
    package(issue.folder, *DOGAN)
    issue_file(issue.folder, "pubmed.xml", [DOGAN[1], POPE[1], TSUKAHARA[1]])
    issue_file(issue.folder, "crossref.xml", [DOGAN[1], POPE[1], TSUKAHARA[1]])
    finished(issue)


def environment(ftp: FtpTestServer | None, web: HttpTestServer | None, **changes: str) -> dict[str, str]:
    env = {}
    if ftp is not None:
        env |= {"PMC_FTP_HOST": "127.0.0.1", "PMC_FTP_PORT": str(ftp.port), "PMC_FTP_USER": FTP_USER,
                "PMC_FTP_PASSWORD": FTP_PASSWORD, "PMC_FTP_DIR": INCOMING}
    if web is not None:
        env |= {"CROSSREF_DEPOSIT_URL": web.url, "CROSSREF_USER": CROSSREF_USER,
                "CROSSREF_PASSWORD": CROSSREF_PASSWORD}
    return env | changes


class Clock:
    """A clock the test controls: each reading is one minute after the last."""

    def __init__(self) -> None:
        self.now = dt.datetime(2023, 7, 21, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(minutes=1)
        return self.now


@dataclass
class Sleeps:
    waits: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def policy(sleeps: Sleeps | None = None) -> RetryPolicy:
    return RetryPolicy(attempts=4, first_delay=0.001, factor=2.0, max_delay=0.01, timeout=10,
                       sleep=sleeps if sleeps is not None else Sleeps())


def deliver(issue: Issue, env: dict[str, str], *, dry_run: bool = False, allow_placeholders: bool = False,
            retry: RetryPolicy | None = None, clock: Clock | None = None):
    return deliver_issue(issue.manifest, issue.build_root, dry_run=dry_run, allow_placeholders=allow_placeholders,
                         env=env, policy=retry or policy(), clock=clock or Clock())


def statuses(result) -> dict[str, Status]:
    return {d.file: d.status for d in result.deliveries}


# --- everything once, and never twice -----------------------------------------------------------------------------

def test_everything_is_delivered_once_and_recorded(issue, ftp, web):
    result = deliver(issue, environment(ftp, web))

    assert not result.findings
    assert statuses(result) == {"pmc/dir-29-04-0571.zip": Status.SENT, "pmc/dir-29-04-0650.zip": Status.SENT,
                                "pubmed.xml": Status.SENT, "crossref.xml": Status.SENT}
    # PMC and PubMed: by FTP, byte for byte; the PubMed file named for its issue (PubMed shares the PMC account)
    for name in ("dir-29-04-0571.zip", "dir-29-04-0650.zip"):
        assert ftp.file(name) == (issue.folder / "pmc" / name).read_bytes()
    assert ftp.file("dir-29-04-pubmed.xml") == (issue.folder / "pubmed.xml").read_bytes()
    # Crossref: one multipart POST with the fields Crossref documents
    (request,) = web.state.requests
    assert request["path"] == "/servlet/deposit"
    assert request["fields"] == {"operation": "doMDUpload", "login_id": CROSSREF_USER,
                                 "login_passwd": CROSSREF_PASSWORD}
    assert request["files"] == {"fname": ("dir-29-04-crossref.xml", (issue.folder / "crossref.xml").read_bytes())}

    entries = issue.entries()
    assert [(e["target"], e["file"], e["remote_name"]) for e in entries] == [
        ("pmc", "pmc/dir-29-04-0571.zip", "dir-29-04-0571.zip"),
        ("pmc", "pmc/dir-29-04-0650.zip", "dir-29-04-0650.zip"),
        ("pubmed", "pubmed.xml", "dir-29-04-pubmed.xml"),
        ("crossref", "crossref.xml", "dir-29-04-crossref.xml")]
    first = entries[0]
    data = (issue.folder / "pmc" / "dir-29-04-0571.zip").read_bytes()
    assert first["sha256"] == hashlib.sha256(data).hexdigest() and first["size"] == len(data)
    assert first["destination"] == {"kind": "ftp", "host": "127.0.0.1", "port": ftp.port, "directory": INCOMING}
    assert entries[3]["destination"] == {"kind": "http", "host": "127.0.0.1", "port": web.port, "url": web.url}
    assert [e["sent_at"] for e in entries] == ["2023-07-21T09:01:00Z", "2023-07-21T09:02:00Z",
                                               "2023-07-21T09:03:00Z", "2023-07-21T09:04:00Z"]
    assert not any(e["correction"] for e in entries)
    # Deterministic formatting, and no credential anywhere in it
    text = issue.ledger.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    for secret in (FTP_USER, FTP_PASSWORD, CROSSREF_USER, CROSSREF_PASSWORD):
        assert secret not in text


def test_a_second_run_delivers_nothing_new(issue, ftp, web):
    env = environment(ftp, web)
    deliver(issue, env)
    ledger = issue.ledger.read_bytes()
    stored, posted = len(ftp.stored()), len(web.state.requests)

    again = deliver(issue, env)

    assert set(statuses(again).values()) == {Status.ALREADY_DELIVERED}
    assert not again.findings and not again.failed
    assert len(ftp.stored()) == stored and len(web.state.requests) == posted
    assert issue.ledger.read_bytes() == ledger


def test_a_changed_file_is_sent_again_as_a_correction(issue, ftp, web):
    env = environment(ftp, web)
    deliver(issue, env)
    changed = package(issue.folder, *POPE, seed=99)
    finished(issue)  # rebuilt

    result = deliver(issue, env)

    assert statuses(result) == {"pmc/dir-29-04-0571.zip": Status.SENT,
                                "pmc/dir-29-04-0650.zip": Status.ALREADY_DELIVERED,
                                "pubmed.xml": Status.ALREADY_DELIVERED, "crossref.xml": Status.ALREADY_DELIVERED}
    (sent,) = [d for d in result.deliveries if d.status is Status.SENT]
    assert sent.correction
    assert ftp.file("dir-29-04-0571.zip") == changed.read_bytes()
    entries = issue.entries()
    assert len(entries) == 5
    assert entries[-1]["file"] == "pmc/dir-29-04-0571.zip" and entries[-1]["correction"] is True
    assert entries[-1]["sha256"] != entries[0]["sha256"]


# --- broken connections, refused logins, busy servers -------------------------------------------------------------

@pytest.mark.parametrize("mode", ["data", "session"])
def test_an_upload_broken_off_is_resumed_where_it_stopped(issue, ftp, web, mode):
    ftp.state.drop_after, ftp.state.drop_mode = 300_000, mode
    sleeps = Sleeps()

    result = deliver(issue, environment(ftp, web), retry=policy(sleeps))

    assert ftp.state.dropped == 1
    assert not result.findings
    big = issue.folder / "pmc" / "dir-29-04-0650.zip"
    assert ftp.file(big.name) == big.read_bytes()
    # the second attempt asked how much had arrived and appended the rest, after one back-off; the bytes went to
    # a temporary name, so PMC never saw a half-sent package under the name it picks up
    part = big.name + ".part"
    commands = ftp.state.commands
    assert ("STOR", part) in commands and ("APPE", part) in commands
    assert commands.index(("SIZE", part)) < commands.index(("APPE", part)) < commands.index(("RNTO", big.name))
    assert big.name not in ftp.written()
    assert part in ftp.state.folder_at_drop and big.name not in ftp.state.folder_at_drop
    assert not (ftp.home / INCOMING / part).exists()
    (line,) = [d for d in result.deliveries if d.file == "pmc/dir-29-04-0650.zip"]
    assert line.status is Status.SENT and "after 2 attempts" in line.note
    offset = int(line.note.rsplit("resumed at byte ", 1)[1])
    assert 300_000 <= offset < BIG
    assert len(sleeps.waits) == 1


def test_a_server_that_will_not_rename_is_a_clear_finding(issue, ftp, web):
    ftp.authorizer.override_perm(FTP_USER, str(ftp.home / INCOMING), "elradwMT")  # no "f": no renaming

    result = deliver(issue, environment(ftp, web))

    failed = [f for f in result.findings if f.code == "deliver.failed"]
    assert len(failed) == 3 and result.failed  # two packages and the PubMed file; Crossref still goes
    assert "arrived as dir-29-04-0571.zip.part but the server would not rename it to dir-29-04-0571.zip" \
        in failed[0].message and "the right to rename files" in failed[0].message
    assert "tried" not in failed[0].message  # not tried again: that cannot help
    assert not list((ftp.home / INCOMING).iterdir())  # and the temporary files were taken away
    assert [e["target"] for e in issue.entries()] == ["crossref"]


def test_a_refused_login_is_a_clear_finding_and_the_password_goes_nowhere(issue, ftp, web, monkeypatch, capsys):
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment(ftp, web, PMC_FTP_PASSWORD=WRONG_PASSWORD).items():
        monkeypatch.setenv(name, value)

    status = main(["deposit", str(issue.manifest), "--build", str(issue.build_root)])

    out, err = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in out + err
    assert "ERROR [deliver.failed]" in out
    assert "dir-29-04-0571.zip was not delivered to PMC at 127.0.0.1: the server refused the user name or " \
           "password" in out
    assert "check PMC_FTP_USER and PMC_FTP_PASSWORD" in out
    # PubMed shares the PMC account, so it cannot go either, and is not tried with it; Crossref still goes
    assert ("1 file(s) were not delivered to PubMed at 127.0.0.1, the same user name and password were refused by "
            "PMC earlier in this run, and are not tried again") in out
    assert [e["target"] for e in issue.entries()] == ["crossref"]
    assert len(web.state.requests) == 1
    assert ftp.stored() == []
    # one login in all: a refused password is not tried again, here or for another target
    assert sum(1 for cmd, _ in ftp.state.commands if cmd == "PASS") == 1
    for secret in (WRONG_PASSWORD, CROSSREF_PASSWORD):
        assert secret not in out + err
        assert secret not in issue.ledger.read_text(encoding="utf-8")


def test_a_password_a_server_echoes_is_scrubbed(issue, ftp, web):
    web.state.responses = [(401, f"<p>Login failed for {CROSSREF_USER} with password {CROSSREF_PASSWORD}</p>", {})]

    result = deliver(issue, environment(ftp, web))

    (finding,) = result.findings
    assert finding.code == "deliver.failed"
    assert "crossref.xml was not delivered to Crossref at 127.0.0.1: the user name or password was refused " \
           "(the server answered 401 Unauthorized: Login failed for [hidden] with password [hidden])" in finding.message
    assert CROSSREF_PASSWORD not in str(result.findings) + str(result.deliveries)
    assert len(web.state.requests) == 1  # not tried again
    assert [e["target"] for e in issue.entries()] == ["pmc", "pmc", "pubmed"]


def test_a_busy_server_is_tried_again_after_a_wait(issue, ftp, web):
    web.state.responses = [(503, "Service Unavailable: too many pending submissions", {"Retry-After": "5"})]
    sleeps = Sleeps()

    result = deliver(issue, environment(ftp, web), retry=policy(sleeps))

    assert not result.findings
    assert len(web.state.requests) == 2
    assert web.state.requests[0]["files"] == web.state.requests[1]["files"]
    (line,) = [d for d in result.deliveries if d.file == "crossref.xml"]
    assert line.status is Status.SENT and line.note == "after 2 attempts"
    assert sleeps.waits == [0.01]  # the server asked for 5 s; the policy allows at most 0.01
    assert issue.entries()[-1]["target"] == "crossref"


def test_a_delivery_that_keeps_failing_is_reported_and_the_others_still_go(issue, ftp, web):
    web.state.responses = [(503, "busy", {})] * 4
    sleeps = Sleeps()

    result = deliver(issue, environment(ftp, web), retry=policy(sleeps))

    (finding,) = result.findings
    assert finding.code == "deliver.failed" and result.failed
    assert finding.message == ("crossref.xml was not delivered to Crossref at 127.0.0.1: the server answered 503 "
                               "Service Unavailable: busy (tried 4 times).")
    assert sleeps.waits == [0.001, 0.002, 0.004]  # exponential back-off
    assert [e["target"] for e in issue.entries()] == ["pmc", "pmc", "pubmed"]


def test_no_server_answering_is_a_finding_not_a_traceback(issue, web):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    env = environment(None, web) | {"PMC_FTP_HOST": "127.0.0.1", "PMC_FTP_PORT": str(port),
                                    "PMC_FTP_USER": FTP_USER, "PMC_FTP_PASSWORD": FTP_PASSWORD}

    result = deliver(issue, env)

    failed = [f for f in result.findings if f.code == "deliver.failed"]
    assert len(failed) == 3  # two packages and the PubMed file
    assert "could not connect (connection refused: no FTP server answers on that port) (tried 4 times)" \
        in failed[0].message
    assert [e["target"] for e in issue.entries()] == ["crossref"]


def test_a_server_that_cannot_be_reached_is_given_up_for_the_run(issue, web):
    """Connection refused was tried 5 times for every file (a 12-package issue took 6 minutes to fail): now the
    attempts of the first file decide for the server, and PubMed, on the same server, is not tried either."""
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    env = environment(None, web) | {"PMC_FTP_HOST": "127.0.0.1", "PMC_FTP_PORT": str(port),
                                    "PMC_FTP_USER": FTP_USER, "PMC_FTP_PASSWORD": FTP_PASSWORD}
    sleeps = Sleeps()

    result = deliver(issue, env, retry=policy(sleeps))

    assert len(sleeps.waits) == 3  # the first package's 4 attempts, and no more
    messages = [f.message for f in result.findings if f.code == "deliver.failed"]
    assert messages[0].startswith("dir-29-04-0571.zip was not delivered to PMC at 127.0.0.1: could not connect")
    assert messages[1] == ("1 more file(s) were not delivered to PMC at 127.0.0.1, for the same reason: could not "
                           "connect (connection refused: no FTP server answers on that port): dir-29-04-0650.zip.")
    assert messages[2].startswith("1 file(s) were not delivered to PubMed at 127.0.0.1, the server could not be "
                                  "reached earlier in this run")
    assert statuses(result)["crossref.xml"] is Status.SENT


def test_a_crossref_server_that_cannot_be_reached_is_said_so(issue, ftp):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    env = environment(ftp, None) | {"CROSSREF_DEPOSIT_URL": f"http://127.0.0.1:{port}/servlet/deposit",
                                    "CROSSREF_USER": CROSSREF_USER, "CROSSREF_PASSWORD": CROSSREF_PASSWORD}

    result = deliver(issue, env)

    (finding,) = result.findings
    assert finding.message == ("crossref.xml was not delivered to Crossref at 127.0.0.1: could not connect "
                               "(connection refused: nothing answers at that address) (tried 4 times).")


def test_a_refused_login_is_tried_elsewhere_only_when_the_config_says_so(issue, ftp, web, monkeypatch):
    from pipeline.config import manifest as manifest_module

    journal = manifest_module.load_journal(PROJECT / "config" / "journals" / "dir.yaml")
    assert journal.delivery.retry_refused_login_elsewhere is False  # the default
    patient = dataclasses.replace(journal, delivery=dataclasses.replace(journal.delivery,
                                                                         retry_refused_login_elsewhere=True))
    monkeypatch.setattr(manifest_module, "load_journal", lambda path: patient)

    deliver(issue, environment(ftp, web, PMC_FTP_PASSWORD=WRONG_PASSWORD))

    assert sum(1 for cmd, _ in ftp.state.commands if cmd == "PASS") == 2  # PMC, then PubMed once


def test_scrubbing_blanks_whole_secrets_only(issue, ftp, web):
    """A short user name blanked inside words made "530 A[hidden]thentication failed."."""
    result = deliver(issue, environment(ftp, web, PMC_FTP_USER="u"))

    refused = result.findings[0].message
    assert "the server said: 530 Authentication failed." in refused and "[hidden]" not in refused


# --- dry run, settings, placeholders ------------------------------------------------------------------------------

def test_a_dry_run_connects_to_nothing_and_leaves_the_ledger_alone(issue, ftp, web, monkeypatch):
    env = environment(ftp, web)
    deliver(issue, env)
    package(issue.folder, *POPE, seed=7)
    finished(issue)  # rebuilt
    ledger = issue.ledger.read_bytes()
    connections, posted = ftp.state.connections, len(web.state.requests)

    def no_network(*args, **kwargs):
        raise AssertionError("a dry run connected")

    monkeypatch.setattr(socket, "create_connection", no_network)
    result = deliver(issue, env, dry_run=True)

    assert statuses(result) == {"pmc/dir-29-04-0571.zip": Status.WOULD_SEND,
                                "pmc/dir-29-04-0650.zip": Status.ALREADY_DELIVERED,
                                "pubmed.xml": Status.ALREADY_DELIVERED, "crossref.xml": Status.ALREADY_DELIVERED}
    assert [d.correction for d in result.deliveries if d.status is Status.WOULD_SEND] == [True]
    assert "1 would be sent (1 corrections), 3 already delivered, 0 not sent" in result.summary()
    assert ftp.state.connections == connections and len(web.state.requests) == posted
    assert issue.ledger.read_bytes() == ledger


def test_a_dry_run_of_a_fresh_issue_creates_no_ledger(issue, ftp, web):
    result = deliver(issue, environment(ftp, web), dry_run=True)

    assert set(statuses(result).values()) == {Status.WOULD_SEND}
    assert not issue.ledger.exists() and not issue.ledger.parent.exists()
    assert ftp.state.connections == 0 and not web.state.requests


def test_missing_settings_are_named_and_nothing_is_sent(issue):
    result = deliver(issue, {})

    assert [f.code for f in result.findings] == ["deliver.config"] * 3
    assert "PMC_FTP_HOST is not set" in result.findings[0].message
    assert "CROSSREF_USER and CROSSREF_PASSWORD are not set" in result.findings[2].message
    assert set(statuses(result).values()) == {Status.NOT_SENT}
    assert not issue.ledger.exists()


def test_placeholder_articles_are_not_delivered(issue, ftp, web):
    with_placeholder(issue)

    result = deliver(issue, environment(ftp, web))

    assert statuses(result) == {"pmc/dir-29-04-0563.zip": Status.NOT_SENT, "pmc/dir-29-04-0571.zip": Status.SENT,
                                "pmc/dir-29-04-0650.zip": Status.SENT, "pubmed.xml": Status.NOT_SENT,
                                "crossref.xml": Status.NOT_SENT}
    codes = {(f.code, Path(f.file).name) for f in result.findings}
    assert codes == {("deliver.placeholder", "dir-29-04-0563.zip"), ("deliver.refused", "pubmed.xml"),
                     ("deliver.refused", "crossref.xml")}
    refused = next(f for f in result.findings if f.file.endswith("crossref.xml"))
    assert "10.4274/dir.2023.PLACEHOLDER-01 (01-dogan)" in refused.message
    assert result.failed
    assert ftp.stored() == ["dir-29-04-0571.zip", "dir-29-04-0650.zip"]
    assert not web.state.requests


def test_placeholders_go_to_a_test_server_when_allowed(issue, ftp, web):
    with_placeholder(issue)

    result = deliver(issue, environment(ftp, web), allow_placeholders=True)

    assert not result.findings
    assert set(statuses(result).values()) == {Status.SENT}
    assert ftp.file("dir-29-04-0563.zip") == (issue.folder / "pmc" / "dir-29-04-0563.zip").read_bytes()
    assert DOGAN[1].encode() in web.state.requests[0]["files"]["fname"][1]


def test_placeholders_never_go_to_the_production_services(issue):
    with_placeholder(issue)
    env = {"PMC_FTP_HOST": "ftp-private.ncbi.nlm.nih.gov", "PMC_FTP_USER": "u", "PMC_FTP_PASSWORD": "p-word",
           "CROSSREF_USER": "u", "CROSSREF_PASSWORD": "p-word"}  # CROSSREF_DEPOSIT_URL: Crossref's own

    result = deliver(issue, env, dry_run=True, allow_placeholders=True)

    assert statuses(result)["pmc/dir-29-04-0563.zip"] is Status.NOT_SENT
    assert statuses(result)["pmc/dir-29-04-0571.zip"] is Status.WOULD_SEND
    assert statuses(result)["pubmed.xml"] is Status.NOT_SENT
    assert statuses(result)["crossref.xml"] is Status.NOT_SENT
    assert all(f.code == "deliver.refused" for f in result.findings)
    assert all("production service" in f.message for f in result.findings)


def test_crossref_production_is_refused_while_the_depositor_e_mail_is_a_placeholder(issue):
    """The journal config's depositor e-mail is on example.org (a placeholder by the config's rule): Crossref
    would e-mail the outcome nowhere, so its production service gets nothing; a test server still may."""
    env = {"CROSSREF_USER": "u", "CROSSREF_PASSWORD": "p-word"}  # CROSSREF_DEPOSIT_URL: Crossref's own

    result = deliver(issue, env, dry_run=True)

    assert statuses(result)["crossref.xml"] is Status.NOT_SENT
    (refused,) = [f for f in result.findings if f.code == "deliver.refused"]
    assert "config/journals/dir.yaml is still a placeholder (crossref-depositor@example.org)" in refused.message
    test_server = deliver(issue, env | {"CROSSREF_DEPOSIT_URL": "https://test.crossref.org/servlet/deposit"},
                          dry_run=True)
    assert statuses(test_server)["crossref.xml"] is Status.WOULD_SEND


def test_a_package_for_no_article_of_the_manifest_is_refused(issue, ftp, web):
    package(issue.folder, "dir-29-04-0999", "10.4274/dir.2023.999999")

    result = deliver(issue, environment(ftp, web))

    (finding,) = result.findings
    assert finding.code == "deliver.refused" and "10.4274/dir.2023.999999" in finding.message
    assert "dir-29-04-0999.zip" not in ftp.stored()


# --- settings and ledger ------------------------------------------------------------------------------------------

def test_pubmed_borrows_the_pmc_account_only_on_the_pmc_host():
    pmc = {"PMC_FTP_HOST": "ftp.example.org", "PMC_FTP_PORT": "2121", "PMC_FTP_USER": "pmc",
           "PMC_FTP_PASSWORD": "pmc-pw", "PMC_FTP_DIR": "in"}
    shared = pubmed_settings(pmc)
    assert (shared.host, shared.port, shared.user, shared.directory) == ("ftp.example.org", 2121, "pmc", "in")

    own = pubmed_settings(pmc | {"PUBMED_FTP_USER": "pm", "PUBMED_FTP_PASSWORD": "pm-pw"})
    assert (own.host, own.port, own.user, own.directory) == ("ftp.example.org", 2121, "pm", "")

    with pytest.raises(SettingsMissing, match="PUBMED_FTP_USER and PUBMED_FTP_PASSWORD"):
        pubmed_settings(pmc | {"PUBMED_FTP_HOST": "elsewhere.example.org"})


def test_crossref_settings_keep_passwords_off_the_wire_and_out_of_the_url():
    creds = {"CROSSREF_USER": "u", "CROSSREF_PASSWORD": "p"}
    assert crossref_settings(creds).url == "https://doi.crossref.org/servlet/deposit"
    with pytest.raises(SettingsMissing, match="must be an https"):
        crossref_settings(creds | {"CROSSREF_DEPOSIT_URL": "http://test.crossref.org/servlet/deposit"})
    with pytest.raises(SettingsMissing, match="holds a user name or password"):
        crossref_settings(creds | {"CROSSREF_DEPOSIT_URL": "https://u:p@test.crossref.org/servlet/deposit"})


def test_a_damaged_ledger_stops_delivery(issue, ftp, web):
    issue.ledger.parent.mkdir(parents=True)
    issue.ledger.write_text("{not json", encoding="utf-8")

    with pytest.raises(PipelineError) as raised:
        deliver(issue, environment(ftp, web))

    assert raised.value.finding.code == "deliver.ledger"
    assert ftp.state.connections == 0 and not web.state.requests
