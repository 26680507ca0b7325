"""Logging is configured once, here: stderr, plus SES_LOG_FILE when it is set."""

from __future__ import annotations

import logging

from bot.settings import Settings

_NOISY = ("bm25s", "faiss", "sentence_transformers", "httpx", "urllib3")
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(settings: Settings) -> None:
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    if settings.log_file is not None:
        settings.log_file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(settings.log_file, encoding="utf-8"))
    logging.basicConfig(level=settings.log_level.upper(), format=_FORMAT, handlers=handlers, force=True)
    for noisy in _NOISY:
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))
