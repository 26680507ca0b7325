"""Seeded synthetic passages for bench/scale.py: clustered unit vectors and Zipf-distributed texts.

Vectors: a two-level Gaussian mixture in 384-d (the encoder's width), L2-normalised: topics of
5,000 passages (200 at a million), each split in 10 subtopics of 500 whose centres have a cosine of
about 0.74 with one another (an act and its parts). A passage is its subtopic's centre plus
isotropic noise 1.5 times as long: two passages of a subtopic have a cosine of about 0.3, of sibling
subtopics about 0.2, of different topics about 0. Clustered as embeddings are, rather than uniform
noise (which no encoder produces and no approximate index can search), and with near neighbours
spread over sibling subtopics, so an approximate index has to look beyond one cluster. Queries are
passages nudged off themselves (cosine ≈ 0.9 to their passage), the way a question paraphrases
the provision that answers it.

Texts: words made of French syllables, drawn with Zipf frequencies (s = 1.1) from a 50,000-word
vocabulary, 40 to 80 tokens a passage, already in the form BM25 indexes (no stemming to do).
"""

from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float32]

WIDTH = 384
TOPIC_SIZE = 5000
SUBTOPICS = 10
SUBTOPIC_NOISE = 0.6  # length of a subtopic centre's offset from its unit topic centre
NOISE = 1.5  # length of a passage's noise, relative to its unit subtopic centre
QUERY_NOISE = 0.5  # length of a query's nudge off its passage
VOCABULARY = 50_000
ZIPF = 1.1
_BLOCK = 100_000
_ONSETS = "b c d f g j l m n p r s t v ch pr tr gr bl cr fl".split()
_VOWELS = "a e i o u é è ou an on in eu ai".split()
_CODAS = ["", "", "", "s", "r", "n", "l", "t", "x"]


def vectors(n: int, seed: int = 8) -> Matrix:
    """`n` unit vectors of width WIDTH, made by blocks to bound the memory."""
    rng = np.random.default_rng(seed)
    topics = _unit(rng.standard_normal((max(1, n // TOPIC_SIZE), WIDTH), dtype=np.float32))
    centres = _unit(
        np.repeat(topics, SUBTOPICS, axis=0) + _noise(rng, (len(topics) * SUBTOPICS, WIDTH), SUBTOPIC_NOISE)
    )
    out = np.empty((n, WIDTH), dtype=np.float32)
    for start in range(0, n, _BLOCK):
        size = min(_BLOCK, n - start)
        out[start : start + size] = _unit(
            centres[rng.integers(0, len(centres), size)] + _noise(rng, (size, WIDTH), NOISE)
        )
    return out


def queries(data: Matrix, n: int, seed: int = 9) -> Matrix:
    rng = np.random.default_rng(seed)
    rows = data[rng.choice(len(data), n, replace=False)]
    return _unit(rows + _noise(rng, rows.shape, QUERY_NOISE))


def words(n: int = VOCABULARY) -> list[str]:
    """`n` distinct FR-like words, two to four syllables, shortest first (the most frequent are short)."""
    syllables = [o + v + c for o, v, c in itertools.product(_ONSETS, _VOWELS, _CODAS)]
    rng = np.random.default_rng(3)
    seen: dict[str, None] = {}
    for length in itertools.cycle((2, 3, 4)):
        picks = rng.integers(0, len(syllables), length)
        seen.setdefault("".join(syllables[i] for i in picks), None)
        if len(seen) == n:
            break
    return sorted(seen, key=len)


def texts(n: int, seed: int = 10) -> list[list[str]]:
    """`n` token lists of 40 to 80 Zipf-drawn words."""
    vocabulary = np.array(words(), dtype=object)
    rng = np.random.default_rng(seed)
    weights = 1 / np.arange(1, len(vocabulary) + 1) ** ZIPF
    lengths = rng.integers(40, 81, n)
    drawn = rng.choice(len(vocabulary), int(lengths.sum()), p=weights / weights.sum())
    ends = np.cumsum(lengths)
    return [vocabulary[drawn[end - size : end]].tolist() for end, size in zip(ends, lengths, strict=True)]


def _noise(rng: np.random.Generator, shape: tuple[int, ...], length: float) -> Matrix:
    """Isotropic Gaussian noise whose rows are about `length` long."""
    noise: Matrix = rng.standard_normal(shape, dtype=np.float32) * np.float32(length / np.sqrt(shape[-1]))
    return noise


def _unit(matrix: Matrix) -> Matrix:
    normed: Matrix = matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
    return normed
