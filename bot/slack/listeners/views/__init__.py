"""Modal submissions (view_submission): case intake, confidential request, and a triage card's Assign and Reply."""

from __future__ import annotations

from slack_bolt import App

from bot.runtime import Runtime
from bot.slack.blocks import ids
from bot.slack.listeners.views.case_intake import case_intake
from bot.slack.listeners.views.case_work import case_assign, case_reply
from bot.slack.listeners.views.confidential_intake import confidential_intake


def register(app: App, runtime: Runtime) -> None:  # noqa: ARG001 — runtime reaches listeners through context
    app.view(ids.CASE_INTAKE)(case_intake)
    app.view(ids.CONFIDENTIAL_INTAKE)(confidential_intake)
    app.view(ids.CASE_ASSIGN_MODAL)(case_assign)
    app.view(ids.CASE_REPLY_MODAL)(case_reply)
