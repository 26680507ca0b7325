"""The FAQ bank: example questions written by advisors, each pointing at the provision that answers it.

Files `faq/*.jsonl` beside the corpus, one `{"doc","section","lang","question"}` per line. Staff extend
and review them; a build refuses an entry that names a provision the corpus does not have.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from indexer.documents import ParseError
from knowledge.passages import LANGS, Example, doc_key

_FIELDS = {"doc", "section", "lang", "question"}


def load_examples(directory: Path, known_sections: Iterable[tuple[str, str]]) -> list[Example]:
    known = set(known_sections)
    examples: list[Example] = []
    seen: set[tuple[str, str]] = set()
    for path in sorted(directory.glob("*.jsonl")) if directory.is_dir() else []:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{path.name} line {number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ParseError(f"{where}: not JSON ({exc.msg})") from exc
            if not isinstance(row, dict) or set(row) != _FIELDS or not all(isinstance(v, str) for v in row.values()):
                raise ParseError(f"{where}: expected exactly the string fields {sorted(_FIELDS)}")
            if row["lang"] not in LANGS:
                raise ParseError(f"{where}: lang must be one of {LANGS}")
            if (doc_key(row["doc"]), row["section"]) not in known:
                raise ParseError(f"{where}: {row['doc']} section {row['section']} is not in the corpus")
            question = " ".join(row["question"].split())
            if (row["lang"], question.lower()) in seen:
                continue
            seen.add((row["lang"], question.lower()))
            examples.append(Example(doc=doc_key(row["doc"]), section=row["section"], lang=row["lang"], question=question))
    return examples
