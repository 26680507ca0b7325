from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.runtime import Runtime
from bot.slack import replies
from bot.slack.blocks.home import CaseLine, IndexListing, home_view
from cases import policy
from cases.services import queries
from cases.services.people import find_person
from indexer import versions
from knowledge.store import DocumentInfo

logger = logging.getLogger(__name__)


def app_home_opened(event: dict[str, Any], context: BoltContext, client: WebClient, runtime: Runtime) -> None:
    """Publish the Home tab each time it opens, so the corpus list and recent questions stay current."""
    if event.get("tab", "home") != "home":
        return
    user = event["user"]
    advisor = runtime.advisor.engine
    view = home_view(
        runtime.locales.get(client, user),
        bot_user_id=context.bot_user_id,
        info=advisor.info if advisor is not None else None,
        recent=runtime.answers.recent_questions(user),
        index=_index_for(runtime, user),
        **_cases_for(runtime, user),
    )
    replies.publish_home(client, user_id=user, view=view)


def _index_for(runtime: Runtime, user: str) -> IndexListing | None:
    """For indexers and admins, the live version read from its manifest (cheap: no index is loaded)."""

    index_dir = runtime.settings.index_dir
    try:
        with runtime.db.session() as session:
            person = find_person(session, user_id=user)
            if person is None or not policy.sees_index(person.role_names):
                return None
        live = versions.live_version(index_dir)
        if live is None:
            return None
        manifest = versions.manifest(index_dir, live)
    except Exception:
        logger.exception("index listing unavailable for the Home tab")
        return None
    documents = [DocumentInfo.from_manifest(entry) for entry in manifest.get("documents", [])]
    return IndexListing(live, str(manifest.get("built_at", "")), documents)


def _cases_for(runtime: Runtime, user: str) -> dict[str, Any]:
    """The user's open cases and, for an advisor, their queue (no confidential case in it) and, for a
    confidential advisor, only how many confidential requests wait (they are worked in the console)."""

    try:
        with runtime.db.session() as session:
            own = queries.requester_cases(session, requester_id=user, viewer_id=user)
            cases = [CaseLine(c.ref, c.subject or "", c.status, c.confidential) for c in own]
            person = find_person(session, user_id=user)
            queue, waiting = None, 0
            if person is not None:
                waiting = queries.confidential_waiting(session, advisor_id=user)
            if person is not None and policy.can_work(roles=person.role_names, confidential=False):
                work = queries.advisor_queue(session, advisor_id=user, limit=20)
                queue = [CaseLine(c.ref, c.subject, c.status, mine=c.assignee_id == user) for c in work]
    except Exception:
        logger.exception("cases unavailable for the Home tab")
        return {}
    return {"cases": cases, "queue": queue, "confidential_waiting": waiting}
