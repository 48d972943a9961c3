"""Personal names: the one place where "Ömer Tarık Esengür" becomes "Esengür ÖT", "Ö.T.E." or "Ömer Tarık Esengür".

Used by the cite-as line, the reference styles (pipeline/refstyle.py), running heads, the affiliations line,
the table of contents, the build report and, through the render preparation step, every page.
AMA (11th ed., 14.2): surname, then the initials of the given names with no
full stops or spaces; a hyphenated given name gives one initial per part
("Sung-Soo" -> "SS"); particles stay with the surname as the author spells it
("de Baère T"); a suffix follows the initials ("Smith JA Jr").
A display name is the name as people read it: "Matthew C. Pope"; an eastern
name order keeps the surname first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# Lower-case words that belong to a surname, not to the given names, when a full name is split.
PARTICLES = frozenset({"de", "da", "das", "do", "dos", "du", "del", "della", "dei", "der", "den", "van", "vander",
                       "von", "zu", "ter", "ten", "op", "af", "av", "la", "le", "di", "bin", "ben", "ibn", "al", "el",
                       "y"})
# Particles written elided onto the surname ("d’Alessandro", "l’Hermite").
ELISIONS = frozenset({"d", "l"})
SUFFIXES = frozenset({"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"})
# Portuguese words of kinship that end a family name and belong to it with the name before them ("Antônio Rahal
# Junior" -> "Rahal Junior"; LILACS' rules for entering authors, after AACR2).
KINSHIP = frozenset({"Filho", "Filha", "Júnior", "Junior", "Neto", "Neta", "Sobrinho", "Sobrinha"})


@dataclass(frozen=True)
class PersonName:
    surname: str
    given_names: str | None = None
    suffix: str | None = None
    prefix: str | None = None  # "Dr", "Sir": printed before a display name, never in citations
    eastern: bool = False  # JATS name-style="eastern": the surname is read first

    def ama(self) -> str:
        return ama_name(self.surname, self.given_names, self.suffix)

    def display(self) -> str:
        return display_name(self.surname, self.given_names, self.suffix, self.prefix, eastern=self.eastern)

    def inverted(self) -> str:
        """'Venkatesh, Sudhakar K.': surname first, as indexes (Google Scholar's citation_author) sort by."""
        return ", ".join(" ".join(p.split()) for p in (self.surname, self.given_names) if p and p.strip())


def display_name(surname: str, given_names: str | None = None, suffix: str | None = None,
                 prefix: str | None = None, *, eastern: bool = False) -> str:
    """'Matthew C. Pope', 'John A. Smith Jr.'; eastern order: 'Zhou Wei'. Spaces collapsed, empty parts left out."""
    parts = (surname, given_names) if eastern else (prefix, given_names, surname, suffix)
    return " ".join(" ".join(p.split()) for p in parts if p and p.strip())


def initials_of_text(text: str | None) -> str:
    """A name without parts (a collaboration) as initials with full stops: 'Study Group' -> 'S.G.'."""
    return "".join(f"{letter}." for letter in initials(text))


def dotted_initials(name: PersonName) -> str:
    """An author's initials as an affiliations line prints them: 'Matthew C. Pope' -> 'M.C.P.', 'Sung-Soo Park' ->
    'S.S.P.', 'Thierry de Baère' -> 'T.B.' (a particle gives no initial)."""
    letters = initials(name.given_names) + _first_letters(name.surname)
    return "".join(f"{letter}." for letter in letters)


def initials(given_names: str | None) -> str:
    """'Ömer Tarık' -> 'ÖT'; 'Sung-Soo' -> 'SS'; 'Matthew C.' -> 'MC'; 'J.-P.' -> 'JP'; 'KJ' -> 'KJ'."""
    if not given_names:
        return ""
    text = unicodedata.normalize("NFC", given_names).strip()
    compact = re.sub(r"[\s.\-‐–]", "", text)
    if compact.isalpha() and compact.isupper():
        return compact  # already initials, as references give them: "KJ", "K. J.", "Y.-J."
    return _first_letters(text)


def _first_letters(text: str) -> str:
    """The first letter of each word and hyphenated part, particles left out: 'de Baère' -> 'B'."""
    letters = []
    for part in re.split(r"[\s\-‐–.]+", unicodedata.normalize("NFC", text).strip()):
        part = part.strip("'’()")
        if not part or (part.islower() and part in PARTICLES):
            continue
        letters.append(part[0].upper())
    return "".join(letters)


def ama_name(surname: str, given_names: str | None = None, suffix: str | None = None,
             initials_delimiter: str = "") -> str:
    """'Esengür ÖT' (AMA, Vancouver); with an initials delimiter of '.', 'Esengür Ö.T.'."""
    parts = [" ".join(surname.split())]
    inits = initials(given_names)
    if inits:
        parts.append("".join(letter + initials_delimiter for letter in inits))
    if suffix and suffix.strip():
        parts.append(" ".join(suffix.split()).rstrip("."))
    return " ".join(parts)


def split_full_name(full: str) -> PersonName:
    """Split a name as written in a manuscript ("Thierry de Baère") into given names and surname.

    The last word is the surname, together with any lower-case particles before it, and with the word
    before it when it is a Portuguese word of kinship ("Rahal Junior"); a trailing "Jr"/"III" is a suffix.
    Compound surnames without particles ("Perez Lozada") cannot be told from given names by form alone: the
    manifest, which holds the split, wins over this guess.
    """
    words = full.split()
    suffix = None
    if len(words) > 1 and words[-1].rstrip(",") in SUFFIXES:
        suffix = words.pop().rstrip(",")
    if len(words) == 1:
        return PersonName(words[0], None, suffix)
    start = len(words) - 1
    if len(words) >= 3 and words[-1] in KINSHIP:
        start -= 1
    while start > 1 and words[start - 1] in PARTICLES:  # lower case only: "Anne Y Warren" has an initial
        start -= 1
    return PersonName(" ".join(words[start:]), " ".join(words[:start]) or None, suffix)


def short_author_head(surnames: Sequence[str]) -> str:
    """Running head for the author side: 'Pope et al.', 'Lee and Epelboym', 'Kwag'."""
    if not surnames:
        return ""
    if len(surnames) == 1:
        return surnames[0]
    if len(surnames) == 2:
        return f"{surnames[0]} and {surnames[1]}"
    return f"{surnames[0]} et al."
