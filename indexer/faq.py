"""Question banks beside the corpus, written by advisors from the laws.

- `faq/*.jsonl`: one `{"doc","section","lang","question"}` per line, a question the provision answers.
  A build refuses an entry that names a provision the corpus does not have.
- `scope/*.jsonl`: questions for the guardrails: `{"lang","topic","question"}`, a question the corpus
  does NOT answer (travel rates, leave, pay…), or `{"lang","kind","question"}` with kind `merits` (how
  to decide a pending case), `own_ethics` (an adjudicator's own obligations) or `answered` (a question
  the corpus answers that reads like an off-topic one).
Staff extend and review both.

- `<document file>.faq.jsonl` beside a document staff add (`directive.pdf` → `directive.pdf.faq.jsonl`,
  or `directive.faq.jsonl`): `{"section","question"}` per line, `"lang"` optional (the document's by
  default), questions that document answers. Checked like the bank: every section must be one of that
  document's, and a bad line refuses the document with its line number.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from indexer.documents import ParseError
from knowledge.passages import LANGS, SCOPE_KINDS, Example, ScopeQuestion, doc_key

_FAQ_FIELDS = {"doc", "section", "lang", "question"}
_STAFF_FIELDS = ({"section", "question"}, {"section", "lang", "question"})
FAQ_SUFFIX = ".faq.jsonl"
MAX_FAQ_BYTES = 2**20
MAX_QUESTION_CHARS = 500
_SCOPE_FIELDS = ({"lang", "kind", "question"}, {"lang", "topic", "question"})


def _string_rows(
    text: str, fields: Iterable[set[str]], expected: str
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) of every non-blank line: a JSON object with exactly one of the `fields` sets, all
    strings. ValueError "line N: …" at the first line that is not."""
    shapes = list(fields)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"line {number}: not JSON ({exc.msg})") from None
        if (
            not isinstance(row, dict)
            or set(row) not in shapes
            or not all(isinstance(v, str) for v in row.values())
        ):
            raise ValueError(f"line {number}: expected {expected}")
        yield number, row


def _rows(directory: Path, *fields: set[str]) -> Iterator[tuple[str, dict[str, str]]]:
    """(where, row) for every valid line of every `*.jsonl` file, in a stable order, duplicates dropped."""
    seen: set[tuple[str, str]] = set()
    expected = f"exactly the string fields {' or '.join(map(str, map(sorted, fields)))}"
    for path in sorted(directory.glob("*.jsonl")) if directory.is_dir() else []:
        name = f"{path.parent.name}/{path.name}"
        try:
            for number, row in _string_rows(path.read_text(encoding="utf-8"), fields, expected):
                if row["lang"] not in LANGS:
                    raise ValueError(f"line {number}: lang must be one of {LANGS}")
                row["question"] = " ".join(row["question"].split())
                if not row["question"] or (row["lang"], row["question"].lower()) in seen:
                    continue
                seen.add((row["lang"], row["question"].lower()))
                yield f"{name} line {number}", row
        except ValueError as exc:
            raise ParseError(f"{name} {exc}") from None


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


def staff_faq_file(document: Path) -> Path | None:
    """The FAQ file staff put beside `document`: `<name>.faq.jsonl`, else `<stem>.faq.jsonl`."""
    for candidate in (
        document.with_name(document.name + FAQ_SUFFIX),
        document.with_name(document.stem + FAQ_SUFFIX),
    ):
        if candidate.is_file():
            return candidate
    return None


def load_staff_faq(path: Path, doc: str, lang: str, sections: Iterable[str]) -> list[Example]:
    """The questions of a document's FAQ file; ParseError (code "faq") naming the file and line of the
    first bad entry: not JSON, other fields, an unknown section, a language other than fr/en."""

    def refuse(why: str) -> ParseError:
        return ParseError(f"{path.name}: {why}", code="faq", name=path.name)

    if path.stat().st_size > MAX_FAQ_BYTES:
        raise refuse(f"over {MAX_FAQ_BYTES // 2**10} KB")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise refuse("not UTF-8 text") from None
    try:
        return _staff_examples(text, doc, lang, set(sections))
    except ValueError as exc:
        raise refuse(str(exc)) from None


def _staff_examples(text: str, doc: str, lang: str, known: set[str]) -> list[Example]:
    examples: list[Example] = []
    seen: set[tuple[str, str]] = set()
    expected = '{"section": "...", "question": "..."} (and "lang" if you like)'
    for number, row in _string_rows(text, _STAFF_FIELDS, expected):
        question = " ".join(row["question"].split())
        entry_lang = row.get("lang", lang)
        if entry_lang not in LANGS:
            raise ValueError(f"line {number}: lang must be one of {LANGS}")
        if row["section"] not in known:
            raise ValueError(
                f"line {number}: {doc} has no section {row['section']!r} (it has {', '.join(sorted(known)[:12])}…)"
            )
        if not question or len(question) > MAX_QUESTION_CHARS:
            raise ValueError(f"line {number}: the question must hold 1 to {MAX_QUESTION_CHARS} characters")
        if (entry_lang, question.lower()) not in seen:
            seen.add((entry_lang, question.lower()))
            examples.append(
                Example(doc=doc_key(doc), section=row["section"], lang=entry_lang, question=question)
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
