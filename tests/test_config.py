"""The journal config and the issue manifest load strictly, with errors that name file, field and problem."""

import datetime as dt
from pathlib import Path

import pytest

from pipeline.config import ConfigError, load_issue, load_journal
from tests.conftest import PROJECT, SAMPLE_ISSUE

JOURNAL = PROJECT / "config" / "journals" / "dir.yaml"


def _manifest(tmp_path: Path, old: str, new: str, source: Path = SAMPLE_ISSUE) -> Path:
    """A sample manifest (DIR's by default) with one change, in a folder of its own."""
    text = source.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "issue.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


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
    issue = load_issue(SAMPLE_ISSUE)
    assert issue.journal == load_journal(JOURNAL) and issue.journal_file == JOURNAL
    assert issue.key == "dir-29-04"
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
        load_issue(path)
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
        load_issue(path)
    assert err.value.field == "article 02-pope, history.received" and problem in err.value.problem


def test_dates_are_still_dates() -> None:
    issue = load_issue(SAMPLE_ISSUE).manifest
    assert issue.publication_date == dt.date(2023, 7, 21)
    assert issue.articles[1].history.accepted == dt.date(2023, 5, 30)


def test_a_first_page_below_one_is_refused(tmp_path: Path) -> None:
    text = SAMPLE_ISSUE.read_text(encoding="utf-8")
    path = tmp_path / "issue.yaml"
    path.write_text(text.replace("first_page: 563", "first_page: 0", 1), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_issue(path)
    assert "first_page: must be 1 or more" in err.value.problem


# --- the journal an issue names ----------------------------------------------------------------------------------

@pytest.mark.parametrize("named", ["bmj", "../config/journals/dir", "Dir"])
def test_a_journal_that_is_not_configured_is_named_with_those_that_are(tmp_path: Path, named: str) -> None:
    path = _manifest(tmp_path, "journal: dir\n", f"journal: {named}\n")
    with pytest.raises(ConfigError) as err:
        load_issue(path)
    assert err.value.file == str(path) and err.value.field == "journal"
    assert f"{named!r} is not a journal of this installation" in err.value.problem
    assert "journals: " in err.value.problem and "dir" in err.value.problem.split("journals: ")[1]


def test_a_manifest_must_name_its_journal(tmp_path: Path) -> None:
    path = _manifest(tmp_path, "journal: dir\n", "")
    with pytest.raises(ConfigError) as err:
        load_issue(path)
    assert err.value.field == "journal" and "must name its journal (journals: bmjopen, dir)" in err.value.problem


def test_the_journal_named_is_the_journal_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another journal's file is read when the manifest names it: the choice is the manifest's, not the code's."""
    from pipeline.config import journal as journal_module

    journals = tmp_path / "journals"
    journals.mkdir()
    (journals / "dir.yaml").write_bytes(JOURNAL.read_bytes())
    (journals / "other.yaml").write_text(JOURNAL.read_text(encoding="utf-8").replace(
        "publisher_id: dir ", "publisher_id: oth "), encoding="utf-8")
    monkeypatch.setattr(journal_module, "JOURNALS", journals)
    issue = load_issue(_manifest(tmp_path, "journal: dir\n", "journal: other\n"))
    assert issue.journal_file == journals / "other.yaml"
    assert issue.journal.publisher_id == "oth" and issue.key == "oth-29-04"


def test_a_value_on_an_example_domain_is_a_placeholder(tmp_path: Path) -> None:
    assert load_journal(JOURNAL).placeholders == [("crossref.depositor_email", "crossref-depositor@example.org"),
                                                  ("proofs.sender.email", "proofs@example.org"),
                                                  ("proofs.production.email", "production@example.org")]
    text = JOURNAL.read_text(encoding="utf-8")
    real = text.replace("crossref-depositor@example.org", "crossref@dirjournal.org")
    real = real.replace("proofs@example.org", "proofs@dirjournal.org").replace("production@example.org", "p@x.tr")
    real = real.replace("article: \"https://www.dirjournal.org/", "article: \"https://journal.test/")
    journal = load_journal(_write(tmp_path, real))
    assert journal.placeholders == [("urls.article", "https://journal.test/articles/{doi_suffix}")]


# --- a journal published online only (config/journals/bmjopen.yaml): e-location ids, licences by year -------------

ONLINE = PROJECT / "config" / "journals" / "bmjopen.yaml"
ONLINE_ISSUE = PROJECT / "samples" / "bmjopen" / "vol4-issue1" / "issue.yaml"


def test_an_online_issue_has_no_pages_and_no_day() -> None:
    issue = load_issue(ONLINE_ISSUE)
    assert issue.manifest.first_page is None and issue.manifest.publication_date is None
    assert issue.manifest.first_day == dt.date(2014, 1, 1)  # the month's first day: Crossref's first batch
    assert issue.journal.license_named(issue.manifest.articles[0].license).url.endswith("/by-nc/3.0/")
    assert issue.journal.license_named(None).url.endswith("/by-nc/4.0/")  # the journal's default today
    assert issue.journal.publication.elocation_for("bmjopen-2013-003269") == "e003269"
    assert issue.journal.publication.elocation_for("no digits") is None


@pytest.mark.parametrize(("old", "new", "field", "says"), [
    ("month: January\n", "month: January\nfirst_page: 1\n", "first_page", "the journal has no pages"),
    ("  license: cc-by-nc-3.0\n", "  license: cc-by-2.0\n", "article 01-akoua-koffi, license",
     "'cc-by-2.0' is not a licence of the journal (licences: cc-by-nc-3.0)"),
])
def test_an_online_manifest_is_checked_against_its_journal(tmp_path: Path, old: str, new: str, field: str,
                                                             says: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_issue(_manifest(tmp_path, old, new, ONLINE_ISSUE))
    assert err.value.field == field and says in err.value.problem


@pytest.mark.parametrize(("old", "new", "field", "says"), [
    ("first_page: 563\n", "", "first_page", "this field is required (the journal numbers the pages"),
    ("publication_date: 2023-07-21\n", "", "publication_date", "this field is required"),
    ("  manuscript_number: '232299'\n", "  manuscript_number: '232299'\n  elocation_id: e232299\n",
     "article 02-pope, elocation_id", "the journal numbers pages, not e-location ids"),
])
def test_a_paginated_journals_manifest_needs_pages_and_gives_no_elocation_id(tmp_path: Path, old: str, new: str,
                                                                             field: str, says: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_issue(_manifest(tmp_path, old, new))
    assert err.value.field == field and says in err.value.problem


@pytest.mark.parametrize(("old", "new", "says"), [
    ('elocation_id: "e{number}"', 'elocation_id: "e{page}"', "elocation_id: unknown placeholder {page}"),
    ("pagination: elocation", "pagination: pages",
     "elocation_id: a rule for e-location ids needs pagination: elocation"),
    ("pagination: elocation", "pagination: continuous", "pagination: 'continuous' is neither pages nor elocation"),
    ("/{elocation_id}.full.pdf", "/{page}.full.pdf", "urls.pdf: unknown placeholder {page}"),
])
def test_the_publication_rules_and_url_patterns_are_checked(tmp_path: Path, old: str, new: str, says: str) -> None:
    text = ONLINE.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(ConfigError) as err:
        load_journal(_write(tmp_path, text.replace(old, new, 1)))
    assert says in err.value.problem


def test_a_paginated_journal_cannot_name_an_elocation_id_in_its_urls(tmp_path: Path) -> None:
    text = JOURNAL.read_text(encoding="utf-8").replace("{doi_suffix}.pdf", "{elocation_id}.pdf", 1)
    with pytest.raises(ConfigError) as err:
        load_journal(_write(tmp_path, text))
    assert "{elocation_id} is only known in a journal with publication.pagination: elocation" in err.value.problem
