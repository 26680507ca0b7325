"""manifest.yml matches the code: every event and command the app handles, and only the scopes it uses."""

from __future__ import annotations

import yaml

from bot.settings import REPO_ROOT
from bot.slack.listeners.commands import COMMAND


def test_the_manifest_subscribes_to_what_the_listeners_handle() -> None:
    manifest = yaml.safe_load((REPO_ROOT / "manifest.yml").read_text(encoding="utf-8"))
    settings = manifest["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "app_mention",
        "app_home_opened",
        "message.channels",
        "message.groups",
        "message.im",
    }
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == [COMMAND]
    assert settings["interactivity"]["is_enabled"] and settings["socket_mode_enabled"]
    assert manifest["features"]["app_home"]["home_tab_enabled"]
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {
        "app_mentions:read",
        "channels:history",
        "groups:history",
        "im:history",
        "im:write",
        "chat:write",
        "commands",
        "files:read",
        "reactions:write",
        "users:read",
    }
    urls = {
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
        *(c["url"] for c in manifest["features"]["slash_commands"]),
    }
    assert len(urls) == 1 and urls.pop().endswith("/slack/events"), "one endpoint for everything"
