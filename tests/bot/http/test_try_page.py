"""The bilingual try-it page at `/`, driven in headless Chromium at 1280 px (desktop) and 390 px (a
phone) as a newcomer would use it: the answer first (each quote once, the disclaimer once, the texts
as links named by their pinpoint), a waiting state that replaces the previous answer and keeps the
keyboard focus, the language remembered, one 2,000-character limit, 👍/👎 stored as Slack's are,
"Ask an advisor" (a case when signed in to the console), and no serious or critical axe violation
in either language. With TRY_SCREENSHOTS=<folder> the page is saved there as PNG (the README's).
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from bot.http.answer_actions import WEB_VISITOR
from bot.runtime import Runtime
from bot.runtime.console import console_config
from bot.settings import Settings
from cases.console import auth
from cases.models import Case, Feedback
from cases.services import people, queries
from knowledge import Advisor
from tests.bot.chromium import WIDTHS, Chromium, axe_violations, open_browser, settle
from tests.bot.live_server import LiveServer

pytestmark = pytest.mark.browser

SCREENSHOTS = os.environ.get("TRY_SCREENSHOTS")
GIFT_FR = "Puis-je accepter deux billets pour un match offerts par un fournisseur ?"
GIFT_EN = "May I accept a gift from a lobbyist?"
DEADLINE_FR = "Dans quel délai dois-je déclarer publiquement un cadeau de 200 $ ou plus ?"
RESULT_STATE = "document.getElementById('result').dataset.state"


@pytest.fixture(params=sorted(WIDTHS))
def width(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def page(live: LiveServer, width: str) -> Iterator[Chromium]:
    browser = open_browser(f"{live.url}/", width)
    settle(browser, "!!document.getElementById('question')")
    yield browser
    browser.close()


def type_question(page: Chromium, question: str) -> None:
    page.evaluate("document.getElementById('question').value = ''")
    page.evaluate("document.getElementById('question').focus()")
    page.send("Input.insertText", text=question)


def press_enter_on_ask(page: Chromium) -> None:
    page.evaluate("document.getElementById('ask').focus()")
    for kind in ("keyDown", "keyUp"):
        page.send(
            "Input.dispatchKeyEvent",
            type=kind,
            key="Enter",
            code="Enter",
            windowsVirtualKeyCode=13,
            text="\r",
        )


def ask(page: Chromium, question: str) -> str:
    type_question(page, question)
    press_enter_on_ask(page)
    return str(page.wait_for(f"['answered', 'error'].includes({RESULT_STATE}) && {RESULT_STATE}"))


def shown(page: Chromium) -> str:
    return str(page.evaluate("document.getElementById('answer').innerText"))


def signed_in(runtime: Runtime, settings: Settings, user_id: str) -> str:
    """The cookie of a console session of `user_id`, as the sign-in link would set it."""
    with runtime.db.session() as session:
        person = people.ensure_person(session, user_id=user_id, display_name="Alice", locale="fr")
        return auth.start_session(session, person=person, config=console_config(settings)).cookie_value


def plain(text: str) -> str:
    """Numbers as French formats them (a no-break space between thousands) read with plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def switch_to(page: Chromium, lang: str) -> None:
    if page.evaluate("document.documentElement.lang") != lang:
        page.evaluate("document.getElementById('lang').click()")
    assert page.evaluate("document.documentElement.lang") == lang


