"""`/ses <question>`: acked at once, answered privately, with a button to post the answer to the channel."""

from __future__ import annotations

import json

from bench import fake_slack as fs
from bot.slack.blocks import ids
from bot.slack.blocks.text import escape
from knowledge import Advisor
from tests.bot.conftest import SlackSender, blocks_text

QUESTION = "Un lobbyiste peut-il recevoir une prime selon le résultat obtenu ?"


def test_the_command_is_acked_then_answered_ephemerally_with_a_post_button(
    slack: SlackSender, fake_slack: fs.FakeSlack, advisor: Advisor
) -> None:
    response = slack.command(QUESTION, response_url=fake_slack.response_url("cmd1"))
    assert response.status_code == 200
    [reply] = fake_slack.wait_for("response_url")
    assert reply.params["_url"] == "cmd1"
    assert reply.params["response_type"] == "ephemeral"
    assert escape(advisor.ask(QUESTION).text.splitlines()[0]) in blocks_text(reply.params["blocks"])
    actions = next(b for b in reply.params["blocks"] if b.get("block_id") == ids.ANSWER_ACTIONS_BLOCK)
    assert [e["action_id"] for e in actions["elements"]] == [
        ids.FEEDBACK_HELPFUL,
        ids.FEEDBACK_UNHELPFUL,
        ids.ASK_ADVISOR,
        ids.POST_TO_CHANNEL,
    ]
    assert not fake_slack.calls_to("chat.postMessage"), "nothing is public until the user says so"
    assert not fake_slack.calls_to("reactions.add")


def test_post_to_channel_replaces_the_private_answer_by_a_public_one(
    slack: SlackSender, fake_slack: fs.FakeSlack
) -> None:
    slack.command(QUESTION, response_url=fake_slack.response_url("cmd2"))
    [reply] = fake_slack.wait_for("response_url")
    actions = next(b for b in reply.params["blocks"] if b.get("block_id") == ids.ANSWER_ACTIONS_BLOCK)
    post = next(e for e in actions["elements"] if e["action_id"] == ids.POST_TO_CHANNEL)

    click = slack.action(
        {"action_id": ids.POST_TO_CHANNEL, "value": post["value"]},
        response_url=fake_slack.response_url("act2"),
        ephemeral=True,
    )
    assert click.status_code == 200
    calls = fake_slack.wait_for("response_url", 2, where=lambda c: c.params["_url"] == "act2")
    assert calls[0].params == {"delete_original": True, "_url": "act2"}
    public = calls[1].params
    assert public["response_type"] == "in_channel"
    text = blocks_text(public["blocks"])
    assert "<@UALICE01>" in text
    assert blocks_text(reply.params["blocks"]).split("Utile")[0] in text, "the same answer the user saw"
    public_actions = next(b for b in public["blocks"] if b.get("block_id") == ids.ANSWER_ACTIONS_BLOCK)
    assert ids.POST_TO_CHANNEL not in [e["action_id"] for e in public_actions["elements"]]
    assert json.loads(post["value"])["q"] == QUESTION


def test_an_empty_command_shows_the_help_in_the_users_language(
    slack: SlackSender, fake_slack: fs.FakeSlack
) -> None:
    fake_slack.locales["UBOB0001"] = "en-US"
    slack.command("", user="UBOB0001", response_url=fake_slack.response_url("help"))
    [reply] = fake_slack.wait_for("response_url")
    assert "/ses <question>" in reply.params["text"] and "I answer here, privately" in reply.params["text"]


def test_a_too_long_question_gets_advice_not_a_traceback(
    slack: SlackSender, fake_slack: fs.FakeSlack
) -> None:
    slack.command("cadeau " * 1000, response_url=fake_slack.response_url("long"))
    [reply] = fake_slack.wait_for("response_url")
    assert "trop longue" in reply.params["text"]
    assert "Traceback" not in reply.params["text"]
