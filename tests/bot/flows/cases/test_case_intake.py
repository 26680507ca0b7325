"""From an answer to a case: "Ask an advisor" / `/ses dossier` -> modal -> case, DM, triage card, Claim."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import select

from bench import fake_slack as fs
from bot.i18n import t
from bot.runtime import Runtime
from bot.settings import Settings
from bot.slack.blocks import ids
from cases.i18n import t as cases_t
from cases.models import Case
from cases.services import people, threads
from knowledge import Advisor
from tests.bot.conftest import SlackSender, blocks_text
from tests.bot.slack.listeners.actions.test_feedback import QUESTION, answered, button

TRIAGE = "CTRIAGE01"


@pytest.fixture
def bot_settings(bot_settings: Settings) -> Settings:
    return bot_settings.model_copy(update={"triage_channel": TRIAGE})


def assert_told_privately(call: fs.Call, response_url: str, text: str) -> None:
    """Sent to the clicker's own response_url only, as an ephemeral message saying `text`."""
    assert call.params["_url"] == response_url
    assert (call.params["response_type"], call.params["replace_original"]) == ("ephemeral", False)
    assert call.params["text"] == text


def _cases(runtime: Runtime) -> list[Case]:
    with runtime.db.session() as session:
        return list(session.scalars(select(Case)))


