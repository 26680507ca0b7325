"""What a question is about, learnt from the question banks: a topic classifier over the encoder's vectors.

Three kinds: questions the corpus answers (the FAQ bank, adjudicators' own-ethics questions and the
"answered" bank), questions it does not answer (the off-topic bank: pay, leave, travel rates,
logistics, appointments…) and questions asking how to decide a case (the merits bank). Each bank is
one class, and each topic of the off-topic bank one class of its own: "pay" and "logistics" lie far
apart, and one mean for both would lie near neither. A linear discriminant — class means and one
covariance shrunk towards the identity — learns the directions that separate the topics rather than
the banks' phrasings, so a question worded like none of them still lands on the right side; a kind's
probability is the sum of its classes' (equal priors per kind). It is fitted when a version is opened
(a fraction of a second for the bundled banks): the banks of the live version are always the ones used.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from knowledge.encoders import Vectors
from knowledge.search.dense import DenseIndex
from knowledge.store import IndexData

ANSWERED, OFF_TOPIC, MERITS = "answered", "off_topic", "merits"
Matrix = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Assessment:
    """Probabilities of the three classes (equal priors), and the nearest bank questions' cosines."""

    off_topic: float
    merits: float
    nearest_answered: float  # cosine of the closest question the corpus answers
    nearest_off_topic: float  # cosine of the closest off-topic question (0 without a bank)


class ScopeModel:
    def __init__(
        self, weights: Matrix, bias: Matrix, classes: tuple[str, ...], banks: dict[str, DenseIndex]
    ) -> None:
        self.weights = weights  # dimension × classes
        self.bias = bias
        self.classes = classes  # the kind of each class
        self.banks = banks  # the answered and off-topic questions, for their nearest neighbours

    @classmethod
    def fit(cls, classes: dict[tuple[str, str], Vectors], shrinkage: float) -> ScopeModel | None:
        """`classes`: unit vectors per (kind, class). None when no answered or no off-topic question is
        given (a corpus without banks, like the tests' tiny ones): the guardrails then never abstain on topic."""
        usable = {key: np.asarray(v, dtype=np.float32) for key, v in classes.items() if len(v)}
        kinds = [kind for kind, _ in usable]
        if ANSWERED not in kinds or OFF_TOPIC not in kinds:
            return None
        keys = tuple(usable)
        means = np.stack([usable[k].mean(axis=0) for k in keys])
        centred = np.vstack([usable[k] - means[i] for i, k in enumerate(keys)]).astype(np.float64)
        dim = centred.shape[1]
        covariance = centred.T @ centred / max(len(centred) - len(keys), 1)
        covariance = (1 - shrinkage) * covariance + shrinkage * np.trace(covariance) / dim * np.eye(dim)
        weights = np.linalg.solve(covariance, means.T.astype(np.float64))
        prior = np.log([1 / len(set(kinds)) / kinds.count(kind) for kind in kinds])
        bias = -0.5 * np.sum(means.T * weights, axis=0) + prior

        def bank(kind: str) -> DenseIndex:
            return DenseIndex.exact(np.vstack([v for (k, _), v in usable.items() if k == kind]))

        return cls(
            weights.astype(np.float32),
            bias.astype(np.float32),
            tuple(kinds),
            {kind: bank(kind) for kind in (ANSWERED, OFF_TOPIC)},
        )

    @classmethod
    def from_index(cls, data: IndexData, shrinkage: float) -> ScopeModel | None:
        """The classifier over a version's banks: its FAQ, own-ethics and "answered" questions on one side,
        its off-topic ones and its merits ones on the others."""
        vectors = data.scope_vectors if data.scope_vectors is not None else data.example_vectors[:0]
        rows: dict[tuple[str, str], list[int]] = {}
        for row, question in enumerate(data.scope):
            kind = ANSWERED if question.kind == "own_ethics" else question.kind
            rows.setdefault((kind, question.topic or question.kind), []).append(row)
        classes: dict[tuple[str, str], Vectors] = {(ANSWERED, "faq"): data.example_vectors}
        classes.update({key: vectors[picked] for key, picked in rows.items()})
        return cls.fit(classes, shrinkage)

    def assess(self, vector: Vectors) -> Assessment:
        query = np.ascontiguousarray(vector, dtype=np.float32)
        scores = query @ self.weights + self.bias
        scores = np.exp(scores - scores.max())
        probability: dict[str, float] = {}
        for kind, share in zip(self.classes, (scores / scores.sum()).tolist(), strict=True):
            probability[kind] = probability.get(kind, 0.0) + share
        nearest = {c: float(bank.search(query, 1)[1][0]) for c, bank in self.banks.items()}
        return Assessment(
            off_topic=probability.get(OFF_TOPIC, 0.0),
            merits=probability.get(MERITS, 0.0),
            nearest_answered=nearest[ANSWERED],
            nearest_off_topic=nearest[OFF_TOPIC],
        )


__all__ = ["ANSWERED", "MERITS", "OFF_TOPIC", "Assessment", "ScopeModel"]
