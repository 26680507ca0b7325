"""Answer quality on the dev set: hybrid search against keyword-only and dense-only, per language.

Scored by `knowledge.evaluation` exactly as `ses eval` scores it (Recall@5 and MRR@10 over the
answerable questions), on a fresh index of the bundled corpus; abstention and refusal rates of
the hybrid mode close the list.
"""

from __future__ import annotations

import sys

from bench import Row
from bench._bundled import DEV, bundled_advisor
from knowledge.evaluation import evaluate_modes, read_questions

NAME = "quality"
GOALS = {"recall@5": "≥ 0.95", "mrr@10": "≥ 0.88"}


def run() -> list[Row]:
    if not DEV.exists():
        print(f"bench.quality skipped: no dev set at {DEV}", file=sys.stderr)
        return []
    with bundled_advisor() as advisor:
        reports = evaluate_modes(advisor, read_questions(DEV))
    hybrid = reports["hybrid"]
    rows = [
        Row(
            NAME,
            f"{metric} {lang} (n={hybrid[lang]['n']}) hybrid vs {other}",
            hybrid[lang][metric],
            "",
            reports[other][lang][metric],
            f"{other}-only",
            goal,
        )
        for lang in ("fr", "en")
        for metric, goal in GOALS.items()
        for other in ("keyword", "dense")
    ]
    return rows + [
        Row(NAME, "abstention (unanswerable), hybrid", hybrid["abstention"], "", goal="≥ 0.90"),
        Row(NAME, "false abstention, hybrid", hybrid["false_abstention"], "", goal="≤ 0.05"),
        Row(NAME, "refusal (merits of a case), hybrid", hybrid["refusal"], "", goal="1.0"),
    ]
