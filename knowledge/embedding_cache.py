"""Vectors already computed, keyed by encoder name and text hash, so that a build only encodes what changed.

The bundled corpus ships such a cache (corpus/embeddings/<encoder>.npz): a fresh `make run` or a CI
run builds its index in seconds instead of the encoder's minutes.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from knowledge.encoders import Encoder, Vectors

logger = logging.getLogger(__name__)

Progress = Callable[[int], None]
ProgressFactory = Callable[[int, str], Progress]


def no_progress(_total: int, _label: str) -> Progress:
    """The progress factory of a caller who wants none (the default of every build step)."""
    return lambda _n: None


def text_key(kind: str, text: str) -> str:
    """`kind` is "query" or "passage": e5 encodes the same text differently for each."""
    return hashlib.sha256(f"{kind}\x00{text}".encode()).hexdigest()[:32]


class EmbeddingCache:
    def __init__(self, encoder_name: str, vectors: dict[str, Vectors] | None = None) -> None:
        self.encoder_name = encoder_name
        self._vectors: dict[str, Vectors] = vectors or {}
        self.used: set[str] = set()

    @classmethod
    def load(cls, directories: Sequence[Path], encoder_name: str) -> EmbeddingCache:
        """Merge the caches found in `directories` (later ones win); missing files are fine."""
        vectors: dict[str, Vectors] = {}
        for directory in directories:
            path = cache_path(directory, encoder_name)
            if not path.exists():
                continue
            with np.load(path, allow_pickle=False) as data:
                keys = [str(k) for k in data["keys"]]
                vectors.update(zip(keys, data["vectors"].astype(np.float32), strict=True))
        return cls(encoder_name, vectors)

    def __len__(self) -> int:
        return len(self._vectors)

    def __contains__(self, key: str) -> bool:
        return key in self._vectors

    def encode(
        self,
        encoder: Encoder,
        texts: Sequence[str],
        kind: str,
        progress: ProgressFactory = no_progress,
        batch: int = 32,
    ) -> Vectors:
        """Vectors for `texts`, encoding only the ones the cache does not hold."""
        keys = [text_key(kind, t) for t in texts]
        missing = sorted({k: i for i, k in enumerate(keys) if k not in self._vectors}.values())
        if missing:
            logger.info("encoding %d of %d %s texts with %s", len(missing), len(texts), kind, encoder.name)
            step = progress(len(missing), f"{encoder.name} {kind} texts")
            encode = encoder.encode_queries if kind == "query" else encoder.encode_passages
            for start in range(0, len(missing), batch):
                chunk = missing[start : start + batch]
                vectors = encode([texts[i] for i in chunk])
                for i, vector in zip(chunk, vectors, strict=True):
                    self._vectors[keys[i]] = vector
                step(len(chunk))
        self.used.update(keys)
        if not keys:
            return np.zeros((0, encoder.dim), dtype=np.float32)
        return np.vstack([self._vectors[k] for k in keys]).astype(np.float32)

    def save(self, directory: Path, only_used: bool = True) -> Path:
        """Write the cache (float16: ranking does not need more), atomically."""
        keys = sorted(self.used if only_used else self._vectors)
        path = cache_path(directory, self.encoder_name)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        matrix = np.vstack([self._vectors[k] for k in keys]).astype(np.float16) if keys else np.zeros((0, 0))
        np.savez_compressed(tmp, keys=np.array(keys), vectors=matrix)
        tmp.replace(path)
        return path


def cache_path(directory: Path, encoder_name: str) -> Path:
    return directory / f"{encoder_name}.npz"
