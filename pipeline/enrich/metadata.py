"""Build article-meta from the manuscript's JATS and the manifest, in the order the JATS DTD requires.

The manifest (what the submission system holds) wins over what the
manuscript's title page says; every disagreement is reported as a warning so
production can check it. A missing value stays missing and is reported.
"""

from __future__ import annotations

import copy
import datetime as dt
import unicodedata

from lxml import etree

from pipeline.config.journal import Journal
from pipeline.config.manifest import Affiliation, Article, Author, Issue, article_doi
from pipeline.diagnostics import Finding
from pipeline.enrich.citeas import cite_as
from pipeline.identifiers import doi_problem, email_problem, file_base, orcid_problem, orcid_uri
from pipeline.jats import date_element, el, journal_meta, plain_text, sub
from pipeline.names import PersonName, display_name, short_author_head

COUNTRY_CODES = {"USA": "US", "United States": "US", "Japan": "JP", "Turkey": "TR", "Türkiye": "TR",
                 "France": "FR", "Brazil": "BR", "Greece": "GR", "China": "CN", "Korea": "KR",
                 "Republic of Korea": "KR", "South Korea": "KR", "Germany": "DE", "United Kingdom": "GB", "UK": "GB",
                 "Italy": "IT", "Spain": "ES", "Canada": "CA", "India": "IN", "Netherlands": "NL",
                 "Côte d'Ivoire": "CI", "Ivory Coast": "CI", "Republic of Ivory Coast": "CI"}
# The order of article-meta's children in the JATS 1.3 Journal Publishing DTD.
META_ORDER = ["article-id", "article-version", "article-version-alternatives", "article-categories", "title-group",
              "contrib-group", "aff", "aff-alternatives", "author-notes", "pub-date", "pub-date-not-available",
              "volume", "volume-id", "volume-series", "issue", "issue-id", "issue-title", "issue-title-group",
              "issue-sponsor", "issue-part", "volume-issue-group", "isbn", "supplement", "fpage", "lpage",
              "page-range", "elocation-id", "email", "ext-link", "uri", "product", "supplementary-material",
              "history", "pub-history", "permissions", "self-uri", "related-article", "related-object", "abstract",
              "trans-abstract", "kwd-group", "funding-group", "support-group", "conference", "counts",
              "custom-meta-group"]


def doi_of(entry: Article, issue: Issue, journal: Journal, findings: list[Finding]) -> str | None:
    doi = article_doi(entry, issue, journal)
    problem = doi_problem(doi, journal.doi.prefix)
    if problem:
        findings.append(Finding.of("enrich.doi-invalid", problem, location="manifest: doi / manuscript_number"))
        return None
    if entry.placeholder_manuscript_number:
        findings.append(Finding.of(
            "enrich.doi-placeholder",
            f"the DOI {doi} is built from a placeholder manuscript number; set the real manuscript number in the "
            "manifest before the DOI is registered", location="manifest: manuscript_number"))
    return doi


