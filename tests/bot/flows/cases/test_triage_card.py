"""The triage card's Assign and Reply buttons, and cards kept in step with changes made in the console."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bench import fake_slack as fs
from bot.runtime import Runtime
from bot.settings import Settings
from bot.slack.blocks import ids
from cases.i18n import t as cases_t
from cases.models import Case, CaseEvent
from cases.services import lifecycle, people
from cases.services.lifecycle import Act
from tests.bot.conftest import SlackSender, blocks_text
from tests.bot.flows.cases.test_case_intake import TRIAGE, _card_buttons, _card_ts, assert_told_privately
from tests.bot.flows.cases.test_console_reply import _signed_in


@pytest.fixture
def bot_settings(bot_settings: Settings) -> Settings:
    return bot_settings.model_copy(update={"triage_channel": TRIAGE})


@pytest.fixture
def carded(slack: SlackSender, fake_slack: fs.FakeSlack, runtime: Runtime) -> dict[str, Any]:
    """Bob's case opened with `/ses dossier`, its card posted; advisors UADV0001 (fr) and UADV0002."""
    with runtime.db.session() as session:
        people.ensure_person(session, user_id="UADV0002", display_name="Dana")
        for user in ("UADV0001", "UADV0002"):
            people.grant_role(session, user_id=user, role="advisor")
    slack.command("dossier Un cadeau d'un fournisseur", user="UBOB0001")
    [opened] = fake_slack.wait_for("views.open")
    slack.submit_view(opened.params["view"], {ids.CASE_DETAILS: "Une bouteille de vin."}, user="UBOB0001")
    [card] = fake_slack.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == TRIAGE)
    slack.wait_handled()
    ref = _case(runtime).ref
    fake_slack.reset()
    return {
        "ref": ref,
        "message": {"type": "message", "ts": _card_ts(runtime, ref), "blocks": card.params["blocks"]},
    }


def _case(runtime: Runtime) -> Case:
    with runtime.db.session() as session:
        [case] = session.scalars(select(Case))
        return case


def _click(
    slack: SlackSender, fake_slack: fs.FakeSlack, carded: dict[str, Any], action: str, user: str
) -> dict[str, Any]:
    """Click a card button that opens a modal; the modal as views.open received it."""
    slack.action(
        {"action_id": action, "value": carded["ref"]}, user=user, channel=TRIAGE, message=carded["message"]
    )
    [opened] = fake_slack.wait_for("views.open")
    return dict(opened.params["view"])


def test_assign_opens_a_modal_of_advisors_and_the_card_shows_the_new_assignee(
    slack: SlackSender, fake_slack: fs.FakeSlack, runtime: Runtime, carded: dict[str, Any]
) -> None:
    view = _click(slack, fake_slack, carded, ids.CASE_ASSIGN, "UADV0001")
    assert view["callback_id"] == ids.CASE_ASSIGN_MODAL and carded["ref"] in str(view["blocks"])
    [select_block] = [b for b in view["blocks"] if b.get("block_id") == ids.CASE_ASSIGNEE]
    choices = {o["value"] for o in select_block["element"]["options"]}
    assert choices == {"UADV0001", "UADV0002"}  # advisors only: not the requester

    response = slack.submit_view(view, {ids.CASE_ASSIGNEE: "UADV0002"}, user="UADV0001")
    assert response.status_code == 200 and not response.content.strip(b"{} ")
    case = _case(runtime)
    assert case.assignee_id == "UADV0002" and case.status == "assigned"
    [update] = fake_slack.wait_for("chat.update")
    assert update.params["channel"] == TRIAGE and update.params["ts"] == carded["message"]["ts"]
    assert "<@UADV0002>" in blocks_text(update.params["blocks"])
    assert _card_buttons(update.params["blocks"]) == [ids.CASE_ASSIGN, ids.CASE_REPLY, ids.CASE_CLOSE]


def test_an_assign_modal_left_open_while_the_case_moved_gets_a_conflict_not_an_overwrite(
    slack: SlackSender, fake_slack: fs.FakeSlack, runtime: Runtime, carded: dict[str, Any]
) -> None:
    view = _click(slack, fake_slack, carded, ids.CASE_ASSIGN, "UADV0001")
    with runtime.db.session() as session:
        lifecycle.claim_case(session, Act(ref=carded["ref"], actor_id="UADV0002"))

    response = slack.submit_view(view, {ids.CASE_ASSIGNEE: "UADV0001"}, user="UADV0001")
    assert response.status_code == 200
    body = response.json()
    assert body["response_action"] == "errors" and body["errors"][ids.CASE_ASSIGNEE]
    assert _case(runtime).assignee_id == "UADV0002"


