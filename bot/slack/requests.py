"""Raw Slack payloads in, typed questions out — or None when the bot must stay silent.

This is the one place that decides what deserves an answer: messages from bots (this one
included, every other app, and Slackbot), edits and deletions, replies in threads the bot never answered, replies addressed to
someone else, and events Slack delivers a second time (same `event_id`) all come back as None.
The two look-ups that need the database are handed in, so the rules read and test as plain code.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "Origin",
    "Question",
    "SlackContext",
    "ThreadReply",
    "Upload",
    "clean_text",
    "note_unanswered",
    "question_from_command",
    "question_from_mention",
    "question_from_message",
    "thread_reply_from_dm",
    "upload_from_message",
]

logger = logging.getLogger(__name__)

Origin = Literal["mention", "dm", "thread", "command"]
ClaimEvent = Callable[[str], bool]
ThreadQuestion = Callable[[str, str], "str | None"]

_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_BROADCAST = re.compile(r"<!(?:here|channel|everyone)(?:\|[^>]*)?>")
_LINK = re.compile(r"<(https?://[^|>]+)\|([^>]+)>")
_ANGLE = re.compile(r"<([^@!#][^|>]*)>")
# Plain user messages, files with a comment, and thread replies also sent to the channel.
_ANSWERABLE_SUBTYPES = {None, "file_share", "thread_broadcast"}
SLACKBOT = "USLACKBOT"  # Slackbot's messages carry this user and no bot_id


@dataclass(frozen=True)
class SlackContext:
    """Where a question came from and where its answer goes."""

    origin: Origin
    user_id: str
    channel: str
    team_id: str | None = None
    channel_type: str | None = None
    ts: str | None = None  # the question's own message, for the 👀 reaction
    thread_ts: str | None = None  # the thread the answer goes to
    event_id: str | None = None  # a slash command's: its inbox key
    response_url: str | None = None  # slash commands: ephemeral answers go there

    @property
    def in_thread(self) -> bool:
        return self.thread_ts is not None and self.thread_ts != self.ts


@dataclass(frozen=True)
class Question:
    text: str
    slack: SlackContext
    context: str | None = None  # the thread's earlier question, for a follow-up


@dataclass(frozen=True)
class Upload:
    """Files someone asks the bot to add to the index: shared in a DM, or named by `/ses index <link>`."""

    user_id: str
    file_ids: tuple[str, ...]
    channel: str | None = None  # the DM the files came in; None for /ses index (a DM is opened)
    thread_ts: str | None = None  # where progress and the result go
    response_url: str | None = None  # /ses index: where to say that the DM has the rest
    event_id: str | None = None  # the DM's event, marked answered once the user is told


@dataclass(frozen=True)
class ThreadReply:
    """A person's reply inside a DM thread: perhaps a requester answering in their case's thread."""

    user_id: str
    channel: str
    thread_ts: str
    text: str
    event_id: str | None = None


def clean_text(text: str, bot_user_id: str | None) -> str:
    """The question as a person wrote it: our mention removed, Slack's link markup unwrapped."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    text = _LINK.sub(r"\2", text)
    text = _ANGLE.sub(r"\1", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(text.split())


def _mentions_someone_else(text: str, bot_user_id: str | None) -> bool:
    others = {user for user in _MENTION.findall(text) if user != bot_user_id}
    return bool(others) or bool(_BROADCAST.search(text))


def _from_a_bot(event: Mapping[str, Any], bot_user_id: str | None) -> bool:
    return bool(
        event.get("bot_id")
        or event.get("bot_profile")
        or event.get("subtype") == "bot_message"
        or event.get("user") in (SLACKBOT, bot_user_id)
    )


def _answerable_subtype(event: Mapping[str, Any]) -> bool:
    subtype = event.get("subtype")
    return (subtype is None or isinstance(subtype, str)) and subtype in _ANSWERABLE_SUBTYPES


def _str(value: Any) -> str:
    """A payload field as text: Slack sends strings; anything else (absent, null, a number, an object)
    counts as empty, so that a malformed payload is ignored instead of crashing its listener."""
    return value if isinstance(value, str) else ""


def _event_of(body: Mapping[str, Any]) -> Mapping[str, Any]:
    event = body.get("event")
    return event if isinstance(event, Mapping) else {}


def _thread_of(event: Mapping[str, Any]) -> str:
    return _str(event.get("thread_ts")) or _str(event["ts"])


def _previous(
    event: Mapping[str, Any], channel: str, thread_question: ThreadQuestion | None
) -> tuple[bool, str | None]:
    """(the bot answered this thread, its earlier question) for a message inside a thread."""
    thread_ts = event.get("thread_ts")
    if not thread_ts or thread_ts == event.get("ts") or thread_question is None:
        return False, None
    earlier = thread_question(channel, str(thread_ts))
    return earlier is not None, earlier


def _event_context(body: Mapping[str, Any], origin: Origin, *, user: str, channel: str) -> SlackContext:
    """Where an event's question was asked, and by whom (its `ts` already checked)."""
    event = _event_of(body)
    return SlackContext(
        origin=origin,
        user_id=user,
        channel=channel,
        team_id=_str(body.get("team_id")) or None,
        channel_type=_str(event.get("channel_type")) or None,
        ts=event["ts"],
        thread_ts=_thread_of(event),
        event_id=_str(body.get("event_id")) or None,
    )


def question_from_mention(
    body: Mapping[str, Any],
    *,
    bot_user_id: str | None,
    claim: ClaimEvent,
    thread_question: ThreadQuestion | None = None,
) -> Question | None:
    """An `app_mention` event: answered in the thread of the mention (or the thread it sits in).
    A thread reply "also sent to the channel" comes as a mention with subtype `thread_broadcast`
    (its `message` twin is left to this one); an edited mention was answered when first posted."""
    event = _event_of(body)
    if _from_a_bot(event, bot_user_id) or event.get("edited") or not _answerable_subtype(event):
        return None
    user, channel = _str(event.get("user")), _str(event.get("channel"))
    if not user or not channel or not _str(event.get("ts")):
        return None
    _, earlier = _previous(event, channel, thread_question)
    slack = _event_context(body, "mention", user=user, channel=channel)
    return _claimed(Question(clean_text(_str(event.get("text")), bot_user_id), slack, earlier), claim)


def question_from_message(
    body: Mapping[str, Any],
    *,
    bot_user_id: str | None,
    claim: ClaimEvent,
    thread_question: ThreadQuestion | None = None,
) -> Question | None:
    """A `message` event: a direct message, or a follow-up in a thread the bot has answered.

    In a channel, only thread replies can be follow-ups; a reply that mentions the bot is left to
    the `app_mention` event (Slack sends both), and one that mentions anyone else is a
    conversation between people, not a question for us.
    """
    event = _event_of(body)
    if not _answerable_subtype(event) or _from_a_bot(event, bot_user_id):
        return None
    user, channel, ts = _str(event.get("user")), _str(event.get("channel")), _str(event.get("ts"))
    if not user or not channel or not ts:
        return None
    text = _str(event.get("text"))
    is_dm = event.get("channel_type") == "im"
    in_thread = bool(event.get("thread_ts")) and event.get("thread_ts") != ts
    if is_dm:
        if in_thread and _mentions_someone_else(text, bot_user_id):
            return None
        origin: Origin = "dm"
        _, earlier = _previous(event, channel, thread_question)
    else:
        mentions_bot = bot_user_id is not None and f"<@{bot_user_id}" in text
        if not in_thread or mentions_bot or _mentions_someone_else(text, bot_user_id):
            return None
        answered, earlier = _previous(event, channel, thread_question)
        if not answered:
            return None
        origin = "thread"
    slack = _event_context(body, origin, user=user, channel=channel)
    return _claimed(Question(clean_text(text, bot_user_id), slack, earlier), claim)


def upload_from_message(
    body: Mapping[str, Any], *, bot_user_id: str | None, claim: ClaimEvent
) -> Upload | None:
    """A file shared with the bot in a direct message (with or without a comment): an upload, not a
    question. None for anything else, and for a redelivered event (the file is indexed once)."""
    event = _event_of(body)
    if event.get("subtype") != "file_share" or event.get("channel_type") != "im":
        return None
    if _from_a_bot(event, bot_user_id):
        return None
    user, channel, ts = _str(event.get("user")), _str(event.get("channel")), _str(event.get("ts"))
    listed = event.get("files")
    files = tuple(
        _str(f.get("id")) for f in (listed if isinstance(listed, list) else ()) if isinstance(f, Mapping)
    )
    if not user or not channel or not ts or not files or not all(files):
        return None
    event_id = _str(body.get("event_id"))
    if event_id and not claim(event_id):
        return None
    return Upload(
        user_id=user, file_ids=files, channel=channel, thread_ts=_thread_of(event), event_id=event_id or None
    )


def question_from_command(body: Mapping[str, Any], *, request_key: str | None = None) -> Question | None:
    """`/ses <question>`: None when there is no question (the caller shows the help). `request_key`:
    the command's inbox entry, which stays open until the answer is out (as an event's id does)."""
    text = clean_text(_str(body.get("text")), None)
    user, channel = _str(body.get("user_id")), _str(body.get("channel_id"))
    if not text or text.lower() in {"help", "aide", "?"} or not user or not channel:
        return None
    slack = SlackContext(
        origin="command",
        user_id=user,
        channel=channel,
        team_id=_str(body.get("team_id")) or None,
        response_url=_str(body.get("response_url")) or None,
        event_id=request_key,
    )
    return Question(text, slack)


def note_unanswered(body: Mapping[str, Any]) -> None:
    """Log that an event was read to the end and left unanswered: its id, type and subtype, never its
    text. INFO for a mention (addressed to the bot: worth knowing), DEBUG for other messages."""
    event = _event_of(body)
    kind, subtype = _str(event.get("type")), _str(event.get("subtype"))
    logger.log(
        logging.INFO if kind == "app_mention" else logging.DEBUG,
        "event %s left unanswered (%s%s)",
        _str(body.get("event_id")) or "without id",
        kind,
        f"/{subtype}" if subtype else "",
    )


def _claimed(question: Question, claim: ClaimEvent) -> Question | None:
    """Claim the event last, so that ignored messages never write a row."""
    event_id = question.slack.event_id
    if event_id and not claim(event_id):
        return None
    return question


def thread_reply_from_dm(body: Mapping[str, Any], *, bot_user_id: str | None) -> ThreadReply | None:
    """A person's plain message in a DM thread (not the thread's first message), else None."""
    event = _event_of(body)
    if event.get("channel_type") != "im" or event.get("subtype") or _from_a_bot(event, bot_user_id):
        return None
    user, channel, ts, thread_ts = (
        event.get("user"),
        event.get("channel"),
        event.get("ts"),
        event.get("thread_ts"),
    )
    if not all(isinstance(v, str) for v in (user, channel, ts, thread_ts, event.get("text") or "")):
        return None  # not the shape Slack sends
    text = (event.get("text") or "").strip()
    if not user or not channel or not thread_ts or thread_ts == ts or not text:
        return None
    event_id = body.get("event_id")
    return ThreadReply(str(user), str(channel), str(thread_ts), text, str(event_id) if event_id else None)
