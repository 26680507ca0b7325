"""Message events: direct messages, follow-ups in threads the bot answered, and what stays unanswered."""

from __future__ import annotations

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from bench import fake_slack as fs
from bot.slack.blocks.text import escape
from cases.models import QuestionLog
from knowledge import Advisor
from tests.bot.conftest import SlackSender, blocks_text

GIFTS = "Puis-je accepter un cadeau d'un lobbyiste ?"
FOLLOW_UP = "et si le cadeau vaut moins de 200 $ ?"


def logged_questions(database_url: str) -> list[QuestionLog]:
    engine = create_engine(database_url)
    with Session(engine) as session:
        rows = list(session.scalars(select(QuestionLog).order_by(QuestionLog.id)))
    engine.dispose()
    return rows


def test_a_direct_message_is_answered_in_its_thread(
    slack: SlackSender, fake_slack: fs.FakeSlack, advisor: Advisor, database_url: str
) -> None:
    event = fs.message(GIFTS, channel="DALICE001")
    assert slack.event(event).status_code == 200
    [post] = fake_slack.wait_for("chat.postMessage")
    assert (post.params["channel"], post.params["thread_ts"]) == ("DALICE001", event["ts"])
    assert escape(advisor.ask(GIFTS).text.splitlines()[0]) in blocks_text(post.params["blocks"])
    fake_slack.wait_for("reactions.remove")
    [row] = logged_questions(database_url)
    assert (row.user_id, row.channel, row.thread_ts, row.question) == (
        "UALICE01",
        "DALICE001",
        event["ts"],
        GIFTS,
    )
    assert row.citations and row.citations[0]["url"].startswith("https://laws-lois.justice.gc.ca/")


def test_a_follow_up_in_an_answered_channel_thread_is_answered_with_context(
    slack: SlackSender, fake_slack: fs.FakeSlack, advisor: Advisor, database_url: str
) -> None:
    """No new mention: the thread's first question goes to retrieval as context."""
    first = fs.mention(GIFTS, channel="CGENERAL1")
    slack.event(first)
    fake_slack.wait_for("chat.postMessage")
    fake_slack.wait_for("reactions.remove")

    reply = fs.message(FOLLOW_UP, channel="CGENERAL1", channel_type="channel", thread_ts=first["ts"])
    slack.event(reply)
    posts = fake_slack.wait_for("chat.postMessage", 2)
    assert posts[1].params["thread_ts"] == first["ts"]
    expected = advisor.ask(FOLLOW_UP, context=GIFTS)
    assert escape(expected.text.splitlines()[0]) in blocks_text(posts[1].params["blocks"])
    rows = logged_questions(database_url)
    assert [r.question for r in rows] == [GIFTS, FOLLOW_UP]
    assert rows[1].thread_ts == first["ts"]


def test_a_follow_up_in_a_dm_thread_is_answered(slack: SlackSender, fake_slack: fs.FakeSlack) -> None:
    first = fs.message(GIFTS, channel="DALICE001")
    slack.event(first)
    fake_slack.wait_for("chat.postMessage")
    slack.event(fs.message(FOLLOW_UP, channel="DALICE001", thread_ts=first["ts"]))
    posts = fake_slack.wait_for("chat.postMessage", 2)
    assert posts[1].params["thread_ts"] == first["ts"]


def test_replies_addressed_to_someone_else_are_left_alone(
    slack: SlackSender, fake_slack: fs.FakeSlack
) -> None:
    first = fs.mention(GIFTS, channel="CGENERAL1")
    slack.event(first)
    fake_slack.wait_for("chat.postMessage")
    fake_slack.wait_for("reactions.remove")
    slack.event(
        fs.message(
            f"<@UCAROL01> {FOLLOW_UP}", channel="CGENERAL1", channel_type="channel", thread_ts=first["ts"]
        )
    )
    slack.event(
        fs.message(f"<!here> {FOLLOW_UP}", channel="CGENERAL1", channel_type="channel", thread_ts=first["ts"])
    )
    slack.wait_handled()
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_threads_the_bot_never_answered_and_plain_channel_messages_are_ignored(
    slack: SlackSender, fake_slack: fs.FakeSlack
) -> None:
    slack.event(fs.message(GIFTS, channel="CGENERAL1", channel_type="channel"))
    slack.event(
        fs.message(FOLLOW_UP, channel="CGENERAL1", channel_type="channel", thread_ts="1700000000.000100")
    )
    slack.wait_handled()
    assert not fake_slack.calls_to("chat.postMessage")
    assert not fake_slack.calls_to("reactions.add")


def test_the_bots_own_messages_and_other_bots_are_ignored(
    slack: SlackSender, fake_slack: fs.FakeSlack
) -> None:
    own = fs.message("Réponse du bot", user=fs.BOT_USER_ID, bot_id=fs.BOT_ID)
    other = fs.message(GIFTS, user="UOTHERBOT", subtype="bot_message", bot_id="BOTHER001")
    assert slack.event(own).status_code == 200
    assert slack.event(other).status_code == 200
    slack.wait_handled()
    assert not fake_slack.calls_to("chat.postMessage")


def test_edits_and_deletions_are_ignored(slack: SlackSender, fake_slack: fs.FakeSlack) -> None:
    edited = {
        "type": "message",
        "subtype": "message_changed",
        "channel": "DALICE001",
        "channel_type": "im",
        "hidden": True,
        "ts": fs.new_ts(),
        "message": {"type": "message", "user": "UALICE01", "text": GIFTS, "ts": fs.new_ts(), "edited": {}},
    }
    deleted = {
        "type": "message",
        "subtype": "message_deleted",
        "channel": "DALICE001",
        "channel_type": "im",
        "hidden": True,
        "ts": fs.new_ts(),
        "deleted_ts": fs.new_ts(),
    }
    assert slack.event(edited).status_code == 200
    assert slack.event(deleted).status_code == 200
    slack.wait_handled()
    assert not fake_slack.calls_to("chat.postMessage")
