"""The bilingual try-it page at `/`, driven in headless Chromium as a newcomer would use it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge import Advisor
from tests.bot.chromium import Chromium, require_chromium
from tests.bot.live_server import LiveServer

pytestmark = pytest.mark.browser


@pytest.fixture
def page(live: LiveServer) -> Iterator[Chromium]:
    browser = Chromium(require_chromium(), f"{live.url}/")
    browser.wait_for("document.readyState === 'complete' && !!document.getElementById('question')")
    yield browser
    browser.close()


def ask(page: Chromium, question: str) -> str:
    page.evaluate("document.getElementById('question').focus()")
    page.send("Input.insertText", text=question)
    page.evaluate("document.getElementById('ask').click()")
    return str(
        page.wait_for(
            "['answered', 'error'].includes(document.getElementById('result').dataset.state) "
            "&& document.getElementById('result').dataset.state"
        )
    )


def test_a_question_typed_in_the_page_shows_the_answer_and_its_citations(
    page: Chromium, advisor: Advisor, tmp_path: Path
) -> None:
    question = "Puis-je accepter un cadeau d'un lobbyiste ?"
    assert ask(page, question) == "answered"
    expected = advisor.ask(question)
    shown = page.evaluate("document.getElementById('answer-text').textContent")
    assert shown == expected.text
    citations = page.evaluate(
        "Array.from(document.querySelectorAll('#citations li')).map(li => "
        "({title: li.querySelector('strong').textContent, href: li.querySelector('a') && li.querySelector('a').href}))"
    )
    assert [c["title"] for c in citations] == [c.citation for c in expected.citations]
    assert [c["href"] for c in citations] == [c.url for c in expected.citations]
    page.screenshot(tmp_path / "try-it.png")
    assert (tmp_path / "try-it.png").stat().st_size > 10_000


def test_the_page_switches_to_english_and_explains_a_bad_question(page: Chromium) -> None:
    if page.evaluate("document.documentElement.lang") == "fr":
        page.evaluate("document.getElementById('lang').click()")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.evaluate("document.getElementById('ask').textContent") == "Ask"
    assert ask(page, "🙂 🙂 🙂") == "error"
    message = page.evaluate("document.getElementById('answer-text').textContent")
    assert "English or French" in message
    assert "Traceback" not in json.dumps(message)


def test_a_text_not_held_is_named_in_the_note_without_citations(page: Chromium, tmp_path: Path) -> None:
    if page.evaluate("document.documentElement.lang") == "en":
        page.evaluate("document.getElementById('lang').click()")
    assert (
        ask(page, "Selon le Code d'éthique de la Ville de Laval, puis-je accepter un repas ?") == "answered"
    )
    note = page.evaluate("document.getElementById('note').textContent")
    assert (
        note
        == "Absent des textes indexés : « Code d'éthique de la Ville de Laval ». Un conseiller du Secrétariat peut vous aider."
    )
    assert page.evaluate("document.querySelectorAll('#citations li').length") == 0
    page.screenshot(tmp_path / "not-held.png")
