"""CSV export of a list of cases for staff, in the reader's language; every export is audited.

The rows are the queue's (same filters, same order, `CaseFilters`); the headers and values are
what the page shows — labels rather than codes, names rather than Slack ids, local times — and the
file is what a spreadsheet in that language opens as columns: `;` between fields in French (where
`,` is the decimal comma), `,` in English. Text a spreadsheet would run as a formula is neutralised.
No text of a confidential case is exported (its subject column is empty); the references of the
confidential cases an export contained are in its audit entry, as every access to them is.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from datetime import UTC, datetime, tzinfo

from sqlalchemy.orm import Session

from cases import audit, policy
from cases.errors import Forbidden
from cases.i18n import label, normalise_locale, t
from cases.i18n.dates import spreadsheet_datetime
from cases.models import Case, utcnow
from cases.services.people import get_person
from cases.services.queries import CaseFilters, is_overdue, list_cases

# (header key in the catalogue, value of a case)
COLUMNS = (
    "export.ref",
    "field.subject",
    "field.status",
    "field.category",
    "field.priority",
    "export.confidential",
    "field.requester",
    "field.assignee_id",
    "export.opened",
    "export.due",
    "export.first_response",
    "export.closed",
    "export.overdue",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def delimiter(locale: str) -> str:
    return "," if normalise_locale(locale) == "en" else ";"


def _cell(value: object) -> str:
    """Text that a spreadsheet would run as a formula is prefixed with a quote (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _row(case: Case, now: datetime, locale: str, tz: tzinfo) -> list[str]:
    yes_no = {True: t("console.yes", locale), False: t("console.no", locale)}
    values = [
        case.ref,
        case.subject,
        label("status", case.status, locale),
        label("category", case.category, locale),
        label("priority", case.priority, locale),
        yes_no[case.confidential],
        case.requester.label,
        case.assignee.label if case.assignee else "",
        spreadsheet_datetime(case.created_at, tz),
        spreadsheet_datetime(case.due_at, tz),
        spreadsheet_datetime(case.first_response_at, tz),
        spreadsheet_datetime(case.closed_at, tz),
        yes_no[is_overdue(case, now)],
    ]
    return [_cell(v) for v in values]


def export_cases_csv(
    session: Session,
    *,
    viewer_id: str,
    filters: CaseFilters | None = None,
    locale: str = "fr",
    tz: tzinfo = UTC,
    now: datetime | None = None,
) -> str:
    """The cases the viewer may see matching `filters`, as CSV (no bodies, no timelines). Staff only;
    audited. Times are local to `tz` and named so in the headers."""
    now = now or utcnow()
    viewer = get_person(session, user_id=viewer_id)
    if not policy.can_export(viewer.role_names):
        raise Forbidden(viewer_id, "export")
    filters = filters or CaseFilters(limit=1000)
    cases = list_cases(session, viewer_id=viewer_id, filters=filters, now=now)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter(locale), lineterminator="\r\n")
    zone = str(tz)
    writer.writerow([t(column, locale, timezone=zone) for column in COLUMNS])
    writer.writerows(_row(case, now, locale, tz) for case in cases)
    audit.append(
        session,
        action="cases.exported",
        actor_id=viewer_id,
        details={
            "rows": len(cases),
            "filters": {k: v for k, v in asdict(filters).items() if v and k != "category_order"},
            "confidential": [c.ref for c in cases if c.confidential],
        },
        now=now,
    )
    return out.getvalue()
