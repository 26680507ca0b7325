from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from cases.models import Feedback
from cases.services.feedback import record_feedback


def test_feedback_is_stored_with_the_answer_it_judges(session: Session) -> None:
    vote = record_feedback(
        session,
        user_id="U1",
        question="Gifts?",
        answer="Under section 11…",
        citations=[{"doc": "Act", "section": "11"}],
        helpful=False,
        lang="en",
    )
    session.expire_all()
    stored = session.scalars(select(Feedback).where(Feedback.id == vote.id)).one()
    assert (stored.helpful, stored.lang, stored.citations) == (False, "en", [{"doc": "Act", "section": "11"}])
