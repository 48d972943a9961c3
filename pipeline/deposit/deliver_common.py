"""What the delivery transports share: the retry policy, the error they raise, and the scrubbing of credentials.

The transports (deliver_ftp, deliver_http) turn every problem into a DeliveryError whose message is written
for production staff and holds no credential; `RetryPolicy.run` retries the transient ones with exponential
back-off and gives up at once on the permanent ones (a refused password is not tried again: that could lock
the account). The policy's numbers come from the journal config (`delivery`).
"""

from __future__ import annotations

import html
import re
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from pipeline.config.journal import DeliveryPolicy

T = TypeVar("T")


class DeliveryError(Exception):
    """A delivery attempt failed. `problem` says why in plain words (no credential in it)."""

    def __init__(self, problem: str, *, transient: bool, whole_target: bool = False, unreachable: bool = False,
                 login_refused: bool = False, retry_after: float | None = None):
        super().__init__(problem)
        self.problem = problem
        self.transient = transient
        self.whole_target = whole_target  # no other file can go there either (refused login, missing folder)
        self.unreachable = unreachable  # no connection could be made: nothing else goes to that server this run
        self.login_refused = login_refused  # the user name or password was refused: not to be tried elsewhere
        self.retry_after = retry_after  # seconds the server asked us to wait
        self.attempts = 0  # set by RetryPolicy.run when it gives up


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently a delivery is tried: `attempts` tries in all, waiting `first_delay`
    seconds after the first failure, `factor` times longer after each further one, never more than
    `max_delay`; a connection silent for `timeout` seconds counts as failed. Tests pass tiny delays."""

    attempts: int = 5
    first_delay: float = 2.0
    factor: float = 2.0
    max_delay: float = 60.0
    timeout: float = 60.0
    sleep: Callable[[float], None] = time.sleep

    @classmethod
    def from_config(cls, config: DeliveryPolicy) -> RetryPolicy:
        return cls(attempts=config.attempts, first_delay=config.first_delay_seconds, factor=config.backoff_factor,
                   max_delay=config.max_delay_seconds, timeout=config.timeout_seconds)

    def delay(self, failed_attempt: int) -> float:
        """The wait after attempt number `failed_attempt` (1 for the first) has failed."""
        return min(self.max_delay, self.first_delay * self.factor ** (failed_attempt - 1))

    def run(self, attempt: Callable[[int], T]) -> tuple[T, int]:
        """Call `attempt(1)`, `attempt(2)`... until one returns; the value and the number of attempts made.
        The last DeliveryError is raised when the problem is permanent or the attempts are used up."""
        for number in range(1, self.attempts + 1):
            try:
                return attempt(number), number
            except DeliveryError as exc:
                exc.attempts = number
                if not exc.transient or number >= self.attempts:
                    raise
                wait = self.delay(number)
                if exc.retry_after is not None:
                    wait = min(self.max_delay, max(wait, exc.retry_after))
                self.sleep(wait)
        raise AssertionError("RetryPolicy.attempts must be at least 1")


class Secrets:
    """Credential values that must never reach a message, a log or a file: `scrub` blanks them out of any text,
    including the encoded forms a server might echo (URL-encoded, HTML-escaped). Only whole secrets are blanked:
    a user name "u" is not cut out of "530 Authentication failed", whose "u" is part of a word."""

    MASK = "[hidden]"

    def __init__(self, passwords: Iterable[str], users: Iterable[str] = ()):
        passwords = [p for p in passwords if p]
        # Our own text is scrubbed of every password; what a server says, of every password and every user name.
        self._passwords = self._pattern(passwords)
        self._server_secrets = self._pattern([*passwords, *(u for u in users if u)])

    @staticmethod
    def _pattern(values: Iterable[str]) -> re.Pattern[str] | None:
        forms = set()
        for value in values:
            forms |= {value, urllib.parse.quote(value, safe=""), urllib.parse.quote_plus(value), html.escape(value)}
        if not forms:
            return None
        # A secret whose first or last character is a letter or digit must not run on into a word there.
        alternatives = [("(?<!\\w)" if re.match(r"\w", form) else "") + re.escape(form)
                        + ("(?!\\w)" if re.search(r"\w$", form) else "")
                        for form in sorted(forms, key=len, reverse=True)]
        return re.compile("|".join(alternatives))

    def _blank(self, pattern: re.Pattern[str] | None, text: str) -> str:
        return pattern.sub(self.MASK, text) if pattern is not None else text

    def scrub(self, text: str) -> str:
        """`text` without any password."""
        return self._blank(self._passwords, text)

    def server_text(self, text: str, limit: int = 200) -> str:
        """What a server said, made fit for a message: tags dropped, spaces collapsed, shortened, and every
        password and user name blanked out (servers sometimes echo what they were sent)."""
        text = self._blank(self._server_secrets, " ".join(html.unescape(re.sub(r"<[^>]*>", " ", text)).split()))
        return text if len(text) <= limit else text[:limit - 3].rstrip() + "..."
