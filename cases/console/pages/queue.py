"""The queue page: the cases the signed-in person may see, filtered."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from cases import policy
from cases.console.deps import ConsoleDep, CurrentUser, SecureRoute
from cases.enums import Category, Status
from cases.errors import InvalidInput
from cases.i18n import error_message
from cases.services import people, queries
from cases.services.queries import CaseFilters

__all__ = ["NOTICES", "router"]

router = APIRouter(route_class=SecureRoute, include_in_schema=False)

# What a redirect after a change may announce (`?done=`); anything else is ignored.
NOTICES = ("claimed", "assigned", "status", "replied", "noted", "closed", "reopened", "sent", "erased")


@router.get("/")
def queue(
    request: Request,
    console: ConsoleDep,
    user: CurrentUser,
    status: str = "",
    category: str = "",
    assignee: str = "",
    overdue: str = "",
    closed: str = "",
    done: str = "",
) -> Response:
    filters = CaseFilters(
        status=status or None,
        category=category or None,
        assignee_id=(user.user_id if assignee == "me" else assignee) or None,
        overdue=bool(overdue),
        include_closed=bool(closed) or status == Status.CLOSED.value,
    )
    with console.scope() as session:
        error = None
        try:
            cases = queries.list_cases(session, viewer_id=user.user_id, filters=filters, now=console.clock())
        except InvalidInput as exc:
            cases, error = [], error_message(exc, user.locale)
        return console.render(
            request,
            "queue.html",
            user=user,
            status_code=422 if error else 200,
            cases=cases,
            now=console.clock(),
            is_overdue=queries.is_overdue,
            filters={
                "status": status,
                "category": category,
                "assignee": assignee,
                "overdue": overdue,
                "closed": closed,
            },
            statuses=list(Status),
            categories=list(Category),
            workers=people.workers(session),
            is_staff=policy.can_export(user.person.role_names),
            error=error,
            notice=done if done in NOTICES else None,
        )
