"""Action and block ids shared by the Block Kit builders and the listeners, and the button-value codec."""

from __future__ import annotations

import json
from dataclasses import dataclass

FEEDBACK_HELPFUL = "feedback_helpful"
FEEDBACK_UNHELPFUL = "feedback_unhelpful"
ASK_ADVISOR = "ask_advisor"
POST_TO_CHANNEL = "post_to_channel"

# The case-intake modal (callback id), its inputs (block id, action id) and the triage card's buttons.
CASE_INTAKE = "case_intake"
CASE_SUBJECT = "case_subject"
CASE_DETAILS = "case_details"
CASE_CATEGORY = "case_category"
CASE_PRIORITY = "case_priority"
CASE_CLAIM = "case_claim"
CASE_CLOSE = "case_close"
CASE_CARD_ACTIONS_BLOCK = "case_card_actions"
# The confidential-request modal (same inputs) and the App Home's buttons.
CONFIDENTIAL_INTAKE = "confidential_intake"
CONFIDENTIAL_REQUEST = "confidential_request"
HOME_ACTIONS_BLOCK = "home_actions"

ANSWER_ACTIONS_BLOCK = "answer_actions"
FEEDBACK_DONE_BLOCK = "feedback_done"

# Slack refuses button values longer than 2,000 characters.
VALUE_LIMIT = 2000


@dataclass(frozen=True)
class AnswerRef:
    """What a button needs to find its answer again.

    `log_id` points at the question log, which holds exactly what the user was shown. Buttons
    outlive the process and the log can fail to write, so the question (and the thread's earlier
    question) ride along too: the answer can always be asked again — the engine is deterministic
    for one index.
    """

    question: str
    context: str | None = None
    log_id: int | None = None

    def encode(self) -> str | None:
        """The button value, or None when the question cannot fit (the button is then left out)."""
        base: dict[str, object] = {"i": self.log_id} if self.log_id is not None else {}
        for data in ({**base, "q": self.question, "c": self.context}, {**base, "q": self.question}):
            value = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            if len(value) <= VALUE_LIMIT:
                return value
        return None

    @classmethod
    def decode(cls, value: str) -> AnswerRef:
        data = json.loads(value)
        log_id = data.get("i")
        return cls(
            question=str(data["q"]), context=data.get("c"), log_id=int(log_id) if log_id is not None else None
        )
