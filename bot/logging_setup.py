"""Logging is configured once, here: stderr, plus SES_LOG_FILE when it is set.

Whatever the level, no log line carries a Slack message body: slack_sdk logs each request and
response whole at DEBUG (the question, an answer, a confidential notice), and bolt a request it
cannot route at INFO. `WithholdPayloads` keeps the fact and drops the payload, on every handler
installed here and on the loggers the Slack clients are given (bot/slack/app.py).
"""

from __future__ import annotations

import logging
import re

from bot.settings import Settings

_NOISY = ("bm25s", "faiss", "sentence_transformers", "httpx", "urllib3")
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


# What slack_sdk and bolt print before a payload: "body: …", "body_params: …", "json_body: …",
# "(message: {…})", "payload: …".
_PAYLOAD = re.compile(r"(?:\b(?:json_)?body(?:_params)?|\bpayload|\bmessage)\s*[:=]", re.IGNORECASE)


class WithholdPayloads(logging.Filter):
    """A record that would print a Slack payload keeps its first words only: "Sending a request
    (payload withheld)"."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        found = _PAYLOAD.search(message)
        if found is not None:
            head = re.split(r" - |\(|:", message[: found.start()], maxsplit=1)[0].strip(" ,(")
            record.msg = f"{head} (payload withheld)"
            record.args = ()
        return True


def withholding_payloads(name: str) -> logging.Logger:
    """The logger `name`, never printing a Slack payload: its records are rewritten where they are
    made, whichever handlers (a test's capture included) read them. For the Slack clients' loggers."""
    logger = logging.getLogger(name)
    if not any(isinstance(f, WithholdPayloads) for f in logger.filters):
        logger.addFilter(WithholdPayloads())
    return logger


def configure_logging(settings: Settings) -> None:
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    if settings.log_file is not None:
        settings.log_file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(settings.log_file, encoding="utf-8"))
    for handler in handlers:
        handler.addFilter(WithholdPayloads())
    logging.basicConfig(level=settings.log_level.upper(), format=_FORMAT, handlers=handlers, force=True)
    for noisy in _NOISY:
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))
