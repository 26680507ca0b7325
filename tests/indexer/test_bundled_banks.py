"""The question banks shipped in corpus/: every line is used."""

from __future__ import annotations

import json
from collections import defaultdict

from tests.indexer.test_shipped_embedding_cache import CORPUS


def test_no_faq_question_is_written_twice() -> None:
    """The loader keeps the first of two equal questions: the second's article would never be taught."""
    places: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted((CORPUS / "faq").glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            row = json.loads(line)
            places[(row["lang"], " ".join(row["question"].lower().split()))].append(f"{path.name}:{number}")
    assert {q: p for q, p in places.items() if len(p) > 1} == {}
