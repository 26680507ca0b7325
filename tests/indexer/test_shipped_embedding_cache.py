"""The shipped embedding cache must cover the bundled corpus exactly, or fresh installs re-encode for minutes."""

from __future__ import annotations

import numpy as np

from bot.settings import REPO_ROOT
from indexer.pipeline import read_corpus
from knowledge.embedding_cache import EmbeddingCache, text_key
from knowledge.encoders import load_encoder

CORPUS = REPO_ROOT / "corpus"


def test_every_passage_and_faq_question_of_the_bundled_corpus_is_in_the_cache() -> None:
    _, passages, examples = read_corpus(CORPUS)
    cache = EmbeddingCache.load([CORPUS / "embeddings"], "e5-small")
    missing = [p.id for p in passages if text_key("passage", p.search_text()) not in cache]
    missing += [e.question for e in examples if text_key("query", e.question) not in cache]
    assert not missing, f"{len(missing)} texts not in corpus/embeddings/e5-small.npz: run `make embeddings`"
    assert len(cache) == len(passages) + len({e.question for e in examples}), "stale vectors: run `make embeddings`"


def test_cached_vectors_are_the_encoders_vectors() -> None:
    _, passages, _ = read_corpus(CORPUS)
    sample = passages[:: max(1, len(passages) // 5)][:5]
    cache = EmbeddingCache.load([CORPUS / "embeddings"], "e5-small")
    cached = cache.encode(load_encoder("e5-small"), [p.search_text() for p in sample], "passage")
    fresh = load_encoder("e5-small").encode_passages([p.search_text() for p in sample])
    assert np.allclose(cached, fresh, atol=5e-3)
