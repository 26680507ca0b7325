"""The guardrails' trade-offs on a question file: abstention against false abstention, refusal against
false refusal, as one threshold moves and the others keep their configured value (`ses eval --curve`).

The signals of each question are computed once; each point of a curve only re-runs the pure verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from knowledge.config import SearchConfig
from knowledge.evaluation import EvalQuestion
from knowledge.guardrails import MERITS, Signals, check_question, verdict
from knowledge.language import detect
from knowledge.search.hybrid import Query

if TYPE_CHECKING:
    from knowledge.engine import Advisor

# The thresholds swept and the values tried (the configured one is added to each).
GRID: dict[str, tuple[float, ...]] = {
    "off_topic_probability": (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99),
    "off_topic_margin": (-0.02, -0.01, 0.0, 0.01, 0.02, 0.03, 0.04, 0.06, 1.0),
    "merits_probability": (0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.01),
}


@dataclass(frozen=True)
class Observed:
    question: EvalQuestion
    signals: Signals


def observe(advisor: Advisor, questions: Sequence[EvalQuestion]) -> list[Observed]:
    out = []
    for q in questions:
        text = check_question(q.question, advisor.config.max_question_chars)
        vector = advisor.searcher.query_vector(Query(text, detect(text).lang))
        out.append(Observed(q, advisor.signals(text, vector)))
    return out


def rates(observed: Sequence[Observed], config: SearchConfig) -> dict[str, float | None]:
    """The four rates of `knowledge.evaluation.score`, from the gate alone (no search needed)."""
    verdicts = [(o.question, verdict(o.signals, config)) for o in observed]

    def share(flags: list[bool]) -> float | None:
        return round(sum(flags) / len(flags), 4) if flags else None

    answerable = [v for q, v in verdicts if q.answerable]
    return {
        "abstention": share([v not in (None, MERITS) for q, v in verdicts if q.category == "unanswerable"]),
        "false_abstention": share([v not in (None, MERITS) for v in answerable]),
        "refusal": share([v == MERITS for q, v in verdicts if q.category == "decisional_independence"]),
        "false_refusal": share([v == MERITS for v in answerable]),
    }


def curves(observed: Sequence[Observed], config: SearchConfig) -> dict[str, list[dict[str, Any]]]:
    """For each threshold of GRID: one row per value, the other thresholds as configured."""
    out: dict[str, list[dict[str, Any]]] = {}
    for name, values in GRID.items():
        current = float(getattr(config, name))
        rows = []
        for value in sorted({*values, current}):
            changed: dict[str, Any] = {name: value}
            rows.append(
                {
                    "value": value,
                    "configured": value == current,
                    **rates(observed, replace(config, **changed)),
                }
            )
        out[name] = rows
    return out


def format_curves(tables: dict[str, list[dict[str, Any]]]) -> str:
    lines = []
    for name, rows in tables.items():
        lines.append(f"{name:24s} abstention  false_abst  refusal  false_ref")
        for row in rows:
            cells = "".join(
                ("-" if row[k] is None else f"{row[k]:.3f}").rjust(w)
                for k, w in (
                    ("abstention", 11),
                    ("false_abstention", 12),
                    ("refusal", 9),
                    ("false_refusal", 11),
                )
            )
            mark = " *" if row["configured"] else ""
            lines.append(f"  {row['value']:<22.3g}{cells}{mark}")
        lines.append("")
    return "\n".join(lines).rstrip()


__all__ = ["GRID", "Observed", "curves", "format_curves", "observe", "rates"]
