"""deposit stage: paginated JATS -> the files PubMed and Crossref take for an issue.

    pubmed.write_deposit    JATS articles -> one PubMed <ArticleSet> file (PubMed DTD 3.0)
    crossref.write_deposit  JATS articles -> one Crossref doi_batch (schema 5.3.1), versioned by a state file

Each writes only what validates against the official schema, and reports articles it had to leave out.
"""
