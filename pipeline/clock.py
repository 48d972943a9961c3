"""The build's date, the one clock reading the pipeline allows: SOURCE_DATE_EPOCH when set, else today.

Outputs never carry it; it only decides which dates are too far in the future to be real (enrich's date checks,
the Crossref batch timestamp). Set SOURCE_DATE_EPOCH to rebuild as of a day.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

from pipeline.diagnostics import fail

EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"


def build_date(env: Mapping[str, str] | None = None) -> dt.date:
    """The build's date: SOURCE_DATE_EPOCH when set, else today (UTC)."""
    value = (os.environ if env is None else env).get(EPOCH_VARIABLE, "").strip()
    if not value:
        return dt.datetime.now(dt.UTC).date()
    if not value.isdigit():
        raise fail("config.invalid", f"{EPOCH_VARIABLE} is {value!r}: it must be a number of seconds since "
                   "1970-01-01 (or unset, to use today's date)")
    try:
        return dt.datetime.fromtimestamp(int(value), dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        raise fail("config.invalid", f"{EPOCH_VARIABLE} is {value}, which is no date the calendar has") from None
