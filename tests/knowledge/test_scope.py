"""The topic classifier over the question banks, on vectors whose geometry is known."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from knowledge.scope import ANSWERED, MERITS, OFF_TOPIC, ScopeModel

Matrix = npt.NDArray[np.float32]
DIM = 32


def _unit(matrix: npt.NDArray[np.floating]) -> Matrix:
    unit: Matrix = (matrix / np.linalg.norm(matrix, axis=-1, keepdims=True)).astype(np.float32)
    return unit


@pytest.fixture(scope="module")
def centres() -> dict[str, Matrix]:
    """The answered questions, two off-topic topics on either side of them, and merits questions."""
    rng = np.random.default_rng(3)
    base = _unit(rng.standard_normal((4, DIM)))
    return {
        "answered": base[0],
        "pay": _unit(base[0] + 0.9 * base[1]),
        "logistics": _unit(base[0] - 0.9 * base[1]),
        "merits": _unit(base[0] + 0.9 * base[3]),
    }


def _around(centre: Matrix, count: int, seed: int, spread: float = 0.4) -> Matrix:
    rng = np.random.default_rng(seed)
    return _unit(centre + spread * rng.standard_normal((count, DIM)) / np.sqrt(DIM))


@pytest.fixture(scope="module")
def model(centres: dict[str, Matrix]) -> ScopeModel:
    fitted = ScopeModel.fit(
        {
            (ANSWERED, "faq"): _around(centres["answered"], 400, 1),
            (OFF_TOPIC, "pay"): _around(centres["pay"], 30, 2),
            (OFF_TOPIC, "logistics"): _around(centres["logistics"], 30, 3),
            (MERITS, "merits"): _around(centres["merits"], 40, 4),
        },
        shrinkage=0.2,
    )
    assert fitted is not None
    return fitted


def test_new_questions_land_in_their_topic(model: ScopeModel, centres: dict[str, Matrix]) -> None:
    for topic in ("pay", "logistics"):
        for vector in _around(centres[topic], 20, 10):
            assert model.assess(vector).off_topic > 0.9, topic
    for vector in _around(centres["answered"], 20, 11):
        assessment = model.assess(vector)
        assert assessment.off_topic < 0.1 and assessment.merits < 0.1
    for vector in _around(centres["merits"], 20, 12):
        assert model.assess(vector).merits > 0.9


def test_nearest_bank_questions_are_reported(model: ScopeModel, centres: dict[str, Matrix]) -> None:
    assessment = model.assess(centres["answered"])
    assert assessment.nearest_answered > assessment.nearest_off_topic
    assert -1.0 <= assessment.nearest_off_topic <= 1.0


def test_without_an_off_topic_bank_there_is_no_model(centres: dict[str, Matrix]) -> None:
    empty = np.zeros((0, DIM), dtype=np.float32)
    assert (
        ScopeModel.fit({(ANSWERED, "faq"): _around(centres["answered"], 50, 1), (OFF_TOPIC, "x"): empty}, 0.2)
        is None
    )