def check_page(page: Chromium, name: str, width: str) -> None:
    """No serious or critical axe violation; on a phone, nothing wider than the screen."""
    assert axe_violations(page) == [], name
    if width == "phone":
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, name
    if SCREENSHOTS:
        folder = Path(SCREENSHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        page.evaluate("document.activeElement && document.activeElement.blur()")
        size = page.send("Page.getLayoutMetrics")["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 2400), "scale": 1}
        shot = page.send("Page.captureScreenshot", format="png", captureBeyondViewport=True, clip=clip)
        (folder / f"{name}-{WIDTHS[width][0]}.png").write_bytes(base64.b64decode(shot["data"]))


def test_the_answer_comes_first_each_quote_and_the_disclaimer_once(
    page: Chromium, advisor: Advisor, width: str
) -> None:
    switch_to(page, "fr")
    assert ask(page, DEADLINE_FR) == "answered"
    expected = advisor.ask(DEADLINE_FR).to_dict()
    text = shown(page)
    quotes = [p["quote"] for p in expected.get("parts") or expected["citations"]]
    counts = [text.count(q) for q in quotes]
    assert max(counts) == 1 and all(c <= 1 for c in counts), counts
    assert page.evaluate("document.body.innerText").count("version officielle") == 1
    links = page.evaluate(
        "Array.from(document.querySelectorAll('#answer a')).map(a => [a.textContent, a.href])"
    )
    assert len({label for label, _ in links}) == len(links)  # each text once, named by its pinpoint
    assert {href for _, href in links} == {c["url"] for c in expected["citations"]}
    assert "Lire le texte" not in text
    numbers = page.evaluate(
        "Array.from(document.querySelectorAll('#answer strong.num')).map(n => n.textContent)"
    )
    assert {"200 $", "trente jours"} <= {plain(n) for n in numbers}  # the numbers that matter stand out
    check_page(page, "try", width)
    switch_to(page, "en")
    check_page(page, "try-en", width)


def test_a_new_question_replaces_the_answer_with_a_waiting_state_and_keeps_the_focus(page: Chromium) -> None:
    assert ask(page, GIFT_FR) == "answered"
    previous = shown(page)
    page.evaluate(
        """window.seen = [];
        new MutationObserver(() => window.seen.push({
            busy: document.getElementById('result').getAttribute('aria-busy'),
            text: document.getElementById('answer').innerText,
            focus: document.activeElement && document.activeElement.id,
        })).observe(document.getElementById('result'),
                    {attributes: true, childList: true, subtree: true, characterData: true});"""
    )
    type_question(page, GIFT_EN)
    press_enter_on_ask(page)
    page.wait_for(f"{RESULT_STATE} === 'answered' && window.seen.length > 0")
    seen: list[dict[str, Any]] = page.evaluate("window.seen")
    waiting = [s for s in seen if s["busy"] == "true"]
    assert waiting and all(previous not in s["text"] for s in waiting)
    assert "Recherche dans les textes en cours" in waiting[-1]["text"]
    assert {s["focus"] for s in waiting} == {"ask"}  # kept while waiting, never dropped to the body
    assert page.evaluate("document.activeElement.id") == "answer"  # then the answer, read next
    assert page.evaluate("document.getElementById('result').getAttribute('aria-busy')") == "false"
    assert page.evaluate("document.getElementById('status').textContent") == "Réponse prête."
    assert page.evaluate("document.getElementById('ask').textContent") == "Demander"


def test_the_language_is_remembered_and_each_answer_marked_with_its_own(page: Chromium) -> None:
    switch_to(page, "fr")
    assert page.evaluate("document.getElementById('lang').textContent") == "English"
    assert page.evaluate("document.getElementById('lang').getAttribute('aria-label')") is None
    switch_to(page, "en")
    page.send("Page.reload")
    settle(page, "!!document.getElementById('question') && document.documentElement.lang === 'en'")
    assert page.evaluate("document.getElementById('ask').textContent") == "Ask"
    assert page.evaluate("document.getElementById('lang').textContent") == "Français"
    assert page.evaluate("document.getElementById('lang').lang") == "fr"
    assert ask(page, GIFT_FR) == "answered"
    assert (
        page.evaluate("document.getElementById('answer').lang") == "fr"
    )  # a French answer on the English page
    labels = page.evaluate(
        "Array.from(document.querySelectorAll('#answer .parts .kind')).map(e => e.textContent)"
    )
    assert labels and labels[0] == "Règle"  # its parts labelled in its language
    switch_to(page, "fr")
    assert ask(page, "Should I rule for the applicant in my hearing?") == "answered"
    assert page.evaluate("document.getElementById('answer').lang") == "en"
    refusal = shown(page)
    assert refusal.count("decisional independence") == 1  # a refusal's message once, no French note
    assert "Secrétariat ne se prononce" not in page.evaluate("document.body.innerText")


def test_one_2000_character_limit_with_a_counter_in_the_box(page: Chromium, live: LiveServer) -> None:
    switch_to(page, "fr")
    assert page.evaluate("document.getElementById('question').maxLength") == 2000
    assert page.evaluate("document.querySelector('.box #count') !== null")
    assert page.evaluate("document.getElementById('question').getAttribute('aria-describedby')") == "count"
    type_question(page, "a" * 1990)
    assert plain(page.evaluate("document.getElementById('count').textContent")) == "1 990 / 2 000 caractères"
    page.send("Input.insertText", text="b" * 50)
    assert page.evaluate("document.getElementById('question').value.length") == 2000
    assert page.evaluate("document.getElementById('count').classList.contains('full')")
    assert plain(page.evaluate("document.getElementById('count-live').textContent")) == (
        "Limite de 2 000 caractères atteinte."
    )
    too_long = httpx.post(f"{live.url}/api/v1/ask", json={"question": "a" * 2001, "locale": "fr"})
    assert too_long.status_code == 422 and too_long.json()["error"] == "too_long"
    assert "2" in too_long.json()["message"]
    schema = httpx.get(f"{live.url}/openapi.json").json()["components"]["schemas"]
    assert schema["AskRequest"]["properties"]["question"]["maxLength"] == 2000
    assert schema["FeedbackRequest"]["properties"]["question"]["maxLength"] == 2000


def test_a_vote_is_stored_like_slacks_and_confirmed(
    page: Chromium, runtime: Runtime, advisor: Advisor, width: str
) -> None:
    switch_to(page, "en")
    assert ask(page, GIFT_EN) == "answered"
    page.evaluate("document.getElementById('up').click()")
    message = page.wait_for("document.getElementById('action-msg').textContent")
    assert message == "Thank you! Your feedback goes to the advisors."
    assert page.evaluate("document.getElementById('up').getAttribute('aria-pressed')") == "true"
    with runtime.db.session() as session:
        votes = session.scalars(select(Feedback)).all()
        assert [(v.user_id, v.question, v.helpful, v.lang) for v in votes] == [
            (WEB_VISITOR, GIFT_EN, True, "en")
        ]
        expected = advisor.ask(GIFT_EN)
        assert votes[0].answer == expected.text and votes[0].citations == expected.to_dict()["citations"]
    check_page(page, "try-voted", width)


def test_ask_an_advisor_says_how_and_opens_a_case_when_signed_in(
    page: Chromium, live: LiveServer, runtime: Runtime, advisor: Advisor, bot_settings: Settings, width: str
) -> None:
    switch_to(page, "fr")
    assert ask(page, GIFT_FR) == "answered"
    page.evaluate("document.getElementById('advisor').click()")
    how = page.wait_for("document.getElementById('action-msg').textContent.includes('/ses')")
    assert how and "/ses console" in page.evaluate("document.getElementById('action-msg').textContent")
    with runtime.db.session() as session:
        assert session.scalars(select(Case)).all() == []
    cookie = signed_in(runtime, bot_settings, "UALICE01")
    page.send("Network.enable")
    page.send("Network.setCookie", name=auth.SESSION_COOKIE, value=cookie, url=live.url, httpOnly=True)
    page.send("Page.reload")
    settle(page, "!!document.getElementById('question')")
    assert ask(page, GIFT_FR) == "answered"
    page.evaluate("document.getElementById('advisor').click()")
    page.wait_for("document.querySelector('#action-msg a') !== null")
    ref = page.evaluate("document.querySelector('#action-msg a').href.split('/').pop()")
    assert "est transmise aux conseillers" in page.evaluate(
        "document.getElementById('action-msg').textContent"
    )
    with runtime.db.session() as session:
        view = queries.get_case(session, ref=ref, viewer_id="UALICE01")
        assert view.case.requester_id == "UALICE01" and view.source_question == GIFT_FR
        expected = advisor.ask(GIFT_FR)
        assert view.source_answer == expected.text and expected.citations
        assert view.source_citations == expected.to_dict()["citations"]
        assert GIFT_FR in view.body
    check_page(page, "try-advisor", width)


def test_ask_an_advisor_refuses_a_write_without_the_sessions_csrf_token(
    live: LiveServer, runtime: Runtime, bot_settings: Settings
) -> None:
    cookie = signed_in(runtime, bot_settings, "UALICE01")
    body = json.dumps({"question": GIFT_EN, "locale": "en"})
    refused = httpx.post(
        f"{live.url}/api/v1/ask/advisor",
        content=body,
        headers={"Content-Type": "application/json", "Cookie": f"{auth.SESSION_COOKIE}={cookie}"},
    )
    assert refused.status_code == 403 and refused.json()["error"] == "csrf"
    with runtime.db.session() as session:
        assert session.scalars(select(Case)).all() == []


def test_a_text_not_held_is_named_once_without_citations(page: Chromium) -> None:
    switch_to(page, "fr")
    assert (
        ask(page, "Selon le Code d'éthique de la Ville de Laval, puis-je accepter un repas ?") == "answered"
    )
    text = shown(page)
    assert text.count("Code d'éthique de la Ville de Laval") == 1
    assert page.evaluate("document.querySelectorAll('#answer a').length") == 0


def test_a_bad_question_is_explained_in_the_pages_language(page: Chromium) -> None:
    switch_to(page, "en")
    assert ask(page, "🙂 🙂 🙂") == "error"
    assert "English or French" in shown(page)
    assert page.evaluate("document.getElementById('answer').lang") == "en"


def test_an_answer_in_parts_shows_each_part_with_its_kind_and_pinpoint(
    page: Chromium, advisor: Advisor, width: str
) -> None:
    """The shape `ses ask --json` gains with #13 (`parts`), served to the page: the answer's own when
    the engine gives it, else built from its citations in that documented shape."""
    answer = advisor.ask(DEADLINE_FR).to_dict()
    parts = answer.get("parts") or [
        {**{k: c[k] for k in ("doc", "section", "quote", "url")}, "kind": kind, "pinpoint": c["citation"]}
        for c, kind in zip(answer["citations"], ("rule", "deadline", "see_also"), strict=False)
    ]
    body = json.dumps({**answer, "parts": parts}).encode()
    switch_to(page, "en")  # a French answer on the English page: its labels in French
    page.send("Fetch.enable", patterns=[{"urlPattern": "*/api/v1/ask"}])
    type_question(page, DEADLINE_FR)
    press_enter_on_ask(page)
    paused = page.next_event("Fetch.requestPaused")
    page.send(
        "Fetch.fulfillRequest",
        requestId=paused["requestId"],
        responseCode=200,
        responseHeaders=[{"name": "Content-Type", "value": "application/json"}],
        body=base64.b64encode(body).decode(),
    )
    page.wait_for(f"{RESULT_STATE} === 'answered'")
    page.send("Fetch.disable")
    items = page.evaluate(
        "Array.from(document.querySelectorAll('#answer .parts li')).map(li => ({kind: li.querySelector('.kind')"
        ".textContent, quote: (li.querySelector('blockquote') || {}).textContent, cite: li.querySelector('a')"
        ".textContent, href: li.querySelector('a').href}))"
    )
    kinds = {"rule": "Règle", "deadline": "Délai", "see_also": "Voir aussi", "condition": "Condition"}
    assert [i["kind"] for i in items] == [kinds.get(p["kind"], p["kind"]) for p in parts]
    titles = {c["doc"]: c["citation"].rsplit(", ", 1)[0] for c in answer["citations"]}
    assert [(i["quote"], i["cite"], i["href"]) for i in items] == [
        (p["quote"], f"{titles[p['doc']]}, {p['pinpoint']}", p["url"]) for p in parts
    ]  # each pinpoint named with its text: "Loi sur les conflits d'intérêts, art. 23"
    text = page.evaluate("document.body.innerText")
    assert all(text.count(p["quote"]) == 1 for p in parts)
    assert text.count("version officielle") == 1 and "Textes cités" not in text
    assert page.evaluate("document.getElementById('answer').lang") == "fr"
    check_page(page, "try-parts", width)


def test_votes_count_in_the_allowance_of_the_address_like_questions(
    live: LiveServer, runtime: Runtime, bot_settings: Settings
) -> None:
    """A vote is a row in the database: a flood of them is refused like a flood of questions."""
    limit = bot_settings.web_ask_rate_per_minute
    asked = httpx.post(f"{live.url}/api/v1/ask", json={"question": GIFT_EN})
    assert asked.status_code == 200
    statuses = [
        httpx.post(
            f"{live.url}/api/v1/ask/feedback", json={"question": GIFT_EN, "helpful": False}
        ).status_code
        for _ in range(limit)
    ]
    assert statuses == [201] * (limit - 1) + [429]
    with runtime.db.session() as session:
        assert len(session.scalars(select(Feedback)).all()) == limit - 1
