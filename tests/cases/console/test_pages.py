"""The console through HTTP: sign-in, headers, CSRF, the queue, a case's forms, dashboard, export."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from cases import audit
from cases.config import ConsoleConfig
from cases.db import session_scope
from cases.services import lifecycle, queries
from cases.services.feedback import record_feedback
from cases.services.lifecycle import Act
from cases.services.questions import log_question
from tests.cases import factories
from tests.cases.console.conftest import FakeClock, SignIn, link_for, token_of

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def cast(factory: sessionmaker[Session], clock: FakeClock) -> dict[str, str]:
    with session_scope(factory) as session:
        rita = factories.person(session, "URITA01", name="Rita Requester")
        alice = factories.advisor(session, "UALICE1", name="Alice Advisor")
        bob = factories.advisor(session, "UBOB001", name="Bob Advisor")
        case = factories.case(
            session, requester=rita, subject=f"Gala {SCRIPT}", body=f"Corps {SCRIPT}", now=clock()
        )
        return {"rita": rita.user_id, "alice": alice.user_id, "bob": bob.user_id, "ref": case.ref}


# --- sign-in ----------------------------------------------------------------------------------


def test_pages_need_a_session(client: TestClient, cast: dict[str, str]) -> None:
    for path in ("/console/", f"/console/cases/{cast['ref']}", "/console/dashboard"):
        response = client.get(path, follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (303, "/console/login")


def test_the_link_shows_a_confirmation_and_does_not_sign_in_by_itself(
    client: TestClient,
    factory: sessionmaker[Session],
    console_config: ConsoleConfig,
    clock: FakeClock,
    cast: dict[str, str],
) -> None:
    """Link previews (Slack's unfurler) fetch URLs with GET: that must not spend the token."""
    link = link_for(factory, console_config, cast["alice"], clock)
    page = client.get(link.replace("http://127.0.0.1:8000", ""))
    assert page.status_code == 200 and 'name="token"' in page.text
    assert "set-cookie" not in page.headers
    response = client.post("/console/login", data={"token": token_of(link)}, follow_redirects=False)
    assert response.status_code == 303


def test_the_session_cookie_is_httponly_and_strict(
    client: TestClient,
    factory: sessionmaker[Session],
    console_config: ConsoleConfig,
    clock: FakeClock,
    cast: dict[str, str],
) -> None:
    token = token_of(link_for(factory, console_config, cast["alice"], clock))
    response = client.post("/console/login", data={"token": token}, follow_redirects=False)
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert "secure" not in cookie  # plain-HTTP localhost: a Secure cookie would never come back


def test_outside_localhost_the_cookie_is_secure(
    factory: sessionmaker[Session], clock: FakeClock, cast: dict[str, str]
) -> None:
    from fastapi import FastAPI

    from cases.console import build_console
    from tests.cases.console.conftest import SECRET

    config = ConsoleConfig(public_url="https://ses.example.org", secret=SECRET)
    app = FastAPI()
    for router in build_console(factory, config, clock=clock):
        app.include_router(router)
    with TestClient(app, base_url="https://ses.example.org") as client:
        token = token_of(link_for(factory, config, cast["alice"], clock))
        response = client.post("/console/login", data={"token": token}, follow_redirects=False)
    assert "secure" in response.headers["set-cookie"].lower()


@pytest.mark.parametrize("reason", ["replayed", "expired", "forged"])
def test_bad_links_are_refused_with_a_clear_message(
    client: TestClient,
    factory: sessionmaker[Session],
    console_config: ConsoleConfig,
    clock: FakeClock,
    cast: dict[str, str],
    reason: str,
) -> None:
    token = token_of(link_for(factory, console_config, cast["alice"], clock))
    if reason == "replayed":
        client.post("/console/login", data={"token": token})
        client.cookies.clear()
        expected = "déjà servi"
    elif reason == "expired":
        clock.advance(minutes=11)
        expected = "expiré"
    else:
        token = token[:-3] + "abc"
        expected = "pas valide"
    response = client.post("/console/login", data={"token": token}, follow_redirects=False)
    assert response.status_code == 400
    assert expected in response.text
    assert "set-cookie" not in response.headers


def test_logout_ends_the_session(sign_in: SignIn, cast: dict[str, str]) -> None:
    browser = sign_in(cast["alice"])
    response = browser.post("/console/logout")
    assert response.status_code == 303
    assert browser.client.get("/console/", follow_redirects=False).status_code == 303


# --- headers, CSRF, escaping ------------------------------------------------------------------


def test_case_pages_are_never_cached_nor_framed(sign_in: SignIn, cast: dict[str, str]) -> None:
    browser = sign_in(cast["alice"])
    response = browser.client.get(f"/console/cases/{cast['ref']}")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-frame-options"] == "DENY"
    assert "script-src" not in response.headers["content-security-policy"]  # default-src 'none' covers it


def test_a_form_without_the_csrf_token_is_refused(
    sign_in: SignIn, cast: dict[str, str], factory: sessionmaker[Session]
) -> None:
    browser = sign_in(cast["alice"])
    for token in ("", "wrong-token"):
        response = browser.client.post(
            f"/console/cases/{cast['ref']}/claim", data={"csrf_token": token}, follow_redirects=False
        )
        assert response.status_code == 403
        assert "jeton de sécurité" in response.text
    with session_scope(factory) as session:
        assert queries.find_case(session, ref=cast["ref"]).assignee_id is None


def test_every_post_form_carries_the_csrf_token(sign_in: SignIn, cast: dict[str, str]) -> None:
    import re

    browser = sign_in(cast["alice"])
    for path in ("/console/", f"/console/cases/{cast['ref']}", "/console/dashboard"):
        html = browser.client.get(path).text
        forms = re.findall(r'<form method="post".*?</form>', html, flags=re.S)
        assert forms
        for form in forms:
            assert f'name="csrf_token" value="{browser.csrf}"' in form, form[:80]


def test_markup_in_a_case_is_shown_escaped(sign_in: SignIn, cast: dict[str, str]) -> None:
    browser = sign_in(cast["alice"])
    for path in ("/console/", f"/console/cases/{cast['ref']}"):
        html = browser.client.get(path).text
        assert SCRIPT not in html
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html


# --- working a case ---------------------------------------------------------------------------


def test_an_advisor_claims_replies_and_closes(
    sign_in: SignIn, cast: dict[str, str], factory: sessionmaker[Session]
) -> None:
    browser = sign_in(cast["alice"])
    ref = cast["ref"]
    assert browser.post(f"/console/cases/{ref}/claim", {"version": 1}).status_code == 303
    response = browser.post(
        f"/console/cases/{ref}/messages",
        {"visibility": "reply", "body": "Vous pouvez accepter.", "then_status": "answered"},
    )
    # No Slack behind this console: the reply is kept, and the page says it has NOT reached the requester.
    assert (response.status_code, response.headers["location"]) == (
        303,
        f"/console/cases/{ref}?done=replied_no_slack",
    )
    page = browser.client.get(response.headers["location"])
    assert "Réponse enregistrée, mais PAS envoyée au demandeur" in page.text
    assert "Vous pouvez accepter." in page.text
    assert "En attente de Slack : pas encore remise au demandeur" in page.text
    with session_scope(factory) as session:
        version = queries.find_case(session, ref=ref).version
    closed = browser.post(f"/console/cases/{ref}/close", {"reason": "Réponse donnée.", "version": version})
    assert (closed.status_code, closed.headers["location"]) == (303, f"/console/cases/{ref}?done=closed")
    with session_scope(factory) as session:
        case = queries.find_case(session, ref=ref)
        assert (case.status, case.assignee_id) == ("closed", cast["alice"])
        timeline = queries.get_case(session, ref=ref, viewer_id=cast["alice"]).timeline
        assert (timeline[-1].to_status, timeline[-1].body) == ("closed", "Réponse donnée.")
        assert audit.verify(session).ok
    assert "Réponse donnée." in browser.client.get(f"/console/cases/{ref}").text


def test_closing_asks_for_a_reason_after_a_warning(
    sign_in: SignIn, cast: dict[str, str], factory: sessionmaker[Session]
) -> None:
    browser = sign_in(cast["alice"])
    ref = cast["ref"]
    case_page = browser.client.get(f"/console/cases/{ref}").text
    assert 'value="closed"' not in case_page  # no one-click close: a link to the confirmation page
    assert f'href="/console/cases/{ref}/close"' in case_page
    confirm = browser.client.get(f"/console/cases/{ref}/close").text
    assert "Personne n&#39;a pris ce dossier en charge." in confirm
    assert "Le demandeur n&#39;a reçu aucune réponse" in confirm
    for path, form in (("close", {"reason": "   "}), ("status", {"status": "closed"})):
        posted = browser.post(f"/console/cases/{ref}/{path}", {**form, "version": 1})
        assert posted.status_code == 303
        shown = browser.client.get(posted.headers["location"]).text
        assert "Le champ « Motif » est obligatoire." in shown
    with session_scope(factory) as session:
        assert queries.find_case(session, ref=ref).status == "new"


def test_assign_to_preselects_nobody(
    sign_in: SignIn, cast: dict[str, str], factory: sessionmaker[Session]
) -> None:
    import re

    browser = sign_in(cast["alice"])
    page = browser.client.get(f"/console/cases/{cast['ref']}").text
    select = re.search(r'<select id="assignee".*?</select>', page, flags=re.S)
    assert select
    assert re.findall(r"<option value=\"([^\"]*)\" selected", select.group(0)) == [""]
    assert "Choisir un conseiller" in select.group(0)
    response = browser.post(f"/console/cases/{cast['ref']}/assign", {"assignee_id": "", "version": 1})
    assert "« Conseiller » est obligatoire" in browser.client.get(response.headers["location"]).text
    with session_scope(factory) as session:
        assert queries.find_case(session, ref=cast["ref"]).assignee_id is None


def test_messages_are_internal_notes_unless_marked_as_replies(
    sign_in: SignIn, cast: dict[str, str], factory: sessionmaker[Session]
) -> None:
    browser = sign_in(cast["alice"])
    browser.post(f"/console/cases/{cast['ref']}/messages", {"body": "Vérifier le registre."})
    with session_scope(factory) as session:
        requester_view = queries.get_case(session, ref=cast["ref"], viewer_id=cast["rita"])
        assert "Vérifier le registre." not in [e.body for e in requester_view.timeline]
    requester = sign_in(cast["rita"])
    assert "Vérifier le registre." not in requester.client.get(f"/console/cases/{cast['ref']}").text


def test_a_claim_already_taken_names_the_holder(
    sign_in: SignIn, cast: dict[str, str], factory: sessionmaker[Session]
) -> None:
    with session_scope(factory) as session:
        lifecycle.claim_case(session, Act(ref=cast["ref"], actor_id=cast["bob"]))
    browser = sign_in(cast["alice"])
    response = browser.post(f"/console/cases/{cast['ref']}/claim", {"version": 1})
    assert (response.status_code, response.headers["location"]) == (303, f"/console/cases/{cast['ref']}")
    assert "déjà pris en charge par Bob Advisor" in browser.client.get(response.headers["location"]).text


def test_a_stale_form_gets_a_conflict_after_a_redirect_and_keeps_the_typed_text(
    sign_in: SignIn, cast: dict[str, str], factory: sessionmaker[Session]
) -> None:
    browser = sign_in(cast["alice"])
    with session_scope(factory) as session:
        lifecycle.claim_case(session, Act(ref=cast["ref"], actor_id=cast["bob"]))
    response = browser.post(
        f"/console/cases/{cast['ref']}/messages",
        {"visibility": "reply", "body": "Mon long texte", "version": 1},
    )
    # Post/Redirect/Get: reloading the page shown next never posts the reply again.
    assert (response.status_code, response.headers["location"]) == (303, f"/console/cases/{cast['ref']}")
    page = browser.client.get(response.headers["location"]).text
    assert "modifié entre-temps" in page
    assert (
        "Mon long texte</textarea>" in page
        and 'id="vis-reply" name="visibility" value="reply" checked' in page
    )
    reloaded = browser.client.get(response.headers["location"]).text
    assert "modifié entre-temps" not in reloaded and "Mon long texte" not in reloaded  # shown once
    with session_scope(factory) as session:
        bodies = [
            e.body for e in queries.get_case(session, ref=cast["ref"], viewer_id=cast["alice"]).timeline
        ]
        assert "Mon long texte" not in bodies


def test_an_oversized_reply_is_refused_naming_the_limit(sign_in: SignIn, cast: dict[str, str]) -> None:
    browser = sign_in(cast["alice"])
    response = browser.post(f"/console/cases/{cast['ref']}/messages", {"body": "x" * 10_001})
    assert response.status_code == 303
    assert "dépasse 10000 caractères" in browser.client.get(response.headers["location"]).text


def test_a_requester_sees_no_advisor_forms_and_an_outsider_no_case(
    sign_in: SignIn, cast: dict[str, str], factory: sessionmaker[Session]
) -> None:
    with session_scope(factory) as session:
        factories.person(session, "UOUT001")
    requester = sign_in(cast["rita"])
    page = requester.client.get(f"/console/cases/{cast['ref']}").text
    assert "/claim" not in page and "Écrire au conseiller" in page
    assert ">Envoyer</button>" in page and "Enregistrer" not in page  # their button sends
    refused = requester.post(f"/console/cases/{cast['ref']}/claim")
    assert refused.status_code == 303
    assert (
        "Vous n&#39;avez pas le droit de faire cela."
        in requester.client.get(refused.headers["location"]).text
    )
    outsider = sign_in("UOUT001")
    assert outsider.client.get(f"/console/cases/{cast['ref']}").status_code == 404


def test_the_queue_filters(
    sign_in: SignIn, cast: dict[str, str], factory: sessionmaker[Session], clock: FakeClock
) -> None:
    with session_scope(factory) as session:
        rita = factories.person(session, "URITA01")
        other = factories.case(
            session, requester=rita, subject="Lobbying question", category="lobbying", now=clock()
        )
        late = factories.case(session, requester=rita, subject="Old one", now=clock.now - timedelta(days=30))
    browser = sign_in(cast["alice"])
    html = browser.client.get("/console/?category=lobbying").text
    assert other.ref in html and cast["ref"] not in html
    html = browser.client.get("/console/?overdue=1").text
    assert late.ref in html and cast["ref"] not in html and "en retard" in html
    assert "Valeur inconnue" in browser.client.get("/console/?category=bribery").text


def test_the_queue_searches_sorts_and_shows_requesters_and_local_due_dates(
    sign_in: SignIn, cast: dict[str, str], factory: sessionmaker[Session], clock: FakeClock
) -> None:
    with session_scope(factory) as session:
        zoe = factories.person(session, "UZOE001", name="Zoé Zimmer")
        urgent = factories.case(
            session, requester=zoe, subject="Urgent board", priority="urgent", now=clock()
        )
        urgent_ref = urgent.ref
    browser = sign_in(cast["alice"])
    page = browser.client.get("/console/").text
    assert "Rita Requester" in page and "Zoé Zimmer" in page  # the requester column
    # opened Tuesday 14 April 09:00 in Toronto: "other" is due in 10 business days, the urgent one in 1
    assert "28 avr. 2026, 09 h 00" in page and "dans 14 jours" in page
    assert "demain à 09 h 00" in page and "échéance proche" in page
    assert "heures de America/Toronto" in page
    found = browser.client.get("/console/", params={"q": "zimmer"}).text
    assert urgent_ref in found and cast["ref"] not in found
    by_requester = browser.client.get("/console/", params={"sort": "requester"}).text
    assert by_requester.index("Rita Requester") < by_requester.index("Zoé Zimmer")
    assert 'aria-sort="ascending"' in by_requester
    flipped = browser.client.get("/console/", params={"sort": "requester", "dir": "desc"}).text
    assert flipped.index("Zoé Zimmer") < flipped.index("Rita Requester")
    assert 'aria-sort="descending"' in flipped
    assert "sort=requester&amp;dir=desc" in by_requester  # the header links to the other order
    clock.advance(days=2)  # Thursday 16 April: the urgent case is a day late
    late = sign_in(cast["alice"]).client.get("/console/").text
    assert "1 jour de retard" in late and "en retard</strong>" in late
    assert browser.client.get("/console/", params={"sort": "body"}).status_code == 422


def test_a_requester_gets_no_dead_links(sign_in: SignIn, cast: dict[str, str]) -> None:
    requester = sign_in(cast["rita"])
    page = requester.client.get("/console/").text
    assert "/console/dashboard" not in page and "Tableau de bord" not in page
    assert 'name="assignee"' not in page and 'name="overdue"' not in page  # advisors' filters
    assert "export.csv" not in page
    assert cast["ref"] in page and "Rechercher" in page
    advisor = sign_in(cast["alice"]).client.get("/console/").text
    assert "/console/dashboard" in advisor and 'name="assignee"' in advisor


def test_language_can_be_switched(sign_in: SignIn, cast: dict[str, str]) -> None:
    browser = sign_in(cast["alice"])
    assert 'lang="fr"' in browser.client.get("/console/").text
    response = browser.post("/console/lang", {"lang": "en", "next": f"/console/cases/{cast['ref']}"})
    assert response.headers["location"] == f"/console/cases/{cast['ref']}"
    page = browser.client.get(response.headers["location"]).text
    assert 'lang="en"' in page and "Timeline" in page


def test_language_switch_does_not_redirect_off_site(sign_in: SignIn, cast: dict[str, str]) -> None:
    browser = sign_in(cast["alice"])
    response = browser.post("/console/lang", {"lang": "en", "next": "https://evil.example/"})
    assert response.headers["location"] == "/console/"


# --- dashboard and export ---------------------------------------------------------------------


def _svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(svg) for svg in re.findall(r"<svg .*?</svg>", html, re.S)]


