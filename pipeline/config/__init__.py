"""Configuration: the journals (config/journals/<id>.yaml) and issue manifests (issue.yaml)."""

from pipeline.config.journal import Journal, journal_file, journal_ids, load_journal
from pipeline.config.manifest import Article, Author, Issue, LoadedIssue, load_issue
from pipeline.config.typed import ConfigError

__all__ = ["Article", "Author", "ConfigError", "Issue", "Journal", "LoadedIssue", "journal_file", "journal_ids",
           "load_issue", "load_journal"]
