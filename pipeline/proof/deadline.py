"""The day a proof is sent and its return deadline: a moment and the journal's `proofs` config -> dates.

The one place the deadline is counted (the e-mail, the ledger and the proof's cover page use it): the day of
sending is the date in the production office's time zone, and the deadline is the `working_days`-th working day
after it, a working day being one that is neither a weekend day nor a configured day off.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from pipeline.config.journal import WEEKDAYS, Proofs


def sending_day(moment: dt.datetime, proofs: Proofs) -> dt.date:
    """The date at the production office when `moment` (a naive moment is UTC) happens."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(zoneinfo.ZoneInfo(proofs.timezone)).date()


def is_working_day(day: dt.date, proofs: Proofs) -> bool:
    return WEEKDAYS[day.weekday()] not in proofs.weekend and day not in proofs.days_off


def deadline(moment: dt.datetime, proofs: Proofs) -> dt.date:
    """The return deadline of a proof sent at `moment`: proofs.working_days working days after the day it is sent
    (sent on Friday with 3 working days and a Saturday-Sunday weekend: due on Wednesday)."""
    return due_after(sending_day(moment, proofs), proofs)


def due_after(day: dt.date, proofs: Proofs) -> dt.date:
    """proofs.working_days working days after `day` (the day a proof is sent, or made: its cover page)."""
    left = proofs.working_days
    while left:
        day += dt.timedelta(days=1)
        if is_working_day(day, proofs):
            left -= 1
    return day


def spelled(day: dt.date) -> str:
    """'Tuesday, 6 June 2023': for people, and the same on every machine (no locale)."""
    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")
    return f"{WEEKDAYS[day.weekday()]}, {day.day} {months[day.month - 1]} {day.year}"
