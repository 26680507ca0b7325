"""What deserves an answer: the rules of bot/requests.py on raw payloads, with the look-ups handed in."""

from __future__ import annotations

from typing import Any

from bench import fake_slack as fs
from bot.slack.requests import (
    Upload,
    clean_text,
    question_from_command,
    question_from_mention,
    question_from_message,
    upload_from_message,
)

BOT = fs.BOT_USER_ID


class Claims:
    """Claims like the database does: each event id once."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, event_id: str) -> bool:
        first = event_id not in self.seen
        self.seen.add(event_id)
        return first


def answered_threads(*threads: tuple[str, str, str]) -> Any:
    known = {(channel, ts): question for channel, ts, question in threads}
    return lambda channel, ts: known.get((channel, ts))


def test_a_mention_becomes_a_question_without_the_mention() -> None:
    body = fs.event_body(fs.mention("Puis-je  accepter\nun cadeau ?", channel="C1", ts="10.000001"))
    question = question_from_mention(body, bot_user_id=BOT, claim=Claims())
    assert question is not None
    assert question.text == "Puis-je accepter un cadeau ?"
    assert (question.slack.origin, question.slack.channel, question.slack.thread_ts) == (
        "mention",
        "C1",
        "10.000001",
    )
    assert question.context is None


def test_a_mention_inside_an_answered_thread_carries_the_threads_question() -> None:
    body = fs.event_body(fs.mention("et pour un souper ?", channel="C1", thread_ts="9.000001"))
    question = question_from_mention(
        body,
        bot_user_id=BOT,
        claim=Claims(),
        thread_question=answered_threads(("C1", "9.000001", "cadeau ?")),
    )
    assert question is not None and question.context == "cadeau ?" and question.slack.thread_ts == "9.000001"


def test_an_event_id_is_answered_once() -> None:
    claims = Claims()
    body = fs.event_body(fs.mention("cadeau ?"), event_id="Ev1")
    assert question_from_mention(body, bot_user_id=BOT, claim=claims) is not None
    assert question_from_mention(body, bot_user_id=BOT, claim=claims) is None


def test_ignored_messages_are_never_claimed() -> None:
    """Claiming writes a row: the many channel messages that are not for us must not."""
    claims = Claims()
    body = fs.event_body(fs.message("hello all", channel="C1", channel_type="channel"))
    assert question_from_message(body, bot_user_id=BOT, claim=claims) is None
    assert not claims.seen


def test_bots_edits_and_deletions_are_not_questions() -> None:
    cases = [
        fs.message("x", user=BOT),
        fs.message("x", bot_id="B1"),
        fs.message("x", subtype="bot_message"),
        fs.message("x", subtype="message_changed"),
        fs.message("x", subtype="message_deleted"),
        fs.message("x", subtype="channel_join"),
    ]
    for event in cases:
        assert question_from_message(fs.event_body(event), bot_user_id=BOT, claim=Claims()) is None, event
    edited_mention = {**fs.mention("x"), "edited": {"user": "U1", "ts": "1.0"}}
    assert question_from_mention(fs.event_body(edited_mention), bot_user_id=BOT, claim=Claims()) is None


def test_channel_thread_replies_are_follow_ups_only_where_the_bot_answered() -> None:
    threads = answered_threads(("C1", "5.000001", "cadeau ?"))
    reply = fs.message("et moins de 200 $ ?", channel="C1", channel_type="channel", thread_ts="5.000001")
    question = question_from_message(
        fs.event_body(reply), bot_user_id=BOT, claim=Claims(), thread_question=threads
    )
    assert question is not None
    assert (question.slack.origin, question.context, question.slack.thread_ts) == (
        "thread",
        "cadeau ?",
        "5.000001",
    )

    elsewhere = fs.message("et moins de 200 $ ?", channel="C1", channel_type="channel", thread_ts="6.000001")
    assert (
        question_from_message(
            fs.event_body(elsewhere), bot_user_id=BOT, claim=Claims(), thread_question=threads
        )
        is None
    )


def test_replies_to_other_people_or_to_the_bot_by_mention_are_not_follow_ups() -> None:
    """A mention of the bot also arrives as app_mention: answering the message too would answer twice."""
    threads = answered_threads(("C1", "5.000001", "cadeau ?"))
    for text in ("<@UCAROL01> tu en penses quoi ?", "<!channel> réunion", f"<@{BOT}> et moins de 200 $ ?"):
        reply = fs.message(text, channel="C1", channel_type="channel", thread_ts="5.000001")
        assert (
            question_from_message(
                fs.event_body(reply), bot_user_id=BOT, claim=Claims(), thread_question=threads
            )
            is None
        ), text


def test_direct_messages_are_questions_and_their_threads_follow_ups() -> None:
    top = fs.message(f"<@{BOT}> cadeau ?", channel="D1", ts="7.000001")
    question = question_from_message(fs.event_body(top), bot_user_id=BOT, claim=Claims())
    assert question is not None and question.text == "cadeau ?" and question.slack.origin == "dm"
    reply = fs.message("et un souper ?", channel="D1", thread_ts="7.000001")
    follow = question_from_message(
        fs.event_body(reply),
        bot_user_id=BOT,
        claim=Claims(),
        thread_question=answered_threads(("D1", "7.000001", "cadeau ?")),
    )
    assert follow is not None and follow.context == "cadeau ?"


def test_a_slash_command_without_text_asks_for_help() -> None:
    body = {"user_id": "U1", "channel_id": "C1", "text": "  ", "response_url": "http://x"}
    assert question_from_command(body) is None
    assert question_from_command({**body, "text": "aide"}) is None
    question = question_from_command({**body, "text": "cadeau ?"})
    assert question is not None and question.slack.response_url == "http://x" and question.slack.ts is None


def test_slack_markup_is_unwrapped() -> None:
    text = "voir <https://laws-lois.justice.gc.ca|le site> &amp; <mailto:a@b.ca> 5 &lt; 6"
    assert clean_text(text, BOT) == "voir le site & mailto:a@b.ca 5 < 6"


def test_a_file_shared_in_a_dm_is_an_upload_once_and_elsewhere_nothing() -> None:
    claims = Claims()
    files = [{"id": "F0000001"}, {"id": "F0000002"}]
    shared = fs.message("voici la directive", channel="D1", ts="12.000001", subtype="file_share", files=files)
    body = fs.event_body(shared, event_id="EvUP1")
    assert upload_from_message(body, bot_user_id=BOT, claim=claims) == Upload(
        user_id="UALICE01",
        file_ids=("F0000001", "F0000002"),
        channel="D1",
        thread_ts="12.000001",
        event_id="EvUP1",
    )
    assert upload_from_message(body, bot_user_id=BOT, claim=claims) is None  # Slack's retry
    in_channel = fs.message("", channel="C1", channel_type="channel", subtype="file_share", files=files)
    plain = fs.message("Puis-je accepter un cadeau ?", channel="D1")
    from_bot = fs.message("", channel="D1", subtype="file_share", files=files, bot_id=fs.BOT_ID)
    malformed = fs.message("", channel="D1", subtype="file_share", files=[{"name": "sans id"}])
    for event in (in_channel, plain, from_bot, malformed):
        assert upload_from_message(fs.event_body(event), bot_user_id=BOT, claim=claims) is None
