"""Hybrid search: keyword and dense signals over passages and FAQ examples, fused per section.

Each signal ranks sections (doc, section label) by its best row; weighted reciprocal rank fusion
combines the rankings, so no signal's raw score scale has to be calibrated against another's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from knowledge.config import SearchConfig
from knowledge.encoders import Encoder, Vectors
from knowledge.lexicon import Lexicon
from knowledge.passages import Passage
from knowledge.references import Title, find_references
from knowledge.search.dense import DenseIndex
from knowledge.store import IndexData, bm25_key
from knowledge.text import tokens

SectionId = tuple[str, str]
MODES = ("hybrid", "keyword", "dense")
_KEYWORD = ("bm25_passages", "bm25_examples")
_DENSE = ("dense_passages", "dense_examples")


@dataclass(frozen=True)
class Hit:
    doc: str  # language-neutral document key (English stem)
    section: str
    score: float


@dataclass(frozen=True)
class Query:
    text: str
    lang: str
    context: str | None = None


def fuse(
    rankings: Mapping[str, Sequence[SectionId]], weights: Mapping[str, float], k: float
) -> dict[SectionId, float]:
    """Weighted reciprocal rank fusion: Σ w / (k + rank), rank starting at 1."""
    fused: dict[SectionId, float] = defaultdict(float)
    for name, ranking in rankings.items():
        weight = weights.get(name, 0.0)
        for rank, section in enumerate(ranking, start=1):
            fused[section] += weight / (k + rank)
    return dict(fused)


def _best_per_section(section_ids: Iterable[SectionId], scores: Iterable[float]) -> dict[SectionId, float]:
    best: dict[SectionId, float] = {}
    for section, score in zip(section_ids, scores, strict=False):
        if score > best.get(section, float("-inf")):
            best[section] = float(score)
    return best


def _ranking(best: dict[SectionId, float], limit: int) -> list[SectionId]:
    return sorted((s for s, v in best.items() if v > 0), key=lambda s: -best[s])[:limit]


class Searcher:
    def __init__(self, data: IndexData, encoder: Encoder, lexicon: Lexicon, config: SearchConfig) -> None:
        self.data = data
        self.encoder = encoder
        self.lexicon = lexicon
        self.config = config
        self._passage_dense = data.passage_index or DenseIndex.exact(data.passage_vectors)
        self._example_dense = DenseIndex.exact(data.example_vectors)
        self._passage_sections = [p.section_id for p in data.passages]
        self._example_sections = [e.section_id for e in data.examples]
        self._known = set(self._passage_sections)
        self._rows: dict[SectionId, list[int]] = defaultdict(list)
        for row, section in enumerate(self._passage_sections):
            self._rows[section].append(row)
        self.titles = list({Title(p.key, p.lang, p.title) for p in data.passages})

    def _keyword_tokens(self, query: Query) -> list[str]:
        words = tokens(query.text, query.lang)
        expansion = tokens(self.lexicon.expand(query.text, query.lang), query.lang)
        context = tokens(query.context, query.lang) if query.context else []
        # repeating a token weighs it: an expansion word counts `lexicon_weight` of a question word
        scale = round(1 / max(self.config.lexicon_weight, 1e-6))
        return words * scale + expansion + context * round(self.config.context_weight * scale)

    def _bm25(
        self, kind: str, lang: str, query_tokens: list[str], sections: list[SectionId]
    ) -> dict[SectionId, float]:
        bm25, row_ids = self.data.bm25[bm25_key(kind, lang)]
        scores = bm25.scores(query_tokens)
        return _best_per_section((sections[i] for i in row_ids), scores)

    def _dense(self, index: DenseIndex, vector: Vectors, sections: list[SectionId]) -> dict[SectionId, float]:
        ids, scores = index.search(vector, self.config.candidates * 3)
        return _best_per_section((sections[i] for i in ids), scores)

    def query_vector(self, query: Query) -> Vectors:
        text = f"{query.context}\n{query.text}" if query.context else query.text
        vector: Vectors = self.encoder.encode_queries([text])[0]
        return vector

    def nearest_passages(self, vector: Vectors, k: int) -> list[tuple[Passage, float]]:
        """The `k` passages nearest the question's vector, with their cosine, best first."""
        ids, scores = self._passage_dense.search(vector, k)
        return [(self.data.passages[int(i)], float(s)) for i, s in zip(ids, scores, strict=True)]

    def search(
        self, query: Query, k: int = 10, mode: str = "hybrid", vector: Vectors | None = None
    ) -> list[Hit]:
        """`vector`: the query's vector when the caller already has it (one encoder call per question)."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        signals: dict[str, dict[SectionId, float]] = {}
        if mode in ("hybrid", "keyword"):
            query_tokens = self._keyword_tokens(query)
            signals["bm25_passages"] = self._bm25(
                "passages", query.lang, query_tokens, self._passage_sections
            )
            signals["bm25_examples"] = self._bm25(
                "examples", query.lang, query_tokens, self._example_sections
            )
        if mode in ("hybrid", "dense"):
            vector = self.query_vector(query) if vector is None else vector
            signals["dense_passages"] = self._dense(self._passage_dense, vector, self._passage_sections)
            signals["dense_examples"] = self._dense(self._example_dense, vector, self._example_sections)
        rankings = {name: _ranking(best, self.config.candidates) for name, best in signals.items()}
        fused = fuse(rankings, self.config.weights, self.config.rrf_k)
        for section in self.referenced(query.text):
            fused[section] = fused.get(section, 0.0) + self.config.reference_boost
        ranked = sorted(fused, key=lambda s: -fused[s])[:k]
        return [Hit(doc=s[0], section=s[1], score=fused[s]) for s in ranked]

    def referenced(self, text: str) -> list[SectionId]:
        """Sections the question cites explicitly and that exist; a number alone boosts nothing."""
        found = []
        for ref in find_references(text, self.titles):
            found += [(doc, ref.section) for doc in ref.doc_keys if (doc, ref.section) in self._known]
        return found

    def passages_of(self, section: SectionId, lang: str) -> list[Passage]:
        """The section's passages in `lang`, falling back to any language the index has."""
        rows = [self.data.passages[i] for i in self._rows.get(section, [])]
        return [p for p in rows if p.lang == lang] or rows
