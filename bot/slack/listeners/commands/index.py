"""`/ses index <file link>`: a file already shared in Slack, added to the index like one sent by DM.

The link is Slack's permalink to the file (…/files/U…/F…/name.pdf) or its bare `F…` id; progress and
the result go to a direct message, since a slash command's own answers are ephemeral and short-lived.
"""

from __future__ import annotations

from slack_sdk import WebClient

from bot.flows.indexing import start_upload
from bot.i18n import t
from bot.runtime import Runtime
from bot.slack import replies
from bot.slack.files import file_id_from
from bot.slack.requests import Upload

INDEX_WORDS = frozenset({"index"})


def index_file(
    client: WebClient, runtime: Runtime, *, user: str, link: str, response_url: str | None
) -> None:
    file_id = file_id_from(link)
    if file_id is None:
        if response_url:
            replies.respond(response_url, text=t("index.usage", runtime.locales.get(client, user)))
        return
    start_upload(runtime, client, Upload(user_id=user, file_ids=(file_id,), response_url=response_url))