def test_reply_reaches_the_requester_by_dm_marks_the_case_answered_and_redraws_the_card(
    slack: SlackSender, fake_slack: fs.FakeSlack, runtime: Runtime, carded: dict[str, Any]
) -> None:
    view = _click(slack, fake_slack, carded, ids.CASE_REPLY, "UADV0001")
    assert view["callback_id"] == ids.CASE_REPLY_MODAL

    response = slack.submit_view(
        view, {ids.CASE_REPLY_TEXT: "Vous pouvez l'accepter si vous le déclarez."}, user="UADV0001"
    )
    assert response.status_code == 200 and not response.content.strip(b"{} ")
    [dm] = fake_slack.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == "DBOB0001")
    assert carded["ref"] in dm.params["text"] and "si vous le déclarez" in dm.params["text"]
    case = _case(runtime)
    assert case.status == "answered" and case.assignee_id == "UADV0001"  # replying takes the case
    with runtime.db.session() as session:
        kinds = [e.kind for e in session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id))]
    assert "reply" in kinds
    [update] = fake_slack.wait_for("chat.update")
    assert "<@UADV0001>" in blocks_text(update.params["blocks"])


def test_an_empty_reply_stays_in_the_modal_with_the_reason_under_the_text(
    slack: SlackSender, fake_slack: fs.FakeSlack, runtime: Runtime, carded: dict[str, Any]
) -> None:
    fake_slack.locales["UADV0001"] = "en-US"
    view = _click(slack, fake_slack, carded, ids.CASE_REPLY, "UADV0001")
    assert "Reply to the requester" in blocks_text(view["blocks"])  # the clicker's language
    response = slack.submit_view(view, {ids.CASE_REPLY_TEXT: "   "}, user="UADV0001")
    errors = response.json()["errors"]
    assert list(errors) == [ids.CASE_REPLY_TEXT] and errors[ids.CASE_REPLY_TEXT]
    slack.wait_handled()
    assert not fake_slack.calls_to("chat.postMessage") and _case(runtime).status == "new"


@pytest.mark.parametrize("action", [ids.CASE_ASSIGN, ids.CASE_REPLY])
def test_someone_who_is_not_an_advisor_gets_no_modal_and_is_told_privately(
    slack: SlackSender, fake_slack: fs.FakeSlack, carded: dict[str, Any], action: str
) -> None:
    fake_slack.locales["UCAROL01"] = "en-US"  # told in the clicker's language
    slack.action(
        {"action_id": action, "value": carded["ref"]},
        user="UCAROL01",
        channel=TRIAGE,
        response_url=fake_slack.response_url("carol-click"),
    )
    [refusal] = fake_slack.wait_for("response_url")
    assert_told_privately(refusal, "carol-click", cases_t("error.not_found.case", "en"))
    slack.wait_handled()
    assert not fake_slack.calls_to("views.open")


def test_changes_made_in_the_console_redraw_the_card_and_a_console_case_gets_one(
    slack: SlackSender,
    fake_slack: fs.FakeSlack,
    bot_settings: Settings,
    runtime: Runtime,
    carded: dict[str, Any],
) -> None:
    ref = carded["ref"]
    headers = _signed_in(slack, bot_settings, runtime, "UADV0001")
    api = f"{slack.url}/api/v1/cases"

    claimed = slack.http.post(f"{api}/{ref}/claim", json={}, headers=headers)
    assert claimed.status_code == 200, claimed.text
    [update] = fake_slack.wait_for("chat.update")
    assert update.params["ts"] == carded["message"]["ts"] and "<@UADV0001>" in blocks_text(
        update.params["blocks"]
    )

    closed = slack.http.post(f"{api}/{ref}/status", json={"status": "closed"}, headers=headers)
    assert closed.status_code == 200, closed.text
    updates = fake_slack.wait_for("chat.update", count=2)
    assert _card_buttons(updates[1].params["blocks"]) == []

    opened = slack.http.post(
        api, json={"subject": "Un poste au conseil", "body": "Puis-je ?"}, headers=headers
    )
    assert opened.status_code == 201, opened.text
    new_ref = opened.json()["ref"]
    [card] = fake_slack.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == TRIAGE)
    assert new_ref in blocks_text(card.params["blocks"])