def _weekly_rows(html: str) -> dict[str, tuple[int, int, int]]:
    """The weekly table: Monday (ISO) -> (cases opened, helpful, not helpful)."""
    rows = re.findall(
        r'<tr><th scope="row"><time datetime="([0-9-]+)">[^<]*</time></th>'
        r"<td>([0-9]+)</td><td>([0-9]+)</td><td>([0-9]+)</td></tr>",
        html,
    )
    return {week: (int(a), int(b), int(c)) for week, a, b, c in rows}


def test_the_dashboard_shows_feedback_rates_and_unanswered_questions(
    sign_in: SignIn, cast: dict[str, str], factory: sessionmaker[Session], clock: FakeClock
) -> None:
    this_week = clock.now - timedelta(days=clock.now.weekday())
    votes = [  # (helpful, when): three 👍 and one 👎 this week, one 👍 two weeks ago, one 👎 too old to chart
        (True, clock.now),
        (True, clock.now - timedelta(hours=2)),
        (True, this_week),
        (False, clock.now),
        (True, clock.now - timedelta(weeks=2)),
        (False, clock.now - timedelta(weeks=9)),
    ]
    with session_scope(factory) as session:
        for helpful, when in votes:
            vote = record_feedback(
                session, user_id="URITA01", question="q", answer="a", citations=[], helpful=helpful, lang="fr"
            )
            vote.created_at = when
        log_question(
            session,
            user_id="URITA01",
            channel="D1",
            thread_ts="1.0",
            question="Règles du yacht club?",
            lang="fr",
            answer="",
            citations=[],
            abstained=True,
            refused=False,
        )
    browser = sign_in(cast["alice"])
    html = browser.client.get("/console/dashboard").text
    assert "66 %" in html and "4 utiles, 2 pas utiles" in html
    assert "> Utile <" in html and "> Pas utile</p>" in html  # a legend in words: no emoji font needed
    assert "👍" not in html and "👎" not in html
    assert "Règles du yacht club?" in html

    weekly = _weekly_rows(html)
    assert len(weekly) == 8
    monday = this_week.date()
    assert weekly[monday.isoformat()] == (1, 3, 1)  # the cast's case, and this week's votes
    assert weekly[(monday - timedelta(weeks=2)).isoformat()] == (0, 1, 0)
    assert sum(b for _, b, _ in weekly.values()) == 4 and sum(c for _, _, c in weekly.values()) == 1

    category, status, opened, feedback = _svgs(html)
    bars = category.findall("{http://www.w3.org/2000/svg}text")[1::2]
    assert sum(int(bar.text or "") for bar in bars) == 1  # the one open case, in its category
    assert [int(t.text or "") for t in status.findall("{http://www.w3.org/2000/svg}text")[1::2]][0] == 1
    heights = [float(r.get("height", "")) for r in feedback.findall("{http://www.w3.org/2000/svg}rect")]
    expected = [n for week in sorted(weekly) for n in weekly[week][1:]]  # 👍 then 👎, week by week
    assert [h / max(heights) for h in heights] == pytest.approx(
        [n / max(expected) for n in expected], abs=0.005
    )
    columns = [float(r.get("height", "")) for r in opened.findall("{http://www.w3.org/2000/svg}rect")]
    assert [h > 0 for h in columns] == [weekly[week][0] > 0 for week in sorted(weekly)]


