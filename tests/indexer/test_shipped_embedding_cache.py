"""The shipped embedding cache must cover the bundled corpus exactly, or fresh installs re-encode for minutes."""

from __future__ import annotations

import numpy as np

from bot.settings import REPO_ROOT
from indexer.pipeline import read_corpus
from knowledge.embedding_cache import EmbeddingCache, text_key
from knowledge.encoders import load_encoder

CORPUS = REPO_ROOT / "corpus"


def test_every_passage_and_faq_question_of_the_bundled_corpus_is_in_the_cache() -> None:
    corpus = read_corpus(CORPUS)
    cache = EmbeddingCache.load([CORPUS / "embeddings"], "e5-small")
    keys = {text_key("passage", p.search_text()) for p in corpus.passages}
    keys |= {text_key("query", q.question) for q in [*corpus.examples, *corpus.scope]}
    missing = [k for k in keys if k not in cache]
    assert not missing, f"{len(missing)} texts not in corpus/embeddings/e5-small.npz: run `make embeddings`"
    assert len(cache) == len(keys), "stale vectors in the shipped cache: run `make embeddings`"


def test_cached_vectors_are_the_encoders_vectors() -> None:
    passages = read_corpus(CORPUS).passages
    sample = passages[:: max(1, len(passages) // 5)][:5]
    cache = EmbeddingCache.load([CORPUS / "embeddings"], "e5-small")
    cached = cache.encode(load_encoder("e5-small"), [p.search_text() for p in sample], "passage")
    fresh = load_encoder("e5-small").encode_passages([p.search_text() for p in sample])
    assert np.allclose(cached, fresh, atol=5e-3)
