"""`/ses console`: a single-use sign-in link to the web console, by DM to the person asking.

The link is issued like `ses console-link` (cases.console.auth, stored hashed in the database, so
any worker or replica redeems it once). Links per person per hour are limited (bot/flows/limits.py).
"""

from __future__ import annotations

from slack_sdk import WebClient

from bot.flows import limits
from bot.i18n import t
from bot.runtime import Runtime
from bot.runtime.console import console_config
from bot.slack import replies
from cases.console import issue_login_link
from cases.errors import NotFound

__all__ = ["send_console_link", "sign_in_link"]


def send_console_link(
    client: WebClient, runtime: Runtime, *, user: str, channel: str, response_url: str | None
) -> None:
    """The link goes by DM; a refusal (no access, too many links), or the pointer to the DM, is
    answered where the command was typed, to the asker alone."""
    locale = runtime.locales.get(client, user)
    issued, text = _issue_link(runtime, user, locale)
    if issued:
        sent = replies.send_dm(client, runtime.pacer, user=user, blocks=[], text=text)
        text = t("console.link_sent", locale) if sent else t("error.generic", locale)
    if response_url:
        replies.respond(response_url, text=text)
    else:
        replies.post_ephemeral(client, runtime.pacer, channel=channel, user=user, blocks=[], text=text)


def _issue_link(runtime: Runtime, user: str, locale: str) -> tuple[bool, str]:
    """(True, the message carrying a new link) or (False, why there is none)."""
    refusal = limits.check(runtime, limits.CONSOLE_LINK, user)
    if refusal is not None:
        return False, refusal.message(locale)
    try:
        minutes, url = sign_in_link(runtime, user)
    except NotFound:
        return False, t("console.not_registered", locale)
    return True, t("console.link", locale, minutes=minutes, url=url)


def sign_in_link(runtime: Runtime, user: str) -> tuple[int, str]:
    """(minutes it stays valid, a new single-use sign-in link for `user`); NotFound if unknown."""
    config = console_config(runtime.settings)
    with runtime.db.session() as session:
        url = issue_login_link(session, user_id=user, config=config)
    return int(config.link_ttl.total_seconds() // 60), url
