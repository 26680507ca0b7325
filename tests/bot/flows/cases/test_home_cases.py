"""The App Home lists a requester's open cases and, for an advisor, their queue."""

from __future__ import annotations

from bench import fake_slack as fs
from bot.runtime import Runtime
from cases.services import intake, lifecycle, people
from cases.services.intake import NewCase
from cases.services.lifecycle import Act
from tests.bot.conftest import SlackSender, blocks_text


def _home_text(slack: SlackSender, fake_slack: fs.FakeSlack, user: str) -> str:
    slack.event({"type": "app_home_opened", "user": user, "tab": "home", "channel": "D" + user[1:]})
    [published] = fake_slack.wait_for("views.publish", where=lambda c: c.params["user_id"] == user)
    return blocks_text(published.params["view"]["blocks"])


def test_a_requester_sees_their_cases_and_an_advisor_their_queue(
    slack: SlackSender, fake_slack: fs.FakeSlack, runtime: Runtime
) -> None:
    with runtime.db.session() as session:
        people.ensure_person(session, user_id="UBOB0001", display_name="Bob")
        people.grant_role(session, user_id="UADV0001", role="advisor")
        mine = intake.open_case(
            session, NewCase(requester_id="UBOB0001", subject="Un siège au conseil", body="?")
        ).ref
        claimed = intake.open_case(
            session, NewCase(requester_id="UBOB0001", subject="Une invitation", body="?")
        ).ref
        lifecycle.claim_case(session, Act(ref=claimed, actor_id="UADV0001"))

    requester = _home_text(slack, fake_slack, "UBOB0001")
    assert mine in requester and "Un siège au conseil" in requester and claimed in requester
    assert "File des conseillers" not in requester

    advisor = _home_text(slack, fake_slack, "UADV0001")
    assert "File des conseillers" in advisor and mine in advisor and claimed in advisor
    assert "Aucun dossier ouvert." in advisor


def test_someone_with_no_case_sees_none(slack: SlackSender, fake_slack: fs.FakeSlack) -> None:
    assert "Aucun dossier ouvert." in _home_text(slack, fake_slack, "UCAROL01")
