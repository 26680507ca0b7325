"""Buttons on answers (👍/👎, "Ask an advisor", "Post to channel"), on triage cards (Claim, Assign, Reply,
Close), and Undo under a document added to the index."""

from __future__ import annotations

from slack_bolt import App

from bot.runtime import Runtime
from bot.slack.blocks import ids
from bot.slack.listeners.actions.ask_advisor import ask_advisor
from bot.slack.listeners.actions.case_card import case_card, case_work
from bot.slack.listeners.actions.confidential_request import confidential_request
from bot.slack.listeners.actions.feedback import feedback
from bot.slack.listeners.actions.index_undo import index_undo
from bot.slack.listeners.actions.post_to_channel import post_to_channel


def register(app: App, runtime: Runtime) -> None:  # noqa: ARG001 — runtime reaches listeners through context
    app.action(ids.FEEDBACK_HELPFUL)(feedback)
    app.action(ids.FEEDBACK_UNHELPFUL)(feedback)
    app.action(ids.ASK_ADVISOR)(ask_advisor)
    app.action(ids.POST_TO_CHANNEL)(post_to_channel)
    app.action(ids.CASE_CLAIM)(case_card)
    app.action(ids.CASE_CLOSE)(case_card)
    app.action(ids.CASE_ASSIGN)(case_work)
    app.action(ids.CASE_REPLY)(case_work)
    app.action(ids.CONFIDENTIAL_REQUEST)(confidential_request)
    app.action(ids.INDEX_UNDO)(index_undo)
