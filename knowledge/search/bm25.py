"""BM25 over pre-tokenised texts of one language (bm25s, Lucene scoring)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np
import numpy.typing as npt

Scores = npt.NDArray[np.float32]


class BM25:
    def __init__(self, retriever: bm25s.BM25 | None, size: int) -> None:
        self._retriever = retriever
        self._vocab: dict[str, int] = retriever.vocab_dict if retriever is not None else {}
        self.size = size

    @classmethod
    def build(cls, corpus_tokens: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> BM25:
        if not corpus_tokens:
            return cls(None, 0)
        retriever = bm25s.BM25(k1=k1, b=b)
        # an empty document would leave bm25s without a vocabulary: give it a token no query has
        retriever.index([list(toks) or ["\x00"] for toks in corpus_tokens], show_progress=False)
        return cls(retriever, len(corpus_tokens))

    def scores(self, query_tokens: Sequence[str]) -> Scores:
        """BM25 score of every document (0 where no query token occurs)."""
        known = [t for t in query_tokens if t in self._vocab]
        if not known or self._retriever is None:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(known), dtype=np.float32)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        if self._retriever is not None:
            self._retriever.save(str(directory), show_progress=False)

    @classmethod
    def load(cls, directory: Path, size: int) -> BM25:
        if size == 0:
            return cls(None, 0)
        return cls(bm25s.BM25.load(str(directory), mmap=False), size)
