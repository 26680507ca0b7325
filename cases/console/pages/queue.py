"""The queue page: the cases the signed-in person may see, searched, filtered and sorted on the
server (links and a GET form: no script needed). The CSV export reads the same parameters."""

from __future__ import annotations

import unicodedata
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict

from cases.console.deps import ConsoleDep, CurrentUser, SecureRoute, SignedInUser
from cases.enums import Category, Status
from cases.errors import InvalidInput
from cases.i18n import error_message, label
from cases.services import people, queries
from cases.services.queries import SORTS, CaseFilters

__all__ = ["NOTICES", "QueueQuery", "router"]

router = APIRouter(route_class=SecureRoute, include_in_schema=False)

# What a redirect after a change may announce (`?done=`); anything else is ignored.
NOTICES = (
    "claimed",
    "assigned",
    "status",
    "replied_sent",
    "replied_waiting",
    "replied_no_slack",
    "retrying",
    "noted",
    "closed",
    "reopened",
    "sent",
    "erased",
)


def _sort_key(text: str) -> str:
    """Alphabetical as a French reader expects: accents after their letter, not after z."""
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))


class QueueQuery(BaseModel):
    """The queue's parameters as the page (query string) and the export (form) receive them, as typed."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    q: str = ""
    status: str = ""
    category: str = ""
    assignee: str = ""
    overdue: str = ""
    closed: str = ""
    sort: str = ""
    dir: str = ""

    def filters(self, user: SignedInUser, *, limit: int = 200) -> CaseFilters:
        """Advisors' filters (assignee, overdue) apply to staff only: a requester sees their own cases."""
        staff = user.is_staff
        categories = sorted(Category, key=lambda c: _sort_key(label("category", c.value, user.locale)))
        return CaseFilters(
            status=self.status or None,
            category=self.category or None,
            assignee_id=((user.user_id if self.assignee == "me" else self.assignee) or None)
            if staff
            else None,
            overdue=bool(self.overdue) and staff,
            include_closed=bool(self.closed) or self.status == Status.CLOSED.value,
            search=self.q or None,
            sort=self.sort or None,
            descending=self.dir == "desc",
            category_order=[c.value for c in categories],
            limit=limit,
        )

    def params(self, **changes: str) -> dict[str, str]:
        values = {**self.model_dump(), **changes}
        return {k: v for k, v in values.items() if v}

    def sort_link(self, base: str, column: str) -> str:
        """The queue sorted by `column`: ascending first, then the other way on a second click."""
        flip = "desc" if self.sort == column and self.dir != "desc" else ""
        return f"{base}/?{urlencode(self.params(sort=column, dir=flip))}"

    def aria_sort(self, column: str) -> str | None:
        if self.sort != column:
            return None
        return "descending" if self.dir == "desc" else "ascending"


@router.get("/")
def queue(
    request: Request,
    console: ConsoleDep,
    user: CurrentUser,
    query: Annotated[QueueQuery, Query()],
    done: str = "",
) -> Response:
    with console.scope() as session:
        error = None
        try:
            cases = queries.list_cases(
                session, viewer_id=user.user_id, filters=query.filters(user), now=console.clock()
            )
        except InvalidInput as exc:
            cases, error = [], error_message(exc, user.locale)
        return console.render(
            request,
            "queue.html",
            user=user,
            status_code=422 if error else 200,
            cases=cases,
            query=query,
            sorts=SORTS,
            statuses=list(Status),
            categories=list(Category),
            workers=people.workers(session) if user.is_staff else [],
            error=error,
            notice=done if done in NOTICES else None,
        )
