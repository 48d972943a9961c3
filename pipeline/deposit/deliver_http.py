"""HTTPS delivery: the Crossref deposit file -> Crossref's deposit service, as its "XML deposit using HTTPS POST".

Crossref takes a deposit as a multipart/form-data POST to https://doi.crossref.org/servlet/deposit (its test
system: https://test.crossref.org/servlet/deposit) with the form fields `operation` (doMDUpload for
metadata), `login_id`, `login_passwd`, and the file itself as `fname`. A 2xx answer means the file joined
Crossref's submission queue; whether the DOIs were registered is e-mailed later to the depositor address
in the file. Crossref answers 429 or 503 while a user's queue is full: those, other 5xx answers, 408 and
broken connections are tried again; 401/403 (user name or password refused) and other 4xx are not.
"""

from __future__ import annotations

import hashlib
import http.client
import socket
import ssl
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.deposit.deliver_common import DeliveryError, RetryPolicy, Secrets
from pipeline.deposit.ledger import Destination

OPERATION = "doMDUpload"
TRANSIENT_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
LOGIN_STATUSES = frozenset({401, 403})
USER_AGENT = "jats-pipeline (journal deposit delivery)"


@dataclass(frozen=True)
class HttpSettings:
    url: str  # without user name, password or query: checked when the settings are read
    user: str = field(repr=False)
    password: str = field(repr=False)
    credential_variables: tuple[str, str] = ("", "")

    def destination(self) -> Destination:
        parts = urllib.parse.urlsplit(self.url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        return Destination(parts.scheme, parts.hostname or "", port, url=self.url)


@dataclass(frozen=True)
class Upload:
    attempts: int
    status: int


def post_deposit(settings: HttpSettings, path: Path, remote_name: str, policy: RetryPolicy,
                 secrets: Secrets) -> Upload:
    """POST `path` as the form's file `fname` (named `remote_name`); DeliveryError when it finally fails."""
    data = path.read_bytes()
    body, content_type = multipart([("operation", OPERATION), ("login_id", settings.user),
                                    ("login_passwd", settings.password)], ("fname", remote_name, data))

    def attempt(number: int) -> int:
        try:
            status, reason, retry_after, text = _post(settings.url, body, content_type, policy.timeout)
        except _NotConnected as exc:
            raise DeliveryError(f"could not connect ({_reason(exc.cause, policy, secrets)})", transient=True,
                                unreachable=True) from None
        except (OSError, http.client.HTTPException) as exc:
            raise DeliveryError(f"the connection broke off ({_reason(exc, policy, secrets)})",
                                transient=True) from None
        said = secrets.server_text(text)
        answer = f"the server answered {status} {reason}".rstrip() + (f": {said}" if said else "")
        if 200 <= status < 300:
            if "FAILURE" in text:  # Crossref's servlet reports some refusals in a 200 page headed FAILURE
                raise DeliveryError(f"the deposit was not accepted ({answer})", transient=False)
            return status
        if status in LOGIN_STATUSES:
            user_var, password_var = settings.credential_variables
            raise DeliveryError(f"the user name or password was refused ({answer}); check {user_var} and "
                                f"{password_var}", transient=False, whole_target=True, login_refused=True)
        if status in TRANSIENT_STATUSES:
            raise DeliveryError(answer, transient=True, retry_after=retry_after)
        raise DeliveryError(answer, transient=False)

    status, attempts = policy.run(attempt)
    return Upload(attempts, status)


def multipart(fields: list[tuple[str, str]], file: tuple[str, str, bytes]) -> tuple[bytes, str]:
    """A multipart/form-data body and its content type. The boundary is derived from the file's hash, so it
    cannot occur in the file."""
    name, filename, data = file
    boundary = "----jats-pipeline-" + hashlib.sha256(data).hexdigest()[:40]
    parts = []
    for key, value in fields:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'.encode()
                     + value.encode("utf-8") + b"\r\n")
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                 "Content-Type: application/xml\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _post(url: str, body: bytes, content_type: str, timeout: float) -> tuple[int, str, float | None, str]:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https":
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=timeout, context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        try:
            connection.connect()
        except OSError as exc:
            raise _NotConnected(exc) from None
        connection.request("POST", parts.path or "/", body=body, headers={
            "Content-Type": content_type, "Content-Length": str(len(body)), "User-Agent": USER_AGENT,
            "Accept": "text/html, text/plain, */*"})
        response = connection.getresponse()
        text = response.read(64 * 1024).decode("utf-8", "replace")
        retry_after = response.getheader("Retry-After")
        wait = float(retry_after) if retry_after and retry_after.strip().isdigit() else None
        return response.status, response.reason or "", wait, text
    finally:
        connection.close()


class _NotConnected(Exception):
    """No connection could be made at all (refused, unknown host, no answer): the server is out of reach."""

    def __init__(self, cause: OSError):
        super().__init__(str(cause))
        self.cause = cause


def _reason(exc: BaseException, policy: RetryPolicy, secrets: Secrets) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused: nothing answers at that address"
    if isinstance(exc, socket.gaierror):
        return "the host name is not known"
    if isinstance(exc, TimeoutError):
        return f"no answer within {policy.timeout:g} seconds"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return "the server's certificate could not be verified"
    if isinstance(exc, ConnectionError | http.client.RemoteDisconnected):
        return "the connection was dropped"
    detail = secrets.server_text(str(exc))
    return f"{type(exc).__name__}{': ' + detail if detail else ''}"