def words_of(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


class MetaBuilder:
    def __init__(self, article: etree._Element, entry: Article, issue: Issue, journal: Journal, doi: str | None,
                 findings: list[Finding]):
        self.article, self.entry, self.issue, self.journal = article, entry, issue, journal
        self.doi, self.findings = doi, findings
        self.meta = article.find("front/article-meta")
        self._orcids: dict[str, str] = {}  # ORCID URI -> the author it was given for first

    def warn(self, code: str, message: str, **where: str) -> None:
        self.findings.append(Finding.of(code, message, **where))

    def build(self) -> None:
        front = self.article.find("front")
        front.replace(front.find("journal-meta"), journal_meta(self.journal))
        type_config = self.journal.article_types[self.entry.type]
        self.article.set("article-type", type_config.jats)
        for tag in ("article-id", "article-categories", "pub-date", "volume", "issue", "fpage", "lpage", "elocation-id",
                    "history", "permissions", "self-uri", "custom-meta-group"):  # the issue's to give, not the text's
            for old in self.meta.findall(tag):
                self.meta.remove(old)
        if self.doi:
            self._put(el("article-id", self.doi, pub_id_type="doi"))
        self._put(el("article-id", self.entry.manuscript_number, pub_id_type="publisher-id"), first=True)
        self._categories()
        self._title()
        self._contributors()
        self._dates()
        self._put(el("volume", str(self.issue.volume)))
        self._put(el("issue", str(self.issue.issue)))
        self._elocation()
        self._history()
        self._permissions()
        if self.doi:
            self._put(el("self-uri", "Full text PDF", content_type="pdf",
                         **{"xlink:href": f"{file_base(self.doi)}.pdf"}))
        self._custom_meta()
        self._order()

    # --- pieces -------------------------------------------------------------------------------------------------

    def _put(self, node: etree._Element, first: bool = False) -> None:
        if first:
            self.meta.insert(0, node)
        else:
            self.meta.append(node)

    def _order(self) -> None:
        rank = {tag: n for n, tag in enumerate(META_ORDER)}
        children = list(self.meta)
        children.sort(key=lambda c: rank.get(c.tag, len(rank)))  # stable: keeps the order within a tag
        for child in children:
            self.meta.append(child)

    def _categories(self) -> None:
        categories = el("article-categories")
        heading = sub(categories, "subj-group", subj_group_type="heading")
        sub(heading, "subject", title_case(self.entry.section))
        kind = sub(categories, "subj-group", subj_group_type="article-type")
        sub(kind, "subject", self.entry.type)
        self._put(categories)

    def _title(self) -> None:
        group = self.meta.find("title-group")
        title = group.find("article-title")
        if self.entry.title:
            if plain_text(title) and words_of(plain_text(title)) != words_of(self.entry.title):
                self.warn("ingest.manifest-mismatch", f"the manuscript's title “{plain_text(title)}” differs from "
                          f"the manifest's “{self.entry.title}”; the manifest's is used")
            for child in list(title):
                title.remove(child)
            title.text = self.entry.title
        if not plain_text(title):
            self.warn("enrich.missing-metadata", "the article has no title")
        if self.entry.running_title:
            alt = group.find("alt-title[@alt-title-type='running-head']")
            if alt is None:
                alt = sub(group, "alt-title", alt_title_type="running-head")
            elif words_of(plain_text(alt)) != words_of(self.entry.running_title):
                self.warn("ingest.manifest-mismatch", f"the manuscript's running title “{plain_text(alt)}” differs "
                          f"from the manifest's “{self.entry.running_title}”; the manifest's is used")
            alt.text = self.entry.running_title
        elif group.find("alt-title") is None:
            self.warn("enrich.missing-metadata", "no running title is given (manuscript or manifest); the running "
                      "head prints the article title instead", xpath=f"{META}/title-group")

    def _contributors(self) -> None:
        manuscript = self._manuscript_authors()
        if not self.entry.authors:
            if not manuscript:
                self.warn("enrich.missing-metadata", "the article has no authors (neither manuscript nor manifest)")
            return
        self._compare_authors(manuscript)
        # What the manuscript's title page gave, before the manifest's authors replace its contrib-group.
        manuscript_affs = [copy.deepcopy(a) for a in self.meta.xpath("contrib-group/aff | aff")]
        manuscript_links = {
            words_of(display_name(c.findtext("name/surname") or "", c.findtext("name/given-names"))):
                [x.get("rid") for x in c.findall("xref[@ref-type='aff']")]
            for c in self.meta.iterfind("contrib-group/contrib") if c.find("name") is not None}
        manuscript_notes = [copy.deepcopy(f) for f in self.meta.iterfind("author-notes/fn")]
        for old in self.meta.findall("contrib-group") + self.meta.findall("author-notes") + self.meta.findall("aff"):
            self.meta.remove(old)
        group = el("contrib-group")
        affiliations = self.entry.affiliations
        aff_ids = {a.id: f"aff{n}" for n, a in enumerate(affiliations, 1)}
        corresponding = next((a for a in self.entry.authors if a.corresponding), None)
        email = self._corresponding_email(corresponding)
        for n, author in enumerate(self.entry.authors, 1):
            contrib = self._contrib(author, aff_ids, author is corresponding, n)
            if author is corresponding and email:
                contrib.append(el("xref", ref_type="corresp", rid="cor1"))
            if not affiliations:  # the manuscript's affiliations, for the authors it names the same way
                for rid in manuscript_links.get(words_of(display_name(author.surname, author.given_names)), []):
                    contrib.insert(contrib.index(contrib.find("name")) + 1 + len(contrib.findall("degrees")),
                                   el("xref", ref_type="aff", rid=rid))
            group.append(contrib)
        for n, aff in enumerate(affiliations, 1):
            group.append(affiliation_element(aff, f"aff{n}"))
        if not affiliations and manuscript_affs:
            self.warn("ingest.manifest-mismatch", "the manifest gives no affiliations; the manuscript's are used")
            for aff in manuscript_affs:
                group.append(aff)
        elif not affiliations:
            self.warn("enrich.missing-metadata", "no affiliations are given for any author",
                      xpath=f"{META}/contrib-group")
        self._put(group)
        notes = el("author-notes")
        if email:  # implies a corresponding author
            corresp = sub(notes, "corresp", id="cor1")
            corresp.text = f"Corresponding author: {corresponding.full_name}, e-mail: "
            sub(corresp, "email", email)
        for fn in manuscript_notes:  # the manuscript's notes on authors ("These authors contributed equally")
            notes.append(fn)
        if len(notes):
            self._put(notes)

    def _contrib(self, author: Author, aff_ids: dict[str, str], corresponding: bool, n: int) -> etree._Element:
        where = f"{META}/contrib-group/contrib[{n}]"
        contrib = el("contrib", contrib_type="author")
        if corresponding:
            contrib.set("corresp", "yes")
        if author.orcid:
            problem = orcid_problem(author.orcid)
            uri = orcid_uri(author.orcid) if not problem else ""
            if uri in self._orcids:
                problem = (f"the ORCID iD {author.orcid} is also given for {self._orcids[uri]}, and an ORCID iD is "
                           "one person's")
            if problem:
                self.findings.append(Finding.of("enrich.orcid-invalid", f"{author.full_name}: {problem}; the ORCID "
                                                "is left out until it is corrected", location="manifest: authors",
                                                xpath=where))
            else:
                self._orcids[uri] = author.full_name
                sub(contrib, "contrib-id", uri, contrib_id_type="orcid",
                    authenticated="true" if author.orcid_authenticated else "false")
        else:
            self.warn("enrich.orcid-missing", f"{author.full_name} has no ORCID iD in the manifest", xpath=where)
        name = sub(contrib, "name")
        sub(name, "surname", author.surname)
        if author.given_names:
            sub(name, "given-names", author.given_names)
        if author.suffix:
            sub(name, "suffix", author.suffix)
        if author.degrees:
            sub(contrib, "degrees", author.degrees)
        for aff in author.affiliations:
            sub(contrib, "xref", ref_type="aff", rid=aff_ids[aff])
        return contrib

    def _corresponding_email(self, author: Author | None) -> str | None:
        """The corresponding author's address as it is printed; None, and said why, when there is none to print.
        (No corresponding author at all is a house rule, validate's, not this stage's.)"""
        if author is None:
            return None
        if not author.email:
            self.warn("enrich.missing-metadata", f"the corresponding author {author.full_name} has no e-mail "
                      "address in the manifest")
            return None
        problem = email_problem(author.email)
        if problem:
            self.findings.append(Finding.of(
                "enrich.email-invalid", f"the corresponding author {author.full_name}: {problem}; it is left out "
                "until it is corrected", location="manifest: authors", xpath=f"{META}/author-notes"))
            return None
        return author.email

    def _manuscript_authors(self) -> list[PersonName]:
        names = []
        for name in self.meta.iterfind("contrib-group/contrib/name"):
            names.append(PersonName(name.findtext("surname") or "", name.findtext("given-names")))
        return names

    def _compare_authors(self, manuscript: list[PersonName]) -> None:
        if not manuscript:
            return
        listed = [display_name(a.surname, a.given_names) for a in self.entry.authors]
        found = [display_name(n.surname, n.given_names) for n in manuscript]
        if [words_of(x) for x in listed] == [words_of(x) for x in found]:
            return
        if len(listed) != len(found):
            self.warn("ingest.manifest-mismatch", f"the manuscript lists {len(found)} authors, the manifest "
                      f"{len(listed)}; the manifest's list is used")
        for n, (a, b) in enumerate(zip(found, listed, strict=False), 1):
            if words_of(a) != words_of(b):
                self.warn("ingest.manifest-mismatch", f"author {n} is “{a}” in the manuscript and “{b}” in the "
                          "manifest; the manifest's name is used")

    def _dates(self) -> None:
        epub = self.entry.epub
        if epub is None and self.issue.publication_date is None:
            self.findings.append(Finding.of(
                "enrich.missing-dates", "no Epub date in the manifest, and the issue has no publication date to "
                "stand in for it: the article's date of publication is missing", location="manifest: epub"))
        elif epub is None:
            epub = self.issue.publication_date
            self.findings.append(Finding.of(
                "enrich.date-assumed",
                f"no Epub date in the manifest: the article is taken to be first published online with the issue on "
                f"{epub.isoformat()}", location="manifest: epub"))
        if epub is not None:
            self._put(date_element("pub-date", epub, date_type="pub", publication_format="electronic"))
        issue_day = self.issue.first_day
        if issue_day is not None:  # else the issue's month is no month: a date finding already says so
            collection = dt.date(self.issue.year, issue_day.month, 1)
            self._put(date_element("pub-date", collection, day=False, date_type="collection",
                                   publication_format="electronic"))

    def _elocation(self) -> None:
        """An online-only journal's article is located by its e-location id (the manifest's, else the journal's
        rule), never by pages; none to be had is an error, since no citation of the article could be made."""
        if self.journal.publication.paged:
            return
        value = self.entry.elocation_id or self.journal.publication.elocation_for(self.entry.manuscript_number)
        if value:
            self._put(el("elocation-id", value))
        else:
            self.findings.append(Finding.of(
                "enrich.elocation-missing", "the article has no e-location id: the manifest gives none (elocation_id) "
                "and the journal's rule (publication.elocation_id) cannot make one of the manuscript number "
                f"{self.entry.manuscript_number!r}", location="manifest: elocation_id"))

    def _history(self) -> None:
        history = el("history")
        h = self.entry.history
        for value, kind in ((h.received, "received"), (h.revision_requested, "rev-request"),
                            (h.revision_received, "rev-recd"), (h.accepted, "accepted")):
            if value is not None:
                history.append(date_element("date", value, date_type=kind))
        if len(history):
            self._put(history)
        missing = [k for k, v in (("received", h.received), ("accepted", h.accepted)) if v is None]
        if missing:
            self.warn("enrich.missing-dates", f"history dates missing from the manifest: {', '.join(missing)}")

    def _permissions(self) -> None:
        lic = self.journal.license_named(self.entry.license)
        permissions = el("permissions")
        sub(permissions, "copyright-statement", lic.statement(self.issue.year))
        sub(permissions, "copyright-year", str(self.issue.year))
        if lic.copyright_holder:
            sub(permissions, "copyright-holder", lic.copyright_holder)
        sub(permissions, "ali:free_to_read")
        licence = sub(permissions, "license")
        sub(licence, "ali:license_ref", lic.url)
        sub(licence, "license-p", lic.license_text)
        self._put(permissions)

    def _custom_meta(self) -> None:
        surnames = [n.findtext("surname") or "" for n in self.meta.iterfind("contrib-group/contrib/name")]
        group = el("custom-meta-group")
        # Why custom-meta: JATS 1.3 has no element for a publisher's suggested citation; custom-meta is the
        # model's place for journal-specific name/value metadata, PMC keeps it, and every output reads this string.
        item = sub(group, "custom-meta")
        sub(item, "meta-name", "citation")
        sub(item, "meta-value", cite_as(self.meta, self.journal))
        head = sub(group, "custom-meta")
        sub(head, "meta-name", "running-head-authors")
        sub(head, "meta-value", short_author_head(surnames))
        self._put(group)


def refresh_citation(article: etree._Element, journal: Journal) -> None:
    """Re-make the cite-as line from the article's own metadata (after pagination adds the pages)."""
    meta = article.find("front/article-meta")
    for value in meta.iterfind("custom-meta-group/custom-meta"):
        if value.findtext("meta-name") == "citation":
            value.find("meta-value").text = cite_as(meta, journal)


def affiliation_element(aff: Affiliation, aff_id: str) -> etree._Element:
    node = el("aff", id=aff_id)
    pieces: list[etree._Element | str] = []
    if aff.department:
        pieces.append(el("institution", aff.department, content_type="dept"))
    if aff.institution:
        pieces.append(el("institution", aff.institution))
    if aff.city:
        pieces.append(el("addr-line", aff.city, content_type="city"))
    if aff.state:
        pieces.append(el("addr-line", aff.state, content_type="state"))
    if aff.country:
        country = el("country", aff.country)
        code = COUNTRY_CODES.get(aff.country)
        if code:
            country.set("country", code)
        pieces.append(country)
    for n, piece in enumerate(pieces):
        if n:
            node[-1].tail = ", "
        node.append(piece)
    return node


META = "/article/front/article-meta"
SMALL_WORDS = {"and", "or", "of", "the", "in", "for", "on", "to", "a", "an"}


def title_case(section: str) -> str:
    """'ABDOMINAL IMAGING' -> 'Abdominal Imaging' (PMC prefers title case in subjects)."""
    words = section.split()
    out = []
    for n, word in enumerate(words):
        lower = word.lower()
        out.append(lower if n and lower in SMALL_WORDS else lower[:1].upper() + lower[1:])
    return " ".join(out)

