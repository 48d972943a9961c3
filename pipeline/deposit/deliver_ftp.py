"""FTP delivery: files -> an FTP account (PMC's and PubMed's way of taking deposits), resuming broken uploads.

One `FtpUploader` per account sends files one after another over one session in binary mode (passive data
connections, as from behind a firewall). An attempt that breaks off (the connection drops, the server
reports a temporary problem, the upload ends short) closes the session; the next attempt reconnects, asks
the server how much of the file it holds (SIZE) and sends the rest after it (APPE), or everything again
when the server cannot say or holds something else. Every upload ends by checking that the server holds
exactly as many bytes as the file has. A refused user name or password, or a folder that cannot be opened,
fails at once and for the whole account: trying again could lock the account.

The bytes go to a temporary name (`<name>.part`) that is renamed to the real one only once they have all
arrived: PMC and PubMed process what lands in the deposit folder automatically, and a package that is still
arriving, or that a dropped connection left half-sent, must never be seen under a name they pick up.
"""

from __future__ import annotations

import contextlib
import ftplib
import socket
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.deposit.deliver_common import DeliveryError, RetryPolicy, Secrets
from pipeline.deposit.ledger import Destination

BLOCK = 64 * 1024
PART_SUFFIX = ".part"


@dataclass(frozen=True)
class FtpSettings:
    host: str
    port: int
    user: str = field(repr=False)
    password: str = field(repr=False)
    directory: str = ""
    credential_variables: tuple[str, str] = ("", "")  # the environment variables the user and password came from
    directory_variable: str = ""  # ... and the folder

    def destination(self) -> Destination:
        return Destination("ftp", self.host, self.port, directory=self.directory)


@dataclass(frozen=True)
class Upload:
    attempts: int
    resumed_from: tuple[int, ...]  # the byte offsets later attempts continued from


