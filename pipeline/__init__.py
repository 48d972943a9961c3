"""A JATS publishing pipeline for journals' issues (each journal a config file, config/journals/<id>.yaml).

Stages, each a function of files in and files out, with the JATS file as the
single source of truth between them:

    ingest    DOCX manuscript + figure files -> JATS (what the manuscript says)
    enrich    JATS + journal config + issue manifest -> JATS with all metadata
    validate  JATS -> findings (DTD, house and PMC rules)
    render    JATS -> HTML page, PDF proof, final PDF
    deposit   JATS -> PubMed file, Crossref deposit, PMC packages; delivery
    issue     the issue build: all of the above for every article, and the table of contents
"""
