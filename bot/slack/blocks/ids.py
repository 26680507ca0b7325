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
CASE_ASSIGN = "case_assign"
CASE_REPLY = "case_reply"
CASE_CARD_ACTIONS_BLOCK = "case_card_actions"
# The Assign and Reply modals opened from a triage card (callback ids) and their inputs.
CASE_ASSIGN_MODAL = "case_assign_modal"
CASE_REPLY_MODAL = "case_reply_modal"
CASE_ASSIGNEE = "case_assignee"
CASE_REPLY_TEXT = "case_reply_text"
CASE_THEN_STATUS = "case_then_status"
# The confidential-request modal (same inputs) and the App Home's buttons.
CONFIDENTIAL_INTAKE = "confidential_intake"
CONFIDENTIAL_REQUEST = "confidential_request"
HOME_ACTIONS_BLOCK = "home_actions"
# The Undo button under a document added to the index from Slack.
INDEX_UNDO = "index_undo"
INDEX_ACTIONS_BLOCK = "index_actions"

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


@dataclass(frozen=True)
class CardRef:
    """What an Assign / Reply modal carries (private_metadata): the case, the version the advisor
    saw when they clicked (a change since is a conflict, never a silent overwrite), and the card
    the button was on (redrawn even before its link to the case is committed)."""

    ref: str
    version: int
    channel: str | None = None
    ts: str | None = None

    def encode(self) -> str:
        return json.dumps({"r": self.ref, "v": self.version, "c": self.channel, "t": self.ts})

    @classmethod
    def decode(cls, value: str) -> CardRef:
        data = json.loads(value)
        channel, ts = data.get("c"), data.get("t")
        return cls(
            ref=str(data["r"]),
            version=int(data["v"]),
            channel=str(channel) if channel else None,
            ts=str(ts) if ts else None,
        )

    @property
    def place(self) -> tuple[str, str] | None:
        return (self.channel, self.ts) if self.channel and self.ts else None
