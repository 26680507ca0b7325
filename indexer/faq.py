"""Question banks beside the corpus, written by advisors from the laws.

- `faq/*.jsonl`: one `{"doc","section","lang","question"}` per line, a question the provision answers.
  A build refuses an entry that names a provision the corpus does not have.
- `scope/*.jsonl`: questions for the guardrails: `{"lang","topic","question"}`, a question the corpus
  does NOT answer (travel rates, leave, pay…), or `{"lang","kind","question"}` with kind `merits` (how
  to decide a pending case), `own_ethics` (an adjudicator's own obligations) or `answered` (a question
  the corpus answers that reads like an off-topic one).
Staff extend and review both.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from indexer.documents import ParseError
from knowledge.passages import LANGS, SCOPE_KINDS, Example, ScopeQuestion, doc_key

_FAQ_FIELDS = {"doc", "section", "lang", "question"}
_SCOPE_FIELDS = ({"lang", "kind", "question"}, {"lang", "topic", "question"})


def _rows(directory: Path, *fields: set[str]) -> Iterator[tuple[str, dict[str, str]]]:
    """(where, row) for every valid line of every `*.jsonl` file, in a stable order, duplicates dropped."""
    seen: set[tuple[str, str]] = set()
    for path in sorted(directory.glob("*.jsonl")) if directory.is_dir() else []:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{path.parent.name}/{path.name} line {number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ParseError(f"{where}: not JSON ({exc.msg})") from exc
            if (
                not isinstance(row, dict)
                or set(row) not in fields
                or not all(isinstance(v, str) for v in row.values())
            ):
                raise ParseError(
                    f"{where}: expected exactly the string fields {' or '.join(map(str, map(sorted, fields)))}"
                )
            if row["lang"] not in LANGS:
                raise ParseError(f"{where}: lang must be one of {LANGS}")
            row["question"] = " ".join(row["question"].split())
            if not row["question"] or (row["lang"], row["question"].lower()) in seen:
                continue
            seen.add((row["lang"], row["question"].lower()))
            yield where, row


def load_examples(directory: Path, known_sections: Iterable[tuple[str, str]]) -> list[Example]:
    known = set(known_sections)
    examples = []
    for where, row in _rows(directory, _FAQ_FIELDS):
        if (doc_key(row["doc"]), row["section"]) not in known:
            raise ParseError(f"{where}: {row['doc']} section {row['section']} is not in the corpus")
        examples.append(
            Example(
                doc=doc_key(row["doc"]), section=row["section"], lang=row["lang"], question=row["question"]
            )
        )
    return examples


def load_scope(directory: Path) -> list[ScopeQuestion]:
    """Rows with a `topic` (what the corpus does not cover) are off-topic; others name their kind."""
    questions = []
    for where, row in _rows(directory, *_SCOPE_FIELDS):
        kind = row.get("kind", "off_topic")
        if kind not in SCOPE_KINDS:
            raise ParseError(f"{where}: kind must be one of {SCOPE_KINDS}")
        questions.append(
            ScopeQuestion(lang=row["lang"], kind=kind, question=row["question"], topic=row.get("topic", ""))
        )
    return questions
