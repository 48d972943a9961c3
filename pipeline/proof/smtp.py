"""Proof e-mails -> an SMTP server, with the settings of the environment (never of a file):

    PROOF_SMTP_HOST       the server (required to send)
    PROOF_SMTP_SECURITY   starttls (default), ssl (SMTPS, TLS from the first byte) or none (plain; only to this
                          machine when a password is sent)
    PROOF_SMTP_PORT       default 587 for starttls, 465 for ssl, 25 for none
    PROOF_SMTP_USER, PROOF_SMTP_PASSWORD   the login, when the server needs one (both or neither)
    PROOF_SMTP_CA_FILE    certificates to trust besides the system's (a server with its own certificate authority)

The server's certificate is always checked. One connection serves a whole run; a dropped one is opened again.
A message counts as sent only when the server has accepted every recipient and then the message (250 after
DATA); a refused recipient is reported and nothing goes to the others either. Transient problems (4xx replies, a
dropped or silent connection) are tried again as RetryPolicy says; a refused login or certificate stops the run.
No user name or password reaches a message: what the server says is scrubbed of them.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field

from pipeline.deposit.deliver_common import DeliveryError, RetryPolicy, Secrets

SECURITY_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
SECRET_VARIABLES = ("PROOF_SMTP_PASSWORD",)
USER_VARIABLES = ("PROOF_SMTP_USER",)


class SettingsProblem(ValueError):
    """The environment does not say how to reach the server; the message names the variables."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str
    user: str = ""
    password: str = field(default="", repr=False)
    ca_file: str = ""

    def where(self) -> dict[str, str | int]:
        """The server, as the ledger records it: no user name, no password."""
        return {"host": self.host, "port": self.port, "security": self.security}

    def __str__(self) -> str:
        return f"{self.host}:{self.port} ({self.security})"


def smtp_settings(env: Mapping[str, str]) -> SmtpSettings:
    host = (env.get("PROOF_SMTP_HOST") or "").strip()
    if not host:
        raise SettingsProblem("PROOF_SMTP_HOST is not set")
    security = (env.get("PROOF_SMTP_SECURITY") or "starttls").strip().lower()
    if security not in SECURITY_PORTS:
        raise SettingsProblem(f"PROOF_SMTP_SECURITY is {security!r}; it must be starttls, ssl or none")
    port_text = (env.get("PROOF_SMTP_PORT") or "").strip()
    if port_text and (not port_text.isdigit() or not 0 < int(port_text) < 65536):
        raise SettingsProblem(f"PROOF_SMTP_PORT is {port_text!r}, not a port number")
    user, password = (env.get("PROOF_SMTP_USER") or "").strip(), env.get("PROOF_SMTP_PASSWORD") or ""
    if bool(user) != bool(password):
        raise SettingsProblem(f"{'PROOF_SMTP_PASSWORD' if user else 'PROOF_SMTP_USER'} is not set (a login needs "
                              "both the user name and the password)")
    if password and security == "none" and host.lower() not in LOCAL_HOSTS:
        raise SettingsProblem("PROOF_SMTP_SECURITY is none, so the password would cross the network unencrypted; "
                              "use starttls or ssl")
    ca_file = (env.get("PROOF_SMTP_CA_FILE") or "").strip()
    return SmtpSettings(host, int(port_text) if port_text else SECURITY_PORTS[security], security, user, password,
                        ca_file)


def secrets_of(env: Mapping[str, str]) -> Secrets:
    return Secrets([env.get(v) or "" for v in SECRET_VARIABLES], [env.get(v) or "" for v in USER_VARIABLES])


