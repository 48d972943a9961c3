"""docs/journal-bmjopen.draft.yaml: the values the corpus's BMJ Open JATS gives are the JATS's, and its rules rebuild
what BMJ Open printed (e-location id, volume, DOI, a reference, the statements' order)."""

from __future__ import annotations

import re

import yaml
from lxml import etree

from pipeline.xmlio import safe_parser
from tests.conftest import PROJECT, need_corpus

DRAFT = yaml.safe_load((PROJECT / "docs" / "journal-bmjopen.draft.yaml").read_text(encoding="utf-8"))
JATS = "jats/elife-crossref-fixtures/bmjopen-4-e003269.xml"


def article() -> etree._Element:
    return etree.parse(str(need_corpus() / JATS), safe_parser()).getroot()


def test_identity_is_the_jats() -> None:
    root = article()
    journal, meta = root.find("front/journal-meta"), root.find("front/article-meta")
    assert DRAFT["title"] == journal.findtext("journal-title-group/journal-title")
    assert DRAFT["abbrev_title"] == journal.findtext("journal-id[@journal-id-type='nlm-ta']")
    assert DRAFT["publisher_id"] == journal.findtext("journal-id[@journal-id-type='hwp']")
    assert DRAFT["issn"]["electronic"] == journal.findtext("issn[@pub-type='epub']")
    assert DRAFT["publisher"]["name"] == journal.findtext("publisher/publisher-name")
    doi = meta.findtext("article-id[@pub-id-type='doi']")
    number = meta.findtext("article-id[@pub-id-type='publisher-id']")
    assert DRAFT["doi"]["pattern"].format(prefix=DRAFT["doi"]["prefix"], manuscript_number=number) == doi


def test_numbering_rules_give_the_published_numbers() -> None:
    meta = article().find("front/article-meta")
    publication = DRAFT["publication"]
    number = meta.findtext("article-id[@pub-id-type='publisher-id']").rsplit("-", 1)[1]
    assert publication["elocation_id"].format(number=number) == meta.findtext("elocation-id")
    year = int(meta.findtext("pub-date[@pub-type='ppub']/year"))
    base = int(re.fullmatch(r"\{year\} - (\d+)", publication["volume"]).group(1))
    assert year - base == int(meta.findtext("volume"))
    assert publication["issue"] == "month" and meta.findtext("pub-date[@pub-type='ppub']/month") == meta.findtext(
        "issue")


def test_abstract_box_and_statements_are_the_jats() -> None:
    root = article()
    labels = [t.text for t in root.iterfind("front/article-meta/abstract/sec/title")]
    canonical = DRAFT["article_types"]["Research"]["abstract_sections"]
    assert [c for c in canonical if c in labels] == labels  # the sample's labels, in the draft's order
    box = root.find("body/boxed-text")
    assert box.findtext("caption/title") == DRAFT["house_style"]["key_points"]["title"]
    assert box.find("list").get("list-type") == DRAFT["house_style"]["key_points"]["list"]
    printed = ["Acknowledgements"] + [fn.findtext("label") for fn in root.iterfind("back/fn-group/fn")]
    assert printed == DRAFT["house_style"]["statements"]


def test_reference_rules_rebuild_a_printed_reference() -> None:
    """Reference 1 from its tagged parts with the draft's rules, as the JATS prints it (its names joined)."""
    ref = article().find("back/ref-list/ref")
    rules = DRAFT["house_style"]["references"]
    names = [rules["name"].format(surname=n.findtext("surname"), initials=n.findtext("given-names"))
             for n in ref.iterfind(".//person-group/name")]
    etal = ref.find(".//etal") is not None
    authors = rules["name_separator"].join(names[:rules["max_authors"]] + ([rules["et_al"]] if etal else []))
    cit = ref.find("mixed-citation")
    pages = f"{cit.findtext('fpage')}–{cit.findtext('lpage')}"
    made = (authors + rules["after_authors"] + cit.findtext("article-title") + rules["after_title"]
            + rules["journal_article"].format(journal=cit.findtext("source"), year=cit.findtext("year"),
                                              volume=cit.findtext("volume"), pages=pages))
    printed = "".join(cit.itertext())  # the JATS runs the names together and has et al as an empty element
    assert re.sub(r"[\s,]|et al", "", made) == re.sub(r"[\s,]", "", printed)
    assert made == "Parashar UD, Hummelman EG, Bresee JS, et al. Global Illness and deaths caused by rotavirus " \
                   "disease in children. Emerg Infect Dis 2003;9:565–71."
