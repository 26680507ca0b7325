"""The cross-lingual gap the build measures on the FAQ bank: own-language minus other-language cosine."""

from __future__ import annotations

import math

import numpy as np
import pytest

from knowledge.passages import Example, Passage
from knowledge.search.calibration import cross_lingual_gaps


def _passage(section: str, lang: str) -> Passage:
    return Passage(f"D:{lang}:{section}:0", "D", section, lang, "T", "text", "T, s. 1", "")


def _unit(cos: float, axis: int) -> list[float]:
    vector = [cos, 0.0, 0.0, 0.0]
    vector[axis] = math.sqrt(1 - cos * cos)
    return vector


def test_the_gap_is_the_median_loss_per_question_language() -> None:
    passages = [
        _passage("1", "fr"),
        _passage("1", "en"),
        _passage("2", "fr"),
        _passage("2", "en"),
        _passage("3", "fr"),
    ]
    vectors = np.array(
        [_unit(0.90, 1), _unit(0.86, 2), _unit(0.88, 1), _unit(0.85, 2), _unit(0.99, 3)], dtype=np.float32
    )
    examples = [
        Example("D", "1", "fr", "q1"),  # 0.90 in French, 0.86 in English: loses 0.04
        Example("D", "2", "fr", "q2"),  # loses 0.03
        Example("D", "2", "fr", "q3"),  # loses 0.03
        Example("D", "3", "fr", "q4"),  # no English passage: not measured
        Example("D", "1", "en", "q5"),  # 0.86 in English, 0.90 in French: "loses" -0.04
    ]
    question = np.array([[1.0, 0.0, 0.0, 0.0]] * len(examples), dtype=np.float32)
    assert cross_lingual_gaps(passages, vectors, examples, question) == {
        "fr": pytest.approx(0.03, abs=1e-4),
        "en": pytest.approx(-0.04, abs=1e-4),
    }


def test_no_bilingual_provision_no_gap() -> None:
    passages = [_passage("1", "fr")]
    vectors = np.array([_unit(0.9, 1)], dtype=np.float32)
    examples = [Example("D", "1", "fr", "q")]
    assert cross_lingual_gaps(passages, vectors, examples, np.array([[1.0, 0, 0, 0]], dtype=np.float32)) == {}
