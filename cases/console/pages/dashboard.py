"""The dashboard (figures and charts) and the CSV export of the queue as it is filtered, for staff."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response

from cases.console.charts import bar_chart, column_chart
from cases.console.deps import ConsoleDep, CurrentUser, FormUser, Respond, SecureRoute, status_code_for
from cases.console.pages.queue import QueueQuery
from cases.errors import CaseError, Forbidden
from cases.i18n import error_message, label, t
from cases.i18n.dates import month_day
from cases.services import export, stats

__all__ = ["router"]

router = APIRouter(route_class=SecureRoute, include_in_schema=False)


@router.get("/dashboard")
def dashboard(request: Request, console: ConsoleDep, user: CurrentUser) -> Response:
    with console.scope() as session:
        try:
            figures = stats.dashboard(session, viewer_id=user.user_id, now=console.clock())
        except Forbidden as exc:
            return console.render(
                request, "error.html", user=user, status_code=403, message=error_message(exc, user.locale)
            )
    locale = user.locale
    week_labels = [month_day(w.week, locale) for w in figures.weeks]
    return console.render(
        request,
        "dashboard.html",
        user=user,
        figures=figures,
        week_label=lambda day: month_day(day, locale),
        category_chart=bar_chart([(label("category", c, locale), n) for c, n in figures.open_by_category]),
        status_chart=bar_chart([(label("status", s, locale), n) for s, n in figures.open_by_status]),
        weeks_chart=column_chart(week_labels, [[w.cases_opened for w in figures.weeks]]),
        feedback_chart=column_chart(
            week_labels, [[w.helpful for w in figures.weeks], [w.not_helpful for w in figures.weeks]]
        ),
    )


@router.post("/export.csv")
def export_csv(
    request: Request,
    console: ConsoleDep,
    user: FormUser,
    query: Annotated[QueueQuery, Form()],
) -> Response:
    """The queue's rows for the same parameters (the form repeats them), up to 1,000."""
    filters = query.filters(user, limit=1000)
    tz = console.sla.calendar.tz
    try:
        with console.scope() as session:
            content = export.export_cases_csv(
                session,
                viewer_id=user.user_id,
                filters=filters,
                locale=user.locale,
                tz=tz,
                now=console.clock(),
            )
    except CaseError as exc:
        raise Respond(
            console.render(
                request,
                "error.html",
                user=user,
                status_code=status_code_for(exc),
                message=error_message(exc, user.locale),
            )
        ) from exc
    stamp = console.clock().astimezone(tz).strftime("%Y%m%d-%H%M")
    name = t("console.export_filename", user.locale, stamp=stamp)
    return Response(
        content="\ufeff" + content,  # BOM: spreadsheet software then reads accents correctly
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
