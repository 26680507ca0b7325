"""Posting within Slack's limits: 50 blocks a message, 429 + Retry-After, about 1 message/s per channel."""

from __future__ import annotations

import time

from slack_sdk.models.blocks import MarkdownTextObject, SectionBlock

from bench import fake_slack as fs
from bot.settings import Settings
from bot.slack import replies
from bot.slack.app import web_client
from tests.bot.conftest import SlackSender


def test_more_than_fifty_blocks_go_out_as_several_messages_in_the_thread(
    bot_settings: Settings, fake_slack: fs.FakeSlack
) -> None:
    blocks = [SectionBlock(text=MarkdownTextObject(text=f"part {i}")) for i in range(120)]
    first = replies.post_in_thread(
        web_client(bot_settings),
        replies.ChannelPacer(0),
        channel="C1",
        thread_ts="1.000001",
        blocks=blocks,
        text="x",
    )
    posts = fake_slack.calls_to("chat.postMessage")
    assert [len(p.params["blocks"]) for p in posts] == [50, 50, 20]
    assert all(p.params["thread_ts"] == "1.000001" for p in posts)
    assert first is not None
    assert [b["text"]["text"] for p in posts for b in p.params["blocks"]] == [f"part {i}" for i in range(120)]


def test_a_rate_limited_answer_is_posted_after_retry_after(
    slack: SlackSender, fake_slack: fs.FakeSlack
) -> None:
    fake_slack.rate_limit_once("chat.postMessage", retry_after=0)
    event = fs.mention("Puis-je accepter un cadeau d'un lobbyiste ?")
    slack.event(event)
    posts = fake_slack.wait_for("chat.postMessage", 2)
    assert posts[0].params == posts[1].params, "the same message, sent again"
    slack.wait_handled()
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


def test_rate_limited_reactions_and_lookups_are_retried_too(
    slack: SlackSender, fake_slack: fs.FakeSlack
) -> None:
    fake_slack.rate_limit_once("reactions.add", retry_after=0)
    fake_slack.rate_limit_once("users.info", retry_after=0)
    slack.event(fs.mention("Puis-je accepter un cadeau d'un lobbyiste ?"))
    fake_slack.wait_for("chat.postMessage")
    assert len(fake_slack.calls_to("reactions.add")) == 2
    assert len(fake_slack.calls_to("users.info")) == 2


def test_messages_to_one_channel_are_spaced_but_other_channels_do_not_wait(
    bot_settings: Settings, fake_slack: fs.FakeSlack
) -> None:
    client, pacer = web_client(bot_settings), replies.ChannelPacer(0.3)
    started = time.monotonic()
    for channel in ("CBUSY0001", "CBUSY0001", "CBUSY0001", "COTHER001"):
        replies.post_in_thread(client, pacer, channel=channel, thread_ts=None, blocks=[], text="hello")
    calls = fake_slack.calls_to("chat.postMessage")
    busy = [c.at for c in calls if c.params["channel"] == "CBUSY0001"]
    assert all(b - a >= 0.28 for a, b in zip(busy, busy[1:], strict=False))
    other = next(c.at for c in calls if c.params["channel"] == "COTHER001")
    assert other - started < 1.0


def test_a_slack_error_is_logged_by_code_not_raised(
    bot_settings: Settings, fake_slack: fs.FakeSlack, caplog: object
) -> None:
    fake_slack.fail_once("chat.postMessage", 200, {}, {"ok": False, "error": "channel_not_found"})
    ts = replies.post_in_thread(
        web_client(bot_settings),
        replies.ChannelPacer(0),
        channel="CGONE0001",
        thread_ts=None,
        blocks=[],
        text="hello",
    )
    assert ts is None
    assert "Slack chat.postMessage failed: channel_not_found" in caplog.text  # type: ignore[attr-defined]