class SmtpSession:
    """A connection to the server for a run of sends: `with SmtpSession(...) as session: session.send(...)`."""

    def __init__(self, settings: SmtpSettings, policy: RetryPolicy, secrets: Secrets):
        self.settings, self.policy, self.secrets = settings, policy, secrets
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpSession:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None

    def send(self, sender: str, recipients: list[str], data: bytes) -> int:
        """Deliver one message; the number of attempts it took. Raises DeliveryError when it was not accepted."""
        _, attempts = self.policy.run(lambda number: self._attempt(sender, recipients, data))
        return attempts

    def _attempt(self, sender: str, recipients: list[str], data: bytes) -> None:
        try:
            smtp = self._connection()
            code, reply = smtp.mail(sender)
            if code != 250:
                error = self._refused(code, reply, f"the server refused the sender {sender}")
                error.whole_target = True  # it would refuse every message of the run
                raise error
            for recipient in recipients:
                code, reply = smtp.rcpt(recipient)
                if code not in (250, 251):
                    smtp.rset()
                    raise self._refused(code, reply, f"the server refused the address {recipient}")
            self._check(*smtp.data(data), "the server did not accept the message")
        except DeliveryError:
            raise
        except smtplib.SMTPServerDisconnected:
            self._drop()
            raise DeliveryError("the server closed the connection before accepting the message", transient=True,
                                whole_target=True) from None
        except TimeoutError:
            self._drop()
            raise DeliveryError(f"the server did not answer within {self.policy.timeout:g} s", transient=True,
                                whole_target=True) from None
        except ssl.SSLCertVerificationError as exc:
            self._drop()
            raise DeliveryError(f"the server's certificate could not be verified ({exc.verify_message}); if it is "
                                "signed by the organisation's own authority, set PROOF_SMTP_CA_FILE", transient=False,
                                whole_target=True) from None
        except smtplib.SMTPAuthenticationError as exc:
            self._drop()
            said = self._said(exc.smtp_code, exc.smtp_error)
            raise DeliveryError(f"the server refused the user name or password ({said})", transient=False,
                                whole_target=True) from None
        except smtplib.SMTPNotSupportedError:
            self._drop()
            raise DeliveryError("the server does not offer STARTTLS (or the login) that the settings ask for: "
                                "check PROOF_SMTP_SECURITY and PROOF_SMTP_PORT", transient=False,
                                whole_target=True) from None
        except smtplib.SMTPDataError as exc:
            raise self._refused(exc.smtp_code, exc.smtp_error, "the server did not accept the message") from None
        except smtplib.SMTPResponseException as exc:  # the greeting or EHLO: the server will not talk to us
            self._drop()
            error = self._refused(exc.smtp_code, exc.smtp_error, "the server refused the connection")
            error.whole_target = True
            raise error from None
        except smtplib.SMTPException as exc:
            self._drop()
            raise DeliveryError(f"the server would not go on ({self.secrets.server_text(str(exc))})", transient=False,
                                whole_target=True) from None
        except (ConnectionError, ssl.SSLError, OSError) as exc:
            self._drop()
            raise DeliveryError(f"the connection to {self.settings.host}:{self.settings.port} failed "
                                f"({self.secrets.server_text(str(exc) or type(exc).__name__)})", transient=True,
                                whole_target=True) from None

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is not None:
            return self._smtp
        s = self.settings
        context = ssl.create_default_context(cafile=s.ca_file or None)
        if s.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.port, timeout=self.policy.timeout, context=context)
        else:
            smtp = smtplib.SMTP(s.host, s.port, timeout=self.policy.timeout)
        self._smtp = smtp
        smtp.ehlo()
        if s.security == "starttls":
            smtp.starttls(context=context)
            smtp.ehlo()
        if s.user:
            self._login(smtp)
        return smtp

    def _login(self, smtp: smtplib.SMTP) -> None:
        """One try with the first mechanism both sides know (smtplib's login() tries each in turn, and every refused
        try counts against the account)."""
        offered = smtp.esmtp_features.get("auth", "").upper().split()
        for mechanism in ("CRAM-MD5", "PLAIN", "LOGIN"):
            if mechanism in offered:
                smtp.user, smtp.password = self.settings.user, self.settings.password
                smtp.auth(mechanism, getattr(smtp, "auth_" + mechanism.lower().replace("-", "_")))
                return
        raise DeliveryError("the server offers no way to log in that the pipeline knows (CRAM-MD5, PLAIN, LOGIN)"
                            if offered else "the server does not take a login (PROOF_SMTP_USER is set)",
                            transient=False, whole_target=True)

    def _drop(self) -> None:
        if self._smtp is not None:
            self._smtp.close()
            self._smtp = None

    def _check(self, code: int, reply: bytes, what: str) -> None:
        if code != 250:
            raise self._refused(code, reply, what)

    def _refused(self, code: int, reply: bytes | str, what: str) -> DeliveryError:
        # 4xx: try again later; 5xx: it will not change by trying.
        return DeliveryError(f"{what} ({self._said(code, reply)})", transient=400 <= code < 500)

    def _said(self, code: int, reply: bytes | str) -> str:
        text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
        return self.secrets.server_text(f"{code} {text}")
