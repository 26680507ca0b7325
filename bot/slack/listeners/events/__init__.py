"""Events API: mentions, messages (DMs and thread follow-ups), the App Home tab."""

from __future__ import annotations

from slack_bolt import App

from bot.runtime import Runtime
from bot.slack.listeners.events.app_home_opened import app_home_opened
from bot.slack.listeners.events.app_mention import app_mention
from bot.slack.listeners.events.message import message


def register(app: App, runtime: Runtime) -> None:  # noqa: ARG001 — runtime reaches listeners through context
    app.event("app_mention")(app_mention)
    app.event("message")(message)
    app.event("app_home_opened")(app_home_opened)
