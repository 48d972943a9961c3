"""deposit stage: paginated JATS -> the files PMC, PubMed and Crossref take for an issue, and their delivery.

    pmc.build_package       an article's files in the build -> one PMC package (zip)
    pubmed.write_deposit    JATS articles -> one PubMed <ArticleSet> file (PubMed DTD 3.0)
    crossref.write_deposit  JATS articles -> one Crossref doi_batch (schema 5.3.1), versioned by a state file
    deliver.deliver_issue   the build's deposit files -> the services (FTP, HTTPS), recorded in a ledger

Each writes only what validates against the official schema, and reports articles it had to leave out.
"""
