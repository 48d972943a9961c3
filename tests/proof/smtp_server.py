"""A real SMTP server for the proof tests: aiosmtpd on 127.0.0.1, in its own thread, recording what it accepts.

It can refuse a recipient, break the connection off in the middle of a message, hold its answer to a message until
the test lets it go (so that a test can kill the sender at a known point), require a login over STARTTLS, or speak
TLS from the first byte (SMTPS), with a certificate the tests make for 127.0.0.1 at run time (openssl).
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import ssl
import subprocess
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER = "proofs-sender"
PASSWORD = "smtp-Pa55word-4Qx!"


@dataclass
class Accepted:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)


@dataclass
class ServerState:
    accepted: list[Accepted] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)  # recipients answered 550
    drop_next: int = 0  # break off this many of the next messages in the middle of DATA
    dropped: int = 0
    hold_at: int | None = None  # hold the answer to the message with this number (1 for the first DATA seen)
    holding: threading.Event = field(default_factory=threading.Event)  # set while a message is held
    release: threading.Event = field(default_factory=threading.Event)  # the test lets the held message go (451)
    data_seen: int = 0
    logins: list[str] = field(default_factory=list)


class Handler:
    def __init__(self, state: ServerState):
        self.state = state

    async def handle_RCPT(self, server, session, envelope, address: str, rcpt_options) -> str:
        if address in self.state.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        state = self.state
        state.data_seen += 1
        if state.drop_next:
            state.drop_next -= 1
            state.dropped += 1
            server.transport.abort()  # the connection breaks off before the server answers
            return "421 4.4.2 connection dropped"
        if state.hold_at == state.data_seen:
            state.holding.set()
            while not state.release.is_set():
                await asyncio.sleep(0.02)
            return "451 4.3.0 the message was not accepted"
        state.accepted.append(Accepted(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content)))
        return "250 2.0.0 OK: queued"


def _authenticator(state: ServerState):
    def check(server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == USER
              and auth_data.password.decode() == PASSWORD)
        state.logins.append(auth_data.login.decode() if isinstance(auth_data, LoginPassword) else "?")
        return AuthResult(success=ok, handled=False)
    return check


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost, and its key."""
    cert, key = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                    "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True, timeout=60)
    return cert, key


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpTestServer:
    """mode: "plain" (no TLS, no login), "starttls-auth" (STARTTLS and a login required), "ssl" (SMTPS, login)."""

    def __init__(self, mode: str = "plain", certificate: tuple[Path, Path] | None = None):
        self.state = ServerState()
        self.mode = mode
        kwargs: dict = {}
        if mode != "plain":
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*certificate)
            kwargs.update(authenticator=_authenticator(self.state), auth_required=True)
            if mode == "ssl":
                kwargs.update(ssl_context=context, auth_require_tls=False)
            else:
                kwargs.update(tls_context=context, require_starttls=True, auth_require_tls=True)
        self.port = _free_port()
        self.controller = Controller(Handler(self.state), hostname="127.0.0.1", port=self.port,
                                     server_hostname="localhost", ready_timeout=10, **kwargs)
        self.controller.start()

    def stop(self) -> None:
        self.state.release.set()
        self.controller.stop()

    def env(self, **extra: str) -> dict[str, str]:
        """The environment that points the proofs command at this server."""
        values = {"PROOF_SMTP_HOST": "127.0.0.1", "PROOF_SMTP_PORT": str(self.port),
                  "PROOF_SMTP_SECURITY": {"plain": "none", "starttls-auth": "starttls", "ssl": "ssl"}[self.mode]}
        if self.mode != "plain":
            values.update(PROOF_SMTP_USER=USER, PROOF_SMTP_PASSWORD=PASSWORD)
        values.update(extra)
        return values