def test_requesters_do_not_get_the_dashboard(sign_in: SignIn, cast: dict[str, str]) -> None:
    assert sign_in(cast["rita"]).client.get("/console/dashboard").status_code == 403


def test_csv_export_is_audited_and_neutralises_formulas(
    sign_in: SignIn, cast: dict[str, str], factory: sessionmaker[Session], clock: FakeClock
) -> None:
    with session_scope(factory) as session:
        rita = factories.person(session, "URITA01")
        factories.case(session, requester=rita, subject='=HYPERLINK("http://evil")', now=clock())
    browser = sign_in(cast["alice"])
    response = browser.post("/console/export.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.text.startswith("\ufeff")  # Excel reads UTF-8 accents only with the BOM
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff")), delimiter=";"))
    assert {r["Référence"] for r in rows} == {cast["ref"], "SES-2026-0002"}
    assert '\'=HYPERLINK("http://evil")' in {r["Objet"] for r in rows}
    with session_scope(factory) as session:
        last = audit.entries(session, limit=1)[0]
        assert (last.action, last.actor_id, last.details["rows"]) == ("cases.exported", cast["alice"], 2)


def test_the_export_is_the_filtered_queue_in_the_readers_language(
    sign_in: SignIn, cast: dict[str, str], factory: sessionmaker[Session], clock: FakeClock
) -> None:
    """ "Conseiller = Moi" shows one case: the export has that one, not every case (nor a closed one)."""
    with session_scope(factory) as session:
        rita = factories.person(session, "URITA01", name="Rita Requester")
        mine = factories.case(
            session, requester=rita, subject="Mine", category="post_employment", now=clock()
        )
        lifecycle.claim_case(session, Act(ref=mine.ref, actor_id=cast["alice"], now=clock()))
        done = factories.case(session, requester=rita, subject="Done", now=clock())
        lifecycle.claim_case(session, Act(ref=done.ref, actor_id=cast["alice"], now=clock()))
        lifecycle.close_case(session, Act(ref=done.ref, actor_id=cast["alice"], now=clock()))
        mine_ref, done_ref = mine.ref, done.ref
    browser = sign_in(cast["alice"])
    queue = browser.client.get("/console/?assignee=me").text
    assert mine_ref in queue and cast["ref"] not in queue and done_ref not in queue
    assert 'name="assignee" value="me"' in queue  # the export form repeats the queue's parameters
    french = browser.post("/console/export.csv", {"assignee": "me"})
    assert 'filename="dossiers-' in french.headers["content-disposition"]
    [row] = list(csv.DictReader(io.StringIO(french.text.lstrip("\ufeff")), delimiter=";"))
    assert row["Référence"] == mine_ref
    assert (row["Catégorie"], row["Demandeur"], row["Conseiller"]) == (
        "Après-mandat",
        "Rita Requester",
        "Alice Advisor",
    )
    assert (row["Statut"], row["En retard"], row["Confidentiel"]) == ("Attribué", "Non", "Non")
    # 13:00 UTC on 14 April is 09:00 in Toronto (EDT)
    assert row["Ouvert le (America/Toronto)"] == "2026-04-14 09:00"
    browser.post("/console/lang", {"lang": "en", "next": "/console/"})
    english = browser.post("/console/export.csv", {"assignee": "me"})
    [row] = list(csv.DictReader(io.StringIO(english.text.lstrip("\ufeff")), delimiter=","))
    assert (row["Reference"], row["Category"], row["Status"]) == (mine_ref, "Post-employment", "Assigned")
    assert 'filename="cases-' in english.headers["content-disposition"]


def test_export_needs_the_csrf_token(sign_in: SignIn, cast: dict[str, str]) -> None:
    browser = sign_in(cast["alice"])
    response = browser.client.post("/console/export.csv", data={}, follow_redirects=False)
    assert response.status_code == 403


def test_a_reply_slack_never_took_shows_failed_and_can_be_sent_again(
    sign_in: SignIn, cast: dict[str, str], factory: sessionmaker[Session], clock: FakeClock
) -> None:
    from cases.services import deliveries

    browser = sign_in(cast["alice"])
    browser.post(
        f"/console/cases/{cast['ref']}/messages", {"visibility": "reply", "body": "Oui.", "version": 1}
    )
    with session_scope(factory) as session:
        [event_id] = deliveries.due(session, now=clock())
        for _ in range(deliveries.MAX_ATTEMPTS):  # what the bot records when Slack keeps refusing
            deliveries.claim(session, event_id=event_id, now=clock())
            deliveries.record(session, event_id=event_id, sent=False, error="fatal_error", now=clock())
    page = browser.client.get(f"/console/cases/{cast['ref']}").text
    assert "Échec : Slack n&#39;a jamais pris cette réponse (8 essais)." in page
    retried = browser.post(f"/console/cases/{cast['ref']}/deliveries/{event_id}/retry")
    assert retried.headers["location"].endswith("?done=retrying")
    assert "la réponse partira dans la minute" in browser.client.get(retried.headers["location"]).text
    with session_scope(factory) as session:
        assert deliveries.due(session, now=clock()) == [event_id]
    requester = sign_in(cast["rita"])
    assert "Échec" not in requester.client.get(f"/console/cases/{cast['ref']}").text  # advisors' business
