"""Pluggable dense encoders, chosen by name (SES_ENCODER)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from knowledge.encoders.base import Encoder, Vectors, l2_normalise


def _e5() -> Encoder:
    from knowledge.encoders.e5 import E5Encoder  # deferred: a model's weights load only when it is chosen

    return E5Encoder()


def _minilm() -> Encoder:
    # deferred: a model's weights load only when it is chosen
    from knowledge.encoders.minilm import MiniLMEncoder

    return MiniLMEncoder()


ENCODERS: dict[str, Callable[[], Encoder]] = {"e5-small": _e5, "minilm": _minilm}


@lru_cache(maxsize=2)
def load_encoder(name: str) -> Encoder:
    """One instance per process and name: models are large and loading is slow."""
    try:
        factory = ENCODERS[name]
    except KeyError:
        raise ValueError(f"unknown encoder {name!r}; choose one of {sorted(ENCODERS)}") from None
    return factory()


__all__ = ["ENCODERS", "Encoder", "Vectors", "l2_normalise", "load_encoder"]
