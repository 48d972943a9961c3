"""ORCID check digits (ISO 7064 MOD 11-2) and DOI syntax: the one implementation every stage uses."""

from __future__ import annotations

import pytest
import yaml

from pipeline.identifiers import (
    bare_doi,
    doi_problem,
    email_problem,
    file_base,
    orcid_check_digit,
    orcid_problem,
    orcid_uri,
)
from tests.conftest import PROJECT

SRC = PROJECT / "samples" / "src"
SEED_ORCIDS = [a["orcid"] for p in sorted(SRC.glob("*.meta.yaml"))
               for a in yaml.safe_load(p.read_text(encoding="utf-8"))["authors"] if a.get("orcid")]


def test_the_issue_prints_fourteen_orcids() -> None:
    assert len(SEED_ORCIDS) == 14


@pytest.mark.parametrize("orcid", SEED_ORCIDS)
def test_printed_orcids_are_valid(orcid: str) -> None:
    assert orcid_problem(orcid) is None
    assert orcid_problem(f"https://orcid.org/{orcid}") is None
    assert orcid_uri(orcid) == f"https://orcid.org/{orcid}"


@pytest.mark.parametrize("orcid", SEED_ORCIDS)
def test_altered_orcids_are_rejected(orcid: str) -> None:
    # Change one digit in the middle: the check digit no longer fits.
    digits = list(orcid)
    digits[5] = str((int(digits[5]) + 1) % 10)
    altered = "".join(digits)
    problem = orcid_problem(altered)
    assert problem is not None and "check digit" in problem


def test_orcid_form() -> None:
    assert "not an ORCID" in orcid_problem("0000-0002-1825-009")
    assert orcid_check_digit("000000021825009") == "7"  # ORCID's documented example
    assert orcid_check_digit("000000021694233") == "X"  # a check "digit" of 10 is X


@pytest.mark.parametrize(("doi", "ok"), [
    ("10.4274/dir.2023.232299", True), ("10.4274/dir.2023.PLACEHOLDER-01", True), ("10.1000/a(b)c;d:e", True),
    ("10.4274", False), ("doi:10.4274/x", False), ("10.4274/has space", False), ("11.4274/x", False),
    ("10.4274/é", False),
])
def test_doi_syntax(doi: str, ok: bool) -> None:
    assert (doi_problem(doi) is None) is ok


def test_doi_prefix() -> None:
    assert "prefix" in doi_problem("10.1000/dir.2023.1", "10.4274")


def test_bare_doi_and_file_base() -> None:
    assert bare_doi("https://doi.org/10.4274/dir.2023.232299") == "10.4274/dir.2023.232299"
    assert bare_doi("doi: 10.1038/nm4142") == "10.1038/nm4142"
    assert file_base("10.4274/dir.2023.232299") == "dir-2023-232299"


@pytest.mark.parametrize(("email", "ok"), [
    ("venkatesh.sudhakar@mayo.edu", True), ("tsukahara@shinshu-u.ac.jp", True), ("a.b+c@sub.example.org", True),
    ("not-an-email", False), ("name at example.org", False), ("mailto:name@example.org", False),
    ("name@example", False), ("two@@example.org", False), ("na me@example.org", False),
])
def test_email_form(email: str, ok: bool) -> None:
    assert (email_problem(email) is None) is ok
