"""Services: keyword-only functions taking the caller's Session; they flush but never commit.

The caller wraps them in `cases.db.session_scope(factory)`, which commits or rolls back the whole
unit of work, audit entries included. Domain errors come from `cases.errors`.

Confidential cases (issue 6): `confidential.open_confidential_request` and
`confidential.confidential_notify_targets` for the Slack edge; `queries.get_case` to read one,
`replies.reply_to_requester` to answer, `retention.delete_own_request` / `retention.purge_expired`
to erase. Their text only ever goes through `services.sealed`.
"""

from cases.services.attachments import add_attachment
from cases.services.confidential import (
    ConfidentialReceipt,
    confidential_notify_targets,
    open_confidential_request,
)
from cases.services.events import claim_event, prune_events
from cases.services.export import export_cases_csv
from cases.services.feedback import record_feedback
from cases.services.intake import open_case
from cases.services.lifecycle import (
    add_note,
    add_reply,
    add_requester_message,
    assign_case,
    change_status,
    claim_case,
    close_case,
    reopen_case,
)
from cases.services.people import (
    ensure_person,
    find_person,
    get_person,
    grant_role,
    list_people,
    revoke_role,
    set_question_retention,
    workers,
)
from cases.services.queries import (
    CaseFilters,
    CaseView,
    advisor_queue,
    confidential_waiting,
    find_case,
    get_case,
    is_overdue,
    list_cases,
    requester_cases,
)
from cases.services.questions import (
    get_question,
    log_question,
    recent_questions,
    retains_questions,
    thread_question,
    unanswered_questions,
)
from cases.services.replies import ReplyNotice, reply_to_requester
from cases.services.retention import delete_own_request, purge_expired
from cases.services.stats import dashboard
from cases.services.threads import case_for_thread, link_thread, threads_of

__all__ = [
    "CaseFilters",
    "CaseView",
    "ConfidentialReceipt",
    "ReplyNotice",
    "add_attachment",
    "add_note",
    "add_reply",
    "add_requester_message",
    "advisor_queue",
    "assign_case",
    "case_for_thread",
    "change_status",
    "claim_case",
    "claim_event",
    "close_case",
    "confidential_notify_targets",
    "confidential_waiting",
    "dashboard",
    "delete_own_request",
    "ensure_person",
    "export_cases_csv",
    "find_case",
    "find_person",
    "get_case",
    "get_person",
    "get_question",
    "grant_role",
    "is_overdue",
    "link_thread",
    "list_cases",
    "list_people",
    "log_question",
    "open_case",
    "open_confidential_request",
    "prune_events",
    "purge_expired",
    "recent_questions",
    "record_feedback",
    "reopen_case",
    "reply_to_requester",
    "requester_cases",
    "retains_questions",
    "revoke_role",
    "set_question_retention",
    "thread_question",
    "threads_of",
    "unanswered_questions",
    "workers",
]
