"""Is a signed request shaped as Slack shapes it? Checked once, before bolt and the listeners see it.

bolt and our listeners read Slack's payloads as Slack documents them: an event is an object with a
`type`, its `user`, `channel`, `ts` and `text` are strings, `authorizations` and `actions` are
lists of objects, a `view` is an object, a slash command names its user, channel and trigger.
Given anything else they raise deep inside `dispatch` or a listener. Only Slack can sign a
request, so such a body is not expected — but if one comes it is refused here with 400 and a log
line (bot/http/server.py), never a 500, nor a listener failure after the ack.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import parse_qs

from slack_bolt import BoltRequest

__all__ = ["event_request", "json_object", "malformed", "rate_limit_notice"]

_COMMAND_FIELDS = ("user_id", "channel_id", "trigger_id")
_TOP_STRINGS = (
    "type",
    "team_id",
    "api_app_id",
    "event_id",
    "enterprise_id",
    "trigger_id",
    "response_url",
    "token",
)
_TOP_OBJECTS = ("team", "user", "channel", "container", "message", "enterprise", "state")
_EVENT_STRINGS = (
    "type",
    "user",
    "channel",
    "ts",
    "thread_ts",
    "text",
    "channel_type",
    "subtype",
    "tab",
    "event_ts",
    "bot_id",
    "team",
    "user_team",
)
_EVENT_OBJECTS = ("edited", "bot_profile", "message", "previous_message", "item", "view")
_ACTION_STRINGS = ("type", "action_id", "block_id", "value", "action_ts")


def malformed(
    content_type: str | None, body: bytes, headers: Mapping[str, str | Sequence[str]]
) -> str | None:
    """Why this request is not shaped as Slack's, or None when it is (or is not JSON at all:
    bolt answers those itself)."""
    data: Any
    if content_type and "json" in content_type:
        data = _loads(body)
        if data is _UNREADABLE:
            return None
    else:
        form = parse_qs(body.decode("utf-8", errors="replace"))
        payloads = form.get("payload")
        if not payloads:
            if "command" in form:
                missing = [name for name in _COMMAND_FIELDS if not form.get(name, [""])[0]]
                return f"a command without {', '.join(missing)}" if missing else None
            return None
        data = _loads(payloads[0])
        if data is _UNREADABLE:
            return "payload is not JSON"
    checked = _checked(data, body, headers)
    return checked if isinstance(checked, str) else None


def event_request(body: bytes, headers: Mapping[str, str | Sequence[str]]) -> BoltRequest | str:
    """An Events API delivery as bolt's request, built once, or why it is not shaped as Slack's."""
    data = _loads(body)
    if data is _UNREADABLE:
        return "not JSON"
    return _checked(data, body, headers)


def json_object(body: bytes | str) -> dict[str, Any] | None:
    """The JSON object `body` holds, or None (not JSON, not an object, nested past the parser's depth)."""
    data = _loads(body)
    return data if isinstance(data, dict) else None


def rate_limit_notice(content_type: str | None, body: bytes) -> str | None:
    """For Slack's `app_rate_limited` notice (the app passed 30,000 events in an hour: the events of
    a minute were dropped), a line to log saying which team and minute; None for anything else."""
    data = json_object(body) if content_type and "json" in content_type else None
    if data is None or data.get("type") != "app_rate_limited":
        return None
    team, minute = data.get("team_id"), data.get("minute_rate_limited")
    return (
        f"Slack dropped this app's events for team {team if isinstance(team, str) else '?'} "
        f"in the minute starting at {minute if isinstance(minute, int) else '?'} (app_rate_limited)"
    )


_UNREADABLE = object()


def _loads(text: bytes | str) -> Any:
    """Parsed JSON, or _UNREADABLE: malformed, or nested so deep the parser gives up (RecursionError)."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return _UNREADABLE


def _checked(data: Any, body: bytes, headers: Mapping[str, str | Sequence[str]]) -> BoltRequest | str:
    if not isinstance(data, dict):
        return "not a JSON object"
    problem = _problem(data)
    if problem is not None:
        return problem
    try:
        return BoltRequest(body=body.decode("utf-8"), headers=dict(headers.items()))
    except Exception as exc:  # bolt reads ids from many places; any failure means it cannot route this
        return f"unreadable ({type(exc).__name__})"


def _problem(data: dict[str, Any]) -> str | None:
    event_callback = data.get("type") == "event_callback"
    problem = (
        _fields(data, _TOP_STRINGS, str, "a string")
        or _fields(data, () if event_callback else _TOP_OBJECTS, dict, "an object")
        or _list_of_objects(data, "authorizations")
        or _list_of_objects(data, "actions")
    )
    if problem is not None:
        return problem
    if "view" in data and not isinstance(data["view"], dict):
        return "view is not an object"  # bolt reads it even to log an unhandled request
    for action in data.get("actions") or ():
        problem = _fields(action, _ACTION_STRINGS, str, "a string") or (
            None if isinstance(action.get("action_id"), str) else "action_id is missing"  # bolt routes by it
        )
        if problem is not None:
            return f"action: {problem}"
    if event_callback:
        event = data.get("event")
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            return "no event object with a type"
        problem = _fields(event, _EVENT_STRINGS, str, "a string") or _fields(
            event, _EVENT_OBJECTS, dict, "an object"
        )
        if problem is not None:
            return f"event: {problem}"
    return None


def _fields(data: dict[str, Any], names: tuple[str, ...], kind: type, what: str) -> str | None:
    """The first of `names` present, not null, and not of `kind`."""
    for name in names:
        value = data.get(name)
        if value is not None and not isinstance(value, kind):
            return f"{name} is not {what}"
    return None


def _list_of_objects(data: dict[str, Any], name: str) -> str | None:
    value = data.get(name)
    if value is None or (isinstance(value, list) and all(isinstance(item, dict) for item in value)):
        return None
    return f"{name} is not a list of objects"
