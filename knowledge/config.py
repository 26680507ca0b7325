"""Search and answer parameters: typed, passed in, never read from the environment.

Fusion weights and thresholds were tuned with `ses eval` on the development set; see README
("Retrieval quality") for the side-by-side figures behind them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def _default_weights() -> dict[str, float]:
    return {"bm25_passages": 1.0, "bm25_examples": 1.0, "dense_passages": 1.0, "dense_examples": 1.0}


@dataclass(frozen=True)
class SearchConfig:
    candidates: int = 100  # per signal, before fusion
    rrf_k: float = 60.0
    weights: dict[str, float] = field(default_factory=_default_weights)
    lexicon_weight: float = 0.5  # an expansion term counts for half a question word
    context_weight: float = 0.5  # a follow-up's earlier question counts for half
    reference_boost: float = 1.0  # an explicit « article N de la Loi X » outranks every fused score
    abstain_below: float = 0.0  # evidence score under which the corpus is said not to answer
    max_question_chars: int = 2000
    further_citations: int = 2
