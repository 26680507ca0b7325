"""Exact inner-product search over L2-normalised vectors (FAISS): cosine similarity."""

from __future__ import annotations

import faiss
import numpy as np
import numpy.typing as npt

from knowledge.encoders import Vectors


class DenseIndex:
    def __init__(self, vectors: Vectors) -> None:
        self.size = len(vectors)
        self._index = faiss.IndexFlatIP(vectors.shape[1] if vectors.ndim == 2 and vectors.shape[1] else 1)
        if self.size:
            self._index.add(np.ascontiguousarray(vectors, dtype=np.float32))

    def search(self, query: Vectors, k: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        """Row ids and cosine scores of the `k` nearest rows, best first."""
        k = min(k, self.size)
        if k == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        scores, ids = self._index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), k)
        return ids[0], scores[0]
