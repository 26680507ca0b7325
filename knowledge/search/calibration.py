"""Build-time calibration of the dense signal: how much cosine a question loses across languages.

multilingual-e5 scores a French question lower against the English text of a provision than against
its French text (about 0.04 here). Documents of the bundled corpus exist in both languages, so the loss
never shows; a document added in one language only would trail every bundled section for questions in
the other. The FAQ bank measures the loss: for each of its questions, whose provision has passages in
both languages, the best cosine in its own language minus the best in the other. The search adds the
median back to sections that have no passage in the question's language.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from knowledge.encoders import Vectors
from knowledge.passages import Example, Passage

SAMPLE = 2000  # questions measured per build: the median is stable well before


def cross_lingual_gaps(
    passages: Sequence[Passage],
    passage_vectors: Vectors,
    examples: Sequence[Example],
    example_vectors: Vectors,
) -> dict[str, float]:
    """Median own-language minus other-language best cosine, per question language (absent when the
    bank has no question on a provision that exists in both languages)."""
    rows: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for row, passage in enumerate(passages):
        rows[passage.section_id][passage.lang].append(row)
    step = max(1, len(examples) // SAMPLE)
    gaps: dict[str, list[float]] = defaultdict(list)
    for i in range(0, len(examples), step):
        example = examples[i]
        by_lang = rows.get(example.section_id, {})
        own = by_lang.get(example.lang, [])
        other = [row for lang, found in by_lang.items() if lang != example.lang for row in found]
        if not own or not other:
            continue
        scores = np.asarray(passage_vectors[own + other]) @ np.asarray(example_vectors[i])
        gaps[example.lang].append(float(scores[: len(own)].max() - scores[len(own) :].max()))
    return {lang: round(float(np.median(values)), 4) for lang, values in gaps.items()}
