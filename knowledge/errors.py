"""Domain errors of the knowledge engine; the edges (CLI, Slack, HTTP) turn them into localized messages."""

from __future__ import annotations


class KnowledgeError(Exception):
    """Base class: `code` names the case for the message catalogues at the edges."""

    code = "knowledge_error"


class IndexMissing(KnowledgeError):
    code = "index_missing"


class IndexCorrupt(KnowledgeError):
    code = "index_corrupt"


class InvalidQuestion(KnowledgeError):
    """The question cannot be searched: `code` is `empty`, `too_long` or `no_words`."""

    def __init__(self, code: str, limit: int | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.limit = limit
