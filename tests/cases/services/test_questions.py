from __future__ import annotations

from sqlalchemy.orm import Session

from cases.models import QuestionLog
from cases.services.questions import (
    get_question,
    log_question,
    recent_questions,
    thread_question,
    unanswered_questions,
)

CITATIONS = [
    {"doc": "Loi sur les conflits d'intérêts", "section": "art. 11", "url": "https://example.test/a11"}
]


def _log(session: Session, **overrides: object) -> QuestionLog:
    fields: dict[str, object] = {
        "user_id": "U1",
        "channel": "C1",
        "thread_ts": "100.1",
        "question": "Puis-je accepter un cadeau?",
        "lang": "fr",
        "answer": "Selon l'article 11…",
        "citations": CITATIONS,
        "abstained": False,
        "refused": False,
    }
    fields.update(overrides)
    return log_question(session, **fields)  # type: ignore[arg-type]


def test_a_logged_question_keeps_its_answer_and_citations(session: Session) -> None:
    entry = _log(session)
    session.expire_all()
    stored = get_question(session, question_id=entry.id)
    assert stored is not None
    assert stored.question == "Puis-je accepter un cadeau?"
    assert stored.citations == CITATIONS
    assert stored.created_at.tzinfo is not None


def test_the_thread_question_is_the_first_one_asked_in_that_thread(session: Session) -> None:
    first = _log(session, question="first")
    _log(session, question="follow-up")
    _log(session, thread_ts="200.2", question="elsewhere")
    found = thread_question(session, channel="C1", thread_ts="100.1")
    assert found is not None and found.id == first.id
    assert thread_question(session, channel="C2", thread_ts="100.1") is None


def test_recent_questions_are_the_users_newest_first(session: Session) -> None:
    for n in range(7):
        _log(session, question=f"q{n}", thread_ts=f"{n}.0")
    _log(session, user_id="U2", question="someone else's")
    recent = recent_questions(session, user_id="U1")
    assert [q.question for q in recent] == ["q6", "q5", "q4", "q3", "q2"]
    assert len(recent_questions(session, user_id="U1", limit=10)) == 7


def test_unanswered_questions_are_the_abstentions(session: Session) -> None:
    _log(session, question="answered")
    _log(session, question="no source", abstained=True)
    _log(session, question="refused", refused=True)
    assert [q.question for q in unanswered_questions(session)] == ["no source"]
