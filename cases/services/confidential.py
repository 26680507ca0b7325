"""What the Slack edge calls for confidential requests; nothing here returns a case's text.

    receipt = open_confidential_request(session, NewCase(requester_id=..., subject=..., body=...))
    # DM the requester receipt.ref; DM each of receipt.notify_user_ids a content-free
    # "a confidential request is waiting" with a link to the console.

Reading (`queries.get_case`), replying (`replies.reply_to_requester`, whose notice the bot DMs to
the requester) and erasing (`retention.delete_own_request`) are the ordinary services: they apply
the same policy to confidential cases.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.orm import Session

from cases.config import SlaPolicy
from cases.enums import Role
from cases.services.intake import NewCase, open_case
from cases.services.people import list_people


@dataclass(frozen=True)
class ConfidentialReceipt:
    """The new request's reference, to confirm to the requester in their DM (in `locale`), and who
    to tell — by user id only — that a confidential request is waiting."""

    ref: str
    requester_id: str
    locale: str
    notify_user_ids: tuple[str, ...]


def confidential_notify_targets(session: Session, *, exclude: Collection[str] = ()) -> list[str]:
    """User ids of the confidential advisors, read now (a revoked role is gone at once)."""
    return [
        p.user_id for p in list_people(session, role=Role.CONFIDENTIAL_ADVISOR) if p.user_id not in exclude
    ]


def open_confidential_request(
    session: Session, new: NewCase, *, sla: SlaPolicy | None = None, now: datetime | None = None
) -> ConfidentialReceipt:
    """Open `new` as a confidential case for the requester (registered first with `people.ensure_person`).

    Errors as `intake.open_case`; VaultUnavailable when the keys are missing or wrong (nothing is
    stored). The requester is not told about their own request as an advisor, should they be one.
    """
    case = open_case(session, replace(new, confidential=True), sla=sla, now=now)
    return ConfidentialReceipt(
        ref=case.ref,
        requester_id=case.requester_id,
        locale=case.lang,
        notify_user_ids=tuple(confidential_notify_targets(session, exclude={case.requester_id})),
    )
