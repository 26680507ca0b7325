"""👍 / 👎 on the bot's answers, kept with the answer itself so the rate survives index changes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from cases.models import Feedback
from cases.services.questions import as_kept


def record_feedback(
    session: Session,
    *,
    user_id: str,
    question: str,
    answer: str,
    citations: Sequence[Any],
    helpful: bool,
    lang: str,
) -> Feedback:
    """Store one vote; flushed so `.id` is set. Redacted like the question log (`retains_questions`)."""
    kept = as_kept(session, user_id=user_id, question=question, answer=answer, citations=citations)
    entry = Feedback(user_id=user_id, helpful=helpful, lang=lang, **kept)
    session.add(entry)
    session.flush()
    return entry
