"""What the delivery transports share: the retry policy, the error they raise, and the scrubbing of credentials.

The transports (deliver_ftp, deliver_http) turn every problem into a DeliveryError whose message is written
for production staff and holds no credential; `RetryPolicy.run` retries the transient ones with exponential
back-off and gives up at once on the permanent ones (a refused password is not tried again: that could lock
the account).
"""

from __future__ import annotations

import html
import re
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


class DeliveryError(Exception):
    """A delivery attempt failed. `problem` says why in plain words (no credential in it)."""

    def __init__(self, problem: str, *, transient: bool, whole_target: bool = False,
                 retry_after: float | None = None):
        super().__init__(problem)
        self.problem = problem
        self.transient = transient
        self.whole_target = whole_target  # no other file can go there either (refused login, missing folder)
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
    including the encoded forms a server might echo (URL-encoded, HTML-escaped)."""

    MASK = "[hidden]"

    def __init__(self, passwords: Iterable[str], users: Iterable[str] = ()):
        passwords = [p for p in passwords if p]
        # Our own text is scrubbed of passwords of 4 characters or more (a shorter one would blank out parts of
        # words); what a server says, of every password and every user name.
        self._passwords = self._forms(p for p in passwords if len(p) >= 4)
        self._server_secrets = self._forms([*passwords, *(u for u in users if u)])

    @staticmethod
    def _forms(values: Iterable[str]) -> list[str]:
        forms = set()
        for value in values:
            forms |= {value, urllib.parse.quote(value, safe=""), urllib.parse.quote_plus(value), html.escape(value)}
        return sorted(forms, key=len, reverse=True)

    def scrub(self, text: str) -> str:
        """`text` without any password."""
        for value in self._passwords:
            text = text.replace(value, self.MASK)
        return text

    def server_text(self, text: str, limit: int = 200) -> str:
        """What a server said, made fit for a message: tags dropped, spaces collapsed, shortened, and every
        password and user name blanked out (servers sometimes echo what they were sent)."""
        text = " ".join(html.unescape(re.sub(r"<[^>]*>", " ", text)).split())
        for value in self._server_secrets:
            text = text.replace(value, self.MASK)
        return text if len(text) <= limit else text[:limit - 3].rstrip() + "..."
