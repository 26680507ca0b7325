"""Slack's own payload shapes (tests/data/slack, after the Slack SDKs' test fixtures: Enterprise
Grid and Slack Connect fields, broadcasts, edits, Slackbot, other bots, retries, App Home and
ephemeral clicks, modals, the rate-limit notice), signed and sent to the running server, with the
fake Web API (bench/fake_slack.py) recording what it does.

"Left unanswered" is never inferred from a quiet moment: the message and mention listeners log
each event they read to the end without answering (`bot.slack.requests.note_unanswered`), and the
tests wait for that line naming the event.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

import httpx
import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from bench import fake_slack as fs
from bot.i18n import t
from bot.slack.blocks import ids
from bot.slack.blocks.text import escape
from cases.models import Case, Feedback, QuestionLog
from knowledge import Advisor
from tests.bot.conftest import SlackSender, blocks_text

DATA = Path(__file__).resolve().parents[2] / "data" / "slack"
QUESTION = "Puis-je accepter un cadeau d'un lobbyiste ?"


def delivery(name: str, **values: Any) -> tuple[Any, dict[str, str]]:
    """The fixture's body with each "$NAME" string replaced by values[NAME], and its extra headers."""
    data = json.loads((DATA / name).read_text(encoding="utf-8"))

    def fill(node: Any) -> Any:
        if isinstance(node, str) and node.startswith("$"):
            if node[1:] not in values:
                raise KeyError(f"{name} needs a value for {node}")
            return values[node[1:]]
        if isinstance(node, dict):
            return {key: fill(value) for key, value in node.items()}
        if isinstance(node, list):
            return [fill(value) for value in node]
        return node

    return fill(data["body"]), data.get("headers", {})


def send(slack: SlackSender, name: str, **values: Any) -> httpx.Response:
    """Post the fixture as Slack would: JSON events, form-encoded commands, `payload=` interactivity."""
    body, headers = delivery(name, **values)
    kind = name.split("/", 1)[0]
    if kind == "events":
        return slack.post(json.dumps(body), "application/json", headers=headers)
    form = body if kind == "commands" else {"payload": json.dumps(body)}
    return slack.post(urlencode(form), "application/x-www-form-urlencoded", headers=headers)


