"""Per-user limits: questions per minute and console sign-in links per hour, counted in the database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from bench import fake_slack as fs
from bot.flows import limits
from bot.runtime import Runtime
from bot.settings import Settings
from cases.services.people import ensure_person
from knowledge import Advisor
from tests.bot.conftest import SlackSender

QUESTION = "Puis-je accepter un cadeau d'un lobbyiste ?"


def test_a_user_past_the_limit_is_told_when_to_ask_again_and_others_are_not_affected(
    bot_settings: Settings,
    advisor: Advisor,
    fake_slack: fs.FakeSlack,
    serve: Callable[[Settings, Runtime | None], SlackSender],
) -> None:
    settings = bot_settings.model_copy(update={"ask_rate_per_minute": 2})
    runtime = Runtime(settings, advisor=advisor)
    slack = serve(settings, runtime)
    try:
        fake_slack.locales["UBOB0001"] = "en-US"
        for _ in range(3):
            slack.event(fs.mention(QUESTION, user="UBOB0001"))
        slack.event(fs.mention(QUESTION, user="UCAROL01"))
        posts = fake_slack.wait_for("chat.postMessage", 4, timeout=30)
        slack.wait_handled()
        texts = [str(p.params.get("text", "")) for p in fake_slack.calls_to("chat.postMessage")]
        refused = [text for text in texts if "limit of 2 questions per minute" in text]
        assert len(posts) == len(texts) == 4
        assert len(refused) == 1, texts
    finally:
        runtime.close()


def test_the_refusal_says_how_long_to_wait_in_the_users_language(bot_settings: Settings) -> None:
    runtime = Runtime(bot_settings.model_copy(update={"console_link_rate_per_hour": 1}))
    now = datetime(2026, 11, 26, 12, 20, tzinfo=UTC)
    try:
        assert limits.check(runtime, limits.CONSOLE_LINK, "UDAVE001", now=now) is None
        refusal = limits.check(runtime, limits.CONSOLE_LINK, "UDAVE001", now=now)
        assert refusal is not None and refusal.retry_after == 40 * 60
        assert "Réessayez dans 40 min" in refusal.message("fr")
        assert "try again in 40 min" in refusal.message("en")
    finally:
        runtime.close()


def test_a_limit_of_zero_turns_it_off(bot_settings: Settings) -> None:
    runtime = Runtime(bot_settings.model_copy(update={"ask_rate_per_minute": 0}))
    try:
        assert all(limits.check(runtime, limits.ASK, "UEVE0001") is None for _ in range(50))
    finally:
        runtime.close()


def test_ses_console_sends_a_registered_person_a_sign_in_link_within_the_hourly_limit(
    bot_settings: Settings,
    advisor: Advisor,
    fake_slack: fs.FakeSlack,
    serve: Callable[[Settings, Runtime | None], SlackSender],
) -> None:
    settings = bot_settings.model_copy(update={"console_link_rate_per_hour": 2})
    runtime = Runtime(settings, advisor=advisor)
    slack = serve(settings, runtime)
    try:
        with runtime.db.session() as session:
            ensure_person(session, user_id="UALICE01")
        for name in ("l1", "l2", "l3"):
            slack.command("console", response_url=fake_slack.response_url(name))
        slack.command("console", user="UNOBODY1", response_url=fake_slack.response_url("l4"))
        replies = {c.params["_url"]: c.params["text"] for c in fake_slack.wait_for("response_url", 4)}
        mine = [replies[name] for name in ("l1", "l2", "l3")]  # handled concurrently: any order
        assert sum("en message direct" in text for text in mine) == 2
        assert sum("2 liens de connexion" in text for text in mine) == 1
        assert "pas accès à la console" in replies["l4"]
        dms = fake_slack.wait_for("chat.postMessage", 2)
        assert {c.params["channel"] for c in dms} == {"DALICE01"}, "links go by DM, to the asker only"
        links = {c.params["text"] for c in dms if "/console/login?token=" in c.params["text"]}
        assert len(links) == 2, "two distinct single-use links"
        assert not any("token=" in text for text in replies.values()), "never in the channel"
    finally:
        runtime.close()
