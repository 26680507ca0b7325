"""`/ses <question>` and its words: dossier/case, confidentiel, console, index."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.flows.answering import dispatch
from bot.flows.console_link import send_console_link
from bot.flows.indexing import index_file
from bot.flows.modals import open_case_modal, open_confidential_modal
from bot.i18n import t
from bot.runtime import Runtime
from bot.slack import replies
from bot.slack.events import INBOX_KEY
from bot.slack.requests import question_from_command

CASE_WORDS = frozenset({"dossier", "case"})
CONFIDENTIAL_WORDS = frozenset({"confidentiel", "confidentielle", "confidential"})
CONSOLE_WORDS = frozenset({"console"})
INDEX_WORDS = frozenset({"index"})


def ses_command(
    ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, runtime: Runtime
) -> None:
    """`/ses <question>`: ack at once, answer privately (with a button to post it to the channel).

    `/ses dossier [subject]` / `/ses case [subject]` open the case modal instead, and
    `/ses confidentiel` / `/ses confidential` the confidential one (nothing posted in the channel).
    `/ses console` sends a single-use sign-in link to the web console, privately, and
    `/ses index <file link>` adds a file shared in Slack to the index (indexers only).
    """
    ack()
    word, _, rest = (body.get("text") or "").strip().partition(" ")
    user, response_url = body["user_id"], body.get("response_url")
    if word.lower() in CONFIDENTIAL_WORDS:
        trigger = body["trigger_id"]
        open_confidential_modal(client, runtime, trigger_id=trigger, user=user, response_url=response_url)
        return
    if word.lower() in CONSOLE_WORDS and not rest.strip():
        send_console_link(client, runtime, user=user, channel=body["channel_id"], response_url=response_url)
        return
    if word.lower() in INDEX_WORDS:
        index_file(client, runtime, user=user, link=rest.strip(), response_url=response_url)
        return
    if word.lower() in CASE_WORDS:
        locale = runtime.locales.get(client, user)
        open_case_modal(client, body["trigger_id"], locale, subject=rest.strip(), details="", log_id=None)
        return
    question = question_from_command(body, request_key=context.get(INBOX_KEY))
    if question is not None:
        dispatch(runtime, client, question)
        return
    locale = runtime.locales.get(client, user)
    help_text = t("command.help", locale, example=t("example", locale))
    if response_url:
        replies.respond(response_url, text=help_text)
    else:
        replies.post_ephemeral(
            client, runtime.pacer, channel=body["channel_id"], user=user, blocks=[], text=help_text
        )
