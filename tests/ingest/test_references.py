"""The AMA reference parser: the instructions' eight examples, real pool lines, entries kept as text, DTD validity."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree

from pipeline import xmlio
from pipeline.ingest.references import ParsedReference, parse_reference
from pipeline.validate import schemas
from tests.conftest import FIXTURES, PROJECT, need_corpus, tool

POOL_FILE = PROJECT / "samples" / "src" / "references.txt"


def pool() -> list[str]:
    lines = POOL_FILE.read_text(encoding="utf-8").splitlines()
    return [line.split("\t", 1)[0] for line in lines if line and not line.startswith("# ")]


def citation(parsed: ParsedReference) -> etree._Element:
    return parsed.element[1]


def field(parsed: ParsedReference, path: str) -> str | None:
    found = citation(parsed).find(path)
    return None if found is None else "".join(found.itertext())


def names(parsed: ParsedReference, role: str = "author") -> list[str]:
    group = citation(parsed).find(f"person-group[@person-group-type='{role}']")
    if group is None:
        return []
    return [m.findtext("surname") + " " + (m.findtext("given-names") or "") if m.tag == "name" else m.text or ""
            for m in group if m.tag in ("name", "collab")]


def words(text: str) -> Counter[str]:
    return Counter(w.casefold() for w in re.findall(r"\w+", unicodedata.normalize("NFKC", text)))


# --- the eight examples of the instructions for authors -------------------------------------------------------------

SEEDS = pool()[:8]


def test_seed_journal_article() -> None:
    ref = parse_reference(SEEDS[0], 1)
    assert ref.structured and ref.reason is None
    assert ref.element.get("id") == "ref1" and ref.element.findtext("label") == "1"
    assert citation(ref).get("publication-type") == "journal"
    assert names(ref) == ["Economopoulos KJ", "Brockmeier SF"]
    assert field(ref, "article-title") == "Rotator cuff tears in overhead athletes"
    assert [field(ref, t) for t in ("source", "year", "volume", "issue", "fpage", "lpage")] == \
        ["Clin Sports Med", "2012", "31", "4", "675", "692"]


def test_seed_book_section() -> None:
    ref = parse_reference(SEEDS[1], 2)
    assert ref.structured
    assert citation(ref).get("publication-type") == "book"
    assert names(ref) == ["Fikremariam D", "Serafini M"]
    assert names(ref, "editor") == ["Vadivelu N", "Urman RD", "Hines RL"]
    assert field(ref, "chapter-title") == "Multidisciplinary approach to pain management"
    assert field(ref, "source") == "Essentials of Pain Management"
    assert field(ref, "publisher-loc") == "New York, NY"
    assert field(ref, "publisher-name") == "Springer New York"
    assert (field(ref, "year"), field(ref, "fpage"), field(ref, "lpage")) == ("2011", "17", "28")
    assert {"in", "eds"} <= set(ref.consumed)


def test_seed_book_with_edition() -> None:
    ref = parse_reference(SEEDS[2], 3)
    assert ref.structured and citation(ref).get("publication-type") == "book"
    assert names(ref) == ["Patterson JW"]
    assert field(ref, "source") == "Weedon’s Skin Pahology"  # the printed typo is kept
    assert field(ref, "edition") == "4th ed."
    assert field(ref, "publisher-name") == "Churchill Livingstone"
    assert field(ref, "publisher-loc") is None
    assert field(ref, "year") == "2016"


def test_seed_editors_as_authors() -> None:
    ref = parse_reference(SEEDS[3], 4)
    assert ref.structured and citation(ref).get("publication-type") == "book"
    assert names(ref) == []
    assert names(ref, "editor") == ["Etzel RA", "Balk SJ"]
    assert field(ref, "source") == "Pediatric Environmental Health"
    assert field(ref, "publisher-name") == "American Academy of Pediatrics"


def test_seed_conference_paper() -> None:
    ref = parse_reference(SEEDS[4], 5)
    assert ref.structured and citation(ref).get("publication-type") == "confproc"
    assert names(ref) == ["Morales M", "Zhou X"]
    assert field(ref, "article-title") == ("Health practices of immigrant women: indigenous knowledge in an urban "
                                           "environment")
    assert field(ref, "conf-name") == "78th Association for Information Science and Technology Annual Meeting"
    assert field(ref, "conf-date") == "November 6-10"
    assert field(ref, "year") == "2015"
    assert field(ref, "conf-loc") == "St Louis, MO"
    assert field(ref, "date-in-citation[@content-type='access-date']") == "March 15, 2016"
    link = citation(ref).find("ext-link")
    url = "https://www.asist.org/files/meetings/am15/proceedings/openpage15.html"
    assert link.get(xmlio.XLINK_HREF) == url and link.text == url


def test_seed_thesis() -> None:
    ref = parse_reference(SEEDS[5], 6)
    assert ref.structured and citation(ref).get("publication-type") == "thesis"
    assert names(ref) == ["Maiti N"]
    assert field(ref, "source").startswith("Association Between Behaviours, Health Charactetistics")
    assert field(ref, "comment") == "Dissertation"
    assert field(ref, "publisher-name") == "Palo Alto University"
    assert field(ref, "year") == "2010"


def test_seed_online_journal_article() -> None:
    ref = parse_reference(SEEDS[6], 7)
    assert ref.structured and citation(ref).get("publication-type") == "journal"
    assert names(ref) == ["Tamburini S", "Shen N", "Chih Wu H", "Clemente KC"]  # a two-word surname
    assert field(ref, "source") == "Nat Med"
    assert field(ref, "year") == "2016"
    assert field(ref, "date-in-citation[@content-type='published-online']") == "July 7, 2016"
    assert field(ref, "pub-id[@pub-id-type='doi']") == "10.1038/nm4142"
    assert field(ref, "volume") is None


def test_seed_website() -> None:
    ref = parse_reference(SEEDS[7], 8)
    assert ref.structured and citation(ref).get("publication-type") == "webpage"
    assert citation(ref).findtext("person-group/collab") == "International Society for Infectious Diseases"
    assert field(ref, "source") == "ProMed-mail"
    assert field(ref, "date-in-citation[@content-type='access-date']") == "February 10, 2016"
    assert citation(ref).find("ext-link").get(xmlio.XLINK_HREF) == "http://www.promedmail.org"


# --- real pool lines of varied shape --------------------------------------------------------------------------------

POOL_CASES = [
    # (line, expected fields); "authors" lists "Surname Initials" / collab text, "+etal" when et al was given
    ("Armah GE, Steele AD, Esona MD, et al. Diversity of rotavirus strains circulating in West Africa from 1996 to "
     "2000. J Infect Dis. 2010;202(Suppl):S64-S71.",
     {"type": "journal", "authors": ["Armah GE", "Steele AD", "Esona MD", "+etal"], "volume": "202",
      "issue": "Suppl", "fpage": "S64", "lpage": "S71", "source": "J Infect Dis"}),
    ("McLure KG, Gesner EM, Tsujikawa L, et al. RVX-208, an inducer of ApoA-I in humans, is a BET bromodomain "
     "antagonist. PLoS One. 2013;8:e83190.",
     {"type": "journal", "elocation-id": "e83190", "fpage": None, "volume": "8", "source": "PLoS One"}),
    ("Wang S, Rao W, Hoffman A, et al. Cloning a profibrotic stem cell variant in idiopathic pulmonary fibrosis. "
     "Science Translational Medicine. 2023;15:eabp9528. doi:10.1126/scitranslmed.abp9528",
     {"type": "journal", "elocation-id": "eabp9528", "doi": "10.1126/scitranslmed.abp9528",
      "source": "Science Translational Medicine"}),
    ("Suttie M, Foroud T, Wetherill L, et al. Facial dysmorphism across the fetal alcohol spectrum. Pediatrics. "
     "2013;131:e779-e788. doi:10.1542/peds.2012-1371",
     {"type": "journal", "fpage": "e779", "lpage": "e788", "doi": "10.1542/peds.2012-1371"}),
    ("Conrad CC, Hilchey KG. A review of citizen science and community-based environmental monitoring: Issues and "
     "opportunities. Environmental Monitoring and Assessment. 2011;176(1-4):273-291. doi:10.1007/s10661-010-1582-5",
     {"type": "journal", "authors": ["Conrad CC", "Hilchey KG"], "issue": "1-4", "fpage": "273",
      "doi": "10.1007/s10661-010-1582-5"}),
    ("Gripp KW, Lin AE, Nicholson L, et al. Further delineation of the phenotype resulting from BRAF or MEK1 "
     "germline mutations helps differentiate cardio-facio-cutaneous syndrome from Costello syndrome. American "
     "Journal of Medical Genetics Part A. 2007;143A:1472-1480. doi:10.1002/ajmg.a.31815",
     {"type": "journal", "volume": "143A", "source": "American Journal of Medical Genetics Part A"}),
    ("Sotos JG. Abraham Lincoln's marfanoid mother: the earliest known case of multiple endocrine neoplasia type "
     "2B? Clinical Dysmorphology. 2012;21:131-136. doi:10.1097/MCD.0b013e328353ae0c",
     {"type": "journal", "article-title": "Abraham Lincoln's marfanoid mother: the earliest known case of multiple "
      "endocrine neoplasia type 2B?", "source": "Clinical Dysmorphology"}),
    ("Tate JE, Burton AH, Boschi-Pinto C, et al. WHO-coordinated Global Rotavirus Surveillance Network. 2008 "
     "estimate of worldwide rotavirus-associated mortality in children younger than 5 years before the "
     "introduction of universal rotavirus vaccination programmes: a systematic review and meta-analysis. Lancet "
     "Infect Dis. 2012;12:136-141.",
     {"type": "journal", "authors": ["Tate JE", "Burton AH", "Boschi-Pinto C", "+etal"], "source": "Lancet Infect Dis",
      "year": "2012"}),
    ("Schecter A, Pavuk M, Päpke O, Ryan KK, Birnbaum L, Rosen R. Polybrominated diphenyl ethers (PBDEs) in U.S. "
     "mothers’ milk. Environ Health Perspect. 2003;111:1723-1729.",
     {"type": "journal", "article-title": "Polybrominated diphenyl ethers (PBDEs) in U.S. mothers’ milk",
      "authors": ["Schecter A", "Pavuk M", "Päpke O", "Ryan KK", "Birnbaum L", "Rosen R"]}),
    ("du Bois RM, Weycker D, Albera C, et al. Ascertainment of individual risk of mortality for patients with "
     "idiopathic pulmonary fibrosis. American Journal of Respiratory and Critical Care Medicine. 2011;184:459-466. "
     "doi:10.1164/rccm.201011-1790OC",
     {"type": "journal", "authors": ["du Bois RM", "Weycker D", "Albera C", "+etal"], "fpage": "459"}),
    ("Centers for Disease Control. Rotavirus surveillance—worldwide, 2001–2008. MMWR Morb Mortal Wkly Rep. "
     "2008;57:1255-1257.",
     {"type": "journal", "authors": ["Centers for Disease Control"], "source": "MMWR Morb Mortal Wkly Rep",
      "article-title": "Rotavirus surveillance—worldwide, 2001–2008"}),
    ("1000 Genomes Project Consortium, Abecasis GR, Altshuler D, et al. A map of human genome variation from "
     "population-scale sequencing. Nature. 2010;467:1061-1073. doi:10.1038/nature09534",
     {"type": "journal", "authors": ["1000 Genomes Project Consortium", "Abecasis GR", "Altshuler D", "+etal"]}),
    ("Sachchidanand, Resnick-Silverman L, Yan S, et al. Target structure-based discovery of small molecules that "
     "block human p53 and CREB binding protein association. Chem Biol. 2006;13:81-90.",
     {"type": "journal", "authors": ["Sachchidanand ", "Resnick-Silverman L", "Yan S", "+etal"]}),
    ("Bureau of Labor Statistics. Volunteering in the United States-2014. U.S. Department of Labor; 2014.",
     {"type": "book", "authors": ["Bureau of Labor Statistics"], "source": "Volunteering in the United States-2014",
      "publisher-name": "U.S. Department of Labor", "year": "2014"}),
    ("Ormrod JE. Human learning. 5th ed. Pearson; Prentice Hall; 2009.",
     {"type": "book", "edition": "5th ed.", "publisher-name": "Pearson; Prentice Hall", "source": "Human learning"}),
    ("Hansen SJ. Al-Shabaab in Somalia. Hurst; 2013. doi:10.1093/acprof:oso/9780199327874.001.0001",
     {"type": "book", "source": "Al-Shabaab in Somalia", "doi": "10.1093/acprof:oso/9780199327874.001.0001"}),
    ("Sweller J, Ayres PL, Kalyuga S. Cognitive load theory. In: Explorations in the learning sciences, "
     "instructional systems and performance technologies. Springer; 2011.",
     {"type": "book", "chapter-title": "Cognitive load theory", "editors": [],
      "source": "Explorations in the learning sciences, instructional systems and performance technologies"}),
    ("Currie PJ, Langston W Jr, Tanke DH. A new species of Pachyrhinosaurus (Dinosauria, Ceratopsidae) from the "
     "Upper Cretaceous of Alberta, Canada. In: Currie PJ, Langston W Jr, Tanke DH, eds. A new horned dinosaur from "
     "the Upper Cretaceous bone bed in Alberta. NRC Research Press; 2008:1-108.",
     {"type": "book", "authors": ["Currie PJ", "Langston W", "Tanke DH"],
      "editors": ["Currie PJ", "Langston W", "Tanke DH"], "fpage": "1", "lpage": "108",
      "source": "A new horned dinosaur from the Upper Cretaceous bone bed in Alberta"}),
]


@pytest.mark.parametrize(("line", "expected"), POOL_CASES, ids=[c[0][:30] for c in POOL_CASES])
def test_pool_line(line: str, expected: dict[str, object]) -> None:
    assert line in pool()  # real lines of the pool, not made up
    ref = parse_reference(line, 12)
    assert ref.structured, ref.reason
    cit = citation(ref)
    for key, value in expected.items():
        if key == "type":
            assert cit.get("publication-type") == value
        elif key in ("authors", "editors"):
            got = names(ref, "author" if key == "authors" else "editor")
            group = cit.find(f"person-group[@person-group-type='{key[:-1]}']")
            if group is not None and group.find("etal") is not None:
                got.append("+etal")
            assert got == value
        elif key == "doi":
            assert field(ref, "pub-id[@pub-id-type='doi']") == value
        else:
            assert field(ref, key) == value, key


def test_suffix_is_kept_apart() -> None:
    ref = parse_reference(POOL_CASES[-1][0], 1)
    langston = citation(ref).findall("person-group/name")[1]
    assert (langston.findtext("surname"), langston.findtext("given-names"), langston.findtext("suffix")) == \
        ("Langston", "W", "Jr")


# --- entries written the way authors write them ---------------------------------------------------------------------

def test_identifiers_and_dates_at_the_end() -> None:
    ref = parse_reference("Smith JA, Jones B. A study of imaging in the U.S. population. Radiology. 2019 Jan;"
                          "290(1):45-52. doi:10.1148/radiol.2018180001. PMID: 30299231", 3)
    assert ref.structured
    assert field(ref, "article-title") == "A study of imaging in the U.S. population"
    assert (field(ref, "month"), field(ref, "year"), field(ref, "volume")) == ("Jan", "2019", "290")
    assert field(ref, "pub-id[@pub-id-type='doi']") == "10.1148/radiol.2018180001"
    assert field(ref, "pub-id[@pub-id-type='pmid']") == "30299231"


def test_doi_as_url_and_abbreviated_last_page() -> None:
    ref = parse_reference("Li X, Wang Y. Title here. Radiology. 2019;290:45-52. https://doi.org/10.1148/r.1", 3)
    assert field(ref, "pub-id[@pub-id-type='doi']") == "10.1148/r.1"
    assert citation(ref).find("ext-link") is None
    ref = parse_reference("Li X, Wang Y. Title here. Radiology. 2019;290:675–92.", 3)
    assert (field(ref, "fpage"), field(ref, "lpage")) == ("675", "92")  # as written: nothing invented


def test_web_page_named_only_by_its_site() -> None:
    ref = parse_reference("Radiopaedia. Accessed May 2, 2020. https://radiopaedia.org", 1)
    assert ref.structured and citation(ref).get("publication-type") == "webpage"
    assert citation(ref).find("person-group") is None
    assert field(ref, "source") == "Radiopaedia"
    assert field(ref, "date-in-citation[@content-type='access-date']") == "May 2, 2020"


def test_group_author_after_names() -> None:
    ref = parse_reference("Kim H, Park S; KSAR Study Group. A multicenter study. Korean J Radiol. "
                          "2020;21(3):300-310.", 1)
    assert names(ref) == ["Kim H", "Park S", "KSAR Study Group"]


def test_italics_from_the_inline_paragraph() -> None:
    inline = etree.fromstring("<p>Smith J. Growth of <italic>Plasmodium falciparum</italic> in vitro. Malar J. "
                              "2010;9:12.</p>")
    text = "Smith J. Growth of Plasmodium falciparum in vitro. Malar J. 2010;9:12."
    ref = parse_reference(text, 1, inline)
    title = citation(ref).find("article-title")
    assert title.text == "Growth of " and title[0].tag == "italic"
    assert title[0].text == "Plasmodium falciparum" and title[0].tail == " in vitro"


# --- kept as written ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "reason"), [
    ("asdf qwer zxcv 1234", "no year found"),
    ("This is just a sentence without a year.", "no year found"),
    ("", "the entry is empty"),
    ("Smith, J. A., & Jones, B. (2019). A study. Radiology, 290, 45-52.", "not in AMA form"),
    ("Smith JA, Jones B. A study. J. Clin. Oncol. 2019;290:45-52.", "full stops"),
    ("Smith JA, Jones B. A study of things. Some unpublished notes, 2019.", "does not end like"),
    ("Smith J. Title. Radiology. 2010;12:1-10. Erratum in: Radiology. 2011;13:5.", "second reference"),
])
def test_unclear_entries_stay_mixed_citation(text: str, reason: str) -> None:
    ref = parse_reference(text, 4)
    assert not ref.structured
    assert reason in (ref.reason or "")
    mixed = citation(ref)
    assert mixed.tag == "mixed-citation"
    assert "".join(mixed.itertext()) == " ".join(text.split())
    assert ref.element.findtext("label") == "4"


def test_mixed_citation_links_a_url_without_changing_the_text() -> None:
    text = "Some Group. Notes, seen 2016, at https://example.org/a?b=1. Unclear."
    ref = parse_reference(text, 2)
    assert not ref.structured
    mixed = citation(ref)
    assert "".join(mixed.itertext()) == text
    assert mixed.find("ext-link").get(xmlio.XLINK_HREF) == "https://example.org/a?b=1"


# --- properties over the whole pool ---------------------------------------------------------------------------------

def test_nothing_lost_nothing_invented_over_the_pool() -> None:
    structured = 0
    for n, line in enumerate(pool(), 1):
        ref = parse_reference(line, n)
        cit = citation(ref)
        if not ref.structured:
            assert "".join(cit.itertext()) == line and ref.reason
            continue
        structured += 1
        # element-citation has no mixed text: no punctuation between its children
        assert not (cit.text or "").strip() and all(not (c.tail or "").strip() for c in cit)
        placed = Counter()
        for node in cit.iter():
            for piece in (node.text, node.tail if node is not cit else None):
                placed.update(words(piece or ""))
        assert not words(line) - placed - Counter(ref.consumed), line
        assert set(placed) <= set(words(line)), line
    assert structured >= 0.99 * len(pool())


def _eval_tool() -> ModuleType:
    return tool("eval_references")


def test_pool_round_trip_writes_back_identical_text() -> None:
    lines, _, identical, _ = _eval_tool().evaluate_pool(None)
    # 730 of 737 measured; the misses are the seeds the pool's formatter cannot write (conference, thesis,
    # web page, online-only article, the chapter's publisher place) and the two entries kept as text.
    assert identical >= 0.98 * lines


@pytest.mark.corpus
def test_corpus_round_trip_field_recall() -> None:
    corpus = need_corpus()
    tool = _eval_tool()
    for score in (tool.evaluate_corpus(corpus), tool.evaluate_variations(corpus)):
        assert score.refs >= 700
        # measured: recall 0.996-0.997 and precision >= 0.999 on these fields, issue recall 0.979
        for name in ("surnames", "year", "volume", "fpage", "source", "title", "doi"):
            assert score.recall(name) >= 0.98, name
            assert score.precision(name) >= 0.99, name


# --- DTD ------------------------------------------------------------------------------------------------------------

EXTRA = [
    "Smith JA, Jones B. A study. Radiology. 2019;290:45-52. [Epub ahead of print]",
    "Chen X, Li Y. Deep learning for CT. Eur Radiol. 2020;30(4):2100-2110. doi:10.1007/s00330-019-06500-5. "
    "Epub 2019 Nov 15.",
    "National Cancer Institute. Cancer stat facts. SEER. Published 2022. Accessed May 1, 2023. "
    "https://seer.cancer.gov/statfacts/",
    "Smith JA, Jones B. A study. Radiology. 2019 Jan-Feb;290(1):45-52, 60.",
    "Lee K. MRI of the knee. Master's thesis. Seoul National University; 2015.",
    "Some Group. Notes, seen 2016, at https://example.org/a?b=1. Unclear.",
    "asdf qwer zxcv 1234",
]


def test_every_parsed_reference_is_valid_jats(tmp_path: Path) -> None:
    tree = xmlio.parse(FIXTURES / "profile-article.xml")
    ref_list = tree.getroot().find("back/ref-list")
    for old in ref_list.findall("ref"):
        ref_list.remove(old)
    parsed = [parse_reference(text, n) for n, text in enumerate(pool() + EXTRA, 1)]
    assert not all(p.structured for p in parsed) and any(p.structured for p in parsed)
    for p in parsed:
        ref_list.append(p.element)
    path = tmp_path / "refs.xml"
    path.write_bytes(xmlio.to_bytes(tree, doctype=xmlio.JATS_DOCTYPE))
    assert schemas.validate_jats(xmlio.parse(path)) == []
