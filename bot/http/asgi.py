"""The ASGI factory that each HTTP worker process of `ses serve --workers N` calls.

uvicorn starts every worker as a fresh process, so the app cannot be handed over as an object:
each worker imports this module and builds its own settings, logging, runtime (with its own pool
of engine processes) and server. What the workers must agree on lives in the database and the
data directory, never in their memory.
"""

from __future__ import annotations

from fastapi import FastAPI

from bot.http.server import create_server
from bot.logging_setup import configure_logging
from bot.settings import load_settings

__all__ = ["create_app"]


def create_app() -> FastAPI:
    settings = load_settings()
    configure_logging(settings)
    return create_server(settings)
