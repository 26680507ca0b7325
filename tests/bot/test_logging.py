"""At INFO the logs say what happened, never what was asked, nor any secret."""

from __future__ import annotations

import json
import logging

import pytest

from bench import fake_slack as fs
from bot.slack.blocks import ids
from tests.bot.conftest import SlackSender

SECRET_QUESTION = "Mon beau-frère Zébulon Tartempion soumissionne au contrat 4471 : dois-je me récuser ?"


def test_info_logs_carry_no_question_text_and_no_token(
    slack: SlackSender, fake_slack: fs.FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    slack.event(fs.mention(SECRET_QUESTION))
    slack.event(fs.message(SECRET_QUESTION, channel="DALICE001"))
    slack.command(SECRET_QUESTION, response_url=fake_slack.response_url("cmd"))
    posts = fake_slack.wait_for("chat.postMessage", 2)
    fake_slack.wait_for("response_url")
    actions = next(b for b in posts[0].params["blocks"] if b.get("block_id") == ids.ANSWER_ACTIONS_BLOCK)
    vote = next(e for e in actions["elements"] if e["action_id"] == ids.FEEDBACK_HELPFUL)
    slack.action({"action_id": ids.FEEDBACK_HELPFUL, "value": vote["value"]})
    body = json.dumps(fs.event_body(fs.mention(SECRET_QUESTION)))
    slack.post(body, "application/json", signed=fs.sign(body, secret="wrong"))
    fake_slack.wait_for("response_url", 2)
    slack.wait_handled()

    logged = "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.INFO)
    assert (
        "answered mention" in logged and "feedback recorded" in logged and "rejected Slack request" in logged
    )
    for secret in (
        fs.BOT_TOKEN,
        fs.SIGNING_SECRET,
        fs.APP_TOKEN,
        "Tartempion",
        "Zébulon",
        "4471",
        "beau-frère",
    ):
        assert secret not in logged, secret
    assert "Tartempion" not in caplog.text
