"""What the bot was asked and what it answered: thread context, a user's history, the dashboard's gaps.

An adjudicative member's questions are not kept in readable form unless they opted in
(`policy.retains_questions`): their entries keep the channel, thread, language, time and the
abstained / refused flags, but the question and the answer are stored empty and `redacted` is set.
The bot logs every question the same way and `log_question` decides; `retains_questions` tells the
bot whether it may keep the text elsewhere (its own logs, caches it persists).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from cases import policy
from cases.models import Feedback, Person, QuestionLog


def retains_questions(session: Session, *, user_id: str) -> bool:
    """May the text of this user's questions be kept? (Unregistered users: yes — nothing says otherwise.)"""
    person = session.get(Person, user_id)
    if person is None:
        return True
    return policy.retains_questions(office_kind=person.office_kind, opted_in=person.retain_questions)


def as_kept(
    session: Session, *, user_id: str, question: str, answer: str, citations: Sequence[Any]
) -> dict[str, Any]:
    """The question, answer and citations as they may be stored for `user_id`: blanked, and `redacted`
    set, when their questions are not retained."""
    keep = retains_questions(session, user_id=user_id)
    if keep:
        return {"question": question, "answer": answer, "citations": list(citations), "redacted": False}
    return {"question": "", "answer": "", "citations": [], "redacted": True}


def log_question(
    session: Session,
    *,
    user_id: str,
    channel: str,
    thread_ts: str | None,
    question: str,
    lang: str,
    answer: str,
    citations: Sequence[Any],
    abstained: bool,
    refused: bool,
) -> QuestionLog:
    """Record one answered (or abstained / refused) question; flushed so `.id` is set.

    For someone whose questions are not retained, the entry is stored redacted (see above).
    """
    kept = as_kept(session, user_id=user_id, question=question, answer=answer, citations=citations)
    entry = QuestionLog(
        user_id=user_id,
        channel=channel,
        thread_ts=thread_ts,
        lang=lang,
        abstained=abstained,
        refused=refused,
        **kept,
    )
    session.add(entry)
    session.flush()
    return entry


def thread_question(session: Session, *, channel: str, thread_ts: str) -> QuestionLog | None:
    """The first question the bot answered in this thread: follow-ups are read in its light."""
    return session.scalars(
        select(QuestionLog)
        .where(QuestionLog.channel == channel, QuestionLog.thread_ts == thread_ts)
        .order_by(QuestionLog.created_at, QuestionLog.id)
        .limit(1)
    ).first()


def recent_questions(session: Session, *, user_id: str, limit: int = 5) -> list[QuestionLog]:
    """The user's latest questions, newest first (App Home, "ask an advisor" pre-fill); none redacted."""
    return list(
        session.scalars(
            select(QuestionLog)
            .where(QuestionLog.user_id == user_id, QuestionLog.redacted.is_(False))
            .order_by(QuestionLog.created_at.desc(), QuestionLog.id.desc())
            .limit(limit)
        )
    )


def get_question(session: Session, *, question_id: int) -> QuestionLog | None:
    """One logged question by id (the "Ask an advisor" button carries it)."""
    return session.get(QuestionLog, question_id)


def unanswered_questions(session: Session, *, limit: int = 50) -> list[QuestionLog]:
    """Questions the corpus could not answer (abstained), newest first: what to index next."""
    return list(
        session.scalars(
            select(QuestionLog)
            .where(QuestionLog.abstained.is_(True), QuestionLog.redacted.is_(False))
            .order_by(QuestionLog.created_at.desc(), QuestionLog.id.desc())
            .limit(limit)
        )
    )


def redact_question(session: Session, *, question_id: int) -> None:
    """Blank a logged question and its answer (and the votes on that answer), keeping the counts.

    Done when the question becomes a confidential request: its text now lives, sealed, in the case.
    """
    entry = session.get(QuestionLog, question_id)
    if entry is None or entry.redacted:
        return
    votes = session.scalars(
        select(Feedback).where(
            Feedback.user_id == entry.user_id,
            Feedback.question == entry.question,
            Feedback.redacted.is_(False),
        )
    )
    for vote in votes:
        vote.question, vote.answer, vote.citations, vote.redacted = "", "", [], True
    entry.question, entry.answer, entry.citations, entry.redacted = "", "", [], True
    session.flush()


def redact_user_questions(session: Session, *, user_id: str) -> None:
    """Blank every question, answer and vote text kept for this user (they opted out)."""
    for model in (QuestionLog, Feedback):
        session.execute(
            update(model)
            .where(model.user_id == user_id, model.redacted.is_(False))
            .values(question="", answer="", citations=[], redacted=True)
            .execution_options(synchronize_session="fetch")
        )
