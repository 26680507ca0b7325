"""A question's life after the ack: 👀, a worker (or "busy, retrying"), the answer, the log, 👀 off.

Listeners call `dispatch` and return; everything slow happens on the runtime's workers. Whatever
goes wrong, the user gets a message in their language and the 👀 is cleared — a leftover 👀
reads as "still working on it" forever.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from slack_sdk import WebClient

from bot.flows import limits
from bot.flows.indexing import may_index
from bot.i18n import t
from bot.runtime import Runtime
from bot.slack import replies
from bot.slack.blocks.answer import answer_blocks, answer_fallback, notice_blocks
from bot.slack.blocks.ids import AnswerRef
from bot.slack.requests import Question, note_unanswered
from cases.services.feedback import record_feedback
from cases.services.questions import log_question
from knowledge.errors import InvalidQuestion, KnowledgeError

if TYPE_CHECKING:
    from knowledge import Answer

__all__ = ["answer_event", "answer_question", "case_details", "dispatch", "error_text", "record_question"]

logger = logging.getLogger(__name__)


def answer_event(
    runtime: Runtime,
    client: WebClient,
    body: Mapping[str, Any],
    bot_user_id: str | None,
    read: Callable[..., Question | None],
) -> None:
    """The question `read` (`question_from_mention`, `question_from_message`) finds in an event,
    dispatched; an event that carries none is noted and left."""
    claim, thread_question = runtime.claims.claim, runtime.answers.thread_question
    question = read(body, bot_user_id=bot_user_id, claim=claim, thread_question=thread_question)
    if question is None:
        note_unanswered(body)
    else:
        dispatch(runtime, client, question)


def dispatch(runtime: Runtime, client: WebClient, question: Question) -> None:
    """Queue the question; when the pool is full, say so once and keep retrying in the background.

    A user past their questions-per-minute limit is told when to ask again, and nothing is queued.
    """
    slack = question.slack
    refusal = limits.check(runtime, limits.ASK, slack.user_id)
    if refusal is not None:
        _deliver_text(runtime, client, question, refusal.message(runtime.locales.get(client, slack.user_id)))
        runtime.claims.mark_answered(slack.event_id)
        return
    if slack.ts:
        replies.add_reaction(client, channel=slack.channel, ts=slack.ts)
    runtime.inbox.hand_off(slack.event_id)  # its inbox entry stays open until the answer is out
    job = partial(answer_question, runtime, client, question)
    if runtime.work.submit(job):
        return
    logger.warning("worker pool full (%d pending): question queued for retry", runtime.work.pending)
    locale = runtime.locales.get(client, slack.user_id)
    _deliver_text(runtime, client, question, t("busy", locale))
    runtime.work.retry_later(job, give_up=partial(_give_up, runtime, client, question))


def answer_question(runtime: Runtime, client: WebClient, question: Question) -> None:
    """Runs on a worker: ask, post the answer where the question came from, log it."""
    slack = question.slack
    started = time.perf_counter()
    try:
        locale = runtime.locales.get(client, slack.user_id)
        try:
            answer = runtime.answers.ask(question.text, question.context)
        except KnowledgeError as exc:
            logger.info("question not answered: %s", exc.code)
            _deliver_text(runtime, client, question, error_text(exc, locale))
            runtime.claims.mark_answered(slack.event_id)
            return
        except Exception:
            logger.exception("answering failed")
            _deliver_text(runtime, client, question, t("error.generic", locale))
            runtime.claims.mark_answered(slack.event_id)
            return
        ref = AnswerRef(question.text, question.context, record_question(runtime, question, answer))
        can_index = (
            answer.reason == "not_held" and not answer.named_office and _may_index(runtime, slack.user_id)
        )
        command = slack.origin == "command"  # a private answer the asker may post to the channel
        blocks = answer_blocks(answer, locale, ref=ref, post_to_channel=command, can_index=can_index)
        _deliver(runtime, client, question, blocks, answer_fallback(answer))
        runtime.claims.mark_answered(slack.event_id)
        logger.info(
            "answered %s in %s: lang=%s citations=%d abstained=%s refused=%s follow_up=%s %.0f ms",
            slack.origin,
            slack.channel,
            answer.lang,
            len(answer.citations),
            answer.abstained,
            answer.refused,
            question.context is not None,
            (time.perf_counter() - started) * 1000,
        )
    finally:
        if slack.ts:
            replies.remove_reaction(client, channel=slack.channel, ts=slack.ts)


def _may_index(runtime: Runtime, user: str) -> bool:
    """Whether to tell the asker how to index a missing text; a database hiccup only drops the hint."""
    try:
        return may_index(runtime, user)
    except Exception:
        logger.exception("role lookup failed")
        return False


def record_question(runtime: Runtime, question: Question, answer: Answer) -> int | None:
    """The question log — what advisors review, how follow-ups find their thread — and its id.

    Logged before posting, so a follow-up typed the instant the answer appears finds its thread.
    """

    data = answer.to_dict()
    slack = question.slack
    try:
        with runtime.db.session() as session:
            entry = log_question(
                session,
                user_id=slack.user_id,
                channel=slack.channel,
                thread_ts=slack.thread_ts,
                question=question.text,
                lang=answer.lang,
                answer=answer.text,
                citations=data["citations"],
                abstained=answer.abstained,
                refused=answer.refused,
            )
            return int(entry.id)
    except Exception:
        logger.exception("question log failed")
        return None


def record_vote(runtime: Runtime, user_id: str, answer: Answer, helpful: bool) -> None:
    """👍 / 👎 on `answer`, kept with the answer itself (Slack's buttons and the try-it page)."""
    with runtime.db.session() as session:
        record_feedback(
            session,
            user_id=user_id,
            question=answer.question,
            answer=answer.text,
            citations=answer.to_dict()["citations"],
            helpful=helpful,
            lang=answer.lang,
        )


def case_details(question: str, answer: Answer | None, locale: str) -> str:
    """The text of a case opened from an answer ("Ask an advisor"): the question, then the bot's answer."""
    if answer is None:
        return question
    return f"{question}\n\n{t('case.bot_answer', locale)}\n{answer.text}"


def error_text(exc: KnowledgeError, locale: str) -> str:
    """A KnowledgeError as the user reads it: invalid questions get advice, index problems a reason."""
    if isinstance(exc, InvalidQuestion):
        if exc.code == "empty":
            return t("invalid.empty", locale, example=t("example", locale))
        if exc.code == "too_long":
            return t("invalid.too_long", locale, limit=exc.limit or "")
        if exc.code == "no_words":
            return t("invalid.no_words", locale)
    key = f"error.{exc.code}"
    try:
        return t(key, locale)
    except KeyError:
        return t("error.generic", locale)


def _deliver_text(runtime: Runtime, client: WebClient, question: Question, text: str) -> None:
    _deliver(runtime, client, question, notice_blocks(text), text)


def _deliver(
    runtime: Runtime, client: WebClient, question: Question, blocks: replies.Blocks, text: str
) -> None:
    """Posted where the question came from: a command's response URL (else a message only the asker
    sees), a mention's or a message's thread."""
    slack = question.slack
    if slack.origin == "command" and slack.response_url:
        replies.respond(slack.response_url, blocks=blocks, text=text)
    elif slack.origin == "command":
        replies.post_ephemeral(
            client, runtime.pacer, channel=slack.channel, user=slack.user_id, blocks=blocks, text=text
        )
    else:
        replies.post_in_thread(
            client, runtime.pacer, channel=slack.channel, thread_ts=slack.thread_ts, blocks=blocks, text=text
        )


def _give_up(runtime: Runtime, client: WebClient, question: Question) -> None:
    slack = question.slack
    logger.warning("question dropped after retries: pool still full")
    _deliver_text(runtime, client, question, t("gave_up", runtime.locales.get(client, slack.user_id)))
    runtime.claims.mark_answered(slack.event_id)
    if slack.ts:
        replies.remove_reaction(client, channel=slack.channel, ts=slack.ts)