def _card_ts(runtime: Runtime, ref: str) -> str:
    """The card's ts, once the bot has linked it to the case."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with runtime.db.session() as session:
            links = threads.threads_of(session, ref=ref, kind="triage_card")
            if links:
                return str(links[0].ts)
        time.sleep(0.05)
    raise AssertionError("the triage card was never linked to its case")


def _card_buttons(blocks: list[dict[str, Any]]) -> list[str]:
    actions = [b for b in blocks if b.get("block_id") == ids.CASE_CARD_ACTIONS_BLOCK]
    return [e["action_id"] for a in actions for e in a["elements"]]


def test_ask_an_advisor_opens_a_case_confirms_by_dm_and_posts_a_card_that_claim_updates(
    slack: SlackSender, fake_slack: fs.FakeSlack, runtime: Runtime, advisor: Advisor
) -> None:
    with runtime.db.session() as session:
        people.grant_role(session, user_id="UADV0001", role="advisor")
    message = answered(slack, fake_slack, "CGENERAL1")
    slack.action(button(message, ids.ASK_ADVISOR), user="UALICE01", message=message)
    [opened] = fake_slack.wait_for("views.open")
    view = opened.params["view"]
    assert view["callback_id"] == ids.CASE_INTAKE
    text = blocks_text(view["blocks"]) + str(view["blocks"])
    assert QUESTION in text  # subject and details pre-filled with the question and the answer
    assert "Réponse du bot" in text

    response = slack.submit_view(
        view, {ids.CASE_CATEGORY: "gifts_hospitality", ids.CASE_PRIORITY: "high"}, user="UALICE01"
    )
    assert response.status_code == 200 and not response.content.strip(b"{} ")
    [case] = _cases(runtime)
    assert case.requester_id == "UALICE01" and case.category == "gifts_hospitality"
    assert case.priority == "high" and case.subject == QUESTION
    assert case.question_log_id is not None
    # The case carries what the requester was shown: the question, the answer and its citations.
    shown = advisor.ask(QUESTION)
    assert (case.source_question, case.source_answer) == (QUESTION, shown.text)
    assert case.source_citations == shown.to_dict()["citations"] and case.source_citations
    assert case.body == f"{QUESTION}\n\n{t('case.bot_answer', 'fr')}\n{shown.text}"

    dm = fake_slack.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == "DALICE01")
    assert case.ref in dm[0].params["text"]
    slack.wait_handled()
    with runtime.db.session() as session:  # the requester's answers there join the case
        dm_links = threads.threads_of(session, ref=case.ref, kind="requester_dm")
        assert [p.channel for p in dm_links] == ["DALICE01"]
    [card] = fake_slack.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == TRIAGE)
    assert case.ref in blocks_text(card.params["blocks"])
    assert _card_buttons(card.params["blocks"]) == [
        ids.CASE_CLAIM,
        ids.CASE_ASSIGN,
        ids.CASE_REPLY,
        ids.CASE_CLOSE,
    ]

    card_message = {"type": "message", "ts": _card_ts(runtime, case.ref), "blocks": card.params["blocks"]}
    slack.action(
        {"action_id": ids.CASE_CLAIM, "value": case.ref},
        user="UADV0001",
        channel=TRIAGE,
        message=card_message,
    )
    [update] = fake_slack.wait_for("chat.update")
    assert update.params["channel"] == TRIAGE
    assert "<@UADV0001>" in blocks_text(update.params["blocks"])
    assert _card_buttons(update.params["blocks"]) == [ids.CASE_ASSIGN, ids.CASE_REPLY, ids.CASE_CLOSE]
    [claimed] = _cases(runtime)
    assert claimed.assignee_id == "UADV0001"

    slack.action(
        {"action_id": ids.CASE_CLOSE, "value": case.ref},
        user="UADV0001",
        channel=TRIAGE,
        message=card_message,
    )
    updates = fake_slack.wait_for("chat.update", count=2)
    assert _card_buttons(updates[1].params["blocks"]) == []
    assert _cases(runtime)[0].status == "closed"


def test_a_non_advisor_cannot_claim_and_is_told_privately(
    slack: SlackSender, fake_slack: fs.FakeSlack, runtime: Runtime
) -> None:
    slack.command("dossier Un cadeau", user="UBOB0001")
    [opened] = fake_slack.wait_for("views.open")
    slack.submit_view(opened.params["view"], {ids.CASE_DETAILS: "Une bouteille de vin."}, user="UBOB0001")
    fake_slack.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == TRIAGE)
    [case] = _cases(runtime)
    slack.action(
        {"action_id": ids.CASE_CLAIM, "value": case.ref},
        user="UCAROL01",
        channel=TRIAGE,
        response_url=fake_slack.response_url("carol-claim"),
    )
    [refusal] = fake_slack.wait_for("response_url")
    # the same words as for a reference that does not exist: a non-advisor learns nothing of the case
    assert_told_privately(refusal, "carol-claim", cases_t("error.not_found.case", "fr"))
    slack.wait_handled()
    assert not fake_slack.calls_to("chat.update")
    assert _cases(runtime)[0].assignee_id is None


def test_ses_case_opens_the_modal_and_an_empty_subject_is_refused_in_the_modal(
    slack: SlackSender, fake_slack: fs.FakeSlack, runtime: Runtime
) -> None:
    slack.command("case", user="UBOB0001")
    [opened] = fake_slack.wait_for("views.open")
    response = slack.submit_view(opened.params["view"], {ids.CASE_DETAILS: "Details."}, user="UBOB0001")
    assert response.status_code == 200
    assert response.json()["response_action"] == "errors"
    assert not _cases(runtime)


def test_without_a_triage_channel_there_is_no_card(
    serve: Any, bot_settings: Settings, fake_slack: fs.FakeSlack, runtime: Runtime
) -> None:
    settings = bot_settings.model_copy(update={"triage_channel": None})
    rt = Runtime(settings, advisor=runtime.advisor.wait())
    try:
        sender = serve(settings, rt)
        sender.command("dossier Un cadeau", user="UBOB0001")
        [opened] = fake_slack.wait_for("views.open")
        sender.submit_view(opened.params["view"], {ids.CASE_DETAILS: "Une bouteille."}, user="UBOB0001")
        fake_slack.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == "DBOB0001")
        sender.wait_handled()
        assert [c.params["channel"] for c in fake_slack.calls_to("chat.postMessage")] == ["DBOB0001"]
    finally:
        rt.close()
