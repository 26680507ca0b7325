"""The encoder interface: queries and passages are encoded differently (e5's prefixes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


class Encoder(Protocol):
    name: str
    dim: int

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        """L2-normalised query vectors, shape (len(texts), dim)."""
        ...

    def encode_passages(self, texts: Sequence[str]) -> Vectors:
        """L2-normalised passage vectors, shape (len(texts), dim)."""
        ...

    def query_tokens(self, text: str) -> int:
        """How many tokens the model reads to encode `text` as a query (its cost grows with them)."""
        ...


def l2_normalise(vectors: Vectors) -> Vectors:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    normalised: Vectors = (vectors / norms).astype(np.float32)
    return normalised
