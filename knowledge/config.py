"""Search and answer parameters: typed, passed in, never read from the environment.

Fusion weights and thresholds were tuned with `ses eval` on the development set; see README
("Retrieval quality") for the side-by-side figures behind them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def _default_weights() -> dict[str, float]:
    # Question-to-question matching against the FAQ bank carries most of the signal for situations
    # told in everyday words; the passages keep look-ups and provisions the bank does not cover yet.
    return {"bm25_passages": 0.5, "bm25_examples": 2.0, "dense_passages": 1.0, "dense_examples": 3.0}


@dataclass(frozen=True)
class SearchConfig:
    candidates: int = 100  # per signal, before fusion
    rrf_k: float = 5.0  # small: the first ranks of each signal are what count
    weights: dict[str, float] = field(default_factory=_default_weights)
    lexicon_weight: float = 1 / 3  # an expansion term counts for a third of a question word
    context_weight: float = 0.5  # a follow-up's earlier question counts for half
    reference_boost: float = 1.0  # an explicit « article N de la Loi X » outranks every fused score
    # Added documents have no FAQ bank: their passages stand in for it, in proportion to a gate that
    # opens as their best passage outscores the bundled corpus's best in the same language (cosine margin,
    # logistic): half open at `stand_in_margin`, its slope `stand_in_spread` (see knowledge/search/hybrid.py).
    stand_in_margin: float = 0.0
    stand_in_spread: float = 0.006
    # The bar rises with the FAQ bank's nearest question: `bank_share` of its cosine above `bank_reference`
    # (a paraphrase of a bank question is about the bundled texts; a question the bank barely knows is not).
    bank_share: float = 0.25
    bank_reference: float = 0.92
    stand_in_lexical_share: float = 0.03  # cosine worth of a BM25 margin of the whole top score
    # share taken off an added passage's cosine of how much nearer than its text's average passage it is
    # to the rest of its text (purpose clauses, preambles, definitions: near every question about it)
    genericity_penalty: float = 0.75
    # a section stating the kind of fact the question asks for (a time, an amount, a sanction) gains this
    # share of its fused score (knowledge/search/answer_types.py)
    answer_type_boost: float = 0.4
    answer_type_reach: float = 0.5  # …when its score is at least this share of the best one
    # a definitions section holds every term of its text, so it matches any question using one: unless the
    # question asks what a term means, its fused score is weighed by this
    definitions_weight: float = 0.6
    # keyword-only mode has no cosine: the gate reads the BM25 margin alone
    stand_in_keyword_margin: float = 0.1
    stand_in_keyword_spread: float = 0.1
    # cosine a question loses against a passage in the other language (multilingual-e5-small, measured
    # on the FAQ bank at build time and kept in the manifest; this is the fallback when a version has none)
    cross_lingual_gap: float = 0.04
    # …of which a section with no passage in the question's language gets this share back in the ranking:
    # the loss varies from question to question (its first quartile is about 0.7 of the median), and a
    # section in the other language that does not answer must not be lifted over those that do (0.75 to
    # 0.9 give the same figures on added sets A and B and their dev; 0.85 keeps the French-only code first
    # for tests/knowledge/search/test_added_documents.py's English question)
    cross_lingual_share: float = 0.85
    # a passage in the question's other language, set against the bundled corpus's passages in its own
    # language for the gate, gets this much margin more: that comparison is the noisier one
    cross_lingual_allowance: float = 0.005
    # Guardrails (knowledge/guardrails.py, knowledge/scope.py), calibrated on tests/data/scope_tune.jsonl;
    # `ses eval FILE --curve` prints the rates each threshold trades (README, "Guardrails").
    # Abstain as off-topic from this probability of the topic classifier…
    off_topic_probability: float = 0.6
    # …unless a question the corpus answers is nearer than the nearest off-topic one by this much…
    off_topic_margin: float = 0.05
    # …or the best passage of a text without example questions beats the others' best by more than this.
    added_text_margin: float = 0.0
    evidence_neighbours: int = 20  # nearest passages looked at for `added_text_margin`
    # Decline an adjudicator asking how to decide a matter from this merits probability of the classifier.
    merits_probability: float = 0.5
    scope_shrinkage: float = 0.2  # covariance shrinkage of the topic classifier
    max_question_chars: int = 2000
    # What one question may cost, whatever it holds. The keyword query keeps at most this many distinct
    # terms and the dense encoder reads at most this many tokens: the question's first, then its lexicon
    # expansions, then a follow-up's context (of which the first `max_question_chars` are read). The
    # development and validation questions use at most 33 terms and 68 tokens.
    max_query_terms: int = 64
    max_query_tokens: int = 128
    # Above this many passages the dense passage index is approximate (IVF), below exact: see
    # knowledge/search/dense.py and bench/scale.py for the measurements behind the switch.
    ann_threshold: int = 200_000
    further_citations: int = 3
    named_candidates: int = 50  # hits searched for the sections of a text the question names
