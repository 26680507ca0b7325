"""The engine's front door: open an index version once, then ask and search from any thread."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from knowledge.answer import Answer, abstention, compose, refusal
from knowledge.config import SearchConfig
from knowledge.encoders import load_encoder
from knowledge.guardrails import asks_for_merits, check_question, merits_by_neighbours, off_topic
from knowledge.language import detect
from knowledge.lexicon import Lexicon
from knowledge.passages import Passage
from knowledge.search.hybrid import Hit, Query, Searcher
from knowledge.store import DocumentInfo, live_version_dir, read_index
from knowledge.text import tokens

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IndexInfo:
    version: str
    built_at: str
    encoder: str
    passages: int
    examples: int
    documents: list[DocumentInfo]


class Advisor:
    def __init__(self, searcher: Searcher, info: IndexInfo, config: SearchConfig) -> None:
        self.searcher = searcher
        self.info = info
        self.config = config

    @classmethod
    def open(cls, index_dir: Path, encoder: str | None = None, config: SearchConfig | None = None) -> Advisor:
        """Load the live version. The index decides the encoder: its vectors only match that one."""
        return cls.open_version(live_version_dir(index_dir), encoder, config)

    @classmethod
    def open_version(
        cls, version_dir: Path, encoder: str | None = None, config: SearchConfig | None = None
    ) -> Advisor:
        """Load one version directory (`knowledge.live` resolves the `current` pointer itself)."""
        data = read_index(version_dir)
        built_with = str(data.manifest["encoder"])
        if encoder and encoder != built_with:
            logger.warning(
                "index %s was built with encoder %s, not %s: using %s",
                version_dir.name,
                built_with,
                encoder,
                built_with,
            )
        info = IndexInfo(
            version=str(data.manifest["version"]),
            built_at=str(data.manifest["built_at"]),
            encoder=built_with,
            passages=len(data.passages),
            examples=len(data.examples),
            documents=data.documents,
        )
        config = config or SearchConfig()
        searcher = Searcher(data, load_encoder(built_with), Lexicon.parse(data.lexicon), config)
        return cls(searcher, info, config)

    def search(
        self, question: str, k: int = 10, mode: str = "hybrid", context: str | None = None
    ) -> list[Hit]:
        text = check_question(question, self.config.max_question_chars)
        return self.searcher.search(Query(text, detect(text).lang, context), k=k, mode=mode)

    def ask(self, question: str, context: str | None = None, mode: str = "hybrid") -> Answer:
        text = check_question(question, self.config.max_question_chars)
        detected = detect(text)
        lang, unsupported = detected.lang, None if detected.supported else detected.detected
        query = Query(text, lang, context)
        vector = self.searcher.query_vector(query)
        scope = self.searcher.scope(vector)
        if asks_for_merits(text) or merits_by_neighbours(scope, self.config.merits_margin):
            return refusal(text, lang, unsupported)
        hits = self.searcher.search(query, k=1 + self.config.further_citations, mode=mode, vector=vector)
        if not hits or off_topic(scope, bool(self.searcher.referenced(text)), self.config.min_scope_margin):
            return abstention(text, lang, unsupported)
        terms = set(tokens(f"{text} {self.searcher.lexicon.expand(text, lang)}", lang))
        ranked = [(self._passage(hit, lang, terms), hit.score) for hit in hits[:1]]
        ranked += [
            (self._passage(hit, lang, terms), hit.score)
            for hit in hits[1:]
            if hit.score >= 0.5 * hits[0].score
        ]
        return compose(text, lang, ranked, terms, unsupported)

    def _passage(self, hit: Hit, lang: str, terms: set[str]) -> Passage:
        """The section's passage, in the answer's language, that shares most terms with the question."""
        candidates = self.searcher.passages_of((hit.doc, hit.section), lang)
        return max(candidates, key=lambda p: len(terms & set(tokens(p.text, p.lang))))
