"""From Slack: an advisor who opens a case with `/ses dossier` cannot work it from its triage card."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bench import fake_slack as fs
from bot.runtime import Runtime
from bot.settings import Settings
from bot.slack.blocks import ids
from cases.models import Case
from cases.services import people
from tests.bot.conftest import SlackSender
from tests.bot.flows.cases.test_case_intake import TRIAGE, _card_ts


@pytest.fixture
def bot_settings(bot_settings: Settings) -> Settings:
    return bot_settings.model_copy(update={"triage_channel": TRIAGE})


@pytest.fixture
def own(slack: SlackSender, fake_slack: fs.FakeSlack, runtime: Runtime) -> dict[str, Any]:
    """Advisor UADV0001 (English) opens a case for herself; UADV0002 is her colleague."""
    with runtime.db.session() as session:
        for user in ("UADV0001", "UADV0002"):
            people.grant_role(session, user_id=user, role="advisor")
    fake_slack.locales["UADV0001"] = "en-US"
    slack.command("dossier Un cadeau pour moi", user="UADV0001")
    [opened] = fake_slack.wait_for("views.open")
    slack.submit_view(opened.params["view"], {ids.CASE_DETAILS: "Une bouteille de vin."}, user="UADV0001")
    [card] = fake_slack.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == TRIAGE)
    ref = _case(runtime).ref
    message = {"type": "message", "ts": _card_ts(runtime, ref), "blocks": card.params["blocks"]}
    slack.wait_handled()
    fake_slack.reset()
    fake_slack.locales["UADV0001"] = "en-US"
    return {"ref": ref, "message": message}


def _case(runtime: Runtime) -> Case:
    with runtime.db.session() as session:
        [case] = session.scalars(select(Case))
        return case


def _click(slack: SlackSender, own: dict[str, Any], action: str, user: str) -> None:
    slack.action(
        {"action_id": action, "value": own["ref"]}, user=user, channel=TRIAGE, message=own["message"]
    )


@pytest.mark.parametrize("action", [ids.CASE_CLAIM, ids.CASE_CLOSE, ids.CASE_REPLY, ids.CASE_ASSIGN])
def test_the_requester_is_told_why_privately_and_nothing_changes(
    slack: SlackSender, fake_slack: fs.FakeSlack, runtime: Runtime, own: dict[str, Any], action: str
) -> None:
    before = _case(runtime)
    _click(slack, own, action, "UADV0001")
    [refusal] = fake_slack.wait_for("response_url")
    assert refusal.params["text"].startswith(f"You requested case {own['ref']} yourself")
    slack.wait_handled()
    assert not fake_slack.calls_to("views.open") and not fake_slack.calls_to("chat.update")
    after = _case(runtime)
    assert (after.status, after.assignee_id, after.version) == (
        before.status,
        before.assignee_id,
        before.version,
    )


def test_a_colleague_is_not_offered_the_requester_and_cannot_force_her_in(
    slack: SlackSender, fake_slack: fs.FakeSlack, runtime: Runtime, own: dict[str, Any]
) -> None:
    _click(slack, own, ids.CASE_ASSIGN, "UADV0002")
    [opened] = fake_slack.wait_for("views.open")
    view = opened.params["view"]
    [choice] = [b for b in view["blocks"] if b.get("block_id") == ids.CASE_ASSIGNEE]
    assert {o["value"] for o in choice["element"]["options"]} == {"UADV0002"}

    # a modal that did list her (opened by an older version) is refused when submitted
    listed = {"text": {"type": "plain_text", "text": "UADV0001"}, "value": "UADV0001"}
    choice["element"]["options"].append(listed)
    forced = slack.submit_view(view, {ids.CASE_ASSIGNEE: "UADV0001"}, user="UADV0002")
    body = forced.json()
    assert body["response_action"] == "errors"
    assert body["errors"][ids.CASE_ASSIGNEE].startswith(f"Le dossier {own['ref']} ne peut pas")
    assert _case(runtime).assignee_id is None

    _click(slack, own, ids.CASE_CLAIM, "UADV0002")
    fake_slack.wait_for("chat.update")
    assert _case(runtime).assignee_id == "UADV0002"