class FtpUploader:
    """Uploads to one FTP account; use as a context manager so the session is closed at the end."""

    def __init__(self, settings: FtpSettings, policy: RetryPolicy, secrets: Secrets):
        self.settings, self.policy, self.secrets = settings, policy, secrets
        self._ftp: ftplib.FTP | None = None

    def __enter__(self) -> FtpUploader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._ftp is not None:
            with contextlib.suppress(ftplib.Error, OSError, EOFError):
                self._ftp.quit()
        self._close()

    def upload(self, path: Path, remote_name: str) -> Upload:
        """Put `path` on the server as `remote_name`; DeliveryError when it finally fails."""
        size = path.stat().st_size
        part = remote_name + PART_SUFFIX
        resumed: list[int] = []

        def attempt(number: int) -> None:
            ftp = self._session()
            try:
                # The first attempt overwrites whatever the server holds under the temporary name; later ones
                # continue the part an earlier attempt left there.
                held = self._size(ftp, part) if number > 1 else None
                offset = held if held is not None and 0 < held <= size else 0
                if offset:
                    resumed.append(offset)
                if offset < size or size == 0:
                    with path.open("rb") as handle:
                        handle.seek(offset)
                        ftp.storbinary(f"{'APPE' if offset else 'STOR'} {part}", handle, BLOCK)
                self._check_size(ftp, part, size)
                self._put_in_place(ftp, part, remote_name)
                self._check_size(ftp, remote_name, size)
            except DeliveryError:
                self._close()
                raise
            except ftplib.error_perm as exc:
                self._close()
                raise DeliveryError(f"the server would not store the file ({self._said(exc)})",
                                    transient=False) from None
            except (ftplib.Error, OSError, EOFError) as exc:
                self._close()
                raise DeliveryError(f"the upload broke off ({self._reason(exc)})", transient=True) from None

        _, attempts = self.policy.run(attempt)
        return Upload(attempts, tuple(resumed))

    def _check_size(self, ftp: ftplib.FTP, remote_name: str, size: int) -> None:
        held = self._size(ftp, remote_name)
        if held is not None and held != size:
            raise DeliveryError(f"after the upload the server holds {held} of the file's {size} bytes",
                                transient=True)

    def _put_in_place(self, ftp: ftplib.FTP, part: str, remote_name: str) -> None:
        """Rename the complete temporary file to its real name, replacing an earlier delivery of that name."""
        try:
            ftp.rename(part, remote_name)
            return
        except ftplib.error_perm as exc:
            first_refusal = exc
        # Some servers (IIS among them) will not rename onto an existing file: remove the old one first.
        with contextlib.suppress(ftplib.error_perm):
            ftp.delete(remote_name)
        try:
            ftp.rename(part, remote_name)
        except ftplib.error_perm:
            with contextlib.suppress(ftplib.error_perm):
                ftp.delete(part)  # leave nothing in the deposit folder that nobody will finish
            raise DeliveryError(
                f"the file arrived as {part} but the server would not rename it to {remote_name} "
                f"({self._said(first_refusal)}); the account needs the right to rename files",
                transient=False) from None

    # --- the session

    def _session(self) -> ftplib.FTP:
        if self._ftp is not None:
            return self._ftp
        s = self.settings
        ftp = ftplib.FTP(timeout=self.policy.timeout)
        try:
            try:
                ftp.connect(s.host, s.port)
            except (ftplib.Error, OSError, EOFError) as exc:
                raise DeliveryError(f"could not connect ({self._reason(exc)})", transient=True,
                                    unreachable=True) from None
            try:
                ftp.login(s.user, s.password)
            except ftplib.error_perm as exc:
                user_var, password_var = s.credential_variables
                raise DeliveryError(
                    f"the server refused the user name or password ({self._said(exc)}); check {user_var} and "
                    f"{password_var}", transient=False, whole_target=True, login_refused=True) from None
            if s.directory:
                try:
                    ftp.cwd(s.directory)
                except ftplib.error_perm as exc:
                    raise DeliveryError(
                        f"the folder {s.directory} cannot be opened on the server ({self._said(exc)}); check "
                        f"{s.directory_variable}", transient=False, whole_target=True) from None
            ftp.voidcmd("TYPE I")
        except DeliveryError:
            _close_quietly(ftp)
            raise
        except (ftplib.Error, OSError, EOFError) as exc:
            _close_quietly(ftp)
            raise DeliveryError(f"the connection broke off while logging in ({self._reason(exc)})",
                                transient=True) from None
        self._ftp = ftp
        return ftp

    def _size(self, ftp: ftplib.FTP, remote_name: str) -> int | None:
        """How many bytes the server holds under `remote_name`; None when it has no such file or cannot say."""
        try:
            return ftp.size(remote_name)
        except ftplib.error_perm:  # 550 no such file; 500/502 SIZE not supported
            return None

    def _close(self) -> None:
        if self._ftp is not None:
            _close_quietly(self._ftp)
            self._ftp = None

    # --- words for what went wrong

    def _said(self, exc: BaseException) -> str:
        return f"the server said: {self.secrets.server_text(str(exc))}"

    def _reason(self, exc: BaseException) -> str:
        if isinstance(exc, ftplib.Error):
            return self._said(exc)
        if isinstance(exc, ConnectionRefusedError):
            return "connection refused: no FTP server answers on that port"
        if isinstance(exc, socket.gaierror):
            return "the host name is not known"
        if isinstance(exc, TimeoutError):
            return f"no answer within {self.policy.timeout:g} seconds"
        if isinstance(exc, EOFError):
            return "the server closed the connection"
        if isinstance(exc, ConnectionError):
            return "the connection was dropped"
        detail = self.secrets.server_text(str(exc))
        return f"{type(exc).__name__}{': ' + detail if detail else ''}"


def _close_quietly(ftp: ftplib.FTP) -> None:
    with contextlib.suppress(OSError):
        ftp.close()
