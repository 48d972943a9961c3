"""The journal config and the issue manifest load strictly, with errors that name file, field and problem."""

import datetime as dt
from pathlib import Path

import pytest

from pipeline.config import ConfigError, load_issue, load_journal
from tests.conftest import PROJECT, SAMPLE_ISSUE

JOURNAL = PROJECT / "config" / "journal.yaml"


def test_journal_config_loads() -> None:
    journal = load_journal(JOURNAL)
    assert journal.issn.print == "1305-3825"
    assert journal.issn.electronic == "1305-3612"
    assert journal.doi_for(2023, "232299") == "10.4274/dir.2023.232299"
    assert journal.article_types["Original Article"].abstract_sections == ["PURPOSE", "METHODS", "RESULTS",
                                                                           "CONCLUSION"]
    assert journal.article_types["Technical Note"].references == 8


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "journal.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_key_is_named(tmp_path: Path) -> None:
    text = JOURNAL.read_text(encoding="utf-8").replace("language: en", "language: en\nlanguag: en")
    with pytest.raises(ConfigError) as err:
        load_journal(_write(tmp_path, text))
    assert err.value.field == "languag"
    assert "unknown field" in err.value.problem
    assert str(tmp_path) in str(err.value)


def test_bad_issn_is_named(tmp_path: Path) -> None:
    text = JOURNAL.read_text(encoding="utf-8").replace("print: 1305-3825", "print: 1305-382")
    with pytest.raises(ConfigError) as err:
        load_journal(_write(tmp_path, text))
    assert "issn.print" in err.value.problem


def test_wrong_type_is_named(tmp_path: Path) -> None:
    text = JOURNAL.read_text(encoding="utf-8").replace("words: 4500", "words: many")
    with pytest.raises(ConfigError) as err:
        load_journal(_write(tmp_path, text))
    assert err.value.field == "article_types.Original Article.words"
    assert "whole number" in err.value.problem


def test_sample_manifest_loads() -> None:
    journal = load_journal(JOURNAL)
    issue = load_issue(SAMPLE_ISSUE, journal)
    assert issue.manifest.volume == 29 and issue.manifest.issue == 4
    assert len(issue.manifest.articles) == 12
    pope = issue.manifest.articles[1]
    assert pope.manuscript_number == "232299"
    assert pope.authors[-1].corresponding and pope.authors[-1].email == "venkatesh.sudhakar@mayo.edu"
    for article in issue.manifest.articles:
        assert issue.file(article.manuscript).is_file(), article.manuscript
        for figure in article.figures:
            assert issue.file(figure).is_file(), figure


def test_unknown_section_is_rejected(tmp_path: Path) -> None:
    text = SAMPLE_ISSUE.read_text(encoding="utf-8").replace("section: BREAST IMAGING", "section: BREST IMAGING", 1)
    path = tmp_path / "issue.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_issue(path, load_journal(JOURNAL))
    assert "BREST IMAGING" in err.value.problem and err.value.field == "article 03-oktay, section"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_issue(tmp_path / "nope.yaml")
    assert err.value.problem == "file not found"


@pytest.mark.parametrize(("typed", "problem"), [("2023-02-30", "2023-02-30 is not a date in the calendar"),
                                                ("30.02.2023", "expected a date as YYYY-MM-DD")])
def test_an_impossible_date_is_named_not_a_traceback(tmp_path: Path, typed: str, problem: str) -> None:
    """PyYAML reads 2023-02-30 as a timestamp and raised ValueError from inside its loader."""
    text = SAMPLE_ISSUE.read_text(encoding="utf-8")
    assert "    received: 2023-" in text
    path = tmp_path / "issue.yaml"
    path.write_text(text.replace("    received: 2023-", f"    received: {typed} #", 1), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_issue(path, load_journal(JOURNAL))
    assert err.value.field == "article 02-pope, history.received" and problem in err.value.problem


def test_dates_are_still_dates() -> None:
    issue = load_issue(SAMPLE_ISSUE, load_journal(JOURNAL)).manifest
    assert issue.publication_date == dt.date(2023, 7, 21)
    assert issue.articles[1].history.accepted == dt.date(2023, 5, 30)


def test_a_first_page_below_one_is_refused(tmp_path: Path) -> None:
    text = SAMPLE_ISSUE.read_text(encoding="utf-8")
    path = tmp_path / "issue.yaml"
    path.write_text(text.replace("first_page: 563", "first_page: 0", 1), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_issue(path, load_journal(JOURNAL))
    assert "first_page: must be 1 or more" in err.value.problem
