"""CSV export of cases for staff; every export is written to the audit log.

No text of a confidential case is exported (its subject column is empty); the references of the
confidential cases an export contained are in its audit entry, as every access to them is.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from datetime import datetime

from sqlalchemy.orm import Session

from cases import audit, policy
from cases.errors import Forbidden
from cases.models import utcnow
from cases.services.people import get_person
from cases.services.queries import CaseFilters, is_overdue, list_cases

COLUMNS = (
    "ref",
    "subject",
    "status",
    "category",
    "priority",
    "confidential",
    "requester_id",
    "assignee_id",
    "created_at",
    "due_at",
    "first_response_at",
    "closed_at",
    "overdue",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """Text that a spreadsheet would run as a formula is prefixed with a quote (CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def export_cases_csv(
    session: Session, *, viewer_id: str, filters: CaseFilters | None = None, now: datetime | None = None
) -> str:
    """The cases the viewer may see, as CSV (no bodies, no timelines). Staff only; audited."""
    now = now or utcnow()
    viewer = get_person(session, user_id=viewer_id)
    if not policy.can_export(viewer.role_names):
        raise Forbidden(viewer_id, "export")
    filters = filters or CaseFilters(limit=1000)
    cases = list_cases(session, viewer_id=viewer_id, filters=filters, now=now)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for case in cases:
        values = {column: getattr(case, column, None) for column in COLUMNS}
        values["overdue"] = is_overdue(case, now)
        writer.writerow([_cell(values[column]) for column in COLUMNS])
    audit.append(
        session,
        action="cases.exported",
        actor_id=viewer_id,
        details={
            "rows": len(cases),
            "filters": {k: v for k, v in asdict(filters).items() if v},
            "confidential": [c.ref for c in cases if c.confidential],
        },
        now=now,
    )
    return out.getvalue()
