"""Fuzzing with hypothesis: the manifest loader, the name, ORCID, DOI and reference parsers, and mutated .docx
packages. Whatever they are given, they answer in their own terms (a value, a ConfigError, a PipelineError with
a finding), never with another exception, and they keep their promises (nothing of a name or a reference lost,
a check digit that checks).

In the suite the examples are few and always the same (profile "suite", tests/hostile/conftest.py); `make fuzz`
runs many more, new ones each time, and prints what it found (profile "fuzz").
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import io
import zipfile
from collections import Counter
from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pipeline import identifiers, names
from pipeline.config import ConfigError, load_issue
from pipeline.diagnostics import PipelineError
from pipeline.ingest import convert
from pipeline.ingest.conservation import words
from pipeline.ingest.references import parse_reference
from tests.conftest import SAMPLE_ISSUE
from tests.deposit import JOURNAL
from tests.hostile import cases

SAMPLE = yaml.safe_load(SAMPLE_ISSUE.read_text(encoding="utf-8"))
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80)
# Text as a Word file or pandoc can give it: XML holds no control characters but tab and line ends.
XML_TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from("\t\n"), max_size=300)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), TEXT,
                    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)), st.floats(allow_nan=False))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                      st.dictionaries(TEXT, inner, max_size=3)), max_leaves=8)


# --- the manifest loader ------------------------------------------------------------------------------------------

def _paths(value, prefix=()):
    """Every place in a parsed manifest: (path of keys and indexes)."""
    yield prefix
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for n, inner in enumerate(value):
            yield from _paths(inner, (*prefix, n))


PLACES = [p for p in _paths(SAMPLE) if p]


@st.composite
def mutated_manifests(draw):
    data = copy.deepcopy(SAMPLE)
    for _ in range(draw(st.integers(1, 4))):
        place = draw(st.sampled_from(PLACES))
        parent = data
        try:
            for key in place[:-1]:
                parent = parent[key]
            action = draw(st.sampled_from(["replace", "delete", "add"]))
            if action == "replace":
                parent[place[-1]] = draw(VALUES)
            elif action == "delete":
                del parent[place[-1]]
            elif isinstance(parent, dict):
                parent[draw(TEXT)] = draw(VALUES)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this place
    return data


@given(mutated_manifests())
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_a_mutated_manifest_loads_or_is_a_config_error(tmp_path: Path, data) -> None:
    path = tmp_path / "issue.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        loaded = load_issue(path)
    except ConfigError as exc:
        assert exc.field is not None and exc.problem
        assert "articles[" not in exc.field or "(it has no id)" in exc.field or not _has_ids(data)
        return
    for article in loaded.manifest.articles:  # a manifest that loads names only files inside its folder, or says so
        for name in [article.manuscript, *article.figures]:
            try:
                inside = loaded.file(name).resolve()
            except PipelineError as exc:
                assert exc.finding.code == "input.outside-issue"
            else:
                assert inside.is_relative_to(tmp_path.resolve())


def _has_ids(data) -> bool:
    articles = data.get("articles") if isinstance(data, dict) else None
    return isinstance(articles, list) and all(isinstance(a, dict) and isinstance(a.get("id"), str) for a in articles)


@given(st.binary(max_size=400) | TEXT.map(str.encode))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_bytes_as_a_manifest_are_read_or_refused(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "issue.yaml"
    path.write_bytes(raw)
    with contextlib.suppress(ConfigError):  # anything else (a traceback for staff) fails the test
        load_issue(path)


# --- names, ORCID iDs, DOIs -----------------------------------------------------------------------------------------

NAME_WORDS = st.lists(st.one_of(st.sampled_from(sorted(names.PARTICLES | names.SUFFIXES | names.KINSHIP)),
                                st.text(st.characters(categories=("L", "Pd", "Po")), min_size=1, max_size=12)),
                      max_size=6)


@given(NAME_WORDS)
def test_a_name_split_keeps_every_word(parts: list[str]) -> None:
    full = " ".join(parts)
    split = names.split_full_name(full)
    kept = " ".join(p for p in (split.given_names, split.surname, split.suffix) if p).split()
    assert Counter(w.rstrip(",") for w in kept) == Counter(w.rstrip(",") for w in full.split()) or not full.split()
    formatted = names.ama_name(split.surname, split.given_names, split.suffix)
    assert formatted.startswith(split.surname.strip()) and "\n" not in formatted


@given(TEXT, TEXT)
def test_initials_and_ama_names_of_anything(surname: str, given_names: str) -> None:
    letters = names.initials(given_names)
    assert not any(c.isspace() for c in letters)
    assert names.ama_name(surname, given_names).startswith(" ".join(surname.split()))  # spaces made single


@given(st.text("0123456789", min_size=15, max_size=15), st.sampled_from("0123456789X"))
def test_an_orcid_checks_exactly_when_its_check_digit_is_right(digits: str, last: str) -> None:
    orcid = "-".join((digits + last)[i:i + 4] for i in range(0, 16, 4))
    right = identifiers.orcid_check_digit(digits) == last
    assert (identifiers.orcid_problem(orcid) is None) == right
    if right:
        assert identifiers.orcid_uri(orcid) == f"https://orcid.org/{orcid}"
        assert identifiers.orcid_problem(f"https://orcid.org/{orcid}") is None


@given(TEXT)
def test_anything_is_an_orcid_or_a_sentence_saying_why_not(value: str) -> None:
    problem = identifiers.orcid_problem(value)
    assert problem is None or value in problem


DOI_SUFFIX = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._;()/:", min_size=1,
                     max_size=40)


@given(st.integers(1000, 999_999_999), DOI_SUFFIX)
def test_a_doi_of_the_allowed_characters_is_valid_and_gives_a_file_name(registrant: int, suffix: str) -> None:
    doi = f"10.{registrant}/{suffix}"
    assert identifiers.doi_problem(doi) is None
    assert identifiers.bare_doi(f"https://doi.org/{doi}") == doi
    base = identifiers.file_base(doi)
    assert all(c.isalnum() or c == "-" for c in base) and base == base.lower()


@given(TEXT, st.none() | TEXT)
def test_anything_is_a_doi_or_a_sentence_saying_why_not(value: str, prefix: str | None) -> None:
    problem = identifiers.doi_problem(value, prefix)
    assert problem is None or value in problem
    identifiers.bare_doi(value)


# --- references -------------------------------------------------------------------------------------------------

SURNAME = st.text(st.characters(categories=("Lu",)), min_size=1, max_size=1).flatmap(
    lambda first: st.text(st.characters(categories=("Ll",)), min_size=1, max_size=9).map(lambda rest: first + rest))
AUTHOR = st.tuples(SURNAME, st.text("ABCDEFGHIJKLMNOPRSTUVWYZ", min_size=1, max_size=2)).map(" ".join)
WORDS = st.lists(st.text(st.characters(categories=("L",)), min_size=1, max_size=10), min_size=1, max_size=12)


@st.composite
def references(draw) -> str:
    """An AMA-like entry with parts in place or missing, or anything at all."""
    if draw(st.booleans()):
        return draw(XML_TEXT)
    authors = ", ".join(draw(st.lists(AUTHOR, min_size=1, max_size=8))) + draw(st.sampled_from(["", ", et al"]))
    title = " ".join(draw(WORDS)).capitalize()
    journal = " ".join(w.capitalize() for w in draw(WORDS)[:4])
    year, volume = draw(st.integers(1900, 2030)), draw(st.integers(1, 400))
    first = draw(st.integers(1, 2000))
    tail = draw(st.sampled_from(["", f" doi:10.1000/{draw(DOI_SUFFIX)}", " Published online 2020."]))
    pieces = [f"{authors}.", f"{title}.", f"{journal}.", f"{year};{volume}({draw(st.integers(1, 12))}):"
              f"{first}-{first + draw(st.integers(0, 40))}.{tail}"]
    dropped = draw(st.sets(st.integers(0, 3), max_size=2))
    return " ".join(p for n, p in enumerate(pieces) if n not in dropped)


@given(references(), st.integers(1, 999))
@settings(deadline=None)
def test_a_reference_is_parsed_or_kept_as_written_with_every_word(text: str, number: int) -> None:
    parsed = parse_reference(text, number)
    assert parsed.element.get("id") == f"ref{number}" and parsed.element.findtext("label") == str(number)
    kept = Counter(words(" ".join(parsed.element.itertext()))) + Counter(words(" ".join(parsed.consumed)))
    assert not Counter(words(text)) - kept, "a word of the reference was lost"
    assert parsed.structured or parsed.reason


# --- mutated .docx packages -------------------------------------------------------------------------------------

@st.composite
def mutated_packages(draw, original: bytes) -> bytes:
    """A manuscript's .docx with one mutation: flipped bytes, cut short, a part's XML cut or shuffled, a part
    removed or duplicated."""
    kind = draw(st.sampled_from(["bytes", "truncate", "cut xml", "drop part", "swap parts", "junk part"]))
    if kind == "bytes":
        data = bytearray(original)
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    if kind == "truncate":
        return original[:draw(st.integers(0, len(original) - 1))]
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    name = draw(st.sampled_from(sorted(parts)))
    if kind == "cut xml":
        xml = parts[name]
        start = draw(st.integers(0, len(xml)))
        parts[name] = xml[:start] + xml[start + draw(st.integers(0, 200)):]
    elif kind == "drop part":
        del parts[name]
    elif kind == "swap parts":
        other = draw(st.sampled_from(sorted(parts)))
        parts[name], parts[other] = parts[other], parts[name]
    else:
        parts[name] = draw(st.binary(max_size=200))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    return out.getvalue()


_ORIGINAL: dict[str, bytes] = {}


def _original(folder: Path) -> bytes:
    if "docx" not in _ORIGINAL:
        _ORIGINAL["docx"] = cases.small_manuscript(folder, "original.docx").read_bytes()
    return _ORIGINAL["docx"]


@given(st.data())
@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_a_mutated_docx_converts_or_is_refused_with_a_finding(tmp_path: Path, data: st.DataObject) -> None:
    mutated = data.draw(mutated_packages(_original(tmp_path)))
    assume(mutated)
    path = tmp_path / "manuscript.docx"
    path.write_bytes(mutated)
    try:
        result = convert(path, [], JOURNAL, None)
    except PipelineError as exc:
        assert exc.finding.code in {"input.not-docx", "input.over-limit", "ingest.pandoc-failed"}, exc.finding
        assert exc.finding.file == str(path) and exc.finding.message
        return
    assert result.stats["lost"] == 0 or any(f.code == "ingest.lost-text" for f in result.findings)
