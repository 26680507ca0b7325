"""register_listeners(app, runtime): every kind of listener, and the runtime made injectable.

Listeners are plain functions; bolt hands them what they name (`ack`, `body`, `client`,
`context`, ...). The middleware below adds `runtime` to every request's context, so a listener
that names a `runtime` parameter receives it the same way — no globals, nothing patched in tests.
One kind per folder (events, commands, actions, views = modal submissions); only a kind's
`__init__` imports its listeners, and no listener imports another (shared work is in bot/flows).
"""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App, BoltContext

from bot.runtime import Runtime
from bot.slack.listeners import actions, commands, events, views
from bot.slack.listeners.errors import on_error

__all__ = ["register_listeners"]


def register_listeners(app: App, runtime: Runtime) -> None:
    def inject_runtime(context: BoltContext, next: Callable[[], None]) -> None:  # noqa: A002 — bolt's name
        context["runtime"] = runtime
        next()

    app.use(inject_runtime)
    app.error(on_error)
    for kind in (events, commands, actions, views):
        kind.register(app, runtime)
