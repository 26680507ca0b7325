"""Modal submissions (view_submission): case intake, confidential request, and a triage card's Assign and Reply."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners.views.case_intake import case_intake
from bot.listeners.views.case_work import case_assign, case_reply
from bot.listeners.views.confidential_intake import confidential_intake
from bot.runtime import Runtime
from bot.views import ids


def register(app: App, runtime: Runtime) -> None:  # noqa: ARG001 — runtime reaches listeners through context
    app.view(ids.CASE_INTAKE)(case_intake)
    app.view(ids.CONFIDENTIAL_INTAKE)(confidential_intake)
    app.view(ids.CASE_ASSIGN_MODAL)(case_assign)
    app.view(ids.CASE_REPLY_MODAL)(case_reply)
