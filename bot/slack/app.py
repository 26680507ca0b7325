"""build_app(settings, runtime) -> slack_bolt.App: the Slack app, the same over HTTP and Socket Mode.

Nothing happens at import, and building the app makes no network call (token verification is
off; bolt calls auth.test on the first request instead). Every WebClient the app makes — the
per-request ones included — uses `settings.slack_api_url` and retries rate-limited calls.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_sdk import WebClient

from bot.logging_setup import withholding_payloads
from bot.runtime import Runtime
from bot.settings import Settings
from bot.slack.listeners import register_listeners
from bot.slack.replies import retry_handlers

__all__ = ["SlackNotConfigured", "build_app", "web_client"]

LISTENER_THREADS = 16


class SlackNotConfigured(RuntimeError):
    """A Slack token is missing; the message names the variables to set."""


def web_client(settings: Settings) -> WebClient:
    """The bot's WebClient: on SLACK_API_URL, with the rate-limit retry handler."""
    if settings.slack_bot_token is None:
        raise SlackNotConfigured("SLACK_BOT_TOKEN is not set")
    base_url = (
        settings.slack_api_url if settings.slack_api_url.endswith("/") else settings.slack_api_url + "/"
    )
    return WebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=base_url,
        retry_handlers=retry_handlers(),
        logger=withholding_payloads("bot.slack.web"),
    )


def build_app(settings: Settings, runtime: Runtime, *, socket_mode: bool = False) -> App:
    """The bolt App with every listener registered.

    Over HTTP, the server checks each request's signature and timestamp (SLACK_SIGNING_SECRET)
    before it records it in the inbox (bot/slack/events.py), so bolt does not check again: an entry
    worked after a restart may be older than the signature's five minutes. Each listener runs to its
    end on the thread that dispatches (`process_before_response`), so that an inbox entry is done
    only once its listener returned — and a modal's response waits for its listener (listeners
    hand slow work, answering above all, to the runtime's workers).
    Over Socket Mode the WebSocket itself is authenticated by the app token instead, and an
    envelope is acked once its listener returned.
    """
    if not socket_mode and settings.slack_signing_secret is None:
        raise SlackNotConfigured("SLACK_SIGNING_SECRET is not set")
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    app = App(
        client=web_client(settings),
        signing_secret=secret,
        token_verification_enabled=False,
        request_verification_enabled=False,
        process_before_response=True,
        # the base logger bolt copies (level, handlers, filters) into each of its middleware loggers
        logger=withholding_payloads("bot.slack"),
        listener_executor=ThreadPoolExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="ses-listener"),
    )
    register_listeners(app, runtime)
    return app
