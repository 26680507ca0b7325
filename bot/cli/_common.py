"""What the CLI modules share: opening the engine and turning domain errors into messages."""

from __future__ import annotations

import json
import sys
from typing import Any

from bot.settings import Settings
from knowledge import Advisor, InvalidQuestion, KnowledgeError, message
from knowledge.language import detect


def open_advisor(settings: Settings) -> Advisor:
    return Advisor.open(settings.index_dir, encoder=settings.encoder)


def error_message(exc: KnowledgeError, question: str | None = None) -> str:
    """The error in the language of the question when there is one, else in both languages."""
    key = f"invalid.{exc.code}" if isinstance(exc, InvalidQuestion) else exc.code
    values = {"limit": exc.limit} if isinstance(exc, InvalidQuestion) else {}
    if question and question.strip():
        return message(key, detect(question).lang, **values)
    return " / ".join(message(key, lang, **values) for lang in ("fr", "en"))


def fail(exc: KnowledgeError, question: str | None = None) -> int:
    print(f"ses: {error_message(exc, question)}", file=sys.stderr)
    return 2


def emit(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def read_jsonl_stdin() -> list[tuple[dict[str, Any] | None, str]]:
    """Each input line as (object or None when unreadable, raw line)."""
    rows: list[tuple[dict[str, Any] | None, str]] = []
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            obj = None
        rows.append((obj if isinstance(obj, dict) else None, line.rstrip("\n")))
    return rows
