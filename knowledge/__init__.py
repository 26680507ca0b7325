"""Question in, cited Answer out: passages, encoders, hybrid search, answer composition, guardrails.

Knows nothing of Slack or SQL; receives its configuration as typed objects.
May import: nothing of this project (never bot, cases or indexer).
"""

from knowledge.answer import Answer, Citation
from knowledge.config import SearchConfig
from knowledge.engine import Advisor, IndexInfo
from knowledge.errors import IndexCorrupt, IndexMissing, InvalidQuestion, KnowledgeError
from knowledge.live import LiveAdvisor
from knowledge.messages import message
from knowledge.parts import Part
from knowledge.passages import Example, Passage
from knowledge.search.hybrid import Hit
from knowledge.store import DocumentInfo

__all__ = [
    "Advisor",
    "Answer",
    "Citation",
    "DocumentInfo",
    "Example",
    "Hit",
    "IndexCorrupt",
    "IndexInfo",
    "IndexMissing",
    "InvalidQuestion",
    "KnowledgeError",
    "LiveAdvisor",
    "Part",
    "Passage",
    "SearchConfig",
    "message",
]
