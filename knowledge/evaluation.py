"""Scoring a question file the way ../shared/eval/README.md describes: pure functions over results."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import TYPE_CHECKING, Any

from knowledge.passages import doc_key
from knowledge.search.hybrid import MODES
from knowledge.text import normalise

if TYPE_CHECKING:
    from knowledge.engine import Advisor


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    lang: str
    category: str
    question: str
    answerable: bool
    gold: frozenset[tuple[str, str]]
    facts: tuple[str, ...] = ()  # what a useful answer must show, as the gold provision words it


@dataclass(frozen=True)
class Outcome:
    question: EvalQuestion
    ranked: list[tuple[str, str]]  # (doc, section) best first
    abstained: bool
    refused: bool
    answer: str = ""  # the answer's text, for facts-contained and length


def _gold_key(doc: str, section: str) -> tuple[str, str]:
    label = re.sub(r"^(?:s\.|art\.|section|article)\s*", "", section.strip(), flags=re.I)
    return (doc_key(doc).upper(), label.split("(")[0])


def read_questions(path: Path) -> list[EvalQuestion]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            rows.append(
                EvalQuestion(
                    id=str(row["id"]),
                    lang=str(row["lang"]),
                    category=str(row["category"]),
                    question=str(row["question"]),
                    answerable=bool(row["answerable"]),
                    gold=frozenset(_gold_key(g["doc"], g["section"]) for g in row["gold"]),
                    facts=tuple(str(f) for f in row.get("facts", ())),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"{path.name} line {number}: not a question of the eval format ({exc})") from exc
    return rows


def first_hit_rank(outcome: Outcome, depth: int = 10) -> int | None:
    for rank, (doc, section) in enumerate(outcome.ranked[:depth], start=1):
        if _gold_key(doc, section) in outcome.question.gold:
            return rank
    return None


def _folded(text: str) -> str:
    return normalise(text).casefold()


def has_facts(outcome: Outcome) -> bool:
    """Every fact of the question appears in the answer (case, apostrophes and spaces aside)."""
    answer = _folded(outcome.answer)
    return all(_folded(fact) in answer for fact in outcome.question.facts)


def _lengths(outcomes: list[Outcome]) -> dict[str, int | None]:
    sizes = sorted(len(o.answer) for o in outcomes if o.answer and not (o.abstained or o.refused))
    if not sizes:
        return {"length_median": None, "length_max": None}
    return {"length_median": int(median(sizes)), "length_max": sizes[-1]}


def _share(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


def score(outcomes: Iterable[Outcome]) -> dict[str, Any]:
    """Recall@1, Recall@5, MRR@10, facts-contained and answer length (median, max) per language over
    answerable questions; abstention and refusal rates."""
    outcomes = list(outcomes)
    report: dict[str, Any] = {}
    for lang in ("fr", "en", "all"):
        answerable = [o for o in outcomes if o.question.answerable and lang in ("all", o.question.lang)]
        ranks = [first_hit_rank(o) for o in answerable]
        report[lang] = {
            "n": len(answerable),
            "recall@1": _share([r is not None and r <= 1 for r in ranks]),
            "recall@5": _share([r is not None and r <= 5 for r in ranks]),
            "mrr@10": round(sum(1 / r for r in ranks if r) / len(ranks), 4) if ranks else None,
            "facts": _share([has_facts(o) for o in answerable if o.question.facts]),
            **_lengths(answerable),
        }
    answerable = [o for o in outcomes if o.question.answerable]
    report["abstention"] = _share([o.abstained for o in outcomes if o.question.category == "unanswerable"])
    report["false_abstention"] = _share([o.abstained for o in answerable])
    report["refusal"] = _share(
        [o.refused for o in outcomes if o.question.category == "decisional_independence"]
    )
    report["false_refusal"] = _share([o.refused for o in answerable])
    return report


def evaluate(
    questions: list[EvalQuestion],
    run: Callable[[EvalQuestion], Outcome],
) -> tuple[dict[str, Any], list[Outcome]]:
    outcomes = [run(q) for q in questions]
    return score(outcomes), outcomes


def evaluate_modes(
    advisor: Advisor, questions: list[EvalQuestion], modes: Sequence[str] = MODES
) -> dict[str, dict[str, Any]]:
    """The `score` report of each search mode: ranked sections from `search`, abstention and refusal
    from `ask` (`ses eval` and bench/quality.py print these)."""

    def runner(mode: str) -> Callable[[EvalQuestion], Outcome]:
        def run(q: EvalQuestion) -> Outcome:
            hits = advisor.search(q.question, k=10, mode=mode)
            answer = advisor.ask(q.question, mode=mode)
            return Outcome(
                q, [(h.doc, h.section) for h in hits], answer.abstained, answer.refused, answer.text
            )

        return run

    return {mode: evaluate(questions, runner(mode))[0] for mode in modes}
