"""The manifest's dates against the calendar: none too far in the future, the issue's date in its own year.

Their order (received, revision requested, revision received, accepted, Epub, issue) is a house rule
(schemas/house-rules.sch, pattern dates-in-order); what the JATS cannot show is checked here: a date is
not more than `limits.future_days` after the build's date, and the issue's publication date lies in the
year and month the manifest gives the issue. A date that fails is an error for the article (and keeps the
Crossref batch timestamp, which starts from the issue's date, from ever being taken from it).

The build's date (pipeline/clock.py) is an input, never the clock read in passing: SOURCE_DATE_EPOCH (seconds
since 1970, the reproducible-builds convention that pandoc honours too) when it is set, otherwise the day the
build runs (UTC). It decides nothing but these findings: the same inputs give byte-identical outputs on any day on
which their dates are within the margin, and on every day under a fixed SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import datetime as dt

from pipeline.clock import EPOCH_VARIABLE
from pipeline.config.journal import Limits
from pipeline.config.manifest import Article, Issue


def issue_date_problems(issue: Issue, limits: Limits, today: dt.date) -> list[tuple[str, str]]:
    """What is wrong with the issue's publication date: (the manifest's field, the problem in words)."""
    date = issue.publication_date
    problems = []
    if date is None:  # an issue without a day (an online-only journal's): its month must still be one
        if not issue.months:
            problems.append(("month", f"the issue's month “{issue.month}” names no month of the year"))
        return problems
    if date.year != issue.year:
        problems.append(("publication_date, year", f"the issue's publication date {date.isoformat()} is not in the "
                         f"issue's year {issue.year}"))
    months = issue.months
    if months and date.month not in months:
        problems.append(("publication_date, month", f"the issue's publication date {date.isoformat()} is not in "
                         f"its month “{issue.month}”"))
    ahead = _too_far_ahead(date, limits, today)
    if ahead:
        problems.append(("publication_date", f"the issue's publication date {ahead}"))
    return problems


def article_date_problems(entry: Article, limits: Limits, today: dt.date) -> list[tuple[str, str]]:
    """What is wrong with an article's own dates (Epub, history): (the manifest's field, the problem)."""
    h = entry.history
    problems = []
    for label, name, date in (("Epub date", "epub", entry.epub), ("received date", "history.received", h.received),
                              ("revision-requested date", "history.revision_requested", h.revision_requested),
                              ("revision-received date", "history.revision_received", h.revision_received),
                              ("accepted date", "history.accepted", h.accepted)):
        ahead = _too_far_ahead(date, limits, today) if date is not None else None
        if ahead:
            problems.append((name, f"the {label} {ahead}"))
    return problems


def _too_far_ahead(date: dt.date, limits: Limits, today: dt.date) -> str | None:
    latest = today + dt.timedelta(days=limits.future_days)
    if date <= latest:
        return None
    return (f"{date.isoformat()} is more than {limits.future_days} days after the build's date {today.isoformat()} "
            f"(limits.future_days in the journal config; the build's date is {EPOCH_VARIABLE} when set): a typing "
            "mistake?")
