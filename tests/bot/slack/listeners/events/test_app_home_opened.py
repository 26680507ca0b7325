"""The Home tab: how to ask, the corpus with its versions, the user's recent questions."""

from __future__ import annotations

from bench import fake_slack as fs
from bot.slack.blocks.text import escape
from knowledge import Advisor
from tests.bot.conftest import SlackSender, blocks_text


def home_event(user: str) -> dict[str, object]:
    return {"type": "app_home_opened", "user": user, "channel": "DHOME0001", "tab": "home", "ts": fs.new_ts()}


def test_the_home_tab_lists_the_corpus_and_the_users_recent_questions(
    slack: SlackSender, fake_slack: fs.FakeSlack, advisor: Advisor
) -> None:
    slack.event(fs.message("Puis-je accepter un cadeau d'un lobbyiste ?", channel="DALICE001"))
    fake_slack.wait_for("chat.postMessage")
    slack.event(home_event("UALICE01"))
    [publish] = fake_slack.wait_for("views.publish")
    assert publish.params["user_id"] == "UALICE01"
    view = publish.params["view"]
    assert view["type"] == "home"
    text = blocks_text(view["blocks"])
    assert "Comment me poser une question" in text
    assert f"<@{fs.BOT_USER_ID}>" in text
    titles = {d.title for d in advisor.info.documents if d.lang == "fr"}
    assert titles and all(title in text for title in titles)
    dated = [d for d in advisor.info.documents if d.lang == "fr" and d.current_to]
    assert dated, "the small corpus has texts with a 'current to' date"
    for document in dated:  # each text with the date it is current to, as the index has it
        assert f"• {escape(document.title)} — à jour au {document.current_to}" in text
    assert "Puis-je accepter un cadeau d'un lobbyiste ?" in text


def test_the_home_tab_speaks_english_to_english_users(
    slack: SlackSender, fake_slack: fs.FakeSlack, advisor: Advisor
) -> None:
    fake_slack.locales["UBOB0001"] = "en-GB"
    slack.event(home_event("UBOB0001"))
    [publish] = fake_slack.wait_for("views.publish")
    text = blocks_text(publish.params["view"]["blocks"])
    assert "How to ask me" in text and "No questions yet." in text
    assert all(d.title in text for d in advisor.info.documents if d.lang == "en")
    dated = [d for d in advisor.info.documents if d.lang == "en" and d.current_to]
    assert dated and all(f"• {escape(d.title)} — current to {d.current_to}" in text for d in dated)
    assert "à jour au" not in text
