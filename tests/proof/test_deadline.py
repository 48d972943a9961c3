"""The return deadline: working days after the day of sending, at the production office."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from pipeline.config import ConfigError, load_journal
from pipeline.proof.deadline import deadline, sending_day, spelled
from tests.conftest import PROJECT

PROOFS = load_journal(PROJECT / "config" / "journal.yaml").proofs  # 3 working days, Europe/Istanbul, Sat-Sun off


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


@pytest.mark.parametrize(("sent", "due"), [
    ("2023-06-05T09:00:00+00:00", "2023-06-08"),  # Monday -> Thursday
    ("2023-06-02T09:00:00+00:00", "2023-06-07"),  # Friday -> Wednesday: the weekend does not count
    ("2023-06-03T09:00:00+00:00", "2023-06-07"),  # sent on a Saturday: Monday is the first working day after it
    ("2023-06-01T22:30:00+00:00", "2023-06-07"),  # Thursday 22:30 UTC is Friday 01:30 in Istanbul
])
def test_working_days_after_the_day_of_sending(sent: str, due: str) -> None:
    assert deadline(at(sent), PROOFS) == dt.date.fromisoformat(due)


def test_days_off_do_not_count() -> None:
    holiday = dataclasses.replace(PROOFS, days_off=[dt.date(2023, 6, 6), dt.date(2023, 6, 7)])
    assert deadline(at("2023-06-05T09:00:00+00:00"), holiday) == dt.date(2023, 6, 12)


def test_the_day_of_sending_is_the_offices() -> None:
    assert sending_day(at("2023-06-01T22:30:00+00:00"), PROOFS) == dt.date(2023, 6, 2)
    assert sending_day(dt.datetime(2023, 6, 1, 12, 0), PROOFS) == dt.date(2023, 6, 1)  # naive: UTC


def test_the_deadline_is_spelled_the_same_everywhere() -> None:
    assert spelled(dt.date(2023, 6, 6)) == "Tuesday, 6 June 2023"


@pytest.mark.parametrize(("change", "problem"), [
    ("working_days: 3", "working_days: 0 is not a number of working days"),
    ("timezone: Europe/Istanbul", "timezone: 'Mars/Olympus' is not a time zone"),
    ("weekend: [Saturday, Sunday]", "weekend: 'Caturday' is not a day of the week"),
])
def test_a_wrong_proofs_setting_is_named(tmp_path: Path, change: str, problem: str) -> None:
    wrong = {"working_days: 3": "working_days: 0", "timezone: Europe/Istanbul": "timezone: Mars/Olympus",
             "weekend: [Saturday, Sunday]": "weekend: [Caturday]"}[change]
    text = (PROJECT / "config" / "journal.yaml").read_text(encoding="utf-8")
    assert change in text
    (tmp_path / "journal.yaml").write_text(text.replace(change, wrong), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_journal(tmp_path / "journal.yaml")
    assert problem in str(caught.value) and "proofs" in str(caught.value)
