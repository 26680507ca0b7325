"""👍/👎 and "Ask an advisor" on an answer: feedback stored with what the user saw."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from bench import fake_slack as fs
from bot.slack.blocks import ids
from cases.models import Feedback
from knowledge import Advisor
from tests.bot.conftest import SlackSender

QUESTION = "Puis-je accepter un cadeau d'un lobbyiste ?"


def answered(slack: SlackSender, fake_slack: fs.FakeSlack, channel: str) -> dict[str, Any]:
    """Ask by mention and return the posted answer as Slack would send it back in an action payload."""
    event = (
        fs.mention(QUESTION, channel=channel)
        if channel.startswith("C")
        else fs.message(QUESTION, channel=channel)
    )
    slack.event(event)
    [post] = fake_slack.wait_for("chat.postMessage")
    fake_slack.wait_for("reactions.remove")
    return {
        "type": "message",
        "ts": fs.new_ts(),
        "text": post.params["text"],
        "blocks": post.params["blocks"],
        "thread_ts": event["ts"],
    }


def button(message: dict[str, Any], action_id: str) -> dict[str, Any]:
    actions = next(b for b in message["blocks"] if b.get("block_id") == ids.ANSWER_ACTIONS_BLOCK)
    element = next(e for e in actions["elements"] if e["action_id"] == action_id)
    return {"action_id": action_id, "value": element["value"]}


def stored_feedback(database_url: str) -> list[Feedback]:
    engine = create_engine(database_url)
    with Session(engine) as session:
        rows = list(session.scalars(select(Feedback)))
    engine.dispose()
    return rows


def test_a_thumbs_up_in_a_channel_is_stored_with_the_answer_and_thanked_privately(
    slack: SlackSender, fake_slack: fs.FakeSlack, database_url: str, advisor: Advisor
) -> None:
    message = answered(slack, fake_slack, "CGENERAL1")
    response = slack.action(
        button(message, ids.FEEDBACK_HELPFUL),
        user="UBOB0001",
        message=message,
        response_url=fake_slack.response_url("fb"),
    )
    assert response.status_code == 200
    [thanks] = fake_slack.wait_for("response_url")
    assert thanks.params["response_type"] == "ephemeral" and "Merci" in thanks.params["text"]
    [row] = stored_feedback(database_url)
    assert (row.user_id, row.question, row.helpful, row.lang) == ("UBOB0001", QUESTION, True, "fr")
    shown = advisor.ask(QUESTION)
    assert row.answer == shown.text
    assert row.citations == shown.to_dict()["citations"]
    assert row.created_at is not None
    assert not fake_slack.calls_to("chat.update"), "others in the channel may still vote"


def test_a_thumbs_down_in_a_dm_replaces_the_buttons_by_a_thank_you(
    slack: SlackSender, fake_slack: fs.FakeSlack, database_url: str
) -> None:
    message = answered(slack, fake_slack, "DALICE001")
    slack.action(button(message, ids.FEEDBACK_UNHELPFUL), channel="DALICE001", message=message)
    [update] = fake_slack.wait_for("chat.update")
    assert update.params["ts"] == message["ts"]
    ids_left = [
        e["action_id"]
        for b in update.params["blocks"]
        if b.get("block_id") == ids.ANSWER_ACTIONS_BLOCK
        for e in b["elements"]
    ]
    assert ids_left == [ids.ASK_ADVISOR]
    assert any(b.get("block_id") == ids.FEEDBACK_DONE_BLOCK for b in update.params["blocks"])
    [row] = stored_feedback(database_url)
    assert row.helpful is False


def test_ask_an_advisor_opens_the_case_modal_in_the_users_language(
    slack: SlackSender, fake_slack: fs.FakeSlack
) -> None:
    fake_slack.locales["UBOB0001"] = "en-US"
    message = answered(slack, fake_slack, "CGENERAL1")
    slack.action(button(message, ids.ASK_ADVISOR), user="UBOB0001", message=message)
    [opened] = fake_slack.wait_for("views.open")
    assert opened.params["view"]["callback_id"] == ids.CASE_INTAKE
    assert opened.params["view"]["title"]["text"] == "Ask an advisor"
    assert opened.params["view"]["private_metadata"] == "{}"  # someone else's question: no log link
