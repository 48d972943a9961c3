"""ORCID iDs, DOIs, e-mail addresses and the issue key: the one place their form (and check digit) is decided.

ORCID: 16 characters in four groups, the last a check character computed with
ISO 7064 MOD 11-2 over the first 15 digits (ORCID's published algorithm);
written as the https://orcid.org/ URI, the form PMC and JATS4R require.
DOI: "10." + a registrant code, "/", and a suffix of the characters Crossref
recommends (its pattern for new DOIs).
Issue key: journal, volume and issue, zero-filled as PMC names files ("jour-29-04"): the build folder, the PMC
package names, the Crossref batch ids and the names of the issue's files on the deposit servers.
"""

from __future__ import annotations

import re

ORCID_PATTERN = re.compile(r"^(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")
ORCID_URI = "https://orcid.org/"
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/[-._;()/:A-Za-z0-9]+$")
# An address as printed for the corresponding author: one @, no spaces, a dot in the domain. Not RFC 5322 in
# full: what a journal prints and a reader can write to.
EMAIL_PATTERN = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[A-Za-z]{2,}$")


def orcid_check_digit(base15: str) -> str:
    """ISO 7064 MOD 11-2 check character for the 15 digits before it."""
    total = 0
    for digit in base15:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def orcid_problem(value: str) -> str | None:
    """None when the ORCID iD is well formed with a correct check digit; otherwise what is wrong, in plain words."""
    m = ORCID_PATTERN.match(value.strip())
    if not m:
        return f"“{value}” is not an ORCID iD (16 digits in four groups, such as 0000-0002-1825-0097)"
    digits = m.group(1).replace("-", "")
    expected = orcid_check_digit(digits[:15])
    if digits[15] != expected:
        return f"“{value}” fails the ORCID check digit (the last character should be {expected}): probably a typo"
    return None


def orcid_uri(value: str) -> str:
    """The https://orcid.org/ form of a valid ORCID iD."""
    m = ORCID_PATTERN.match(value.strip())
    if not m:
        raise ValueError(f"not an ORCID iD: {value!r}")
    return ORCID_URI + m.group(1)


def doi_problem(doi: str, prefix: str | None = None) -> str | None:
    if not DOI_PATTERN.match(doi):
        return f"“{doi}” is not a valid DOI (10.<registrant>/<suffix> with letters, digits and -._;()/: only)"
    if prefix and not doi.startswith(prefix + "/"):
        return f"“{doi}” does not use the journal's DOI prefix {prefix}"
    return None


def bare_doi(value: str) -> str:
    """'https://doi.org/10.1/x', 'doi:10.1/x' -> '10.1/x'."""
    return re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", " ".join(value.split()), flags=re.I)


def cited_doi(value: str | None) -> str | None:
    """The DOI a reference gives (bare, a doi: or a doi.org URL), or None when it is not one. Looser than
    doi_problem: DOIs registered long ago use characters Crossref no longer recommends. (The stylesheets' doi-url
    function, xslt/core-links.xsl, makes the link from it, with the same test.)"""
    if not value:
        return None
    bare = bare_doi(value)
    return bare if re.fullmatch(r"10\.\d+/\S+", bare) else None


def file_base(doi: str) -> str:
    """The article's file base name from its DOI suffix: 10.1000/jour.2023.232299 -> jour-2023-232299."""
    suffix = doi.split("/", 1)[1]
    return re.sub(r"[^A-Za-z0-9]+", "-", suffix).strip("-").lower()


def issue_key(publisher_id: str, volume: int | str, issue: int | str) -> str:
    """The one spelling of an issue: ('jour', 29, 4) -> 'jour-29-04'."""
    return f"{publisher_id}-{int(volume):02d}-{int(issue):02d}"


def email_problem(value: str) -> str | None:
    """None when `value` looks like an e-mail address a reader can write to; otherwise what is wrong."""
    text = value.strip()
    if text.lower().startswith("mailto:"):
        return f"“{value}” should be the address alone, without “mailto:”"
    if not EMAIL_PATTERN.match(text):
        return f"“{value}” is not an e-mail address (name@domain.org)"
    return None
