"""Date nonsense (issue 16, problem 5): a publication date of 2099 passed without a finding, became the Crossref
batch timestamp 20990721000000 and was kept in deposit/crossref-state.json for every later batch.

The build's date is an input (SOURCE_DATE_EPOCH, pipeline/clock.py), fixed here.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pipeline import clock
from pipeline.config import load_issue
from pipeline.deposit import crossref
from pipeline.diagnostics import PipelineError
from pipeline.enrich import dates
from tests.conftest import SAMPLE_ISSUE
from tests.deposit import JOURNAL, two_articles

BUILD_DAY = dt.date(2023, 7, 1)


@pytest.fixture(autouse=True)
def build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2023, 7, 1, 12, tzinfo=dt.UTC).timestamp())))


def test_the_build_date_is_an_input() -> None:
    assert clock.build_date() == BUILD_DAY
    assert clock.build_date({"SOURCE_DATE_EPOCH": "0"}) == dt.date(1970, 1, 1)
    with pytest.raises(PipelineError) as bad:
        clock.build_date({"SOURCE_DATE_EPOCH": "yesterday"})
    assert bad.value.finding.code == "config.invalid" and "a number of seconds since 1970" in str(bad.value)


def _issue(tmp_path: Path, **changes: str):
    text = SAMPLE_ISSUE.read_text(encoding="utf-8")
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "issue.yaml"
    path.write_text(text, encoding="utf-8")
    return load_issue(path).manifest


@pytest.mark.parametrize(("change", "expected"), [
    ({"publication_date: 2023-07-21": "publication_date: 2099-07-21", "year: 2023": "year: 2099"},
     [("publication_date", "the issue's publication date 2099-07-21 is more than 366 days after the build's date "
       "2023-07-01")]),
    ({"publication_date: 2023-07-21": "publication_date: 2099-07-21"},
     [("publication_date, year", "the issue's publication date 2099-07-21 is not in the issue's year 2023"),
      ("publication_date", "the issue's publication date 2099-07-21 is more than 366 days after")]),
    ({"publication_date: 2023-07-21": "publication_date: 2023-09-21"},
     [("publication_date, month", "the issue's publication date 2023-09-21 is not in its month “July”")]),
    ({}, []),
], ids=["far ahead", "another year", "another month", "the sample issue"])
def test_the_issue_date(tmp_path: Path, change: dict[str, str], expected: list[tuple[str, str]]) -> None:
    found = dates.issue_date_problems(_issue(tmp_path, **change), JOURNAL.limits, BUILD_DAY)
    assert [f for f, _ in found] == [f for f, _ in expected]
    assert all(message.startswith(start) for (_, message), (_, start) in zip(found, expected, strict=True))


def test_an_article_date_in_2031(tmp_path: Path) -> None:
    issue = _issue(tmp_path, **{"    accepted: 2023-05-30": "    accepted: 2031-05-30"})
    pope = next(a for a in issue.articles if a.id == "02-pope")
    assert dates.article_date_problems(pope, JOURNAL.limits, BUILD_DAY) == [
        ("history.accepted", "the accepted date 2031-05-30 is more than 366 days after the build's date 2023-07-01 "
         "(limits.future_days in the journal config; the build's date is SOURCE_DATE_EPOCH when set): a typing "
         "mistake?")]


def test_a_crossref_batch_never_takes_its_timestamp_from_a_date_far_ahead(tmp_path: Path) -> None:
    out = tmp_path / "crossref.xml"

    findings = crossref.write_deposit(two_articles(tmp_path), JOURNAL, tmp_path, out, issue_date=dt.date(2099, 7, 21))

    (finding,) = findings
    assert finding.code == "deposit.blocked"
    assert finding.message.startswith("No Crossref deposit was made: the issue's publication date 2099-07-21 is more "
                                      "than 366 days after the build's date")
    assert not out.exists() and not (tmp_path / crossref.STATE_FILE).exists()


def test_a_state_file_that_holds_a_timestamp_far_ahead_is_not_built_on(tmp_path: Path) -> None:
    state = tmp_path / crossref.STATE_FILE
    state.parent.mkdir()
    held = {"batches": [{"content_sha256": "0" * 64, "timestamp": "20990721000000",
                         "doi_batch_id": "dir-29-4-20990721000000"}]}
    state.write_text(json.dumps(held), encoding="utf-8")
    out = tmp_path / "crossref.xml"

    findings = crossref.write_deposit(two_articles(tmp_path), JOURNAL, tmp_path, out, issue_date=dt.date(2023, 7, 21))

    (finding,) = findings
    assert finding.code == "deposit.blocked" and "has the timestamp 20990721000000" in finding.message
    assert "remove its entry from the state file" in finding.message
    assert not out.exists() and json.loads(state.read_text(encoding="utf-8")) == held
