"""AMA personal names: the forms the journal prints in its cite-as lines."""

import pytest

from pipeline.names import (
    PersonName,
    ama_name,
    display_name,
    dotted_initials,
    initials,
    short_author_head,
    split_full_name,
)


@pytest.mark.parametrize(
    ("given", "surname", "expected"),
    [
        ("Ömer Tarık", "Esengür", "Esengür ÖT"),  # Turkish letters kept, two given names
        ("Sung-Soo", "Park", "Park SS"),  # hyphenated given name: one initial per part
        ("Jung Yeon", "Lee", "Lee JY"),
        ("Matthew C.", "Pope", "Pope MC"),  # middle initial with a full stop
        ("Thierry", "de Baère", "de Baère T"),  # particle stays with the surname
        ("Hakan", "Doğan", "Doğan H"),
        ("KJ", "Economopoulos", "Economopoulos KJ"),  # already initials
        ("Chang-Ki", "Min", "Min CK"),
    ],
)
def test_ama_name(given: str, surname: str, expected: str) -> None:
    assert ama_name(surname, given) == expected


def test_suffix_follows_initials() -> None:
    assert ama_name("Smith", "John A.", "Jr.") == "Smith JA Jr"


def test_initials_of_nothing() -> None:
    assert initials(None) == ""
    assert ama_name("Collaborative Group") == "Collaborative Group"


def test_split_full_name() -> None:
    assert split_full_name("Thierry de Baère") == PersonName("de Baère", "Thierry")
    assert split_full_name("Ömer Tarık Esengür") == PersonName("Esengür", "Ömer Tarık")
    assert split_full_name("John Smith Jr") == PersonName("Smith", "John", "Jr")
    assert split_full_name("Anne Y Warren") == PersonName("Warren", "Anne Y")  # an initial, not the particle "y"


def test_short_author_head() -> None:
    assert short_author_head(["Pope", "Olson", "Flicek"]) == "Pope et al."
    assert short_author_head(["Lee", "Epelboym"]) == "Lee and Epelboym"
    assert short_author_head(["Kwag"]) == "Kwag"


@pytest.mark.parametrize(
    ("given", "expected"),
    [("Y", "Y"), ("LA", "LA"), ("DE", "DE"), ("Y.-J.", "YJ"), ("S. Y.", "SY"), ("Y-W", "YW"), ("BD.", "BD"),
     ("Jean-Pierre", "JP"), ("Ana de la", "A")],
)
def test_initials_that_look_like_particles(given: str, expected: str) -> None:
    # Upper-case initials are never particles; only lower-case words such as "de" are.
    assert initials(given) == expected


@pytest.mark.parametrize(("full", "surname", "given"), [
    ("Antônio Rahal Junior", "Rahal Junior", "Antônio"),  # 09-rahal of the sample issue, as the Contents page prints it
    ("Antônio Ribeiro de Castro Sobrinho", "de Castro Sobrinho", "Antônio Ribeiro"),
    ("João Batista Neto", "Batista Neto", "João"),
    ("Pedro Filho", "Filho", "Pedro"),  # a kinship word alone is the surname
])
def test_portuguese_kinship_words_stay_with_the_family_name(full: str, surname: str, given: str) -> None:
    name = split_full_name(full)
    assert (name.surname, name.given_names, name.suffix) == (surname, given, None)


def test_display_name() -> None:
    assert PersonName("Pope", "Matthew C.").display() == "Matthew C. Pope"
    assert PersonName("Smith", "John A.", "Jr.").display() == "John A. Smith Jr."
    assert PersonName("Zhou", "Wei", eastern=True).display() == "Zhou Wei"
    assert display_name("de Baère", "Thierry") == "Thierry de Baère"
    assert display_name("Kwag", None) == "Kwag"


@pytest.mark.parametrize(("name", "expected"), [
    (PersonName("Pope", "Matthew C."), "M.C.P."),
    (PersonName("Park", "Sung-Soo"), "S.S.P."),
    (PersonName("de Baère", "Thierry"), "T.B."),  # a particle gives no initial
    (PersonName("Rahal Junior", "Antônio"), "A.R.J."),
    (PersonName("Economopoulos", "KJ"), "K.J.E."),  # given names already as initials
])
def test_dotted_initials_as_the_affiliations_line_prints_them(name: PersonName, expected: str) -> None:
    assert dotted_initials(name) == expected
