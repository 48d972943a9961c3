"""Configuration: the journal (config/journal.yaml) and issue manifests (issue.yaml)."""

from pipeline.config.journal import Journal, load_journal
from pipeline.config.manifest import Article, Author, Issue, LoadedIssue, load_issue
from pipeline.config.typed import ConfigError

__all__ = ["Article", "Author", "ConfigError", "Issue", "Journal", "LoadedIssue", "load_issue", "load_journal"]