class Unanswered(logging.Handler):
    """Event ids the listeners logged as read to the end and left unanswered."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.ids: list[str] = []
        self._cond = threading.Condition()

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == "event %s left unanswered (%s%s)":
            with self._cond:
                self.ids.append(str(record.args[0]) if isinstance(record.args, tuple) else "")
                self._cond.notify_all()

    def wait(self, event_id: str, count: int = 1, timeout: float = 15.0) -> None:
        with self._cond:
            if not self._cond.wait_for(lambda: self.ids.count(event_id) >= count, timeout):
                raise AssertionError(f"{event_id} not reported unanswered within {timeout}s: {self.ids}")


@pytest.fixture
def unanswered() -> Iterator[Unanswered]:
    logger = logging.getLogger("bot.slack.requests")
    handler, level = Unanswered(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


def rows(database_url: str, model: type[Any]) -> list[Any]:
    engine = create_engine(database_url)
    with Session(engine) as session:
        found = list(session.scalars(select(model)))
    engine.dispose()
    return found


def answer_button(blocks: list[dict[str, Any]], action_id: str) -> str:
    """The value of a button under an answer."""
    actions = next(b for b in blocks if b.get("block_id") == ids.ANSWER_ACTIONS_BLOCK)
    return str(next(e for e in actions["elements"] if e["action_id"] == action_id)["value"])


@pytest.mark.parametrize(
    ("fixture", "channel", "asker"),
    [
        ("events/app_mention.json", "CGENERAL1", "UALICE01"),
        ("events/app_mention_slack_connect.json", "CSHARED01", "UPARTNER1"),
        ("events/app_mention_grid_org.json", "CGRID0001", "WALICE001"),
    ],
)
def test_a_mention_is_answered_once_in_its_thread(
    slack: SlackSender,
    fake_slack: fs.FakeSlack,
    advisor: Advisor,
    database_url: str,
    fixture: str,
    channel: str,
    asker: str,
) -> None:
    ts = fs.new_ts()
    assert send(slack, fixture, TS=ts).status_code == 200
    [post] = fake_slack.wait_for("chat.postMessage")
    assert (post.params["channel"], post.params["thread_ts"]) == (channel, ts)
    assert escape(advisor.ask(QUESTION).text.splitlines()[0]) in blocks_text(post.params["blocks"])
    fake_slack.wait_for("reactions.remove")
    [logged] = rows(database_url, QuestionLog)
    assert (logged.user_id, logged.channel, logged.question) == (asker, channel, QUESTION)


def test_a_redelivered_mention_is_acked_and_not_answered_again(
    slack: SlackSender, fake_slack: fs.FakeSlack
) -> None:
    ts = fs.new_ts()
    send(slack, "events/app_mention.json", TS=ts)
    fake_slack.wait_for("chat.postMessage")
    fake_slack.wait_for("reactions.remove")
    retry = send(slack, "events/app_mention_retry.json", TS=ts)
    assert retry.status_code == 200
    slack.wait_handled()  # the inbox knows the event id: the retry is acked and never reaches a listener
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_an_edited_mention_is_not_answered_a_second_time(
    slack: SlackSender, fake_slack: fs.FakeSlack, unanswered: Unanswered
) -> None:
    ts = fs.new_ts()
    send(slack, "events/app_mention.json", TS=ts)
    fake_slack.wait_for("chat.postMessage")
    fake_slack.wait_for("reactions.remove")
    assert send(slack, "events/app_mention_edited.json", TS=ts, TS2=fs.new_ts()).status_code == 200
    unanswered.wait("Ev0MENTION2")
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_a_mention_also_sent_to_the_channel_is_answered_once_in_its_thread(
    slack: SlackSender, fake_slack: fs.FakeSlack, advisor: Advisor, unanswered: Unanswered
) -> None:
    """Slack sends the broadcast reply twice: as `app_mention` and as `message`, both with subtype
    `thread_broadcast`. The mention is answered, in the thread; its message twin is not."""
    thread_ts, ts = fs.new_ts(), fs.new_ts()
    assert send(slack, "events/message_thread_broadcast.json", TS=ts, THREAD_TS=thread_ts).status_code == 200
    assert (
        send(slack, "events/app_mention_thread_broadcast.json", TS=ts, THREAD_TS=thread_ts).status_code == 200
    )
    [post] = fake_slack.wait_for("chat.postMessage")
    assert (post.params["channel"], post.params["thread_ts"]) == ("CGENERAL1", thread_ts)
    assert escape(advisor.ask(QUESTION).text.splitlines()[0]) in blocks_text(post.params["blocks"])
    fake_slack.wait_for("reactions.remove")
    unanswered.wait("Ev0BROADC2")
    assert "Ev0BROADC1" not in unanswered.ids
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_slackbot_other_bots_and_edits_are_ignored_and_a_person_is_answered(
    slack: SlackSender, fake_slack: fs.FakeSlack, database_url: str, unanswered: Unanswered
) -> None:
    ignored = {
        "events/message_im_slackbot.json": "Ev0SLACKB1",
        "events/message_bot.json": "Ev0BOT0001",
        "events/message_bot_classic.json": "Ev0BOT0002",
        "events/message_changed.json": "Ev0EDIT001",
        "events/app_mention_bot.json": "Ev0BOTMENT",
    }
    for fixture in ignored:
        assert send(slack, fixture, TS=fs.new_ts(), TS2=fs.new_ts()).status_code == 200
    for event_id in ignored.values():
        unanswered.wait(event_id)
    assert not fake_slack.calls_to("chat.postMessage")
    assert not fake_slack.calls_to("reactions.add")
    assert rows(database_url, QuestionLog) == [], "nothing logged for the advisors"
    # The same DM answers a person: the events above were read and refused, not lost.
    ts = fs.new_ts()
    send(slack, "events/message_im.json", TS=ts)
    [post] = fake_slack.wait_for("chat.postMessage")
    assert (post.params["channel"], post.params["thread_ts"]) == ("DALICE001", ts)


def test_app_rate_limited_is_acknowledged_and_logged(
    slack: SlackSender, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.http.server"):
        response = send(slack, "events/app_rate_limited.json")
    assert response.status_code == 200
    [line] = [r.getMessage() for r in caplog.records if "app_rate_limited" in r.getMessage()]
    assert "T0000001" in line and "1518467820" in line


def test_the_app_home_tab_is_published_on_its_event(slack: SlackSender, fake_slack: fs.FakeSlack) -> None:
    assert send(slack, "events/app_home_opened.json", TS=fs.new_ts()).status_code == 200
    [publish] = fake_slack.wait_for("views.publish")
    assert publish.params["user_id"] == "UALICE01" and publish.params["view"]["type"] == "home"


def test_a_command_then_a_click_on_its_ephemeral_answer_which_has_no_message(
    slack: SlackSender, fake_slack: fs.FakeSlack, database_url: str
) -> None:
    assert send(slack, "commands/ses.json", RESPONSE_URL=fake_slack.response_url("cmd")).status_code == 200
    [answer] = fake_slack.wait_for("response_url")
    assert answer.params["response_type"] == "ephemeral"
    click = send(
        slack,
        "interactivity/block_actions_ephemeral.json",
        ACTION_ID=ids.FEEDBACK_HELPFUL,
        VALUE=answer_button(answer.params["blocks"], ids.FEEDBACK_HELPFUL),
        RESPONSE_URL=fake_slack.response_url("click"),
    )
    assert click.status_code == 200
    [thanks] = fake_slack.wait_for("response_url", where=lambda c: c.params["_url"] == "click")
    assert thanks.params["text"] == t("feedback.thanks_helpful", "fr-CA")
    [vote] = rows(database_url, Feedback)
    assert (vote.user_id, vote.question, vote.helpful) == ("UALICE01", QUESTION, True)


def test_a_click_on_a_dm_answer_replaces_its_buttons(
    slack: SlackSender, fake_slack: fs.FakeSlack, database_url: str
) -> None:
    ts = fs.new_ts()
    send(slack, "events/message_im.json", TS=ts)
    [post] = fake_slack.wait_for("chat.postMessage")
    posted_ts = fs.new_ts()
    click = send(
        slack,
        "interactivity/block_actions_message.json",
        ACTION_ID=ids.FEEDBACK_UNHELPFUL,
        VALUE=answer_button(post.params["blocks"], ids.FEEDBACK_UNHELPFUL),
        MESSAGE_TS=posted_ts,
        THREAD_TS=ts,
        MESSAGE_TEXT=post.params["text"],
        MESSAGE_BLOCKS=post.params["blocks"],
        RESPONSE_URL=fake_slack.response_url("click"),
    )
    assert click.status_code == 200
    [update] = fake_slack.wait_for("chat.update")
    assert (update.params["channel"], update.params["ts"]) == ("DALICE001", posted_ts)
    remaining = [b for b in update.params["blocks"] if b.get("block_id") == ids.ANSWER_ACTIONS_BLOCK]
    votes = {e["action_id"] for b in remaining for e in b["elements"]}
    assert not votes & {ids.FEEDBACK_HELPFUL, ids.FEEDBACK_UNHELPFUL}
    [vote] = rows(database_url, Feedback)
    assert (vote.user_id, vote.helpful) == ("UALICE01", False)


def test_ask_an_advisor_from_app_home_opens_the_modal_and_its_submission_opens_a_case(
    slack: SlackSender, fake_slack: fs.FakeSlack, database_url: str
) -> None:
    """The Home button's payload has a `view` container and no response_url, channel or message."""
    click = send(
        slack,
        "interactivity/block_actions_home.json",
        ACTION_ID=ids.ASK_ADVISOR,
        VALUE="{}",
        TRIGGER="home.trigger.1",
    )
    assert click.status_code == 200
    [opened] = fake_slack.wait_for("views.open")
    assert opened.params["trigger_id"] == "home.trigger.1"
    view = opened.params["view"]
    assert view["callback_id"] == ids.CASE_INTAKE
    values = {ids.CASE_SUBJECT: "Cadeau d'un fournisseur", ids.CASE_DETAILS: QUESTION}
    state = json.loads(parse_qs(fs.view_submission_form(view, values))["payload"][0])["view"]["state"]
    submitted = send(
        slack,
        "interactivity/view_submission.json",
        BLOCKS=view["blocks"],
        PRIVATE_METADATA=view.get("private_metadata", ""),
        CALLBACK_ID=view["callback_id"],
        STATE=state["values"],
        TITLE=view["title"],
        CLOSE=view.get("close"),
        SUBMIT=view.get("submit"),
    )
    assert submitted.status_code == 200
    fake_slack.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == "DALICE01")
    [case] = rows(database_url, Case)
    assert (case.requester_id, case.subject) == ("UALICE01", "Cadeau d'un fournisseur")


def test_every_fixture_names_its_source() -> None:
    fixtures = sorted(DATA.rglob("*.json"))
    assert len(fixtures) >= 20
    for path in fixtures:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["source"] and data["body"], path
