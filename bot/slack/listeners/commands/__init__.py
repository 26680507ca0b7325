"""Slash commands: `/ses <question>`."""

from __future__ import annotations

from slack_bolt import App

from bot.runtime import Runtime
from bot.slack.listeners.commands.ses import ses_command

COMMAND = "/ses"


def register(app: App, runtime: Runtime) -> None:  # noqa: ARG001 — runtime reaches listeners through context
    app.command(COMMAND)(ses_command)
