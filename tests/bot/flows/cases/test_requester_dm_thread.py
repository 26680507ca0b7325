"""The requester's answers in the DM thread of their case come back into the case's timeline."""

from __future__ import annotations

from bench import fake_slack as fs
from bot.runtime import Runtime
from bot.settings import Settings
from cases.services import intake, lifecycle, people, queries, threads
from cases.services.intake import NewCase
from cases.services.lifecycle import Act
from tests.bot.conftest import SlackSender
from tests.bot.flows.cases.test_console_reply import console_reply


def _replied(
    slack: SlackSender, fake_slack: fs.FakeSlack, bot_settings: Settings, runtime: Runtime
) -> tuple[str, str]:
    """An advisor's console reply, out by DM to the requester: the case and the DM's ts."""
    ref = console_reply(slack, bot_settings, runtime, "Which board is it?")
    fake_slack.wait_for("chat.postMessage")
    slack.wait_handled()
    with runtime.db.session() as session:
        links = threads.threads_of(session, ref=ref, kind="requester_dm")
        assert [p.channel for p in links] == ["DREQ0001"]
    fake_slack.reset()
    return ref, str(links[0].ts)


def test_an_answer_in_the_reply_dm_thread_joins_the_case(
    slack: SlackSender, fake_slack: fs.FakeSlack, bot_settings: Settings, runtime: Runtime
) -> None:
    ref, dm_ts = _replied(slack, fake_slack, bot_settings, runtime)

    answer = fs.message("The city's water board.", user="UREQ0001", channel="DREQ0001", thread_ts=dm_ts)
    assert slack.event(answer).status_code == 200
    ack = fake_slack.wait_for("chat.postMessage")[0]
    assert ack.params["channel"] == "DREQ0001" and ack.params["thread_ts"] == dm_ts
    assert ref in ack.params["text"] and "Thank you" in ack.params["text"]
    slack.wait_handled()
    assert len(fake_slack.calls_to("chat.postMessage")) == 1  # not answered as a new question

    with runtime.db.session() as session:
        view = queries.get_case(session, ref=ref, viewer_id="UADV0001")
        bodies = [e.body for e in view.timeline if e.kind == "requester_message"]
    assert bodies == ["The city's water board."]


def test_someone_elses_reply_in_that_thread_is_not_added(
    slack: SlackSender, fake_slack: fs.FakeSlack, runtime: Runtime
) -> None:
    with runtime.db.session() as session:
        people.ensure_person(session, user_id="UREQ0001", display_name="Rita", locale="fr")
        ref = intake.open_case(
            session, NewCase(requester_id="UREQ0001", subject="Cadeau", body="Une bouteille ?")
        ).ref
        threads.link_thread(session, ref=ref, kind="requester_dm", channel="DREQ0001", ts="1700000000.000001")
    other = fs.message("bonjour", user="UOTHER01", channel="DREQ0001", thread_ts="1700000000.000001")
    assert slack.event(other).status_code == 200
    slack.wait_handled()
    with runtime.db.session() as session:
        view = queries.get_case(session, ref=ref, viewer_id="UREQ0001")
        assert not [e for e in view.timeline if e.kind == "requester_message"]


def test_an_answer_in_the_thread_of_a_closed_case_is_told_how_to_go_on(
    slack: SlackSender, fake_slack: fs.FakeSlack, bot_settings: Settings, runtime: Runtime
) -> None:
    """Once the event is claimed for the case nothing else answers it: silence would be a lost message."""
    ref, dm_ts = _replied(slack, fake_slack, bot_settings, runtime)
    with runtime.db.session() as session:
        lifecycle.close_case(session, Act(ref=ref, actor_id="UADV0001"))

    late = fs.message("Thanks, one more thing.", user="UREQ0001", channel="DREQ0001", thread_ts=dm_ts)
    assert slack.event(late).status_code == 200
    [told] = fake_slack.wait_for("chat.postMessage")
    assert (
        told.params["thread_ts"] == dm_ts
        and ref in told.params["text"]
        and "is closed" in told.params["text"]
    )
    with runtime.db.session() as session:
        view = queries.get_case(session, ref=ref, viewer_id="UADV0001")
        assert not [e for e in view.timeline if e.kind == "requester_message"]
