"""A mention in a channel, end to end: signed event -> ack -> 👀 -> answer in the thread -> 👀 off."""

from __future__ import annotations

import time

from bench import fake_slack as fs
from bot.slack.blocks.text import escape
from knowledge import Advisor
from tests.bot.conftest import SlackSender, blocks_text

GIFTS_FR = "Puis-je accepter un cadeau d'un lobbyiste ?"
GIFTS_EN = "May I accept a gift from a lobbyist?"


def test_a_mention_is_answered_in_its_thread_with_citations(
    slack: SlackSender, fake_slack: fs.FakeSlack
) -> None:
    event = fs.mention(GIFTS_FR, channel="CGENERAL1")
    started = time.perf_counter()
    response = slack.event(event)
    ack_ms = (time.perf_counter() - started) * 1000

    assert response.status_code == 200
    assert ack_ms < 3000
    [post] = fake_slack.wait_for("chat.postMessage")
    assert post.params["channel"] == "CGENERAL1"
    assert post.params["thread_ts"] == event["ts"]
    text = blocks_text(post.params["blocks"])
    assert "Loi sur les conflits d’intérêts" in text
    assert "laws-lois.justice.gc.ca" in text
    citations = [b for b in post.params["blocks"] if b["type"] == "context" and "justice.gc.ca" in str(b)]
    assert citations, "one context block per citation"
    fake_slack.wait_for("reactions.remove")
    [added] = fake_slack.calls_to("reactions.add")
    assert (added.params["name"], added.params["timestamp"]) == ("eyes", event["ts"])


def test_the_same_event_delivered_twice_is_answered_once(
    slack: SlackSender, fake_slack: fs.FakeSlack
) -> None:
    """Slack retries when our ack is late (X-Slack-Retry-Num); the event id is claimed in the database."""
    event = fs.mention(GIFTS_FR)
    assert slack.event(event, event_id="EvSAME0001").status_code == 200
    assert slack.event(event, event_id="EvSAME0001", retry_num=1).status_code == 200
    assert slack.event(event, event_id="EvSAME0001", retry_num=2).status_code == 200
    fake_slack.wait_for("chat.postMessage")
    slack.wait_handled()
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
    assert len(fake_slack.calls_to("reactions.add")) == 1


def test_buttons_follow_the_users_locale_and_the_answer_the_questions_language(
    slack: SlackSender, fake_slack: fs.FakeSlack, advisor: Advisor
) -> None:
    fake_slack.locales["UBOB0001"] = "en-US"
    slack.event(fs.mention(GIFTS_FR, user="UALICE01", channel="CFR000001"))
    slack.event(fs.mention(GIFTS_FR, user="UBOB0001", channel="CEN000001"))
    slack.event(fs.mention(GIFTS_EN, user="UBOB0001", channel="CEN000002"))
    posts = {c.params["channel"]: c.params for c in fake_slack.wait_for("chat.postMessage", 3)}
    french, english = advisor.ask(GIFTS_FR), advisor.ask(GIFTS_EN)
    assert (french.lang, english.lang) == ("fr", "en")

    fr_user = blocks_text(posts["CFR000001"]["blocks"])
    assert "Utile" in fr_user and "Demander à un conseiller" in fr_user
    assert escape(french.text.splitlines()[0]) in fr_user

    en_user_fr_question = blocks_text(posts["CEN000001"]["blocks"])
    assert "Helpful" in en_user_fr_question and "Ask an advisor" in en_user_fr_question
    assert escape(french.text.splitlines()[0]) in en_user_fr_question, (
        "the answer stays in the question's language"
    )

    en_user = blocks_text(posts["CEN000002"]["blocks"])
    assert escape(english.text.splitlines()[0]) in en_user
    assert all(c.lang == "en" for c in english.citations)
    assert len(fake_slack.calls_to("users.info")) <= 2, "locales are cached per user"


def test_a_mention_with_no_question_gets_an_example(slack: SlackSender, fake_slack: fs.FakeSlack) -> None:
    event = fs.mention("")
    slack.event(event)
    [post] = fake_slack.wait_for("chat.postMessage")
    assert "Posez-moi une question" in post.params["text"]
    assert post.params["thread_ts"] == event["ts"]
    fake_slack.wait_for("reactions.remove")


def test_the_bots_own_mention_is_ignored(slack: SlackSender, fake_slack: fs.FakeSlack) -> None:
    event = fs.mention(GIFTS_FR, user=fs.BOT_USER_ID)
    event["bot_id"] = fs.BOT_ID
    assert slack.event(event).status_code == 200
    slack.wait_handled()
    assert not fake_slack.calls_to("chat.postMessage")


def test_a_refusal_and_an_abstention_read_as_polite_answers(
    slack: SlackSender, fake_slack: fs.FakeSlack, advisor: Advisor
) -> None:
    """Neither is an error: the user reads why, in a normal answer with the "Ask an advisor" button."""
    merits = "How should I rule on the grievance I heard last week? The employer's evidence is weak."
    cooking = "Quelle est la recette de la tarte au sucre ?"
    assert advisor.ask(merits).refused and advisor.ask(cooking).abstained, "the engine's own guardrails"
    slack.event(fs.mention(merits, channel="CREFUSE01"))
    slack.event(fs.mention(cooking, channel="CABSTAIN1"))
    posts = {c.params["channel"]: c.params for c in fake_slack.wait_for("chat.postMessage", 2)}
    refused = blocks_text(posts["CREFUSE01"]["blocks"])
    assert ":scales: Indépendance décisionnelle" in refused
    assert escape(advisor.ask(merits).text.splitlines()[0]) in refused
    abstained = blocks_text(posts["CABSTAIN1"]["blocks"])
    assert ":warning: Aucun texte du corpus ne répond à cette question." in abstained
    for text in (refused, abstained):
        assert "Demander à un conseiller" in text and "Désolé" not in text
